//! The reorder window: how far the walker may run ahead of the printed prefix.
//!
//! Results that finish out of order wait in the collector until every earlier file has been
//! printed. Without a bound, one slow file at the front of the order would let the rest of
//! the tree pile up behind it. The walker asks the window before it hands out more work,
//! and waits while the window is full; so a slow consumer slows the walker, and memory
//! stays bounded on any tree.

use std::sync::{Condvar, Mutex, MutexGuard};

/// Most files that may be handed out beyond the last printed one. A waiting result costs
/// about a hundred bytes when it printed nothing, the usual case; 4096 of them is well under
/// a megabyte, and is enough that two to eight workers never wait on the window while the
/// files at the front of the order are of ordinary size.
pub const MAX_FILES_AHEAD: u64 = 4096;

/// Most rendered bytes that may wait unprinted before the walker stops handing out work.
/// Work already handed out may still finish and add to this; that overshoot is bounded by
/// the files in flight (the channel's capacity plus one per worker).
pub const MAX_BYTES_WAITING: usize = 8 << 20;

/// Shared between the walker, which waits on it, and the collector, which moves it.
pub struct Window {
    state: Mutex<State>,
    moved: Condvar,
}

struct State {
    printed: u64,
    bytes_waiting: usize,
    closed: bool,
}

impl Default for Window {
    fn default() -> Window {
        Window::new()
    }
}

impl Window {
    /// An empty window: nothing printed, nothing waiting.
    pub fn new() -> Window {
        Window {
            state: Mutex::new(State {
                printed: 0,
                bytes_waiting: 0,
                closed: false,
            }),
            moved: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A poisoned lock means another stage panicked; the counters are still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Blocks until the file with sequence number `seq` may be handed out. Returns false if
    /// the window was closed, which means the run is stopping.
    pub fn admit(&self, seq: u64) -> bool {
        let mut state = self.lock();
        while !state.closed
            && (seq >= state.printed + MAX_FILES_AHEAD || state.bytes_waiting > MAX_BYTES_WAITING)
        {
            state = self.moved.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        !state.closed
    }

    /// Records that every file before `printed` has been printed, and that `bytes_waiting`
    /// rendered bytes wait behind it.
    pub fn advance(&self, printed: u64, bytes_waiting: usize) {
        let mut state = self.lock();
        state.printed = printed;
        state.bytes_waiting = bytes_waiting;
        drop(state);
        self.moved.notify_all();
    }

    /// Wakes and refuses every waiter from now on.
    pub fn close(&self) {
        self.lock().closed = true;
        self.moved.notify_all();
    }
}
