//! The ignore rules of a walk: one node of rules per directory, chained to its parent's,
//! and the rules every directory shares (globs, types, `--ignore-file`, git's global file).
//!
//! Invariants:
//! - A node is built from the names a directory's listing holds: an ignore file is opened
//!   only if the listing names it, and `.git` is looked at only if it is there. Only the
//!   parents of a root, which are not listed, are probed.
//! - A node never changes once built, and holds an `Arc` of its parent's node, so the
//!   directories below it can be listed on any thread at once.
//! - The verdict for a path is ripgrep's (the `ignore` crate's): the `-g` globs first, a
//!   match there decides; then the ignore files, `.rgignore` over `.ignore` over
//!   `.gitignore` over git's exclude over git's global file over `--ignore-file`, each
//!   kind decided by its deepest matching file; then the file types; then hidden names,
//!   which only apply when nothing else matched, so a whitelist beats hidden.
//! - `.gitignore` and exclude files count only inside a repository (unless
//!   `--no-require-git`), and only up to the nearest repository root above the path.

use std::fs::{File, FileType};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ignore::gitignore::{self, Gitignore, GitignoreBuilder};
use ignore::overrides::{self, Override};
use ignore::types::{self, Types};
use ignore::{Error, Match};

/// Which kinds of ignore rules apply, set from the walk options once.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RuleOptions {
    /// Skip hidden names.
    pub hidden: bool,
    /// Read `.ignore` files.
    pub dot_ignore: bool,
    /// Read `.rgignore` files.
    pub rg_ignore: bool,
    /// Apply the ignore files of a root's parent directories.
    pub parents: bool,
    /// Apply git's global ignore file.
    pub git_global: bool,
    /// Read `.gitignore` files.
    pub git_ignore: bool,
    /// Read `.git/info/exclude` files.
    pub git_exclude: bool,
    /// Apply git's rules only inside a repository.
    pub require_git: bool,
    /// Match the globs of ignore files case-insensitively.
    pub case_insensitive: bool,
}

impl RuleOptions {
    /// Whether any ignore file can apply at all.
    fn any_ignore_files(&self, explicit: bool) -> bool {
        self.dot_ignore
            || self.rg_ignore
            || self.git_global
            || self.git_ignore
            || self.git_exclude
            || explicit
    }

    /// Whether a directory's `.git` decides anything: a repository boundary.
    fn checks_repository(&self) -> bool {
        self.require_git && (self.git_ignore || self.git_exclude)
    }
}

/// The rules that every directory of a walk shares.
pub(crate) struct SharedRules {
    /// The `-g`/`--iglob` globs.
    pub overrides: Option<Override>,
    /// The file types.
    pub types: Option<Types>,
    /// The `--ignore-file` files, lowest precedence first.
    pub explicit: Vec<Gitignore>,
    /// Git's global ignore file (core.excludesFile, or $XDG_CONFIG_HOME/git/ignore).
    pub global: Gitignore,
    /// Which kinds of rules apply.
    pub options: RuleOptions,
}

/// The ignore-file names a directory's listing holds.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Found {
    /// `.rgignore`.
    pub rg_ignore: bool,
    /// `.ignore`.
    pub dot_ignore: bool,
    /// `.gitignore`.
    pub git_ignore: bool,
    /// `.git`, a directory or a linked worktree's file.
    pub git: bool,
    /// `.jj`, a Jujutsu repository, which counts as a repository boundary too.
    pub jj: bool,
}

impl Found {
    /// Notes `name` if it is one of the names that rules come from.
    pub fn note(&mut self, name: &[u8]) {
        match name {
            b".rgignore" => self.rg_ignore = true,
            b".ignore" => self.dot_ignore = true,
            b".gitignore" => self.git_ignore = true,
            b".git" => self.git = true,
            b".jj" => self.jj = true,
            _ => {}
        }
    }

    /// Every name, for a directory that cannot be listed (a parent of a root): each one
    /// is probed.
    fn all() -> Found {
        Found {
            rg_ignore: true,
            dot_ignore: true,
            git_ignore: true,
            git: true,
            jj: true,
        }
    }
}

/// The rules of one directory, and a link to its parent's.
#[derive(Debug)]
pub(crate) struct Node {
    /// `.rgignore`.
    rg_ignore: Gitignore,
    /// `.ignore`.
    dot_ignore: Gitignore,
    /// `.gitignore`.
    git_ignore: Gitignore,
    /// `.git/info/exclude`.
    git_exclude: Gitignore,
    /// Whether this directory is the root of a repository.
    has_git: bool,
    /// Whether this or any directory above it is the root of a repository.
    any_git: bool,
    /// Whether this is a parent of the walk's root rather than a walked directory: its
    /// rules match absolute paths.
    absolute: bool,
    /// The directory above, if it has rules.
    parent: Option<Arc<Node>>,
}

