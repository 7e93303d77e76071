//! Issue 4's scaling run: `cargo bench --bench scaling`.
//!
//! On the Linux tree it times trawl with `--mode threads` and `--mode processes` at
//! `-j 1, 2, 4, 8` on five searches (a literal, a word regex, a regex without a literal,
//! and issue 15's `-c -w '[A-Z]+_SUSPEND'` and course problem), all configurations of one
//! search interleaved round-robin, each with its CPU time (user + system, the worker
//! processes included, from `wait4`). Issue 15's table puts processes against threads at
//! `-j 1, 2, 4`, with its target at `-j 2`: processes at most 1.10 of threads, and
//! byte-identical output. Throughput is the bytes of
//! the files searched (those `rg --files` lists) over the median wall time. It writes
//! `scaling.md`, `scaling.csv` and the chart `throughput.svg` into
//! `target/bench-report/scaling/`, and a copy into a timestamped directory below it.
//!
//! A mode this build of trawl does not know (a usage error for `--mode`) is reported as
//! unsupported; if even `--mode threads` is missing, the threads line is timed without
//! `--mode`, since threads are the default transport.
//!
//! `TRAWL_BENCH_QUICK=1` runs the literal at `-j 1, 2` only. The other knobs are those of
//! `common::Settings`.

// Each bench uses only part of the shared module.
#[path = "scaling/chart.rs"]
mod chart;
#[allow(dead_code)]
mod common;

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Result;

use common::measure::{self, Outcome, Plan, Tool};
use common::peers::Peers;
use common::report::{
    UtcTime, cell, csv_record, machine_description, mib, report_root, source_revision,
};
use common::{Settings, corpus};

/// Worker counts of the scaling run.
const WORKERS: [usize; 4] = [1, 2, 4, 8];
const QUICK_WORKERS: [usize; 2] = [1, 2];

/// The transports, as `--mode` spells them.
const MODES: [&str; 2] = ["threads", "processes"];

/// Worker counts of issue 15's processes-against-threads table.
const MODE_WORKERS: [usize; 3] = [1, 2, 4];

/// Issue 15's limit on processes / threads at `-j 2`.
const PROCESSES_LIMIT: f64 = 1.10;

/// (name, flags and pattern) of the searches.
const PATTERNS: [(&str, &[&str]); 5] = [
    ("literal: PM_RESUME", &["PM_RESUME"]),
    ("word regex: -w [A-Z]+_RESUME", &["-w", "[A-Z]+_RESUME"]),
    (
        r"no-literal regex: \w{5}\s+\w{5}\s+\w{5}\s+\w{5}\s+\w{5}",
        &[r"\w{5}\s+\w{5}\s+\w{5}\s+\w{5}\s+\w{5}"],
    ),
    (
        "count of words: -c -w [A-Z]+_SUSPEND",
        &["-c", "-w", "[A-Z]+_SUSPEND"],
    ),
    (
        "course problem: -O c [A-Z]+_SUSPEND",
        &["-O", "c", "[A-Z]+_SUSPEND"],
    ),
];

/// One mode's times for one pattern, in `WORKERS` order.
pub struct Line {
    pub mode: &'static str,
    pub points: Vec<Point>,
}

/// One configuration's result.
pub struct Point {
    pub workers: usize,
    pub outcome: Outcome,
    /// Corpus bytes over the median wall time, in MB/s (10^6 bytes).
    pub throughput: Option<f64>,
}

/// All of one pattern's results.
pub struct PatternResult {
    pub name: &'static str,
    pub lines: Vec<Line>,
    pub notes: Vec<String>,
    /// Whether every configuration printed the same bytes; `None` if some did not run.
    pub identical: Option<bool>,
}

/// How a mode can be asked for in this build.
enum ModeSupport {
    /// `--mode NAME` works.
    Flag,
    /// `--mode` is unknown, but this is the default transport: time it without the flag.
    Default(String),
    /// Not available; the reason.
    Missing(String),
}

