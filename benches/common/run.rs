//! One run of a tool: spawn it with stdin on `/dev/null` and stdout on a pipe, read the
//! pipe to its end while counting and hashing lines, then reap the child. The wall time
//! spans spawn to reap.
//!
//! Peak RSS is measured by running the tool under GNU time (`/usr/bin/time -f %M`), not
//! with `wait4` on our own child. On exec, Linux folds the high-water RSS of the address
//! space being replaced into the process's `maxrss`, so a child of this process reports at
//! least this process's RSS (its peak, when std spawns with posix_spawn's vfork). GNU time
//! is a process of about 1 MiB that forks the tool itself, so that is the tool's floor.
//!
//! Invariants: the child is always reaped, even when it is killed for overrunning its
//! time limit, and the watchdog that kills it can never signal a pid that has already
//! been reaped and reused.

use std::ffi::OsString;
use std::hash::{DefaultHasher, Hasher};
use std::io::{self, Read};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// How a tool's line count must relate to the baseline's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountRule {
    /// The same number of lines.
    Equal,
    /// At least as many: `--stats` appends its block to the results.
    AtLeast,
}

/// One tool as a case runs it: the command, and how to judge its output.
#[derive(Clone, Debug)]
pub struct Tool {
    /// The name in reports, e.g. `rg --sort path`.
    pub label: String,
    pub program: PathBuf,
    pub args: Vec<OsString>,
    pub cwd: PathBuf,
    /// Variables set for this tool only (e.g. a locale for GNU grep).
    pub env: Vec<(String, String)>,
    pub count_rule: CountRule,
    /// A usage error (exit 2 before any output) means "not supported by this build", not
    /// a failure. Only trawl's own flags can be missing.
    pub usage_error_is_unsupported: bool,
    /// Said in the report if the line count differs: the likely cause.
    pub mismatch_hint: Option<String>,
    /// A note always shown with this tool's result.
    pub note: Option<String>,
    /// Removed from each output line before hashing it, so that outputs which differ only
    /// by a `path:` prefix can be compared.
    pub strip_prefix: Option<Vec<u8>>,
}

/// Variables that would change a tool's behaviour behind the suite's back.
const SCRUBBED_ENV: &[&str] = &[
    "RIPGREP_CONFIG_PATH",
    "TRAWL_CONFIG_PATH",
    "GREP_OPTIONS",
    "GREP_COLOR",
    "GREP_COLORS",
    "GREP_COLOUR",
    "NO_COLOR",
];

impl Tool {
    /// A tool with no extra environment that must count the same lines as the baseline.
    pub fn new<S: Into<OsString>>(
        label: impl Into<String>,
        program: impl Into<PathBuf>,
        args: impl IntoIterator<Item = S>,
        cwd: impl Into<PathBuf>,
    ) -> Tool {
        Tool {
            label: label.into(),
            program: program.into(),
            args: args.into_iter().map(Into::into).collect(),
            cwd: cwd.into(),
            env: Vec::new(),
            count_rule: CountRule::Equal,
            usage_error_is_unsupported: false,
            mismatch_hint: None,
            note: None,
            strip_prefix: None,
        }
    }

    /// The command line as a user would type it, for the report.
    pub fn command_line(&self) -> String {
        let program = self
            .program
            .file_name()
            .map_or_else(|| self.program.to_string_lossy(), |n| n.to_string_lossy());
        let mut words: Vec<String> = self
            .env
            .iter()
            .map(|(k, v)| format!("{k}={}", shell_quote(v)))
            .collect();
        words.push(program.into_owned());
        words.extend(self.args.iter().map(|a| shell_quote(&a.to_string_lossy())));
        words.join(" ")
    }

