//! The suite's report: a markdown page with the targets (issue 5's here, on the flat
//! layout; issues 11 and 15 in `targets.rs`), the scaling model, and one table per case;
//! and a CSV with one row per tool per case.
//!
//! A target is PASS or FAIL only when every number it needs was measured; otherwise it is
//! NOT MEASURED, with the cells that were missing, so a partial build never looks green.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;

use crate::common::Settings;
use crate::common::layout::{Kind, Layout};
use crate::common::measure::Status;
use crate::common::peers::Peers;
use crate::common::report::{
    UtcTime, cell, csv_record, machine_description, mib, report_root, seconds, source_revision,
    table, write_files,
};
use crate::model::Extras;
use crate::{CaseResult, Group, targets as issue_targets};

/// What the report header says about the run.
pub struct Context<'a> {
    pub stamp: UtcTime,
    pub settings: &'a Settings,
    pub peers: &'a Peers,
    pub kernel: &'a str,
    pub tree: &'a Path,
    pub layouts: &'a [Layout],
    pub single_file: Option<&'a str>,
    pub elapsed: Duration,
}

/// Writes `report.md` and `results.csv` into a timestamped directory and into `latest/`,
/// returning the timestamped one.
pub fn write(context: &Context<'_>, results: &[CaseResult], extras: &Extras) -> Result<PathBuf> {
    let root = report_root();
    let dir = root.join(context.stamp.file_stamp());
    let markdown = markdown(context, results, extras);
    let csv = csv(results);
    write_files(
        &dir,
        &[root.join("latest")],
        &[
            ("report.md", markdown.as_bytes()),
            ("results.csv", csv.as_bytes()),
        ],
    )?;
    Ok(dir)
}

fn markdown(context: &Context<'_>, results: &[CaseResult], extras: &Extras) -> String {
    let mut out = String::from("# trawl benchmark report\n\n");
    out.push_str(&format!("- date: {}\n", context.stamp.human()));
    out.push_str(&machine_description());
    out.push_str(&format!(
        "- corpus: Debian `linux-source-6.1` {}, tree at `{}`\n",
        context.kernel,
        context.tree.display()
    ));
    for layout in context.layouts {
        out.push_str(&format!(
            "- layout {}: `{}`, {} files listed by `rg --files`\n",
            layout.kind.name(),
            layout.root.display(),
            layout.files
        ));
    }
    if let Some(file) = context.single_file {
        out.push_str(&format!("- single file: `{file}`\n"));
    }
    for (name, version) in context.peers.versions() {
        out.push_str(&format!("- {name}: {version}\n"));
    }
    out.push_str(&format!("- trawl source: {}\n", source_revision()));
    out.push_str(&format!("- settings: `{}`\n", context.settings.describe()));
    let env = if context.settings.quick {
        "TRAWL_BENCH_QUICK=1 "
    } else {
        ""
    };
    out.push_str(&format!(
        "- reproduce: `{env}cargo bench --bench suite` (set TRAWL_CORPUS_DIR to reuse a \
         prepared corpus)\n"
    ));
    out.push_str(&format!(
        "- the suite took {:.0} s. Times are medians of wall time, interleaved round-robin \
         after warm-up, stdout read through a pipe. Peak RSS is that of the tool's \
         first, validating run, under GNU time (`/usr/bin/time -f %M`).\n\n",
        context.elapsed.as_secs_f64()
    ));
    out.push_str("## Targets\n\n");
    out.push_str(&targets_markdown(results, extras));
    out.push_str(&issue_targets::model_markdown(extras));
    out.push_str("\n## Cases\n");
    for case in results {
        out.push_str(&format!("\n### {}\n\n", case.title));
        out.push_str(&case_table(case));
        for note in &case.notes {
            out.push_str(&format!("\n{note}\n"));
        }
    }
    out
}

