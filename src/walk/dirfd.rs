//! A directory held open while a batch of its files is searched, so that each file is
//! opened relative to it (`openat`) rather than by its whole path.
//!
//! Opening `./drivers/net/ethernet/intel/e1000/e1000_main.c` by path makes the kernel look
//! up each of its seven components again; opening `e1000_main.c` in its directory looks up
//! one. A batch is a run of consecutive siblings (docs/ARCHITECTURE.md, "The pipeline"), so
//! the worker that takes it opens their directory once, in either transport: a worker
//! thread, or a worker process, which is given paths.
//!
//! Invariants:
//! - A directory is held only while its batch is searched: one descriptor per worker at
//!   most. When it cannot be opened (`EMFILE` among the reasons), its files are opened by
//!   path, exactly as before, so holding it never costs a file that could otherwise have
//!   been searched.
//! - The path stays the name that is printed and the one that preprocessors are given; the
//!   descriptor only changes how the file is opened.

use std::ffi::{CString, OsStr};
use std::fmt;
use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::sync::Arc;

use super::Haystack;

/// A directory held open for its files.
pub struct DirFd {
    fd: OwnedFd,
}

impl DirFd {
    /// Opens the directory at `path` to hold, or None if it cannot be opened; its files
    /// are then opened by path.
    pub fn open(path: &Path) -> Option<Arc<DirFd>> {
        open_dir(path).map(|fd| Arc::new(DirFd { fd }))
    }

    /// Opens the file `name` in this directory for reading, as `File::open` would open
    /// it by path.
    pub fn open_file(&self, name: &OsStr) -> io::Result<File> {
        let name = CString::new(name.as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "file name holds a NUL"))?;
        // SAFETY: openat reads the NUL-terminated name and returns a new descriptor or -1.
        let fd = unsafe {
            libc::openat(
                self.fd.as_raw_fd(),
                name.as_ptr(),
                libc::O_RDONLY | libc::O_CLOEXEC,
            )
        };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: fd was just opened, and nothing else owns it.
        Ok(unsafe { File::from_raw_fd(fd) })
    }
}

/// Opens `path` as a directory, for `openat`.
fn open_dir(path: &Path) -> Option<OwnedFd> {
    let path = CString::new(path.as_os_str().as_bytes()).ok()?;
    // SAFETY: open reads the NUL-terminated path and returns a new descriptor or -1.
    let fd = unsafe {
        libc::open(
            path.as_ptr(),
            libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC,
        )
    };
    // SAFETY: fd was just opened, and nothing else owns it.
    (fd >= 0).then(|| unsafe { OwnedFd::from_raw_fd(fd) })
}

impl fmt::Debug for DirFd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DirFd({})", self.fd.as_raw_fd())
    }
}

/// Two haystacks are the same file whichever way it is opened.
impl PartialEq for DirFd {
    fn eq(&self, _: &DirFd) -> bool {
        true
    }
}

impl Eq for DirFd {}

/// Gives each run of two or more walked files of a batch that share a directory that
/// directory, held open: holding it costs one open of the directory, and each file opened
/// in it saves a lookup of its whole path. A batch of process mode joins several runs of
/// the pool, each from its own directory.
pub fn hold_shared<'h>(haystacks: impl IntoIterator<Item = &'h mut Haystack>) {
    let mut files: Vec<(&Path, &mut Option<Arc<DirFd>>)> = haystacks
        .into_iter()
        .filter_map(|haystack| match haystack {
            // A file the user named may be `dir/../f`, which only its path opens as
            // they meant it; a walked file is always its directory joined with a name.
            Haystack::File {
                path,
                dir,
                explicit: false,
            } => Some((path.parent()?, dir)),
            _ => None,
        })
        .collect();
    let mut rest = files.as_mut_slice();
    while let Some(&(parent, _)) = rest.first() {
        let same = rest.iter().take_while(|(p, _)| *p == parent).count();
        let (run, after) = rest.split_at_mut(same);
        rest = after;
        if run.len() < 2 {
            continue;
        }
        // `a.txt` has the parent ``, which is the current directory.
        let open_at = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        let Some(held) = DirFd::open(open_at) else {
            continue;
        };
        for (_, dir) in run {
            **dir = Some(held.clone());
        }
    }
}