fn main() -> ExitCode {
    common::bench_main("scaling", run)
}

fn run() -> Result<()> {
    let settings = Settings::from_env();
    let started = Instant::now();
    let stamp = UtcTime::now();
    crate::progress!("settings: {}", settings.describe());
    let peers = Peers::prepare(false)?;
    let tree = corpus::linux_tree(&settings.corpus_dir)?;
    let kernel = corpus::kernel_version();
    let bytes = corpus::searched_bytes(&tree, &peers.rg)?;
    crate::progress!("{} searches {bytes} bytes", tree.display());
    let plan = Plan::from_settings(&settings, peers.time.clone());
    let workers: &[usize] = if settings.quick {
        &QUICK_WORKERS
    } else {
        &WORKERS
    };
    let patterns = if settings.quick {
        &PATTERNS[..1]
    } else {
        &PATTERNS[..]
    };
    let support: Vec<ModeSupport> = MODES
        .iter()
        .map(|mode| mode_support(&peers.trawl, &tree, mode, settings.timeout))
        .collect();

    let mut results = Vec::new();
    for &(name, args) in patterns {
        results.push(scale_pattern(
            name, args, workers, &support, &tree, &peers, bytes, &plan,
        ));
    }

    let root = report_root().join("scaling");
    let svg = chart::render(&results)?;
    let mut md = format!(
        "# trawl scaling: threads vs processes\n\n- date: {}\n",
        stamp.human()
    );
    md.push_str(&machine_description());
    let _ = writeln!(
        md,
        "- corpus: Debian `linux-source-6.1` {kernel}, `{}`, {bytes} bytes in the files \
         `rg --files` lists ({:.2} GB)",
        tree.display(),
        bytes as f64 / 1e9
    );
    for (name, version) in peers.versions() {
        if name == "trawl" {
            let _ = writeln!(md, "- trawl: {version}, {}", source_revision());
        }
    }
    let _ = writeln!(md, "- settings: `{}`", settings.describe());
    let quick = if settings.quick {
        "TRAWL_BENCH_QUICK=1 "
    } else {
        ""
    };
    let _ = writeln!(
        md,
        "- reproduce: `{quick}cargo bench --bench scaling`; the run took {:.0} s",
        started.elapsed().as_secs_f64()
    );
    md.push_str(
        "- every run is `trawl --no-column --mode MODE -j N ...` in the tree; times are \
         medians of interleaved runs; peak RSS comes from each configuration's first run \
         under GNU time, and in process mode it is the largest of the parent and its \
         worker processes\n\n![throughput against workers](throughput.svg)\n",
    );
    md.push_str(&markdown_tables(&results, workers));
    let csv = csv(&results);
    let dir = root.join(stamp.file_stamp());
    common::report::write_files(
        &root,
        std::slice::from_ref(&dir),
        &[
            ("scaling.md", md.as_bytes()),
            ("scaling.csv", csv.as_bytes()),
            ("throughput.svg", svg.as_bytes()),
        ],
    )?;
    crate::progress!("report written to {}", root.display());
    eprintln!("\n{}", markdown_tables(&results, workers));
    Ok(())
}

/// Asks trawl for `--mode MODE` on one small file, to tell a missing flag from a failure.
fn mode_support(trawl: &Path, tree: &Path, mode: &str, timeout: Duration) -> ModeSupport {
    let probe = Tool::new(
        "probe",
        trawl,
        [
            "--no-column",
            "--mode",
            mode,
            "-j",
            "1",
            "PM_RESUME",
            "COPYING",
        ],
        tree,
    );
    let why = match measure::run_once(&probe, timeout, false, None) {
        Ok(run) if !measure::is_usage_error(&run) => return ModeSupport::Flag,
        Ok(run) => run.stderr.lines().next().unwrap_or("").trim().to_string(),
        Err(err) => err.to_string(),
    };
    let why = format!("not supported by this build: {why}");
    if mode == MODES[0] {
        ModeSupport::Default(why)
    } else {
        ModeSupport::Missing(why)
    }
}

