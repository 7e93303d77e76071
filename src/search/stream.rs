//! Streaming: a file's output handed on in parts while the file is still being searched.
//!
//! Two kinds of search stream. Standard input under line buffering hands on what it has
//! rendered after each block it scans: stdin may never end (`tail -f log | trawl
//! --line-buffered x`), so its results cannot wait for its end. Every other search may
//! stream too, with a bound ([`Stream::bounded`]): its output is handed on in parts of at
//! least that many bytes, so that a file that prints gigabytes never holds them all in
//! memory; a file that prints less than the bound hands on nothing and its output stays
//! whole, as before (README, "Security": the memory ceiling).
//!
//! Invariants:
//! - A part holds whole lines. The parts of a file, in order, are the output it would have
//!   rendered whole, with one exception: a NUL found late makes the file binary, and the
//!   parts already handed on cannot be taken back (README, "Binary files").
//! - Record ends in a part are offsets into that part. A record whose after-context is still
//!   owed is open: the part says so, and the next part says how many of its first bytes
//!   extend that record. So `--max-results` can cut after the whole record, as it does in a
//!   file rendered whole.
//! - A read of streamed stdin never blocks past a cancelled run for longer than
//!   [`CANCEL_CHECK_MS`]: a run stopped by `--max-results` or a closed stdout ends even if
//!   no more input comes.

use std::fs::File;
use std::io::{self, Read};
use std::os::fd::{AsFd, AsRawFd, FromRawFd, RawFd};
use std::sync::atomic::{AtomicBool, Ordering};

/// How long a read of streamed stdin waits for input before it looks at the cancel flag
/// again. It only bounds how late a stopped run notices that it should end; an idle pipe
/// costs one wake-up per period, which is nothing.
const CANCEL_CHECK_MS: libc::c_int = 100;

/// A part of a file's output, handed on before the file's search ends.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Part {
    /// The bytes to print.
    pub bytes: Vec<u8>,
    /// Where each new result record ends in `bytes` (see [`super::Rendered::records`]).
    pub records: Vec<u64>,
    /// The first `extends` bytes are after-context of the previous part's last record,
    /// which that part left open.
    pub extends: u64,
    /// The last record may be extended by the next part: its after-context is still owed.
    pub open: bool,
}

/// Where a streamed file's parts go.
pub struct Stream<'m> {
    send: Box<dyn FnMut(Part) -> bool + 'm>,
    cancel: &'m AtomicBool,
    /// Output is handed on only once this many bytes of it wait, and at the end of a file
    /// only if something was handed on before; 0 hands on after every block.
    threshold: usize,
    /// Whether the current file may hand on parts at all.
    gate: Gate,
    /// Bytes handed on so far in the current file.
    sent: u64,
    /// The last part handed on left its last record open. While it is, the searcher's
    /// record list starts with a stand-in for that record, whose end grows with its
    /// after-context.
    open: bool,
}

