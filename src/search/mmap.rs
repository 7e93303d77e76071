//! Memory maps that survive the file shrinking under them.
//!
//! Reading a mapped page past the end of a file that was truncated after it was mapped
//! raises SIGBUS, which kills the process: every other file's results would be lost.
//! trawl keeps the mapped speed and handles the signal instead (README, "Security"):
//! - Each live map is registered in a fixed table of address ranges.
//! - A SIGBUS whose address lies in a registered range is answered by mapping zero pages
//!   over the rest of that range (`MAP_FIXED`), and marking the map as changed. The
//!   faulting read then sees zeros and the search finishes; the caller asks
//!   [`GuardedMap::changed`] afterwards, drops the file's output and reports it.
//! - A SIGBUS anywhere else goes to the handler that was there before (Rust's own, for
//!   stack guard pages), or to the default action, which kills the process as before.
//! - Bytes that turn to zeros under a running search can trip the regex engine's own
//!   consistency checks (a reverse search that finds no match the forward one found), a
//!   panic. The caller catches it and reports the changed file instead; while a changed
//!   map lives, the panic hook stays quiet, so the user sees one line, not a backtrace.
//!
//! Invariants:
//! - The handler touches only atomics and calls `mmap`, a plain system call on Linux.
//! - A slot is published (its length stored last) before the map is read, and withdrawn
//!   before the map is unmapped; a slot whose length is 0 matches no address.

use std::fs::File;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Once, OnceLock};

use memmap2::Mmap;

/// Maps alive at once, at most: one per chunked search, and a process runs at most one
/// per worker. A map that finds no free slot is refused, and the file is read instead.
const SLOTS: usize = 64;

struct Slot {
    taken: AtomicBool,
    start: AtomicUsize,
    len: AtomicUsize,
    changed: AtomicBool,
}

#[allow(clippy::declare_interior_mutable_const)]
const FREE: Slot = Slot {
    taken: AtomicBool::new(false),
    start: AtomicUsize::new(0),
    len: AtomicUsize::new(0),
    changed: AtomicBool::new(false),
};

static TABLE: [Slot; SLOTS] = [FREE; SLOTS];

/// Live maps whose file changed under them: while any is, panics are expected and quiet.
static CHANGED_LIVE: AtomicUsize = AtomicUsize::new(0);

/// The SIGBUS action that was installed before ours.
static PREVIOUS: OnceLock<libc::sigaction> = OnceLock::new();

/// A read-only map of a whole file, registered with the SIGBUS handler while it lives.
pub struct GuardedMap {
    map: Mmap,
    slot: Option<usize>,
}

impl GuardedMap {
    /// The file's bytes. Bytes of a part that the file lost while mapped read as zeros.
    pub fn bytes(&self) -> &[u8] {
        &self.map
    }

    /// Whether the file shrank under the map, so that some of [`GuardedMap::bytes`] were
    /// zeros instead of the file's.
    pub fn changed(&self) -> bool {
        self.slot
            .is_some_and(|slot| TABLE[slot].changed.load(Ordering::SeqCst))
    }
}

impl Drop for GuardedMap {
    fn drop(&mut self) {
        if let Some(slot) = self.slot {
            let slot = &TABLE[slot];
            slot.len.store(0, Ordering::SeqCst);
            slot.start.store(0, Ordering::SeqCst);
            if slot.changed.swap(false, Ordering::SeqCst) {
                CHANGED_LIVE.fetch_sub(1, Ordering::SeqCst);
            }
            slot.taken.store(false, Ordering::SeqCst);
        }
        // The Mmap unmaps the whole range, the zero pages laid over it included.
    }
}

