//! Issue 15's comparison: `--mode processes` against `--mode threads` at `-j 1, 2, 4`, on
//! the flat tree, for the three searches the issue measured. Every configuration runs
//! interleaved with the others, with its CPU time (user + system, worker processes
//! included); the baseline is threads at `-j 2`, the machine's cores.

use common::Settings;
use common::layout::Layout;
use common::measure::{self, Plan, Tool};
use common::peers::Peers;

use crate::{CaseResult, Group, common};

/// Worker counts compared.
pub const WORKERS: [usize; 3] = [1, 2, 4];

/// (title, trawl's flags and pattern) of the three searches.
pub const SEARCHES: [(&str, &[&str]); 3] = [
    ("--no-column PM_RESUME", &["--no-column", "PM_RESUME"]),
    (
        "-c -w [A-Z]+_SUSPEND",
        &["--no-column", "-c", "-w", "[A-Z]+_SUSPEND"],
    ),
    (
        "course problem: -O c [A-Z]+_SUSPEND",
        &["--no-column", "-O", "c", "[A-Z]+_SUSPEND"],
    ),
];

/// The label of one configuration, as the targets look it up.
pub fn label(mode: &str, workers: usize) -> String {
    format!("{mode} -j {workers}")
}

/// The cases that `settings` select.
pub fn cases(settings: &Settings, flat: &Layout, peers: &Peers, plan: &Plan) -> Vec<CaseResult> {
    SEARCHES
        .iter()
        .map(|(name, args)| (format!("threads vs processes: {name}"), *args))
        .filter(|(title, _)| settings.selects(title))
        .map(|(title, args)| modes_case(title, args, flat, peers, plan))
        .collect()
}

fn modes_case(
    title: String,
    args: &[&str],
    flat: &Layout,
    peers: &Peers,
    plan: &Plan,
) -> CaseResult {
    let mut tools = Vec::new();
    for j in WORKERS {
        for mode in ["threads", "processes"] {
            let j_text = j.to_string();
            let argv: Vec<&str> = ["--mode", mode, "-j", j_text.as_str()]
                .into_iter()
                .chain(args.iter().copied())
                .collect();
            let mut tool = Tool::new(label(mode, j), &peers.trawl, argv, &flat.root);
            tool.usage_error_is_unsupported = true;
            tools.push(tool);
        }
    }
    let baseline = tools
        .iter()
        .position(|t| t.label == label("threads", 2))
        .expect("threads -j 2 is among the configurations");
    let outcomes = measure::measure(&title, &tools, baseline, plan);
    let hashes: Vec<_> = outcomes.iter().filter_map(|o| o.hashes()).collect();
    let note = if hashes.len() == outcomes.len() && hashes.windows(2).all(|w| w[0].0 == w[1].0) {
        "Every configuration printed byte-identical output."
    } else {
        "The configurations did NOT all print the same bytes, or some did not run."
    };
    CaseResult {
        title,
        group: Group::Modes,
        layout: Some(flat.kind),
        baseline: label("threads", 2),
        outcomes,
        notes: vec![note.into()],
    }
}
