//! The collector: the only writer of stdout. It prints each file's output whole and in
//! sequence order, streaming the ready prefix at once.
//!
//! State machine: `next` is the sequence number of the next file to print. A result for
//! `next` is printed at once, followed by every consecutive result already waiting. A
//! result from further ahead waits in `waiting`, a ring indexed by `seq - next`; the
//! [`Window`] keeps that ring within [`super::window::MAX_FILES_AHEAD`] slots. Before the
//! collector blocks for the next result it flushes stdout, so a reader of a pipe sees every
//! finished result without waiting for the next one.

use std::collections::VecDeque;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crossbeam_channel::{Receiver, TryRecvError};

use super::Outcome;
use super::window::Window;

/// What the run found, for the exit code.
#[derive(Clone, Copy, Debug, Default)]
pub struct Summary {
    /// Some file matched.
    pub matched: bool,
    /// Errors reported on stderr.
    pub errors: u64,
    /// stdout was closed by its reader; the run stopped quietly.
    pub broken_pipe: bool,
}

/// Prints results in order until every sender is gone or stdout fails.
pub struct Collector<'a, W: Write> {
    out: W,
    /// Flush after every file, so a terminal sees lines as they come.
    line_buffered: bool,
    window: &'a Window,
    cancel: &'a AtomicBool,
    next: u64,
    waiting: VecDeque<Option<Outcome>>,
    bytes_waiting: usize,
    summary: Summary,
}

impl<'a, W: Write> Collector<'a, W> {
    /// A collector that writes to `out`.
    pub fn new(
        out: W,
        line_buffered: bool,
        window: &'a Window,
        cancel: &'a AtomicBool,
    ) -> Collector<'a, W> {
        Collector {
            out,
            line_buffered,
            window,
            cancel,
            next: 0,
            waiting: VecDeque::new(),
            bytes_waiting: 0,
            summary: Summary::default(),
        }
    }

    /// Receives and prints until the channel closes or the run is cancelled.
    pub fn run(mut self, results: Receiver<Outcome>) -> Summary {
        loop {
            let outcome = match results.try_recv() {
                Ok(outcome) => outcome,
                Err(TryRecvError::Empty) => {
                    if let Err(err) = self.out.flush() {
                        self.fail(err);
                        break;
                    }
                    match results.recv() {
                        Ok(outcome) => outcome,
                        Err(_) => break,
                    }
                }
                Err(TryRecvError::Disconnected) => break,
            };
            if let Err(err) = self.accept(outcome) {
                self.fail(err);
                break;
            }
        }
        if !self.summary.broken_pipe
            && let Err(err) = self.out.flush()
        {
            self.fail(err);
        }
        self.window.close();
        self.summary
    }

    fn accept(&mut self, outcome: Outcome) -> io::Result<()> {
        let slot = (outcome.seq - self.next) as usize;
        if slot >= self.waiting.len() {
            self.waiting.resize_with(slot + 1, || None);
        }
        self.bytes_waiting += outcome.output.len();
        self.waiting[slot] = Some(outcome);
        while let Some(Some(_)) = self.waiting.front() {
            let Some(Some(ready)) = self.waiting.pop_front() else {
                unreachable!("the front slot was just seen to be full")
            };
            self.bytes_waiting -= ready.output.len();
            self.next += 1;
            self.print(ready)?;
        }
        self.window.advance(self.next, self.bytes_waiting);
        Ok(())
    }

    fn print(&mut self, outcome: Outcome) -> io::Result<()> {
        self.summary.matched |= outcome.stats.matched();
        if !outcome.errors.is_empty() {
            // Keep stdout and stderr in order for a reader that sees both.
            self.out.flush()?;
            for error in &outcome.errors {
                eprintln!("trawl: {error}");
            }
            self.summary.errors += outcome.errors.len() as u64;
        }
        self.out.write_all(&outcome.output)?;
        if self.line_buffered && !outcome.output.is_empty() {
            self.out.flush()?;
        }
        Ok(())
    }

    /// Handles a failed write to stdout: a closed pipe stops the run quietly, anything else
    /// is reported.
    fn fail(&mut self, err: io::Error) {
        self.cancel.store(true, Ordering::Relaxed);
        self.window.close();
        if err.kind() == io::ErrorKind::BrokenPipe {
            self.summary.broken_pipe = true;
        } else {
            eprintln!("trawl: stdout: {err}");
            self.summary.errors += 1;
        }
    }
}
