//! The corpora of docs/ARCHITECTURE.md ("The oracle and the corpus"), prepared on first use:
//! - the Linux 6.1 tree from Debian's `linux-source-6.1`, extracted, with the packaging's
//!   `/*` line removed from the top `.gitignore` and `git init` run in it;
//! - the single file of all its C sources and headers in path order;
//! - a tiny generated tree of ten small files.
//!
//! Each is built under a temporary name and renamed into place (or, for the tree, marked
//! done by its `.git`), so an interrupted preparation is redone rather than trusted.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use super::peers::{apt_install, output_of, run_checked};

/// The Debian package that ships the kernel source.
pub const KERNEL_PACKAGE: &str = "linux-source-6.1";

/// Where the package leaves its tarball.
const KERNEL_TARBALL: &str = "/usr/src/linux-source-6.1.tar.xz";

/// The Linux tree under `dir`, extracted and prepared if its `.git` is missing.
pub fn linux_tree(dir: &Path) -> Result<PathBuf> {
    let tree = dir.join(KERNEL_PACKAGE);
    if tree.join(".git").is_dir() {
        return Ok(tree);
    }
    if !Path::new(KERNEL_TARBALL).is_file() {
        apt_install(KERNEL_PACKAGE)?;
    }
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    crate::progress!("extracting {KERNEL_TARBALL} into {}", dir.display());
    run_checked(
        Command::new("tar")
            .arg("-xJf")
            .arg(KERNEL_TARBALL)
            .arg("-C")
            .arg(dir),
    )?;
    // Debian's packaging appends `/*`, which would make rg (and trawl) ignore everything.
    let gitignore = tree.join(".gitignore");
    let text = fs::read_to_string(&gitignore)
        .with_context(|| format!("reading {}", gitignore.display()))?;
    let kept: String = text
        .split_inclusive('\n')
        .filter(|line| line.trim_end_matches(['\n', '\r']) != "/*")
        .collect();
    fs::write(&gitignore, kept).with_context(|| format!("writing {}", gitignore.display()))?;
    run_checked(Command::new("git").arg("init").arg("-q").arg(&tree))?;
    Ok(tree)
}

/// The version of the installed kernel source package, for every report.
pub fn kernel_version() -> String {
    output_of(Command::new("dpkg-query").args(["-W", "-f=${Version}", KERNEL_PACKAGE]))
        .map(|v| v.trim().to_string())
        .unwrap_or_else(|e| format!("unknown ({e})"))
}

/// The single-file corpus, `rg --files --sort path -t c | xargs cat` run in `tree`.
pub fn single_file(dir: &Path, tree: &Path, rg: &Path) -> Result<PathBuf> {
    let path = dir.join("linux-c.txt");
    if path.is_file() {
        return Ok(path);
    }
    crate::progress!("writing {}", path.display());
    let list = output_of(
        Command::new(rg)
            .args(["--files", "--sort", "path", "-t", "c"])
            .current_dir(tree),
    )?;
    let partial = dir.join("linux-c.txt.partial");
    let mut out = BufWriter::with_capacity(1 << 20, File::create(&partial)?);
    for name in list.lines() {
        let mut file = File::open(tree.join(name)).with_context(|| format!("reading {name}"))?;
        io::copy(&mut file, &mut out)?;
    }
    out.flush()?;
    drop(out);
    fs::rename(&partial, &path)?;
    Ok(path)
}

/// Files in the tiny tree, and lines in each.
const TINY_FILES: usize = 10;
const TINY_LINES: usize = 60;

/// A tree of ten small C-like files, a few lines of which hold `PM_RESUME`.
pub fn tiny_tree(dir: &Path) -> Result<PathBuf> {
    let tree = dir.join("tiny-tree");
    if tree.is_dir() {
        return Ok(tree);
    }
    let partial = dir.join("tiny-tree.partial");
    if partial.exists() {
        fs::remove_dir_all(&partial)?;
    }
    fs::create_dir_all(partial.join("src"))?;
    for i in 0..TINY_FILES {
        let name = if i < TINY_FILES / 2 {
            format!("power{i}.c")
        } else {
            format!("src/driver{i}.c")
        };
        let mut text = String::new();
        for line in 0..TINY_LINES {
            // Every file has one or two matching lines, at a spot that varies by file.
            if line % 37 == i % 7 {
                text.push_str(&format!(
                    "\tcase PM_RESUME: return resume_{i}_{line}(dev);\n"
                ));
            } else {
                text.push_str(&format!(
                    "static int helper_{i}_{line}(struct device *dev) {{ return {line}; }}\n"
                ));
            }
        }
        fs::write(partial.join(name), text)?;
    }
    fs::rename(&partial, &tree)?;
    Ok(tree)
}

/// Total bytes of the files rg would search in `tree`: the amount a search reads.
pub fn searched_bytes(tree: &Path, rg: &Path) -> Result<u64> {
    let list = output_of(Command::new(rg).arg("--files").current_dir(tree))?;
    let mut total = 0;
    for name in list.lines() {
        total += fs::metadata(tree.join(name))
            .with_context(|| format!("stat {name}"))?
            .len();
    }
    Ok(total)
}