impl<'m> Stream<'m> {
    /// A stream that hands each part to `send`, which returns false when the run is
    /// stopping. `cancel` is the run's cancel flag, which a read waiting for input checks.
    pub fn new(cancel: &'m AtomicBool, send: impl FnMut(Part) -> bool + 'm) -> Stream<'m> {
        Stream::bounded(cancel, 0, send)
    }

    /// A stream that hands on a part only once `threshold` bytes of output wait: a search
    /// whose output stays smaller hands on nothing and keeps its output whole.
    pub fn bounded(
        cancel: &'m AtomicBool,
        threshold: usize,
        send: impl FnMut(Part) -> bool + 'm,
    ) -> Stream<'m> {
        Stream {
            send: Box::new(send),
            cancel,
            threshold,
            gate: Gate::Open,
            sent: 0,
            open: false,
        }
    }

    /// Starts a new file. A bounded stream hands on nothing of it until the searcher
    /// opens the gate ([`Stream::open_gate`], [`Stream::probe`]).
    pub(super) fn start(&mut self) {
        self.sent = 0;
        self.open = false;
        self.gate = if self.threshold == 0 {
            Gate::Open
        } else {
            Gate::Closed
        };
    }

    /// The current file may hand on parts: a NUL found later cannot make it binary.
    pub(super) fn open_gate(&mut self) {
        self.gate = Gate::Open;
    }

    /// The current file may hand on parts if the regular file open as `fd` holds no NUL:
    /// looked at once, when the first part is due. A NUL found later makes a file binary,
    /// which drops or replaces what it printed (README, "Binary files"), and a printed part
    /// cannot be taken back; such a file is rendered whole, as before parts existed.
    pub(super) fn probe(&mut self, fd: RawFd) {
        if self.threshold > 0 {
            self.gate = Gate::Probe(fd);
        }
    }

    /// Whether the current file may hand on parts, looking at its bytes if it was asked to.
    fn gate_open(&mut self) -> bool {
        if let Gate::Probe(fd) = self.gate {
            self.gate = if holds_no_nul(fd) {
                Gate::Open
            } else {
                Gate::Closed
            };
        }
        self.gate == Gate::Open
    }

    /// Bytes handed on so far in the current file.
    pub(super) fn sent(&self) -> u64 {
        self.sent
    }

    /// The output not yet handed on was dropped, so an open record can grow no more.
    pub(super) fn dropped_unsent(&mut self) {
        self.open = false;
    }

    /// Hands on `out[from..]` and the records in it, leaving `out` as it was at `from`, if
    /// at least the threshold's bytes wait there. `open` says whether the last record may
    /// still grow. Returns false when the run is stopping.
    pub(super) fn hand_on(
        &mut self,
        out: &mut Vec<u8>,
        records: &mut Vec<u64>,
        from: usize,
        open: bool,
    ) -> bool {
        if out.len() - from < self.threshold || !self.gate_open() {
            return !self.cancel.load(Ordering::Relaxed);
        }
        self.send_part(out, records, from, open)
    }

    /// The file's search has ended: hands on the rest of its output, whatever its size, if
    /// any part of it was handed on, so that the file's last outcome holds only its stats.
    /// A bounded stream that handed on nothing leaves the output whole in `out`.
    pub(super) fn finish(&mut self, out: &mut Vec<u8>, records: &mut Vec<u64>, from: usize) {
        if self.threshold == 0 || self.sent > 0 || self.open {
            // The run may be stopping; the caller learns that anyway.
            self.send_part(out, records, from, false);
        }
    }

    fn send_part(
        &mut self,
        out: &mut Vec<u8>,
        records: &mut Vec<u64>,
        from: usize,
        open: bool,
    ) -> bool {
        if out.len() == from {
            if !open {
                // Nothing new, and the open record can grow no more: its stand-in goes,
                // or the file's last outcome would carry it as a record of its own.
                records.clear();
                self.open = false;
            }
            return !self.cancel.load(Ordering::Relaxed);
        }
        // The whole buffer is moved, not copied, when the file's output starts it: a part
        // may be one huge line.
        let bytes = if from == 0 {
            std::mem::take(out)
        } else {
            out.split_off(from)
        };
        let mut ends: Vec<u64> = records.drain(..).map(|end| end - from as u64).collect();
        let extends = if self.open && !ends.is_empty() {
            ends.remove(0)
        } else {
            0
        };
        if open {
            // The stand-in: the open record ends where the next part starts, until its
            // after-context is printed.
            records.push(from as u64);
        }
        self.open = open;
        self.sent += bytes.len() as u64;
        (self.send)(Part {
            bytes,
            records: ends,
            extends,
            open,
        })
    }

    /// The run is stopping, so input that ends now was cut short.
    pub(super) fn stopped(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Standard input, read so that a stopping run need not wait for more input.
    pub(super) fn stdin(&self) -> io::Result<CancellableStdin<'m>> {
        // A duplicate of fd 0, read directly: std's buffered stdin could hold bytes that a
        // wait on the descriptor would not see.
        let file = File::from(io::stdin().as_fd().try_clone_to_owned()?);
        Ok(CancellableStdin {
            file,
            cancel: self.cancel,
        })
    }
}

/// Whether a stream may hand on parts of the current file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gate {
    Open,
    Closed,
    /// Open if the regular file open as this descriptor holds no NUL.
    Probe(RawFd),
}

