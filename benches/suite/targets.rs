//! The targets of issue 11 (the parallel walk, on both layouts) and issue 15 (process
//! mode), and the report's scaling-model section. Verdicts follow `summary.rs`: a target
//! passes or fails only on a full set of numbers, and is NOT MEASURED otherwise.

use std::fmt::Write as _;

use crate::common::layout::Kind;
use crate::common::report::{cell, table};
use crate::model::{CORES, Extras, ModelResult};
use crate::modes::{self, SEARCHES};
use crate::summary::{
    Target, Verdict, case_target, finish, median_of, ratio, ratio_target, rss_of, short,
};
use crate::{CaseResult, Group, tree_cases_in};

const LAYOUTS: [Kind; 2] = [Kind::Flat, Kind::OneTop];

/// Model rows a full run has: two searches on two layouts.
const MODEL_ROWS: usize = 4;

/// The rows of issues 11 and 15, after issue 5's.
pub fn targets(results: &[CaseResult], extras: &Extras) -> Vec<Target> {
    let on = |layout: Kind, pred: fn(Group) -> bool| {
        results
            .iter()
            .filter(move |c| c.layout == Some(layout) && pred(c.group))
    };
    let benchsuite = |g: Group| g == Group::Benchsuite;
    let tree = |g: Group| matches!(g, Group::Benchsuite | Group::Course);
    let bench_cases = tree_cases_in(Group::Benchsuite);
    let mut out = Vec::new();

    for layout in LAYOUTS {
        out.push(geomean(
            layout,
            on(layout, benchsuite).collect(),
            bench_cases,
        ));
    }
    for layout in LAYOUTS {
        out.push(ratio_target(
            &format!("11b. trawl / rg, each benchsuite case, {}", layout.name()),
            "≤ 0.95 in every case".into(),
            bench_cases,
            on(layout, benchsuite),
            "trawl",
            "rg",
            0.95,
        ));
    }
    out.push(one_top_vs_flat(results));
    out.push(per_layout_ratio(
        "11d. trawl --files / rg --files, both layouts",
        "≤ 0.85 on each layout",
        results.iter().filter(|c| c.group == Group::Files),
        ("trawl --files", "rg --files"),
        0.85,
    ));
    out.push(case_target(
        "11d. trawl --files byte-identical to rg --files --sort path, both layouts",
        "identical on each layout".into(),
        LAYOUTS.len(),
        results.iter().filter(|c| c.group == Group::Files),
        |case| {
            let layout = case.layout.map_or("", Kind::name);
            let hash = |label: &str| {
                case.outcomes
                    .iter()
                    .find(|o| o.label == label && o.status.has_time())
                    .and_then(|o| o.hashes())
            };
            match (hash("trawl --files"), hash("rg --files --sort path")) {
                (Some(a), Some(b)) => {
                    let same = a.0 == b.0;
                    let word = if same { "identical" } else { "NOT identical" };
                    Ok((same, format!("{layout}: {word}")))
                }
                _ => Err(layout.to_string()),
            }
        },
    ));
    out.push(idle_target(&extras.models));
    out.push(statx_target(extras));
    out.push(per_layout_ratio(
        "11g. trawl -j 16 / -j 2 on 2 cores, PM_RESUME, both layouts",
        "≤ 1.05 on each layout",
        results.iter().filter(|c| c.group == Group::Jobs),
        ("trawl -j 16", "trawl -j 2"),
        1.05,
    ));
    out.push(case_target(
        "11h. peak RSS, trawl − rg (MiB), tree cases, both layouts",
        "≤ +16 MiB in every case".into(),
        2 * (bench_cases + tree_cases_in(Group::Course)),
        results
            .iter()
            .filter(|c| c.layout.is_some() && tree(c.group)),
        |case| match (rss_of(case, "trawl"), rss_of(case, "rg")) {
            (Some(t), Some(r)) => {
                let over = t as f64 / 1024.0 - r as f64 / 1024.0;
                Ok((over <= 16.0, format!("{}: {over:+.1}", layout_title(case))))
            }
            _ => Err(layout_title(case)),
        },
    ));
    out.push(model_target(&extras.models));
    out.push(modes_target(results));
    out
}

/// `a / b <= limit` in one case per layout, each named by its layout.
fn per_layout_ratio<'a>(
    name: &str,
    goal: &str,
    cases: impl Iterator<Item = &'a CaseResult>,
    (a, b): (&str, &str),
    limit: f64,
) -> Target {
    case_target(name, goal.into(), LAYOUTS.len(), cases, |case| {
        let layout = case.layout.map_or("", Kind::name);
        match ratio(median_of(case, a), median_of(case, b)) {
            Some(r) => Ok((r <= limit, format!("{layout}: {r:.2}"))),
            None => Err(layout.to_string()),
        }
    })
}

