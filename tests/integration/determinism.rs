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
    for threads in ["-j1", "-j2", "-j8"] {
        for round in 0..3 {
            let out = run(dir.trawl().args([threads, "needle"]));
            assert!(
                out.stdout == reference.stdout,
                "{threads} round {round} differs from -j1:\n{}",
                first_difference(&reference.stdout, &out.stdout)
            );
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