/// Whether the regular file open as `fd` holds no NUL byte up to the size it has now,
/// read with `pread`, which leaves the file's offset to the search that reads it. An error
/// counts as a NUL: the file is then rendered whole.
fn holds_no_nul(fd: RawFd) -> bool {
    use std::os::unix::fs::FileExt;
    // SAFETY: the searcher's reader owns `fd` and keeps it open for the whole search, of
    // which this is a part; ManuallyDrop never closes it.
    let file = std::mem::ManuallyDrop::new(unsafe { File::from_raw_fd(fd) });
    let Ok(len) = file.metadata().map(|m| m.len()) else {
        return false;
    };
    let mut buf = vec![0u8; super::CHUNK];
    let mut at = 0u64;
    while at < len {
        match file.read_at(&mut buf, at) {
            Ok(0) => return true,
            Ok(n) if memchr::memchr(0, &buf[..n]).is_some() => return false,
            Ok(n) => at += n as u64,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
    true
}

/// Where the scanner hands on what it has rendered in the middle of a block: between the
/// output lines of one line's matches, when each has a line of its own (`--vimgrep`,
/// `-o`), since one line with a match at every byte renders a copy of itself per match.
pub trait HandOn {
    /// Hands on what waits, if it is at least the stream's threshold; every record in it is
    /// closed. Returns false when the run is stopping.
    fn within_block(&mut self, out: &mut Vec<u8>, records: &mut Vec<u64>) -> bool;
}

/// A [`Stream`] seen from the scanner: the output of the file starts at `from` in `out`.
pub(super) struct Within<'s, 'm> {
    pub(super) stream: &'s mut Stream<'m>,
    pub(super) from: usize,
}

impl HandOn for Within<'_, '_> {
    fn within_block(&mut self, out: &mut Vec<u8>, records: &mut Vec<u64>) -> bool {
        self.stream.hand_on(out, records, self.from, false)
    }
}

/// Standard input whose reads end, as at end of input, once the run is cancelled.
pub(super) struct CancellableStdin<'a> {
    file: File,
    cancel: &'a AtomicBool,
}

impl CancellableStdin<'_> {
    /// Waits up to [`CANCEL_CHECK_MS`] for input; true when a read would not block.
    fn ready(&self) -> io::Result<bool> {
        let mut poll = libc::pollfd {
            fd: self.file.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: `poll` is one valid pollfd, alive for the whole call.
        match unsafe { libc::poll(&mut poll, 1, CANCEL_CHECK_MS) } {
            -1 => {
                let err = io::Error::last_os_error();
                match err.kind() {
                    io::ErrorKind::Interrupted => Ok(false),
                    _ => Err(err),
                }
            }
            0 => Ok(false),
            // Input, end of input, or an error: the read says which.
            _ => Ok(true),
        }
    }
}

impl Read for CancellableStdin<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.cancel.load(Ordering::Relaxed) {
                // The run is stopping; what was read so far is all that will be searched.
                return Ok(0);
            }
            if self.ready()? {
                return self.file.read(buf);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands on `out` the way a search of `-A 1` would: a match line that owes
    /// after-context, then its after-context and a new match, then nothing new; then a
    /// match that owes after-context the file ends without.
    #[test]
    fn an_open_record_is_extended_by_the_next_part() {
        let cancel = AtomicBool::new(false);
        let mut parts = Vec::new();
        let mut stream = Stream::new(&cancel, |part| {
            parts.push(part);
            true
        });
        stream.start();
        let (mut out, mut records) = (b"m1\n".to_vec(), vec![3]);
        assert!(stream.hand_on(&mut out, &mut records, 0, true));
        assert_eq!((out.len(), records.clone()), (0, vec![0]));
        // The scanner extends the stand-in as it prints the after-context, then adds a record.
        out.extend_from_slice(b"c1\nm2\n");
        records[0] = 3;
        records.push(6);
        assert!(stream.hand_on(&mut out, &mut records, 0, false));
        assert!(stream.hand_on(&mut out, &mut records, 0, false));
        assert_eq!(stream.sent(), 9);
        // Open again, then closed with nothing new: no stand-in is left behind.
        out.extend_from_slice(b"m3\n");
        records.push(3);
        assert!(stream.hand_on(&mut out, &mut records, 0, true));
        assert!(stream.hand_on(&mut out, &mut records, 0, false));
        assert_eq!((out.len(), records.len()), (0, 0));
        drop(stream);
        assert_eq!(
            parts,
            vec![
                Part {
                    bytes: b"m1\n".to_vec(),
                    records: vec![3],
                    extends: 0,
                    open: true
                },
                Part {
                    bytes: b"c1\nm2\n".to_vec(),
                    records: vec![6],
                    extends: 3,
                    open: false
                },
                Part {
                    bytes: b"m3\n".to_vec(),
                    records: vec![3],
                    extends: 0,
                    open: true
                },
            ]
        );
    }

    /// A run that stops while one line's matches are handed on one by one (`--vimgrep`, a
    /// line with more than one match, after a line that waits unsent): the part that was
    /// sent stays sent, and the search ends there, with nothing rendered twice. A stale start offset into the output that
    /// the part emptied panicked here (the `--max-results` race in tests/integration).
    #[test]
    fn a_run_stopped_by_the_part_that_emptied_the_output_ends_cleanly() {
        use crate::matcher::MatcherBuilder;
        use crate::printer::{Printer, PrinterConfig};
        use crate::search::{Rendered, SearchOptions, Searcher};

        let matcher = MatcherBuilder::new()
            .build(&["a"])
            .expect("a literal builds");
        let printer = Printer::new(PrinterConfig::vimgrep());
        let options = SearchOptions::default();
        let cancel = AtomicBool::new(false);
        let mut parts = Vec::new();
        let mut searcher = Searcher::new(&matcher, &printer, &options);
        searcher.stream(Some(Stream::new(&cancel, |part| {
            parts.push(part.bytes);
            // The collector has printed enough: the run stops.
            cancel.store(true, Ordering::Relaxed);
            false
        })));
        let mut out = Rendered::default();
        searcher
            .search_bytes(b"b a\na a a\na\n", b"f", &mut out)
            .expect("searching memory cannot fail");
        drop(searcher);
        assert_eq!(parts, vec![b"f:1:3:b a\nf:2:1:a a a\n".to_vec()]);
        assert!(
            out.bytes.is_empty(),
            "{:?}",
            String::from_utf8_lossy(&out.bytes)
        );
    }
}
