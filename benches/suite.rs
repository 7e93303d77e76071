//! The corpus benchmark suite of issue 5: `cargo bench --bench suite`.
//!
//! It times trawl against ripgrep 15.2, ugrep and GNU grep on the Linux 6.1 tree, trawl
//! against ripgrep on the single 1.18 GB file of the tree's C sources, on a tiny tree, and
//! trawl against itself with `--stats` (issue 4). Each case validates every tool's line
//! count against `rg` before it reports a time; see `common::measure` for how runs are
//! made. The report goes to `target/bench-report/<UTC time>/` and `.../latest/`.
//!
//! Issue 11 runs every tree case on two layouts of the tree (`common::layout`), and adds
//! `--files` against `rg --files`, `-j 16` against `-j 2`, `statx` counts, and a scaling
//! model from `--stats` (`suite/walk.rs`, `suite/model.rs`); issue 15 adds `--mode
//! processes` against `--mode threads` (`suite/modes.rs`). Their targets are in
//! `suite/targets.rs`.
//!
//! `TRAWL_BENCH_QUICK=1` runs the `PM_RESUME` tree case alone, on both layouts, with few
//! runs;
//! `TRAWL_BENCH_FILTER=TEXT` runs the cases whose title contains TEXT. The other knobs are
//! listed in `common::Settings`.

// Each bench uses only part of the shared module.
#[allow(dead_code)]
mod common;
#[path = "suite/model.rs"]
mod model;
#[path = "suite/modes.rs"]
mod modes;
#[path = "suite/summary.rs"]
mod summary;
#[path = "suite/targets.rs"]
mod targets;
#[path = "suite/walk.rs"]
mod walk;

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::Result;

use common::Settings;
use common::corpus;
use common::layout::{self, Kind, Layout};
use common::measure::{self, CountRule, Outcome, Plan, Tool};
use common::peers::Peers;

/// Which part of the suite a case belongs to; the summary picks its targets by group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// One of ripgrep's eight benchsuite patterns on the Linux tree.
    Benchsuite,
    /// The course problem on the Linux tree: `-O c '[A-Z]+_SUSPEND'`.
    Course,
    /// The single-file corpus; `no_literal` marks the regex without a literal.
    SingleFile { no_literal: bool },
    /// Ten small files.
    Tiny,
    /// trawl with and without `--stats`.
    Stats,
    /// A benchsuite pattern under PCRE2: `trawl -P` against `rg -P` (issue 16).
    Pcre2,
    /// `trawl --files` against `rg --files` (issue 11).
    Files,
    /// trawl at `-j 16` against `-j 2` (issue 11).
    Jobs,
    /// `--mode processes` against `--mode threads` (issue 15).
    Modes,
}

/// A case's results, ready for the report.
pub struct CaseResult {
    pub title: String,
    pub group: Group,
    /// The layout of the Linux tree the case ran on; `None` off the tree.
    pub layout: Option<Kind>,
    /// The label of the tool that ratios are taken against.
    pub baseline: String,
    pub outcomes: Vec<Outcome>,
    pub notes: Vec<String>,
}

/// A pattern of the Linux-tree cases, and how each tool spells it.
struct TreeCase {
    title: &'static str,
    group: Group,
    pattern: &'static str,
    /// Flags before the pattern for trawl, rg, ugrep, and GNU grep.
    trawl: &'static [&'static str],
    rg: &'static [&'static str],
    ugrep: &'static [&'static str],
    grep: &'static [&'static str],
    /// GNU grep's syntax flag: `-E`, or `-P` where only PCRE has the construct.
    grep_syntax: &'static str,
}

const FIVE_WORDS: &str = r"\w{5}\s+\w{5}\s+\w{5}\s+\w{5}\s+\w{5}";
const ALTERNATION: &str = "ERR_SYS|PME_TURN_OFF|LINK_REQ_RST|CFG_BME_EVT";

const fn benchsuite(
    title: &'static str,
    flags: &'static [&'static str],
    pattern: &'static str,
) -> TreeCase {
    TreeCase {
        title,
        group: Group::Benchsuite,
        pattern,
        trawl: flags,
        rg: flags,
        ugrep: flags,
        grep: flags,
        grep_syntax: "-E",
    }
}

