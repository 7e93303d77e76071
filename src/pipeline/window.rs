//! The reorder window: how far the walker may run ahead of the printed prefix.
//!
//! Results that finish out of order wait in the collector until every earlier file has been
//! printed. Without a bound, one slow file at the front of the order would let the rest of
//! the tree pile up behind it. A worker asks the window before it starts a batch, and
//! waits while the window is full; so a slow consumer slows the workers, and through the
//! bounded job channel the walker, and memory stays bounded on any tree. The walker does
//! not wait on the window itself: it may fill the job channel with paths, which cost
//! little, so it keeps walking while the workers wait or are busy with a burst of files.

use std::sync::{Condvar, Mutex, MutexGuard};

/// Most files that may be handed out beyond the last printed one. A waiting result costs
/// about a hundred bytes when it printed nothing, the usual case; 4096 of them is well under
/// a megabyte, and is enough that two to eight workers never wait on the window while the
/// files at the front of the order are of ordinary size.
pub const MAX_FILES_AHEAD: u64 = 4096;

/// Most rendered bytes that may wait unprinted before the workers stop starting batches.
/// Batches already started may still finish and add to this; that overshoot is bounded by
/// the files in flight, one batch per worker.
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

    /// Blocks until a worker may start the batch of files `first..=last`. A batch that
    /// holds the next file to print always may, so the printed prefix can always move.
    /// Returns false if the window was closed, which means the run is stopping.
    pub fn admit(&self, first: u64, last: u64) -> bool {
        let mut state = self.lock();
        while !state.closed
            && first > state.printed
            && (last >= state.printed + MAX_FILES_AHEAD || state.bytes_waiting > MAX_BYTES_WAITING)
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[test]
    fn the_batch_holding_the_next_file_is_admitted_even_when_the_window_is_full() {
        let window = Window::new();
        window.advance(10, MAX_BYTES_WAITING + 1);
        assert!(window.admit(0, 15));
        assert!(window.admit(10, 25));
    }

    #[test]
    fn a_batch_beyond_the_window_waits_until_the_prefix_moves() {
        let window = Window::new();
        let admitted = AtomicBool::new(false);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                assert!(window.admit(MAX_FILES_AHEAD, MAX_FILES_AHEAD + 15));
                admitted.store(true, Ordering::SeqCst);
            });
            std::thread::sleep(std::time::Duration::from_millis(50));
            assert!(!admitted.load(Ordering::SeqCst));
            window.advance(16, 0);
        });
        assert!(admitted.load(Ordering::SeqCst));
    }

    #[test]
    fn too_many_waiting_bytes_hold_back_later_batches_until_closed() {
        let window = Window::new();
        window.advance(0, MAX_BYTES_WAITING + 1);
        std::thread::scope(|scope| {
            let waiter = scope.spawn(|| window.admit(16, 31));
            std::thread::sleep(std::time::Duration::from_millis(50));
            assert!(!waiter.is_finished());
            window.close();
            assert!(!waiter.join().unwrap());
        });
    }
}
