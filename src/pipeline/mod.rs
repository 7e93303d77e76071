//! The pipeline: all of trawl's concurrency lives here.
//!
//! ```text
//! walker ──(seq, haystack) batches──► workers ×N ──(seq, output, stats, errors)──► collector
//! 1 thread   bounded channel           threads or child processes                  stdout
//! ```
//!
//! The walker numbers haystacks in walk order and sends them in batches through a bounded
//! channel. A worker asks the [`window::Window`] for room before it starts a batch, then
//! searches one haystack at a time into its own buffer: in [`threads`] each worker is a thread, in [`processes`] each
//! worker is a thread that drives a child process of this same binary. The collector prints
//! buffers in sequence order. Cancellation (a closed stdout) is one shared flag that every
//! stage checks between files.
//!
//! Standard input is the one haystack whose output may come in parts: under line buffering
//! the worker that searches it hands each part on as soon as it is rendered
//! ([`search_streamed`]), since stdin may be a pipe that stays open for hours. The collector
//! prints a part at once when stdin is next in order, and holds it like any result
//! otherwise.

pub mod collector;
pub mod interrupt;
pub mod processes;
pub mod protocol;
pub mod stats;
pub mod threads;
pub mod window;

use std::io::{self, BufWriter};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Instant;

use crossbeam_channel::{Receiver, Sender, bounded, unbounded};

use self::collector::{Collector, Summary};
use self::stats::{Report, WalkerStats, WorkerStats};
use self::window::Window;
use crate::matcher::Matcher;
use crate::printer::{OutputMode, Printer};
use crate::search::stream::{Part, Stream};
use crate::search::{FileStats, Rendered, SearchOptions, Searcher, Source};
use crate::walk::{Haystack, Walker};

/// Haystacks per batch. Batches cut channel traffic for trees of small files, and in
/// process mode they are the unit of a round trip; 16 is small enough that the last batch
/// of a tree leaves no worker idle for long.
const BATCH: usize = 16;

/// Batches the channel holds per worker. The walker is bursty: a directory of matching
/// files yields a batch every few microseconds, and one of files the filters exclude
/// yields nothing for milliseconds. With 2 batches per worker the walker of
/// `trawl -O c '[A-Z]+_SUSPEND'` on the Linux tree spent 80 ms of its 290 ms blocked on
/// a full channel while the workers later sat idle; with 32, 13 ms. The channel holds
/// only paths: the window bounds what the workers start ([`Admitted`]).
const BATCHES_PER_WORKER: usize = 32;

/// A worker sends its results when its batch is done, or sooner, right after a file
/// bigger than this: so one large file cannot hold back the small results ahead of it in
/// its batch, while a batch of small files still costs one channel message.
pub const EARLY_SEND_BYTES: u64 = 1 << 20;

/// Capacity of the buffered writer on stdout.
const STDOUT_BUFFER: usize = 64 * 1024;

/// How workers are run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Worker threads in this process.
    Threads,
    /// Worker processes of this same binary.
    Processes,
}

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
    let window = Window::new();
    let cancel = AtomicBool::new(false);
    let _sigint = interrupt::watch(&cancel);
    let (job_tx, job_rx) = bounded::<Vec<Job>>(workers * BATCHES_PER_WORKER);
    let (done_tx, done_rx) = unbounded::<Vec<Outcome>>();
    let stdout = io::stdout();

    let (summary, walker_stats, worker_stats) = thread::scope(|scope| {
        let (window, cancel) = (&window, &cancel);
        let feeder = scope.spawn(move || feed(walker, job_tx, cancel));
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let jobs = Admitted {
                    jobs: job_rx.clone(),
                    window,
                };
                let done = done_tx.clone();
                let context = WorkerContext {
                    matcher,
                    printer,
                    search: &options.search,
                    cancel,
                    count_every_match: options.count_every_match,
                    stream: options.line_buffered,
                };
                match options.mode {
                    Mode::Threads => scope.spawn(move || threads::work(jobs, done, context)),
                    Mode::Processes => {
                        let setup = &options.worker_setup;
                        scope.spawn(move || processes::drive(jobs, done, context, setup))
                    }
                }
            })
            .collect();
        drop(job_rx);
        drop(done_tx);
        let out = BufWriter::with_capacity(STDOUT_BUFFER, stdout.lock());
        let mut collector = Collector::new(out, options.line_buffered, window, cancel);
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
        let summary = collector.run(done_rx);
        // A stage that panicked has already reported its files through the panic guard in
        // `search_guarded`; its stats are simply missing.
        let walker_stats = feeder.join().unwrap_or_default();
        let worker_stats: Vec<WorkerStats> = handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect();
        (summary, walker_stats, worker_stats)
    });

    let mut totals = summary.totals;
    if !printer.prints_lines() {
        // ripgrep counts only the bytes of printed lines; -c and -l lines do not count.
        totals.bytes_printed = 0;
    }
    let report = Report {
        mode: options.mode,
        totals,
        elapsed: started.elapsed(),
        walker: walker_stats,
        workers: worker_stats,
        collector: summary.collector.clone(),
    };
    Outcomes { summary, report }
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