const TREE_CASES: &[TreeCase] = &[
    benchsuite("PM_RESUME", &[], "PM_RESUME"),
    benchsuite("-i PM_RESUME", &["-i"], "PM_RESUME"),
    benchsuite("[A-Z]+_RESUME", &[], "[A-Z]+_RESUME"),
    benchsuite("-w PM_RESUME", &["-w"], "PM_RESUME"),
    TreeCase {
        // GNU grep's EREs have no Unicode scripts; its PCRE mode does.
        grep_syntax: "-P",
        ..benchsuite(r"\p{Greek}", &[], r"\p{Greek}")
    },
    benchsuite(r"\wAh", &[], r"\wAh"),
    benchsuite(FIVE_WORDS, &[], FIVE_WORDS),
    benchsuite(ALTERNATION, &[], ALTERNATION),
    TreeCase {
        title: "course problem: -O c [A-Z]+_SUSPEND",
        group: Group::Course,
        pattern: "[A-Z]+_SUSPEND",
        trawl: &["-O", "c"],
        rg: &["--type-add", "ext:*.c", "-t", "ext"],
        ugrep: &["-O", "c"],
        grep: &["--include=*.c"],
        grep_syntax: "-E",
    },
];

/// The benchsuite patterns under PCRE2: all eight, as PCRE2 spells each of them the same.
/// Titles are `-P ` and the benchsuite case's.
const PCRE2_CASES: &[(&str, &[&str], &str)] = &[
    ("PM_RESUME", &[], "PM_RESUME"),
    ("-i PM_RESUME", &["-i"], "PM_RESUME"),
    ("[A-Z]+_RESUME", &[], "[A-Z]+_RESUME"),
    ("-w PM_RESUME", &["-w"], "PM_RESUME"),
    (r"\p{Greek}", &[], r"\p{Greek}"),
    (r"\wAh", &[], r"\wAh"),
    (FIVE_WORDS, &[], FIVE_WORDS),
    (ALTERNATION, &[], ALTERNATION),
];

fn main() -> ExitCode {
    common::bench_main("suite", run)
}

fn run() -> Result<()> {
    // Cases are chosen by environment, not by arguments: cargo passes only `--bench`.
    let settings = Settings::from_env();
    let started = Instant::now();
    let stamp = common::report::UtcTime::now();
    crate::progress!("settings: {}", settings.describe());
    let peers = Peers::prepare(true)?;
    let tree = corpus::linux_tree(&settings.corpus_dir)?;
    let kernel = corpus::kernel_version();
    crate::progress!("Linux tree {} (package {kernel})", tree.display());
    let layouts = layout::layouts(&settings.corpus_dir, &tree, &peers.rg)?;
    for l in &layouts {
        crate::progress!(
            "layout {}: {} ({} files)",
            l.kind.name(),
            l.root.display(),
            l.files
        );
    }
    let plan = Plan::from_settings(&settings, peers.time.clone());

    let mut results = Vec::new();
    // Quick mode is the first tree case alone.
    let tree_cases = if settings.quick {
        &TREE_CASES[..1]
    } else {
        TREE_CASES
    };
    for layout in &layouts {
        for case in tree_cases {
            if settings.selects(&tree_title(case, layout.kind)) {
                results.push(tree_case(case, layout, &peers, &plan));
            }
        }
    }
    if !settings.quick {
        for &(title, flags, pattern) in PCRE2_CASES {
            if settings.selects(&pcre2_title(title)) {
                results.push(pcre2_case(title, flags, pattern, &tree, &peers, &plan));
            }
        }
    }
    let mut extras = model::Extras::default();
    let mut single = None;
    if !settings.quick {
        results.extend(walk::cases(&settings, &layouts, &peers, &plan));
        results.extend(modes::cases(&settings, &layouts[0], &peers, &plan));
        extras = model::measure(&settings, &layouts, &peers, &plan);
        if settings.selects(STATS_TITLE) {
            results.push(stats_case(&tree, &peers, &plan));
        }
        if settings.selects(TINY_TITLE) {
            results.push(tiny_case(&settings, &peers, &plan)?);
        }
        // The 1.18 GB file is made only when a case needs it.
        if SINGLE_SHAPES
            .iter()
            .any(|s| settings.selects(&single_title(s)))
        {
            let file = corpus::single_file(&settings.corpus_dir, &tree, &peers.rg)?;
            single = Some(describe_file(&file)?);
            for case in single_file_cases(&file, &peers) {
                if settings.selects(&case.title) {
                    results.push(measure_single(case, &file, &plan));
                }
            }
        }
    }

    let context = summary::Context {
        stamp,
        settings: &settings,
        peers: &peers,
        kernel: &kernel,
        tree: &tree,
        layouts: &layouts,
        single_file: single.as_deref(),
        elapsed: started.elapsed(),
    };
    let dir = summary::write(&context, &results, &extras)?;
    crate::progress!("report written to {}", dir.display());
    eprintln!("\n{}", summary::targets_markdown(&results, &extras));
    Ok(())
}

