//! The pipeline: all of trawl's concurrency lives here.
//!
//! ```text
//! roots ─► pool of N workers ─────────────────────────────────► collector ─► stdout
//!          jobs: list a directory | search a run of files         in walk order
//!          the earliest pending job first; a window bounds how far ahead
//! ```
//!
//! One pool of workers runs every job of a search ([`pool`]): listing a directory, which
//! publishes its filtered, sorted entries as children in an ordered tree, and searching a
//! run of consecutive files into per-file buffers. An idle worker takes the earliest
//! pending job, so the printed prefix advances first. The tree's cursor walks it depth
//! first and hands each finished outcome to the collector in order; the [`window`] bounds
//! how far the workers may run ahead of it. In [`threads`] each worker is a thread; in
//! [`processes`] each worker is a thread that lists directories itself and drives a child
//! process of this same binary for the files. Cancellation (a closed stdout, `-q`,
//! `--max-results`) is one shared flag that every stage checks between jobs.
//!
//! A haystack's output may come in parts. Under line buffering the worker that searches
//! stdin hands each part on as soon as it is rendered ([`search_streamed`]), since stdin
//! may be a pipe that stays open for hours. Any other file hands on a part once its output
//! passes [`PART_BYTES`] ([`Batch`]), so that what one file prints never has to fit in
//! memory. The cursor forwards a part at once when its file is next in order, and holds it
//! like any result otherwise; the worker of a file that holds a whole part waits for its
//! turn ([`pool::Pool::complete`]).

pub mod collector;
pub mod files;
pub mod interrupt;
pub mod pool;
pub mod processes;
pub mod protocol;
mod searching;
pub mod stats;
pub mod threads;
mod tree;
pub mod window;

pub use self::searching::{Batch, search_guarded, search_job, search_streamed};

use std::io::{self, BufWriter};
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Instant;

use crossbeam_channel::unbounded;

use self::collector::{Collector, Progress, Summary};
use self::pool::{Lister, Pool, PoolBuilder, Task};
use self::stats::{Report, WorkerStats, thread_cpu};
use crate::config::Mode;
use crate::matcher::Matcher;
use crate::printer::{OutputMode, Printer};
use crate::search::stream::Part;
use crate::search::{FileStats, SearchOptions, Searcher};
use crate::walk::{self, Haystack, Walker};

/// A worker sends its results when its batch is done, or sooner, right after a file
/// bigger than this: so one large file cannot hold back the small results ahead of it in
/// its batch, while a batch of small files still costs one lock of the pool.
pub const EARLY_SEND_BYTES: u64 = 1 << 20;

/// A file's output is handed on in parts of at least this many bytes once it has that
/// many ([`Batch`]), and a file not yet at the front of the order waits once it has this
/// much unprinted ([`pool`]): so what one file prints costs at most about this much memory
/// however much it prints, plus one block's output (README, "Security": the memory
/// ceiling). It is [`EARLY_SEND_BYTES`], the size from which a file's result is already
/// worth a message of its own: a part costs a lock of the pool and a message to the
/// collector, once per MiB printed, and a file that prints less streams nothing, so the
/// usual run is unchanged (with it, `trawl -r '[$0]' -e '(foo)?'` on one 100 KB line
/// prints 30 GB in 16.6 MB of resident memory).
pub const PART_BYTES: usize = EARLY_SEND_BYTES as usize;

/// Capacity of the buffered writer on stdout.
const STDOUT_BUFFER: usize = 64 * 1024;

/// How to run the pipeline.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// What to select and which context to show.
    pub search: SearchOptions,
    /// Stop after this many results, in output order.
    pub max_results: Option<u64>,
    /// Print results in walk order (the default), or as they finish (`--sort none`).
    pub ordered: bool,
    /// The transport.
    pub mode: Mode,
    /// The number of workers.
    pub workers: usize,
    /// Count every match in a line, even when the format prints the line once (`--stats`).
    pub count_every_match: bool,
    /// Print each file's errors on stderr; without, they only count (`--no-messages`).
    pub messages: bool,
    /// Flush stdout after each file's output (`--line-buffered`, or a terminal), and print
    /// stdin's results as they are found.
    pub line_buffered: bool,
    /// Process mode: what a worker process is told of the run, in its first frame.
    pub worker_setup: protocol::Setup,
    /// The run succeeds when some file has no match (`--files-without-match`).
    pub success_without_match: bool,
    /// `--stats`: also measure the CPU time of the serial chains, which costs a system
    /// call per clock reading.
    pub stats: bool,
}

