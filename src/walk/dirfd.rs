//! Directories held open while their files wait to be searched, so that a file is opened
//! relative to its directory (`openat`) rather than by its whole path.
//!
//! Opening `./drivers/net/ethernet/intel/e1000/e1000_main.c` by path makes the kernel look
//! up each of its seven components again; opening `e1000_main.c` in the directory that was
//! just listed looks up one. On the Linux tree the path lookups were about 6% of a
//! search's CPU (`perf record`: `__d_lookup_rcu` and `link_path_walk`).
//!
//! Invariants:
//! - A held directory costs a file descriptor for as long as one of its files waits or is
//!   searched. At most [`budget`] are held at once, a quarter of the soft `RLIMIT_NOFILE`;
//!   past that, or when the open fails for any reason (`EMFILE` among them), the files of a
//!   directory are opened by path, exactly as before. So a held directory never costs a
//!   file that could otherwise have been searched.
//! - The path stays the name that is printed and the one that preprocessors are given; the
//!   descriptor only changes how the file is opened.

use std::ffi::{CString, OsStr};
use std::fmt;
use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// Directories held open right now, in the whole process.
static HELD: AtomicUsize = AtomicUsize::new(0);

/// A directory held open for its files.
pub struct DirFd {
    fd: OwnedFd,
}

/// How many directories may be held open at once: a quarter of the soft limit on open
/// files, so that the workers' own files, pipes and the rest always have room.
pub fn budget() -> usize {
    static BUDGET: OnceLock<usize> = OnceLock::new();
    *BUDGET.get_or_init(|| {
        // SAFETY: getrlimit only writes into the struct it is given.
        let mut limit: libc::rlimit = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
            return 0;
        }
        usize::try_from(limit.rlim_cur / 4)
            .unwrap_or(usize::MAX)
            .min(4096)
    })
}

impl DirFd {
    /// Opens the directory at `path` to hold, or None if the budget is spent or it
    /// cannot be opened; its files are then opened by path.
    pub fn open(path: &Path) -> Option<Arc<DirFd>> {
        let held = HELD.fetch_add(1, Ordering::Relaxed);
        let opened = if held < budget() {
            open_dir(path)
        } else {
            None
        };
        if opened.is_none() {
            HELD.fetch_sub(1, Ordering::Relaxed);
        }
        opened.map(|fd| Arc::new(DirFd { fd }))
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

impl Drop for DirFd {
    fn drop(&mut self) {
        HELD.fetch_sub(1, Ordering::Relaxed);
    }
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
        let held = DirFd::open(dir.path()).expect("the budget has room for one");
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
