//! The process transport: each worker is a thread of the parent that drives one child
//! process of this same binary, started with the hidden `--worker` flag.
//!
//! The parent sends batches of `(seq, path)` on the child's stdin and reads one OUTCOME
//! frame per file from its stdout ([`super::protocol`]). The child searches and renders
//! with the same code as a thread worker, so the output is byte-identical.
//!
//! Invariants:
//! - One batch is in flight per child. The child answers files in the batch's order and
//!   flushes each answer, so when a child dies, the first unanswered file is the one it
//!   was searching, and the files behind it were never started.
//! - A file that was being searched when its child died is retried once, in a fresh
//!   child. If it kills that one too, it is reported as an error and the rest of the
//!   batch goes on. No result is lost or printed twice.
//! - No child outlives the parent: each child asks the kernel for SIGKILL when the thread
//!   that started it dies (`PR_SET_PDEATHSIG`), and exits on EOF on its stdin. The driver
//!   thread reaps its child in `Drop`, so no zombie outlives a run.
//! - The child's stderr is drained on its own thread, so a chatty child cannot block.
//! - Stdin and walk errors are handled in the parent; only files travel to children. Stdin
//!   is searched only once the files before it in its batch are done, so that its streamed
//!   parts are next in order and print at once.

use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::mem::ManuallyDrop;
use std::os::fd::FromRawFd;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::protocol::{Frame, Setup, read_frame, write_frame};
use super::stats::WorkerStats;
use super::{
    Admitted, Done, EARLY_SEND_BYTES, Job, Outcome, WorkerContext, search_guarded, search_streamed,
};
use crate::walk::Haystack;

/// The hidden flag that makes the binary a worker process.
pub const WORKER_FLAG: &str = "--worker";

/// Test-only fault injection, read by worker processes. Undocumented for users on purpose;
/// release builds honor it so that the tests exercise the real binary. The value is a
/// comma-separated list of:
/// - `die-on=SUFFIX`: SIGKILL itself before searching a path that ends with SUFFIX;
/// - `die-once-on=SUFFIX:MARKER`: the same, but only if the file MARKER does not exist yet,
///   creating it first, so that the retry succeeds;
/// - `delay-ms=N`: sleep N milliseconds before each file.
pub const FAULT_ENV: &str = "__TRAWL_WORKER_FAULT";

/// How many children may die on one file before it is reported as an error.
const MAX_DEATHS_PER_FILE: u32 = 2;

/// A driver thread: feeds batches to its child process and forwards the answers.
pub fn drive<'a>(
    jobs: Admitted<'a>,
    done: Done<'a>,
    context: WorkerContext<'a>,
    setup: &'a Setup,
) -> WorkerStats {
    let mut driver = Driver {
        done,
        context,
        setup,
        child: None,
        local: None,
        deaths: HashMap::new(),
        stats: WorkerStats::default(),
    };
    let mut idle_since = Instant::now();
    for batch in jobs {
        driver.stats.idle += idle_since.elapsed();
        if !driver.run_batch(batch) {
            break;
        }
        idle_since = Instant::now();
    }
    driver.stats
}

struct Driver<'a> {
    done: Done<'a>,
    context: WorkerContext<'a>,
    setup: &'a Setup,
    child: Option<WorkerProcess>,
    /// A searcher in the parent, for stdin, which a child cannot read.
    local: Option<crate::search::Searcher<'a>>,
    /// How many children died while searching each file.
    deaths: HashMap<u64, u32>,
    stats: WorkerStats,
}