#[allow(clippy::too_many_arguments)]
fn scale_pattern(
    name: &'static str,
    args: &[&str],
    workers: &[usize],
    support: &[ModeSupport],
    tree: &Path,
    peers: &Peers,
    bytes: u64,
    plan: &Plan,
) -> PatternResult {
    let mut tools = Vec::new();
    let mut slots = Vec::new();
    let mut notes = Vec::new();
    for (mode, support) in MODES.iter().zip(support) {
        let mode_flags: Vec<&str> = match support {
            ModeSupport::Flag => vec!["--mode", mode],
            ModeSupport::Default(why) => {
                notes.push(format!(
                    "`--mode {mode}`: {why}; the {mode} line is timed without `--mode`, \
                     as the default transport"
                ));
                Vec::new()
            }
            ModeSupport::Missing(why) => {
                notes.push(format!("`--mode {mode}`: {why}"));
                continue;
            }
        };
        for &j in workers {
            let j_text = j.to_string();
            let argv: Vec<&str> = ["--no-column"]
                .into_iter()
                .chain(mode_flags.iter().copied())
                .chain(["-j", j_text.as_str()])
                .chain(args.iter().copied())
                .collect();
            let mut tool = Tool::new(format!("{mode} -j {j}"), &peers.trawl, argv, tree);
            tool.usage_error_is_unsupported = true;
            tools.push(tool);
            slots.push((*mode, j));
        }
    }
    let mut lines: Vec<Line> = Vec::new();
    if tools.is_empty() {
        return PatternResult {
            name,
            lines,
            notes,
            identical: None,
        };
    }
    let outcomes = measure::measure(name, &tools, 0, plan);
    let hashes: Vec<_> = outcomes.iter().filter_map(|o| o.hashes()).collect();
    let same = hashes.windows(2).all(|w| w[0].0 == w[1].0);
    let identical = (hashes.len() == outcomes.len()).then_some(same);
    if identical == Some(true) {
        notes.push("Every configuration printed byte-identical output.".into());
    } else if hashes.len() > 1 && !same {
        notes.push("The configurations did NOT all print the same bytes.".into());
    }
    for ((mode, j), outcome) in slots.into_iter().zip(outcomes) {
        let throughput = outcome
            .median()
            .map(|m| bytes as f64 / 1e6 / m.as_secs_f64());
        let point = Point {
            workers: j,
            outcome,
            throughput,
        };
        match lines.iter_mut().find(|l| l.mode == mode) {
            Some(line) => line.points.push(point),
            None => lines.push(Line {
                mode,
                points: vec![point],
            }),
        }
    }
    PatternResult {
        name,
        lines,
        notes,
        identical,
    }
}

fn markdown_tables(results: &[PatternResult], workers: &[usize]) -> String {
    let mut out = String::from("\n## Median wall time (throughput) by workers\n\n");
    let mut header = vec!["pattern".to_string(), "mode".to_string()];
    header.extend(workers.iter().map(|j| format!("-j {j}")));
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}", " --- |".repeat(header.len()));
    for result in results {
        for line in &result.lines {
            let mut row = vec![cell(result.name), line.mode.to_string()];
            for point in &line.points {
                row.push(match (point.outcome.median(), point.throughput) {
                    (Some(m), Some(t)) => format!(
                        "{:.3} s, CPU {} ({t:.0} MB/s, {} MiB)",
                        m.as_secs_f64(),
                        point
                            .outcome
                            .median_cpu()
                            .map_or("—".into(), |c| format!("{:.3} s", c.as_secs_f64())),
                        mib(point.outcome.max_rss_kib)
                    ),
                    _ => format!("not timed: {}", cell(&why_untimed(&point.outcome))),
                });
            }
            let _ = writeln!(out, "| {} |", row.join(" | "));
        }
    }
    out.push_str(&modes_table(results));
    for result in results {
        for note in &result.notes {
            let _ = writeln!(out, "\n{}: {note}", result.name);
        }
    }
    out
}

