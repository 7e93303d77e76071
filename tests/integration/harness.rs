//! The test harness: a fresh temp dir per test, a way to write files into it, and commands
//! for trawl and the ripgrep oracle that are isolated from the environment.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

pub use crate::oracle::oracle;

/// A temporary directory that tests fill with files and search.
pub struct Dir {
    tmp: tempfile::TempDir,
}

impl Dir {
    /// A fresh, empty directory.
    pub fn new() -> Dir {
        Dir {
            tmp: tempfile::Builder::new()
                .prefix("trawl-test-")
                .tempdir()
                .expect("create temp dir"),
        }
    }

    /// A fresh, empty directory in memory (`/dev/shm`) where there is one, for fixtures of
    /// hundreds of thousands of entries: on a disk, making and removing them costs minutes.
    pub fn in_memory() -> Dir {
        let shm = Path::new("/dev/shm");
        if !shm.is_dir() {
            return Dir::new();
        }
        Dir {
            tmp: tempfile::Builder::new()
                .prefix("trawl-test-")
                .tempdir_in(shm)
                .expect("create temp dir"),
        }
    }

    /// The directory's path.
    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// Writes `contents` to `rel`, creating parent directories.
    pub fn create(&self, rel: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create parent dirs");
        }
        fs::write(&path, contents).expect("write fixture");
        path
    }

    /// Creates the directory `rel`.
    pub fn mkdir(&self, rel: impl AsRef<Path>) {
        fs::create_dir_all(self.path().join(rel)).expect("mkdir");
    }

    /// Makes `rel` (or the root, for "") look like a git repository, so that `.gitignore`
    /// files below it apply.
    pub fn git_init(&self, rel: impl AsRef<Path>) {
        self.mkdir(self.path().join(rel).join(".git"));
    }

    /// A trawl command that runs in this directory.
    pub fn trawl(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_trawl"));
        isolate(&mut cmd, self.path());
        cmd
    }

    /// A ripgrep 15.2 command that runs in this directory.
    pub fn rg(&self) -> Command {
        let mut cmd = Command::new(oracle());
        isolate(&mut cmd, self.path());
        cmd
    }
}

/// Clears what could make a run depend on the machine: config files, colors, inherited
/// stdin (a terminal or a pipe would change what is searched).
pub fn isolate(cmd: &mut Command, dir: &Path) {
    cmd.current_dir(dir).stdin(Stdio::null());
    for (key, _) in std::env::vars_os() {
        let key_str = key.to_string_lossy();
        if key_str.starts_with("RIPGREP_") || key_str.starts_with("TRAWL_") || key_str == "NO_COLOR"
        {
            cmd.env_remove(&key);
        }
    }
}

/// Runs `cmd` to completion.
pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("run command")
}

/// Starts `cmd` with its stdin, stdout and stderr piped.
fn spawn_piped(cmd: &mut Command) -> Child {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start command")
}

/// `bytes` compressed by gzip, which every Debian system has (it is essential).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let out = run_with_stdin(Command::new("gzip").args(["-c", "-n"]), bytes);
    assert!(out.status.success(), "gzip failed");
    out.stdout
}

/// Runs `cmd` to completion with `input` on its stdin.
pub fn run_with_stdin(cmd: &mut Command, input: &[u8]) -> Output {
    let mut child = spawn_piped(cmd);
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(input)
        .expect("write stdin");
    child.wait_with_output().expect("wait for command")
}

/// A run whose stdin the test writes while it reads stdout, for output that must come
/// before the input ends. Dropping it closes stdin, which ends the run.
pub struct Live {
    child: Child,
    stdin: Option<ChildStdin>,
    chunks: Receiver<Vec<u8>>,
    stdout: Vec<u8>,
}

