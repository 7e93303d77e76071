//! Roots: the `--files-from` lists expanded into roots, and each root turned into the first
//! entry of its walk.
//!
//! Invariants:
//! - A root that is not a directory is searched whatever it is (a FIFO, a device), without
//!   the cost of setting up ignore rules; below a root, only regular files are.
//! - A directory root starts with the rules of its parent directories (`/` down to its
//!   parent), probed once per root, since parents are not listed. They decide whether the
//!   root is inside a repository even when `--no-ignore-parent` leaves their rules out,
//!   as the `ignore` crate does.

use std::ffi::OsStr;
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;

use super::rules::{self, Node};
use super::{Dir, Entry, Haystack, Root, RootInfo, Walker, describe_all};

/// `roots` with each `--files-from` list replaced by the roots it names.
pub(super) fn expand(roots: Vec<Root>) -> anyhow::Result<Vec<Root>> {
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
    Ok(expanded)
}

/// The first entries of the walk: one per root, an error before a directory root whose
/// parents' ignore files have problems.
pub(super) fn entries(walker: &Walker) -> Vec<Entry> {
    let mut entries = Vec::with_capacity(walker.roots.len());
    for root in &walker.roots {
        match root {
            Root::Stdin => entries.push(Entry::Stdin),
            Root::Path(path) => root_entries(walker, path, false, &mut entries),
            Root::CurrentDir => root_entries(walker, Path::new("./"), true, &mut entries),
            // Expanded by `expand`.
            Root::List { .. } => {}
        }
    }
    entries
}

/// The entries that start the walk of `root`.
fn root_entries(walker: &Walker, root: &Path, strip_dot: bool, entries: &mut Vec<Entry>) {
    let meta = match std::fs::metadata(root) {
        Ok(meta) if !meta.is_dir() => {
            entries.push(Entry::File(Haystack::File {
                path: root.to_path_buf(),
                explicit: true,
                dir: None,
            }));
            return;
        }
        Err(err) => {
            entries.push(Entry::Error(format!("{}: {err}", root.display())));
            return;
        }
        Ok(meta) => meta,
    };
    let options = &walker.rules.options;
    let mut chain = None;
    let mut absolute = None;
    // The ignore crate only looks above a root when some rule there could apply.
    let looks_above =
        options.parents || options.git_ignore || options.git_exclude || options.git_global;
    if looks_above && let Ok(canonical) = root.canonicalize() {
        let mut errors = vec![];
        chain = Node::parents(&canonical, options, &mut errors);
        if let Some(message) = describe_all(errors) {
            entries.push(Entry::Error(message));
        }
        if options.parents && rules::parents_have_rules(&chain) {
            absolute = Some(canonical);
        }
    }
    let ancestors = walker.options.follow_links.then(|| {
        Arc::new(super::Ancestor {
            path: root.to_path_buf(),
            id: (meta.dev(), meta.ino()),
            parent: None,
        })
    });
    entries.push(Entry::Dir(Dir {
        path: root.to_path_buf(),
        depth: 0,
        rules: chain,
        root: Arc::new(RootInfo {
            walked: root.to_path_buf(),
            absolute,
            device: walker.options.one_file_system.then(|| meta.dev()),
            strip_dot,
        }),
        ancestors,
    }));
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
