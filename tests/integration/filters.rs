//! Which files are searched: filters, types, globs, depth, size, order, file lists.
//!
//! The table runs each row through trawl and ripgrep 15.2 under both of the
//! mappings of docs/ARCHITECTURE.md ("Output"), and compares stdout bytes, exit codes, and whether anything went to stderr.
//! `--files` and `--type-list` rows compare with rg's own `--files` and `--type-list`,
//! which the mapping flags do not change. Only `--sort none` output is compared as a
//! multiset of lines, since giving up order is the point of it.

use std::collections::HashMap;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::differential::differences;
use crate::filter_fixtures::{FilterTree, filter_tree};
use crate::harness::{Dir, run, run_with_stdin, text};

/// The two mappings: trawl's extra arguments, and rg's.
const MAPPINGS: [(&[&str], &[&str]); 2] = [
    (&[], &["--sort", "path", "--vimgrep"]),
    (
        &["--no-column"],
        &["--sort", "path", "-n", "-H", "--no-heading"],
    ),
];

/// The rows: each runs with the same arguments through trawl and rg.
fn cases() -> Vec<Vec<&'static str>> {
    vec![
        // -g/--glob and --iglob.
        vec!["-g", "*.txt", "needle"],
        vec!["-g", "!*.txt", "needle"],
        vec!["-g", "*.txt", "-g", "!order/**", "needle"],
        vec!["-g", "!*.txt", "-g", "a.txt", "needle"],
        vec!["-g", "a.txt", "-g", "!*.txt", "needle"],
        vec!["-g", "ignored.txt", "needle"],
        vec!["-g", "*.log", "needle"],
        vec!["-g", "sub/**", "needle"],
        vec!["-g", "/src/*.c", "PM_RESUME"],
        vec!["-g", ".hidden*", "needle"],
        vec!["-g", "{a,b}.*", "needle"],
        vec!["-g", "!sub", "-g", "!gen", "needle"],
        vec!["--iglob", "*.c", "needle"],
        vec!["-g", "*.c", "--glob-case-insensitive", "needle"],
        vec!["--iglob", "!*.TXT", "-g", "*.txt", "needle"],
        vec!["-g", "[", "needle"],
        // -t, -T, --type-add, --type-clear, and -O beside them.
        vec!["-t", "c", "needle"],
        vec!["-tc", "-t", "rust", "needle"],
        vec!["-T", "txt", "needle"],
        vec!["-t", "md", "-T", "md", "needle"],
        vec!["-T", "md", "-t", "md", "needle", "types"],
        vec!["--type-add", "foo:*.foo", "-t", "foo", "needle"],
        vec!["--type-add", "src:include:c,rust", "-t", "src", "needle"],
        vec![
            "--type-add",
            "src:include:c,rust",
            "--type-add",
            "src:*.foo",
            "-t",
            "src",
            "needle",
        ],
        vec![
            "--type-clear",
            "txt",
            "--type-add",
            "txt:*.TXT",
            "-t",
            "txt",
            "needle",
        ],
        vec![
            "--type-add",
            "foo:*.foo",
            "--type-clear",
            "foo",
            "-t",
            "foo",
            "needle",
        ],
        vec!["-t", "all", "needle", "types", "sub"],
        vec!["-T", "all", "needle"],
        vec!["-t", "make", "needle"],
        vec!["-t", "nosuchtype", "needle"],
        vec!["--type-add", "nocolon", "needle"],
        vec!["-g", "*.c", "-t", "txt", "needle"],
        // Depth.
        vec!["-d", "0", "needle", "depth"],
        vec!["-d", "1", "needle", "depth"],
        vec!["--max-depth", "2", "needle", "depth", "order"],
        vec!["--maxdepth", "1", "needle"],
        vec!["-d", "0", "needle", "depth/d0.txt"],
        // Size.
        vec!["--max-filesize", "1K", "needle", "sizes"],
        vec!["--max-filesize", "1023", "needle", "sizes"],
        vec!["--max-filesize", "2K", "needle"],
        vec!["--max-filesize", "0", "needle", "sizes/s3000.txt", "sizes"],
        vec!["--max-filesize", "1k", "needle"],
        // Hidden files and ignore files.
        vec!["--hidden", "needle"],
        vec!["-.", "needle"],
        vec!["--hidden", "--no-hidden", "needle"],
        vec!["--no-ignore", "needle"],
        vec!["--no-ignore-vcs", "needle"],
        vec!["--no-ignore-dot", "needle"],
        vec!["--no-ignore-parent", "needle", "sub"],
        vec!["--no-ignore-global", "needle"],
        vec!["--no-ignore-exclude", "needle"],
        vec!["needle", "rgi"],
        vec!["-u", "needle"],
        vec!["-uu", "needle"],
        vec!["-uuu", "needle", "sub", "rgi"],
        vec!["-uu", "--no-ignore-vcs", "-g", "!.git", "needle"],
        // A later flag undoes one part of what --no-ignore or -u set, as in rg.
        vec!["--no-ignore", "--ignore", "needle"],
        vec!["--no-ignore", "--ignore-vcs", "needle"],
        vec!["--no-ignore", "--ignore-dot", "needle"],
        vec!["--ignore-vcs", "--no-ignore", "needle"],
        vec!["--no-ignore-vcs", "--ignore-vcs", "needle"],
        vec!["--no-ignore-dot", "--ignore-dot", "needle"],
        vec!["--no-ignore-parent", "--ignore-parent", "needle", "sub"],
        vec!["--no-ignore-global", "--ignore-global", "needle"],
        vec!["--no-ignore-exclude", "--ignore-exclude", "needle"],
        vec!["-u", "--ignore", "needle"],
        vec!["-u", "--ignore", "-u", "needle"],
        vec!["-uu", "--no-hidden", "needle"],
        vec!["--no-hidden", "-uu", "needle"],
        vec!["-uuuu", "needle"],
        vec!["--ignore-file", "extra.ignore", "needle"],
        vec!["--ignore-file", "extra.ignore", "--no-ignore", "needle"],
        vec![
            "--no-ignore-files",
            "--ignore-file",
            "extra.ignore",
            "needle",
        ],
        vec!["--ignore-file", "nosuch.ignore", "needle", "order"],
        vec!["--ignore-file", "bad.ignore", "needle", "order"],
        vec![
            "--no-ignore-messages",
            "--ignore-file",
            "bad.ignore",
            "needle",
            "order",
        ],
        vec![
            "--no-ignore-messages",
            "--ignore-messages",
            "--ignore-file",
            "bad.ignore",
            "needle",
            "order",
        ],
        vec![
            "--no-messages",
            "--ignore-file",
            "bad.ignore",
            "needle",
            "order",
        ],
        vec![
            "--no-messages",
            "--ignore-file",
            "nosuch.ignore",
            "needle",
            "order",
        ],
        vec!["--no-messages", "-L", "needle", "loop"],
        vec!["--ignore-file-case-insensitive", "needle", "caps", "sub"],
        vec![
            "--ignore-file-case-insensitive",
            "--no-ignore-file-case-insensitive",
            "needle",
            "caps",
            "sub",
        ],
        vec![
            "--no-ignore-files",
            "--ignore-files",
            "--ignore-file",
            "extra.ignore",
            "needle",
        ],
        // Symbolic links.
        vec!["needle", "links"],
        vec!["needle", "links/to_dir", "links/to_file.txt"],
        vec!["-L", "needle", "links"],
        vec!["-L", "PM_RESUME"],
        vec!["-L", "needle", "loop"],
        vec!["-L", "needle", "broken"],
        vec!["--follow", "--no-follow", "needle", "links", "loop"],
        vec!["--one-file-system", "needle"],
        // Order.
        vec!["--sort", "path", "needle", "sub", "order", "src"],
        vec!["--sortr", "path", "needle"],
        vec![
            "--sortr",
            "path",
            "needle",
            "order",
            "src",
            "sub",
            "order/a.txt",
        ],
        vec!["--sort", "modified", "needle"],
        vec!["--sortr", "modified", "needle"],
        vec!["--sort", "accessed", "needle"],
        vec!["--sortr", "accessed", "needle", "order", "sub"],
        vec!["--sort", "modified", "-L", "needle", "links", "broken"],
        vec!["--sortr", "modified", "--sort", "path", "needle"],
        vec!["--sort-files", "needle"],
        vec!["--sortr", "path", "--sort-files", "needle", "order", "src"],
        vec!["--sort-files", "--sortr", "path", "needle", "order", "src"],
        // Listing.
        vec!["--files"],
        vec!["--files", "sub", "order", "nosuch"],
        vec!["--files", "--no-messages", "sub", "order", "nosuch"],
        vec!["--files", "-g", "*.c"],
        vec!["--files", "-t", "rust", "-d", "2"],
        vec!["--files", "--sortr", "path", "src", "order"],
        vec!["--files", "--sort", "modified"],
        vec!["--files", "-uu", "--max-filesize", "1K"],
        vec!["--files", "-L", "loop", "links"],
        vec!["--type-list"],
        vec![
            "--type-list",
            "--type-add",
            "foo:*.foo",
            "--type-clear",
            "rust",
        ],
        vec!["--type-list", "--files", "order"],
    ]
}