/// The rule chain of a directory: its nearest node with rules, if any.
pub(crate) type Chain = Option<Arc<Node>>;

impl Node {
    /// The node of directory `dir` (as walked: the rules' globs are relative to it), below
    /// `parent`, from the names `found` in its listing. Problems with its ignore files are
    /// added to `errors`. Returns the chain of `dir`: `parent` again when the directory
    /// adds no rules and is no repository root, so empty directories cost nothing.
    pub fn child(
        parent: &Chain,
        dir: &Path,
        found: Found,
        options: &RuleOptions,
        errors: &mut Vec<Error>,
    ) -> Chain {
        let node = Node::build(parent, dir, found, options, false, errors);
        if node.is_empty() && !node.has_git {
            return parent.clone();
        }
        Some(Arc::new(node))
    }

    /// The chain of the parents of a root, from `/` down to the root's parent. Each is
    /// probed for ignore files, as they are not listed.
    pub fn parents(canonical_root: &Path, options: &RuleOptions, errors: &mut Vec<Error>) -> Chain {
        let mut chain: Chain = None;
        let mut parents: Vec<&Path> = canonical_root.ancestors().skip(1).collect();
        parents.reverse();
        for parent in parents {
            let mut node = Node::build(&chain, parent, Found::all(), options, true, errors);
            // A parent is a repository boundary only through its .gitignore rules.
            node.has_git &= options.git_ignore;
            node.any_git = node.has_git || chain.as_ref().is_some_and(|p| p.any_git);
            chain = Some(Arc::new(node));
        }
        chain
    }

    /// Whether this node has rules of its own.
    fn is_empty(&self) -> bool {
        self.rg_ignore.is_empty()
            && self.dot_ignore.is_empty()
            && self.git_ignore.is_empty()
            && self.git_exclude.is_empty()
    }

    /// Builds the node of `dir`, reading the ignore files that `found` names.
    fn build(
        parent: &Chain,
        dir: &Path,
        found: Found,
        options: &RuleOptions,
        absolute: bool,
        errors: &mut Vec<Error>,
    ) -> Node {
        let checks_repository = options.checks_repository();
        let git_type = if (checks_repository || options.git_exclude) && found.git {
            count_probe();
            dir.join(".git")
                .metadata()
                .ok()
                .map(|meta| meta.file_type())
        } else {
            None
        };
        let has_jj = checks_repository && found.jj && {
            count_probe();
            dir.join(".jj").exists()
        };
        let has_git = checks_repository && (git_type.is_some() || has_jj);
        let ci = options.case_insensitive;
        let read = |wanted: bool, name: &str, errors: &mut Vec<Error>| {
            if wanted {
                rules_file(dir, &dir.join(name), ci, errors)
            } else {
                Gitignore::empty()
            }
        };
        let rg_ignore = read(options.rg_ignore && found.rg_ignore, ".rgignore", errors);
        let dot_ignore = read(options.dot_ignore && found.dot_ignore, ".ignore", errors);
        let git_ignore = read(options.git_ignore && found.git_ignore, ".gitignore", errors);
        let git_exclude = if options.git_exclude && found.git {
            match git_common_dir(dir, git_type) {
                Ok(git_dir) => rules_file(dir, &git_dir.join("info/exclude"), ci, errors),
                Err(err) => {
                    errors.extend(err);
                    Gitignore::empty()
                }
            }
        } else {
            Gitignore::empty()
        };
        Node {
            rg_ignore,
            dot_ignore,
            git_ignore,
            git_exclude,
            has_git,
            any_git: has_git || parent.as_ref().is_some_and(|p| p.any_git),
            absolute,
            parent: parent.clone(),
        }
    }

    /// This node and those above it, nearest first.
    fn up(&self) -> impl Iterator<Item = &Node> {
        std::iter::successors(Some(self), |node| node.parent.as_deref())
    }
}

/// Whether any parent of the root in `chain` has rules: only then are paths made absolute
/// to match them.
pub(crate) fn parents_have_rules(chain: &Chain) -> bool {
    chain
        .as_deref()
        .is_some_and(|node| node.up().any(|node| !node.is_empty()))
}

