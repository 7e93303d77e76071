//! The walk: turns the roots the user named into haystacks, one directory at a time, in
//! the order the output promises (shared DESIGN.md, "Order").
//!
//! The unit of work is [`Walker::list`]: it lists one directory, builds that directory's
//! ignore rules from the names in the listing, filters the entries and sorts them by file
//! name. A listed directory's subdirectories come back as [`Dir`]s, each holding the rules
//! of its ancestors, so that any thread may list them next. There are no threads here:
//! the pool that runs listings lives in `pipeline/`; [`Walker::run`] is the sequential walk
//! built on the same two calls, [`Walker::roots`] and [`Walker::list`].
//!
//! Invariants:
//! - Roots are visited in the order given; within a directory, entries are sorted by file
//!   name (bytes), depth first. This is the order of `rg --sort path`.
//! - Ignore rules, hidden files, types, globs, depth and size limits apply to walked entries
//!   only. A root that names a file is always searched, whatever the filters say, as in
//!   ripgrep; so is every path of a `--files-from` list, which is a root too.
//! - The filters are exactly those of the `ignore` crate's walker configured as ripgrep
//!   configures it, `.rgignore` included (`rules.rs` says how); the `ignore` crate's
//!   `WalkBuilder` is the oracle of the property test. Only the parents of a root are
//!   probed for ignore files; a walked directory's come from its listing.
//! - A walk error is an [`Entry::Error`] in its place in the order, so it is reported where
//!   it happened and the walk goes on. It names the path first.
//! - A bad line in an ignore file, or one that cannot be read, is a warning of the listing
//!   of its directory, not an error: the good lines apply and the exit code is unchanged,
//!   as in rg.
//! - `--sortr path` and the time-stamp orders are global (`sort.rs`): `run` collects every
//!   haystack, then sorts.
//! - Nothing here panics on any tree: every failure is an entry or a warning.

pub mod dirfd;
mod list;
mod roots;
mod rules;
mod sort;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::overrides::Override;
use ignore::types::Types;

use self::rules::{Chain, RuleOptions, SharedRules};

/// The file type that `-O/--ext` defines and selects. It is left out of `--type-list`.
/// A user's `--type-add` cannot collide with it by accident, as it names no language.
pub const EXT_TYPE: &str = "trawlext";

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
    /// A file that lists more roots (`--files-from`), `-` for stdin. It is read when the
    /// [`Walker`] is made, which only the process that walks does: a worker process must
    /// never consume the list from stdin.
    List {
        /// The list file.
        path: PathBuf,
        /// What ends each entry: `\n`, or NUL for `--files-from0`.
        separator: u8,
    },
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
    /// No order: results print as they finish. The walker still walks in path order;
    /// it is the collector that may print out of it.
    None,
}

/// Which entries a walk yields. The default searches what `rg --sort path` searches.
#[derive(Clone, Debug, Default)]
pub struct WalkOptions {
    /// The output order.
    pub sort: SortKey,
    /// Reverse the order (`--sortr`).
    pub sort_reverse: bool,
    /// Search hidden files and directories.
    pub hidden: bool,
    /// Don't respect `.ignore` and `.rgignore` files.
    pub no_ignore_dot: bool,
    /// Don't respect `.gitignore`, git's exclude and global ignore files.
    pub no_ignore_vcs: bool,
    /// Don't respect ignore files in the parent directories of a root.
    pub no_ignore_parent: bool,
    /// Don't respect git's global ignore file.
    pub no_ignore_global: bool,
    /// Don't respect `.git/info/exclude`.
    pub no_ignore_exclude: bool,
    /// Respect `.gitignore` files outside a git repository too.
    pub no_require_git: bool,
    /// Match the globs of ignore files case-insensitively.
    pub ignore_case_insensitive: bool,
    /// More ignore files (`--ignore-file`), lowest precedence first.
    pub ignore_files: Vec<PathBuf>,
    /// The compiled file types (`-t`, `-T`, `--type-add`, `-O`), if any were given.
    pub types: Option<Types>,
    /// The compiled `-g`/`--iglob` globs, if any were given.
    pub globs: Option<Override>,
    /// Descend at most this many directories below a root.
    pub max_depth: Option<usize>,
    /// Skip walked files larger than this many bytes.
    pub max_filesize: Option<u64>,
    /// Follow symbolic links.
    pub follow_links: bool,
    /// Don't cross file system boundaries below a root.
    pub one_file_system: bool,
    /// Skip the file that stdout writes to, so that `trawl x > out` in the tree does not
    /// search its own output.
    pub skip_stdout: bool,
    /// When the current directory is searched because no path was named, and the walk
    /// finds no file in it, end with an error saying so. That is rg's rule for a search
    /// (exit code 2), though not for `--files`.
    pub error_if_nothing_found: bool,
    /// Don't warn about ignore files that cannot be read or parsed (`--no-ignore-messages`).
    pub no_ignore_messages: bool,
}

