//! What each stage of the pipeline did, for `--stats`.
//!
//! Stages measure themselves with a monotonic clock per batch or per wait, never per line,
//! so the measurements cost nothing a user could notice.

use std::io::{self, Write};
use std::time::Duration;

use super::pool::LockStats;
use crate::config::Mode;

/// One worker's work.
#[derive(Clone, Debug, Default)]
pub struct WorkerStats {
    /// Directories listed.
    pub listings: u64,
    /// Entries those listings yielded.
    pub entries: u64,
    /// The longest listing.
    pub listing_longest: Duration,
    /// Time spent listing directories.
    pub listing: Duration,
    /// Haystacks searched.
    pub files: u64,
    /// Bytes searched.
    pub bytes: u64,
    /// Time spent searching.
    pub busy: Duration,
    /// The longest batch of files searched (a bound on its longest file: the clocks are
    /// read per batch, never per file), or, in process mode, the longest round trip.
    pub longest: Duration,
    /// The most CPU time one batch took, when measured (`--stats`, thread mode).
    pub longest_cpu: Duration,
    /// Time waiting for work, or for room in the window.
    pub idle: Duration,
    /// Process mode: batches sent to the worker process and answered.
    pub round_trips: u64,
    /// Process mode: bytes of frames sent to and read from the worker processes.
    pub framed_bytes: u64,
    /// Process mode: time spent encoding and decoding frames, in the parent and in the
    /// worker processes.
    pub framing: Duration,
    /// Process mode: the pids of every worker process this worker started.
    pub pids: Vec<u32>,
    /// Thread mode: files this worker started while a huge file was being searched in
    /// chunks. Workers pause while one is, so this stays near 0: only a file started in
    /// the instant a chunked search began counts.
    pub beside_chunks: u64,
}

/// The collector's work.
#[derive(Clone, Debug, Default)]
pub struct CollectorStats {
    /// Results printed.
    pub printed: u64,
    /// Most results that waited at once for an earlier one.
    pub high_water_files: usize,
    /// Most rendered bytes that waited at once.
    pub high_water_bytes: usize,
    /// Time spent waiting for the next result in order.
    pub waiting: Duration,
    /// The collector thread's CPU time.
    pub cpu: Duration,
    /// Huge files searched in parallel chunks, and their chunks.
    pub chunked_files: u64,
    /// The chunks of those files.
    pub chunks: u64,
}

/// The totals ripgrep's `--stats` block reports.
#[derive(Clone, Copy, Debug, Default)]
pub struct Totals {
    /// Matches found.
    pub matches: u64,
    /// Lines that matched.
    pub matched_lines: u64,
    /// Files with at least one match.
    pub files_with_matches: u64,
    /// Files searched, binary files included.
    pub files_searched: u64,
    /// Bytes written to stdout.
    pub bytes_printed: u64,
    /// Bytes searched.
    pub bytes_searched: u64,
}

/// Everything `--stats` prints.
#[derive(Clone, Debug)]
pub struct Report {
    /// The transport.
    pub mode: Mode,
    /// ripgrep's totals.
    pub totals: Totals,
    /// Seconds from start to end of the pipeline.
    pub elapsed: Duration,
    /// Files the walk found.
    pub files_found: u64,
    /// How the pool's lock was held.
    pub lock: LockStats,
    /// One entry per worker.
    pub workers: Vec<WorkerStats>,
    /// The collector.
    pub collector: CollectorStats,
}

impl Report {
    /// Writes ripgrep's `--stats` block, then trawl's pipeline section.
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        let t = &self.totals;
        let searching: Duration = self.workers.iter().map(|w| w.busy).sum();
        writeln!(out)?;
        writeln!(out, "{} matches", t.matches)?;
        writeln!(out, "{} matched lines", t.matched_lines)?;
        writeln!(out, "{} files contained matches", t.files_with_matches)?;
        writeln!(out, "{} files searched", t.files_searched)?;
        writeln!(out, "{} bytes printed", t.bytes_printed)?;
        writeln!(out, "{} bytes searched", t.bytes_searched)?;
        writeln!(
            out,
            "{:.6} seconds spent searching",
            searching.as_secs_f64()
        )?;
        writeln!(out, "{:.6} seconds total", self.elapsed.as_secs_f64())?;