/// How many tree cases of `group` a full run has, for the targets that expect them all.
pub fn tree_cases_in(group: Group) -> usize {
    TREE_CASES.iter().filter(|c| c.group == group).count()
}

/// The six tools of a Linux-tree case, on one layout.
fn tree_case(case: &TreeCase, layout: &Layout, peers: &Peers, plan: &Plan) -> CaseResult {
    let tree = layout.root.as_path();
    let with = |lead: &[&str], flags: &[&str]| -> Vec<String> {
        lead.iter()
            .chain(flags)
            .chain(std::iter::once(&case.pattern))
            .map(|s| s.to_string())
            .collect()
    };
    let mut trawl = Tool::new(
        "trawl",
        &peers.trawl,
        with(&["--no-column"], case.trawl),
        tree,
    );
    trawl.usage_error_is_unsupported = true;
    let mut unordered = Tool::new(
        "trawl --sort none",
        &peers.trawl,
        with(&["--no-column", "--sort", "none"], case.trawl),
        tree,
    );
    unordered.usage_error_is_unsupported = true;
    let rg = Tool::new("rg", &peers.rg, with(&["-n"], case.rg), tree);
    let rg_sorted = Tool::new(
        "rg --sort path",
        &peers.rg,
        with(&["-n", "--sort", "path"], case.rg),
        tree,
    );
    let mut ugrep = Tool::new(
        "ugrep",
        &peers.ugrep,
        with(
            &["-r", "-n", "--ignore-files", "--no-hidden", "-I"],
            case.ugrep,
        ),
        tree,
    );
    ugrep.mismatch_hint = Some(
        "ugrep's --ignore-files reads only .gitignore files (not .ignore or .git/info/exclude)"
            .into(),
    );
    let mut grep = Tool::new(
        "grep",
        &peers.grep,
        with(
            &["-r", "-n", "-I", "--exclude-dir=.git", case.grep_syntax],
            case.grep,
        ),
        tree,
    );
    // A UTF-8 locale gives `\w` and `\p{..}` the Unicode meaning they have in rg; under
    // LC_ALL=C, `\wAh` counts 235 lines against rg's 249.
    grep.env.push(("LC_ALL".into(), "C.UTF-8".into()));
    grep.mismatch_hint =
        Some("GNU grep does not read .gitignore, and searches hidden files".into());
    if case.grep_syntax == "-P" {
        grep.note = Some("GNU grep -E has no Unicode scripts, so this uses -P (PCRE)".into());
    }
    let tools = [trawl, unordered, rg, rg_sorted, ugrep, grep];
    let title = tree_title(case, layout.kind);
    let outcomes = measure::measure(&title, &tools, 2, plan);
    let notes = vec![order_note(&outcomes[0], &outcomes[3])];
    CaseResult {
        title,
        group: case.group,
        layout: Some(layout.kind),
        baseline: "rg".into(),
        outcomes,
        notes,
    }
}

fn tree_title(case: &TreeCase, layout: Kind) -> String {
    format!("{}: {}", layout.title(), case.title)
}

/// Whether trawl's ordered output is byte for byte `rg --sort path`'s, as the output contract
/// (docs/ARCHITECTURE.md, "Output") says it must be.
pub fn order_note(trawl: &Outcome, rg_sorted: &Outcome) -> String {
    match (trawl.hashes(), rg_sorted.hashes()) {
        (Some((a, _)), Some((b, _))) if a == b && trawl.status.has_time() => {
            "trawl's output is byte-identical to `rg --sort path -n`.".into()
        }
        (Some(_), Some(_)) if trawl.status.has_time() => {
            "trawl's output is NOT byte-identical to `rg --sort path -n`.".into()
        }
        _ => "trawl's output was not compared with `rg --sort path -n`.".into(),
    }
}

fn pcre2_title(title: &str) -> String {
    format!("Linux tree, PCRE2: -P {title}")
}

