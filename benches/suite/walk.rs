//! The walk's cases of issue 11, on both layouts of the tree:
//! - `trawl --files` against `rg --files`, and whether trawl's list is byte for byte
//!   `rg --files --sort path`'s;
//! - trawl at `-j 16` against `-j 2` on two cores: what oversubscribing the pool costs.

use common::Settings;
use common::layout::Layout;
use common::measure::{self, Plan, Tool};
use common::peers::Peers;

use crate::{CaseResult, Group, common};

/// The pattern of the `-j` case: the first benchsuite case, whose time the walk shapes most.
const JOBS_PATTERN: &str = "PM_RESUME";

/// The walk cases that `settings` select, on every layout.
pub fn cases(
    settings: &Settings,
    layouts: &[Layout],
    peers: &Peers,
    plan: &Plan,
) -> Vec<CaseResult> {
    let mut out = Vec::new();
    for layout in layouts {
        let title = files_title(layout);
        if settings.selects(&title) {
            out.push(files_case(title, layout, peers, plan));
        }
        let title = jobs_title(layout);
        if settings.selects(&title) {
            out.push(jobs_case(title, layout, peers, plan));
        }
    }
    out
}

fn files_title(layout: &Layout) -> String {
    format!("{}: --files", layout.kind.title())
}

fn jobs_title(layout: &Layout) -> String {
    format!(
        "{}: -j 16 against -j 2, {JOBS_PATTERN}",
        layout.kind.title()
    )
}

/// `trawl --files`, `rg --files` (the baseline) and `rg --files --sort path`.
fn files_case(title: String, layout: &Layout, peers: &Peers, plan: &Plan) -> CaseResult {
    let root = &layout.root;
    let mut trawl = Tool::new("trawl --files", &peers.trawl, ["--files"], root);
    trawl.usage_error_is_unsupported = true;
    let rg = Tool::new("rg --files", &peers.rg, ["--files"], root);
    let sorted = Tool::new(
        "rg --files --sort path",
        &peers.rg,
        ["--files", "--sort", "path"],
        root,
    );
    let outcomes = measure::measure(&title, &[trawl, rg, sorted], 1, plan);
    let same = match (outcomes[0].hashes(), outcomes[2].hashes()) {
        (Some((a, _)), Some((b, _))) if outcomes[0].status.has_time() => Some(a == b),
        _ => None,
    };
    let note = match same {
        Some(true) => "trawl --files is byte-identical to `rg --files --sort path`.",
        Some(false) => "trawl --files is NOT byte-identical to `rg --files --sort path`.",
        None => "trawl --files was not compared with `rg --files --sort path`.",
    };
    CaseResult {
        title,
        group: Group::Files,
        layout: Some(layout.kind),
        baseline: "rg --files".into(),
        outcomes,
        notes: vec![note.into()],
    }
}

/// trawl at `-j 2` (the baseline, this machine's cores) and at `-j 16`.
fn jobs_case(title: String, layout: &Layout, peers: &Peers, plan: &Plan) -> CaseResult {
    let tool = |j: &str| {
        let mut t = Tool::new(
            format!("trawl -j {j}"),
            &peers.trawl,
            ["--no-column", "-j", j, JOBS_PATTERN],
            &layout.root,
        );
        t.usage_error_is_unsupported = true;
        t
    };
    let outcomes = measure::measure(&title, &[tool("2"), tool("16")], 0, plan);
    let same = match (outcomes[0].hashes(), outcomes[1].hashes()) {
        (Some((a, _)), Some((b, _))) => a == b,
        _ => false,
    };
    let note = if same {
        "Both printed byte-identical output."
    } else {
        "The two did NOT print the same bytes, or one did not run."
    };
    CaseResult {
        title,
        group: Group::Jobs,
        layout: Some(layout.kind),
        baseline: "trawl -j 2".into(),
        outcomes,
        notes: vec![note.into()],
    }
}
