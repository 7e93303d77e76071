//! The job pool: one pool of workers runs every job of a search, listing a directory as
//! well as searching a file, and an ordered tree puts their results back in walk order
//! (docs/ARCHITECTURE.md, "The pipeline").
//!
//! The tree mirrors the walk. The root holds the roots the user named; a directory's node
//! gets its children when a worker has listed it, already filtered and sorted. A job's
//! place in the output is its path in the tree: the positions of its ancestors in their
//! listings. Pending jobs wait in runs, one per listed directory that still has children to
//! start, keyed by the position of the first of them, so the first run in key order holds
//! the earliest pending job of the whole tree. An idle worker takes that job: the printed
//! prefix advances first, and work far ahead waits.
//!
//! The cursor walks the tree depth first. It stops at the first node that is not finished:
//! a directory not yet listed, or a file whose outcome has not come. Each finished node it
//! passes is forwarded to the collector with the next sequence number, and freed. So the
//! collector receives outcomes in order, and nothing is sorted globally or waits for the
//! whole walk.
//!
//! Invariants:
//! - Every pending job lies at or after the cursor, so the earliest pending job is the
//!   cursor's own node whenever that node has not started. That job is always admitted,
//!   whatever the window says ([`Window`]): no job the cursor needs can queue behind
//!   workers that wait for room.
//! - Work is handed out in the tree's order within each listing, so a batch of files is a
//!   run of consecutive siblings.
//! - A node is freed once the cursor has passed it, and node slots are reused, so memory
//!   follows the window, not the size of the tree. Job ids carry a generation, so an id
//!   is never mistaken for a later node in the same slot.
//! - One mutex guards the tree, the runs and the window's counters; it is held for
//!   bookkeeping only, never while a directory is read or a file searched.
//! - The run ends when the cursor has passed the last node. The pool then drops its
//!   sender, the collector drains what is left and ends, and idle workers are released.
//!
//! **Forwarding.** The lock is the one thing every job passes through, so what needs no
//! lock is done outside it: waking idle workers, and handing outcomes to the collector,
//! whose wake-up is a system call. The cursor queues the outcomes it passes while the
//! lock is held, so they are queued in walk order (parts of one streamed file too). On
//! release the queue moves to an outbox, and one thread at a time sends the outbox in
//! order: a thread that finds another sending only adds to it, and the sender looks once
//! more before it stops. So the collector's channel sees outcomes in walk order, and the
//! lock is held for bookkeeping alone. `--stats` shows how long it was held, in wall time
//! and in the CPU time of its holders (docs/ARCHITECTURE.md, "The pipeline").

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crossbeam_channel::Sender;

use super::stats::thread_cpu;
use super::tree::{DirState, Node, ROOT, Slot, State, slot_of};
use super::window::Window;
use super::{Job, Outcome};
use crate::walk::Haystack;

/// How often a worker that waits for its file's turn looks at the cancel flag, which
/// nothing signals: a run stopped by SIGINT ends that much later at most.
const RECHECK: Duration = Duration::from_millis(100);

/// One entry of a directory listing, as the pool sees it.
#[derive(Debug)]
pub enum Entry<D> {
    /// A haystack to search: a file, or standard input among the roots.
    File(Haystack),
    /// A directory to list.
    Dir(D),
    /// A walk error, reported in its place.
    Error(String),
    /// Output the listing rendered itself, of `files` files (`--files`), printed in its
    /// place without a job. Boxed, so that a listing's entries stay small: a directory
    /// of 200,000 files is a `Vec` of 200,000 entries.
    Ready { outcome: Box<Outcome>, files: u64 },
}

/// What listing one directory found: its entries, filtered and sorted, and the warnings
/// about its ignore files, printed in walk order.
#[derive(Debug)]
pub struct Listing<D> {
    /// The entries, in output order.
    pub entries: Vec<Entry<D>>,
    /// Warnings about this directory's ignore files.
    pub warnings: Vec<String>,
}

