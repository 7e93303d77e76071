//! Files searched through another program: decompressed (`-z`), or preprocessed by the
//! user's command (`--pre`).
//!
//! Invariants:
//! - The program's standard output is searched as the file's contents, under the file's
//!   own name. It is read through a pipe, as ripgrep reads it, so NULs in it turn into
//!   line ends (the binary rule of a read file).
//! - A program that cannot start, or that fails, is an error about the file, with the
//!   first line of what it wrote to stderr; the run goes on, and the matches found in
//!   what it printed before it failed are kept. A program stopped early because the
//!   search had seen enough (`-l`, `-q`, `-m`) is not a failure; one whose output turned
//!   out binary is read to its end, so that its failure is not missed.
//! - `-z` picks the program by the file name's extension, as ripgrep does, and only if
//!   that program is on PATH; otherwise the file is searched as it is.
//! - Standard input is never preprocessed.
//! - Under `--pre-timeout`, the program runs in a process group of its own, and a
//!   watchdog thread kills the group if it runs too long; the watchdog is called off
//!   before the program is reaped, so it can never kill a reused id.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::{self, Read};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

use ignore::overrides::Override;

/// How a file's bytes reach the searcher.
#[derive(Clone, Debug, Default)]
pub enum Preprocess {
    /// Read the file.
    #[default]
    None,
    /// Decompress a file whose name says it is compressed (`-z`).
    Decompress,
    /// Search what `program PATH` prints, for the files `globs` admit (`--pre`,
    /// `--pre-glob`).
    Command {
        program: OsString,
        globs: Option<Override>,
    },
}

/// The decompressors of `-z`: file name suffixes, the program, and its arguments before
/// the path. The list is ripgrep's.
const DECOMPRESSORS: &[(&[&str], &str, &[&str])] = &[
    (&[".gz", ".tgz"], "gzip", &["-d", "-c"]),
    (&[".bz2", ".tbz2"], "bzip2", &["-d", "-c"]),
    (&[".xz", ".txz"], "xz", &["-d", "-c"]),
    (&[".lz4"], "lz4", &["-d", "-c"]),
    (&[".lzma"], "xz", &["--format=lzma", "-d", "-c"]),
    (&[".br"], "brotli", &["-d", "-c"]),
    (&[".zst", ".zstd"], "zstd", &["-q", "-d", "-c"]),
    (&[".Z"], "uncompress", &["-c"]),
];

/// The command that produces `path`'s contents under `preprocess`, if any, ready to
/// start: a `--pre` command reads the file on its stdin too, so it is opened here.
pub fn command(preprocess: &Preprocess, path: &Path) -> io::Result<Option<Command>> {
    match preprocess {
        Preprocess::None => Ok(None),
        Preprocess::Decompress => Ok(decompress(path)),
        Preprocess::Command { program, globs } => {
            if program.is_empty()
                || globs
                    .as_ref()
                    .is_some_and(|globs| !globs.matched(path, false).is_whitelist())
            {
                return Ok(None);
            }
            let mut cmd = Command::new(program);
            cmd.arg(path).stdin(File::open(path)?);
            Ok(Some(cmd))
        }
    }
}

/// `-z`: the decompressor for `path`, if its name says it is compressed and the program
/// is on PATH.
fn decompress(path: &Path) -> Option<Command> {
    let name = path.file_name()?.as_bytes();
    let (index, (_, _, args)) = DECOMPRESSORS
        .iter()
        .enumerate()
        .find(|(_, (suffixes, _, _))| suffixes.iter().any(|s| name.ends_with(s.as_bytes())))?;
    let program = decompressor(index)?;
    let mut cmd = Command::new(program);
    cmd.args(*args).arg(path).stdin(Stdio::null());
    Some(cmd)
}

/// The path of decompressor `index` of [`DECOMPRESSORS`], looked up on PATH once per
/// process.
fn decompressor(index: usize) -> Option<&'static Path> {
    static FOUND: [OnceLock<Option<PathBuf>>; DECOMPRESSORS.len()] =
        [const { OnceLock::new() }; DECOMPRESSORS.len()];
    FOUND[index]
        .get_or_init(|| find_on_path(OsStr::new(DECOMPRESSORS[index].1)))
        .as_deref()
}

/// The first executable file called `name` in a directory of PATH.
fn find_on_path(name: &OsStr) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| {
            candidate
                .metadata()
                .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
        })
}

/// A running preprocessor: its standard output is what gets searched.
pub struct Running {
    child: Child,
    stdout: Option<ChildStdout>,
    stderr: Option<JoinHandle<Vec<u8>>>,
    described: String,
    /// The search read the program's output to its end.
    finished: bool,
    watchdog: Option<Watchdog>,
}

/// Kills a program that outlives its time, unless called off first.
struct Watchdog {
    /// Dropping it calls the watchdog off.
    call_off: mpsc::Sender<()>,
    thread: JoinHandle<()>,
    fired: Arc<AtomicBool>,
    limit: Duration,
}