impl Live {
    /// Starts `cmd` with its stdin, stdout and stderr piped.
    pub fn start(cmd: &mut Command) -> Live {
        let mut child = spawn_piped(cmd);
        let stdin = child.stdin.take();
        let mut stdout = child.stdout.take().expect("piped stdout");
        let (tx, chunks) = mpsc::channel();
        // A reader thread, so that the test can wait for output with a deadline.
        std::thread::spawn(move || {
            let mut buf = vec![0; 64 * 1024];
            while let Ok(n @ 1..) = stdout.read(&mut buf) {
                if tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Live {
            child,
            stdin,
            chunks,
            stdout: Vec::new(),
        }
    }

    /// Writes `bytes` to the run's stdin at once.
    pub fn write(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).expect("write stdin");
        stdin.flush().expect("flush stdin");
    }

    /// Reads stdout until what it printed so far ends with `tail`; fails the test if that
    /// takes longer than `timeout`.
    pub fn wait_for(&mut self, tail: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while !self.stdout.ends_with(tail.as_bytes()) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.chunks.recv_timeout(left) {
                Ok(chunk) => self.stdout.extend_from_slice(&chunk),
                Err(_) => panic!(
                    "waited {timeout:?} for {tail:?} while stdin is open; stdout so far: {:?}",
                    text(&self.stdout)
                ),
            }
        }
    }

    /// Fails the test if anything comes on stdout within `wait`.
    pub fn expect_silence(&mut self, wait: Duration) {
        if let Ok(chunk) = self.chunks.recv_timeout(wait) {
            panic!(
                "expected no output while stdin is open, got {:?}",
                text(&chunk)
            );
        }
    }

    /// Waits up to `timeout` for the run to end by itself, with its stdin still open, and
    /// returns its exit code.
    pub fn wait_for_exit(&mut self, timeout: Duration) -> i32 {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("poll the run") {
                return status.code().unwrap_or(-1);
            }
            assert!(
                Instant::now() < deadline,
                "the run did not end within {timeout:?} while its stdin was open"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Closes stdin, waits for the end, and returns all of stdout, stderr and the exit code.
    pub fn finish(mut self) -> (String, String, i32) {
        self.stdin = None;
        let mut stderr = Vec::new();
        if let Some(mut pipe) = self.child.stderr.take() {
            pipe.read_to_end(&mut stderr).expect("read stderr");
        }
        let status = self.child.wait().expect("wait for the run");
        // The reader thread ends at EOF, which came with the exit.
        self.stdout.extend(self.chunks.iter().flatten());
        (
            text(&self.stdout),
            text(&stderr),
            status.code().unwrap_or(-1),
        )
    }
}

/// stdout as text, for messages.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs trawl with `args` in `dir` and returns (stdout, stderr, exit code).
pub fn trawl(dir: &Dir, args: &[&str]) -> (String, String, i32) {
    let out = run(dir.trawl().args(args));
    (
        text(&out.stdout),
        text(&out.stderr),
        out.status.code().unwrap_or(-1),
    )
}

/// A small deterministic generator (xorshift), so generated trees are the same every run.
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// The next value below `bound`.
    pub fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound
    }
}

/// Words that generated files are made of. `needle` is the one the tests search for.
const WORDS: &[&str] = &[
    "alpha",
    "beta",
    "gamma",
    "needle",
    "delta",
    "fn",
    "let",
    "struct",
    "PM_RESUME",
    "x",
    "héllo",
    "Δelta",
    "tab\tbed",
    "  ",
    "NEEDLE",
    "needles",
    "_needle",
];

/// Generates a tree of `files` files in `dir`, in nested directories, with `needle` and
/// other words scattered through them. Extensions vary among `.c`, `.h`, `.rs`, `.txt`.
pub fn generate_tree(dir: &Dir, root: &str, files: usize, seed: u64) {
    let mut rng = Rng::new(seed);
    let exts = ["c", "h", "rs", "txt"];
    for i in 0..files {
        let depth = rng.below(4);
        let mut rel = PathBuf::from(root);
        for d in 0..depth {
            rel.push(format!("d{}{}", d, rng.below(5)));
        }
        rel.push(format!(
            "f{i:05}.{}",
            exts[rng.below(exts.len() as u64) as usize]
        ));
        let lines = rng.below(40);
        let mut body = String::new();
        for _ in 0..lines {
            let words = rng.below(12);
            for w in 0..words {
                if w > 0 {
                    body.push(' ');
                }
                body.push_str(WORDS[rng.below(WORDS.len() as u64) as usize]);
            }
            body.push('\n');
        }
        if rng.below(5) == 0 {
            // Some files end without a final newline.
            body.push_str("needle at the end");
        }
        dir.create(rel, body);
    }
}

/// `cmd`, limited to `bytes` of address space (RLIMIT_AS) and `files` open descriptors,
/// with glibc's malloc held to two arenas so that the limit measures what trawl
/// allocates, not what each thread's arena reserves.
pub fn limited(cmd: &mut Command, bytes: u64, files: u64) -> &mut Command {
    cmd.env("MALLOC_ARENA_MAX", "2");
    // SAFETY: setrlimit is async-signal-safe, and the closure touches nothing else.
    unsafe {
        std::os::unix::process::CommandExt::pre_exec(cmd, move || {
            let set = |resource, value| {
                let limit = libc::rlimit {
                    rlim_cur: value,
                    rlim_max: value,
                };
                if libc::setrlimit(resource, &limit) == 0 {
                    Ok(())
                } else {
                    Err(std::io::Error::last_os_error())
                }
            };
            set(libc::RLIMIT_AS, bytes)?;
            set(libc::RLIMIT_NOFILE, files)
        })
    }
}
