//! Listing one directory: read it once, build its rules from the names it holds, filter
//! its entries, sort them by file name.
//!
//! Invariants:
//! - The directory is read once, and nothing in it is opened or stat'ed unless an option
//!   needs it: an ignore file or `.git` only if the listing names it; a symbolic link only
//!   with `-L`; a file's size only with `--max-filesize`; a directory's device only with
//!   `--one-file-system`; an entry with the inode of stdout's file only with
//!   `skip_stdout`.
//! - The checks run in the `ignore` crate's order, so the same errors come out: following
//!   a link (and the loop check) and the device check come before the rules, the stdout
//!   and size checks after them.
//! - A directory at the depth limit is never listed, and never appears as an entry.

use std::fs::{FileType, Metadata};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirEntryExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::rules::{Candidate, Found, Node, RootPath};
use super::{Ancestor, Dir, Entry, Haystack, Listing, Walker, describe_all, strip_current_dir};

/// One name read from a directory, before any filter.
struct Raw {
    /// The file name.
    name: std::ffi::OsString,
    /// Its type, as the listing tells it (not following links).
    kind: FileType,
    /// Its inode, as the listing tells it.
    ino: u64,
}

/// Lists `dir` for `walker`: see [`Walker::list`].
pub(super) fn list(walker: &Walker, dir: &Dir) -> Listing {
    let mut listing = Listing::default();
    if walker.options.max_depth.is_some_and(|max| dir.depth >= max) {
        return listing;
    }
    let reader = match std::fs::read_dir(&dir.path) {
        Ok(reader) => reader,
        Err(err) => {
            listing
                .entries
                .push(Entry::Error(format!("{}: {err}", dir.path.display())));
            return listing;
        }
    };
    let mut raws = vec![];
    let mut found = Found::default();
    for entry in reader {
        let raw = entry.and_then(|entry| {
            Ok(Raw {
                kind: entry.file_type()?,
                ino: entry.ino(),
                name: entry.file_name(),
            })
        });
        match raw {
            Ok(raw) => {
                found.note(raw.name.as_bytes());
                raws.push(raw);
            }
            // An entry that cannot be read sorts first, as in the `ignore` crate's walk.
            Err(err) => listing
                .entries
                .push(Entry::Error(format!("{}: {err}", dir.path.display()))),
        }
    }
    raws.sort_unstable_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));

    let mut errors = vec![];
    let chain = Node::child(
        &dir.rules,
        &dir.path,
        found,
        &walker.rules.options,
        &mut errors,
    );
    if let Some(warning) = describe_all(errors)
        && !walker.options.no_ignore_messages
    {
        listing.warnings.push(warning);
    }
    let root = RootPath {
        walked: &dir.root.walked,
        absolute: dir.root.absolute.as_deref(),
    };
    let depth = dir.depth + 1;
    let child_dirs_listed = walker.options.max_depth.is_none_or(|max| depth < max);
    listing.entries.reserve(raws.len());
    for raw in raws {
        let path = dir.path.join(&raw.name);
        let kept = match keep(walker, dir, &chain, &root, &raw, &path) {
            Ok(Some(kept)) => kept,
            Ok(None) => continue,
            Err(message) => {
                listing.entries.push(Entry::Error(message));
                continue;
            }
        };
        let entry = match kept {
            Kept::File => Entry::File(Haystack::File {
                path: if dir.root.strip_dot {
                    strip_current_dir(&path)
                } else {
                    path
                },
                explicit: false,
                dir: None,
            }),
            Kept::Dir(_) if !child_dirs_listed => continue,
            Kept::Dir(id) => {
                let ancestors = match (walker.options.follow_links, id) {
                    (true, Some(id)) => Some(Arc::new(Ancestor {
                        path: path.clone(),
                        id,
                        parent: dir.ancestors.clone(),
                    })),
                    _ => dir.ancestors.clone(),
                };
                Entry::Dir(Dir {
                    path,
                    depth,
                    rules: chain.clone(),
                    root: dir.root.clone(),
                    ancestors,
                })
            }
        };
        listing.entries.push(entry);
    }
    listing
}

