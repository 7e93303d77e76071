//! The process transport: each worker is a pair of threads of the parent that drive one
//! child process of this same binary, started with the hidden `--worker` flag.
//!
//! The parent sends batches of `(seq, path)` on the child's stdin and reads the answers,
//! one OUTCOME frame per file, from its stdout ([`super::protocol`]). The child searches
//! and renders with the same code as a thread worker, so the output is byte-identical.
//!
//! Each worker has a feeder, the thread the pool gave it, which takes batches from the
//! pool (running the listings that come first), and a driver thread, which owns the
//! child. The driver asks the feeder for a batch whenever fewer than [`IN_FLIGHT`] are
//! with the child, so the child always has the next batch in its pipe when it finishes
//! one, and the feeder's wait for the pool never stops the driver from reading answers
//! that the pool may be waiting for.
//!
//! Invariants:
//! - A child answers files in the order it was sent them, and the driver hands outcomes
//!   to the pool in that order, each once.
//! - A child answers a batch in as few writes as it can, so the answers the parent has
//!   read do not say which file a dying child was searching. When a child dies, the files
//!   it had not answered are retried in a fresh child that answers file by file; the first
//!   of them that child does not answer is the one it was searching. A file that kills
//!   the child retrying it has killed two children: it is reported as an error, and the
//!   rest goes on in another fresh child. That child stays as the worker's child.
//! - Stdin and walk errors are handled in the parent; only files travel to children. Stdin
//!   is searched only once every file before it is answered, so that its streamed parts
//!   are next in order and print at once.
//! - A file whose output passes [`super::PART_BYTES`] comes in parts, each forwarded at
//!   once with the answers before it; the pool may hold the driver there, and the child's
//!   next write then waits on the pipe. A file that printed parts is never retried: a
//!   child that dies on it makes it an error, since its parts may be printed already.
//! - A run that stops kills the children at once: their answers are no longer wanted.
//! - No child outlives the parent: each child asks the kernel for SIGKILL when the thread
//!   that started it dies (`PR_SET_PDEATHSIG`), and exits on EOF on its stdin. The driver
//!   thread starts every child of its worker and reaps each in `Drop`.

mod child;
mod serve;

use std::collections::{HashMap, VecDeque};
use std::time::Instant;

use crossbeam_channel::{Receiver, Sender, TryRecvError, bounded};

use self::child::{Answer, Failure, WorkerProcess};
pub use self::serve::{FAULT_ENV, is_worker_invocation, read_setup, serve};
use super::protocol::Setup;
use super::stats::WorkerStats;
use super::{
    Admitted, Done, EARLY_SEND_BYTES, Job, Outcome, WorkerContext, search_guarded, search_streamed,
};
use crate::walk::Haystack;

/// The hidden flag that makes the binary a worker process.
pub const WORKER_FLAG: &str = "--worker";

/// How many children may die on one file before it is reported as an error.
const MAX_DEATHS_PER_FILE: u32 = 2;

/// Batches sent to a child and not yet answered, at most. Two is enough for the child
/// never to wait for the parent: while it answers one, the next is already in its pipe.
/// More would only let one worker claim files that an idle one could search.
const IN_FLIGHT: usize = 2;

/// Files a feeder gathers into one batch for its child, from as many of the pool's runs
/// as are ready, when it can without waiting. Every batch costs a round trip: two pipe
/// writes, two reads, and the wakeups of the child and of both threads of the worker. The
/// pool's runs hold a few files each on a tree of small directories (9 on average on the
/// Linux tree), so joining them cuts those costs several times over.
const BATCH_FILES: usize = 64;

/// The threads of each child's pool for huge files. The parent runs one child per core
/// (`-j`), and children cannot see each other to take turns as thread workers do
/// (`chunked::pause_while_active`), so a pool of more threads would oversubscribe the
/// cores whenever the other children are busy. A huge file is still cut into chunks, but
/// a child searches them one after the other, on one core.
pub const CHUNK_THREADS: u32 = 1;

