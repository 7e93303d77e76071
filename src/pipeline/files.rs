//! `--files` on the pool: the walk's listings run on every worker, as in a search, and
//! each file's line is rendered by the worker that takes it; the calling thread receives
//! them in walk order. So `--files` prints exactly the files a search would search, in
//! the order its results would print, at the walk's parallel speed.

use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

use crossbeam_channel::unbounded;

use super::pool::PoolBuilder;
use super::{Exit, Jobs, Outcome, WalkLister};
use crate::walk::{Haystack, Walker};

/// Walks with `workers` threads and hands `sink` one outcome per haystack, in walk order:
/// the bytes `render` made of a file, or a walk error. `sink` returns false to stop.
pub fn walk_in_order(
    walker: &Walker,
    workers: usize,
    render: &(dyn Fn(&Haystack) -> Vec<u8> + Sync),
    sink: &mut dyn FnMut(Outcome) -> bool,
) {
    let workers = workers.max(1);
    let cancel = AtomicBool::new(false);
    let (tx, rx) = unbounded::<Vec<Outcome>>();
    let lister = WalkLister(walker);
    let pool = PoolBuilder::new()
        .workers(workers)
        .build(&lister, lister.roots(), tx, &cancel);
    thread::scope(|scope| {
        for worker in 0..workers {
            let pool = &pool;
            scope.spawn(move || {
                let _exit = Exit(pool);
                while let Some(batch) = pool.next_batch(worker) {
                    let outcomes = batch
                        .into_iter()
                        .map(|job| Outcome {
                            seq: job.seq,
                            output: render(&job.haystack),
                            ..Outcome::default()
                        })
                        .collect();
                    if !Jobs::complete(pool, outcomes) {
                        return;
                    }
                }
            });
        }
        let mut received = 0;
        'receive: for batch in rx.iter() {
            received += batch.len() as u64;
            for outcome in batch {
                if !sink(outcome) {
                    cancel.store(true, Ordering::Relaxed);
                    break 'receive;
                }
            }
            pool.advance(received, 0, 0);
        }
        pool.close();
    });
}