fn case_table(case: &CaseResult) -> String {
    let base = baseline_median(case);
    let rows: Vec<Vec<String>> = case
        .outcomes
        .iter()
        .map(|o| {
            let median = o.median();
            let mut notes = Vec::new();
            match &o.status {
                Status::Unsupported(why) | Status::Failed(why) | Status::Mismatch(why) => {
                    notes.push(format!("not timed: {why}"))
                }
                Status::Timed | Status::Slow => {}
            }
            notes.extend(o.notes.iter().cloned());
            vec![
                cell(&o.label),
                format!("`{}`", cell(&o.command)),
                median.map_or("—".into(), seconds),
                ratio(median, base).map_or("—".into(), |r| format!("{r:.2}")),
                o.median_cpu().map_or("—".into(), seconds),
                if o.max_rss_kib > 0 {
                    mib(o.max_rss_kib)
                } else {
                    "—".into()
                },
                o.lines.map_or("—".into(), |n| n.to_string()),
                cell(&notes.join("; ")),
            ]
        })
        .collect();
    let ratio_header = format!("ratio to {}", case.baseline);
    table(
        &[
            "tool",
            "command",
            "median s",
            &ratio_header,
            "median CPU s",
            "peak RSS MiB",
            "lines",
            "note",
        ],
        &rows,
    )
}

fn csv(results: &[CaseResult]) -> String {
    let mut out = csv_record(&[
        "case",
        "tool",
        "command",
        "status",
        "timed_runs",
        "median_s",
        "min_s",
        "max_s",
        "baseline",
        "ratio_to_baseline",
        "median_cpu_s",
        "peak_rss_mib",
        "lines",
        "note",
    ]);
    for case in results {
        let base = baseline_median(case);
        for o in &case.outcomes {
            let median = o.median();
            let secs = |d: Option<&Duration>| {
                d.map_or(String::new(), |d| format!("{:.6}", d.as_secs_f64()))
            };
            let mut note = match &o.status {
                Status::Unsupported(why) | Status::Failed(why) | Status::Mismatch(why) => {
                    why.clone()
                }
                Status::Timed | Status::Slow => String::new(),
            };
            for extra in &o.notes {
                if !note.is_empty() {
                    note.push_str("; ");
                }
                note.push_str(extra);
            }
            out.push_str(&csv_record(&[
                case.title.clone(),
                o.label.clone(),
                o.command.clone(),
                o.status.tag().into(),
                o.walls.len().to_string(),
                secs(median.as_ref()),
                secs(o.walls.iter().min()),
                secs(o.walls.iter().max()),
                case.baseline.clone(),
                ratio(median, base).map_or(String::new(), |r| format!("{r:.4}")),
                secs(o.median_cpu().as_ref()),
                mib(o.max_rss_kib),
                o.lines.map_or(String::new(), |n| n.to_string()),
                note,
            ]));
        }
    }
    out
}

fn baseline_median(case: &CaseResult) -> Option<Duration> {
    case.outcomes
        .iter()
        .find(|o| o.label == case.baseline)
        .and_then(|o| o.median())
}

pub fn ratio(a: Option<Duration>, b: Option<Duration>) -> Option<f64> {
    let (a, b) = (a?.as_secs_f64(), b?.as_secs_f64());
    (b > 0.0).then(|| a / b)
}

/// The median of the tool labelled `label` in `case`.
pub fn median_of(case: &CaseResult, label: &str) -> Option<Duration> {
    case.outcomes
        .iter()
        .find(|o| o.label == label)
        .and_then(|o| o.median())
}

pub fn rss_of(case: &CaseResult, label: &str) -> Option<u64> {
    case.outcomes
        .iter()
        .find(|o| o.label == label && o.status.has_time())
        .map(|o| o.max_rss_kib)
}

/// Cases each target expects in a full run: the eight benchsuite patterns, and those
/// plus the course problem.
const BENCHSUITE_CASES: usize = 8;
const TREE_CASES: usize = 9;

/// One row of the targets table.
pub struct Target {
    pub name: String,
    pub goal: String,
    pub measured: String,
    pub verdict: Verdict,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Fail,
    NotMeasured,
}

impl Verdict {
    pub fn of(ok: bool) -> Verdict {
        if ok { Verdict::Pass } else { Verdict::Fail }
    }

