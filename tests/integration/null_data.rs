//! `--null-data`: NUL ends each line, in the search and in the output, and a NUL no longer
//! marks a file as binary. A differential table against rg, in thread and process mode.

use crate::differential::{
    Case, assert_json_matches, assert_table_matches, in_process_mode, same, silent_rows,
};
use crate::harness::Dir;

fn null_tree() -> Dir {
    let dir = Dir::new();
    // `find -print0` output, records with `\n` inside, and a last record without a NUL.
    dir.create(
        "paths.bin",
        "./src/main.rs\0./src/lib.rs\0./README.md\0./src/a b.rs\0",
    );
    dir.create(
        "records.bin",
        "one\0two a\0three\nstill three\0four a a\0five\0\0seven a\nb\0last a",
    );
    dir.create(
        "environ.bin",
        "HOME=/root\0PATH=/usr/bin:/bin\0TERM=xterm\0LANG=C.UTF-8\0SHELL=/bin/sh\0",
    );
    dir.create("plain.txt", "alpha\nbeta a\ngamma\n");
    dir
}

fn cases() -> Vec<Case> {
    let n = |args: &[&'static str]| {
        let mut full = vec!["--null-data"];
        full.extend_from_slice(args);
        same(&full)
    };
    vec![
        n(&["rs"]),
        n(&["a"]),
        n(&["-c", "a"]),
        n(&["--count-matches", "a"]),
        n(&["-c", "-v", "a"]),
        n(&["-l", "a"]),
        n(&["--files-without-match", "src"]),
        n(&["-o", r"src/\w+"]),
        n(&["-v", "a"]),
        n(&["-C", "1", "three"]),
        n(&["-A", "1", "^PATH"]),
        n(&["-B", "2", "SHELL"]),
        n(&["-m", "2", "a"]),
        n(&["-0", "a"]),
        n(&["--heading", "a"]),
        n(&["-r", "<$0>", r"\w+=\S+"]),
        n(&["-w", "a"]),
        n(&["-x", "five"]),
        n(&["^s"]),
        n(&["three$"]),
        n(&[r"three\sstill"]),
        n(&["three.still"]),
        n(&["^$"]),
        n(&["-i", "HOME"]),
        n(&["-F", "a b"]),
        n(&["-e", "HOME", "-e", "LANG"]),
        n(&["-U", r"five\x00\x00seven"]),
        n(&["-U", "-c", r"a\x00"]),
        n(&["-P", r"(?<=\./)src"]),
        n(&["-P", r"(\w)\1"]),
        n(&["-a", "a"]),
        n(&["--binary", "a"]),
        // Without --null-data the same files are binary.
        same(&["a", "records.bin", "plain.txt"]),
        same(&["a"]),
    ]
}

#[test]
fn null_data_matches_ripgrep_on_the_table() {
    let dir = null_tree();
    assert_table_matches(&dir, &cases());
}

#[test]
fn null_data_matches_ripgrep_in_process_mode() {
    let dir = null_tree();
    assert_table_matches(&dir, &in_process_mode(cases()));
}

#[test]
fn null_data_rows_print_something() {
    let dir = null_tree();
    let silent = silent_rows(&dir, cases());
    // `.` does not match `\n`, even when NUL ends the lines, as in rg.
    let expected: Vec<Vec<&str>> = vec![vec!["--null-data", "three.still"]];
    assert_eq!(silent, expected);
}

#[test]
fn null_data_json_matches_ripgrep_apart_from_times() {
    let dir = null_tree();
    let rows: Vec<Vec<&str>> = vec![
        vec!["--null-data", "a"],
        vec!["--null-data", "-C", "1", "three"],
        vec!["--null-data", "-U", r"five\x00\x00seven"],
    ];
    assert_json_matches(&dir, &rows);
}

#[test]
fn null_data_on_stdin_matches_ripgrep() {
    let dir = null_tree();
    let input = b"x\0ya\0z\nza\0";
    for args in [&["--null-data", "a"][..], &["--null-data", "-c", "a"]] {
        let ours = crate::harness::run_with_stdin(dir.trawl().args(args), input);
        let theirs = crate::harness::run_with_stdin(
            dir.rg().args(["--sort", "path", "--vimgrep"]).args(args),
            input,
        );
        assert_eq!(ours.stdout, theirs.stdout, "{args:?}");
        assert_eq!(ours.status.code(), theirs.status.code(), "{args:?}");
    }
}