/// Lists directories. This is the walk's one entry point for the pool; it is plain
/// sequential code, called from many workers at once.
pub trait Lister: Sync {
    /// A directory to list, with whatever its listing needs (its ignore rules).
    type Dir: Send;

    /// Lists `dir`.
    fn list(&self, dir: &Self::Dir) -> Listing<Self::Dir>;
}

/// What a worker is handed by [`Pool::take`].
pub enum Task<D> {
    /// List a directory.
    List(u64, D),
    /// Search a run of consecutive files.
    Search(Vec<Job>),
}

/// What a worker's listings cost, for `--stats`.
#[derive(Clone, Copy, Debug, Default)]
pub struct ListingStats {
    /// Directories listed.
    pub listings: u64,
    /// Entries they yielded.
    pub entries: u64,
    /// Time spent listing.
    pub busy: Duration,
    /// The longest listing.
    pub longest: Duration,
}

/// How the pool's lock was used, for `--stats`.
#[derive(Clone, Copy, Debug, Default)]
pub struct LockStats {
    /// Wall time held, in all.
    pub held: Duration,
    /// CPU time of the threads holding it, when measured: the measured holds, one in
    /// [`CPU_SAMPLE`], less a clock reading each, scaled to all of them.
    pub cpu: Option<Duration>,
    /// Times it was taken.
    pub holds: u64,
}

/// The pool's shared state: handed to every worker and to the collector.
pub struct Pool<'a, L: Lister> {
    lister: &'a L,
    state: Mutex<State<L::Dir>>,
    /// Signalled when a job may have become available, or the run ended.
    work: Condvar,
    cancel: &'a AtomicBool,
    outbox: Mutex<Outbox>,
    /// The collector is gone: a send to it failed.
    gone: AtomicBool,
    /// Read each thread's CPU clock around the lock (`--stats`).
    measure_cpu: bool,
    /// What one reading of the CPU clock costs, taken off each measured hold.
    clock_cost: Duration,
}

/// One hold of the lock in this many is measured in CPU time. A reading of a thread's CPU
/// clock is a system call (no vDSO serves it), about 1 µs on this project's VM; reading it
/// around every hold made the holds so long that workers waited on the lock, and `--stats`
/// showed workers idle 18% to 24% of their time where they were idle 6% to 9% without the
/// readings (`trawl --stats --no-column PM_RESUME` on the Linux tree). Every 16th hold,
/// with the sum scaled by the count of holds, estimates the same total.
const CPU_SAMPLE: u64 = 16;

/// Batches on their way to the collector: filled in order under the pool's lock, sent by
/// one thread at a time outside it.
struct Outbox {
    queue: Vec<Vec<Outcome>>,
    /// A thread is sending `queue`; others only add to it.
    sending: bool,
    /// Dropped once the last batch is sent, which ends the collector.
    results: Option<Sender<Vec<Outcome>>>,
    /// Nothing more will be queued: drop `results` once `queue` is sent.
    ended: bool,
}

/// When a thread took the pool's lock: the wall clock, and under `--stats` the thread's
/// CPU clock, which a preempted holder does not advance.
struct Taken {
    wall: Instant,
    cpu: Option<Duration>,
}

/// Sets up a [`Pool`].
pub struct PoolBuilder {
    ordered: bool,
    nothing_found: Option<String>,
    workers: usize,
    measure_cpu: bool,
}

impl Default for PoolBuilder {
    fn default() -> PoolBuilder {
        PoolBuilder::new()
    }
}

impl PoolBuilder {
    /// An ordered pool for one worker.
    pub fn new() -> PoolBuilder {
        PoolBuilder {
            ordered: true,
            nothing_found: None,
            workers: 1,
            measure_cpu: false,
        }
    }

    /// Forward outcomes in walk order (the default), or as they finish (`--sort none`).
    pub fn ordered(&mut self, yes: bool) -> &mut Self {
        self.ordered = yes;
        self
    }

    /// The number of workers, for the per-worker stats.
    pub fn workers(&mut self, workers: usize) -> &mut Self {
        self.workers = workers.max(1);
        self
    }

