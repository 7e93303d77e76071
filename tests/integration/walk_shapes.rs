//! Hostile tree shapes: huge directories, deep chains, a directory per file, and few file
//! descriptors. Each walks whole, in order, within a bound on memory, in both modes.
//!
//! The memory bound is an address-space limit on the child ([`limited`]).

use crate::harness::{Dir, limited, run, text};

/// Address space for a walk of these trees: well below what holding every path of a
/// 200,000-entry tree several times over would take, and far above what the window needs.
const ADDRESS_SPACE: u64 = 768 << 20;

/// Checks that `args` prints in both modes exactly what `rg --sort path` prints with
/// `rg_args`, under the limits.
fn walks_like_rg(dir: &Dir, args: &[&str], rg_args: &[&str], files: u64) {
    let theirs = run(dir.rg().args(rg_args));
    assert!(theirs.status.success(), "{}", text(&theirs.stderr));
    for mode in ["threads", "processes"] {
        let ours = run(limited(
            dir.trawl().args(["--mode", mode, "-j4"]).args(args),
            ADDRESS_SPACE,
            files,
        ));
        assert_eq!(
            ours.status.code(),
            Some(0),
            "{mode}: {}",
            text(&ours.stderr)
        );
        assert!(
            ours.stdout == theirs.stdout,
            "{mode} {args:?}: {} lines against rg's {}",
            ours.stdout.split(|&b| b == b'\n').count(),
            theirs.stdout.split(|&b| b == b'\n').count()
        );
    }
}

/// [`walks_like_rg`] for a search of `needle`, under the README's default mapping.
fn searches_like_rg(dir: &Dir, files: u64) {
    walks_like_rg(
        dir,
        &["needle"],
        &["--sort", "path", "--vimgrep", "needle"],
        files,
    );
}

#[test]
fn two_hundred_thousand_files_in_one_directory() {
    let dir = Dir::in_memory();
    dir.mkdir("big");
    for i in 0..200_000 {
        std::fs::File::create(dir.path().join(format!("big/f{i}"))).unwrap();
    }
    dir.create("big/f77777", "needle\n");
    dir.create("after.txt", "needle\n");
    walks_like_rg(&dir, &["--files"], &["--files", "--sort", "path"], 1024);
    searches_like_rg(&dir, 1024);
}

#[test]
fn two_thousand_nested_directories() {
    let dir = Dir::in_memory();
    let mut path = std::path::PathBuf::from("deep");
    for level in 0..2000 {
        path.push("d");
        if level % 100 == 0 {
            dir.create(path.join("hit.txt"), format!("needle {level}\n"));
        }
    }
    dir.create(path.join("bottom.txt"), "needle bottom\n");
    searches_like_rg(&dir, 1024);
}

#[test]
fn a_hundred_thousand_directories_of_one_file_each() {
    let dir = Dir::in_memory();
    for i in 0..100_000 {
        let text = if i % 997 == 0 { "needle\n" } else { "hay\n" };
        dir.create(format!("many/{:03}/{i}/f.txt", i % 100), text);
    }
    searches_like_rg(&dir, 1024);
}

#[test]
fn sixty_four_file_descriptors_are_enough() {
    let dir = Dir::in_memory();
    for i in 0..3000 {
        dir.create(format!("t/{:02}/{:02}/f{i}.txt", i % 30, i % 7), "needle\n");
    }
    searches_like_rg(&dir, 64);
}

#[test]
fn a_full_stdout_is_one_error_and_exit_2_in_both_modes() {
    // Found by the reliability probe: `trawl static DIR > /dev/full` reported the write
    // error two or three times, then "some files were never reported by a worker".
    let dir = Dir::in_memory();
    for i in 0..300 {
        dir.create(format!("t/{:02}/f{i}.txt", i % 9), "needle\n".repeat(50));
    }
    for mode in ["threads", "processes"] {
        let full = std::fs::File::options()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = run(dir.trawl().args(["--mode", mode, "needle"]).stdout(full));
        assert_eq!(out.status.code(), Some(2), "{mode}");
        let stderr = text(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{mode}: {stderr}");
        assert!(stderr.starts_with("trawl: stdout: "), "{mode}: {stderr}");
    }
}
