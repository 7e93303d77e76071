//! The walker: turns the roots the user named into haystacks, in the order the output
//! promises (shared DESIGN.md, "Order").
//!
//! Invariants:
//! - Roots are visited in the order given; within a directory, entries are sorted by file
//!   name, depth first. This is the order of `rg --sort path`.
//! - Ignore rules, hidden files, types, globs, depth and size limits apply to walked entries
//!   only. A root that names a file is always searched, whatever the filters say, as in
//!   ripgrep; so is every path of a `--files-from` list, which is a root too.
//! - The filters are configured exactly as ripgrep configures the `ignore` crate, so the
//!   same files are searched, `.rgignore` included.
//! - `--sortr path` and the time-stamp orders are global: every haystack of every root is
//!   collected, then sorted with a stable sort, so equal keys keep path order. (ripgrep
//!   keeps them in directory order, which no test can rely on.)
//! - A walk error is yielded in its place in the order, so it is reported where it happened
//!   and the walk goes on. Under a global order, errors come first.
//! - A bad line in an ignore file, or an `--ignore-file` that cannot be read, is a warning
//!   printed at once, not an error: the good lines apply and the exit code is unchanged,
//!   as in rg.
//!
//! - A directory root with two or more top-level directories is walked by two threads:
//!   the caller's walks the top-level entries before the middle directory and yields as it
//!   goes, while a second one walks the rest into a bounded queue, yielded after the
//!   first part. The order is the same as one walker's; the first part alone reports the
//!   root's errors and warnings. A single walker thread was the limit of searches that
//!   skip most files (`-t c`), and about a fifth of its time was the ignore crate's
//!   probes for ignore files in each directory.
//!
//! What this module yields comes in order, one haystack at a time. The pipeline numbers
//! it and feeds the workers.

use std::cmp::Ordering;
use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::Context;
use ignore::WalkBuilder;
use ignore::overrides::Override;
use ignore::types::Types;

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
    /// Walk a root with two or more top-level directories on two threads. Worth it only
    /// with a second core to run on.
    pub walk_in_two: bool,
}

impl WalkOptions {
    /// Whether the order is only known once every haystack has been found.
    fn sorts_globally(&self) -> bool {
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
}

impl Walker {
    /// A walker over `roots`. Reads the `--files-from` lists among them, and fails if one
    /// cannot be read. A problem with an `--ignore-file` is a warning on stderr, as in rg:
    /// the file, or its bad lines, are left out and the run goes on.
    pub fn new(roots: Vec<Root>, mut options: WalkOptions) -> anyhow::Result<Walker> {
        let quiet = options.no_ignore_messages;
        options.ignore_files.retain(|path| {
            match WalkBuilder::new(".").add_ignore(path) {
                None => true,
                Some(err) => {
                    if !quiet {
                        print_warning(describe(&err));
                    }
                    // A partly bad file still applies its good lines.
                    std::fs::metadata(path).is_ok()
                }
            }
        });
        let mut expanded = Vec::with_capacity(roots.len());
        for root in roots {
            match root {
                Root::List { path, separator } => {
                    let list = read_list(&path).with_context(|| format!("{}", path.display()))?;
                    expanded.extend(parse_list(&list, separator));
                }
                other => expanded.push(other),
            }
        }
        Ok(Walker {
            roots: expanded,
            options,
        })
    }

    /// Yields every haystack in order to `emit`, until `emit` returns false.
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
        for haystack in sort_globally(found, self.options.sort, self.options.sort_reverse) {
            if !emit(haystack) {
                return;
            }
        }
    }

