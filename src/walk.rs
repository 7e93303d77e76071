//! The walker: turns the roots the user named into haystacks, in the order the output
//! promises (shared DESIGN.md, "Order").
//!
//! Invariants:
//! - Roots are visited in the order given; within a directory, entries are sorted by file
//!   name, depth first. This is the order of `rg --sort path`.
//! - Ignore rules, hidden files and type filters apply to walked entries only. A root that
//!   names a file is always searched, whatever the filters say, as in ripgrep.
//! - A walk error is yielded in its place in the order, so it is reported where it happened
//!   and the walk goes on.
//!
//! This module is sequential. The pipeline numbers what it yields and feeds the workers.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use anyhow::Context;
use ignore::WalkBuilder;
use ignore::types::{Types, TypesBuilder};

/// A place to start searching.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Root {
    /// A path the user named.
    Path(PathBuf),
    /// The current directory, searched because no path was named. Its results are printed
    /// without a leading `./`, as ripgrep prints them.
    CurrentDir,
    /// Standard input, printed as `<stdin>`.
    Stdin,
}

/// What orders the walk's output (`--sort`, `--sortr`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    /// By path: entries sorted by file name within each directory, depth first.
    #[default]
    Path,
    /// By last modification time.
    Modified,
    /// By last access time.
    Accessed,
    /// By creation time.
    Created,
    /// No order: results print as they finish.
    None,
}

/// Which entries a walk yields.
#[derive(Clone, Debug, Default)]
pub struct WalkOptions {
    /// The output order.
    pub sort: SortKey,
    /// Reverse the order (`--sortr`).
    pub sort_reverse: bool,
    /// Search hidden files and directories.
    pub hidden: bool,
    /// Ignore `.gitignore`, `.ignore` and git exclude files.
    pub no_ignore: bool,
    /// When not empty, only files with one of these extensions are searched.
    pub extensions: Vec<String>,
}

/// One thing the walk yields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Haystack {
    /// A file to search. `path` is also the name that is printed.
    File {
        /// The path, as it will be opened and printed.
        path: PathBuf,
        /// Whether the user named this file (a root), rather than the walk finding it.
        explicit: bool,
    },
    /// Standard input.
    Stdin,
    /// A walk error, in its place in the order. The message names the path.
    Error(String),
}

impl Haystack {
    /// The name printed for this haystack.
    pub fn name(&self) -> String {
        match self {
            Haystack::File { path, .. } => path.display().to_string(),
            Haystack::Stdin => "<stdin>".to_string(),
            Haystack::Error(message) => message.clone(),
        }
    }
}

/// Walks roots in output order.
pub struct Walker {
    roots: Vec<Root>,
    options: WalkOptions,
    types: Option<Types>,
}

impl Walker {
    /// A walker over `roots`. Fails if the extension filters cannot be compiled.
    pub fn new(roots: Vec<Root>, options: WalkOptions) -> anyhow::Result<Walker> {
        let types = if options.extensions.is_empty() {
            None
        } else {
            let mut builder = TypesBuilder::new();
            for ext in &options.extensions {
                builder
                    .add("ext", &format!("*.{ext}"))
                    .with_context(|| format!("-O {ext}: not a usable extension"))?;
            }
            builder.select("ext");
            Some(builder.build().context("-O: bad extension list")?)
        };
        Ok(Walker {
            roots,
            options,
            types,
        })
    }

    /// Yields every haystack in order to `emit`, until `emit` returns false.
    pub fn run(&self, mut emit: impl FnMut(Haystack) -> bool) {
        for root in &self.roots {
            let keep_going = match root {
                Root::Stdin => emit(Haystack::Stdin),
                Root::Path(path) => self.walk_root(path, false, &mut emit),
                Root::CurrentDir => self.walk_root(Path::new("./"), true, &mut emit),
            };
            if !keep_going {
                return;
            }
        }
    }

    fn walk_root(
        &self,
        root: &Path,
        strip_dot: bool,
        emit: &mut impl FnMut(Haystack) -> bool,
    ) -> bool {
        let mut builder = WalkBuilder::new(root);
        builder
            // Comparing whole paths orders siblings exactly as comparing their names does,
            // and is cheaper: ignore's by-name sort re-parses both paths' last component on
            // every comparison.
            .sort_by_file_path(|a: &Path, b: &Path| a.as_os_str().cmp(b.as_os_str()))
            .hidden(!self.options.hidden);
        if self.options.no_ignore {
            builder
                .ignore(false)
                .git_ignore(false)
                .git_global(false)
                .git_exclude(false)
                .parents(false);
        }
        if let Some(types) = &self.types {
            builder.types(types.clone());
        }
        for result in builder.build() {
            let haystack = match result {
                Ok(entry) => {
                    let Some(kind) = entry.file_type() else {
                        continue;
                    };
                    // A root that is not a directory is searched whatever it is (a FIFO,
                    // a device); below a root, only regular files are.
                    let explicit = entry.depth() == 0;
                    if !(kind.is_file() || (explicit && !kind.is_dir())) {
                        continue;
                    }
                    let path = if strip_dot {
                        strip_current_dir(entry.path())
                    } else {
                        entry.into_path()
                    };
                    Haystack::File { path, explicit }
                }
                Err(err) => Haystack::Error(describe(&err)),
            };
            if !emit(haystack) {
                return false;
            }
        }
        true
    }
}

/// A walk error as one line that names the path first: `path: reason`. The `ignore`
/// crate's own wording names the operation instead, which reads worse on a terminal.
fn describe(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { path, err } => format!("{}: {}", path.display(), describe(err)),
        ignore::Error::WithDepth { err, .. } => describe(err),
        ignore::Error::WithLineNumber { line, err } => format!("line {line}: {}", describe(err)),
        ignore::Error::Partial(errs) => errs.iter().map(describe).collect::<Vec<_>>().join("; "),
        // walkdir wraps the OS error in its own words; the OS error alone is clearer.
        ignore::Error::Io(err) => match err.get_ref().and_then(|inner| inner.source()) {
            Some(os_error) => os_error.to_string(),
            None => err.to_string(),
        },
        ignore::Error::Loop { ancestor, child } => format!(
            "{}: file system loop found: {} points to an ancestor {}",
            child.display(),
            child.display(),
            ancestor.display()
        ),
        other => other.to_string(),
    }
}

/// `./a/b` as `a/b`.
fn strip_current_dir(path: &Path) -> PathBuf {
    let bytes = path.as_os_str().as_bytes();
    let stripped = bytes.strip_prefix(b"./").unwrap_or(bytes);
    PathBuf::from(OsStr::from_bytes(stripped))
}

/// Whether standard input should be searched when no path is named: it is a file, a FIFO
/// or a socket. A terminal, or a character device such as `/dev/null`, is not.
pub fn stdin_is_searchable() -> bool {
    // SAFETY: fstat writes only into the zeroed struct we pass, and fd 0 needs no ownership.
    let mut stat: libc::stat = unsafe { std::mem::zeroed() };
    if unsafe { libc::fstat(0, &mut stat) } != 0 {
        return false;
    }
    matches!(
        stat.st_mode & libc::S_IFMT,
        libc::S_IFREG | libc::S_IFIFO | libc::S_IFSOCK
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_only_a_leading_current_dir() {
        assert_eq!(strip_current_dir(Path::new("./a/b")), PathBuf::from("a/b"));
        assert_eq!(
            strip_current_dir(Path::new("a/./b")),
            PathBuf::from("a/./b")
        );
    }
}