/// The batches a worker may start: each one waits for room in the reorder window, and
/// the run's end (a closed window, or no more batches) ends the iteration.
pub struct Admitted<'a> {
    jobs: Receiver<Vec<Job>>,
    window: &'a Window,
}

impl Iterator for Admitted<'_> {
    type Item = Vec<Job>;

    fn next(&mut self) -> Option<Vec<Job>> {
        let batch = self.jobs.recv().ok()?;
        let (first, last) = (batch.first()?.seq, batch.last()?.seq);
        self.window.admit(first, last).then_some(batch)
    }
}

/// The walker thread: numbers haystacks and sends them in batches.
fn feed(walker: &Walker, jobs: Sender<Vec<Job>>, cancel: &AtomicBool) -> WalkerStats {
    let started = Instant::now();
    let mut stats = WalkerStats::default();
    let mut seq = 0;
    let mut batch = Vec::with_capacity(BATCH);
    let send = |batch: Vec<Job>, stats: &mut WalkerStats| {
        let blocked = Instant::now();
        let sent = jobs.send(batch).is_ok();
        stats.blocked += blocked.elapsed();
        sent
    };
    walker.run(|haystack| {
        if cancel.load(Ordering::Relaxed) {
            return false;
        }
        batch.push(Job { seq, haystack });
        seq += 1;
        if batch.len() < BATCH {
            return true;
        }
        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
        send(full, &mut stats)
    });
    if !batch.is_empty() {
        send(batch, &mut stats);
    }
    stats.yielded = seq;
    stats.walking = started.elapsed().saturating_sub(stats.blocked);
    stats
}

/// Searches one job. This is the unit of work of every transport.
pub fn search_job(searcher: &mut Searcher<'_>, job: &Job) -> Outcome {
    let mut outcome = Outcome {
        seq: job.seq,
        ..Outcome::default()
    };
    let (source, explicit, display): (Source<'_>, bool, &[u8]) = match &job.haystack {
        Haystack::Error(message) => {
            outcome.errors.push(message.clone());
            return outcome;
        }
        Haystack::Stdin => (Source::Stdin, true, b"<stdin>"),
        Haystack::File { path, explicit } => (
            Source::Path(path),
            *explicit,
            std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()),
        ),
    };
    let mut rendered = Rendered::default();
    match searcher.search(source, explicit, display, &mut rendered) {
        Ok(stats) => {
            outcome.stats = stats;
            outcome.output = rendered.bytes;
            outcome.records = rendered.records;
        }
        Err(err) => {
            // What was found before the error stays, as in ripgrep: the matches a
            // decompressor printed before it failed, or those before a read error.
            outcome.output = rendered.bytes;
            outcome.records = rendered.records;
            outcome
                .errors
                .push(format!("{}: {}", String::from_utf8_lossy(display), err));
        }
    }
    outcome
}

/// Searches a stdin job, sending its output to `done` in parts as it is rendered; the
/// outcome returned is the last part, with the stats. A line-buffered reader of a pipe
/// that stays open (`tail -f log | trawl --line-buffered x`) sees each result as soon as
/// its line arrives, as with ripgrep, not when the pipe closes. The caller sends that last
/// outcome on at once, so that a run that is stopping can still count it.
pub fn search_streamed<'a>(
    searcher: &mut Searcher<'a>,
    context: &WorkerContext<'a>,
    job: &Job,
    done: &Sender<Vec<Outcome>>,
) -> Outcome {
    let (seq, done, cancel) = (job.seq, done.clone(), context.cancel);
    searcher.stream(Some(Stream::new(cancel, move |part| {
        !cancel.load(Ordering::Relaxed) && done.send(vec![Outcome::part(seq, part)]).is_ok()
    })));
    let outcome = search_guarded(searcher, context, job);
    searcher.stream(None);
    outcome
}

/// [`search_job`], with a panic turned into an error about the file, so that a bug in one
/// file's search loses nothing else. The searcher is rebuilt, since a panic may have left
/// it half-way through a file.
pub fn search_guarded<'a>(
    searcher: &mut Searcher<'a>,
    context: &WorkerContext<'a>,
    job: &Job,
) -> Outcome {
    match catch_unwind(AssertUnwindSafe(|| search_job(searcher, job))) {
        Ok(outcome) => outcome,
        Err(_) => {
            *searcher = context.searcher();
            Outcome::error(
                job.seq,
                format!("{}: internal error while searching", job.haystack.name()),
            )
        }
    }
}