/// Runs `args` under both mappings and describes every difference.
fn compare(tree: &FilterTree, args: &[&str]) -> Vec<String> {
    let mut failures = vec![];
    for (trawl_extra, rg_extra) in MAPPINGS {
        let ours = run(tree.trawl().args(trawl_extra).args(args));
        let theirs = run(tree.rg().args(rg_extra).args(args));
        failures.extend(differences(
            &format!("trawl {trawl_extra:?} {args:?} vs rg {rg_extra:?}"),
            &ours,
            &theirs,
        ));
    }
    failures
}

#[test]
fn filters_match_ripgrep_on_the_argument_table() {
    let tree = filter_tree();
    let cases = cases();
    let failures: Vec<String> = cases.iter().flat_map(|args| compare(&tree, args)).collect();
    crate::differential::assert_no_failures(&failures, cases.len());
}

#[test]
fn few_rows_find_nothing_quietly() {
    // Guards the table against decay: rows that all print nothing would compare equal
    // without testing anything. Rows that end in an error test the error paths.
    let tree = filter_tree();
    let quiet: Vec<_> = cases()
        .into_iter()
        .filter(|args| {
            let out = run(tree.trawl().args(args));
            out.stdout.is_empty() && out.stderr.is_empty()
        })
        .collect();
    assert!(quiet.len() <= 2, "these rows found nothing: {quiet:?}");
}