/// Maps `file` into memory, guarded against truncation. Fails, and the caller reads the
/// file instead, if it cannot be mapped or every slot is taken.
///
/// # Safety
///
/// A map of a file is only sound while nobody changes the file, which a search tool cannot
/// promise. What it can lose is handled: a file that shrinks makes the bytes past its new
/// end read as zeros, where they would raise SIGBUS, and [`GuardedMap::changed`] tells.
/// A file rewritten in place, without shrinking, shows whatever bytes it holds as it is
/// read: the search then sees a mix of old and new contents, as ripgrep would, and that
/// mix is only ever read, never trusted for memory safety (lengths come from the map).
pub unsafe fn map(file: &File) -> io::Result<GuardedMap> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(install);
    let slot = (0..SLOTS)
        .find(|&i| {
            TABLE[i]
                .taken
                .compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
        })
        .ok_or_else(|| io::Error::other("too many files mapped at once"))?;
    // SAFETY: the caller accepts what the doc above says; SIGBUS on this map is handled.
    let map = match unsafe { Mmap::map(file) } {
        Ok(map) => map,
        Err(err) => {
            TABLE[slot].taken.store(false, Ordering::SeqCst);
            return Err(err);
        }
    };
    let entry = &TABLE[slot];
    entry.changed.store(false, Ordering::SeqCst);
    entry.start.store(map.as_ptr() as usize, Ordering::SeqCst);
    entry.len.store(map.len(), Ordering::SeqCst);
    Ok(GuardedMap {
        map,
        slot: Some(slot),
    })
}

/// Installs the SIGBUS handler once per process, keeping the previous one to pass on
/// the faults that are not ours, and the panic hook that keeps quiet about panics caused
/// by a changed map.
fn install() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if CHANGED_LIVE.load(Ordering::SeqCst) == 0 {
            previous(info);
        }
    }));
    // SAFETY: sigaction with zeroed structs filled in is the documented use. PREVIOUS is
    // set here, before the handler that reads it is installed.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_sigbus as *const () as libc::sighandler_t;
        action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
        libc::sigemptyset(&mut action.sa_mask);
        if libc::sigaction(libc::SIGBUS, std::ptr::null(), &mut old) != 0 {
            return;
        }
        let _ = PREVIOUS.set(old);
        libc::sigaction(libc::SIGBUS, &action, std::ptr::null_mut());
    }
}

extern "C" fn on_sigbus(
    signal: libc::c_int,
    info: *mut libc::siginfo_t,
    context: *mut libc::c_void,
) {
    // SAFETY: the kernel passes a valid siginfo for an SA_SIGINFO handler.
    let addr = unsafe { (*info).si_addr() } as usize;
    for slot in &TABLE {
        let len = slot.len.load(Ordering::SeqCst);
        let start = slot.start.load(Ordering::SeqCst);
        if len == 0 || addr < start || addr >= start + len {
            continue;
        }
        // SAFETY: sysconf is async-signal-safe in practice (it reads a value the kernel
        // gave at exec).
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as usize;
        let from = addr & !(page - 1);
        let end = start + len;
        // SAFETY: [from, end) lies inside a live map of ours (the slot is withdrawn before
        // the map goes away); replacing its pages with zero pages changes what a read of
        // them returns, nothing else. The map stays read-only.
        let zeroed = unsafe {
            libc::mmap(
                from as *mut libc::c_void,
                end - from,
                libc::PROT_READ,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
                -1,
                0,
            )
        };
        if zeroed != libc::MAP_FAILED {
            if !slot.changed.swap(true, Ordering::SeqCst) {
                CHANGED_LIVE.fetch_add(1, Ordering::SeqCst);
            }
            // The faulting read runs again, and sees zeros.
            return;
        }
    }
    // Not ours: as if this handler were not there.
    // SAFETY: calling the previous handler with the arguments the kernel gave us is what
    // it expects; its address came from sigaction.
    unsafe {
        match PREVIOUS.get() {
            Some(old) if old.sa_sigaction != libc::SIG_DFL && old.sa_sigaction != libc::SIG_IGN => {
                if old.sa_flags & libc::SA_SIGINFO != 0 {
                    let handler: extern "C" fn(
                        libc::c_int,
                        *mut libc::siginfo_t,
                        *mut libc::c_void,
                    ) = std::mem::transmute(old.sa_sigaction);
                    handler(signal, info, context);
                } else {
                    let handler: extern "C" fn(libc::c_int) = std::mem::transmute(old.sa_sigaction);
                    handler(signal);
                }
            }
            _ => {
                // The default action: the fault happens again on return, and kills.
                libc::signal(libc::SIGBUS, libc::SIG_DFL);
            }
        }
    }
}
