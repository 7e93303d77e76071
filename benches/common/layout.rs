//! The two layouts of the Linux tree that every tree case runs on (issue 11):
//! - **flat**: the tree as extracted, its top-level directories at the search root;
//! - **one-top**: the same files under one top-level directory,
//!   `<corpus>/linux-one-top/src/linux/...`, the shape of a Java project or a monorepo,
//!   where a walk that splits only at the root has nothing to split.
//!
//! The one-top tree is made of hard links (`cp -al`), so it costs directory entries, not
//! disk. Its repository is `linux-one-top/` itself (`git init`), and the flat tree's `.git`
//! is not copied: a `.git` in `src/linux/` would be a nested repository, and ripgrep stops
//! applying the parent directories' `.gitignore` files at a repository boundary. The Linux
//! tree's top-level `.gitignore` stays at `src/linux/.gitignore`, where its patterns, which
//! are relative to the directory holding the file, mean what they meant at the root of the
//! flat tree. [`layouts`] checks that `rg --files` lists as many files in both.
//!
//! Like the other corpora, the tree is built under a temporary name and renamed into
//! place once its `.git` exists, so an interrupted preparation is redone.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use super::peers::{output_of, run_checked};

/// Which layout a case ran on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Flat,
    OneTop,
}

impl Kind {
    /// The short name in target rows.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Flat => "flat",
            Kind::OneTop => "one-top",
        }
    }

    /// The prefix of a case title; the flat one is the suite's old title, so reports of
    /// earlier runs line up with new ones.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Flat => "Linux tree",
            Kind::OneTop => "Linux one-top",
        }
    }
}

/// One layout, ready to search.
#[derive(Clone, Debug)]
pub struct Layout {
    pub kind: Kind,
    /// The search root: where every tool runs, with no path argument.
    pub root: PathBuf,
    /// How many files `rg --files` lists there.
    pub files: usize,
}

/// The directory of the one-top layout inside the corpus directory.
const ONE_TOP: &str = "linux-one-top";

/// Where the Linux tree sits inside the one-top layout.
pub const ONE_TOP_PREFIX: &str = "src/linux";

/// Both layouts of `flat`, the prepared Linux tree, making the one-top one if needed.
/// Fails if `rg --files` lists a different number of files in them, since the cases
/// would then not search the same files.
pub fn layouts(dir: &Path, flat: &Path, rg: &Path) -> Result<Vec<Layout>> {
    let one_top = one_top_tree(dir, flat)?;
    let mut out = Vec::new();
    for (kind, root) in [(Kind::Flat, flat.to_path_buf()), (Kind::OneTop, one_top)] {
        let files = output_of(Command::new(rg).arg("--files").current_dir(&root))?
            .lines()
            .count();
        out.push(Layout { kind, root, files });
    }
    if out[0].files != out[1].files {
        bail!(
            "rg --files lists {} files in {} but {} in {}; the layouts must ignore the \
             same files",
            out[0].files,
            out[0].root.display(),
            out[1].files,
            out[1].root.display()
        );
    }
    Ok(out)
}

/// The one-top layout under `dir`, made from `flat` with hard links if its `.git` is
/// missing.
pub fn one_top_tree(dir: &Path, flat: &Path) -> Result<PathBuf> {
    let tree = dir.join(ONE_TOP);
    if tree.join(".git").is_dir() {
        return Ok(tree);
    }
    if tree.exists() {
        fs::remove_dir_all(&tree).with_context(|| format!("removing {}", tree.display()))?;
    }
    let partial = dir.join(format!("{ONE_TOP}.partial"));
    if partial.exists() {
        fs::remove_dir_all(&partial).with_context(|| format!("removing {}", partial.display()))?;
    }
    let inner = partial.join(ONE_TOP_PREFIX);
    fs::create_dir_all(&inner).with_context(|| format!("creating {}", inner.display()))?;
    let mut entries: Vec<PathBuf> = fs::read_dir(flat)
        .with_context(|| format!("listing {}", flat.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.retain(|p| p.file_name().is_none_or(|n| n != ".git"));
    entries.sort();
    crate::progress!("linking the Linux tree into {}", inner.display());
    run_checked(Command::new("cp").arg("-al").args(&entries).arg(&inner))?;
    run_checked(Command::new("git").arg("init").arg("-q").arg(&partial))?;
    fs::rename(&partial, &tree)
        .with_context(|| format!("renaming {} to {}", partial.display(), tree.display()))?;
    Ok(tree)
}
