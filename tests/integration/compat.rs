//! Issue 13's classes: flag combinations where trawl differed from ripgrep 15.2, found by a
//! random differential search (and by our own fuzzer, `fuzz`), each a row compared under
//! both of the README's mappings on the issue's small files. Every row failed before its
//! fix.

use crate::differential::{Case, assert_no_failures, compare, same};
use crate::harness::{Dir, run};
use crate::options::normalize_json;

/// The issue's files, in a directory that looks like a git checkout.
pub fn issue_files() -> Dir {
    let dir = Dir::new();
    dir.git_init("");
    dir.create("m.txt", "foo\nbar\nfoo bar\n");
    dir.create("p.txt", "foo\nx\ny\nz\nfoo\n");
    dir.create("c.txt", "one foo\r\ntwo\r\nthree foo");
    dir.create("w.txt", "ab\nabc\r\nab");
    dir.create("b.dat", b"\0\x01foo\nbar foo\n");
    dir.create("s.txt", "a Foo\nb\n");
    dir.create("o.txt", "ab\nfoo boo\ncd\n");
    dir
}

fn cases() -> Vec<Case> {
    vec![
        // 1. --crlf: every line rg ends itself ends with \r\n.
        same(&["--crlf", "-l", "foo", "c.txt"]),
        same(&["--crlf", "-c", "foo", "c.txt", "m.txt"]),
        same(&["--crlf", "--count-matches", "foo", "c.txt"]),
        same(&["--crlf", "-o", "foo", "c.txt"]),
        same(&["--crlf", "-C1", "foo", "p.txt", "m.txt"]),
        same(&["--crlf", "foo", "c.txt"]),
        same(&["--crlf", "--heading", "foo", "c.txt", "m.txt"]),
        // 3. -M counts the line terminator, except on a last line without one.
        same(&["-M2", "ab", "w.txt"]),
        same(&["-M3", "--crlf", "foo", "m.txt", "c.txt"]),
        // 4. A later -A, -B or -C ends --passthru.
        same(&["--passthru", "-A1", "foo", "p.txt"]),
        same(&["-A1", "--passthru", "foo", "p.txt"]),
        same(&["-B3", "--passthru", "-C1", "foo", "p.txt"]),
        // 5. A later output mode overrides --files (and --type-list); -q lists nothing.
        same(&["--files", "-l", "foo"]),
        same(&["--files", "-c", "foo", "m.txt"]),
        same(&["--files", "--count-matches", "foo"]),
        same(&["--files", "--files-without-match", "foo"]),
        same(&["--type-list", "-l", "foo", "m.txt"]),
        same(&["--files", "-q"]),
        // 7. -M notices: under -o and -v the line is a matching line; -r measures the
        // replaced line, and counts its matches.
        same(&["-M1", "-r", "X", "foo", "m.txt"]),
        same(&["-M2", "-r", "X", "foo", "m.txt"]),
        same(&["-M1", "-o", "foo", "m.txt"]),
        same(&["-M1", "-v", "foo", "m.txt"]),
        // 10. -c -o counts matches.
        same(&["-c", "-o", "-e", "foo", "-e", "bar", "m.txt"]),
        // 11. Of -x and -w, the last one wins.
        same(&["-x", "-w", "foo", "m.txt"]),
        same(&["-w", "-x", "foo", "m.txt"]),
        // 14. -q with a match exits 0, even after an error.
        same(&["-q", "foo", "nosuch.txt", "m.txt"]),
        // rg's -m 0: nothing, exit 1, and the pattern is not even compiled.
        same(&["-m0", "foo", "nosuch.txt"]),
        same(&["-m0", "(", "m.txt"]),
        // Found by our fuzzer: touching matches are one colored run.
        same(&["--color", "always", "o", "m.txt"]),
    ]
}

#[test]
fn issue_13_classes_match_ripgrep() {
    let dir = issue_files();
    let cases = cases();
    let failures: Vec<String> = cases.iter().flat_map(|case| compare(&dir, case)).collect();
    assert_no_failures(&failures, cases.len());
}

/// JSON rows, compared apart from times and byte counts (see `normalize_json`).
fn json_rows() -> Vec<Vec<&'static str>> {
    vec![
        // 6. --json -q still prints the summary line.
        vec!["-q", "foo", "m.txt"],
    ]
}

#[test]
fn issue_13_json_classes_match_ripgrep() {
    let dir = issue_files();
    let mut failures = vec![];
    for row in json_rows() {
        let ours = run(dir.trawl().arg("--json").args(&row));
        let theirs = run(dir.rg().args(["--sort", "path", "--json"]).args(&row));
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
