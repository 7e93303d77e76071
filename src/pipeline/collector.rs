//! The collector: the only writer of stdout. It prints each file's output whole and in
//! sequence order, streaming the ready prefix at once.
//!
//! State machine: `next` is the sequence number of the next file to print. A result for
//! `next` is printed at once, followed by every consecutive result already waiting. A
//! result from further ahead waits in `waiting`, a ring indexed by `seq - next`. The pool
//! hands results over in order, so in walk order the ring holds at most what has come and
//! not been printed; under `--sort none` the window keeps it within
//! [`super::window::MAX_FILES_AHEAD`] slots. Before the
//! collector blocks for the next result it flushes stdout, so a reader of a pipe sees every
//! finished result without waiting for the next one.
//!
//! A streamed file (stdin under line buffering) arrives in parts. A part waits in its
//! file's slot like any result, joined to the parts before it. When the file is `next`,
//! what has come of it is printed at once, and `front` remembers how far its printing got;
//! `next` moves on only with the file's last outcome. So no other file's lines ever come
//! between a file's lines, and the order is the same as without streaming.
//!
//! Under `--sort none` files print in the order they arrive: a file's place in the ring is
//! the order in which its first outcome came, and a streamed file holds back the files that
//! come after it, as in walk order.

use std::collections::{HashMap, VecDeque};
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crossbeam_channel::{Receiver, TryRecvError};

use super::Outcome;
use super::stats::{CollectorStats, Totals};
use crate::printer::escape::eprint_message;

/// What the collector tells the stage that feeds it: how far printing has got, so that the
/// window can move, and that the run is over.
pub trait Progress: Sync {
    /// `printed` outcomes are printed, `bytes_waiting` rendered bytes wait behind them, and
    /// `bytes_received` rendered bytes have been received in all.
    fn advance(&self, printed: u64, bytes_waiting: usize, bytes_received: u64);
    /// No more results will be printed: release everything that waits for room.
    fn close(&self);
}

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
    window: &'a dyn Progress,
    cancel: &'a AtomicBool,
    /// stdout failed; nothing more is written, and the failure is reported once.
    failed: bool,
    next: u64,
    waiting: VecDeque<Option<Outcome>>,
    files_waiting: usize,
    bytes_waiting: usize,
    /// Rendered bytes received in all, printed or not.
    bytes_received: u64,
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
    /// The file at `next` while it is printed in parts: set once a part of it is printed.
    front: Option<Front>,
    /// `--sort none`: the place in the print order of each file whose parts are arriving.
    places: HashMap<u64, u64>,
    /// `--sort none`: how many files have begun to arrive.
    arrived: u64,
}

/// How far the printing of a streamed file has got.
#[derive(Debug, Default)]
struct Front {
    /// Some of its output is printed, so the file separator is behind it.
    started: bool,
    /// Some of its result records are printed.
    results: bool,
    /// `--max-results` ran out at its last printed record, which its next part may still
    /// extend with after-context. Until that is settled the run is not finished.
    open_cut: bool,
}