impl Driver<'_> {
    /// Searches one batch to the end. Returns false when the run must stop.
    fn run_batch(&mut self, batch: Vec<Job>) -> bool {
        let mut pending = VecDeque::with_capacity(batch.len());
        for job in batch {
            let searched = match &job.haystack {
                Haystack::File { .. } => {
                    pending.push_back(job);
                    continue;
                }
                // Stdin waits for the files before it in the batch: streamed, its parts
                // can print only after their results, and it may stay open for as long
                // as its writer likes.
                Haystack::Stdin => self.search_in_children(&mut pending) && self.search_here(&job),
                Haystack::Error(_) => self.search_here(&job),
            };
            if !searched {
                return false;
            }
        }
        self.search_in_children(&mut pending)
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
        self.forward(outcome)
    }

    /// Searches `pending` in a child, in order, starting children as they are needed and
    /// retrying the file a dying child was searching. Returns false when the run must stop.
    fn search_in_children(&mut self, pending: &mut VecDeque<Job>) -> bool {
        while !pending.is_empty() {
            if self.context.cancelled() {
                return false;
            }
            let child = match self.child.take() {
                Some(child) => child,
                None => match WorkerProcess::spawn(self.setup) {
                    Ok(child) => {
                        self.stats.pids.push(child.pid());
                        child
                    }
                    Err(err) => {
                        for job in pending.drain(..) {
                            let message = format!(
                                "{}: cannot start a worker process: {err}",
                                job.haystack.name()
                            );
                            if !self.forward(Outcome::error(job.seq, message)) {
                                return false;
                            }
                        }
                        return true;
                    }
                },
            };
            let child = self.child.insert(child);
            let started = Instant::now();
            let batch: Vec<Job> = pending.iter().cloned().collect();
            let mut results = Vec::with_capacity(batch.len());
            let done = &self.done;
            let stats = &mut self.stats;
            let result = child.round_trip(batch, |outcome| {
                pending.pop_front();
                let searched = outcome.stats.bytes_searched;
                stats.files += 1;
                stats.bytes += searched;
                results.push(outcome);
                searched <= EARLY_SEND_BYTES || done.send(std::mem::take(&mut results)).is_ok()
            });
            // Whatever was answered before a failure is kept: those files are done.
            if !results.is_empty() && !self.forward_all(results) {
                return false;
            }
            self.stats.busy += started.elapsed();
            // A child answers a batch as one job, as far as the parent can see.
            self.stats.longest = self.stats.longest.max(started.elapsed());
            match result {
                Ok(true) => self.stats.round_trips += 1,
                Ok(false) => return false,
                Err(failure) => {
                    let dead = self.child.take().expect("the child just ran");
                    let reason = dead.bury(failure);
                    if !self.blame_first(pending, &reason) {
                        return false;
                    }
                }
            }
        }
        true
    }

    /// A child died while `pending[0]` was being searched: count that against the file,
    /// and report it once it has killed [`MAX_DEATHS_PER_FILE`] children.
    fn blame_first(&mut self, pending: &mut VecDeque<Job>, reason: &str) -> bool {
        let Some(first) = pending.front() else {
            return true;
        };
        let deaths = self.deaths.entry(first.seq).or_insert(0);
        *deaths += 1;
        if *deaths < MAX_DEATHS_PER_FILE {
            return true;
        }
        let job = pending.pop_front().expect("front exists");
        let message = format!("{}: {reason}", job.haystack.name());
        self.forward(Outcome::error(job.seq, message))
    }

    fn forward(&mut self, outcome: Outcome) -> bool {
        self.forward_all(vec![outcome])
    }

    fn forward_all(&mut self, outcomes: Vec<Outcome>) -> bool {
        self.done.send(outcomes).is_ok()
    }
}

/// Why a round trip failed.
enum Failure {
    /// The child's pipes closed or broke: it died or is dying.
    Died,
    /// The child sent something that is not a valid answer.
    Protocol(String),
}

/// A running worker process. Dropping it closes its stdin and reaps it.
struct WorkerProcess {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    stderr_drain: Option<JoinHandle<()>>,
    frame: Vec<u8>,
}

