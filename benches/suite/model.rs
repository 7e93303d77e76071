//! Issue 11's scaling model and `statx` counts, which this 2-core machine can show where
//! it cannot show 16 cores.
//!
//! **The model.** trawl's `--stats` (threads mode) reports the total CPU of the run and
//! the serial chains that no number of cores shortens: the collector's busy time, the
//! time the pool's lock was held, and the longest single job. trawl's time at `c` cores
//! is projected as `max(cpu / c, collector, lock, longest job)`. The chains are the CPU
//! time of the threads that ran them (`--stats`' `serial cpu:` line): a thread preempted
//! on this loaded 2-core machine while it holds the lock does not count the wait, and on
//! a machine with a core per thread there is no such wait. The wall-time chains are kept
//! beside them for the report. rg's is its CPU
//! (user + system of the child, from `wait4`) over its threads, `min(c, 12)`: ripgrep
//! 15.2 defaults to the core count capped at 12 (`crates/core/flags/hiargs.rs`,
//! `available_parallelism().min(12)`). Each figure is the median over the timed runs.
//!
//! **Idle workers.** The same `--stats` runs give each worker's busy and idle time;
//! the idle share is `idle / (busy + idle)` summed over all workers.
//!
//! **statx.** `strace -f -c` counts the system calls of `--files` for trawl and rg, when
//! strace is installed; the report keeps `statx` and the stat family (`statx`,
//! `newfstatat`, `fstat`, `stat`, `lstat`). strace 6.1's `trace=%stat` class leaves
//! `statx` out, so the whole table is read instead.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::Settings;
use common::layout::{Kind, Layout};
use common::measure::{Plan, Tool, median_of, run_once};
use common::peers::Peers;
use common::run::shell_quote;

use crate::common;

/// Core counts the model projects to.
pub const CORES: [usize; 4] = [4, 8, 16, 64];

/// ripgrep's cap on its default thread count.
const RG_MAX_THREADS: usize = 12;

/// (title, trawl's flags, rg's flags) of the searches modelled; the pattern is last.
const PROBLEMS: [(&str, &[&str], &[&str]); 2] = [
    (
        "course problem: -O c [A-Z]+_SUSPEND",
        &["--no-column", "-O", "c", "[A-Z]+_SUSPEND"],
        &["-n", "--type-add", "ext:*.c", "-t", "ext", "[A-Z]+_SUSPEND"],
    ),
    (
        "PM_RESUME",
        &["--no-column", "PM_RESUME"],
        &["-n", "PM_RESUME"],
    ),
];

/// What the suite measured beside the timed cases.
#[derive(Default)]
pub struct Extras {
    pub models: Vec<ModelResult>,
    pub statx: Vec<StatxResult>,
    /// Why there are no `statx` counts, when there are none.
    pub statx_missing: Option<String>,
}

/// The medians of one search's `--stats` figures, in seconds.
#[derive(Clone, Copy, Debug, Default)]
pub struct Serial {
    pub cpu: f64,
    pub collector: f64,
    pub lock: f64,
    pub longest: f64,
    pub busy: f64,
    pub idle: f64,
    /// The wall-time chains (collector, lock, longest job), when the CPU-time ones
    /// replaced them.
    pub wall: Option<(f64, f64, f64)>,
}

/// One modelled search on one layout.
pub struct ModelResult {
    pub title: String,
    pub layout: Kind,
    pub trawl_command: String,
    pub rg_command: String,
    pub runs: usize,
    pub trawl: Option<Serial>,
    /// rg's median CPU time, seconds.
    pub rg_cpu: Option<f64>,
    /// Why a side has no numbers.
    pub errors: Vec<String>,
}

impl ModelResult {
    /// trawl's projected time at `cores`.
    pub fn trawl_at(&self, cores: usize) -> Option<f64> {
        let s = self.trawl?;
        Some(
            (s.cpu / cores as f64)
                .max(s.collector)
                .max(s.lock)
                .max(s.longest),
        )
    }

    /// rg's projected time at `cores`.
    pub fn rg_at(&self, cores: usize) -> Option<f64> {
        Some(self.rg_cpu? / cores.min(RG_MAX_THREADS) as f64)
    }

    /// The workers' share of time spent waiting for work.
    pub fn idle_share(&self) -> Option<f64> {
        let s = self.trawl?;
        let all = s.busy + s.idle;
        (all > 0.0).then(|| s.idle / all)
    }
}