impl WalkOptions {
    /// Whether the order is only known once every haystack has been found.
    pub fn sorts_globally(&self) -> bool {
        match self.sort {
            SortKey::Path => self.sort_reverse,
            SortKey::None => false,
            SortKey::Modified | SortKey::Accessed | SortKey::Created => true,
        }
    }
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
        /// Its directory, held open while its batch is searched, to open it in
        /// ([`dirfd`]); None opens it by path.
        dir: Option<std::sync::Arc<dirfd::DirFd>>,
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

/// One item of a walk: what a root or a listing holds, in order.
#[derive(Clone, Debug)]
pub enum Entry {
    /// A file to search: always a [`Haystack::File`].
    File(Haystack),
    /// Standard input.
    Stdin,
    /// A directory to list with [`Walker::list`].
    Dir(Dir),
    /// A walk error, in its place in the order. The message names the path.
    Error(String),
}

/// A directory to list: where it is, and what its listing needs to know of its
/// ancestors. Cheap to clone, and may be listed on any thread.
#[derive(Clone, Debug)]
pub struct Dir {
    /// The path as walked: the root's path joined with the names below it.
    path: PathBuf,
    /// How many directories below its root it is; a root is at depth 0.
    depth: usize,
    /// The ignore rules of its ancestors (not its own: those come from its listing).
    rules: Chain,
    /// The root it was found under.
    root: Arc<RootInfo>,
    /// Its ancestors and itself, for finding symbolic link loops (`-L` only).
    ancestors: Option<Arc<Ancestor>>,
}

impl Dir {
    /// The directory's path, as it is opened (and as errors name it).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many directories below its root it is; a root is at depth 0.
    pub fn depth(&self) -> usize {
        self.depth
    }
}

/// What the directories below a root share about it.
#[derive(Debug)]
struct RootInfo {
    /// The root as walked (`./` for the current directory).
    walked: PathBuf,
    /// The root made absolute, when its parents have ignore rules that apply: paths below
    /// the root are made absolute to match them.
    absolute: Option<PathBuf>,
    /// The root's device, for `--one-file-system`.
    device: Option<u64>,
    /// Whether printed paths lose the leading `./` (the current directory, searched
    /// because no path was named).
    strip_dot: bool,
}

/// A directory on the way from a root down to a directory being listed, identified as a
/// symbolic link loop check needs it.
#[derive(Debug)]
struct Ancestor {
    /// Its path, as walked.
    path: PathBuf,
    /// Its device and inode.
    id: (u64, u64),
    /// The one above it.
    parent: Option<Arc<Ancestor>>,
}

/// What [`Walker::list`] found in one directory.
#[derive(Debug, Default)]
pub struct Listing {
    /// The directory's entries that pass the filters, sorted by file name, errors in
    /// their place.
    pub entries: Vec<Entry>,
    /// Problems with this directory's ignore files, each one line that names the file,
    /// to print once, in walk order. Empty under `--no-ignore-messages`.
    pub warnings: Vec<String>,
}

/// Walks roots in output order.
pub struct Walker {
    /// The roots, `--files-from` lists expanded.
    roots: Vec<Root>,
    options: WalkOptions,
    /// The rules every directory shares.
    rules: SharedRules,
    /// The device and inode of the file stdout writes to, when it is one and
    /// `skip_stdout` is set.
    stdout: Option<(u64, u64)>,
}

impl Walker {
    /// A walker over `roots`. Reads the `--files-from` lists among them, and fails if one
    /// cannot be read. A problem with an `--ignore-file` is a warning on stderr, as in rg:
    /// the file, or its bad lines, are left out and the run goes on.
    pub fn new(roots: Vec<Root>, options: WalkOptions) -> anyhow::Result<Walker> {
        let roots = roots::expand(roots)?;
        let cwd = std::env::current_dir().ok();
        let rule_options = RuleOptions {
            hidden: !options.hidden,
            dot_ignore: !options.no_ignore_dot,
            rg_ignore: !options.no_ignore_dot,
            parents: !options.no_ignore_parent,
            git_global: !options.no_ignore_vcs && !options.no_ignore_global,
            git_ignore: !options.no_ignore_vcs,
            git_exclude: !options.no_ignore_vcs && !options.no_ignore_exclude,
            require_git: !options.no_require_git,
            case_insensitive: options.ignore_case_insensitive,
        };
        let mut explicit = Vec::with_capacity(options.ignore_files.len());
        for path in &options.ignore_files {
            let (rules, warning) = explicit_rules(cwd.as_deref(), path);
            if let Some(warning) = warning
                && !options.no_ignore_messages
            {
                print_warning(warning);
            }
            explicit.extend(rules);
        }
        let global = match &cwd {
            Some(cwd) if rule_options.git_global => {
                let mut builder = GitignoreBuilder::new(cwd);
                let _ = builder.case_insensitive(rule_options.case_insensitive);
                let (rules, err) = builder.build_global();
                if let Some(err) = err {
                    log::debug!("{}", describe(&err));
                }
                rules
            }
            _ => Gitignore::empty(),
        };
        let rules = SharedRules {
            overrides: options.globs.clone(),
            types: options.types.clone(),
            explicit,
            global,
            options: rule_options,
        };
        let stdout = if options.skip_stdout {
            stdout_file()
        } else {
            None
        };
        Ok(Walker {
            roots,
            options,
            rules,
            stdout,
        })
    }