/// A worker of process mode: feeds batches from the pool to a driver thread, which owns
/// the child process. Returns when the pool has no more work or the run stops.
pub fn drive<'a>(
    jobs: Admitted<'a>,
    done: Done<'a>,
    context: WorkerContext<'a>,
    setup: &'a Setup,
) -> WorkerStats {
    let (ask, asked) = bounded::<()>(IN_FLIGHT);
    let (give, given) = bounded::<Vec<Job>>(IN_FLIGHT);
    std::thread::scope(|scope| {
        let driver = std::thread::Builder::new()
            .name("trawl-worker-driver".into())
            .spawn_scoped(scope, move || {
                let mut driver = Driver {
                    done,
                    context,
                    setup,
                    child: None,
                    sent: VecDeque::new(),
                    local: None,
                    deaths: HashMap::new(),
                    streamed: None,
                    stats: WorkerStats::default(),
                };
                driver.run(&ask, &given);
                if let Some(child) = driver.child.as_mut()
                    && (context.cancelled() || !driver.sent.is_empty())
                {
                    child.kill();
                }
                driver.stats
            });
        let Ok(driver) = driver else {
            // No driver thread: this worker takes no batch, and the others do the work.
            return WorkerStats::default();
        };
        feed(jobs, &asked, give);
        driver.join().unwrap_or_default()
    })
}

/// Takes a batch from the pool each time the driver asks for one, until the pool has no
/// more or the driver is gone. Dropping `give` then tells the driver.
fn feed(mut jobs: Admitted<'_>, asked: &Receiver<()>, give: Sender<Vec<Job>>) {
    for () in asked {
        let Some(mut batch) = jobs.next() else {
            return;
        };
        while batch.len() < BATCH_FILES
            && let Some(more) = jobs.ready()
        {
            batch.extend(more);
        }
        if give.send(batch).is_err() {
            return;
        }
    }
}

struct Driver<'a> {
    done: Done<'a>,
    context: WorkerContext<'a>,
    setup: &'a Setup,
    child: Option<WorkerProcess>,
    /// The batches sent to the child and not yet answered, each with its files not yet
    /// answered, in the order sent.
    sent: VecDeque<VecDeque<Job>>,
    /// A searcher in the parent, for stdin, which a child cannot read.
    local: Option<crate::search::Searcher<'a>>,
    /// How many children died while searching each file.
    deaths: HashMap<u64, u32>,
    /// The file whose parts were forwarded last: if the child dies on it, it is not
    /// retried (see [`Driver::give_up_streamed`]).
    streamed: Option<u64>,
    stats: WorkerStats,
}

