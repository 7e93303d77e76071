//! Searching one job: the unit of work that both transports run, a worker thread and a
//! worker process alike, with the guard that turns a panic into an error about the file
//! and the streams through which a file's output is handed on while it is searched
//! (docs/ARCHITECTURE.md, "Memory").

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;
use std::sync::atomic::Ordering;

use super::{Done, Job, Outcome, PART_BYTES, WorkerContext};
use crate::search::stream::Stream;
use crate::search::{Rendered, Searcher, Source};
use crate::walk::Haystack;

/// Searches one job. This is the unit of work of every transport.
pub fn search_job(searcher: &mut Searcher<'_>, job: &Job) -> Outcome {
    let mut outcome = Outcome {
        seq: job.seq,
        ..Outcome::default()
    };
    let (source, explicit, display): (Source<'_>, bool, &[u8]) = match &job.haystack {
        Haystack::Error(message) => {
            outcome.errors.push(message.clone());
            return outcome;
        }
        Haystack::Stdin => (Source::Stdin, true, b"<stdin>"),
        Haystack::File {
            path,
            explicit,
            dir,
        } => (
            Source::Path(path, dir.as_deref()),
            *explicit,
            std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()),
        ),
    };
    let mut rendered = Rendered::default();
    match searcher.search(source, explicit, display, &mut rendered) {
        Ok(stats) => {
            outcome.stats = stats;
            outcome.output = rendered.bytes;
            outcome.records = rendered.records;
        }
        Err(err) => {
            // What was found before the error stays, as in ripgrep: the matches a
            // decompressor printed before it failed, or those before a read error.
            outcome.output = rendered.bytes;
            outcome.records = rendered.records;
            outcome
                .errors
                .push(format!("{}: {}", String::from_utf8_lossy(display), err));
        }
    }
    outcome
}

/// Searches a stdin job, sending its output to `done` in parts as it is rendered; the
/// outcome returned is the last part, with the stats. A line-buffered reader of a pipe
/// that stays open (`tail -f log | trawl --line-buffered x`) sees each result as soon as
/// its line arrives, as with ripgrep, not when the pipe closes. The caller sends that last
/// outcome on at once, so that a run that is stopping can still count it.
pub fn search_streamed<'a>(
    searcher: &mut Searcher<'a>,
    context: &WorkerContext<'a>,
    job: &Job,
    done: &Done<'a>,
) -> Outcome {
    let (seq, done, cancel) = (job.seq, *done, context.cancel);
    let bounded = searcher.stream(Some(Stream::new(cancel, move |part| {
        !cancel.load(Ordering::Relaxed) && done.send(vec![Outcome::part(seq, part)]).is_ok()
    })));
    let outcome = search_guarded(searcher, context, job);
    searcher.stream(bounded);
    outcome
}

/// The results of a thread worker's batch that it has not sent yet, and the bounded stream
/// through which each of its files hands on its output once that passes [`PART_BYTES`].
/// A part is sent after the results before it in the batch, so that the file that streams
/// is never held back by a result that only its own worker holds (docs/ARCHITECTURE.md,
/// "Memory").
pub struct Batch {
    results: Rc<RefCell<Vec<Outcome>>>,
    /// The job being searched, and whether it has handed on a part.
    current: Rc<Cell<(u64, bool)>>,
}

impl Batch {
    /// A batch whose parts go to `done`, installed as `searcher`'s stream.
    pub fn install<'a>(
        searcher: &mut Searcher<'a>,
        context: &WorkerContext<'a>,
        done: Done<'a>,
    ) -> Batch {
        let batch = Batch {
            results: Rc::default(),
            current: Rc::default(),
        };
        let (results, current, cancel) =
            (batch.results.clone(), batch.current.clone(), context.cancel);
        searcher.stream(Some(Stream::bounded(cancel, PART_BYTES, move |part| {
            let (seq, _) = current.get();
            current.set((seq, true));
            let mut outcomes = std::mem::take(&mut *results.borrow_mut());
            outcomes.push(Outcome::part(seq, part));
            !cancel.load(Ordering::Relaxed) && done.send(outcomes).is_ok()
        })));
        batch
    }

    /// The next file to search is `job`'s.
    pub fn start(&self, job: &Job) {
        self.current.set((job.seq, false));
    }

    /// Whether the file being searched has handed on a part: its last outcome should then
    /// follow at once, since its file holds the cursor.
    pub fn streamed(&self) -> bool {
        self.current.get().1
    }

    /// Adds a finished file's outcome.
    pub fn push(&self, outcome: Outcome) {
        self.results.borrow_mut().push(outcome);
    }

    /// Whether no result waits to be sent.
    pub fn is_empty(&self) -> bool {
        self.results.borrow().is_empty()
    }

    /// The results not sent yet, to send now.
    pub fn take(&self) -> Vec<Outcome> {
        std::mem::take(&mut *self.results.borrow_mut())
    }
}

/// [`search_job`], with a panic turned into an error about the file, so that a bug in one
/// file's search loses nothing else. The searcher is rebuilt, since a panic may have left
/// it half-way through a file.
pub fn search_guarded<'a>(
    searcher: &mut Searcher<'a>,
    context: &WorkerContext<'a>,
    job: &Job,
) -> Outcome {
    match catch_unwind(AssertUnwindSafe(|| search_job(searcher, job))) {
        Ok(outcome) => outcome,
        Err(_) => {
            let stream = searcher.stream(None);
            *searcher = context.searcher();
            searcher.stream(stream);
            Outcome::error(
                job.seq,
                format!("{}: internal error while searching", job.haystack.name()),
            )
        }
    }
}
