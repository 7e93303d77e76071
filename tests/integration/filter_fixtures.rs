//! The fixture for the filter tests: the awkward-case tree plus what the walker's filters
//! need to show their edges. Nested directories for -d, files around the -max-filesize
//! limits, file types, `.rgignore` and git's exclude file, symbolic links (one of them a
//! loop), a private HOME with a global git ignore file, and a distinct modification and
//! access time for every file, so that the time-stamp sorts have no ties.

use std::fs::{self, File, FileTimes};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use crate::fixtures::awkward_tree;
use crate::harness::{Dir, Rng};

/// The filter tree, whose commands run with the tree's own HOME.
pub struct FilterTree {
    /// The tree.
    pub dir: Dir,
}

impl FilterTree {
    /// A trawl command in the tree, with the tree's own HOME.
    pub fn trawl(&self) -> Command {
        let mut cmd = self.dir.trawl();
        self.private_home(&mut cmd);
        cmd
    }

    /// An rg command in the tree, with the tree's own HOME.
    pub fn rg(&self) -> Command {
        let mut cmd = self.dir.rg();
        self.private_home(&mut cmd);
        cmd
    }

    /// Points HOME and XDG_CONFIG_HOME into the tree, so the global git ignore file is the
    /// tree's and not the machine's.
    fn private_home(&self, cmd: &mut Command) {
        let home = self.dir.path().join(".home");
        cmd.env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"));
    }
}

/// Builds the filter tree.
pub fn filter_tree() -> FilterTree {
    let dir = awkward_tree();

    for (rel, depth) in [
        ("depth/d0.txt", 0),
        ("depth/a/d1.txt", 1),
        ("depth/a/b/d2.txt", 2),
        ("depth/a/b/c/d3.txt", 3),
        ("depth/z/d1.txt", 1),
    ] {
        dir.create(rel, format!("needle at depth {depth}\n"));
    }

    // Sizes around 1K: the --max-filesize limit is inclusive.
    for size in [40usize, 1023, 1024, 1025, 3000] {
        let mut body = format!("needle in a file of {size} bytes\n");
        body.push_str(&"z".repeat(size - body.len() - 1));
        body.push('\n');
        dir.create(format!("sizes/s{size:04}.txt"), body);
    }

    for name in [
        "a.py", "b.md", "c.rs", "Makefile", "d.foo", "e.C", "f.TXT", "g.c", "h.h", "i.cpp",
        "j.json", "k.txt",
    ] {
        dir.create(format!("types/{name}"), format!("needle in {name}\n"));
    }

    // .rgignore outranks .ignore, and both give way to a glob.
    dir.create("rgi/.ignore", "*.skip\nrescued.txt\n");
    dir.create("rgi/.rgignore", "!rescued.txt\nrg_only.txt\n");
    dir.create("rgi/a.skip", "needle skipped by .ignore\n");
    dir.create("rgi/rescued.txt", "needle rescued by .rgignore\n");
    dir.create("rgi/rg_only.txt", "needle ignored by .rgignore\n");
    dir.create("rgi/kept.txt", "needle kept\n");

    // git's exclude file and the global ignore file of the private HOME.
    dir.create(".git/info/exclude", "excluded.txt\n");
    dir.create("excluded.txt", "needle in git's exclude file\n");
    dir.create(".home/.config/git/ignore", "global_ignored.txt\n");
    dir.create("global_ignored.txt", "needle in the global ignore file\n");

    // Files for --ignore-file, and a name that only a case-insensitive `*.log` ignores.
    dir.create("extra.ignore", "order/a.txt\nsizes/\n");
    dir.create("bad.ignore", "a[\norder/B.txt\n");
    dir.create("caps/NOTES.LOG", "needle in upper case\n");

    // Symbolic links: to a file, to a directory, a broken one, and, apart, a loop.
    dir.create("links/real.txt", "needle real\n");
    symlink("../order/a.txt", dir.path().join("links/to_file.txt"));
    symlink("../src", dir.path().join("links/to_dir"));
    dir.create("broken/ok.txt", "needle next to a broken link\n");
    symlink("nowhere", dir.path().join("broken/dangling.txt"));
    dir.create("loop/d/f.txt", "needle in a loop\n");
    symlink("..", dir.path().join("loop/d/up"));

    set_distinct_times(dir.path());
    FilterTree { dir }
}

fn symlink(target: &str, link: PathBuf) {
    std::os::unix::fs::symlink(target, link).expect("create symlink");
}

/// Gives every regular file a modification time and an access time of its own, in an
/// order unrelated to path order. Access times lie in the future and after the change
/// time, so reading a file does not update them (Linux's `relatime` would otherwise).
fn set_distinct_times(root: &Path) {
    let mut files = vec![];
    collect_files(root, &mut files);
    files.sort();
    let mut rng = Rng::new(42);
    // A Fisher-Yates shuffle, so the time order is neither path order nor its reverse.
    for i in (1..files.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        files.swap(i, j);
    }
    // Access order is another order again.
    let mut access_rank: Vec<u64> = (0..files.len() as u64).collect();
    for i in (1..access_rank.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        access_rank.swap(i, j);
    }
    let now = SystemTime::now();
    let modified_base = now - Duration::from_secs(1_000_000);
    let accessed_base = now + Duration::from_secs(3600);
    for (i, path) in files.iter().enumerate() {
        let times = FileTimes::new()
            .set_modified(modified_base + Duration::from_secs(i as u64))
            .set_accessed(accessed_base + Duration::from_secs(access_rank[i]));
        File::options()
            .write(true)
            .open(path)
            .and_then(|f| f.set_times(times))
            .expect("set file times");
    }
}

/// Every regular file below `dir`, not following links, leaving out `.git`.
fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read fixture dir") {
        let entry = entry.expect("read fixture entry");
        let kind = entry.file_type().expect("fixture file type");
        if kind.is_dir() && entry.file_name() != ".git" {
            collect_files(&entry.path(), out);
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
}
