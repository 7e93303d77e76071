//! Code shared by the corpus benchmarks (`suite.rs`, `scaling.rs`): settings from the
//! environment, preparing the corpora, finding the peer tools, timing one run of a tool,
//! and writing reports.
//!
//! Invariants the submodules keep:
//! - Nothing needs a manual step: a missing corpus or peer is prepared or installed
//!   (`apt-get`, `cargo install`), and a failure says which command failed.
//! - Every timed run sends the tool's stdout through a pipe that this process reads to the
//!   end, because some tools take shortcuts when they write to `/dev/null`.

pub mod corpus;
pub mod layout;
pub mod measure;
pub mod peers;
pub mod report;
pub mod run;

use std::env;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The crate's root, where `Cargo.toml` lives.
pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Knobs read once from the environment, so that one run of a bench sees one setting.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Where the corpora live (`TRAWL_CORPUS_DIR`, default `target/corpus`).
    pub corpus_dir: PathBuf,
    /// `TRAWL_BENCH_QUICK=1`: one case, few runs, for smoke tests of the suite itself.
    pub quick: bool,
    /// `TRAWL_BENCH_FILTER`: run only the cases whose title contains this text.
    pub filter: Option<String>,
    /// Timed runs per tool per case (`TRAWL_BENCH_RUNS`).
    pub runs: usize,
    /// Untimed runs per tool per case before the timed ones (`TRAWL_BENCH_WARMUPS`). The
    /// first of them also validates the tool's output, so there is at least one.
    pub warmups: usize,
    /// Timed runs on the tiny tree (`TRAWL_BENCH_TINY_RUNS`): a run there takes a few
    /// milliseconds, so many more runs are needed to resolve the 1 ms target.
    pub tiny_runs: usize,
    /// A tool whose first run takes longer than this is timed once only
    /// (`TRAWL_BENCH_SLOW_SECS`). It keeps a 100 s GNU grep run from dominating the suite.
    pub slow: Duration,
    /// A run is killed after this long (`TRAWL_BENCH_TIMEOUT_SECS`).
    pub timeout: Duration,
}

impl Settings {
    /// Reads the settings from the environment; a malformed number falls back to the
    /// default with a warning rather than failing an hour-long run.
    pub fn from_env() -> Settings {
        let quick = env::var("TRAWL_BENCH_QUICK").is_ok_and(|v| !v.is_empty() && v != "0");
        let corpus_dir = env::var_os("TRAWL_CORPUS_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| manifest_dir().join("target").join("corpus"));
        Settings {
            corpus_dir,
            quick,
            filter: env::var("TRAWL_BENCH_FILTER")
                .ok()
                .filter(|f| !f.is_empty()),
            runs: env_number("TRAWL_BENCH_RUNS", if quick { 3 } else { 5 }).max(1),
            warmups: env_number("TRAWL_BENCH_WARMUPS", 1).max(1),
            tiny_runs: env_number("TRAWL_BENCH_TINY_RUNS", 60).max(1),
            slow: Duration::from_secs(env_number("TRAWL_BENCH_SLOW_SECS", 15) as u64),
            timeout: Duration::from_secs(env_number("TRAWL_BENCH_TIMEOUT_SECS", 60) as u64),
        }
    }

    /// Whether the case titled `title` is to run.
    pub fn selects(&self, title: &str) -> bool {
        self.filter
            .as_ref()
            .is_none_or(|f| title.contains(f.as_str()))
    }

    /// The settings as `NAME=value` pairs, for the report header.
    pub fn describe(&self) -> String {
        let filter = match &self.filter {
            Some(f) => format!(" TRAWL_BENCH_FILTER={f:?}"),
            None => String::new(),
        };
        format!(
            "TRAWL_CORPUS_DIR={} TRAWL_BENCH_QUICK={}{filter} TRAWL_BENCH_RUNS={} \
             TRAWL_BENCH_WARMUPS={} TRAWL_BENCH_TINY_RUNS={} TRAWL_BENCH_SLOW_SECS={} \
             TRAWL_BENCH_TIMEOUT_SECS={}",
            self.corpus_dir.display(),
            u8::from(self.quick),
            self.runs,
            self.warmups,
            self.tiny_runs,
            self.slow.as_secs(),
            self.timeout.as_secs(),
        )
    }
}

fn env_number(name: &str, default: usize) -> usize {
    match env::var(name) {
        Err(_) => default,
        Ok(value) => value.trim().parse().unwrap_or_else(|_| {
            eprintln!("bench: ignoring {name}={value:?}, not a number; using {default}");
            default
        }),
    }
}

/// Whether `cargo bench` started this bench: it passes `--bench`, while
/// `cargo test --benches` (or `--all-targets`) runs the same binary without it. The corpus
/// benches take minutes, so under `cargo test` they only say how to run them.
pub fn started_by_cargo_bench() -> bool {
    env::args().skip(1).any(|a| a == "--bench")
}

/// The `main` of a corpus bench: runs `run` when cargo started it with `--bench`, says
/// how to run it otherwise, and turns an error into one line and a failing exit.
pub fn bench_main(name: &str, run: fn() -> anyhow::Result<()>) -> std::process::ExitCode {
    if !started_by_cargo_bench() {
        eprintln!("{name}: skipped; run it with `cargo bench --bench {name}`");
        return std::process::ExitCode::SUCCESS;
    }
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("bench {name}: error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Prints a progress line on stderr; the benches' stdout is left to cargo.
#[macro_export]
macro_rules! progress {
    ($($arg:tt)*) => {
        eprintln!("bench: {}", format_args!($($arg)*))
    };
}