    /// When the walk finds no file at all, end with this error.
    pub fn nothing_found(&mut self, message: Option<String>) -> &mut Self {
        self.nothing_found = message;
        self
    }

    /// Measure the CPU time spent holding the lock, for `--stats`, on one hold in
    /// [`CPU_SAMPLE`]. It costs two system calls per measured hold, so it is off unless
    /// asked for.
    pub fn measure_cpu(&mut self, yes: bool) -> &mut Self {
        self.measure_cpu = yes;
        self
    }

    /// A pool over `roots`, that forwards outcomes to `results`.
    pub fn build<'a, L: Lister>(
        &self,
        lister: &'a L,
        roots: Vec<Entry<L::Dir>>,
        results: Sender<Vec<Outcome>>,
        cancel: &'a AtomicBool,
    ) -> Pool<'a, L> {
        let state = State {
            slots: vec![Slot {
                generation: 0,
                node: Node::Dir {
                    position: vec![],
                    state: DirState::Listing,
                },
            }],
            free: vec![],
            runs: BTreeMap::new(),
            cursor: vec![ROOT],
            next_seq: 0,
            window: Window::default(),
            in_flight: 0,
            files_found: 0,
            outgoing: vec![],
            ended: false,
            closed: false,
            ordered: self.ordered,
            nothing_found: self.nothing_found.clone(),
            listing_stats: vec![ListingStats::default(); self.workers],
            live_workers_exited: 0,
            idle_workers: 0,
            lock_held: Duration::ZERO,
            lock_cpu: Duration::ZERO,
            lock_cpu_samples: 0,
            lock_holds: 0,
        };
        let pool = Pool {
            lister,
            state: Mutex::new(state),
            work: Condvar::new(),
            cancel,
            outbox: Mutex::new(Outbox {
                queue: vec![],
                sending: false,
                results: Some(results),
                ended: false,
            }),
            gone: AtomicBool::new(false),
            measure_cpu: self.measure_cpu,
            clock_cost: if self.measure_cpu {
                clock_cost()
            } else {
                Duration::ZERO
            },
        };
        let (mut state, taken) = pool.lock();
        state.publish(ROOT, roots, vec![]);
        state.advance();
        pool.release(state, taken);
        pool
    }
}

impl<'a, L: Lister> Pool<'a, L> {
    fn lock(&self) -> (MutexGuard<'_, State<L::Dir>>, Taken) {
        // A poisoned lock means a worker panicked while holding it; every update of the
        // tree is made whole before anything that could panic.
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let taken = self.taken(&state);
        (state, taken)
    }

    /// Stamps a hold that starts now; the state's count of holds picks the ones measured.
    fn taken(&self, state: &State<L::Dir>) -> Taken {
        let sampled = self.measure_cpu && state.lock_holds.is_multiple_of(CPU_SAMPLE);
        Taken {
            wall: Instant::now(),
            cpu: sampled.then(thread_cpu),
        }
    }

    /// Counts how long the lock was held since `taken`.
    fn account(&self, state: &mut State<L::Dir>, taken: Taken) {
        state.lock_held += taken.wall.elapsed();
        state.lock_holds += 1;
        if let Some(cpu) = taken.cpu {
            let spent = thread_cpu().saturating_sub(cpu);
            state.lock_cpu += spent.saturating_sub(self.clock_cost);
            state.lock_cpu_samples += 1;
        }
    }

    /// Releases the lock: queues what it forwarded for the collector, wakes the workers
    /// that wait for work, if any do, and then sends the queue, unless another thread is
    /// sending it already. A notification is a system call even when nobody waits, and a
    /// busy pool makes one per batch; so is waking the collector, which is why neither is
    /// done while the lock is held.
    fn release(&self, mut state: MutexGuard<'_, State<L::Dir>>, taken: Taken) {
        let waiting = state.idle_workers > 0;
        let mut send = false;
        if !state.outgoing.is_empty() || state.ended {
            let mut outbox = self.outbox.lock().unwrap_or_else(|e| e.into_inner());
            outbox.queue.append(&mut state.outgoing);
            outbox.ended |= state.ended;
            send = !std::mem::replace(&mut outbox.sending, true);
        }
        self.account(&mut state, taken);
        drop(state);
        if waiting {
            self.work.notify_all();
        }
        if send {
            self.send();
        }
    }