    /// Walks every root in turn, in path order.
    fn walk(&self, emit: &mut impl FnMut(Haystack) -> bool) {
        if self.options.error_if_nothing_found && self.roots == [Root::CurrentDir] {
            let mut found = false;
            self.walk_root(Path::new("./"), true, &mut |haystack| {
                found |= !matches!(haystack, Haystack::Error(_));
                emit(haystack)
            });
            if !found {
                emit(Haystack::Error(
                    "no files were searched: the filters excluded every file here".to_string(),
                ));
            }
            return;
        }
        for root in &self.roots {
            let keep_going = match root {
                Root::Stdin => emit(Haystack::Stdin),
                Root::Path(path) => self.walk_root(path, false, emit),
                Root::CurrentDir => self.walk_root(Path::new("./"), true, emit),
                // Expanded by `new`.
                Root::List { .. } => true,
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
        // A root that is not a directory is searched whatever it is (a FIFO, a device),
        // without the cost of setting up ignore rules; below a root, only regular files are.
        match std::fs::metadata(root) {
            Ok(meta) if !meta.is_dir() => {
                return emit(Haystack::File {
                    path: root.to_path_buf(),
                    explicit: true,
                });
            }
            Err(err) => return emit(Haystack::Error(format!("{}: {err}", root.display()))),
            Ok(_) => {}
        }
        let Some(first_later) = self.split_point(root) else {
            return self.walk_part(root, strip_dot, Part::Whole, emit, &mut print_warning);
        };
        // Two walkers: this thread walks the top-level entries before `first_later` and
        // emits as it goes; a second thread walks the rest meanwhile, into a bounded
        // queue that is emitted once the first part is done. The order is unchanged.
        std::thread::scope(|scope| {
            // The second part's warnings wait in the queue too, so that stderr keeps the
            // walk's order as well.
            let (tx, rx) = crossbeam_channel::bounded::<Result<Haystack, String>>(LATER_QUEUE);
            let later_part = Part::From(first_later.clone());
            let later = scope.spawn(move || {
                self.walk_part(
                    root,
                    strip_dot,
                    later_part,
                    &mut |haystack| tx.send(Ok(haystack)).is_ok(),
                    &mut |warning| {
                        let _ = tx.send(Err(warning));
                    },
                )
            });
            let mut going = self.walk_part(
                root,
                strip_dot,
                Part::Before(first_later),
                emit,
                &mut print_warning,
            );
            if going {
                going = rx.iter().all(|item| match item {
                    Ok(haystack) => emit(haystack),
                    Err(warning) => {
                        print_warning(warning);
                        true
                    }
                });
            }
            drop(rx);
            if let Err(panic) = later.join() {
                std::panic::resume_unwind(panic);
            }
            going
        })
    }

    /// Where to split the walk of `root` between two threads: the name of the first
    /// top-level entry of the second part, or None to walk it on one thread. The second
    /// part starts at the middle one of the top-level directories.
    fn split_point(&self, root: &Path) -> Option<OsString> {
        if !self.options.walk_in_two || self.options.max_depth.is_some_and(|depth| depth < 2) {
            return None;
        }
        let mut dirs: Vec<_> = std::fs::read_dir(root)
            .ok()?
            .filter_map(|entry| {
                let entry = entry.ok()?;
                let name = entry.file_name();
                let is_dir = entry.file_type().ok()?.is_dir();
                (is_dir && !name.as_bytes().starts_with(b".")).then_some(name)
            })
            .collect();
        if dirs.len() < 2 {
            return None;
        }
        dirs.sort_unstable();
        Some(dirs.swap_remove(dirs.len() / 2))
    }

    /// Walks the part `part` of `root`: yields its haystacks to `emit`, and the warnings
    /// about its ignore files to `warn`.
    fn walk_part(
        &self,
        root: &Path,
        strip_dot: bool,
        part: Part,
        emit: &mut impl FnMut(Haystack) -> bool,
        warn: &mut impl FnMut(String),
    ) -> bool {
        let mut builder = self.builder(root);
        // The second part stays quiet about the root until it is among its own entries:
        // the first part reports the root's errors and its ignore files' problems.
        let mut quiet = matches!(part, Part::From(_));
        if !matches!(part, Part::Whole) {
            let owned = part.clone();
            // Keeps the walk out of the other part's directories. The ignore crate does
            // not ask the filter about files under --max-filesize, so they are sorted
            // out below as well.
            builder.filter_entry(move |entry| owned.takes(entry));
        }
        for result in builder.build() {
            if let Ok(entry) = &result
                && !part.takes(entry)
            {
                continue;
            }
            if quiet {
                match &result {
                    Ok(entry) if entry.depth() > 0 => quiet = false,
                    _ => continue,
                }
            }
            let haystack = match result {
                Ok(entry) => {
                    // An ignore file in this directory has bad lines (or could not be
                    // read); the ignore crate applies the rest and attaches the problem to
                    // the directory's entry, and rg warns about it.
                    if let Some(err) = entry.error()
                        && !self.options.no_ignore_messages
                    {
                        warn(describe(err));
                    }
                    if !entry.file_type().is_some_and(|kind| kind.is_file()) {
                        continue;
                    }
                    let path = if strip_dot {
                        strip_current_dir(entry.path())
                    } else {
                        entry.into_path()
                    };
                    Haystack::File {
                        path,
                        explicit: false,
                    }
                }
                Err(err) => Haystack::Error(describe(&err)),
            };
            if !emit(haystack) {
                return false;
            }
        }
        true
    }

    /// The `ignore` walk of one directory root, set up as ripgrep sets it up.
    fn builder(&self, root: &Path) -> WalkBuilder {
        let o = &self.options;
        let mut builder = WalkBuilder::new(root);
        builder
            // Comparing whole paths orders siblings exactly as comparing their names does,
            // and is cheaper: ignore's by-name sort re-parses both paths' last component on
            // every comparison. Global orders sort again later; walking in path order
            // first is what makes their ties deterministic.
            .sort_by_file_path(|a: &Path, b: &Path| a.as_os_str().cmp(b.as_os_str()))
            .hidden(!o.hidden)
            .parents(!o.no_ignore_parent)
            .ignore(!o.no_ignore_dot)
            .git_ignore(!o.no_ignore_vcs)
            .git_global(!o.no_ignore_vcs && !o.no_ignore_global)
            .git_exclude(!o.no_ignore_vcs && !o.no_ignore_exclude)
            .require_git(!o.no_require_git)
            .ignore_case_insensitive(o.ignore_case_insensitive)
            .max_depth(o.max_depth)
            .max_filesize(o.max_filesize)
            .follow_links(o.follow_links)
            .same_file_system(o.one_file_system)
            .skip_stdout(o.skip_stdout);
        if !o.no_ignore_dot {
            builder.add_custom_ignore_filename(".rgignore");
        }
        for path in &o.ignore_files {
            // Already checked, and any problem reported, by `new`.
            let _ = builder.add_ignore(path);
        }
        if let Some(types) = &o.types {
            builder.types(types.clone());
        }
        if let Some(globs) = &o.globs {
            builder.overrides(globs.clone());
        }
        builder
    }
}

/// Haystacks the second part of a split walk may find ahead of the first part's end. A
/// path costs about a hundred bytes, so the queue stays under two megabytes. It holds the
/// whole second part of the Linux tree (12,715 of its 78,255 files, from `kernel` on), so
/// that part is walked by the time the first part has been searched; on a larger tree the
/// second walker waits for room.
const LATER_QUEUE: usize = 16 * 1024;

/// Which top-level entries of a root a walk takes.
#[derive(Clone)]
enum Part {
    /// All of them.
    Whole,
    /// Those named before this name.
    Before(OsString),
    /// This one and those after it.
    From(OsString),
}

impl Part {
    /// Whether this part takes `entry`: every entry below the top level of the root is
    /// in the part of its top-level ancestor, which the walk only enters from that part.
    fn takes(&self, entry: &ignore::DirEntry) -> bool {
        match self {
            _ if entry.depth() != 1 => true,
            Part::Whole => true,
            Part::Before(first) => entry.file_name() < first.as_os_str(),
            Part::From(first) => entry.file_name() >= first.as_os_str(),
        }
    }
}

/// Reads a `--files-from` list: the file at `path`, or stdin for `-`.
fn read_list(path: &Path) -> std::io::Result<Vec<u8>> {
    if path == Path::new("-") {
        let mut list = vec![];
        std::io::stdin().lock().read_to_end(&mut list)?;
        Ok(list)
    } else {
        std::fs::read(path)
    }
}

/// The roots a `--files-from` list names, in its order. Empty entries are skipped; in a
/// line-separated list a CR before the newline is dropped, so that lists written on
/// Windows work. `-` is stdin, as on the command line.
fn parse_list(list: &[u8], separator: u8) -> impl Iterator<Item = Root> + '_ {
    list.split(move |&b| b == separator)
        .filter_map(move |entry| {
            let entry = if separator == b'\n' {
                entry.strip_suffix(b"\r").unwrap_or(entry)
            } else {
                entry
            };
            match entry {
                b"" => None,
                b"-" => Some(Root::Stdin),
                path => Some(Root::Path(PathBuf::from(OsStr::from_bytes(path)))),
            }
        })
}

/// Sorts haystacks for `--sortr path` and the time-stamp orders, as ripgrep does: by whole
/// path, or by the time stamp of the file a path leads to, with files that have none last
/// (first, reversed). The sort is stable. Errors go first, in walk order.
fn sort_globally(found: Vec<Haystack>, key: SortKey, reverse: bool) -> Vec<Haystack> {
    let (errors, haystacks): (Vec<_>, Vec<_>) = found
        .into_iter()
        .partition(|h| matches!(h, Haystack::Error(_)));
    let direction = |ordering: Ordering| {
        if reverse {
            ordering.reverse()
        } else {
            ordering
        }
    };
    let mut sorted = errors;
    if key == SortKey::Path {
        let mut haystacks = haystacks;
        haystacks.sort_by(|a, b| direction(sort_path(a).cmp(sort_path(b))));
        sorted.extend(haystacks);
        return sorted;
    }
    let mut stamped: Vec<(Option<SystemTime>, Haystack)> = haystacks
        .into_iter()
        .map(|h| (time_stamp(&h, key), h))
        .collect();
    stamped.sort_by(|(a, _), (b, _)| {
        direction(match (a, b) {
            (Some(a), Some(b)) => a.cmp(b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
    });
    sorted.extend(stamped.into_iter().map(|(_, h)| h));
    sorted
}

/// The path a haystack sorts by: its printed path.
fn sort_path(haystack: &Haystack) -> &Path {
    match haystack {
        Haystack::File { path, .. } => path,
        Haystack::Stdin | Haystack::Error(_) => Path::new("<stdin>"),
    }
}

/// The time stamp `key` of the file `haystack` names, following symbolic links.
fn time_stamp(haystack: &Haystack, key: SortKey) -> Option<SystemTime> {
    let Haystack::File { path, .. } = haystack else {
        return None;
    };
    let meta = std::fs::metadata(path).ok()?;
    match key {
        SortKey::Modified => meta.modified().ok(),
        SortKey::Accessed => meta.accessed().ok(),
        SortKey::Created => meta.created().ok(),
        SortKey::Path | SortKey::None => None,
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

/// Warns on stderr about an ignore file that could not be read or parsed (`warning` is
/// [`describe`]'s account of the problem). It is not an
/// error: the run goes on with the file's good lines, and the exit code is unchanged, as
/// in rg.
fn print_warning(warning: String) {
    eprintln!("trawl: {warning}");
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

    fn file(path: &str) -> Haystack {
        Haystack::File {
            path: PathBuf::from(path),
            explicit: false,
        }
    }

    #[test]
    fn lists_skip_empty_entries_and_keep_their_order() {
        let roots: Vec<Root> = parse_list(b"b\r\n\na c\n-\nz", b'\n').collect();
        assert_eq!(
            roots,
            vec![
                Root::Path("b".into()),
                Root::Path("a c".into()),
                Root::Stdin,
                Root::Path("z".into())
            ]
        );
        let roots: Vec<Root> = parse_list(b"x\ny\r\0\0z\0", 0).collect();
        assert_eq!(
            roots,
            vec![Root::Path("x\ny\r".into()), Root::Path("z".into())]
        );
    }

    #[test]
    fn reverse_path_order_compares_components_and_puts_errors_first() {
        // By components, a/b sorts before a+ (a < a+), though '+' < '/' byte-wise.
        let found = vec![
            file("a/b"),
            Haystack::Error("e".into()),
            file("a+"),
            file("z"),
        ];
        assert_eq!(
            sort_globally(found, SortKey::Path, true),
            vec![
                Haystack::Error("e".into()),
                file("z"),
                file("a+"),
                file("a/b")
            ]
        );
    }

    #[test]
    fn files_without_a_time_stamp_sort_last_and_first_reversed() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old");
        let new = dir.path().join("new");
        std::fs::write(&old, "").unwrap();
        std::fs::write(&new, "").unwrap();
        let stamp = |path: &Path, secs| {
            let when = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(secs);
            std::fs::File::options()
                .write(true)
                .open(path)
                .unwrap()
                .set_modified(when)
                .unwrap();
        };
        stamp(&old, 1_000);
        stamp(&new, 2_000);
        let name = |p: &Path| p.to_str().unwrap().to_string();
        let found = || vec![file("missing"), file(&name(&new)), file(&name(&old))];
        assert_eq!(
            sort_globally(found(), SortKey::Modified, false),
            vec![file(&name(&old)), file(&name(&new)), file("missing")]
        );
        assert_eq!(
            sort_globally(found(), SortKey::Modified, true),
            vec![file("missing"), file(&name(&new)), file(&name(&old))]
        );
    }
}