/// `trawl -P` against `rg -P` on the Linux tree: trawl in its usual order, rg in its own
/// and sorted.
fn pcre2_case(
    title: &str,
    flags: &[&str],
    pattern: &str,
    tree: &Path,
    peers: &Peers,
    plan: &Plan,
) -> CaseResult {
    let with = |lead: &[&str]| -> Vec<String> {
        lead.iter()
            .chain(flags)
            .chain(std::iter::once(&pattern))
            .map(|s| s.to_string())
            .collect()
    };
    let mut trawl = Tool::new("trawl", &peers.trawl, with(&["--no-column", "-P"]), tree);
    trawl.usage_error_is_unsupported = true;
    let rg = Tool::new("rg", &peers.rg, with(&["-n", "-P"]), tree);
    let rg_sorted = Tool::new(
        "rg --sort path",
        &peers.rg,
        with(&["-n", "-P", "--sort", "path"]),
        tree,
    );
    let title = pcre2_title(title);
    let outcomes = measure::measure(&title, &[trawl, rg, rg_sorted], 1, plan);
    let notes = vec![order_note(&outcomes[0], &outcomes[2])];
    CaseResult {
        title,
        group: Group::Pcre2,
        layout: Some(Kind::Flat),
        baseline: "rg".into(),
        outcomes,
        notes,
    }
}

const STATS_TITLE: &str = "--stats overhead: Linux tree, PM_RESUME";
const TINY_TITLE: &str = "tiny tree: 10 small files, PM_RESUME";

/// trawl with and without `--stats` (issue 4: the medians within 3%).
fn stats_case(tree: &Path, peers: &Peers, plan: &Plan) -> CaseResult {
    let plain = Tool::new("trawl", &peers.trawl, ["--no-column", "PM_RESUME"], tree);
    let mut stats = Tool::new(
        "trawl --stats",
        &peers.trawl,
        ["--no-column", "--stats", "PM_RESUME"],
        tree,
    );
    stats.usage_error_is_unsupported = true;
    stats.count_rule = CountRule::AtLeast;
    stats.note = Some("its line count includes the --stats block".into());
    let title = STATS_TITLE.to_string();
    let outcomes = measure::measure(&title, &[plain, stats], 0, plan);
    CaseResult {
        title,
        group: Group::Stats,
        layout: Some(Kind::Flat),
        baseline: "trawl".into(),
        outcomes,
        notes: Vec::new(),
    }
}

/// trawl against rg on ten small files, where start-up cost is all there is.
fn tiny_case(settings: &Settings, peers: &Peers, plan: &Plan) -> Result<CaseResult> {
    let tree = corpus::tiny_tree(&settings.corpus_dir)?;
    let mut trawl = Tool::new("trawl", &peers.trawl, ["--no-column", "PM_RESUME"], &tree);
    trawl.usage_error_is_unsupported = true;
    let rg = Tool::new("rg", &peers.rg, ["-n", "PM_RESUME"], &tree);
    let plan = Plan {
        warmups: plan.warmups.max(3),
        runs: settings.tiny_runs,
        ..plan.clone()
    };
    let title = TINY_TITLE.to_string();
    let outcomes = measure::measure(&title, &[trawl, rg], 1, &plan);
    Ok(CaseResult {
        title,
        group: Group::Tiny,
        layout: None,
        baseline: "rg".into(),
        notes: vec![format!("{} timed runs per tool.", settings.tiny_runs)],
        outcomes,
    })
}

/// A single-file case before it runs: its title, group and the two tools.
struct SingleCase {
    title: String,
    group: Group,
    tools: [Tool; 2],
}

/// A single-file case as trawl and rg spell it; the file name goes last.
struct SingleShape {
    title: &'static str,
    trawl: &'static [&'static str],
    rg: &'static [&'static str],
    pattern: &'static str,
    no_literal: bool,
}

const SINGLE_SHAPES: [SingleShape; 3] = [
    SingleShape {
        title: "-n PM_RESUME",
        trawl: &["--no-column"],
        rg: &["-n"],
        pattern: "PM_RESUME",
        no_literal: false,
    },
    SingleShape {
        title: "-n -i ERR_SYS|PME_TURN_OFF|LINK_REQ_RST|CFG_BME_EVT",
        trawl: &["--no-column", "-i"],
        rg: &["-n", "-i"],
        pattern: ALTERNATION,
        no_literal: false,
    },
    SingleShape {
        title: r"-c \w{5}\s+\w{5}\s+\w{5}\s+\w{5}\s+\w{5}",
        trawl: &["--no-column", "-c"],
        rg: &["-c"],
        pattern: FIVE_WORDS,
        no_literal: true,
    },
];

