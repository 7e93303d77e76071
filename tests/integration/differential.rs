//! Differential tests: the same arguments through trawl and ripgrep 15.2, compared byte
//! for byte under the mapping rule of docs/ARCHITECTURE.md, "Output":
//! - `trawl ARGS` prints what `rg --sort path --vimgrep ARGS` prints;
//! - `trawl --no-column ARGS` prints what `rg --sort path -n -H --no-heading ARGS` prints.
//!
//! The exit codes must agree too, and so must whether anything was written to stderr
//! (the wording of errors is trawl's own).

use std::process::Output;

use crate::fixtures::awkward_tree;
use crate::harness::{Dir, run, text};
use crate::options::normalize_json;

/// One row: trawl's arguments, and ripgrep's when they differ.
pub struct Case {
    pub trawl: Vec<&'static str>,
    pub rg: Vec<&'static str>,
}

pub fn same(args: &[&'static str]) -> Case {
    Case {
        trawl: args.to_vec(),
        rg: args.to_vec(),
    }
}

pub fn mapped(trawl: &[&'static str], rg: &[&'static str]) -> Case {
    Case {
        trawl: trawl.to_vec(),
        rg: rg.to_vec(),
    }
}

pub fn cases() -> Vec<Case> {
    vec![
        same(&["needle"]),
        same(&["-i", "needle"]),
        same(&["-w", "needle"]),
        same(&["-w", "-i", "needle"]),
        same(&["-F", "a.b"]),
        same(&["-F", "(needle)"]),
        same(&["-F", "-i", "NEEDLE"]),
        same(&["-e", "needle", "-e", "alpha"]),
        same(&["-e", "needles", "-e", "needle"]),
        same(&["-e", "-x", "-e", "beta"]),
        same(&["x*", "nonl.txt", "unicode.txt", "empty_lines.txt"]),
        same(&["^", "crlf.txt", "empty_lines.txt", "nonl.txt"]),
        same(&["$", "crlf.txt", "nonl.txt", "empty.txt"]),
        same(&["", "unicode.txt"]),
        same(&["é"]),
        same(&["\\p{Greek}+"]),
        same(&["-i", "δelta"]),
        same(&["-i", "straße"]),
        same(&["-i", "k"]),
        same(&["needle$"]),
        same(&["^needle"]),
        same(&["\\bneedle\\b"]),
        same(&["[^a]eedle"]),
        same(&["\\s+needle"]),
        same(&["one\\s*$", "crlf.txt"]),
        same(&["\\w+", "order"]),
        same(&["needle.*needle"]),
        same(&["(?i)n(e+)dle"]),
        same(&["needle", "sub"]),
        same(&["needle", "sub/nested", "sub", "order"]),
        same(&["needle", "crlf.txt", "nonl.txt", "long.txt"]),
        same(&["-w", "needle", "big.txt"]),
        same(&["9 has", "big.txt"]),
        same(&["needle", "bin/walked.bin"]),
        same(&["needle", "bin"]),
        same(&["needle", "nosuch.txt", "unicode.txt"]),
        same(&["--no-messages", "needle", "nosuch.txt", "unicode.txt"]),
        same(&["--no-messages", "--messages", "needle", "nosuch.txt"]),
        same(&["needle", "./"]),
        same(&["needle", "."]),
        same(&["needle", "./sub/"]),
        same(&["needle", "ignored.txt", "sub/secret.txt"]),
        same(&["--hidden", "needle"]),
        same(&["--no-ignore", "needle"]),
        same(&["--hidden", "--no-ignore", "needle"]),
        same(&["-j1", "needle"]),
        same(&["nomatchanywhere"]),
        same(&["PM_RESUME", "src", "src/main.c"]),
        mapped(
            &["-O", "c", "PM_RESUME"],
            &["--type-add", "ext:*.c", "-t", "ext", "PM_RESUME"],
        ),
        mapped(
            &["-O", "c,h", "needle|PM_RESUME"],
            &[
                "--type-add",
                "ext:*.c",
                "--type-add",
                "ext:*.h",
                "-t",
                "ext",
                "needle|PM_RESUME",
            ],
        ),
        mapped(
            &["-O", "c", "-O", "rs", "--no-ignore", "needle"],
            &[
                "--type-add",
                "ext:*.c",
                "--type-add",
                "ext:*.rs",
                "-t",
                "ext",
                "--no-ignore",
                "needle",
            ],
        ),
        mapped(
            &["--ext", "txt", "needle", "order", "src/main.c"],
            &[
                "--type-add",
                "ext:*.txt",
                "-t",
                "ext",
                "needle",
                "order",
                "src/main.c",
            ],
        ),
    ]
}

/// What differs between trawl's output and rg's: stdout bytes, exit code, and whether
/// stderr is empty (its wording is trawl's own).
pub fn differences(label: &str, ours: &Output, theirs: &Output) -> Vec<String> {
    let mut failures = vec![];
    if ours.stdout != theirs.stdout {
        failures.push(format!(
            "{label}: stdout differs\n--- trawl\n{}\n--- rg\n{}",
            text(&ours.stdout),
            text(&theirs.stdout)
        ));
    }
    if ours.status.code() != theirs.status.code() {
        failures.push(format!(
            "{label}: exit {:?} vs {:?}; trawl stderr: {}",
            ours.status.code(),
            theirs.status.code(),
            text(&ours.stderr)
        ));
    }
    if ours.stderr.is_empty() != theirs.stderr.is_empty() {
        failures.push(format!(
            "{label}: stderr presence differs\n--- trawl\n{}\n--- rg\n{}",
            text(&ours.stderr),
            text(&theirs.stderr)
        ));
    }
    failures
}

/// Runs one case under both mappings and returns a description of any difference.
pub fn compare(dir: &Dir, case: &Case) -> Vec<String> {
    let mappings: [(&[&str], &[&str]); 2] = [
        (&[], &["--sort", "path", "--vimgrep"]),
        (
            &["--no-column"],
            &["--sort", "path", "-n", "-H", "--no-heading"],
        ),
    ];
    let mut failures = vec![];
    for (trawl_extra, rg_extra) in mappings {
        let ours = run(dir.trawl().args(trawl_extra).args(&case.trawl));
        let theirs = run(dir.rg().args(rg_extra).args(&case.rg));
        let label = format!(
            "trawl {:?} {:?} vs rg {:?} {:?}",
            trawl_extra, case.trawl, rg_extra, case.rg
        );
        failures.extend(differences(&label, &ours, &theirs));
    }
    failures
}

/// Fails with every difference between trawl and rg on the rows of `cases`, each run
/// under both mappings in `dir`. Every table of the suite is checked through this.
pub fn assert_table_matches(dir: &Dir, cases: &[Case]) {
    let failures: Vec<String> = cases.iter().flat_map(|case| compare(dir, case)).collect();
    assert_no_failures(&failures, cases.len());
}

/// The rows of `cases` with trawl's workers as two processes: process mode must print
/// exactly what thread mode prints, so rg's side stays the same.
pub fn in_process_mode(cases: Vec<Case>) -> Vec<Case> {
    cases
        .into_iter()
        .map(|case| {
            let mut trawl = vec!["--mode", "processes", "-j", "2"];
            trawl.extend(case.trawl);
            Case { trawl, rg: case.rg }
        })
        .collect()
}

/// trawl's arguments of the rows of `cases` that print nothing in `dir`. Such a row
/// compares equal without testing anything, so each table names the few it means.
pub fn silent_rows(dir: &Dir, cases: Vec<Case>) -> Vec<Vec<&'static str>> {
    cases
        .into_iter()
        .filter(|case| run(dir.trawl().args(&case.trawl)).stdout.is_empty())
        .map(|case| case.trawl)
        .collect()
}