impl<'a, W: Write> Collector<'a, W> {
    /// A collector that writes to `out`.
    pub fn new(
        out: W,
        line_buffered: bool,
        window: &'a dyn Progress,
        cancel: &'a AtomicBool,
    ) -> Collector<'a, W> {
        Collector {
            out,
            line_buffered,
            window,
            cancel,
            failed: false,
            next: 0,
            waiting: VecDeque::new(),
            files_waiting: 0,
            bytes_waiting: 0,
            bytes_received: 0,
            summary: Summary::default(),
            file_separator: None,
            printed_any: false,
            stop_at_first_match: false,
            success_without_match: false,
            results_left: None,
            unordered: false,
            messages: true,
            front: None,
            places: HashMap::new(),
            arrived: 0,
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

    /// Whether the run is over: `-q` saw a match, or `--max-results` was reached and the
    /// last record printed is complete.
    fn finished(&self) -> bool {
        let open_cut = self.front.as_ref().is_some_and(|front| front.open_cut);
        (self.stop_at_first_match && self.summary.matched)
            || (self.results_left == Some(0) && !open_cut)
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
                // A file printed in part still owes its stats. Its search ends at the
                // cancel, and its last outcome follows at once.
                if self.front.is_none() {
                    break;
                }
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
        if !self.failed
            && let Err(err) = self.print_stranded()
        {
            self.fail(err);
        }
        if !self.failed
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
        for outcome in batch {
            let slot = (self.place(&outcome) - self.next) as usize;
            if slot >= self.waiting.len() {
                self.waiting.resize_with(slot + 1, || None);
            }
            self.bytes_waiting += outcome.output.len();
            self.bytes_received += outcome.output.len() as u64;
            match &mut self.waiting[slot] {
                Some(earlier) => earlier.absorb(outcome),
                empty => {
                    self.files_waiting += 1;
                    *empty = Some(outcome);
                }
            }
        }
        self.print_ready()?;
        let stats = &mut self.summary.collector;
        stats.high_water_files = stats.high_water_files.max(self.files_waiting);
        stats.high_water_bytes = stats.high_water_bytes.max(self.bytes_waiting);
        self.window
            .advance(self.next, self.bytes_waiting, self.bytes_received);
        Ok(())
    }

    /// Where `outcome` goes in the print order: its sequence number, or under `--sort none`
    /// the order in which its file began to arrive.
    fn place(&mut self, outcome: &Outcome) -> u64 {
        if !self.unordered {
            return outcome.seq;
        }
        let place = match self.places.get(&outcome.seq) {
            Some(&place) => place,
            None => {
                self.arrived += 1;
                self.arrived - 1
            }
        };
        if outcome.partial {
            self.places.insert(outcome.seq, place);
        } else {
            self.places.remove(&outcome.seq);
        }
        place
    }

    /// Prints every finished file at the front of the order, then what has come of the
    /// next one if it is streaming. Once the run is finished, only the rest of a file
    /// printed in part is taken, for its stats.
    fn print_ready(&mut self) -> io::Result<()> {
        while let Some(Some(front)) = self.waiting.front()
            && (!self.finished() || self.front.is_some())
        {
            let partial = front.partial;
            let ready = if partial {
                self.waiting[0].take()
            } else {
                self.waiting.pop_front().flatten()
            };
            let ready = ready.expect("the front slot was just seen to be full");
            self.bytes_waiting -= ready.output.len();
            self.files_waiting -= 1;
            if partial {
                return self.print(ready);
            }
            self.next += 1;
            self.print(ready)?;
        }
        Ok(())
    }

    /// Prints an outcome of the file at `next`: all of it, or the part that has come.
    fn print(&mut self, mut outcome: Outcome) -> io::Result<()> {
        let mut front = self.front.take().unwrap_or_default();
        self.limit(&mut outcome, &mut front);
        self.summary.totals.bytes_printed += outcome.output.len() as u64;
        if !outcome.partial {
            self.account(&outcome)?;
        }
        if !outcome.output.is_empty() {
            // rg's binary notice is not a line of results: no separator comes before it.
            let notice = !outcome.partial && outcome.stats.binary_offset.is_some();
            if self.printed_any
                && !front.started
                && !notice
                && let Some(separator) = &self.file_separator
            {
                self.out.write_all(separator)?;
            }
            self.printed_any = true;
            front.started = true;
            self.out.write_all(&outcome.output)?;
            // Flushing per outcome is line buffering here: a file's lines reach the
            // collector together, all of a file at once or, streamed, all of a block read.
            // Flushing after each of them could show no line sooner; it would only split
            // one write into many.
            if self.line_buffered {
                self.out.flush()?;
            }
        }
        if outcome.partial {
            self.front = Some(front);
        }
        Ok(())
    }

    /// Applies `--max-results` to what is about to print of the file at `next`: cuts it
    /// after the last result record that may still print, and that record's after-context.
    fn limit(&mut self, outcome: &mut Outcome, front: &mut Front) {
        let Some(left) = self.results_left.as_mut() else {
            return;
        };
        if front.open_cut {
            // The last record allowed is printed; only its after-context may follow.
            front.open_cut = outcome.open && outcome.records.is_empty();
            outcome.output.truncate(outcome.extends as usize);
            return;
        }
        let records = outcome.records.len() as u64;
        if records < *left {
            *left -= records;
            front.results |= records > 0;
            return;
        }
        // The last result to print is here: cut after it and its after-context, and say
        // the file matched only if a result was printed.
        let cut = match *left {
            0 => 0,
            n => outcome.records[n as usize - 1] as usize,
        };
        front.open_cut = outcome.open && *left == records && records > 0;
        front.results |= *left > 0;
        if !front.results {
            outcome.stats.matched_lines = 0;
        }
        outcome.output.truncate(cut);
        *left = 0;
    }

    /// Counts a file's last outcome toward the totals and the exit code, and reports its
    /// errors.
    fn account(&mut self, outcome: &Outcome) -> io::Result<()> {
        let (stats, totals) = (&outcome.stats, &mut self.summary.totals);
        if !outcome.warnings.is_empty() {
            // Warnings about a directory's ignore files: printed in the walk's order, and
            // no file of their own.
            self.out.flush()?;
            for warning in &outcome.warnings {
                eprint_message(warning);
            }
            return Ok(());
        }
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
        totals.bytes_searched += stats.bytes_searched;
        if !outcome.errors.is_empty() {
            if self.messages {
                // Keep stdout and stderr in order for a reader that sees both.
                self.out.flush()?;
                for error in &outcome.errors {
                    eprint_message(error);
                }
            }
            self.summary.errors += outcome.errors.len() as u64;
        }
        Ok(())
    }

    /// Handles a failed write to stdout: a closed pipe stops the run quietly, anything else
    /// is reported.
    fn fail(&mut self, err: io::Error) {
        if std::mem::replace(&mut self.failed, true) {
            return;
        }
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

    /// The tests feed the collector directly, with no pool behind it.
    struct NoPool;

    impl Progress for NoPool {
        fn advance(&self, _: u64, _: usize, _: u64) {}
        fn close(&self) {}
    }

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
        let (window, cancel) = (NoPool, AtomicBool::new(false));
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

    /// A whole file's outcome.
    fn whole(seq: u64, text: &str) -> Outcome {
        Outcome {
            seq,
            output: text.as_bytes().to_vec(),
            records: vec![text.len() as u64],
            ..Outcome::default()
        }
    }

    /// A streamed part: `text`, whose first `extends` bytes extend the previous part's
    /// last record, with records ending at `records`.
    fn part(seq: u64, text: &str, extends: u64, records: &[u64], open: bool) -> Outcome {
        Outcome {
            seq,
            output: text.as_bytes().to_vec(),
            records: records.to_vec(),
            partial: true,
            extends,
            open,
            ..Outcome::default()
        }
    }

    /// The last outcome of a streamed file: no output left, only its stats.
    fn last(seq: u64) -> Outcome {
        Outcome {
            seq,
            ..Outcome::default()
        }
    }

    /// Collects `batches`, each received on its own, line-buffered, and returns what each
    /// flush wrote.
    fn collect(
        batches: Vec<Vec<Outcome>>,
        configure: impl FnOnce(&mut Collector<'_, &mut Recorder>),
    ) -> Vec<String> {
        let (window, cancel) = (NoPool, AtomicBool::new(false));
        let (tx, rx) = crossbeam_channel::unbounded();
        for batch in batches {
            tx.send(batch).unwrap();
        }
        drop(tx);
        let mut out = Recorder::default();
        let mut collector = Collector::new(&mut out, true, &window, &cancel);
        configure(&mut collector);
        collector.run(rx);
        out.flushed
            .iter()
            .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
            .collect()
    }

    #[test]
    fn a_part_of_the_next_file_prints_at_once_and_holds_back_the_files_after_it() {
        let flushed = collect(
            vec![
                vec![part(0, "a1\n", 0, &[3], false)],
                vec![whole(1, "b\n")],
                vec![part(0, "a2\n", 0, &[3], false)],
                vec![last(0)],
            ],
            |_| {},
        );
        assert_eq!(flushed, ["a1\n", "a2\n", "b\n"]);
    }

    #[test]
    fn parts_of_a_later_file_wait_for_the_files_before_it() {
        let flushed = collect(
            vec![
                vec![part(1, "b1\n", 0, &[3], false)],
                vec![part(1, "b2\n", 0, &[3], false)],
                vec![whole(0, "a\n")],
                vec![last(1)],
            ],
            |_| {},
        );
        assert_eq!(flushed, ["a\n", "b1\nb2\n"]);
    }

    #[test]
    fn max_results_keeps_the_after_context_that_a_later_part_adds_to_the_last_record() {
        let batches = || {
            vec![
                vec![part(0, "m1\n", 0, &[3], true)],
                vec![part(0, "c1\nm2\n", 3, &[6], false)],
                vec![last(0)],
            ]
        };
        let flushed = collect(batches(), |c| {
            c.max_results(Some(1));
        });
        assert_eq!(flushed, ["m1\n", "c1\n"]);
        // The same, joined while it waits behind file 0.
        let mut waiting = batches();
        waiting.iter_mut().flatten().for_each(|o| o.seq = 1);
        waiting.push(vec![whole(0, "a\n")]);
        let flushed = collect(waiting, |c| {
            c.max_results(Some(2));
        });
        assert_eq!(flushed, ["a\n", "m1\nc1\n"]);
    }

    #[test]
    fn max_results_reached_in_a_part_waits_for_the_file_s_stats() {
        let (window, cancel) = (NoPool, AtomicBool::new(false));
        let (tx, rx) = crossbeam_channel::unbounded();
        tx.send(vec![part(0, "m1\nm2\n", 0, &[3, 6], false)])
            .unwrap();
        let mut done = last(0);
        done.stats.matched_lines = 2;
        tx.send(vec![done]).unwrap();
        drop(tx);
        let mut out = Recorder::default();
        let mut collector = Collector::new(&mut out, true, &window, &cancel);
        collector.max_results(Some(1));
        let summary = collector.run(rx);
        assert_eq!(out.flushed, [b"m1\n".to_vec()]);
        assert!(cancel.load(Ordering::Relaxed), "the run is stopped");
        assert!(summary.matched);
        assert_eq!(summary.totals.matched_lines, 2);
    }

    #[test]
    fn unordered_a_streamed_file_holds_back_the_files_that_arrive_after_it() {
        let flushed = collect(
            vec![
                vec![part(5, "s1\n", 0, &[3], false)],
                vec![whole(2, "b\n")],
                vec![part(5, "s2\n", 0, &[3], false)],
                vec![last(5)],
                vec![whole(1, "a\n")],
            ],
            |c| {
                c.unordered(true);
            },
        );
        assert_eq!(flushed, ["s1\n", "s2\n", "b\n", "a\n"]);
    }
}