    /// Sends the outbox's batches in the order they were queued, until it is empty.
    fn send(&self) {
        loop {
            let mut outbox = self.outbox.lock().unwrap_or_else(|e| e.into_inner());
            if outbox.queue.is_empty() {
                if outbox.ended {
                    outbox.results = None;
                }
                outbox.sending = false;
                return;
            }
            let batches = std::mem::take(&mut outbox.queue);
            let results = outbox.results.clone();
            drop(outbox);
            for batch in batches {
                let sent = results.as_ref().is_some_and(|r| r.send(batch).is_ok());
                if !sent {
                    self.gone.store(true, Ordering::Relaxed);
                }
            }
        }
    }

    /// The run is over for the workers: stopped, cut short, or the collector is gone.
    fn stopping(&self, state: &State<L::Dir>) -> bool {
        state.closed || self.cancel.load(Ordering::Relaxed) || self.gone.load(Ordering::Relaxed)
    }

    /// Blocks until there is work for a worker, and hands it out; None when the run is
    /// over or stopping. Listings are handed out one at a time, files in runs of
    /// consecutive siblings.
    pub fn take(&self, worker: usize) -> Option<Task<L::Dir>> {
        let (mut state, mut taken) = self.lock();
        loop {
            if let Some(task) = self.next_task(&mut state, worker) {
                // Taking a job forwards nothing and frees no work for others.
                self.account(&mut state, taken);
                return task;
            }
            self.account(&mut state, taken);
            state.idle_workers += 1;
            state = self.work.wait(state).unwrap_or_else(|e| e.into_inner());
            state.idle_workers -= 1;
            taken = self.taken(&state);
        }
    }

    /// A task for a worker if one is ready now; None, without waiting, when none is or
    /// the run is over.
    pub fn try_take(&self, worker: usize) -> Option<Task<L::Dir>> {
        let (mut state, taken) = self.lock();
        let task = self.next_task(&mut state, worker).flatten();
        self.account(&mut state, taken);
        task
    }

    /// The task for a worker now, if there is one; `Some(None)` when the run is over or
    /// stopping.
    fn next_task(&self, state: &mut State<L::Dir>, worker: usize) -> Option<Option<Task<L::Dir>>> {
        if self.stopping(state) {
            Some(None)
        } else if let Some((_, &dir)) = state.runs.first_key_value() {
            state.start(dir, worker).map(Some)
        } else if state.in_flight == 0 {
            Some(None)
        } else {
            None
        }
    }

    /// Lists a directory for `worker`, outside the lock, and publishes what it found. A
    /// panic in the walk becomes an error in the directory's place. Returns the worker's
    /// next task, taken in the same hold of the lock if one is ready (as [`Pool::take`]
    /// would give it, without waiting), so that a listing costs one hold, not two.
    pub fn list(&self, worker: usize, id: u64, dir: L::Dir) -> Option<Option<Task<L::Dir>>> {
        let started = Instant::now();
        let listing =
            catch_unwind(AssertUnwindSafe(|| self.lister.list(&dir))).unwrap_or_else(|_| Listing {
                entries: vec![Entry::Error(
                    "internal error while listing a directory".to_string(),
                )],
                warnings: vec![],
            });
        let took = started.elapsed();
        let (mut state, taken) = self.lock();
        if let Some(stats) = state.listing_stats.get_mut(worker) {
            stats.listings += 1;
            stats.entries += listing.entries.len() as u64;
            stats.busy += took;
            stats.longest = stats.longest.max(took);
        }
        state.in_flight -= 1;
        state.publish(slot_of(id), listing.entries, listing.warnings);
        state.advance();
        let next = self.next_task(&mut state, worker);
        self.release(state, taken);
        next
    }