    /// The top-level items, one per root (after `--files-from` expansion), in order: a
    /// file, stdin, a directory to list, or an error for a root that cannot be read. A
    /// directory root whose parents' ignore files have bad lines is preceded by an error
    /// that says so, as rg reports it.
    pub fn roots(&self) -> Vec<Entry> {
        roots::entries(self)
    }

    /// Lists one directory: reads it once, builds its ignore rules from the names in the
    /// listing (opening an ignore file only if the listing has it), filters, and sorts by
    /// file name. Never panics; a directory that cannot be read is an [`Entry::Error`].
    pub fn list(&self, dir: &Dir) -> Listing {
        list::list(self, dir)
    }

    /// The error to report when the walk found no file at all, if the options ask for one:
    /// rg's rule for a search of the current directory, searched because no path was
    /// named (exit code 2), though not for `--files`.
    pub fn nothing_found(&self) -> Option<String> {
        (self.options.error_if_nothing_found && self.roots == [Root::CurrentDir])
            .then(|| "no files were searched: the filters excluded every file here".to_string())
    }

    /// Whether the order is known only once every haystack is found (`--sortr path`, the
    /// time-stamp orders); such a walk is [`Walker::run`], not listing by listing.
    pub fn sorts_globally(&self) -> bool {
        self.options.sorts_globally()
    }

