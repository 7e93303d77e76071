//! Ctrl-C: SIGINT stops the run as a closed stdout does, through the shared cancellation
//! flag, instead of killing the process in the middle of a write. Every stage then stops
//! between two files, so the output ends on a whole file's results, every color span in
//! it closed; `main` adds a color reset and exits 130.
//!
//! A stage can be stuck where no flag reaches it: a worker opening a FIFO that nobody
//! writes, a `--pre` command that hangs. So the first SIGINT also sets an alarm: if the
//! run has not ended [`GRACE`] later, or at a second SIGINT, the process writes the color
//! reset itself and exits 130 at once.
//!
//! Invariants:
//! - The handlers only store to atomics and call `alarm`, `write` and `_exit`, which are
//!   async-signal-safe.
//! - The handler never touches a flag after its run is over: [`Watch`] withdraws the flag
//!   when dropped, and waits out a handler that may have loaded it just before.
//! - A process that was started with SIGINT ignored (`nohup`, a background job of a
//!   script) keeps ignoring it. Worker processes ignore it too (see
//!   [`super::processes`]): the parent stops them when the run stops.

use std::marker::PhantomData;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicUsize, Ordering};

/// The cancellation flag of the run in progress, or null.
static CANCEL: AtomicPtr<AtomicBool> = AtomicPtr::new(std::ptr::null_mut());
/// Handlers running right now, which may hold the flag [`CANCEL`] pointed to.
static IN_HANDLER: AtomicUsize = AtomicUsize::new(0);
/// SIGINT arrived in this process.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Whether the forced exit writes a color reset first: set when the output has colors.
static RESET_COLORS: AtomicBool = AtomicBool::new(false);

/// How long a stopped run has to end by itself before the process exits anyway, in
/// seconds (the unit of `alarm`).
pub const GRACE: u32 = 2;

/// The exit code of a run stopped by SIGINT: 128 + its number, as a shell reports a
/// process killed by it, so that scripts see the interruption.
pub const EXIT_CODE: u8 = 130;

/// Makes the forced exit write a color reset first (`--color always`, or a terminal).
pub fn reset_colors_on_exit(yes: bool) {
    RESET_COLORS.store(yes, Ordering::SeqCst);
}

/// Whether SIGINT arrived since the handler was installed.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Makes SIGINT set `cancel` until the returned guard is dropped.
pub fn watch(cancel: &AtomicBool) -> Watch<'_> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(install);
    CANCEL.store(std::ptr::from_ref(cancel).cast_mut(), Ordering::SeqCst);
    if interrupted() {
        cancel.store(true, Ordering::SeqCst);
    }
    Watch {
        _cancel: PhantomData,
    }
}

/// Routes SIGINT to a run's cancellation flag while it lives.
pub struct Watch<'a> {
    _cancel: PhantomData<&'a AtomicBool>,
}

impl Drop for Watch<'_> {
    fn drop(&mut self) {
        CANCEL.store(std::ptr::null_mut(), Ordering::SeqCst);
        // A handler that loaded the pointer before the store above may still use it.
        while IN_HANDLER.load(Ordering::SeqCst) > 0 {
            std::hint::spin_loop();
        }
    }
}

extern "C" fn on_sigint(_signal: libc::c_int) {
    IN_HANDLER.fetch_add(1, Ordering::SeqCst);
    if INTERRUPTED.swap(true, Ordering::SeqCst) {
        // The second Ctrl-C: the user is done waiting.
        force_exit();
    }
    // SAFETY: alarm has no memory-safety preconditions and is async-signal-safe.
    unsafe { libc::alarm(GRACE) };
    let cancel = CANCEL.load(Ordering::SeqCst);
    if !cancel.is_null() {
        // SAFETY: a non-null CANCEL points to the flag of a live `Watch`, whose drop
        // waits for IN_HANDLER to fall to zero before the flag can go away.
        unsafe { (*cancel).store(true, Ordering::SeqCst) };
    }
    IN_HANDLER.fetch_sub(1, Ordering::SeqCst);
}

extern "C" fn on_sigalrm(_signal: libc::c_int) {
    force_exit();
}

/// Ends the process now: a color reset if colors are on, then exit 130. Bytes still in
/// the stdout buffer are lost; the terminal is left clean.
fn force_exit() -> ! {
    const RESET: &[u8] = b"\x1b[0m";
    // SAFETY: write and _exit are async-signal-safe; RESET is a static buffer.
    unsafe {
        if RESET_COLORS.load(Ordering::SeqCst) {
            libc::write(1, RESET.as_ptr().cast(), RESET.len());
        }
        libc::_exit(i32::from(EXIT_CODE))
    }
}

/// Installs the handlers, unless SIGINT is ignored.
fn install() {
    // SAFETY: sigaction with a zeroed, then filled, struct is the documented use; the
    // handler is async-signal-safe (atomics only). SA_RESTART keeps reads and writes
    // going across the signal, so no stage sees a spurious EINTR.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(libc::SIGINT, std::ptr::null(), &mut old) != 0
            || old.sa_sigaction == libc::SIG_IGN
        {
            return;
        }
        let handlers: [(libc::c_int, extern "C" fn(libc::c_int)); 2] =
            [(libc::SIGINT, on_sigint), (libc::SIGALRM, on_sigalrm)];
        for (signal, handler) in handlers {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = handler as *const () as libc::sighandler_t;
            action.sa_flags = libc::SA_RESTART;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}