/// The rules of the ignore file at `path`, for the directory `dir`. A file that cannot be
/// read is left out quietly, as the `ignore` crate does; bad lines are reported in `errors`,
/// and the good ones apply.
fn rules_file(
    dir: &Path,
    path: &Path,
    case_insensitive: bool,
    errors: &mut Vec<Error>,
) -> Gitignore {
    count_probe();
    let mut builder = GitignoreBuilder::new(dir);
    // Only fails for a case-insensitive flag the glob engine cannot honour, never here.
    let _ = builder.case_insensitive(case_insensitive);
    if let Some(err) = builder.add(path)
        && !err.is_io()
    {
        errors.push(err);
    }
    match builder.build() {
        Ok(rules) => rules,
        Err(err) => {
            errors.push(err);
            Gitignore::empty()
        }
    }
}

/// The directory that holds `info/exclude` for the repository rooted at `dir`: its `.git`
/// directory, or for a linked worktree (whose `.git` is a file naming its git directory),
/// the common directory of the repository. `Err(None)` means there is none, quietly.
fn git_common_dir(dir: &Path, git_type: Option<FileType>) -> Result<PathBuf, Option<Error>> {
    let dot_git = dir.join(".git");
    if !git_type.is_some_and(|kind| kind.is_file()) {
        return Ok(dot_git);
    }
    let first_line = |path: &Path| -> Result<Option<String>, std::io::Error> {
        let file = File::open(path)?;
        BufReader::new(file).lines().next().transpose()
    };
    let line = match first_line(&dot_git) {
        Ok(Some(line)) => line,
        Ok(None) => return Err(None),
        Err(err) => return Err(Some(with_path(Error::Io(err), &dot_git))),
    };
    let Some(git_dir) = line.strip_prefix("gitdir: ") else {
        return Err(None);
    };
    let git_dir = PathBuf::from(git_dir);
    let commondir = git_dir.join("commondir");
    let line = match File::open(&commondir) {
        Err(_) => return Err(None),
        Ok(file) => match BufReader::new(file).lines().next() {
            None => return Err(None),
            Some(Err(err)) => return Err(Some(with_path(Error::Io(err), &commondir))),
            Some(Ok(line)) => line,
        },
    };
    Ok(if line.starts_with('.') {
        git_dir.join(line)
    } else {
        PathBuf::from(line)
    })
}

#[cfg(test)]
thread_local! {
    /// How many files this thread has opened or stat'ed to build rules, for the tests
    /// that check a directory without ignore files costs none.
    pub(crate) static PROBES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Counts one look at the file system for rules (in tests only).
fn count_probe() {
    #[cfg(test)]
    PROBES.with(|probes| probes.set(probes.get() + 1));
}

/// `err`, tagged with the path it is about.
fn with_path(err: Error, path: &Path) -> Error {
    Error::WithPath {
        path: path.to_path_buf(),
        err: Box::new(err),
    }
}

/// Why a path was ignored or whitelisted, for `--debug`.
#[derive(Debug)]
#[allow(dead_code)] // Read through Debug only.
pub(crate) enum Reason<'a> {
    /// A `-g` glob.
    Override(overrides::Glob<'a>),
    /// A line of an ignore file.
    Gitignore(&'a gitignore::Glob),
    /// A file type.
    Types(types::Glob<'a>),
    /// A hidden name.
    Hidden,
}

/// Where a path being matched stands in its walk.
pub(crate) struct Candidate<'p> {
    /// The path as walked, below the root.
    pub path: &'p Path,
    /// Whether it is a directory.
    pub is_dir: bool,
    /// Whether its name starts with a dot.
    pub hidden: bool,
}

/// The root a path was found under, for matching it against the rules of the root's
/// parents.
pub(crate) struct RootPath<'r> {
    /// The root, as walked.
    pub walked: &'r Path,
    /// The root made absolute, if that worked and its parents have rules.
    pub absolute: Option<&'r Path>,
}

impl SharedRules {
    /// The verdict for `candidate` in a directory whose chain is `chain`.
    pub fn matched<'a>(
        &'a self,
        chain: &'a Chain,
        root: &RootPath<'_>,
        candidate: &Candidate<'_>,
    ) -> Match<Reason<'a>> {
        let path = strip_dot_slash(candidate.path);
        let is_dir = candidate.is_dir;
        if let Some(overrides) = &self.overrides {
            let verdict = overrides.matched(path, is_dir);
            if !verdict.is_none() {
                return verdict.map(Reason::Override);
            }
        }
        let mut whitelisted = Match::None;
        if self.options.any_ignore_files(!self.explicit.is_empty()) {
            let verdict = self.matched_ignore_files(chain, root, path, is_dir);
            if verdict.is_ignore() {
                return verdict;
            }
            if verdict.is_whitelist() {
                whitelisted = verdict;
            }
        }
        if let Some(types) = &self.types {
            let verdict = types.matched(path, is_dir);
            if verdict.is_ignore() {
                return verdict.map(Reason::Types);
            }
            if verdict.is_whitelist() {
                whitelisted = verdict.map(Reason::Types);
            }
        }
        if whitelisted.is_none() && self.options.hidden && candidate.hidden {
            return Match::Ignore(Reason::Hidden);
        }
        whitelisted
    }

    /// The verdict of the ignore files alone.
    fn matched_ignore_files<'a>(
        &'a self,
        chain: &'a Chain,
        root: &RootPath<'_>,
        path: &Path,
        is_dir: bool,
    ) -> Match<Reason<'a>> {
        let mut kinds = Kinds::new();
        let nodes = || chain.as_deref().into_iter().flat_map(Node::up);
        let any_git = !self.options.require_git || chain.as_ref().is_some_and(|n| n.any_git);
        let mut saw_git = false;
        for node in nodes().take_while(|node| !node.absolute) {
            kinds.fill(node, path, is_dir, any_git && !saw_git);
            saw_git |= node.has_git;
        }
        if self.options.parents
            && let Some(absolute_root) = root.absolute
        {
            let absolute = absolute_root.join(relative_to_root(root.walked, path));
            for node in nodes().skip_while(|node| !node.absolute) {
                kinds.fill(node, &absolute, is_dir, any_git && !saw_git);
                saw_git |= node.has_git;
            }
        }
        let explicit = self
            .explicit
            .iter()
            .rev()
            .map(|rules| rules.matched(path, is_dir))
            .find(|verdict| !verdict.is_none())
            .unwrap_or(Match::None);
        let global = if any_git {
            self.global.matched(path, is_dir)
        } else {
            Match::None
        };
        kinds
            .rg_ignore
            .or(kinds.dot_ignore)
            .or(kinds.git_ignore)
            .or(kinds.git_exclude)
            .or(global)
            .or(explicit)
            .map(Reason::Gitignore)
    }
}

