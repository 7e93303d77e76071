//! Finding, and if need be installing, the tools that trawl is measured against: ripgrep
//! 15.2.0 from `cargo install`, Debian's ugrep and GNU grep, and trawl itself; and GNU
//! time, which measures their memory.
//!
//! trawl is the binary that `cargo bench` built next to this bench (the `bench` profile
//! inherits `release`, so it is `target/release/trawl`), unless `TRAWL_BENCH_BIN` names
//! another one.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// The ripgrep release that docs/ARCHITECTURE.md names as the oracle and the bar.
pub const RG_VERSION: &str = "15.2.0";

/// Paths of every tool a bench runs.
#[derive(Clone, Debug)]
pub struct Peers {
    pub trawl: PathBuf,
    pub rg: PathBuf,
    pub ugrep: PathBuf,
    pub grep: PathBuf,
    /// GNU time, for peak RSS (see `common::run` for why not `wait4`).
    pub time: PathBuf,
}

impl Peers {
    /// Finds every peer, installing what is missing. `with_greps` is false for benches
    /// that run only trawl and rg.
    pub fn prepare(with_greps: bool) -> Result<Peers> {
        let trawl = trawl_binary()?;
        let rg = ripgrep()?;
        let (ugrep, grep) = if with_greps {
            (apt_tool("ugrep", "ugrep")?, apt_tool("grep", "grep")?)
        } else {
            (PathBuf::new(), PathBuf::new())
        };
        let time = apt_tool("time", "time")?;
        Ok(Peers {
            trawl,
            rg,
            ugrep,
            grep,
            time,
        })
    }

    /// `name: first line of --version` for each tool, for the report header.
    pub fn versions(&self) -> Vec<(String, String)> {
        [
            ("trawl", &self.trawl),
            ("rg", &self.rg),
            ("ugrep", &self.ugrep),
            ("grep", &self.grep),
        ]
        .into_iter()
        .filter(|(_, path)| !path.as_os_str().is_empty())
        .map(|(name, path)| {
            let version = first_version_line(path).unwrap_or_else(|e| format!("unknown ({e})"));
            (name.to_string(), format!("{version} ({})", path.display()))
        })
        .collect()
    }
}

fn trawl_binary() -> Result<PathBuf> {
    let path = env::var_os("TRAWL_BENCH_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_trawl")));
    if !path.is_file() {
        bail!(
            "trawl binary {} is missing; run `cargo build --release`",
            path.display()
        );
    }
    Ok(path)
}

/// rg 15.2.0 from PATH or cargo's bin directory, else `cargo install`ed there.
fn ripgrep() -> Result<PathBuf> {
    let cargo_bin = cargo_home().join("bin").join("rg");
    let wanted = format!("ripgrep {RG_VERSION}");
    let candidates = [find_on_path("rg"), Some(cargo_bin.clone())];
    for candidate in candidates.into_iter().flatten() {
        if first_version_line(&candidate).is_ok_and(|v| v == wanted) {
            return Ok(candidate);
        }
    }
    crate::progress!("installing ripgrep {RG_VERSION} with cargo install");
    run_checked(Command::new(cargo_program()).args([
        "install",
        "ripgrep",
        "--version",
        RG_VERSION,
        "--locked",
    ]))?;
    match first_version_line(&cargo_bin) {
        Ok(v) if v == wanted => Ok(cargo_bin),
        Ok(v) => bail!("{} reports {v:?}, not {wanted:?}", cargo_bin.display()),
        Err(e) => Err(e),
    }
}

/// A tool from a Debian package, installed with apt-get if it is not on PATH.
fn apt_tool(binary: &str, package: &str) -> Result<PathBuf> {
    if let Some(path) = find_on_path(binary) {
        return Ok(path);
    }
    apt_install(package)?;
    find_on_path(binary).with_context(|| format!("{binary} is still missing after apt-get"))
}

/// Installs a Debian package, refreshing the package lists first as a fresh machine needs.
pub fn apt_install(package: &str) -> Result<()> {
    crate::progress!("installing {package} with apt-get");
    run_checked(Command::new("apt-get").arg("update").arg("-q"))?;
    run_checked(
        Command::new("apt-get")
            .args(["install", "-y", "-q", package])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// Runs a command with inherited stdio, failing with the command line if it fails.
pub fn run_checked(cmd: &mut Command) -> Result<()> {
    let line = format!("{cmd:?}");
    let status = cmd
        .status()
        .with_context(|| format!("could not run {line}"))?;
    if !status.success() {
        bail!("{line} failed: {status}");
    }
    Ok(())
}

/// Runs a command and returns its stdout, failing with the command line if it fails.
pub fn output_of(cmd: &mut Command) -> Result<String> {
    let line = format!("{cmd:?}");
    let out = cmd
        .output()
        .with_context(|| format!("could not run {line}"))?;
    if !out.status.success() {
        bail!(
            "{line} failed: {}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn first_version_line(program: &Path) -> Result<String> {
    let out = output_of(Command::new(program).arg("--version"))?;
    Ok(out.lines().next().unwrap_or("").trim().to_string())
}

fn find_on_path(binary: &str) -> Option<PathBuf> {
    env::split_paths(&env::var_os("PATH")?)
        .map(|dir| dir.join(binary))
        .find(|p| p.is_file())
}

fn cargo_home() -> PathBuf {
    env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from("/root/.cargo"))
}

/// The cargo that runs this bench, so `cargo install` uses the same toolchain.
fn cargo_program() -> PathBuf {
    env::var_os("CARGO")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("cargo"))
}
