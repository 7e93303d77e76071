//! The window: how far the pool may run ahead of the printed prefix.
//!
//! Results that finish out of order wait until every earlier one has been printed. Without
//! a bound, one slow file at the front of the order would let the rest of the tree pile up
//! behind it. The pool asks the window before it starts a job ([`super::pool`]), so a slow
//! reader of stdout slows the workers, and memory stays bounded on any tree. Three things
//! are bounded, each with its own limit: files started and not yet printed, rendered bytes
//! waiting to be printed, and directory entries listed that the cursor has not reached.
//!
//! The job the cursor waits for is admitted whatever the window says, so the printed
//! prefix can always move: the pool checks that before it asks the window.
//!
//! The counters are plain fields: they live inside the pool's one mutex.

/// Most files that may be started beyond the printed prefix. A waiting result costs about a
/// hundred bytes when it printed nothing, the usual case; 4096 of them is well under a
/// megabyte, and is enough that the workers never wait on the window while the files at the
/// front of the order are of ordinary size.
pub const MAX_FILES_AHEAD: u64 = 4096;

/// Most rendered bytes that may wait unprinted before no more files start. Files already
/// started may still finish and add to this; that overshoot is bounded by the files in
/// flight, one batch per worker.
pub const MAX_BYTES_WAITING: usize = 8 << 20;

/// Most directory entries that may be listed beyond the cursor. An entry costs its path and
/// its node, about 150 bytes, so this holds the listings ahead to a few megabytes on any
/// tree. It is large enough that listing keeps far ahead of searching: the Linux tree's
/// directories hold 16 entries on average (`trawl --stats PM_RESUME` there: 78,255 files
/// found in 5,095 directories), so it covers about a thousand directories ahead.
pub const MAX_ENTRIES_AHEAD: usize = 16 * 1024;

/// Most rendered bytes that may be forwarded to the collector and not yet received by it,
/// before the worker of a streaming file at the front of the order waits: the collector
/// writes them to stdout, and a slow reader of stdout so slows that file's search.
pub const MAX_BYTES_FORWARDED: u64 = 4 * super::PART_BYTES as u64;

/// Files per batch of work. A batch is one lock of the pool and one message for the
/// collector; 16 is small enough that the last batch of a tree leaves no worker idle for
/// long. In process mode a round trip joins several of them (see `BATCH_FILES` in
/// `processes/mod.rs`).
pub const MAX_FILES_PER_BATCH: usize = 16;

/// What the pool has started and the collector has printed.
#[derive(Clone, Copy, Debug, Default)]
pub struct Window {
    /// Files started whose outcome has not been forwarded to the collector.
    pub files_ahead: u64,
    /// Outcomes forwarded to the collector.
    pub forwarded: u64,
    /// Outcomes the collector has printed.
    pub printed: u64,
    /// Rendered bytes waiting in the tree for the cursor.
    pub tree_bytes: usize,
    /// Rendered bytes waiting in the collector.
    pub collector_bytes: usize,
    /// Rendered bytes forwarded to the collector, in all.
    pub forwarded_bytes: u64,
    /// Rendered bytes the collector has received, in all.
    pub received_bytes: u64,
    /// Entries listed that the cursor has not passed.
    pub entries_ahead: usize,
}

impl Window {
    /// Whether another file may start.
    pub fn admits_file(&self) -> bool {
        let unprinted = self.files_ahead + self.forwarded.saturating_sub(self.printed);
        unprinted < MAX_FILES_AHEAD && self.tree_bytes + self.collector_bytes <= MAX_BYTES_WAITING
    }

    /// Whether another directory may be listed.
    pub fn admits_listing(&self) -> bool {
        self.entries_ahead < MAX_ENTRIES_AHEAD
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_admitted_until_the_unprinted_ones_fill_the_window() {
        let mut window = Window::default();
        assert!(window.admits_file());
        window.files_ahead = MAX_FILES_AHEAD - 10;
        window.forwarded = 20;
        window.printed = 10;
        assert!(!window.admits_file());
        window.printed = 11;
        assert!(window.admits_file());
    }

    #[test]
    fn waiting_bytes_in_the_tree_and_the_collector_both_count() {
        let mut window = Window {
            tree_bytes: MAX_BYTES_WAITING / 2,
            collector_bytes: MAX_BYTES_WAITING / 2,
            ..Window::default()
        };
        assert!(window.admits_file());
        window.collector_bytes += 1;
        assert!(!window.admits_file());
    }

    #[test]
    fn listings_are_admitted_until_the_entries_ahead_fill_the_window() {
        let mut window = Window {
            entries_ahead: MAX_ENTRIES_AHEAD - 1,
            ..Window::default()
        };
        assert!(window.admits_listing());
        window.entries_ahead += 1;
        assert!(!window.admits_listing());
    }
}