/// What an entry that passes the filters is.
enum Kept {
    /// A regular file, to search.
    File,
    /// A directory, to list; with its device and inode under `-L`, when known.
    Dir(Option<(u64, u64)>),
}

/// Whether the entry `raw` of `dir`, at `path`, passes the filters, and as what; an error
/// names the path.
fn keep(
    walker: &Walker,
    dir: &Dir,
    chain: &super::rules::Chain,
    root: &RootPath<'_>,
    raw: &Raw,
    path: &Path,
) -> Result<Option<Kept>, String> {
    let options = &walker.options;
    let mut kind = raw.kind;
    let mut meta: Option<Metadata> = None;
    if options.follow_links && kind.is_symlink() {
        let target = std::fs::metadata(path).map_err(|err| format!("{}: {err}", path.display()))?;
        kind = target.file_type();
        if kind.is_dir() {
            check_loop(dir, path, &target)?;
        }
        meta = Some(target);
    }
    let is_dir = kind.is_dir();
    if is_dir && let Some(device) = dir.root.device {
        let here = match &meta {
            Some(meta) => meta.dev(),
            None => std::fs::metadata(path)
                .map_err(|err| format!("{}: {err}", path.display()))?
                .dev(),
        };
        if here != device {
            log::debug!("ignoring {}: on another file system", path.display());
            return Ok(None);
        }
    }
    let candidate = Candidate {
        path,
        is_dir,
        hidden: raw.name.as_bytes().starts_with(b"."),
    };
    let verdict = walker.rules.matched(chain, root, &candidate);
    if verdict.is_ignore() {
        log::debug!("ignoring {}: {:?}", path.display(), verdict);
        return Ok(None);
    }
    if verdict.is_whitelist() {
        log::debug!("whitelisting {}: {:?}", path.display(), verdict);
    }
    if let Some(stdout) = walker.stdout {
        let ino = meta.as_ref().map_or(raw.ino, MetadataExt::ino);
        if ino == stdout.1 {
            let target =
                std::fs::metadata(path).map_err(|err| format!("{}: {err}", path.display()))?;
            if (target.dev(), target.ino()) == stdout {
                log::debug!("ignoring {}: it is where stdout goes", path.display());
                return Ok(None);
            }
        }
    }
    if is_dir {
        let id = if options.follow_links {
            match &meta {
                Some(meta) => Some((meta.dev(), meta.ino())),
                None => std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino())),
            }
        } else {
            None
        };
        return Ok(Some(Kept::Dir(id)));
    }
    if !kind.is_file() {
        return Ok(None);
    }
    if let Some(max) = options.max_filesize {
        let size = match &meta {
            Some(meta) => Some(meta.len()),
            None => std::fs::symlink_metadata(path).ok().map(|m| m.len()),
        };
        if let Some(size) = size
            && size > max
        {
            log::debug!("ignoring {}: {size} bytes", path.display());
            return Ok(None);
        }
    }
    Ok(Some(Kept::File))
}

/// Fails if the directory `target` that the link `path` leads to is `dir` or one of its
/// ancestors: walking it would never end.
fn check_loop(dir: &Dir, path: &Path, target: &Metadata) -> Result<(), String> {
    let id = (target.dev(), target.ino());
    let ancestors = std::iter::successors(dir.ancestors.as_deref(), |a| a.parent.as_deref());
    for ancestor in ancestors {
        if ancestor.id == id {
            return Err(loop_message(path, &ancestor.path));
        }
    }
    Ok(())
}

