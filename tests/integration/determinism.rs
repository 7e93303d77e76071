//! The order promise: output is byte-identical for every thread count, run after run, and
//! equal to the order of `rg --sort path`. Lines are never sorted before comparing.

use crate::harness::{Dir, generate_tree, run, text};

fn tree() -> Dir {
    let dir = Dir::new();
    generate_tree(&dir, "tree", 2500, 42);
    dir
}

#[test]
fn output_is_identical_for_every_thread_count_and_run() {
    let dir = tree();
    let reference = run(dir.trawl().args(["-j1", "needle"]));
    assert!(reference.status.success());
    let lines = reference.stdout.iter().filter(|&&b| b == b'\n').count();
    assert!(
        lines > 2000,
        "the tree should scatter many matches, got {lines}"
    );
    // Directories are listed by the same workers that search, so every thread count
    // walks the tree differently; the output must not show it.
    for mode in ["threads", "processes"] {
        for threads in ["-j1", "-j2", "-j3", "-j8", "-j32"] {
            for round in 0..2 {
                let out = run(dir.trawl().args(["--mode", mode, threads, "needle"]));
                assert!(
                    out.stdout == reference.stdout,
                    "{mode} {threads} round {round} differs from -j1:\n{}",
                    first_difference(&reference.stdout, &out.stdout)
                );
            }
        }
    }
}

#[test]
fn order_is_the_order_of_rg_sort_path() {
    let dir = tree();
    for (ours, theirs) in [
        (
            vec!["-j8", "needle"],
            vec!["--sort", "path", "--vimgrep", "needle"],
        ),
        (
            vec!["-j8", "--no-column", "-i", "needle", "tree/d00", "tree"],
            vec![
                "--sort",
                "path",
                "-n",
                "-H",
                "--no-heading",
                "-i",
                "needle",
                "tree/d00",
                "tree",
            ],
        ),
    ] {
        let a = run(dir.trawl().args(&ours));
        let b = run(dir.rg().args(&theirs));
        assert!(!a.stdout.is_empty());
        assert!(
            a.stdout == b.stdout,
            "{ours:?}:\n{}",
            first_difference(&b.stdout, &a.stdout)
        );
    }
}

#[test]
fn files_lists_in_the_order_of_rg_files_sort_path_at_every_thread_count() {
    let dir = tree();
    let theirs = run(dir.rg().args(["--files", "--sort", "path"]));
    assert!(theirs.status.success());
    for threads in ["-j1", "-j2", "-j3", "-j8", "-j32"] {
        let ours = run(dir.trawl().args(["--files", threads]));
        assert!(
            ours.stdout == theirs.stdout,
            "{threads}:\n{}",
            first_difference(&theirs.stdout, &ours.stdout)
        );
    }
}

fn first_difference(expected: &[u8], actual: &[u8]) -> String {
    let (e, a) = (text(expected), text(actual));
    for (i, (x, y)) in e.lines().zip(a.lines()).enumerate() {
        if x != y {
            return format!("line {}: expected {x:?}, got {y:?}", i + 1);
        }
    }
    format!(
        "lengths differ: {} vs {} lines",
        e.lines().count(),
        a.lines().count()
    )
}
