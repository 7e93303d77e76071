//! The global orders: `--sortr path` and the time-stamp sorts, which are only known once
//! every haystack of every root has been found.
//!
//! Invariants: the sort is stable, so equal keys keep path order (ripgrep keeps them in
//! directory order, which no test can rely on); walk errors go first, in walk order.

use std::cmp::Ordering;
use std::path::Path;
use std::time::SystemTime;

use super::{Haystack, SortKey};

/// Sorts haystacks for `--sortr path` and the time-stamp orders, as ripgrep does: by whole
/// path, or by the time stamp of the file a path leads to, with files that have none last
/// (first, reversed). The sort is stable. Errors go first, in walk order.
pub(super) fn sort_globally(found: Vec<Haystack>, key: SortKey, reverse: bool) -> Vec<Haystack> {
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn file(path: &str) -> Haystack {
        Haystack::File {
            path: PathBuf::from(path),
            explicit: false,
            dir: None,
        }
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