    /// Takes the outcomes of finished (or streaming) files. Returns false when the run is
    /// stopping, so the worker can stop too.
    ///
    /// When the last outcome is a part of a file still being searched, this waits while
    /// that file has [`PART_BYTES`](super::PART_BYTES) waiting for its turn, or, at the front of the order,
    /// while [`MAX_BYTES_FORWARDED`](super::window::MAX_BYTES_FORWARDED) wait for the
    /// collector: a file that prints without end holds a bounded share of memory. A file
    /// further ahead waits only while the cursor's node is being listed, or searched by
    /// another worker, which no chunked search holds paused by then (`chunked::search`), so
    /// this cannot deadlock (docs/ARCHITECTURE.md, "Memory").
    pub fn complete(&self, outcomes: Vec<Outcome>) -> bool {
        let (mut state, mut taken) = self.lock();
        let streaming = outcomes.last().filter(|o| o.partial).map(|o| o.seq);
        for outcome in outcomes {
            state.store(outcome);
        }
        state.advance();
        if let Some(seq) = streaming {
            while !self.stopping(&state) && state.holds_back(seq) {
                if !state.outgoing.is_empty() {
                    // What this hold queued must reach the collector before anyone waits
                    // on it: the collector's progress is what may end the wait.
                    self.release(state, taken);
                    (state, taken) = self.lock();
                    continue;
                }
                // Counted as idle, so that whatever moves the cursor or the collector
                // wakes it.
                self.account(&mut state, taken);
                state.idle_workers += 1;
                state = (self.work)
                    .wait_timeout(state, RECHECK)
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
                state.idle_workers -= 1;
                taken = self.taken(&state);
            }
        }
        let going = !state.closed;
        self.release(state, taken);
        going && !self.gone.load(Ordering::Relaxed)
    }

    /// The collector has printed `printed` outcomes, `bytes_waiting` bytes wait in it, and
    /// it has received `bytes_received` bytes in all.
    pub fn advance(&self, printed: u64, bytes_waiting: usize, bytes_received: u64) {
        let (mut state, taken) = self.lock();
        state.window.printed = printed;
        state.window.collector_bytes = bytes_waiting;
        state.window.received_bytes = bytes_received;
        self.release(state, taken);
    }

    /// Stops handing out work, and releases every waiting worker.
    pub fn close(&self) {
        self.lock().0.closed = true;
        self.work.notify_all();
    }

    /// A worker has stopped for good. If it was the last, and the tree is not finished,
    /// the jobs it left can never finish: the run ends, with an error that says so, so
    /// that the collector never waits for them.
    pub fn worker_exited(&self) {
        let (mut state, taken) = self.lock();
        state.live_workers_exited += 1;
        if state.live_workers_exited >= state.listing_stats.len() && !state.ended {
            if !state.closed && !self.cancel.load(Ordering::Relaxed) {
                let seq = state.number();
                state.forward(vec![Outcome::error(
                    seq,
                    "internal error: some files were never searched".to_string(),
                )]);
            }
            state.ended = true;
            state.closed = true;
        }
        self.release(state, taken);
        self.work.notify_all();
    }

    /// The listing stats of each worker, for `--stats`.
    pub fn listing_stats(&self) -> Vec<ListingStats> {
        self.lock().0.listing_stats.clone()
    }

    /// Files the listings found, for `--stats`.
    pub fn files_found(&self) -> u64 {
        self.lock().0.files_found
    }

    /// How long the pool's lock was held in all, for `--stats`: bookkeeping that no two
    /// workers can do at once. The wall time, and the CPU time of the threads holding it
    /// when it was measured ([`PoolBuilder::measure_cpu`]).
    pub fn lock_held(&self) -> LockStats {
        let state = self.lock().0;
        // The sampled holds stand for all of them.
        let cpu = match state.lock_cpu_samples {
            0 => Duration::ZERO,
            n => state.lock_cpu.mul_f64(state.lock_holds as f64 / n as f64),
        };
        LockStats {
            held: state.lock_held,
            cpu: self.measure_cpu.then_some(cpu),
            holds: state.lock_holds,
        }
    }
}

