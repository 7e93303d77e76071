//! The thread transport: each worker is a thread of this process that searches jobs with
//! its own [`crate::search::Searcher`].

use std::time::Instant;

use super::stats::{WorkerStats, thread_cpu};
use super::{
    Admitted, Batch, Done, EARLY_SEND_BYTES, WorkerContext, search_guarded, search_streamed,
};

/// A worker thread: searches jobs until the walker is done or the run is cancelled.
pub fn work<'a>(jobs: Admitted<'a>, done: Done<'a>, context: WorkerContext<'a>) -> WorkerStats {
    let mut searcher = context.searcher();
    let results = Batch::install(&mut searcher, &context, done);
    let mut stats = WorkerStats::default();
    let mut idle_since = Instant::now();
    for mut batch in jobs {
        crate::walk::dirfd::hold_shared(batch.iter_mut().map(|job| &mut job.haystack));
        let busy_since = Instant::now();
        let cpu_since = context.measure_cpu.then(thread_cpu);
        stats.idle += busy_since - idle_since;
        for job in &batch {
            if context.cancelled() {
                return stats;
            }
            crate::search::chunked::pause_while_active();
            stats.beside_chunks += u64::from(crate::search::chunked::active());
            let streamed = context.streams(job);
            // The results ahead of a streamed stdin go first: its parts can print only
            // after them, and stdin may stay open for as long as its writer likes.
            if streamed && !results.is_empty() && done.send(results.take()).is_err() {
                return stats;
            }
            results.start(job);
            let outcome = if streamed {
                search_streamed(&mut searcher, &context, job, &done)
            } else {
                search_guarded(&mut searcher, &context, job)
            };
            let searched = outcome.stats.bytes_searched;
            stats.files += 1;
            stats.bytes += searched;
            results.push(outcome);
            // A file that handed on parts holds the cursor until its last outcome comes.
            let now = streamed || results.streamed() || searched > EARLY_SEND_BYTES;
            if now && done.send(results.take()).is_err() {
                return stats;
            }
        }
        if !results.is_empty() && done.send(results.take()).is_err() {
            return stats;
        }
        idle_since = Instant::now();
        stats.busy += idle_since - busy_since;
        // A batch is the unit the clock sees; its time bounds its longest file's.
        stats.longest = stats.longest.max(idle_since - busy_since);
        if let Some(cpu_since) = cpu_since {
            stats.longest_cpu = stats
                .longest_cpu
                .max(thread_cpu().saturating_sub(cpu_since));
        }
    }
    stats
}
