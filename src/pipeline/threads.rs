//! The thread transport: each worker is a thread of this process that searches jobs with
//! its own [`crate::search::Searcher`].

use std::time::Instant;

use crossbeam_channel::{Receiver, Sender};

use super::stats::WorkerStats;
use super::{Job, Outcome, WorkerContext, search_guarded};

/// A worker thread: searches jobs until the walker is done or the run is cancelled.
pub fn work(
    jobs: Receiver<Vec<Job>>,
    done: Sender<Outcome>,
    context: WorkerContext<'_>,
) -> WorkerStats {
    let mut searcher = context.searcher();
    let mut stats = WorkerStats::default();
    let mut idle_since = Instant::now();
    for batch in jobs {
        let busy_since = Instant::now();
        stats.idle += busy_since - idle_since;
        for job in &batch {
            if context.cancelled() {
                return stats;
            }
            let outcome = search_guarded(&mut searcher, &context, job);
            stats.files += 1;
            stats.bytes += outcome.stats.bytes_searched;
            if done.send(outcome).is_err() {
                return stats;
            }
        }
        idle_since = Instant::now();
        stats.busy += idle_since - busy_since;
    }
    stats
}