#[test]
fn type_list_is_byte_identical_to_rg() {
    let tree = filter_tree();
    let ours = run(tree.trawl().arg("--type-list"));
    let theirs = run(tree.rg().arg("--type-list"));
    assert_eq!(text(&ours.stdout), text(&theirs.stdout));
    assert!(ours.status.success());
    assert!(ours.stdout.len() > 5000, "the default type list is long");
}

#[test]
fn files_lists_what_rg_files_lists() {
    let tree = filter_tree();
    for args in [
        &[][..],
        &["-."],
        &["-g", "!*.txt", "gen", "sub"],
        &["--sortr", "path"],
    ] {
        let ours = run(tree.trawl().arg("--files").args(args));
        let theirs = run(tree.rg().args(["--files", "--sort", "path"]).args(args));
        let failures = differences(&format!("--files {args:?}"), &ours, &theirs);
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    }
}

#[test]
fn sort_none_prints_the_same_lines_in_some_order() {
    let tree = filter_tree();
    let lines = |out: &Output| -> HashMap<Vec<u8>, usize> {
        let mut counts = HashMap::new();
        for line in out.stdout.split_inclusive(|&b| b == b'\n') {
            *counts.entry(line.to_vec()).or_insert(0) += 1;
        }
        counts
    };
    for flag in [
        &["--sort", "none"][..],
        &["--unordered"],
        &["--sortr", "none"],
    ] {
        let ours = run(tree.trawl().args(flag).arg("needle"));
        let theirs = run(tree.rg().args(["--sort", "path", "--vimgrep", "needle"]));
        assert_eq!(ours.status.code(), theirs.status.code(), "{flag:?}");
        assert!(
            lines(&ours) == lines(&theirs),
            "{flag:?}: the lines differ\n--- trawl\n{}\n--- rg\n{}",
            text(&ours.stdout),
            text(&theirs.stdout)
        );
    }
}

#[test]
fn sort_created_follows_creation_order() {
    // Creation times cannot be set, so this tree is made slowly: ext4 stamps them with a
    // clock of a few milliseconds' resolution, and ties would let rg's directory order show.
    let dir = Dir::new();
    for name in ["m.txt", "z.txt", "a.txt", "sub/q.txt", "b.txt"] {
        dir.create(name, format!("needle {name}\n"));
        std::thread::sleep(Duration::from_millis(30));
    }
    for (sort, args) in [
        ("--sort", &["needle"][..]),
        ("--sortr", &["needle"]),
        ("--sort", &["--files"]),
    ] {
        let ours = run(dir.trawl().args([sort, "created"]).args(args));
        let theirs = run(dir.rg().args(["--vimgrep", sort, "created"]).args(args));
        let failures = differences(&format!("{sort} created {args:?}"), &ours, &theirs);
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    }
}