/// One tool's stat-family calls for `--files` on one layout.
pub struct StatxResult {
    pub layout: Kind,
    pub tool: String,
    pub command: String,
    pub statx: Option<u64>,
    /// Every stat-family call (`STAT_FAMILY`).
    pub all_stat: Option<u64>,
    pub error: Option<String>,
}

/// The title a model row is selected by.
pub fn model_title(name: &str, layout: Kind) -> String {
    format!("model, {}: {name}", layout.title())
}

fn statx_title(layout: Kind) -> String {
    format!("statx, {}: --files", layout.title())
}

/// Runs the model searches and the strace counts that `settings` select.
pub fn measure(settings: &Settings, layouts: &[Layout], peers: &Peers, plan: &Plan) -> Extras {
    let mut extras = Extras::default();
    for layout in layouts {
        for (name, trawl_args, rg_args) in PROBLEMS {
            let title = model_title(name, layout.kind);
            if settings.selects(&title) {
                extras
                    .models
                    .push(model(title, layout, trawl_args, rg_args, peers, plan));
            }
        }
    }
    let wanted: Vec<&Layout> = layouts
        .iter()
        .filter(|l| settings.selects(&statx_title(l.kind)))
        .collect();
    if !wanted.is_empty() {
        match find_strace() {
            None => extras.statx_missing = Some("strace is not installed".into()),
            Some(strace) => {
                for layout in wanted {
                    for (label, program) in [("trawl", &peers.trawl), ("rg", &peers.rg)] {
                        crate::progress!("{}: {label}", statx_title(layout.kind));
                        extras
                            .statx
                            .push(count_stats(&strace, label, program, layout));
                    }
                }
            }
        }
    }
    extras
}

fn model(
    title: String,
    layout: &Layout,
    trawl_args: &[&str],
    rg_args: &[&str],
    peers: &Peers,
    plan: &Plan,
) -> ModelResult {
    let mut args = vec!["--stats"];
    args.extend_from_slice(trawl_args);
    let trawl = Tool::new("trawl --stats", &peers.trawl, args, &layout.root);
    let rg = Tool::new("rg", &peers.rg, rg_args.iter().copied(), &layout.root);
    let mut result = ModelResult {
        title: title.clone(),
        layout: layout.kind,
        trawl_command: trawl.command_line(),
        rg_command: rg.command_line(),
        runs: 0,
        trawl: None,
        rg_cpu: None,
        errors: Vec::new(),
    };
    let mut samples = Vec::new();
    let mut rg_cpus = Vec::new();
    // One warm-up round, then the timed rounds, interleaved as in `measure`.
    for round in 0..plan.warmups + plan.runs {
        let timed = round >= plan.warmups;
        crate::progress!("{title}: round {}", round + 1);
        match run_once(&trawl, plan.timeout, true, None) {
            Ok(run) if matches!(run.exit, common::measure::Exit::Code(0 | 1)) => {
                let text = String::from_utf8_lossy(run.output.as_deref().unwrap_or(b""));
                match parse_stats(&text) {
                    Some(s) if timed => samples.push(s),
                    Some(_) => {}
                    None => result
                        .errors
                        .push("trawl's --stats has no `worker`/`serial:` lines".into()),
                }
            }
            Ok(run) => result.errors.push(format!(
                "trawl: {:?}: {}",
                run.exit,
                run.stderr.lines().next().unwrap_or("")
            )),
            Err(err) => result.errors.push(format!("trawl: {err}")),
        }
        match run_once(&rg, plan.timeout, false, None) {
            Ok(run) if timed => rg_cpus.push(run.cpu),
            Ok(_) => {}
            Err(err) => result.errors.push(format!("rg: {err}")),
        }
    }
    result.errors.dedup();
    result.runs = samples.len();
    if !samples.is_empty() {
        let med = |f: fn(&Serial) -> f64| {
            let d: Vec<Duration> = samples
                .iter()
                .map(|s| Duration::from_secs_f64(f(s)))
                .collect();
            median_of(&d).map_or(0.0, |d| d.as_secs_f64())
        };
        result.trawl = Some(Serial {
            cpu: med(|s| s.cpu),
            collector: med(|s| s.collector),
            lock: med(|s| s.lock),
            longest: med(|s| s.longest),
            busy: med(|s| s.busy),
            idle: med(|s| s.idle),
            wall: samples.iter().all(|s| s.wall.is_some()).then(|| {
                (
                    med(|s| s.wall.map_or(0.0, |w| w.0)),
                    med(|s| s.wall.map_or(0.0, |w| w.1)),
                    med(|s| s.wall.map_or(0.0, |w| w.2)),
                )
            }),
        });
    }
    result.rg_cpu = median_of(&rg_cpus).map(|d| d.as_secs_f64());
    result
}

