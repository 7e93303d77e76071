//! `--files` on the pool: the walk's listings run on every worker, as in a search, and
//! the calling thread receives their lines in walk order. So `--files` prints exactly the
//! files a search would search, in the order its results would print, at the walk's
//! parallel speed.
//!
//! A file needs no job of its own here: the worker that lists a directory renders each
//! run of consecutive files in it into one block of lines, which the tree forwards in its
//! place ([`Entry::Ready`]). The pool's lock then sees one node per run, not per file,
//! which is what keeps the lock off the serial chain of a listing
//! (docs/ARCHITECTURE.md, "The pipeline").

use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

use crossbeam_channel::unbounded;

use super::pool::{Entry, Lister, Listing, PoolBuilder};
use super::{Exit, Jobs, Outcome, WalkDir, WalkLister};
use crate::walk::{Haystack, Walker};

/// The walk's lister, with each run of files rendered into lines as it is listed.
struct FilesLister<'w, 'r> {
    walk: WalkLister<'w>,
    render: &'r (dyn Fn(&Haystack) -> Vec<u8> + Sync),
}

impl FilesLister<'_, '_> {
    /// Folds each run of consecutive files in `entries` into one ready block of lines.
    fn render_runs(&self, entries: Vec<Entry<WalkDir>>) -> Vec<Entry<WalkDir>> {
        let mut folded = Vec::with_capacity(entries.len());
        let mut run: Option<(Vec<u8>, u64)> = None;
        for entry in entries {
            match entry {
                Entry::File(haystack) => {
                    let (bytes, files) = run.get_or_insert_with(|| (vec![], 0));
                    bytes.extend_from_slice(&(self.render)(&haystack));
                    *files += 1;
                }
                other => {
                    folded.extend(run.take().map(ready));
                    folded.push(other);
                }
            }
        }
        folded.extend(run.map(ready));
        folded
    }
}

/// A ready block of `files` rendered lines.
fn ready((output, files): (Vec<u8>, u64)) -> Entry<WalkDir> {
    Entry::Ready {
        outcome: Box::new(Outcome {
            output,
            ..Outcome::default()
        }),
        files,
    }
}

impl Lister for FilesLister<'_, '_> {
    type Dir = WalkDir;

    fn list(&self, dir: &WalkDir) -> Listing<WalkDir> {
        let listing = self.walk.list(dir);
        Listing {
            entries: self.render_runs(listing.entries),
            warnings: listing.warnings,
        }
    }
}

/// Walks with `workers` threads and hands `sink` outcomes in walk order: the bytes
/// `render` made of a run of files, or a walk error. `sink` returns false to stop.
pub fn walk_in_order(
    walker: &Walker,
    workers: usize,
    render: &(dyn Fn(&Haystack) -> Vec<u8> + Sync),
    sink: &mut dyn FnMut(Outcome) -> bool,
) {
    let workers = workers.max(1);
    let cancel = AtomicBool::new(false);
    let (tx, rx) = unbounded::<Vec<Outcome>>();
    let lister = FilesLister {
        walk: WalkLister(walker),
        render,
    };
    let roots = lister.render_runs(lister.walk.roots());
    let pool = PoolBuilder::new()
        .workers(workers)
        .build(&lister, roots, tx, &cancel);
    thread::scope(|scope| {
        for worker in 0..workers {
            let pool = &pool;
            scope.spawn(move || {
                let _exit = Exit(pool);
                // `render_runs` folds every file into a ready run, so no batch of files
                // comes here; were one to, it is rendered rather than left to hang the run.
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
