//! One worker process, as its driver sees it: started with the setup frame, fed batches,
//! read answer by answer, and reaped.
//!
//! Invariants:
//! - A child is reaped in `Drop`: EOF on its stdin asks it to exit, and after a grace
//!   period it is killed. No zombie outlives a run.
//! - Its stderr is drained on its own thread, so a chatty child cannot block.
//! - The parent reads its answers through a large buffer, so a batch answered in one
//!   write costs one or two reads, not one per file.

use std::io::{self, BufReader, Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::super::protocol::{Frame, Setup, append_batch, decode, encode, read_raw};
use super::super::stats::WorkerStats;
use super::super::{Job, Outcome};
use super::WORKER_FLAG;

/// The parent's read buffer on a child's stdout: a whole batch's answer, for a batch of
/// small files, in one read.
const READ_BUFFER: usize = 256 * 1024;

/// The size asked for each pipe to a child (`F_SETPIPE_SZ`). Linux's default of 64 KiB
/// would split a batch's answer into several writes and reads; 1 MiB is the default
/// limit for unprivileged processes (`/proc/sys/fs/pipe-max-size`). A refusal is harmless.
const PIPE_BYTES: libc::c_int = 1 << 20;

/// Why a round trip failed.
pub enum Failure {
    /// The child's pipes closed or broke: it died or is dying.
    Died,
    /// The child sent something that is not a valid answer.
    Protocol(String),
}

/// What a child says next.
pub enum Answer {
    /// The outcome of the next file of its batch.
    Outcome(Outcome),
    /// The batch is done, after this long searching it.
    BatchDone(Duration),
}

/// A running worker process. Dropping it closes its stdin and reaps it.
pub struct WorkerProcess {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    stderr_drain: Option<JoinHandle<()>>,
    frame: Vec<u8>,
}

impl WorkerProcess {
    /// Starts a child and sends it `setup`, its first frame. The child's only argument is
    /// the worker flag: it learns the run from the frame, and reads nothing else.
    pub fn spawn(setup: &Setup) -> io::Result<WorkerProcess> {
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
        let stdout = child.stdout.take().expect("stdout was piped");
        grow_pipe(&stdin);
        grow_pipe(&stdout);
        let mut frame = Vec::new();
        // A child that dies before it reads this fails its first round trip, which says
        // why; the error here would say less.
        encode(&Frame::Setup(setup.clone()), &mut frame);
        let _ = stdin.write_all(&frame);
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
            stdout: BufReader::with_capacity(READ_BUFFER, stdout),
            stderr_drain: Some(stderr_drain),
            frame,
        })
    }

    /// The child's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends `jobs` as one batch, answered whole or, with `each_file`, file by file.
    pub fn send(
        &mut self,
        jobs: &[Job],
        each_file: bool,
        stats: &mut WorkerStats,
    ) -> Result<(), Failure> {
        let started = Instant::now();
        self.frame.clear();
        append_batch(jobs, each_file, &mut self.frame);
        stats.framing += started.elapsed();
        stats.framed_bytes += self.frame.len() as u64;
        let stdin = self.stdin.as_mut().ok_or(Failure::Died)?;
        stdin.write_all(&self.frame).map_err(|_| Failure::Died)
    }

    /// Reads the child's next answer.
    pub fn answer(&mut self, stats: &mut WorkerStats) -> Result<Answer, Failure> {
        let kind = match read_raw(&mut self.stdout, &mut self.frame) {
            Ok(Some(kind)) => kind,
            Ok(None) => return Err(Failure::Died),
            Err(err) if err.kind() == io::ErrorKind::InvalidData => {
                return Err(Failure::Protocol(format!("worker process sent a {err}")));
            }
            // A torn frame or a broken pipe: the child is gone, and its exit status says
            // why better than the read does.
            Err(_) => return Err(Failure::Died),
        };
        let started = Instant::now();
        let frame = decode(kind, &self.frame);
        stats.framing += started.elapsed();
        stats.framed_bytes += self.frame.len() as u64 + 10;
        match frame {
            Ok(Frame::Outcome(outcome)) => Ok(Answer::Outcome(outcome)),
            Ok(Frame::BatchDone {
                busy_ns,
                framing_ns,
            }) => {
                stats.framing += Duration::from_nanos(framing_ns);
                Ok(Answer::BatchDone(Duration::from_nanos(busy_ns)))
            }
            Ok(Frame::Batch { .. } | Frame::Setup(_)) => {
                Err(Failure::Protocol("worker process sent a request".into()))
            }
            Err(err) => Err(Failure::Protocol(format!("worker process sent a {err}"))),
        }
    }

    /// Kills the child at once, for a run that is stopping: its answers are not wanted.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
    }

    /// Reaps a child after a failed round trip, and says what went wrong.
    pub fn bury(mut self, failure: Failure) -> String {
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

/// Asks the kernel for a pipe of [`PIPE_BYTES`]; on failure the pipe keeps its size.
fn grow_pipe(pipe: &impl AsRawFd) {
    // SAFETY: F_SETPIPE_SZ takes an int and touches no memory of ours; the fd is open.
    unsafe {
        libc::fcntl(pipe.as_raw_fd(), libc::F_SETPIPE_SZ, PIPE_BYTES);
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