fn single_title(shape: &SingleShape) -> String {
    format!("single file: {}", shape.title)
}

fn single_file_cases(file: &Path, peers: &Peers) -> Vec<SingleCase> {
    let dir = file.parent().expect("the corpus file is in a directory");
    let name = file
        .file_name()
        .expect("the corpus file has a name")
        .to_string_lossy()
        .into_owned();
    SINGLE_SHAPES
        .iter()
        .map(|shape| {
            let args = |flags: &[&str]| -> Vec<String> {
                flags
                    .iter()
                    .chain([&shape.pattern, &name.as_str()])
                    .map(|s| s.to_string())
                    .collect()
            };
            let mut trawl = Tool::new("trawl", &peers.trawl, args(shape.trawl), dir);
            trawl.usage_error_is_unsupported = true;
            // --no-column implies rg's -H, so trawl names the file where rg does not.
            trawl.strip_prefix = Some(format!("{name}:").into_bytes());
            let rg = Tool::new("rg", &peers.rg, args(shape.rg), dir);
            SingleCase {
                title: single_title(shape),
                group: Group::SingleFile {
                    no_literal: shape.no_literal,
                },
                tools: [trawl, rg],
            }
        })
        .collect()
}

fn measure_single(case: SingleCase, file: &Path, plan: &Plan) -> CaseResult {
    let mut outcomes = measure::measure(&case.title, &case.tools, 1, plan);
    // Mapped pages count in RSS, so the RSS column means little without knowing how each
    // tool read the file; look rather than assume.
    for (tool, outcome) in case.tools.iter().zip(&mut outcomes) {
        if outcome.status.has_time() {
            outcome.notes.push(how_file_is_read(tool, file));
        }
    }
    CaseResult {
        title: case.title,
        group: case.group,
        layout: None,
        baseline: "rg".into(),
        outcomes,
        notes: vec![
            "Peak RSS counts the file's pages that a tool maps, as well as those it reads \
             into its own buffers; the note on each tool says which it did."
                .into(),
        ],
    }
}

/// Runs `tool` once more and polls `/proc/PID/maps` while it runs, to see whether it
/// memory-maps `file` or reads it.
fn how_file_is_read(tool: &Tool, file: &Path) -> String {
    let Ok(file) = file.canonicalize() else {
        return "how it read the file is unknown".into();
    };
    let target = file.to_string_lossy().into_owned();
    let mut cmd = Command::new(&tool.program);
    cmd.args(&tool.args)
        .current_dir(&tool.cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let Ok(mut child) = cmd.spawn() else {
        return "how it read the file is unknown".into();
    };
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let drain = std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        while matches!(stdout.read(&mut buf), Ok(n) if n > 0) {}
    });
    let maps = format!("/proc/{}/maps", child.id());
    let mut mapped = false;
    let mut looked = false;
    while !mapped && matches!(child.try_wait(), Ok(None)) {
        if let Ok(text) = std::fs::read_to_string(&maps) {
            looked = true;
            mapped = text.lines().any(|line| line.ends_with(target.as_str()));
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let _ = child.wait();
    let _ = drain.join();
    match (mapped, looked) {
        (true, _) => "memory-mapped the file (seen in /proc/PID/maps)".into(),
        (false, true) => {
            "read the file without mapping it (no mapping seen in /proc/PID/maps)".into()
        }
        (false, false) => "how it read the file is unknown (the run ended too fast to look)".into(),
    }
}

/// `1.18 GB, 31.6M lines` for the single-file corpus.
fn describe_file(file: &Path) -> Result<String> {
    let mut reader = File::open(file)?;
    let mut buf = vec![0u8; 1 << 20];
    let (mut bytes, mut lines) = (0u64, 0u64);
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        lines += memchr::memchr_iter(b'\n', &buf[..n]).count() as u64;
    }
    Ok(format!(
        "{} ({:.2} GB, {:.1}M lines)",
        file.display(),
        bytes as f64 / 1e9,
        lines as f64 / 1e6
    ))
}