    /// Yields every haystack in order to `emit`, until `emit` returns false. Ignore-file
    /// warnings are printed on stderr as their directory is listed.
    pub fn run(&self, mut emit: impl FnMut(Haystack) -> bool) {
        if !self.options.sorts_globally() {
            self.walk(&mut emit);
            return;
        }
        let mut found = vec![];
        self.walk(&mut |haystack| {
            found.push(haystack);
            true
        });
        for haystack in sort::sort_globally(found, self.options.sort, self.options.sort_reverse) {
            if !emit(haystack) {
                return;
            }
        }
    }

    /// Walks every root in turn, depth first, with a stack of listings rather than
    /// recursion, so that no depth of tree can overflow the stack.
    fn walk(&self, emit: &mut impl FnMut(Haystack) -> bool) {
        let nothing_found = self.nothing_found();
        let mut found = false;
        let mut stack = vec![self.roots().into_iter()];
        while let Some(top) = stack.last_mut() {
            let Some(entry) = top.next() else {
                stack.pop();
                continue;
            };
            let haystack = match entry {
                Entry::File(haystack) => haystack,
                Entry::Stdin => Haystack::Stdin,
                Entry::Error(message) => Haystack::Error(message),
                Entry::Dir(dir) => {
                    let listing = self.list(&dir);
                    listing.warnings.into_iter().for_each(print_warning);
                    stack.push(listing.entries.into_iter());
                    continue;
                }
            };
            found |= !matches!(haystack, Haystack::Error(_));
            if !emit(haystack) {
                return;
            }
        }
        if !found && let Some(message) = nothing_found {
            emit(Haystack::Error(message));
        }
    }
}

/// The rules of an `--ignore-file`, matched relative to the current directory as rg does,
/// and a warning if it could not be read or has bad lines (its good lines still apply).
fn explicit_rules(cwd: Option<&Path>, path: &Path) -> (Option<Gitignore>, Option<String>) {
    let Some(cwd) = cwd else {
        let warning = format!(
            "{}: the current directory is not known, so this ignore file is not used",
            path.display()
        );
        return (None, Some(warning));
    };
    let mut builder = GitignoreBuilder::new(cwd);
    let mut errors = vec![];
    errors.extend(builder.add(path));
    let rules = match builder.build() {
        Ok(rules) => Some(rules),
        Err(err) => {
            errors.push(err);
            None
        }
    };
    (rules, describe_all(errors))
}

/// Several errors about one thing as one line, or None when there are none.
fn describe_all(mut errors: Vec<ignore::Error>) -> Option<String> {
    match errors.len() {
        0 => None,
        1 => errors.pop().map(|err| describe(&err)),
        _ => Some(describe(&ignore::Error::Partial(errors))),
    }
}

/// The device and inode of the file stdout writes to, if it is a regular file.
fn stdout_file() -> Option<(u64, u64)> {
    // SAFETY: fstat writes only into the zeroed struct we pass, and fd 1 needs no ownership.
    let mut stat: libc::stat = unsafe { std::mem::zeroed() };
    if unsafe { libc::fstat(1, &mut stat) } != 0 {
        return None;
    }
    ((stat.st_mode & libc::S_IFMT) == libc::S_IFREG).then_some((stat.st_dev, stat.st_ino))
}

/// A walk error as one line that names the path first: `path: reason`. The `ignore`
/// crate's own wording names the operation instead, which reads worse on a terminal.
pub(crate) fn describe(err: &ignore::Error) -> String {
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

/// Warns on stderr about an ignore file that could not be read or parsed (`warning` is
/// [`describe`]'s account of the problem). It is not an
/// error: the run goes on with the file's good lines, and the exit code is unchanged, as
/// in rg.
pub(crate) fn print_warning(warning: String) {
    crate::printer::escape::eprint_message(&warning);
}

/// `./a/b` as `a/b`.
pub(crate) fn strip_current_dir(path: &Path) -> PathBuf {
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

    #[test]
    fn walkers_and_dirs_can_be_shared_between_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Walker>();
        shared::<Dir>();
        shared::<Entry>();
    }
}