/// The numbers of a line, in order, with the punctuation around them trimmed.
fn numbers(line: &str) -> Vec<f64> {
    line.split_whitespace()
        .filter_map(|w| w.trim_matches([',', ';', ':']).parse().ok())
        .collect()
}

/// The model's figures from trawl's `--stats` block: the `worker i:` lines (`... B bytes,
/// X s busy, Y s idle`) and the `serial:` line (collector, lock, longest job; CPU user,
/// system, children).
pub fn parse_stats(text: &str) -> Option<Serial> {
    let mut s = Serial::default();
    let mut workers = 0;
    let mut serial = false;
    for line in text.lines() {
        if line.starts_with("worker ") {
            let (busy, idle) = (field_before(line, "s busy")?, field_before(line, "s idle")?);
            s.busy += busy;
            s.idle += idle;
            workers += 1;
        } else if let Some(rest) = line.strip_prefix("serial: ") {
            let n = numbers(rest);
            let [collector, lock, longest, user, system, children] = n[..] else {
                return None;
            };
            s.collector = collector;
            s.lock = lock;
            s.longest = longest;
            s.cpu = user + system + children;
            serial = true;
        } else if let Some(rest) = line.strip_prefix("serial cpu: ") {
            // The same chains in the CPU time of the threads that ran them, which a
            // loaded machine does not inflate; the model prefers them.
            let n = numbers(rest);
            let [collector, lock, _holds, longest] = n[..] else {
                return None;
            };
            s.wall = Some((s.collector, s.lock, s.longest));
            s.collector = collector;
            s.lock = lock;
            s.longest = longest;
        }
    }
    (workers > 0 && serial).then_some(s)
}

/// The number just before `unit` in `line`: `4.2` in `..., 4.2 s busy, ...`.
fn field_before(line: &str, unit: &str) -> Option<f64> {
    let head = &line[..line.find(unit)?];
    head.split_whitespace().last()?.parse().ok()
}

fn find_strace() -> Option<PathBuf> {
    ["/usr/bin/strace", "/bin/strace"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

/// Runs `program --files` under `strace -f -c` and reads its summary table.
fn count_stats(strace: &Path, label: &str, program: &Path, layout: &Layout) -> StatxResult {
    let out = std::env::temp_dir().join(format!("trawl-bench-strace-{}", std::process::id()));
    let status = Command::new(strace)
        .args(["-f", "-c", "-o"])
        .arg(&out)
        .arg(program)
        .arg("--files")
        .current_dir(&layout.root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    let program_name = program
        .file_name()
        .map_or_else(|| program.to_string_lossy(), |n| n.to_string_lossy());
    let mut result = StatxResult {
        layout: layout.kind,
        tool: label.into(),
        command: format!("strace -f -c {} --files", shell_quote(&program_name)),
        statx: None,
        all_stat: None,
        error: None,
    };
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    let _ = std::fs::remove_file(&out);
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => result.error = Some(format!("strace ended with {s}")),
        Err(e) => result.error = Some(format!("could not run strace: {e}")),
    }
    let (statx, all) = parse_strace(&text);
    result.statx = statx;
    result.all_stat = all;
    if result.statx.is_none() && result.error.is_none() {
        result.error = Some("no statx row in strace's summary".into());
    }
    result
}

/// The stat family, as strace names its calls on Linux.
const STAT_FAMILY: [&str; 5] = ["statx", "newfstatat", "fstat", "stat", "lstat"];

/// The `statx` calls and those of the whole stat family in `strace -c`'s table, whose
/// rows read `% time, seconds, usecs/call, calls, [errors,] syscall`.
fn parse_strace(text: &str) -> (Option<u64>, Option<u64>) {
    let mut statx = None;
    let mut family = 0;
    let mut total = false;
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let (Some(&name), Some(calls)) = (words.last(), words.get(3)) else {
            continue;
        };
        let Ok(calls) = calls.parse::<u64>() else {
            continue;
        };
        if name == "total" {
            total = true;
        } else if STAT_FAMILY.contains(&name) {
            family += calls;
            if name == "statx" {
                statx = Some(calls);
            }
        }
    }
    // A run that made no statx call has no row for it, but its table still has a total.
    if !total {
        return (None, None);
    }
    (Some(statx.unwrap_or(0)), Some(family))
}
