//! The pipeline: all of trawl's concurrency lives here.
//!
//! ```text
//! walker ──(seq, haystack) batches──► workers ×N ──(seq, output, stats, errors)──► collector
//! 1 thread   bounded channel           threads                                     stdout
//! ```
//!
//! The walker numbers haystacks in walk order and sends them in batches through a bounded
//! channel, after asking the [`window::Window`] for room. Workers search one haystack at a
//! time into its own buffer. The collector prints buffers in sequence order. Cancellation
//! (a closed stdout) is one shared flag that every stage checks between files.

pub mod collector;
pub mod threads;
pub mod window;

use crate::search::{FileStats, Searcher, Source};
use crate::walk::Haystack;

/// One unit of work: a haystack and its place in the output order.
#[derive(Clone, Debug)]
pub struct Job {
    /// The sequence number: the haystack's position in walk order.
    pub seq: u64,
    /// What to search.
    pub haystack: Haystack,
}

/// What searching one haystack produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The job's sequence number.
    pub seq: u64,
    /// The rendered output, printed whole.
    pub output: Vec<u8>,
    /// One-line error messages, each naming its path.
    pub errors: Vec<String>,
    /// What the search found.
    pub stats: FileStats,
}

/// Searches one job. This is the unit of work of every transport.
pub fn search_job(searcher: &mut Searcher<'_>, job: Job) -> Outcome {
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
        Haystack::File { path, explicit } => (
            Source::Path(path),
            *explicit,
            std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()),
        ),
    };
    match searcher.search(source, explicit, display, &mut outcome.output) {
        Ok(stats) => outcome.stats = stats,
        Err(err) => {
            outcome.output.clear();
            outcome
                .errors
                .push(format!("{}: {}", String::from_utf8_lossy(display), err));
        }
    }
    outcome
}