    fn word(self) -> &'static str {
        match self {
            Verdict::Pass => "PASS",
            Verdict::Fail => "FAIL",
            Verdict::NotMeasured => "NOT MEASURED",
        }
    }
}

/// Checks `ratio(a, b) <= limit` for each case; lists every ratio, or the cases where one
/// side had no time.
pub fn ratio_target<'a>(
    name: &str,
    goal: String,
    expected: usize,
    cases: impl Iterator<Item = &'a CaseResult>,
    a: &str,
    b: &str,
    limit: f64,
) -> Target {
    case_target(name, goal, expected, cases, |case| {
        match ratio(median_of(case, a), median_of(case, b)) {
            Some(r) => Ok((r <= limit, format!("{}: {r:.2}", short(&case.title)))),
            None => Err(short(&case.title)),
        }
    })
}

/// Checks each case with `check`, which says whether the case meets the goal and what
/// was measured, or else names what had no number.
pub fn case_target<'a>(
    name: &str,
    goal: String,
    expected: usize,
    cases: impl Iterator<Item = &'a CaseResult>,
    check: impl Fn(&CaseResult) -> Result<(bool, String), String>,
) -> Target {
    let mut parts = Vec::new();
    let mut missing = Vec::new();
    let mut ok = true;
    for case in cases {
        match check(case) {
            Ok((met, part)) => {
                ok &= met;
                parts.push(part);
            }
            Err(name) => missing.push(name),
        }
    }
    let ran = parts.len() + missing.len();
    finish(name, goal, (ran, expected), parts, missing, ok)
}

/// Builds a target row from per-case results. One case over its limit fails the target
/// outright; otherwise a case without a number, or a case that did not run (quick mode,
/// a filter), leaves it unmeasured. `ran` counts the cases that ran, `parts` describes
/// what was measured and `missing` names the cases without a number.
pub fn finish(
    name: &str,
    goal: String,
    (ran, expected): (usize, usize),
    parts: Vec<String>,
    missing: Vec<String>,
    ok: bool,
) -> Target {
    let verdict = if !ok {
        Verdict::Fail
    } else if !missing.is_empty() || ran < expected {
        Verdict::NotMeasured
    } else {
        Verdict::Pass
    };
    let mut measured = parts.join(", ");
    if !missing.is_empty() {
        if !measured.is_empty() {
            measured.push_str("; ");
        }
        measured.push_str(&format!("no time for: {}", missing.join(", ")));
    }
    if ran < expected {
        if !measured.is_empty() {
            measured.push_str("; ");
        }
        measured.push_str(&format!("{ran} of {expected} cases ran"));
    }
    Target {
        name: name.into(),
        goal,
        measured,
        verdict,
    }
}

/// A case title without its corpus prefix, for the compact targets table.
pub fn short(title: &str) -> String {
    title
        .split_once(": ")
        .map_or(title, |(_, rest)| rest)
        .to_string()
}