/// `flat PM_RESUME`: a case named with its layout, for rows that span both.
fn layout_title(case: &CaseResult) -> String {
    let layout = case.layout.map_or("", Kind::name);
    format!("{layout} {}", short(&case.title))
}

fn geomean(layout: Kind, cases: Vec<&CaseResult>, expected: usize) -> Target {
    let mut logs = Vec::new();
    let mut missing = Vec::new();
    for case in cases {
        match ratio(median_of(case, "trawl"), median_of(case, "rg")) {
            Some(r) => logs.push(r.ln()),
            None => missing.push(short(&case.title)),
        }
    }
    let mean = (!logs.is_empty()).then(|| (logs.iter().sum::<f64>() / logs.len() as f64).exp());
    let parts = mean
        .map(|g| vec![format!("{g:.3} over {} cases", logs.len())])
        .unwrap_or_default();
    let complete = logs.len() == expected;
    let mut t = finish(
        &format!("11a. trawl / rg, geometric mean, {}", layout.name()),
        format!("≤ 0.80 over the {expected} benchsuite cases"),
        (logs.len() + missing.len(), expected),
        parts,
        missing,
        true,
    );
    if let (Some(g), true) = (mean, complete) {
        t.verdict = Verdict::of(g <= 0.80);
    }
    t
}

/// trawl's time on the one-top layout over the flat one, for each tree and `--files` case
/// that ran on both.
fn one_top_vs_flat(results: &[CaseResult]) -> Target {
    let pairs = |g: Group| matches!(g, Group::Benchsuite | Group::Course | Group::Files);
    let expected = tree_cases_in(Group::Benchsuite) + tree_cases_in(Group::Course) + 1;
    let one_top = results
        .iter()
        .filter(|c| c.layout == Some(Kind::OneTop) && pairs(c.group));
    case_target(
        "11c. trawl, one-top / flat, case by case",
        "≤ 1.05 in every case".into(),
        expected,
        one_top,
        |case| {
            let name = short(&case.title);
            let label = if case.group == Group::Files {
                "trawl --files"
            } else {
                "trawl"
            };
            let flat = results.iter().find(|c| {
                c.layout == Some(Kind::Flat) && c.group == case.group && short(&c.title) == name
            });
            let flat = flat.ok_or_else(|| format!("{name} (no flat run)"))?;
            match ratio(median_of(case, label), median_of(flat, label)) {
                Some(r) => Ok((r <= 1.05, format!("{name}: {r:.2}"))),
                None => Err(name),
            }
        },
    )
}

fn idle_target(models: &[ModelResult]) -> Target {
    let mut parts = Vec::new();
    let mut missing = Vec::new();
    let mut ok = true;
    for m in models {
        match m.idle_share() {
            Some(share) => {
                ok &= share <= 0.10;
                parts.push(format!("{}: {:.1}%", model_name(m), share * 100.0));
            }
            None => missing.push(model_name(m)),
        }
    }
    finish(
        "11e. workers idle, idle / (busy + idle), course problem and PM_RESUME, both layouts",
        "≤ 10% in each".into(),
        (models.len(), MODEL_ROWS),
        parts,
        missing,
        ok,
    )
}

fn model_name(m: &ModelResult) -> String {
    format!("{} {}", m.layout.name(), short(&m.title))
}

fn statx_target(extras: &Extras) -> Target {
    let name = "11f. statx calls, trawl --files / rg --files (strace -f -c)";
    let goal = "≤ 1.1 on each layout".to_string();
    if let Some(why) = &extras.statx_missing {
        return finish(name, goal, (0, 2), Vec::new(), vec![why.clone()], true);
    }
    let mut parts = Vec::new();
    let mut missing = Vec::new();
    let mut ok = true;
    let mut ran = 0;
    for layout in LAYOUTS {
        let count = |tool: &str| {
            extras
                .statx
                .iter()
                .find(|s| s.layout == layout && s.tool == tool)
        };
        let (Some(t), Some(r)) = (count("trawl"), count("rg")) else {
            continue;
        };
        ran += 1;
        match (t.statx, r.statx) {
            (Some(t), Some(r)) => {
                let ratio = t as f64 / (r.max(1)) as f64;
                ok &= ratio <= 1.1;
                parts.push(format!("{}: {t} vs {r} = {ratio:.2}", layout.name()));
            }
            _ => missing.push(layout.name().into()),
        }
    }
    finish(name, goal, (ran, 2), parts, missing, ok)
}

fn model_target(models: &[ModelResult]) -> Target {
    let mut parts = Vec::new();
    let mut missing = Vec::new();
    let mut ok = true;
    for m in models {
        match (m.trawl_at(16), m.rg_at(16)) {
            (Some(t), Some(r)) => {
                ok &= t <= r;
                parts.push(format!("{}: {t:.3} s vs rg {r:.3} s", model_name(m)));
            }
            _ => missing.push(model_name(m)),
        }
    }
    finish(
        "11i. model: trawl at 16 cores ≤ rg at 16 cores",
        "in each modelled search".into(),
        (models.len(), MODEL_ROWS),
        parts,
        missing,
        ok,
    )
}