impl WorkerProcess {
    /// Starts a child and sends it `setup`, its first frame. The child's only argument is
    /// the worker flag: it learns the run from the frame, and reads nothing else.
    fn spawn(setup: &Setup) -> io::Result<WorkerProcess> {
        let exe = std::env::current_exe()?;
        let mut command = Command::new(exe);
        command
            .arg(WORKER_FLAG)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        die_with_parent(&mut command);
        let mut child = command.spawn()?;
        let mut stdin = child.stdin.take().expect("stdin was piped");
        let mut frame = Vec::new();
        // A child that dies before it reads this fails its first round trip, which says
        // why; the error here would say less.
        let _ = write_frame(&mut stdin, &Frame::Setup(setup.clone()), &mut frame);
        let stdout = child.stdout.take().expect("stdout was piped");
        let mut stderr = child.stderr.take().expect("stderr was piped");
        let stderr_drain = std::thread::Builder::new()
            .name("trawl-worker-stderr".into())
            .spawn(move || {
                let mut text = Vec::new();
                let _ = stderr.read_to_end(&mut text);
                if !text.is_empty() {
                    let _ = io::stderr().write_all(&text);
                }
            })?;
        Ok(WorkerProcess {
            child,
            stdin: Some(stdin),
            stdout: BufReader::new(stdout),
            stderr_drain: Some(stderr_drain),
            frame,
        })
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends `jobs` as one batch and passes each answer to `answer`, in order, until the
    /// child reports the batch done. `answer` returns false to stop the run.
    fn round_trip(
        &mut self,
        jobs: Vec<Job>,
        mut answer: impl FnMut(Outcome) -> bool,
    ) -> Result<bool, Failure> {
        let seqs: Vec<u64> = jobs.iter().map(|job| job.seq).collect();
        let stdin = self
            .stdin
            .as_mut()
            .expect("stdin is open while the child runs");
        write_frame(stdin, &Frame::Batch(jobs), &mut self.frame).map_err(|_| Failure::Died)?;
        stdin.flush().map_err(|_| Failure::Died)?;
        let mut expected = seqs.into_iter();
        loop {
            match read_frame(&mut self.stdout, &mut self.frame) {
                Ok(Some(Frame::Outcome(outcome))) => {
                    if expected.next() != Some(outcome.seq) {
                        return Err(Failure::Protocol(format!(
                            "worker process answered out of order (sequence number {})",
                            outcome.seq
                        )));
                    }
                    if !answer(outcome) {
                        return Ok(false);
                    }
                }
                Ok(Some(Frame::BatchDone(_))) => {
                    return match expected.next() {
                        None => Ok(true),
                        Some(_) => Err(Failure::Protocol(
                            "worker process finished a batch early".into(),
                        )),
                    };
                }
                Ok(Some(Frame::Batch(_) | Frame::Setup(_))) => {
                    return Err(Failure::Protocol("worker process sent a request".into()));
                }
                Ok(None) => return Err(Failure::Died),
                Err(err) if err.kind() == io::ErrorKind::InvalidData => {
                    return Err(Failure::Protocol(format!("worker process sent a {err}")));
                }
                // A torn frame or a broken pipe: the child is gone, and its exit status
                // says why better than the read does.
                Err(_) => return Err(Failure::Died),
            }
        }
    }

    /// Reaps a child after a failed round trip, and says what went wrong.
    fn bury(mut self, failure: Failure) -> String {
        match failure {
            Failure::Protocol(reason) => {
                let _ = self.child.kill();
                reason
            }
            Failure::Died => {
                self.stdin = None;
                match self.reap(Duration::from_secs(5)) {
                    Some(status) => describe_death(status),
                    None => "worker process stopped answering".to_string(),
                }
            }
        }
    }

    /// Waits up to `grace` for the child to exit, then kills it. Returns its status if it
    /// exited on its own.
    fn reap(&mut self, grace: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + grace;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return Some(status),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                _ => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    return None;
                }
            }
        }
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        // EOF on stdin tells a healthy child to exit at once.
        self.stdin = None;
        self.reap(Duration::from_millis(500));
        if let Some(drain) = self.stderr_drain.take() {
            let _ = drain.join();
        }
    }
}

fn describe_death(status: ExitStatus) -> String {
    match (status.signal(), status.code()) {
        (Some(signal), _) => format!("worker process died (signal {signal})"),
        (None, Some(code)) => format!("worker process exited unexpectedly (status {code})"),
        (None, None) => "worker process died".to_string(),
    }
}

