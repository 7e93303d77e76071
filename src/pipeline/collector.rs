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
use std::time::Instant;

use crossbeam_channel::{Receiver, TryRecvError};

use super::Outcome;
use super::stats::{CollectorStats, Totals};
use super::window::Window;

/// What the run found, for the exit code and for `--stats`.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Some file matched; or, under `--files-without-match`, some file did not. This is
    /// what exit code 0 says, and what ends a `-q` run.
    pub matched: bool,
    /// Errors reported on stderr.
    pub errors: u64,
    /// stdout was closed by its reader; the run stopped quietly.
    pub broken_pipe: bool,
    /// ripgrep's `--stats` totals.
    pub totals: Totals,
    /// The collector's own work.
    pub collector: CollectorStats,
}

/// Prints results in order until every sender is gone or stdout fails.
pub struct Collector<'a, W: Write> {
    out: W,
    /// Flush after every file (`--line-buffered`, or a terminal), so a reader sees each
    /// file's lines as soon as they are printed, not when the buffer fills.
    line_buffered: bool,
    window: &'a Window,
    cancel: &'a AtomicBool,
    next: u64,
    waiting: VecDeque<Option<Outcome>>,
    files_waiting: usize,
    bytes_waiting: usize,
    summary: Summary,
    /// Printed between the outputs of two files that both printed something.
    file_separator: Option<Vec<u8>>,
    printed_any: bool,
    /// `-q`: the first match decides the exit code, so the run stops there.
    stop_at_first_match: bool,
    success_without_match: bool,
    /// `--max-results`: how many result records may still be printed.
    results_left: Option<u64>,
    /// `--sort none`: print results as they come, not in sequence order.
    unordered: bool,
    /// Print each file's errors; without, they only count toward the exit code.
    messages: bool,
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
            files_waiting: 0,
            bytes_waiting: 0,
            summary: Summary::default(),
            file_separator: None,
            printed_any: false,
            stop_at_first_match: false,
            success_without_match: false,
            results_left: None,
            unordered: false,
            messages: true,
        }
    }

    /// Prints results as they finish instead of in walk order (`--sort none`).
    pub fn unordered(&mut self, yes: bool) -> &mut Self {
        self.unordered = yes;
        self
    }

    /// Prints each file's errors on stderr (the default), or only counts them
    /// (`--no-messages`), so that the exit code still says an error happened.
    pub fn messages(&mut self, yes: bool) -> &mut Self {
        self.messages = yes;
        self
    }

    /// Prints only the first `max` result records, in order, then stops the run.
    pub fn max_results(&mut self, max: Option<u64>) -> &mut Self {
        self.results_left = max;
        self
    }

    /// Whether the run is over: `-q` saw a match, or `--max-results` was reached.
    fn finished(&self) -> bool {
        (self.stop_at_first_match && self.summary.matched) || self.results_left == Some(0)
    }

    /// Prints `separator` between the outputs of two files that both printed something:
    /// ripgrep's blank line under `--heading`, or its context separator.
    pub fn file_separator(&mut self, separator: Option<Vec<u8>>) -> &mut Self {
        self.file_separator = separator;
        self
    }

    /// Success is a file without a match, as rg's `--files-without-match` has it: any
    /// searched file with no match counts, a binary file skipped by the walk included.
    pub fn success_without_match(&mut self, yes: bool) -> &mut Self {
        self.success_without_match = yes;
        self
    }

    /// Stops the whole run at the first match (`-q`).
    pub fn stop_at_first_match(&mut self, yes: bool) -> &mut Self {
        self.stop_at_first_match = yes;
        self
    }

    /// Receives and prints until the channel closes or the run is cancelled. Results come
    /// in batches, each in sequence order within itself.
    pub fn run(mut self, results: Receiver<Vec<Outcome>>) -> Summary {
        loop {
            if self.finished() {
                self.cancel.store(true, Ordering::Relaxed);
                break;
            }
            let batch = match results.try_recv() {
                Ok(batch) => batch,
                Err(TryRecvError::Empty) => {
                    if let Err(err) = self.out.flush() {
                        self.fail(err);
                        break;
                    }
                    let waited = Instant::now();
                    let received = results.recv();
                    self.summary.collector.waiting += waited.elapsed();
                    match received {
                        Ok(batch) => batch,
                        Err(_) => break,
                    }
                }
                Err(TryRecvError::Disconnected) => break,
            };
            if let Err(err) = self.accept(batch) {
                self.fail(err);
                break;
            }
        }
        if let Err(err) = self.print_stranded() {
            self.fail(err);
        }
        if !self.summary.broken_pipe
            && let Err(err) = self.out.flush()
        {
            self.fail(err);
        }
        self.window.close();
        self.summary
    }

    /// Every sender is gone, yet results may wait behind a sequence number that never came.
    /// That only happens if a worker died without reporting its file; the results behind
    /// the gap are printed anyway, so nothing that was found is lost.
    fn print_stranded(&mut self) -> io::Result<()> {
        if self.summary.broken_pipe || self.finished() || self.waiting.iter().all(Option::is_none) {
            return Ok(());
        }
        eprintln!("trawl: internal error: some files were never reported by a worker");
        self.summary.errors += 1;
        while let Some(slot) = self.waiting.pop_front() {
            if let Some(outcome) = slot {
                self.print(outcome)?;
            }
        }
        Ok(())
    }

    fn accept(&mut self, batch: Vec<Outcome>) -> io::Result<()> {
        if self.unordered {
            // The window counts printed files, so it still bounds the files in flight.
            for outcome in batch {
                if self.finished() {
                    break;
                }
                self.next += 1;
                self.print(outcome)?;
            }
            self.window.advance(self.next, 0);
            return Ok(());
        }
        for outcome in batch {
            let slot = (outcome.seq - self.next) as usize;
            if slot >= self.waiting.len() {
                self.waiting.resize_with(slot + 1, || None);
            }
            self.bytes_waiting += outcome.output.len();
            self.files_waiting += 1;
            self.waiting[slot] = Some(outcome);
        }
        while let Some(Some(_)) = self.waiting.front()
            && !self.finished()
        {
            let Some(Some(ready)) = self.waiting.pop_front() else {
                unreachable!("the front slot was just seen to be full")
            };
            self.bytes_waiting -= ready.output.len();
            self.files_waiting -= 1;
            self.next += 1;
            self.print(ready)?;
        }
        let stats = &mut self.summary.collector;
        stats.high_water_files = stats.high_water_files.max(self.files_waiting);
        stats.high_water_bytes = stats.high_water_bytes.max(self.bytes_waiting);
        self.window.advance(self.next, self.bytes_waiting);
        Ok(())
    }

    fn print(&mut self, mut outcome: Outcome) -> io::Result<()> {
        if let Some(left) = self.results_left.as_mut() {
            let records = outcome.records.len() as u64;
            if records >= *left {
                // The last result to print is in this file: cut after it and its
                // after-context, and say the file matched only if a result was printed.
                let cut = match *left {
                    0 => 0,
                    n => outcome.records[n as usize - 1] as usize,
                };
                outcome.output.truncate(cut);
                if *left == 0 {
                    outcome.stats.matched_lines = 0;
                }
                *left = 0;
            } else {
                *left -= records;
            }
        }
        let (stats, totals) = (&outcome.stats, &mut self.summary.totals);
        self.summary.matched |= if self.success_without_match {
            !stats.matched() && outcome.errors.is_empty()
        } else {
            stats.matched()
        };
        self.summary.collector.printed += 1;
        self.summary.collector.chunked_files += u64::from(stats.chunks > 0);
        self.summary.collector.chunks += stats.chunks;
        totals.matches += stats.matches;
        totals.matched_lines += stats.matched_lines;
        totals.files_with_matches += u64::from(stats.matched());
        totals.files_searched += u64::from(outcome.errors.is_empty());
        totals.bytes_printed += outcome.output.len() as u64;
        totals.bytes_searched += stats.bytes_searched;
        if !outcome.errors.is_empty() {
            if self.messages {
                // Keep stdout and stderr in order for a reader that sees both.
                self.out.flush()?;
                for error in &outcome.errors {
                    eprintln!("trawl: {error}");
                }
            }
            self.summary.errors += outcome.errors.len() as u64;
        }
        if !outcome.output.is_empty() {
            if self.printed_any
                && let Some(separator) = &self.file_separator
            {
                self.out.write_all(separator)?;
            }
            self.printed_any = true;
        }
        self.out.write_all(&outcome.output)?;
        // Flushing per file is line buffering here: a worker hands over a file's output
        // only once the whole file is searched, so all its lines reach the collector at
        // the same moment. Flushing after each of them could show no line sooner; it would
        // only split one write into many.
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that records what each flush let through.
    #[derive(Default)]
    struct Recorder {
        pending: Vec<u8>,
        flushed: Vec<Vec<u8>>,
    }

    impl Write for Recorder {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.pending.extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            if !self.pending.is_empty() {
                self.flushed.push(std::mem::take(&mut self.pending));
            }
            Ok(())
        }
    }

    /// Collects one batch of two files that finished together, and returns what each
    /// flush wrote.
    fn flushes(line_buffered: bool) -> Vec<Vec<u8>> {
        let (window, cancel) = (Window::new(), AtomicBool::new(false));
        let (tx, rx) = crossbeam_channel::unbounded();
        let file = |seq: u64, text: &str| Outcome {
            seq,
            output: text.as_bytes().to_vec(),
            ..Outcome::default()
        };
        tx.send(vec![file(0, "a:1:1:x\n"), file(1, "b:1:1:x\n")])
            .unwrap();
        drop(tx);
        let mut out = Recorder::default();
        Collector::new(&mut out, line_buffered, &window, &cancel).run(rx);
        assert!(
            out.pending.is_empty(),
            "the collector flushes before it ends"
        );
        out.flushed
    }

    #[test]
    fn line_buffered_flushes_after_each_file_and_block_buffered_at_the_end() {
        assert_eq!(
            flushes(true),
            vec![b"a:1:1:x\n".to_vec(), b"b:1:1:x\n".to_vec()]
        );
        assert_eq!(flushes(false), vec![b"a:1:1:x\nb:1:1:x\n".to_vec()]);
    }
}