/// What a run found and how it went.
#[derive(Debug)]
pub struct Outcomes {
    /// Totals and the exit-code facts.
    pub summary: Summary,
    /// The `--stats` report.
    pub report: Report,
}

/// One unit of work: a haystack and its place in the output order.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// The sequence number: the haystack's position in walk order.
    pub seq: u64,
    /// What to search.
    pub haystack: Haystack,
}

/// What searching one haystack produced: all of it, or a part streamed before its search
/// ended (see [`crate::search::stream`]).
#[derive(Debug, Default, PartialEq)]
pub struct Outcome {
    /// The job's sequence number.
    pub seq: u64,
    /// The rendered output, printed whole.
    pub output: Vec<u8>,
    /// Where each result record ends in `output` (see [`Rendered::records`]).
    pub records: Vec<u64>,
    /// One-line error messages, each naming its path.
    pub errors: Vec<String>,
    /// Warnings about a directory's ignore files, printed in the walk's order. An outcome
    /// with warnings is of a directory, never of a file.
    pub warnings: Vec<String>,
    /// What the search found.
    pub stats: FileStats,
    /// More of this haystack's output is to come: this is a part streamed while it is
    /// searched. The last outcome of a haystack is never partial, and carries its stats
    /// and errors.
    pub partial: bool,
    /// The first `extends` bytes of `output` are after-context of the last record of the
    /// haystack's previous part (see [`Part::extends`]).
    pub extends: u64,
    /// The last record may be extended by the next part (see [`Part::open`]).
    pub open: bool,
}

impl Outcome {
    /// An outcome that is only an error about `job`.
    pub fn error(seq: u64, message: String) -> Outcome {
        Outcome {
            seq,
            errors: vec![message],
            ..Outcome::default()
        }
    }

    /// A part of the output of job `seq`, streamed while it is searched.
    pub fn part(seq: u64, part: Part) -> Outcome {
        Outcome {
            seq,
            output: part.bytes,
            records: part.records,
            partial: true,
            extends: part.extends,
            open: part.open,
            ..Outcome::default()
        }
    }

    /// Appends `later`, the next outcome of the same haystack, so that parts that wait to
    /// be printed are one outcome, as if they had been rendered together.
    pub fn absorb(&mut self, later: Outcome) {
        let base = self.output.len() as u64;
        if later.extends > 0 {
            // This outcome left its last record open, and it ends where `later` starts;
            // with no record of its own, all of it extends an earlier part's record.
            match self.records.last_mut() {
                Some(end) => *end = base + later.extends,
                None => self.extends = base + later.extends,
            }
        }
        self.output.extend_from_slice(&later.output);
        self.records
            .extend(later.records.iter().map(|end| base + end));
        self.errors.extend(later.errors);
        self.warnings.extend(later.warnings);
        self.stats = later.stats;
        self.partial = later.partial;
        self.open = later.open;
    }
}