#[test]
fn a_symlink_loop_is_one_error_line_and_does_not_hang() {
    let tree = filter_tree();
    let started = Instant::now();
    let ours = run(tree.trawl().args(["-L", "needle", "loop"]));
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(ours.status.code(), Some(2));
    assert_eq!(text(&ours.stdout), "loop/d/f.txt:1:1:needle in a loop\n");
    let stderr = text(&ours.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("trawl: loop/d/up: ") && stderr.contains("loop"),
        "{stderr}"
    );
}

#[test]
fn no_require_git_applies_gitignore_outside_a_repository() {
    let dir = Dir::new();
    dir.create(".gitignore", "skipped.txt\n");
    dir.create("skipped.txt", "needle skipped\n");
    dir.create("kept.txt", "needle kept\n");
    for args in [
        &["needle"][..],
        &["--no-require-git", "needle"],
        &["--no-require-git", "--require-git", "needle"],
        &["--require-git", "--no-require-git", "needle"],
    ] {
        let ours = run(dir.trawl().args(args));
        let theirs = run(dir.rg().args(["--sort", "path", "--vimgrep"]).args(args));
        let failures = differences(&format!("{args:?}"), &ours, &theirs);
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    }
}

#[test]
fn a_bad_line_in_a_gitignore_of_the_tree_is_a_warning() {
    // trawl used to say nothing about it; rg warns, applies the good lines, and exits 0.
    let dir = Dir::new();
    dir.git_init("");
    dir.create(".gitignore", "{a\nskipped.txt\n");
    dir.create("skipped.txt", "needle skipped\n");
    dir.create("kept.txt", "needle kept\n");
    let ours = run(dir.trawl().arg("needle"));
    let theirs = run(dir.rg().args(["--sort", "path", "--vimgrep", "needle"]));
    let failures = differences("needle", &ours, &theirs);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(text(&ours.stdout), "kept.txt:1:1:needle kept\n");
    assert_eq!(ours.status.code(), Some(0));
    let stderr = text(&ours.stderr);
    assert!(
        stderr.starts_with("trawl: ./.gitignore: line 1: ") && stderr.lines().count() == 1,
        "{stderr}"
    );
    for quiet in ["--no-ignore-messages", "--no-messages"] {
        let ours = run(dir.trawl().args([quiet, "needle"]));
        let theirs = run(dir
            .rg()
            .args(["--sort", "path", "--vimgrep", quiet, "needle"]));
        let failures = differences(quiet, &ours, &theirs);
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
        assert_eq!(text(&ours.stdout), "kept.txt:1:1:needle kept\n");
        assert_eq!(
            (text(&ours.stderr).as_str(), ours.status.code()),
            ("", Some(0))
        );
    }
}

#[test]
fn a_root_walked_in_two_parts_prints_in_order_and_warns_once() {
    // A root with two or more top-level directories is walked by two threads, split at
    // the middle directory (here `c`); top-level files fall on both sides of the split.
    let dir = Dir::new();
    dir.git_init("");
    dir.create(".gitignore", "{a\nskipped.txt\n");
    for name in ["0.txt", "b0.txt", "c", "m.txt", "zz.txt"] {
        let path = if name == "c" {
            "c0".to_string()
        } else {
            name.to_string()
        };
        dir.create(path, format!("needle at the top: {name}\n"));
    }
    dir.create("big.txt", format!("needle big\n{}", "x".repeat(4096)));
    for top in ["a", "b", "c", "d"] {
        dir.create(format!("{top}/one.txt"), format!("needle in {top}\n"));
        dir.create(
            format!("{top}/deep/two.txt"),
            format!("needle deep in {top}\n"),
        );
        dir.create(format!("{top}/skipped.txt"), "needle skipped\n");
    }
    dir.create("c/.ignore", "{b\none.txt\n");
    // The second part reaches c/.ignore long before the first part, busy with a/many,
    // reaches b/.ignore; its warning must still come after b's. Found when the
    // warnings came out of order in one full test run.
    dir.create("b/.ignore", "{c\n");
    for i in 0..2000 {
        dir.create(format!("a/many/{i:04}.txt"), "x\n");
    }
    for args in [
        &["needle"][..],
        &["--max-filesize", "2K", "needle"],
        &["-g", "!b", "needle"],
        &["--max-depth", "2", "needle"],
        &["-u", "needle"],
    ] {
        let ours = run(dir.trawl().args(args));
        let theirs = run(dir.rg().args(["--sort", "path", "--vimgrep"]).args(args));
        let failures = differences(&format!("{args:?}"), &ours, &theirs);
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    }
    let ours = run(dir.trawl().arg("needle"));
    assert!(text(&ours.stdout).contains("d/deep/two.txt"));
    // One warning for each bad ignore file, in walk order: the root's from the first
    // part only.
    let stderr = text(&ours.stderr);
    let warnings: Vec<&str> = stderr.lines().collect();
    assert_eq!(warnings.len(), 3, "{stderr}");
    for (warning, file) in warnings
        .iter()
        .zip(["./.gitignore", "./b/.ignore", "./c/.ignore"])
    {
        assert!(
            warning.starts_with(&format!("trawl: {file}: line 1: ")),
            "{stderr}"
        );
    }
    let listed = run(dir.trawl().args(["--files", "--max-filesize", "2K"]));
    let theirs = run(dir
        .rg()
        .args(["--files", "--sort", "path", "--max-filesize", "2K"]));
    assert_eq!(text(&listed.stdout), text(&theirs.stdout));
}

