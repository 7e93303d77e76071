//! The ripgrep oracle: found through `TRAWL_TEST_RG` or PATH, or else installed once into
//! the target directory, so that `cargo test` alone passes on a fresh machine.
//!
//! Invariants: the oracle is ripgrep 15.2.0 built with PCRE2, checked before its first use;
//! at most one install runs at a time, across the threads of a test binary (a `OnceLock`)
//! and across test binaries (an exclusive `flock` on a lock file); a missing oracle is a
//! failure of every test that needs it, with instructions, and never a silent skip.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The ripgrep version the differential tests compare against.
pub const ORACLE_VERSION: &str = "ripgrep 15.2.0";

/// The command that installs the oracle by hand; the harness runs the same one.
const INSTALL: &str = "cargo install ripgrep --version 15.2.0 --locked --features pcre2";

/// The environment variable that names the oracle's binary.
const ORACLE_ENV: &str = "TRAWL_TEST_RG";

/// The path of ripgrep 15.2 with PCRE2. The first call finds it, or installs it into
/// `<target>/oracle`; if that fails, this and every later call fails the calling test with
/// a message that says how to install it by hand.
pub fn oracle() -> &'static OsStr {
    static ORACLE: OnceLock<Result<OsString, String>> = OnceLock::new();
    match ORACLE.get_or_init(find_or_install) {
        Ok(rg) => rg,
        Err(why) => panic!("{why}"),
    }
}

fn find_or_install() -> Result<OsString, String> {
    if let Some(rg) = std::env::var_os(ORACLE_ENV) {
        // An oracle named on purpose is never replaced behind the user's back.
        return check(&rg).map(|()| rg.clone()).map_err(|found| {
            format!(
                "{ORACLE_ENV}={} is not {ORACLE_VERSION} with PCRE2: {found}. Install that \
                 with `{INSTALL}`, or unset {ORACLE_ENV} to let the tests install it.",
                Path::new(&rg).display()
            )
        });
    }
    let on_path = match check(OsStr::new("rg")) {
        Ok(()) => return Ok("rg".into()),
        Err(found) => found,
    };
    let root = target_dir().join("oracle");
    let rg = root.join("bin").join("rg");
    if check(rg.as_os_str()).is_ok() {
        return Ok(rg.into_os_string());
    }
    let _lock = Lock::acquire(&root.join("install.lock"))?;
    // Another test binary may have installed it while this one waited for the lock.
    if check(rg.as_os_str()).is_ok() {
        return Ok(rg.into_os_string());
    }
    install(&root, &on_path)?;
    check(rg.as_os_str())
        .map(|()| rg.clone().into_os_string())
        .map_err(|found| {
            format!(
                "`{INSTALL} --root {}` finished, but {} is not {ORACLE_VERSION} with PCRE2: \
                 {found}. Install it by hand with `{INSTALL}` (into ~/.cargo/bin), or set \
                 {ORACLE_ENV} to its path.",
                root.display(),
                rg.display()
            )
        })
}

/// Whether `rg` runs, is [`ORACLE_VERSION`], and has PCRE2; if not, what was found.
fn check(rg: &OsStr) -> Result<(), String> {
    let out = Command::new(rg)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .map_err(|err| match err.kind() {
            std::io::ErrorKind::NotFound => format!("no `{}`", Path::new(rg).display()),
            _ => format!("`{}` did not run ({err})", Path::new(rg).display()),
        })?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let first = stdout.lines().next().unwrap_or("").trim();
    if first != ORACLE_VERSION {
        return Err(format!(
            "`{} --version` says {first:?}",
            Path::new(rg).display()
        ));
    }
    let pcre2 = Command::new(rg)
        .arg("--pcre2-version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match pcre2 {
        Ok(status) if status.success() => Ok(()),
        _ => Err(format!(
            "`{}` is {ORACLE_VERSION} built without PCRE2",
            Path::new(rg).display()
        )),
    }
}

/// The target directory this test binary was built in: the parent of cargo's
/// `CARGO_TARGET_TMPDIR` (`<target>/tmp`), wherever `--target-dir` put it.
fn target_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).to_path_buf()
}

/// Runs the install into `root`, with cargo's output in `root/install.log` so that the
/// test output shows one line, not hundreds.
fn install(root: &Path, on_path: &str) -> Result<(), String> {
    let log_path = root.join("install.log");
    let log = File::create(&log_path)
        .map_err(|err| format!("cannot create {}: {err}", log_path.display()))?;
    let log_err = log
        .try_clone()
        .map_err(|err| format!("cannot share {}: {err}", log_path.display()))?;
    let _ = writeln!(
        // Written past libtest's output capture, so the line shows while tests run.
        std::io::stderr(),
        "trawl tests: no {ORACLE_VERSION} with PCRE2 through {ORACLE_ENV} or PATH ({on_path}); \
         installing it once into {} with `{INSTALL}` (a few minutes; log: {})",
        root.display(),
        log_path.display()
    );
    // The test runs under `cargo test`, which says where its cargo is; the nested build
    // gets its own target directory, since the outer cargo holds the lock on this one.
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let build_dir = root.join("build");
    let mut cmd = Command::new(&cargo);
    cmd.args(INSTALL.split(' ').skip(1))
        .arg("--root")
        .arg(root)
        .arg("--target-dir")
        .arg(&build_dir)
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log_err);
    for (key, _) in std::env::vars_os() {
        // What cargo set for this test binary describes trawl, not the nested build.
        let key_str = key.to_string_lossy();
        if [
            "CARGO_PKG_",
            "CARGO_MANIFEST_",
            "CARGO_CRATE_",
            "CARGO_BIN_",
        ]
        .iter()
        .any(|prefix| key_str.starts_with(prefix))
            || key_str == "CARGO_PRIMARY_PACKAGE"
            || key_str == "CARGO_TARGET_TMPDIR"
        {
            cmd.env_remove(&key);
        }
    }
    let status = cmd.status();
    let failed = |what: String| {
        format!(
            "the differential tests need {ORACLE_VERSION} with PCRE2 through {ORACLE_ENV} or \
             PATH ({on_path}), and installing it into {} failed: {what} (see {}). Install \
             it by hand with `{INSTALL}` (into ~/.cargo/bin, which must be on PATH), or set \
             {ORACLE_ENV} to the path of such an rg.",
            root.display(),
            log_path.display()
        )
    };
    match status {
        Ok(status) if status.success() => {
            // The build tree is only needed again if a later install must resume it.
            let _ = fs::remove_dir_all(&build_dir);
            Ok(())
        }
        Ok(status) => Err(failed(format!(
            "`{}` {status}",
            Path::new(&cargo).display()
        ))),
        Err(err) => Err(failed(format!(
            "`{}` did not start ({err})",
            Path::new(&cargo).display()
        ))),
    }
}

/// An exclusive lock on a file, held until it is dropped (closing the file releases it).
struct Lock {
    _file: File,
}

impl Lock {
    /// Waits until no other process holds the lock on `path`, then takes it.
    fn acquire(path: &Path) -> Result<Lock, String> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)
                .map_err(|err| format!("cannot create {}: {err}", dir.display()))?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(|err| format!("cannot open the lock file {}: {err}", path.display()))?;
        loop {
            // SAFETY: flock only reads the descriptor, which `file` owns and keeps open.
            if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } == 0 {
                return Ok(Lock { _file: file });
            }
            let err = std::io::Error::last_os_error();
            if err.kind() != std::io::ErrorKind::Interrupted {
                return Err(format!("cannot lock {}: {err}", path.display()));
            }
        }
    }
}