/// Makes the child receive SIGKILL when the thread that started it dies, and exit at once
/// if the parent is already gone by the time it runs. The child ignores SIGINT: Ctrl-C
/// reaches the whole process group, and the parent, which handles it, stops its children
/// itself, so none dies half-way through an answer and gets blamed for it.
fn die_with_parent(command: &mut Command) {
    // SAFETY: getpid, prctl, getppid, signal and _exit are async-signal-safe, which is all
    // that may run between fork and exec; nothing here allocates or takes a lock.
    let parent = unsafe { libc::getpid() };
    unsafe {
        command.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0) != 0 {
                return Err(io::Error::last_os_error());
            }
            if libc::getppid() != parent {
                libc::_exit(1);
            }
            // An ignored signal stays ignored across exec.
            libc::signal(libc::SIGINT, libc::SIG_IGN);
            Ok(())
        });
    }
}

/// Reads the SETUP frame that a worker process gets first on its stdin.
pub fn read_setup() -> io::Result<Setup> {
    match read_frame(&mut io::stdin().lock(), &mut Vec::new())? {
        Some(Frame::Setup(setup)) => Ok(setup),
        Some(_) => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "the parent's first frame is not a setup",
        )),
        None => Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the parent sent no setup",
        )),
    }
}

/// Whether this process was started as a worker process: its only argument is the worker
/// flag, which no user run has.
pub fn is_worker_invocation() -> bool {
    let mut args = std::env::args_os().skip(1);
    args.next().is_some_and(|arg| arg == WORKER_FLAG) && args.next().is_none()
}

/// The worker process's main loop: reads batches from stdin, answers on stdout, and
/// returns when stdin ends. A broken stdout means the parent is gone: stop quietly.
pub fn serve(context: WorkerContext<'_>) -> io::Result<()> {
    let fault = Fault::from_env();
    let mut input = io::stdin().lock();
    // SAFETY: fd 1 stays open for the life of the process, and ManuallyDrop keeps this
    // File from closing it. Writing to it directly avoids stdout's line buffering, which
    // would split binary frames at every newline byte.
    let mut output = ManuallyDrop::new(unsafe { File::from_raw_fd(1) });
    let mut searcher = context.searcher();
    let (mut read_buf, mut write_buf) = (Vec::new(), Vec::new());
    loop {
        let jobs = match read_frame(&mut input, &mut read_buf)? {
            None => return Ok(()),
            Some(Frame::Batch(jobs)) => jobs,
            Some(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "the parent sent a frame that is not a batch",
                ));
            }
        };
        let started = Instant::now();
        for job in &jobs {
            crate::search::chunked::pause_while_active();
            fault.before(&job.haystack);
            let outcome = search_guarded(&mut searcher, &context, job);
            write_frame(&mut *output, &Frame::Outcome(outcome), &mut write_buf)?;
        }
        let busy = started.elapsed().as_nanos() as u64;
        write_frame(&mut *output, &Frame::BatchDone(busy), &mut write_buf)?;
    }
}

/// Faults injected by the tests through [`FAULT_ENV`].
#[derive(Default)]
struct Fault {
    die_on: Vec<String>,
    die_once_on: Vec<(String, String)>,
    delay: Option<Duration>,
}

impl Fault {
    fn from_env() -> Fault {
        let mut fault = Fault::default();
        let Ok(spec) = std::env::var(FAULT_ENV) else {
            return fault;
        };
        for item in spec.split(',') {
            if let Some(suffix) = item.strip_prefix("die-on=") {
                fault.die_on.push(suffix.to_string());
            } else if let Some(rest) = item.strip_prefix("die-once-on=")
                && let Some((suffix, marker)) = rest.split_once(':')
            {
                fault
                    .die_once_on
                    .push((suffix.to_string(), marker.to_string()));
            } else if let Some(ms) = item.strip_prefix("delay-ms=") {
                fault.delay = ms.parse().ok().map(Duration::from_millis);
            }
        }
        fault
    }

    fn before(&self, haystack: &Haystack) {
        if let Some(delay) = self.delay {
            std::thread::sleep(delay);
        }
        let name = haystack.name();
        let once = self.die_once_on.iter().any(|(suffix, marker)| {
            name.ends_with(suffix.as_str()) && File::create_new(marker).is_ok()
        });
        if once
            || self
                .die_on
                .iter()
                .any(|suffix| name.ends_with(suffix.as_str()))
        {
            // SAFETY: kill and getpid have no memory-safety preconditions.
            unsafe {
                libc::kill(libc::getpid(), libc::SIGKILL);
            }
        }
    }
}