#[test]
fn one_file_system_does_not_follow_a_link_onto_another_file_system() {
    // /dev/shm is a tmpfs on Linux, and the temp dir usually is not. Where they share a
    // device, both runs search the linked files and the comparison still holds.
    let Ok(other) = tempfile::Builder::new().tempdir_in("/dev/shm") else {
        panic!("this test needs a writable /dev/shm");
    };
    std::fs::write(other.path().join("far.txt"), "needle far away\n").unwrap();
    let dir = Dir::new();
    dir.create("near.txt", "needle near\n");
    std::os::unix::fs::symlink(other.path(), dir.path().join("mnt")).unwrap();
    for args in [
        &["-L", "needle"][..],
        &["-L", "--one-file-system", "needle"],
        &["--one-file-system", "needle", "mnt"],
    ] {
        let ours = run(dir.trawl().args(args));
        let theirs = run(dir.rg().args(["--sort", "path", "--vimgrep"]).args(args));
        let failures = differences(&format!("{args:?}"), &ours, &theirs);
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    }
}

/// rg's output for the same paths given on its command line, in the list's order, one
/// path per run (rg would sort them all into one order otherwise).
fn rg_per_path(tree: &FilterTree, extra: &[&str], paths: &[&str]) -> Vec<u8> {
    let mut out = vec![];
    for path in paths {
        let mut cmd: Command = tree.rg();
        cmd.args(["--sort", "path", "--vimgrep"])
            .args(extra)
            .arg(path);
        out.extend(run(&mut cmd).stdout);
    }
    out
}

#[test]
fn files_from_follows_the_list_order() {
    let tree = filter_tree();
    let paths = ["sub", "order/a.txt", "src", "order/B.txt", "unicode.txt"];
    tree.dir.create("list.txt", paths.join("\n") + "\n\n");
    let ours = run(tree
        .trawl()
        .args(["--files-from", "list.txt", "needle|PM_RESUME"]));
    assert_eq!(ours.status.code(), Some(0), "{}", text(&ours.stderr));
    assert_eq!(
        text(&ours.stdout),
        text(&rg_per_path(&tree, &["needle|PM_RESUME"], &paths))
    );
}

#[test]
fn files_from_lists_files_that_bypass_the_filters_and_walks_dirs_with_them() {
    let tree = filter_tree();
    // ignored.txt is ignored by .gitignore, and .hiddenfile is hidden, but both are
    // listed, so both are searched; sub is walked with -t txt and its ignore files.
    tree.dir
        .create("list.txt", "ignored.txt\n.hiddenfile\ntypes/a.py\nsub\n");
    let args = ["-t", "txt", "needle"];
    let ours = run(tree.trawl().args(["--files-from", "list.txt"]).args(args));
    assert_eq!(
        text(&ours.stdout),
        text(&rg_per_path(
            &tree,
            &args,
            &["ignored.txt", ".hiddenfile", "types/a.py", "sub"]
        ))
    );
    assert!(text(&ours.stdout).contains("types/a.py:1:1:needle"));
}