impl Watchdog {
    fn start(child: &Child, limit: Duration) -> io::Result<Watchdog> {
        let (call_off, called_off) = mpsc::channel::<()>();
        let fired = Arc::new(AtomicBool::new(false));
        let pid = child.id() as libc::pid_t;
        let flag = Arc::clone(&fired);
        let thread = std::thread::Builder::new()
            .name("trawl-pre-timeout".into())
            .spawn(move || {
                if called_off.recv_timeout(limit) == Err(mpsc::RecvTimeoutError::Timeout) {
                    flag.store(true, Ordering::SeqCst);
                    // The whole group: a shell script's own children hold the pipes
                    // open too, and the search would wait for them.
                    // SAFETY: kill has no memory-safety preconditions. The child, the
                    // group's leader, is not reaped yet: `finish` joins this thread
                    // before it waits for it, so the group id is still its own.
                    unsafe { libc::kill(-pid, libc::SIGKILL) };
                }
            })?;
        Ok(Watchdog {
            call_off,
            thread,
            fired,
            limit,
        })
    }

    /// Calls the watchdog off, and says whether it had fired.
    fn stop(self) -> bool {
        drop(self.call_off);
        let _ = self.thread.join();
        self.fired.load(Ordering::SeqCst)
    }
}

impl Running {
    /// Starts `cmd`, made by [`command`]; it is killed if it runs longer than `timeout`.
    pub fn start(mut cmd: Command, timeout: Option<Duration>) -> io::Result<Running> {
        let described = describe(&cmd);
        if timeout.is_some() {
            // A group of its own, so that the watchdog can stop what it started too.
            std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|err| {
                io::Error::new(err.kind(), format!("{described} could not start: {err}"))
            })?;
        let watchdog = match timeout {
            Some(limit) => match Watchdog::start(&child, limit) {
                Ok(watchdog) => Some(watchdog),
                Err(err) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(err);
                }
            },
            None => None,
        };
        let stdout = child.stdout.take();
        // Read in a thread of its own, so that a program that writes much to stderr does
        // not block while the search waits on its stdout.
        let stderr = child.stderr.take().map(|mut stderr| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                let _ = stderr.read_to_end(&mut bytes);
                bytes
            })
        });
        Ok(Running {
            child,
            stdout,
            stderr,
            described,
            finished: false,
            watchdog,
        })
    }

    /// Reads and drops the rest of the program's output, so that [`Running::finish`]
    /// judges its exit as that of a program read to the end.
    pub fn drain(&mut self) {
        let _ = io::copy(self, &mut io::sink());
    }

    /// Waits for the program, and turns a failure into an error that quotes its stderr.
    pub fn finish(mut self) -> io::Result<()> {
        // Closing the pipe ends a program whose output the search stopped reading.
        drop(self.stdout.take());
        let timed_out = self.watchdog.take().map(|w| (w.limit, w.stop()));
        let status = self.child.wait()?;
        let stderr = self
            .stderr
            .take()
            .and_then(|reader| reader.join().ok())
            .unwrap_or_default();
        if let Some((limit, true)) = timed_out {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!(
                    "{} was stopped after {} s (--pre-timeout)",
                    self.described,
                    limit.as_secs()
                ),
            ));
        }
        if status.success() || !self.finished {
            return Ok(());
        }
        let said = String::from_utf8_lossy(&stderr);
        let first = said.lines().map(str::trim).find(|l| !l.is_empty());
        Err(io::Error::other(match first {
            Some(line) => format!("{} failed ({status}): {line}", self.described),
            None => format!("{} failed ({status})", self.described),
        }))
    }
}

impl Read for Running {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let Some(stdout) = self.stdout.as_mut() else {
            return Ok(0);
        };
        let n = stdout.read(buf)?;
        self.finished |= n == 0 && !buf.is_empty();
        Ok(n)
    }
}

/// `cmd` as the error messages show it: the program and its arguments, quoted.
fn describe(cmd: &Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|part| format!("{:?}", part.to_string_lossy()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decompression_goes_by_extension_and_needs_the_program() {
        let cmd = |name: &str| command(&Preprocess::Decompress, Path::new(name)).unwrap();
        assert!(cmd("notes.txt").is_none());
        assert!(cmd("gz").is_none());
        if find_on_path(OsStr::new("gzip")).is_some() {
            let gz = cmd("dir/a.tgz").unwrap();
            let args: Vec<_> = gz.get_args().collect();
            assert_eq!(args, ["-d", "-c", "dir/a.tgz"]);
        }
    }

    #[test]
    fn pre_globs_choose_the_files_and_an_empty_command_is_off() {
        // Files of this crate, since a --pre command gets the file on its stdin.
        let mut builder = ignore::overrides::OverrideBuilder::new("./");
        builder.add("*.toml").unwrap();
        let globs = Some(builder.build().unwrap());
        let pre = |program: &str| Preprocess::Command {
            program: program.into(),
            globs: globs.clone(),
        };
        let cmd = |pre: &Preprocess, path: &str| command(pre, Path::new(path)).unwrap();
        assert!(cmd(&pre("conv"), "Cargo.toml").is_some());
        assert!(cmd(&pre("conv"), "src/lib.rs").is_none());
        assert!(cmd(&pre(""), "Cargo.toml").is_none());
        assert!(command(&pre("conv"), Path::new("no/such.toml")).is_err());
    }

    #[test]
    fn a_failing_program_is_an_error_that_quotes_its_stderr() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo 'bad input' >&2; exit 3", "x"]);
        let mut running = Running::start(cmd, None).unwrap();
        let mut out = Vec::new();
        running.read_to_end(&mut out).unwrap();
        let err = running.finish().unwrap_err().to_string();
        assert!(
            err.contains("failed") && err.ends_with("bad input"),
            "{err}"
        );
    }
}