/// What one reading of this thread's CPU clock costs, in CPU time: the least of a few
/// back-to-back pairs.
fn clock_cost() -> Duration {
    (0..16)
        .map(|_| {
            let first = thread_cpu();
            thread_cpu().saturating_sub(first)
        })
        .min()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Jobs;
    use std::path::PathBuf;
    use std::sync::atomic::AtomicU64;

    /// An in-memory tree: each node is a file, an error, or a directory of nodes.
    #[derive(Clone, Debug)]
    enum Fake {
        File(String),
        Error(String),
        Dir(Vec<Fake>),
    }

    /// Lists a fake directory; counts the listings running at once.
    struct FakeLister {
        running: AtomicU64,
        most_at_once: AtomicU64,
    }

    impl Lister for FakeLister {
        type Dir = Vec<Fake>;

        fn list(&self, dir: &Vec<Fake>) -> Listing<Vec<Fake>> {
            let now = self.running.fetch_add(1, Ordering::SeqCst) + 1;
            self.most_at_once.fetch_max(now, Ordering::SeqCst);
            std::thread::yield_now();
            let entries = dir.iter().map(entry).collect();
            self.running.fetch_sub(1, Ordering::SeqCst);
            Listing {
                entries,
                warnings: vec![],
            }
        }
    }

    fn entry(node: &Fake) -> Entry<Vec<Fake>> {
        match node {
            Fake::File(name) => Entry::File(Haystack::File {
                path: PathBuf::from(name),
                explicit: false,
                dir: None,
            }),
            Fake::Error(message) => Entry::Error(message.clone()),
            Fake::Dir(children) => Entry::Dir(children.clone()),
        }
    }

    /// What a depth-first walk prints: each file's name and each error, in order.
    fn depth_first(nodes: &[Fake], out: &mut Vec<String>) {
        for node in nodes {
            match node {
                Fake::File(name) | Fake::Error(name) => out.push(name.clone()),
                Fake::Dir(children) => depth_first(children, out),
            }
        }
    }

    /// A small xorshift generator, so that a failing seed can be replayed.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    fn random_tree(rng: &mut Rng, depth: u32, names: &mut u64) -> Vec<Fake> {
        let width = rng.below(if depth == 0 { 3 } else { 12 });
        (0..width)
            .map(|_| {
                *names += 1;
                match rng.below(10) {
                    0..=1 if depth < 6 => Fake::Dir(random_tree(rng, depth + 1, names)),
                    2 => Fake::Error(format!("error {names}")),
                    _ => Fake::File(format!("file {names}")),
                }
            })
            .collect()
    }

    /// Runs `roots` through a pool with `workers` threads that finish their files in a
    /// shuffled order, and returns what reached the collector, in order.
    fn run(roots: &[Fake], workers: usize, seed: u64, ordered: bool) -> Vec<String> {
        let lister = FakeLister {
            running: AtomicU64::new(0),
            most_at_once: AtomicU64::new(0),
        };
        let cancel = AtomicBool::new(false);
        let (tx, rx) = crossbeam_channel::unbounded();
        let pool = PoolBuilder::new().ordered(ordered).workers(workers).build(
            &lister,
            roots.iter().map(entry).collect(),
            tx,
            &cancel,
        );
        std::thread::scope(|scope| {
            for worker in 0..workers {
                let pool = &pool;
                scope.spawn(move || {
                    let mut rng = Rng(seed.wrapping_mul(31).wrapping_add(worker as u64) | 1);
                    while let Some(mut batch) = pool.next_batch(worker) {
                        // Finish the batch's files in a random order, a few at a time.
                        while !batch.is_empty() {
                            let at = rng.below(batch.len() as u64) as usize;
                            let job = batch.swap_remove(at);
                            if rng.below(4) == 0 {
                                std::thread::yield_now();
                            }
                            let Haystack::File { path, .. } = job.haystack else {
                                unreachable!()
                            };
                            let outcome = Outcome {
                                seq: job.seq,
                                output: path.into_os_string().into_encoded_bytes(),
                                ..Outcome::default()
                            };
                            assert!(Jobs::complete(pool, vec![outcome]));
                        }
                    }
                    pool.worker_exited();
                });
            }
            let mut printed = vec![];
            let mut seqs = vec![];
            for batch in rx.iter() {
                for outcome in batch {
                    seqs.push(outcome.seq);
                    printed.push(if outcome.errors.is_empty() {
                        String::from_utf8(outcome.output).unwrap()
                    } else {
                        outcome.errors.join("")
                    });
                }
                pool.advance(printed.len() as u64, 0, 0);
            }
            let numbered: Vec<u64> = (0..seqs.len() as u64).collect();
            if ordered {
                assert_eq!(seqs, numbered, "sequence numbers follow the order");
            }
            printed
        })
    }

    #[test]
    fn outcomes_reach_the_collector_in_depth_first_order_for_any_timing() {
        for seed in 1..200u64 {
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let mut names = 0;
            let roots = random_tree(&mut rng, 0, &mut names);
            let mut expected = vec![];
            depth_first(&roots, &mut expected);
            for workers in [1, 2, 3, 8] {
                assert_eq!(
                    run(&roots, workers, seed, true),
                    expected,
                    "seed {seed}, {workers} workers"
                );
            }
        }
    }

    #[test]
    fn unordered_every_outcome_arrives_once() {
        for seed in 1..50u64 {
            let mut rng = Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D));
            let mut names = 0;
            let roots = random_tree(&mut rng, 0, &mut names);
            let mut expected = vec![];
            depth_first(&roots, &mut expected);
            let mut got = run(&roots, 4, seed, false);
            expected.sort();
            got.sort();
            assert_eq!(got, expected, "seed {seed}");
        }
    }

    #[test]
    fn a_tree_wider_and_deeper_than_the_window_walks_whole() {
        // 40,000 files, far more than the window admits at once, in one directory and in
        // a chain of 500 nested ones.
        let wide: Vec<Fake> = (0..40_000).map(|i| Fake::File(format!("{i:05}"))).collect();
        let mut deep = vec![Fake::File("bottom".to_string())];
        for level in 0..500 {
            deep = vec![Fake::Dir(deep), Fake::File(format!("after {level}"))];
        }
        let roots = vec![Fake::Dir(wide), Fake::Dir(deep)];
        let mut expected = vec![];
        depth_first(&roots, &mut expected);
        assert_eq!(run(&roots, 4, 7, true), expected);
    }

    #[test]
    fn sibling_directories_are_listed_at_once_by_different_workers() {
        let lister = FakeLister {
            running: AtomicU64::new(0),
            most_at_once: AtomicU64::new(0),
        };
        // Directories only: each listing holds more directories, so there is always more
        // than one to list.
        fn dirs(depth: u32) -> Vec<Fake> {
            if depth == 0 {
                return vec![Fake::File("leaf".to_string())];
            }
            (0..6).map(|_| Fake::Dir(dirs(depth - 1))).collect()
        }
        let cancel = AtomicBool::new(false);
        let (tx, rx) = crossbeam_channel::unbounded();
        let roots: Vec<_> = dirs(5).iter().map(entry).collect();
        let pool = PoolBuilder::new()
            .workers(4)
            .build(&lister, roots, tx, &cancel);
        std::thread::scope(|scope| {
            for worker in 0..4 {
                let pool = &pool;
                scope.spawn(move || {
                    while let Some(batch) = pool.next_batch(worker) {
                        let outcomes = batch
                            .iter()
                            .map(|job| Outcome {
                                seq: job.seq,
                                ..Outcome::default()
                            })
                            .collect();
                        Jobs::complete(pool, outcomes);
                    }
                });
            }
            let mut printed = 0;
            for batch in rx.iter() {
                printed += batch.len() as u64;
                pool.advance(printed, 0, 0);
            }
            assert_eq!(printed, 6u64.pow(5));
        });
        let listings: u64 = pool.listing_stats().iter().map(|s| s.listings).sum();
        assert_eq!(listings, (1..=5).map(|d| 6u64.pow(d)).sum::<u64>());
        assert!(lister.most_at_once.load(Ordering::SeqCst) > 1);
    }
}