/// Runs the whole search and returns what it found.
pub fn run(
    walker: &Walker,
    matcher: &Matcher,
    printer: &Printer,
    options: &RunOptions,
) -> Outcomes {
    let started = Instant::now();
    let workers = options.workers.max(1);
    let cancel = AtomicBool::new(false);
    let _sigint = interrupt::watch(&cancel);
    let (results_tx, results_rx) = unbounded::<Vec<Outcome>>();
    let lister = WalkLister(walker);
    let pool = PoolBuilder::new()
        .ordered(options.ordered)
        .workers(workers)
        .nothing_found(walker.nothing_found().filter(|_| !walker.sorts_globally()))
        .measure_cpu(options.stats)
        .build(&lister, lister.roots(), results_tx, &cancel);
    let stdout = io::stdout();

    let (summary, mut worker_stats) = thread::scope(|scope| {
        let (pool, cancel) = (&pool, &cancel);
        let handles: Vec<_> = (0..workers)
            .map(|worker| {
                let jobs = Admitted { pool, worker };
                let done = Done { pool };
                let context = WorkerContext {
                    matcher,
                    printer,
                    search: &options.search,
                    cancel,
                    count_every_match: options.count_every_match,
                    stream: options.line_buffered,
                    measure_cpu: options.stats,
                };
                match options.mode {
                    Mode::Threads => scope.spawn(move || {
                        let _exit = Exit(pool);
                        threads::work(jobs, done, context)
                    }),
                    Mode::Processes => {
                        let setup = &options.worker_setup;
                        scope.spawn(move || {
                            let _exit = Exit(pool);
                            processes::drive(jobs, done, context, setup)
                        })
                    }
                }
            })
            .collect();
        let out = BufWriter::with_capacity(STDOUT_BUFFER, stdout.lock());
        let mut collector = Collector::new(out, options.line_buffered, pool, cancel);
        collector
            .file_separator(printer.file_separator())
            .stop_at_first_match(
                // With --stats, ripgrep's -q searches every file, to count them.
                printer.config().mode == OutputMode::Quiet && !options.count_every_match,
            )
            .max_results(options.max_results)
            .success_without_match(options.success_without_match)
            .unordered(!options.ordered)
            .messages(options.messages);
        let cpu_before = thread_cpu();
        let mut summary = collector.run(results_rx);
        summary.collector.cpu = thread_cpu().saturating_sub(cpu_before);
        // A stage that panicked has already reported its files through the panic guard in
        // `search_guarded`, or through its exit guard; its stats are simply missing.
        let worker_stats: Vec<WorkerStats> = handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect();
        (summary, worker_stats)
    });

    // A worker's listings ran inside its wait for work; count them as busy time.
    for (stats, listed) in worker_stats.iter_mut().zip(pool.listing_stats()) {
        stats.listings = listed.listings;
        stats.entries = listed.entries;
        stats.listing = listed.busy;
        stats.listing_longest = listed.longest;
        stats.idle = stats.idle.saturating_sub(listed.busy);
    }
    let mut totals = summary.totals;
    if !printer.prints_lines() {
        // ripgrep counts only the bytes of printed lines; -c and -l lines do not count.
        totals.bytes_printed = 0;
    }
    let report = Report {
        mode: options.mode,
        totals,
        elapsed: started.elapsed(),
        files_found: pool.files_found(),
        lock: pool.lock_held(),
        workers: worker_stats,
        collector: summary.collector.clone(),
    };
    Outcomes { summary, report }
}

/// The walk as the pool sees it.
pub(super) struct WalkLister<'w>(&'w Walker);

/// A directory of the walk, for the pool.
pub(super) enum WalkDir {
    /// A directory to list.
    Dir(walk::Dir),
    /// Every root, walked whole and sorted: `--sortr path` and the time-stamp orders are
    /// known only once everything is found, so they are walked on one worker.
    Sorted,
}

impl WalkLister<'_> {
    /// The tree's first level: the roots.
    fn roots(&self) -> Vec<pool::Entry<WalkDir>> {
        if self.0.sorts_globally() {
            return vec![pool::Entry::Dir(WalkDir::Sorted)];
        }
        self.0.roots().into_iter().map(entry).collect()
    }
}

/// A walk entry as a pool entry.
fn entry(entry: walk::Entry) -> pool::Entry<WalkDir> {
    match entry {
        walk::Entry::File(haystack) => pool::Entry::File(haystack),
        walk::Entry::Stdin => pool::Entry::File(Haystack::Stdin),
        walk::Entry::Dir(dir) => pool::Entry::Dir(WalkDir::Dir(dir)),
        walk::Entry::Error(message) => pool::Entry::Error(message),
    }
}

impl Lister for WalkLister<'_> {
    type Dir = WalkDir;

    fn list(&self, dir: &WalkDir) -> pool::Listing<WalkDir> {
        match dir {
            WalkDir::Dir(dir) => {
                let listing = self.0.list(dir);
                pool::Listing {
                    entries: listing.entries.into_iter().map(entry).collect(),
                    warnings: listing.warnings,
                }
            }
            WalkDir::Sorted => {
                let mut entries = vec![];
                self.0.run(|haystack| {
                    entries.push(match haystack {
                        Haystack::Error(message) => pool::Entry::Error(message),
                        other => pool::Entry::File(other),
                    });
                    true
                });
                pool::Listing {
                    entries,
                    warnings: vec![],
                }
            }
        }
    }
}