        let mode = match self.mode {
            Mode::Threads => "threads",
            Mode::Processes => "processes",
        };
        writeln!(out)?;
        writeln!(out, "pipeline: {mode}, {} workers", self.workers.len())?;
        let listings: u64 = self.workers.iter().map(|w| w.listings).sum();
        let listing: Duration = self.workers.iter().map(|w| w.listing).sum();
        writeln!(
            out,
            "walk: {} files found in {listings} directories, listed by the workers in {:.6} s",
            self.files_found,
            listing.as_secs_f64()
        )?;
        for (i, worker) in self.workers.iter().enumerate() {
            write!(
                out,
                "worker {i}: {} listings in {:.6} s, {} files, {} bytes, {:.6} s busy, {:.6} s idle",
                worker.listings,
                worker.listing.as_secs_f64(),
                worker.files,
                worker.bytes,
                worker.busy.as_secs_f64(),
                worker.idle.as_secs_f64()
            )?;
            if self.mode == Mode::Processes {
                let pids: Vec<String> = worker.pids.iter().map(u32::to_string).collect();
                write!(
                    out,
                    ", {} round trips, {} bytes framed, {:.6} s framing, pids {}",
                    worker.round_trips,
                    worker.framed_bytes,
                    worker.framing.as_secs_f64(),
                    pids.join(",")
                )?;
            }
            writeln!(out)?;
        }
        let c = &self.collector;
        let longest = self
            .workers
            .iter()
            .map(|w| w.longest.max(w.listing_longest))
            .max();
        let (user, system, children) = cpu_times();
        writeln!(
            out,
            "serial: collector {:.6} s busy, pool lock {:.6} s held, longest job {:.6} s; cpu {:.6} s user, {:.6} s system, {:.6} s in children",
            self.elapsed.saturating_sub(c.waiting).as_secs_f64(),
            self.lock.held.as_secs_f64(),
            longest.unwrap_or_default().as_secs_f64(),
            user.as_secs_f64(),
            system.as_secs_f64(),
            children.as_secs_f64()
        )?;
        if let Some(lock_cpu) = self.lock.cpu
            && self.mode == Mode::Threads
        {
            // The same chains in CPU time: a thread that was preempted while it held the
            // lock, or in the middle of a batch, does not count the time it waited for a
            // core. On a machine with a core for every thread, the two agree.
            let longest_cpu = self.workers.iter().map(|w| w.longest_cpu).max();
            writeln!(
                out,
                "serial cpu: collector {:.6} s, pool lock {:.6} s in {} holds, longest job {:.6} s",
                c.cpu.as_secs_f64(),
                lock_cpu.as_secs_f64(),
                self.lock.holds,
                longest_cpu.unwrap_or_default().as_secs_f64(),
            )?;
        }
        writeln!(
            out,
            "collector: {} results printed, reorder high-water {} files / {} bytes, {:.6} s waiting for the next result",
            c.printed,
            c.high_water_files,
            c.high_water_bytes,
            c.waiting.as_secs_f64()
        )?;
        write!(
            out,
            "huge files: {} searched in {} parallel chunks",
            c.chunked_files, c.chunks
        )?;
        if self.mode == Mode::Threads {
            let beside: u64 = self.workers.iter().map(|w| w.beside_chunks).sum();
            write!(out, ", {beside} other files started meanwhile")?;
        }
        writeln!(out)
    }
}

/// The CPU time the calling thread has used so far (`CLOCK_THREAD_CPUTIME_ID`); zero if
/// the clock cannot be read.
pub fn thread_cpu() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes into the timespec it is given.
    if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) } != 0 {
        return Duration::ZERO;
    }
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// The CPU time of this process so far, user and system, and of its waited-for children
/// (the worker processes), from `getrusage`.
fn cpu_times() -> (Duration, Duration, Duration) {
    let usage = |who| {
        // SAFETY: getrusage only writes into the zeroed struct it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(who, &mut usage) } != 0 {
            return (Duration::ZERO, Duration::ZERO);
        }
        let time = |t: libc::timeval| {
            Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
        };
        (time(usage.ru_utime), time(usage.ru_stime))
    };
    let (user, system) = usage(libc::RUSAGE_SELF);
    let (child_user, child_system) = usage(libc::RUSAGE_CHILDREN);
    (user, system, child_user + child_system)
}