/// The error for a symbolic link loop, in the words `describe` gives it.
fn loop_message(child: &Path, ancestor: &Path) -> String {
    super::describe(&ignore::Error::Loop {
        ancestor: PathBuf::from(ancestor),
        child: PathBuf::from(child),
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::rules::PROBES;
    use super::super::{Entry, Root, WalkOptions, Walker};

    fn walker(root: &Path, options: WalkOptions) -> Walker {
        Walker::new(vec![Root::Path(root.to_path_buf())], options).unwrap()
    }

    /// The files of a walk of `root`, in order, and whether any error came up.
    fn files(walker: &Walker) -> (Vec<String>, bool) {
        let mut files = vec![];
        let mut errors = false;
        walker.run(|haystack| {
            match haystack {
                super::Haystack::File { path, .. } => files.push(path.display().to_string()),
                _ => errors = true,
            }
            true
        });
        (files, errors)
    }

    /// A temp dir for a tree of many entries: in memory where the machine has /dev/shm,
    /// since creating 200,000 files on a loaded disk takes minutes.
    fn big_tempdir() -> tempfile::TempDir {
        let shm = Path::new("/dev/shm");
        if shm.is_dir()
            && let Ok(dir) = tempfile::tempdir_in(shm)
        {
            return dir;
        }
        tempfile::tempdir().unwrap()
    }

    fn probes() -> usize {
        PROBES.with(|probes| probes.get())
    }

    #[test]
    fn a_listing_without_ignore_files_opens_none() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("sub/deeper")).unwrap();
        for name in ["a.txt", "b", ".hidden", "sub/c", "sub/deeper/d"] {
            std::fs::write(root.join(name), "x").unwrap();
        }
        let walker = walker(root, WalkOptions::default());
        // The root's parents are probed (they are not listed); the tree itself is not.
        let Some(Entry::Dir(dir)) = walker.roots().pop() else {
            panic!("the root is a directory");
        };
        let before = probes();
        let listing = walker.list(&dir);
        assert_eq!(probes(), before, "listing the root probed for rules");
        let names: Vec<String> = listing
            .entries
            .iter()
            .map(|entry| match entry {
                Entry::File(haystack) => haystack.name(),
                Entry::Dir(dir) => dir.path().display().to_string(),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        let under = |name: &str| root.join(name).display().to_string();
        assert_eq!(names, vec![under("a.txt"), under("b"), under("sub")]);
        let Some(Entry::Dir(sub)) = listing.entries.into_iter().last() else {
            panic!("sub is a directory");
        };
        walker.list(&sub);
        assert_eq!(probes(), before, "listing a subdirectory probed for rules");

        // With one .gitignore and one .git, exactly those are looked at.
        std::fs::write(root.join("sub/.gitignore"), "c\n").unwrap();
        std::fs::create_dir(root.join("sub/.git")).unwrap();
        let listing = walker.list(&sub);
        // .gitignore, .git, and .git/info/exclude.
        assert_eq!(probes(), before + 3);
        assert!(listing.entries.iter().all(|e| matches!(e, Entry::Dir(_))));
    }

    #[test]
    fn two_hundred_thousand_files_in_one_directory() {
        let tmp = big_tempdir();
        let root = tmp.path();
        for i in 0..200_000 {
            std::fs::File::create(root.join(format!("f{i:06}"))).unwrap();
        }
        let (files, errors) = files(&walker(root, WalkOptions::default()));
        assert!(!errors);
        assert_eq!(files.len(), 200_000);
        let expected = |i: usize| root.join(format!("f{i:06}")).display().to_string();
        assert_eq!(files[0], expected(0));
        assert_eq!(files[123_456], expected(123_456));
        assert!(files.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn two_thousand_nested_directories() {
        let tmp = big_tempdir();
        // Relative to the temp dir, so that the deepest path stays under PATH_MAX.
        let mut deepest = tmp.path().to_path_buf();
        for _ in 0..2_000 {
            deepest.push("d");
        }
        std::fs::create_dir_all(&deepest).unwrap();
        std::fs::write(deepest.join("f"), "x").unwrap();
        std::fs::write(tmp.path().join("d/.gitignore"), "nothing\n").unwrap();
        std::fs::create_dir(tmp.path().join(".git")).unwrap();
        let (files, errors) = files(&walker(tmp.path(), WalkOptions::default()));
        assert!(!errors);
        assert_eq!(files, vec![deepest.join("f").display().to_string()]);
    }
}
