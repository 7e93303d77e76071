//! The thread transport: the walker on one thread, N worker threads, and the collector on
//! the calling thread, all inside one `std::thread::scope`.

use std::io::{self, BufWriter, IsTerminal};
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

use crossbeam_channel::{Receiver, Sender, bounded, unbounded};

use super::collector::{Collector, Summary};
use super::window::Window;
use super::{Job, Outcome, search_job};
use crate::matcher::Matcher;
use crate::printer::Printer;
use crate::search::Searcher;
use crate::walk::Walker;

/// Haystacks per batch. Batches cut channel traffic for trees of small files; 16 is small
/// enough that the last batch of a tree leaves no worker idle for long.
const BATCH: usize = 16;

/// Batches the channel holds per worker: enough to cover a worker finishing a batch while
/// the walker is briefly slower, without letting the walker race far ahead.
const BATCHES_PER_WORKER: usize = 2;

/// Capacity of the buffered writer on stdout.
const STDOUT_BUFFER: usize = 64 * 1024;

/// Runs the whole search on threads and returns what it found.
pub fn run(walker: &Walker, matcher: &Matcher, printer: &Printer, threads: usize) -> Summary {
    let threads = threads.max(1);
    let window = Window::new();
    let cancel = AtomicBool::new(false);
    let (job_tx, job_rx) = bounded::<Vec<Job>>(threads * BATCHES_PER_WORKER);
    let (done_tx, done_rx) = unbounded::<Outcome>();
    let stdout = io::stdout();
    let line_buffered = stdout.is_terminal();

    thread::scope(|scope| {
        let (window, cancel) = (&window, &cancel);
        scope.spawn(move || feed(walker, job_tx, window, cancel));
        for _ in 0..threads {
            let (jobs, done) = (job_rx.clone(), done_tx.clone());
            scope.spawn(move || work(jobs, done, matcher, printer, cancel));
        }
        drop(job_rx);
        drop(done_tx);
        let out = BufWriter::with_capacity(STDOUT_BUFFER, stdout.lock());
        Collector::new(out, line_buffered, window, cancel).run(done_rx)
    })
}

/// The walker thread: numbers haystacks and sends them in batches, within the window.
fn feed(walker: &Walker, jobs: Sender<Vec<Job>>, window: &Window, cancel: &AtomicBool) {
    let mut seq = 0;
    let mut batch = Vec::with_capacity(BATCH);
    let send = |batch: Vec<Job>, last_seq: u64| window.admit(last_seq) && jobs.send(batch).is_ok();
    walker.run(|haystack| {
        if cancel.load(Ordering::Relaxed) {
            return false;
        }
        batch.push(Job { seq, haystack });
        seq += 1;
        if batch.len() < BATCH {
            return true;
        }
        send(
            std::mem::replace(&mut batch, Vec::with_capacity(BATCH)),
            seq - 1,
        )
    });
    if !batch.is_empty() {
        send(batch, seq - 1);
    }
}

/// A worker thread: searches jobs until the walker is done or the run is cancelled.
fn work(
    jobs: Receiver<Vec<Job>>,
    done: Sender<Outcome>,
    matcher: &Matcher,
    printer: &Printer,
    cancel: &AtomicBool,
) {
    let mut searcher = Searcher::new(matcher, printer);
    for batch in jobs {
        for job in batch {
            if cancel.load(Ordering::Relaxed) {
                return;
            }
            if done.send(search_job(&mut searcher, job)).is_err() {
                return;
            }
        }
    }
}