/// Issue 5's targets, on the flat layout, where they were set.
fn targets(results: &[CaseResult]) -> Vec<Target> {
    let flat: Vec<&CaseResult> = results
        .iter()
        .filter(|c| c.layout != Some(Kind::OneTop))
        .collect();
    let of = |pred: fn(Group) -> bool| flat.iter().copied().filter(move |c| pred(c.group));
    let tree = |g: Group| matches!(g, Group::Benchsuite | Group::Course);
    let mut out = Vec::new();

    // 1. geometric mean over the eight benchsuite cases. Unlike the per-case limits, a
    // partial geometric mean can neither pass nor fail.
    let mut logs = Vec::new();
    let mut missing = Vec::new();
    for case in of(|g| g == Group::Benchsuite) {
        match ratio(median_of(case, "trawl"), median_of(case, "rg")) {
            Some(r) => logs.push(r.ln()),
            None => missing.push(short(&case.title)),
        }
    }
    let geomean = (!logs.is_empty()).then(|| (logs.iter().sum::<f64>() / logs.len() as f64).exp());
    let complete = logs.len() == BENCHSUITE_CASES;
    let parts = geomean
        .map(|g| vec![format!("{g:.3} over {} cases", logs.len())])
        .unwrap_or_default();
    let mut t = finish(
        "1a. trawl / rg, geometric mean, Linux tree",
        "≤ 0.90 over the 8 benchsuite cases".into(),
        (logs.len() + missing.len(), BENCHSUITE_CASES),
        parts,
        missing,
        true,
    );
    if let (Some(g), true) = (geomean, complete) {
        t.verdict = Verdict::of(g <= 0.90);
    }
    out.push(t);
    out.push(ratio_target(
        "1b. trawl / rg, each Linux-tree case",
        "≤ 1.05 in every case, the course problem included".into(),
        TREE_CASES,
        of(tree),
        "trawl",
        "rg",
        1.05,
    ));
    out.push(ratio_target(
        "2. trawl / rg --sort path, each Linux-tree case",
        "≤ 0.55 in every case".into(),
        TREE_CASES,
        of(tree),
        "trawl",
        "rg --sort path",
        0.55,
    ));
    out.push(ratio_target(
        "3a. single file, no-literal regex: trawl / rg",
        "≤ 0.60".into(),
        1,
        of(|g| g == Group::SingleFile { no_literal: true }),
        "trawl",
        "rg",
        0.60,
    ));
    out.push(ratio_target(
        "3b. single file, literal and -i alternation: trawl / rg",
        "≤ 0.85 each".into(),
        2,
        of(|g| g == Group::SingleFile { no_literal: false }),
        "trawl",
        "rg",
        0.85,
    ));

    // 4. peak RSS on the Linux tree.
    out.push(case_target(
        "4. peak RSS, trawl − rg (MiB), Linux tree",
        "≤ +16 MiB in every case".into(),
        TREE_CASES,
        of(tree),
        |case| match (rss_of(case, "trawl"), rss_of(case, "rg")) {
            (Some(t), Some(r)) => {
                let over = t as f64 / 1024.0 - r as f64 / 1024.0;
                Ok((over <= 16.0, format!("{}: {over:+.1}", short(&case.title))))
            }
            _ => Err(short(&case.title)),
        },
    ));

    // 5. tiny tree: an absolute margin, not a ratio.
    out.push(case_target(
        "5. tiny tree, trawl − rg",
        "≤ +1 ms".into(),
        1,
        of(|g| g == Group::Tiny),
        |case| match (median_of(case, "trawl"), median_of(case, "rg")) {
            (Some(t), Some(r)) => {
                let over = (t.as_secs_f64() - r.as_secs_f64()) * 1000.0;
                Ok((over <= 1.0, format!("trawl − rg = {over:+.2} ms")))
            }
            _ => Err(short(&case.title)),
        },
    ));

    // Issue 16: trawl -P, in its order, against rg -P in rg's.
    out.push(ratio_target(
        "issue 16. trawl -P / rg -P, each Linux-tree case",
        "≤ 1.0 in every case".into(),
        crate::PCRE2_CASES.len(),
        of(|g| g == Group::Pcre2),
        "trawl",
        "rg",
        1.0,
    ));

    // Issue 4: --stats costs at most 3%.
    out.push(case_target(
        "issue 4. --stats overhead, Linux tree",
        "medians within 3%".into(),
        1,
        of(|g| g == Group::Stats),
        |case| match ratio(median_of(case, "trawl --stats"), median_of(case, "trawl")) {
            Some(r) => Ok(((r - 1.0).abs() <= 0.03, format!("with / without = {r:.3}"))),
            None => Err("trawl --stats".into()),
        },
    ));
    out
}

/// The targets as a markdown table; also printed at the end of a run.
pub fn targets_markdown(results: &[CaseResult], extras: &Extras) -> String {
    let rows: Vec<Vec<String>> = targets(results)
        .into_iter()
        .chain(issue_targets::targets(results, extras))
        .map(|t| {
            vec![
                cell(&t.name),
                cell(&t.goal),
                cell(&t.measured),
                t.verdict.word().into(),
            ]
        })
        .collect();
    table(&["target", "goal", "measured", "verdict"], &rows)
}