/// Opens a haystack's file: in its held directory if it has one, else by path.
pub fn open(path: &Path, dir: Option<&DirFd>) -> io::Result<File> {
    match (dir, path.file_name()) {
        (Some(dir), Some(name)) => dir.open_file(name),
        _ => File::open(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_opened_in_its_directory_reads_as_by_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "hello\n").unwrap();
        let held = DirFd::open(dir.path()).expect("a temporary directory opens");
        let mut text = String::new();
        io::Read::read_to_string(
            &mut open(&dir.path().join("a.txt"), Some(&held)).unwrap(),
            &mut text,
        )
        .unwrap();
        assert_eq!(text, "hello\n");
        let missing = open(&dir.path().join("b.txt"), Some(&held)).unwrap_err();
        assert_eq!(missing.kind(), io::ErrorKind::NotFound);
    }

    fn walked(path: &Path) -> Haystack {
        Haystack::File {
            path: path.to_path_buf(),
            explicit: false,
            dir: None,
        }
    }

    fn is_held(haystack: &Haystack) -> bool {
        matches!(haystack, Haystack::File { dir: Some(_), .. })
    }

    #[test]
    fn siblings_share_their_directory_and_named_files_keep_their_paths() {
        let dir = tempfile::tempdir().unwrap();
        let other = tempfile::tempdir().unwrap();
        let mut batch = [
            walked(&dir.path().join("a")),
            walked(&dir.path().join("b")),
            walked(&other.path().join("c")),
            Haystack::File {
                path: dir.path().join("x/../d"),
                explicit: true,
                dir: None,
            },
            Haystack::Stdin,
        ];
        hold_shared(batch.iter_mut());
        let held: Vec<bool> = batch.iter().map(is_held).collect();
        assert_eq!(held, [true, true, false, false, false]);

        let mut alone = [walked(&dir.path().join("a"))];
        hold_shared(alone.iter_mut());
        assert!(!is_held(&alone[0]), "one file saves nothing");
        let mut relative = [walked(Path::new("a")), walked(Path::new("b"))];
        hold_shared(relative.iter_mut());
        assert!(
            relative.iter().all(is_held),
            "the current directory is held as `.`"
        );
    }

    #[test]
    fn each_run_of_siblings_holds_its_own_directory() {
        // A batch of process mode joins runs of several listings.
        let dir = tempfile::tempdir().unwrap();
        let other = tempfile::tempdir().unwrap();
        let mut batch = [
            walked(&dir.path().join("a")),
            walked(&dir.path().join("b")),
            walked(&other.path().join("c")),
            walked(&other.path().join("d")),
            walked(&dir.path().join("e")),
        ];
        hold_shared(batch.iter_mut());
        let held: Vec<bool> = batch.iter().map(is_held).collect();
        assert_eq!(held, [true, true, true, true, false]);
        let Haystack::File { dir: Some(c), .. } = &batch[2] else {
            unreachable!()
        };
        let mut text = String::new();
        std::fs::write(other.path().join("c"), "in other\n").unwrap();
        io::Read::read_to_string(
            &mut open(&other.path().join("c"), Some(c)).unwrap(),
            &mut text,
        )
        .unwrap();
        assert_eq!(text, "in other\n", "the second run holds its own directory");
    }

    #[test]
    fn a_directory_that_cannot_be_opened_is_not_held() {
        assert!(DirFd::open(Path::new("/no/such/trawl/dir")).is_none());
        let file = tempfile::NamedTempFile::new().unwrap();
        assert!(
            DirFd::open(file.path()).is_none(),
            "a file is not a directory"
        );
    }
}