#[test]
fn files_from_comes_after_the_positional_paths() {
    let tree = filter_tree();
    tree.dir.create("list.txt", "order/a.txt\nsrc/lib.rs\n");
    let ours = run(tree
        .trawl()
        .args(["--files-from", "list.txt", "needle", "sub/plain.txt"]));
    assert_eq!(
        text(&ours.stdout),
        text(&rg_per_path(
            &tree,
            &["needle"],
            &["sub/plain.txt", "order/a.txt", "src/lib.rs"]
        ))
    );
}

#[test]
fn files_from_dash_reads_the_list_from_stdin() {
    let tree = filter_tree();
    let ours = run_with_stdin(
        tree.trawl().args(["--files-from", "-", "needle"]),
        b"order/a.txt\r\nsub/plain.txt\n",
    );
    assert_eq!(
        text(&ours.stdout),
        "order/a.txt:1:1:needle in a.txt\nsub/plain.txt:1:1:needle plain\n"
    );
    // --files shows what a list would search.
    let ours = run_with_stdin(
        tree.trawl().args(["--files", "--files-from", "-"]),
        b"order\nnonl.txt\n",
    );
    let mut expected = run(tree.rg().args(["--files", "--sort", "path", "order"])).stdout;
    expected.extend_from_slice(b"nonl.txt\n");
    assert_eq!(text(&ours.stdout), text(&expected));
}

#[test]
fn files_from_stdin_is_read_once_in_process_mode() {
    // Worker processes are started with the parent's arguments and talk to it over their
    // stdin: were they to read the list too, they would eat the job frames.
    let tree = filter_tree();
    let ours = run_with_stdin(
        tree.trawl().args([
            "--mode",
            "processes",
            "-j",
            "2",
            "--files-from",
            "-",
            "needle",
        ]),
        b"sub\norder/a.txt\n",
    );
    assert_eq!(ours.status.code(), Some(0), "{}", text(&ours.stderr));
    assert_eq!(
        text(&ours.stdout),
        text(&rg_per_path(&tree, &["needle"], &["sub", "order/a.txt"]))
    );
}

#[test]
fn uuu_searches_walked_binary_files_as_rg_does() {
    let tree = filter_tree();
    for args in [&["-uuu", "needle", "bin"][..], &["-uuu", "needle"]] {
        let failures = compare(&tree, args);
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    }
}

#[test]
fn files_from0_splits_at_nul() {
    let tree = filter_tree();
    tree.dir
        .create("with\nnewline.txt", "needle with a newline in the name\n");
    tree.dir.create(
        "list0",
        b"order/with space.txt\0with\nnewline.txt\0\0src/lib.rs\0",
    );
    let ours = run(tree
        .trawl()
        .args(["--files-from0", "list0", "--no-column", "needle"]));
    assert_eq!(
        text(&ours.stdout),
        "order/with space.txt:1:needle in with space.txt\n\
         with\nnewline.txt:1:needle with a newline in the name\n\
         src/lib.rs:1:const PM_RESUME: u32 = 1; // needle\n"
    );
}

#[test]
fn files_from_an_unreadable_list_is_one_error_line() {
    let tree = filter_tree();
    let ours = run(tree
        .trawl()
        .args(["--files-from", "no-such-list", "needle"]));
    assert_eq!(ours.status.code(), Some(2));
    assert!(ours.stdout.is_empty());
    let stderr = text(&ours.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("trawl: no-such-list: "), "{stderr}");
    // An empty list searches nothing.
    tree.dir.create("empty-list", "");
    let ours = run(tree.trawl().args(["--files-from", "empty-list", "needle"]));
    assert_eq!((ours.status.code(), ours.stdout.len()), (Some(1), 0));
}

#[test]
fn bad_filter_values_are_configuration_errors() {
    let tree = filter_tree();
    for args in [
        &["--max-filesize", "1.5M", "needle"][..],
        &["-t", "nosuchtype", "needle"],
        &["--type-add", "x:include:nosuchtype", "needle"],
        &["-g", "a[", "needle"],
        &["--iglob", "{", "needle"],
        &["-O", "[", "needle"],
        &["-d", "-1", "needle"],
        &["--sort", "size", "needle"],
    ] {
        let ours = run(tree.trawl().args(args));
        assert_eq!(ours.status.code(), Some(2), "{args:?}");
        assert!(ours.stdout.is_empty(), "{args:?}");
        let stderr = text(&ours.stderr);
        assert!(
            stderr.starts_with("trawl: ") || stderr.starts_with("error: "),
            "{stderr}"
        );
    }
}