/// Issue 15's table: processes against threads at `MODE_WORKERS`, wall and CPU, with the
/// verdict of its target at `-j 2`.
fn modes_table(results: &[PatternResult]) -> String {
    let mut out = String::from("\n## Processes against threads (issue 15)\n\n");
    let _ = writeln!(
        out,
        "Target: processes -j 2 ≤ {PROCESSES_LIMIT:.2} of threads -j 2, output \
         byte-identical. CPU is user + system, worker processes included.\n"
    );
    out.push_str(
        "| pattern | -j | threads s | threads CPU s | processes s | processes CPU s | \
         processes / threads (time) | (CPU) | verdict |\n",
    );
    out.push_str(&format!("|{}\n", " --- |".repeat(9)));
    let secs = |d: Option<Duration>| d.map_or("—".into(), |d| format!("{:.3}", d.as_secs_f64()));
    let ratio = |a: Option<Duration>, b: Option<Duration>| match (a, b) {
        (Some(a), Some(b)) if b > Duration::ZERO => Some(a.as_secs_f64() / b.as_secs_f64()),
        _ => None,
    };
    for result in results {
        for j in MODE_WORKERS {
            let at = |mode: &str| {
                result
                    .lines
                    .iter()
                    .find(|l| l.mode == mode)
                    .and_then(|l| l.points.iter().find(|p| p.workers == j))
                    .map(|p| (p.outcome.median(), p.outcome.median_cpu()))
            };
            let (Some(t), Some(p)) = (at("threads"), at("processes")) else {
                continue;
            };
            let wall = ratio(p.0, t.0);
            let verdict = match (j, wall, result.identical) {
                (2, Some(r), Some(same)) if r <= PROCESSES_LIMIT && same => "PASS",
                (2, Some(_), Some(_)) => "FAIL",
                (2, _, _) => "NOT MEASURED",
                _ => "",
            };
            let show = |r: Option<f64>| r.map_or("—".into(), |r| format!("{r:.2}"));
            let _ = writeln!(
                out,
                "| {} | {j} | {} | {} | {} | {} | {} | {} | {verdict} |",
                cell(result.name),
                secs(t.0),
                secs(t.1),
                secs(p.0),
                secs(p.1),
                show(wall),
                show(ratio(p.1, t.1)),
            );
        }
    }
    out
}

fn why_untimed(outcome: &Outcome) -> String {
    use common::measure::Status;
    match &outcome.status {
        Status::Unsupported(why) | Status::Failed(why) | Status::Mismatch(why) => why.clone(),
        Status::Timed | Status::Slow => "no runs".into(),
    }
}

fn csv(results: &[PatternResult]) -> String {
    let mut out = csv_record(&[
        "pattern",
        "mode",
        "workers",
        "status",
        "median_s",
        "median_cpu_s",
        "throughput_mb_s",
        "peak_rss_mib",
        "lines",
        "note",
    ]);
    for result in results {
        for line in &result.lines {
            for point in &line.points {
                let o = &point.outcome;
                out.push_str(&csv_record(&[
                    result.name.to_string(),
                    line.mode.to_string(),
                    point.workers.to_string(),
                    o.status.tag().to_string(),
                    o.median()
                        .map_or(String::new(), |m| format!("{:.6}", m.as_secs_f64())),
                    o.median_cpu()
                        .map_or(String::new(), |m| format!("{:.6}", m.as_secs_f64())),
                    point
                        .throughput
                        .map_or(String::new(), |t| format!("{t:.1}")),
                    mib(o.max_rss_kib),
                    o.lines.map_or(String::new(), |n| n.to_string()),
                    if o.status.has_time() {
                        o.notes.join("; ")
                    } else {
                        why_untimed(o)
                    },
                ]));
            }
        }
    }
    out
}