    /// The command to spawn; under GNU time when `rss` names time and its output file.
    fn command(&self, rss: Option<(&Path, &Path)>) -> Command {
        let mut cmd = match rss {
            None => Command::new(&self.program),
            Some((time, report)) => {
                let mut cmd = Command::new(time);
                cmd.args(["-q", "-f", "%M", "-o"])
                    .arg(report)
                    .arg(&self.program);
                cmd
            }
        };
        cmd.args(&self.args)
            .current_dir(&self.cwd)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // Its own process group, so a timeout kills the tool's children too.
            .process_group(0);
        for name in SCRUBBED_ENV {
            cmd.env_remove(name);
        }
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd
    }
}

/// Quotes a word for a POSIX shell when it needs it.
pub fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./=:,+@%".contains(&b));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Code(i32),
    Signal(i32),
}

/// What one run of a tool did.
#[derive(Clone, Debug)]
pub struct Run {
    pub wall: Duration,
    pub lines: u64,
    /// A hash of the whole output, in order.
    pub ordered_hash: u64,
    /// A hash of the output as a multiset of lines, for tools whose order is free.
    pub set_hash: u64,
    /// The tool's peak resident set size, when the run measured it.
    pub max_rss_kib: Option<u64>,
    /// User plus system CPU time of the tool and of every descendant it waited for (worker
    /// processes included), from `wait4`. Under GNU time it also counts GNU time itself,
    /// about a millisecond.
    pub cpu: Duration,
    pub exit: Exit,
    pub timed_out: bool,
    /// The start of stderr, enough for an error message.
    pub stderr: String,
    /// The whole output, when asked for, to explain a count mismatch.
    pub output: Option<Vec<u8>>,
}

/// Bytes of stderr kept; the rest is read and dropped so the child never blocks on it.
const STDERR_KEPT: usize = 4096;

/// Outputs larger than this are not kept for diagnosis, to bound the suite's memory.
const OUTPUT_KEPT: usize = 256 << 20;

/// Runs `tool` once, killing it after `timeout`. With `time`, the path of GNU time, the
/// run also measures the tool's peak RSS, at the cost of one more fork and exec.
pub fn run_once(
    tool: &Tool,
    timeout: Duration,
    keep_output: bool,
    time: Option<&Path>,
) -> io::Result<Run> {
    let report = time.map(|_| rss_report_path());
    let rss = time.zip(report.as_deref());
    let start = Instant::now();
    let mut child = tool.command(rss).spawn()?;
    let pid = child.id() as libc::pid_t;
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    // `exited` turns true once the child has exited but before it is reaped, so the
    // watchdog can only ever signal a pid that still belongs to our child.
    let exited = Mutex::new(false);
    let wake = Condvar::new();
    let mut timed_out = false;
    let (counter, stderr_text, waited) = std::thread::scope(|scope| {
        let watchdog = scope.spawn(|| {
            let guard = exited.lock().unwrap();
            let (guard, _) = wake.wait_timeout_while(guard, timeout, |r| !*r).unwrap();
            if !*guard {
                // SAFETY: kill(2) has no memory effects; the group is ours and unreaped.
                unsafe { libc::kill(-pid, libc::SIGKILL) };
                return true;
            }
            false
        });
        let errors = scope.spawn(move || {
            let mut kept = Vec::new();
            let mut buf = [0u8; 8192];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let room = STDERR_KEPT.saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..n.min(room)]);
            }
            String::from_utf8_lossy(&kept).into_owned()
        });
        let mut counter = LineCounter::new(tool.strip_prefix.clone(), keep_output);
        let mut buf = vec![0u8; 256 << 10];
        loop {
            match stdout.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => counter.feed(&buf[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        let waited = wait_exit(pid);
        *exited.lock().unwrap() = true;
        wake.notify_all();
        timed_out = watchdog.join().unwrap();
        (counter, errors.join().unwrap(), waited)
    });
    let (exit, cpu) = waited.and_then(|()| reap(pid))?;
    let wall = start.elapsed();
    let max_rss_kib = report.and_then(|path| {
        let text = std::fs::read_to_string(&path).ok();
        let _ = std::fs::remove_file(&path);
        // GNU time writes a line about a signal before the number; the number is last.
        text?.lines().rev().find_map(|l| l.trim().parse().ok())
    });
    let (lines, ordered_hash, set_hash, output) = counter.finish();
    Ok(Run {
        wall,
        lines,
        ordered_hash,
        set_hash,
        max_rss_kib,
        cpu,
        exit,
        timed_out,
        stderr: stderr_text,
        output,
    })
}