/// Where workers get their batches and send their outcomes: the pool, behind an
/// interface that does not name the walk, so that the transports need not either.
pub trait Jobs: Sync {
    /// The next run of files for `worker`, after running any listings that come first.
    fn next_batch(&self, worker: usize) -> Option<Vec<Job>>;
    /// The next run of files for `worker` if one is ready now, after running any listings
    /// that come first; None, without waiting, when none is.
    fn ready_batch(&self, worker: usize) -> Option<Vec<Job>>;
    /// Takes finished (or streamed) outcomes; false when the run is stopping.
    fn complete(&self, outcomes: Vec<Outcome>) -> bool;
    /// A worker has stopped for good.
    fn exited(&self);
}

impl<L: Lister> Jobs for Pool<'_, L> {
    fn next_batch(&self, worker: usize) -> Option<Vec<Job>> {
        let mut task = self.take(worker)?;
        loop {
            task = match task {
                Task::List(id, dir) => match self.list(worker, id, dir) {
                    Some(next) => next?,
                    None => self.take(worker)?,
                },
                Task::Search(batch) => return Some(batch),
            };
        }
    }

    fn ready_batch(&self, worker: usize) -> Option<Vec<Job>> {
        let mut task = self.try_take(worker)?;
        loop {
            task = match task {
                Task::List(id, dir) => self.list(worker, id, dir)??,
                Task::Search(batch) => return Some(batch),
            };
        }
    }

    fn complete(&self, outcomes: Vec<Outcome>) -> bool {
        Pool::complete(self, outcomes)
    }

    fn exited(&self) {
        self.worker_exited();
    }
}

impl<L: Lister> Progress for Pool<'_, L> {
    fn advance(&self, printed: u64, bytes_waiting: usize, bytes_received: u64) {
        Pool::advance(self, printed, bytes_waiting, bytes_received);
    }

    fn close(&self) {
        Pool::close(self);
    }
}

/// Tells the pool when a worker's thread ends, by return or by panic, so that the run
/// never waits for jobs that nobody will finish.
struct Exit<'p>(&'p dyn Jobs);

impl Drop for Exit<'_> {
    fn drop(&mut self) {
        self.0.exited();
    }
}

/// Where a worker sends its outcomes.
#[derive(Clone, Copy)]
pub struct Done<'p> {
    pool: &'p dyn Jobs,
}

/// The run is stopping: outcomes are no longer wanted.
#[derive(Debug)]
pub struct Stopped;

impl Done<'_> {
    /// Hands `outcomes` to the pool.
    pub fn send(&self, outcomes: Vec<Outcome>) -> Result<(), Stopped> {
        if self.pool.complete(outcomes) {
            Ok(())
        } else {
            Err(Stopped)
        }
    }
}

/// What every worker shares, whatever its transport.
#[derive(Clone, Copy)]
pub struct WorkerContext<'a> {
    /// The compiled patterns.
    pub matcher: &'a Matcher,
    /// The output format.
    pub printer: &'a Printer,
    /// What to select and which context to show.
    pub search: &'a SearchOptions,
    /// Set when the run must stop.
    pub cancel: &'a AtomicBool,
    /// Count every match in a line, for `--stats`.
    pub count_every_match: bool,
    /// Stream stdin's output as it is found (see [`search_streamed`]).
    pub stream: bool,
    /// Measure the CPU time of each batch, for `--stats`.
    pub measure_cpu: bool,
}

impl<'a> WorkerContext<'a> {
    /// A searcher configured for this run.
    pub fn searcher(&self) -> Searcher<'a> {
        let mut searcher = Searcher::new(self.matcher, self.printer, self.search);
        searcher.count_every_match(self.count_every_match);
        searcher
    }

    /// Whether the run is stopping.
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Whether `job`'s output is streamed: stdin's, under line buffering.
    pub fn streams(&self, job: &Job) -> bool {
        self.stream && job.haystack == Haystack::Stdin
    }
}

/// The batches of one worker: the pool runs the listings that come first on the
/// worker's own thread, and the run's end ends the iteration.
pub struct Admitted<'p> {
    pool: &'p dyn Jobs,
    worker: usize,
}

impl Admitted<'_> {
    /// The next run of files if one is ready now; None, without waiting, when none is.
    pub fn ready(&mut self) -> Option<Vec<Job>> {
        self.pool.ready_batch(self.worker)
    }
}

impl Iterator for Admitted<'_> {
    type Item = Vec<Job>;

    fn next(&mut self) -> Option<Vec<Job>> {
        self.pool.next_batch(self.worker)
    }
}