/// The deepest match of each kind of ignore file.
struct Kinds<'a> {
    rg_ignore: Match<&'a gitignore::Glob>,
    dot_ignore: Match<&'a gitignore::Glob>,
    git_ignore: Match<&'a gitignore::Glob>,
    git_exclude: Match<&'a gitignore::Glob>,
}

impl<'a> Kinds<'a> {
    /// No match of any kind yet.
    fn new() -> Kinds<'a> {
        Kinds {
            rg_ignore: Match::None,
            dot_ignore: Match::None,
            git_ignore: Match::None,
            git_exclude: Match::None,
        }
    }

    /// Matches `path` against the files of `node` whose kind has no match yet; git's
    /// files only if `git` (inside the nearest repository).
    fn fill(&mut self, node: &'a Node, path: &Path, is_dir: bool, git: bool) {
        let try_kind = |slot: &mut Match<&'a gitignore::Glob>, rules: &'a Gitignore| {
            if slot.is_none() {
                *slot = rules.matched(path, is_dir);
            }
        };
        try_kind(&mut self.rg_ignore, &node.rg_ignore);
        try_kind(&mut self.dot_ignore, &node.dot_ignore);
        if git {
            try_kind(&mut self.git_ignore, &node.git_ignore);
            try_kind(&mut self.git_exclude, &node.git_exclude);
        }
    }
}

/// `path` without a leading `./`, which the rules' globs never see.
pub(crate) fn strip_dot_slash(path: &Path) -> &Path {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    match bytes.strip_prefix(b"./") {
        Some(rest) => Path::new(std::ffi::OsStr::from_bytes(rest)),
        None => path,
    }
}

/// `path` (below the root `root`, without a leading `./`) relative to the root, to be
/// joined to the absolute root. A root of `.` leaves the path as it is, as the `ignore`
/// crate does, so that a hidden name is never mangled.
fn relative_to_root<'p>(root: &Path, path: &'p Path) -> &'p Path {
    use std::os::unix::ffi::OsStrExt;
    if root == Path::new(".") {
        return path;
    }
    let prefix = strip_dot_slash(root).as_os_str().as_bytes();
    let bytes = path.as_os_str().as_bytes();
    let rest = bytes.strip_prefix(prefix).unwrap_or(bytes);
    let rest = rest.strip_prefix(b"/").unwrap_or(rest);
    Path::new(std::ffi::OsStr::from_bytes(rest))
}