/// Issue 15: processes at `-j 2` within 10% of threads at `-j 2`, with identical output.
fn modes_target(results: &[CaseResult]) -> Target {
    case_target(
        "15. --mode processes -j 2 / --mode threads -j 2, output byte-identical",
        "≤ 1.10 in each of the three searches".into(),
        SEARCHES.len(),
        results.iter().filter(|c| c.group == Group::Modes),
        |case| {
            let name = case.title.trim_start_matches("threads vs processes: ");
            let r = ratio(
                median_of(case, &modes::label("processes", 2)),
                median_of(case, &modes::label("threads", 2)),
            )
            .ok_or_else(|| name.to_string())?;
            let hashes: Vec<_> = case.outcomes.iter().filter_map(|o| o.hashes()).collect();
            let same =
                hashes.len() == case.outcomes.len() && hashes.windows(2).all(|w| w[0].0 == w[1].0);
            let word = if same { "identical" } else { "NOT identical" };
            Ok((r <= 1.10 && same, format!("{name}: {r:.2}, {word}")))
        },
    )
}

/// The model's table: measured figures and the projections for trawl and rg.
pub fn model_markdown(extras: &Extras) -> String {
    let mut out = String::from("\n## Scaling model (issue 11)\n\n");
    out.push_str(
        "This machine has 2 cores, so times at more cores cannot be measured here; the \
         model is what it can show. trawl at c cores = max(CPU / c, collector busy, pool \
         lock held, longest job), from its `--stats` (threads mode, default `-j`). The three \
         chains are the CPU time of the threads that ran them (`serial cpu:`), which \
         preemption on this loaded machine does not inflate; the wall-time chains are in \
         the last column. rg at c \
         cores = its CPU (user + system, from `wait4`) / min(c, 12), as ripgrep 15.2 \
         defaults to the core count capped at 12 (`crates/core/flags/hiargs.rs`). Figures \
         are medians over the timed runs; times in seconds.\n\n",
    );
    if extras.models.is_empty() {
        out.push_str("Not run (quick mode or a filter).\n");
    } else {
        let mut header: Vec<String> = [
            "search",
            "trawl CPU",
            "collector",
            "pool lock",
            "longest job",
            "idle share",
            "rg CPU",
            "wall chains",
        ]
        .map(String::from)
        .to_vec();
        for c in CORES {
            header.push(format!("trawl / rg at {c}"));
        }
        let rows: Vec<Vec<String>> = extras.models.iter().map(model_row).collect();
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        out.push_str(&table(&header, &rows));
        for m in &extras.models {
            let _ = writeln!(
                out,
                "\n{}: `{}` against `{}`, {} runs{}",
                cell(&model_name(m)),
                cell(&m.trawl_command),
                cell(&m.rg_command),
                m.runs,
                if m.errors.is_empty() {
                    String::new()
                } else {
                    format!("; errors: {}", cell(&m.errors.join("; ")))
                }
            );
        }
    }
    out.push_str("\n## statx calls, `--files` (issue 11)\n\n");
    if let Some(why) = &extras.statx_missing {
        let _ = writeln!(out, "Not measured: {why}.");
    } else if extras.statx.is_empty() {
        out.push_str("Not run (quick mode or a filter).\n");
    } else {
        let rows: Vec<Vec<String>> = extras
            .statx
            .iter()
            .map(|s| {
                let n = |v: Option<u64>| v.map_or("—".into(), |v| v.to_string());
                vec![
                    s.layout.name().into(),
                    cell(&s.tool),
                    format!("`{}`", cell(&s.command)),
                    n(s.statx),
                    n(s.all_stat),
                    cell(s.error.as_deref().unwrap_or("")),
                ]
            })
            .collect();
        out.push_str(&table(
            &["layout", "tool", "command", "statx", "stat family", "note"],
            &rows,
        ));
    }
    out
}

fn model_row(m: &ModelResult) -> Vec<String> {
    let s = |v: Option<f64>| v.map_or("—".into(), |v| format!("{v:.3}"));
    let t = m.trawl;
    let mut row = vec![
        cell(&model_name(m)),
        s(t.map(|t| t.cpu)),
        s(t.map(|t| t.collector)),
        s(t.map(|t| t.lock)),
        s(t.map(|t| t.longest)),
        m.idle_share()
            .map_or("—".into(), |v| format!("{:.1}%", v * 100.0)),
        s(m.rg_cpu),
        t.and_then(|t| t.wall).map_or("—".into(), |(c, l, j)| {
            format!("{c:.3} / {l:.3} / {j:.3}")
        }),
    ];
    for c in CORES {
        row.push(match (m.trawl_at(c), m.rg_at(c)) {
            (Some(a), Some(b)) => format!("{a:.3} / {b:.3}"),
            _ => "—".into(),
        });
    }
    row
}