impl Driver<'_> {
    /// Keeps [`IN_FLIGHT`] batches with the child while there are any, and forwards the
    /// answers, until the feeder has no more and every batch is answered, or the run stops.
    fn run(&mut self, ask: &Sender<()>, given: &Receiver<Vec<Job>>) {
        let (mut asked, mut closed) = (0, false);
        loop {
            if self.context.cancelled() {
                return;
            }
            while !closed && self.sent.len() + asked < IN_FLIGHT {
                match ask.send(()) {
                    Ok(()) => asked += 1,
                    Err(_) => closed = true,
                }
            }
            if asked > 0 {
                let next = if self.sent.is_empty() {
                    let waiting = Instant::now();
                    let next = given.recv().map_err(|_| TryRecvError::Disconnected);
                    self.stats.idle += waiting.elapsed();
                    next
                } else {
                    given.try_recv()
                };
                match next {
                    Ok(batch) => {
                        asked -= 1;
                        if !self.admit(batch) {
                            return;
                        }
                        continue;
                    }
                    Err(TryRecvError::Empty) => {}
                    Err(TryRecvError::Disconnected) => (asked, closed) = (0, true),
                }
            }
            if self.sent.is_empty() {
                if closed {
                    return;
                }
                continue;
            }
            if !self.answer_first() {
                return;
            }
        }
    }

    /// Sends a batch's files to the child, and handles stdin and walk errors here.
    /// Returns false when the run must stop.
    fn admit(&mut self, batch: Vec<Job>) -> bool {
        let mut files = Vec::with_capacity(batch.len());
        for job in batch {
            let searched = match &job.haystack {
                Haystack::File { .. } => {
                    files.push(job);
                    continue;
                }
                // Stdin waits for every file before it: streamed, its parts can print
                // only after their results, and it may stay open for as long as its
                // writer likes.
                Haystack::Stdin => {
                    self.send(std::mem::take(&mut files)) && self.drain() && self.search_here(&job)
                }
                Haystack::Error(_) => self.search_here(&job),
            };
            if !searched {
                return false;
            }
        }
        self.send(files)
    }

    /// Sends `files` to the child as one batch, starting a child if there is none.
    /// Returns false when the run must stop.
    fn send(&mut self, files: Vec<Job>) -> bool {
        if files.is_empty() {
            return true;
        }
        let child = match self.child.take() {
            Some(child) => child,
            None => match self.start() {
                Ok(child) => child,
                Err(err) => return self.unstarted(files, &err),
            },
        };
        let child = self.child.insert(child);
        // A child that cannot take the batch has died; reading its answers says why, and
        // the batch is retried with the rest of its unanswered files.
        let _ = child.send(&files, false, &mut self.stats);
        self.sent.push_back(files.into());
        true
    }

    /// Reads answers until the first batch sent is answered, and forwards them. Returns
    /// false when the run must stop.
    fn answer_first(&mut self) -> bool {
        let mut results = Vec::new();
        let failure = loop {
            let (Some(child), Some(batch)) = (self.child.as_mut(), self.sent.front_mut()) else {
                break Failure::Died;
            };
            match child.answer(&mut self.stats) {
                Ok(Answer::Outcome(outcome)) => {
                    if batch.front().map(|job| job.seq) != Some(outcome.seq) {
                        break out_of_order(&outcome);
                    }
                    if outcome.partial {
                        // A part goes at once, after the results before it. The pool may
                        // hold it back, and then the child's next write waits.
                        self.streamed = Some(outcome.seq);
                        results.push(outcome);
                        if !self.forward(std::mem::take(&mut results)) {
                            return false;
                        }
                        continue;
                    }
                    batch.pop_front();
                    let large = self.count(&outcome) > EARLY_SEND_BYTES;
                    results.push(outcome);
                    // A large file's results go at once, with those before it: the
                    // results after it in its batch should not hold them back.
                    if large && !self.forward(std::mem::take(&mut results)) {
                        return false;
                    }
                }
                Ok(Answer::BatchDone(busy)) => {
                    if !batch.is_empty() {
                        break Failure::Protocol("worker process finished a batch early".into());
                    }
                    self.sent.pop_front();
                    self.stats.round_trips += 1;
                    self.stats.busy += busy;
                    // A child answers a batch as one job, as far as the parent can see.
                    self.stats.longest = self.stats.longest.max(busy);
                    return self.forward(results);
                }
                Err(failure) => break failure,
            }
        };
        // Whatever was answered before a failure is kept: those files are done.
        if !self.forward(results) {
            return false;
        }
        let reason = match self.child.take() {
            Some(dead) => dead.bury(failure),
            None => "worker process died".to_string(),
        };
        let mut unanswered: VecDeque<Job> = self.sent.drain(..).flatten().collect();
        if !self.give_up_streamed(&mut unanswered, &reason) {
            return false;
        }
        // Otherwise the dead child's own reason is not needed: a file is blamed by the
        // death of the child that retries it, which says the same for a deterministic
        // fault.
        self.retry_file_by_file(unanswered)
    }

    /// A child died while it searched the first of `unanswered`. If that file had printed
    /// parts already, it cannot be searched again without printing them twice: it is
    /// reported as an error, with the child's `reason`, and taken off the list. Returns
    /// false when the run must stop.
    fn give_up_streamed(&mut self, unanswered: &mut VecDeque<Job>, reason: &str) -> bool {
        let Some(seq) = self.streamed.take() else {
            return true;
        };
        if unanswered.front().map(|job| job.seq) != Some(seq) {
            return true;
        }
        let job = unanswered.pop_front().expect("the file that streamed");
        let message = format!(
            "{}: {reason}, after part of its output was printed",
            job.haystack.name()
        );
        self.forward(vec![Outcome::error(job.seq, message)])
    }

    /// Searches the files a dead child had not answered in fresh children that answer
    /// file by file, so that each death is blamed on the file it happened on. The first
    /// such file also killed the child before, which answered whole batches: it has
    /// killed two children and is reported. Returns false when the run must stop.
    fn retry_file_by_file(&mut self, mut pending: VecDeque<Job>) -> bool {
        let mut first = true;
        while !pending.is_empty() {
            if self.context.cancelled() {
                return false;
            }
            let mut child = match self.start() {
                Ok(child) => child,
                Err(err) => return self.unstarted(pending.into(), &err),
            };
            let failure = match child.send(pending.make_contiguous(), true, &mut self.stats) {
                Ok(()) => loop {
                    match child.answer(&mut self.stats) {
                        Ok(Answer::Outcome(outcome)) => {
                            if pending.front().map(|job| job.seq) != Some(outcome.seq) {
                                break out_of_order(&outcome);
                            }
                            if outcome.partial {
                                self.streamed = Some(outcome.seq);
                                if !self.forward(vec![outcome]) {
                                    return false;
                                }
                                continue;
                            }
                            pending.pop_front();
                            self.count(&outcome);
                            if !self.forward(vec![outcome]) {
                                return false;
                            }
                        }
                        Ok(Answer::BatchDone(busy)) if pending.is_empty() => {
                            self.stats.round_trips += 1;
                            self.stats.busy += busy;
                            self.child = Some(child);
                            return true;
                        }
                        Ok(Answer::BatchDone(_)) => {
                            break Failure::Protocol(
                                "worker process finished a batch early".into(),
                            );
                        }
                        Err(failure) => break failure,
                    }
                },
                Err(failure) => failure,
            };
            let reason = child.bury(failure);
            if !self.give_up_streamed(&mut pending, &reason) {
                return false;
            }
            let Some(culprit) = pending.front() else {
                break;
            };
            let deaths = self.deaths.entry(culprit.seq).or_insert(0);
            *deaths += if first { 2 } else { 1 };
            first = false;
            if *deaths >= MAX_DEATHS_PER_FILE {
                let job = pending.pop_front().expect("a culprit");
                let message = format!("{}: {reason}", job.haystack.name());
                if !self.forward(vec![Outcome::error(job.seq, message)]) {
                    return false;
                }
            }
        }
        true
    }

    /// Reads answers until every batch sent is answered. Returns false when the run must
    /// stop.
    fn drain(&mut self) -> bool {
        while !self.sent.is_empty() {
            if !self.answer_first() {
                return false;
            }
        }
        true
    }

    /// Searches a job here in the parent: stdin, which a child cannot read, or a walk
    /// error. Returns false when the run must stop.
    fn search_here(&mut self, job: &Job) -> bool {
        let context = self.context;
        let searcher = self.local.get_or_insert_with(|| context.searcher());
        let outcome = if context.streams(job) {
            search_streamed(searcher, &context, job, &self.done)
        } else {
            search_guarded(searcher, &context, job)
        };
        self.forward(vec![outcome])
    }

    /// Starts a child, and counts it.
    fn start(&mut self) -> std::io::Result<WorkerProcess> {
        let child = WorkerProcess::spawn(self.setup)?;
        self.stats.pids.push(child.pid());
        Ok(child)
    }

    /// Reports `files` as not searched: no child could be started for them.
    fn unstarted(&mut self, files: Vec<Job>, err: &std::io::Error) -> bool {
        let outcomes = files
            .into_iter()
            .map(|job| {
                let name = job.haystack.name();
                Outcome::error(
                    job.seq,
                    format!("{name}: cannot start a worker process: {err}"),
                )
            })
            .collect();
        self.forward(outcomes)
    }

    /// Counts an answered file in the stats, and returns the bytes it searched.
    fn count(&mut self, outcome: &Outcome) -> u64 {
        let searched = outcome.stats.bytes_searched;
        self.stats.files += 1;
        self.stats.bytes += searched;
        searched
    }

    fn forward(&mut self, outcomes: Vec<Outcome>) -> bool {
        outcomes.is_empty() || self.done.send(outcomes).is_ok()
    }
}

fn out_of_order(outcome: &Outcome) -> Failure {
    Failure::Protocol(format!(
        "worker process answered out of order (sequence number {})",
        outcome.seq
    ))
}