/// Fails unless `trawl --json ROW` and `rg --sort path --json ROW` print the same messages,
/// apart from times (see `normalize_json`), and exit alike, for every row.
pub fn assert_json_matches(dir: &Dir, rows: &[Vec<&str>]) {
    let mut failures = vec![];
    for row in rows {
        let ours = run(dir.trawl().arg("--json").args(row));
        let theirs = run(dir.rg().args(["--sort", "path", "--json"]).args(row));
        if normalize_json(&ours.stdout) != normalize_json(&theirs.stdout)
            || ours.status.code() != theirs.status.code()
        {
            failures.push(format!(
                "{row:?}:\n--- trawl\n{}\n--- rg\n{}",
                normalize_json(&ours.stdout),
                normalize_json(&theirs.stdout)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Fails with every difference found, out of `rows` rows compared under both mappings.
pub fn assert_no_failures(failures: &[String], rows: usize) {
    assert!(
        failures.is_empty(),
        "{} of {} comparisons differ:\n\n{}",
        failures.len(),
        rows * 2,
        failures.join("\n\n")
    );
}

#[test]
fn trawl_matches_ripgrep_on_the_argument_table() {
    let dir = awkward_tree();
    assert_table_matches(&dir, &cases());
}

#[test]
fn every_case_produces_output_somewhere() {
    // Guards the table against decay: a table whose rows all print nothing would compare
    // equal without testing anything.
    let dir = awkward_tree();
    let empty = cases()
        .iter()
        .filter(|case| run(dir.trawl().args(&case.trawl)).stdout.is_empty())
        .count();
    assert!(empty <= 2, "{empty} cases printed nothing");
}