/// Waits until the child has exited, without reaping it.
fn wait_exit(pid: libc::pid_t) -> io::Result<()> {
    loop {
        // SAFETY: `info` is a plain C struct that waitid fills in; zeroed is a valid value.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        // SAFETY: `info` is a valid, writable siginfo_t for the duration of the call.
        let r = unsafe {
            libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT,
            )
        };
        if r == 0 {
            return Ok(());
        }
        let err = io::Error::last_os_error();
        if err.kind() != io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
}

/// Reaps the exited child, returning how it ended and the CPU time it and its reaped
/// descendants used. Only `maxrss` suffers from the exec quirk in the module doc; the CPU
/// times of `wait4` are the child's own.
fn reap(pid: libc::pid_t) -> io::Result<(Exit, Duration)> {
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is a plain C struct that wait4 fills in; zeroed is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `status` and `usage` are valid and writable for the duration of the call.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let err = io::Error::last_os_error();
        if err.kind() != io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    let cpu = time(usage.ru_utime) + time(usage.ru_stime);
    let exit = if libc::WIFSIGNALED(status) {
        Exit::Signal(libc::WTERMSIG(status))
    } else {
        Exit::Code(libc::WEXITSTATUS(status))
    };
    Ok((exit, cpu))
}

/// A fresh file for GNU time's report, unique within this process and across processes.
fn rss_report_path() -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("trawl-bench-rss-{}-{n}", std::process::id()))
}

/// Counts and hashes output lines as they stream in, carrying a partial line across reads.
struct LineCounter {
    lines: u64,
    ordered: DefaultHasher,
    set_hash: u64,
    partial: Vec<u8>,
    strip_prefix: Option<Vec<u8>>,
    kept: Option<Vec<u8>>,
}

impl LineCounter {
    fn new(strip_prefix: Option<Vec<u8>>, keep: bool) -> LineCounter {
        LineCounter {
            lines: 0,
            ordered: DefaultHasher::new(),
            set_hash: 0,
            partial: Vec::new(),
            strip_prefix,
            kept: keep.then(Vec::new),
        }
    }

    fn feed(&mut self, chunk: &[u8]) {
        self.ordered.write(chunk);
        if let Some(kept) = &mut self.kept {
            if kept.len() + chunk.len() <= OUTPUT_KEPT {
                kept.extend_from_slice(chunk);
            } else {
                self.kept = None;
            }
        }
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', chunk) {
            self.lines += 1;
            if self.partial.is_empty() {
                self.add_line(&chunk[start..end]);
            } else {
                let mut line = std::mem::take(&mut self.partial);
                line.extend_from_slice(&chunk[start..end]);
                self.add_line(&line);
            }
            start = end + 1;
        }
        self.partial.extend_from_slice(&chunk[start..]);
    }

    fn add_line(&mut self, line: &[u8]) {
        let line = match &self.strip_prefix {
            Some(prefix) => line.strip_prefix(prefix.as_slice()).unwrap_or(line),
            None => line,
        };
        let mut h = DefaultHasher::new();
        h.write(line);
        // A sum is independent of line order, and keeps duplicate lines apart.
        self.set_hash = self.set_hash.wrapping_add(h.finish());
    }

    fn finish(mut self) -> (u64, u64, u64, Option<Vec<u8>>) {
        if !self.partial.is_empty() {
            // A last line without a terminator still counts as a line.
            self.lines += 1;
            let line = std::mem::take(&mut self.partial);
            self.add_line(&line);
        }
        (self.lines, self.ordered.finish(), self.set_hash, self.kept)
    }
}
