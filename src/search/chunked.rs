//! One huge file, searched by every core: the file is memory-mapped, cut at line
//! boundaries into chunks, and the chunks are searched and rendered in parallel (rayon).
//!
//! Invariants:
//! - The output is byte-identical to a sequential search. Each chunk starts on a line, so
//!   no line and no match crosses a cut; look-behind at a chunk's start sees the start of a
//!   line either way. Line numbers come from a first parallel pass that counts each
//!   chunk's terminators, turned into each chunk's first line number by a prefix sum.
//! - The heading (or JSON `begin`) is printed once, before the joined output.
//! - While chunks are searched, the other workers of this process pause before their next
//!   file ([`pause_while_active`]): rayon's pool has one thread per worker, so the cores
//!   are not oversubscribed, and the ordered output does not stall behind the huge file.
//! - Context is chunked too. Whether a line prints as context depends only on the
//!   selected lines within `-B` lines after it and `-A` lines before it, so each chunk
//!   also scans `-A`+1 lines before its start and `-B` lines after its end, and prints
//!   only its own lines (`ScanState::own`). The extra line before covers the last line of
//!   the previous chunk, so a chunk knows whether its first printed line follows a
//!   printed one; if no line before it was printed, the join adds the context break.
//! - What needs state across the whole file is not chunked: `-m`, `--passthru`, `-U`,
//!   `--stop-on-nonmatch`, decoding and binary files. [`applies`] and [`search`] send them
//!   to the sequential reader.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

use memmap2::Mmap;
use rayon::prelude::*;

use super::scan::{LINE_INDEX_STEP, LineScanner, Output, ScanState, lines_back};
use super::{BinaryMode, Encoding, FileStats, Rendered, SearchOptions, lines};
use crate::matcher::Matcher;
use crate::printer::Printer;

/// Files at least this large are searched in chunks, when [`applies`] allows it. Below it
/// the cost of mapping and of a second pass is not worth it, and the other workers are
/// likely busy with other files anyway.
pub const MIN_BYTES: u64 = 64 << 20;

/// The smallest chunk.
const MIN_CHUNK: u64 = 1 << 20;

/// Test-only: sets both the size from which files are chunked and the chunk size, so that
/// tests can exercise chunking on small files. Undocumented for users.
pub const TEST_CHUNK_ENV: &str = "__TRAWL_CHUNK_BYTES";

/// The smallest file that is chunked, and a function from a file's size to the chunk
/// size: a share of the file per thread, four shares per thread so that an unlucky chunk
/// full of matches does not hold the others back, and at least [`MIN_CHUNK`].
pub fn sizes() -> (u64, fn(u64) -> u64) {
    fn share(len: u64) -> u64 {
        let threads = rayon::current_num_threads() as u64;
        (len / (4 * threads).max(1)).max(MIN_CHUNK)
    }
    fn forced(_: u64) -> u64 {
        test_chunk_bytes().unwrap_or(MIN_CHUNK)
    }
    match test_chunk_bytes() {
        Some(bytes) => (bytes, forced),
        None => (MIN_BYTES, share),
    }
}

/// The test-only chunk size, read from the environment once per process: `sizes` is
/// asked for every file that fills the first read.
fn test_chunk_bytes() -> Option<u64> {
    static BYTES: std::sync::OnceLock<Option<u64>> = std::sync::OnceLock::new();
    *BYTES.get_or_init(|| {
        std::env::var(TEST_CHUNK_ENV)
            .ok()?
            .parse()
            .ok()
            .filter(|&n| n > 0)
    })
}

/// Huge files being searched in chunks right now, in this process.
static ACTIVE: AtomicUsize = AtomicUsize::new(0);
static ACTIVE_LOCK: Mutex<()> = Mutex::new(());
static ACTIVE_DONE: Condvar = Condvar::new();

/// Blocks while a huge file is being searched in chunks. Workers call this before each
/// file: while rayon's threads, one per core, search the chunks, the other workers stay
/// off the cores instead of oversubscribing them, and do not run ahead of the huge file
/// and fill the reorder window behind it. Costs one atomic load when no search is on.
pub fn pause_while_active() {
    if ACTIVE.load(Ordering::Acquire) == 0 {
        return;
    }
    let mut guard = ACTIVE_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    while ACTIVE.load(Ordering::Acquire) > 0 {
        guard = ACTIVE_DONE.wait(guard).unwrap_or_else(|e| e.into_inner());
    }
}

/// Whether a huge file of this process is being searched in chunks right now. A worker
/// asks after [`pause_while_active`], to count the files it starts beside one anyway.
pub fn active() -> bool {
    ACTIVE.load(Ordering::Acquire) > 0
}

/// Marks a chunked search as running until dropped.
struct Active;

impl Active {
    fn start() -> Active {
        ACTIVE.fetch_add(1, Ordering::AcqRel);
        Active
    }
}

impl Drop for Active {
    fn drop(&mut self) {
        let _guard = ACTIVE_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        ACTIVE.fetch_sub(1, Ordering::AcqRel);
        ACTIVE_DONE.notify_all();
    }
}

/// Whether a search under `options` can be chunked at all.
pub fn applies(options: &SearchOptions) -> bool {
    !options.passthru
        && options.max_count.is_none()
        && !options.multiline
        && !options.stop_on_nonmatch
        && matches!(options.encoding, Encoding::Auto | Encoding::None)
}

/// Maps `file` into memory.
///
/// # Safety
///
/// The mapping is only sound while no other process truncates or rewrites the file. A
/// search tool cannot promise that; like ripgrep and GNU grep, trawl accepts the risk for
/// files large enough that reading them would cost far more. A file that shrinks under the
/// map can make the process die with SIGBUS.
unsafe fn map(file: &File) -> io::Result<Mmap> {
    // SAFETY: the caller accepts the risk described above.
    unsafe { Mmap::map(file) }
}

/// Searches `file` in chunks. Returns `None`, having printed nothing, if the file turns
/// out to need the sequential reader: it holds a NUL byte (the binary rule), or starts
/// with a byte-order mark.
#[allow(clippy::too_many_arguments)]
pub fn search(
    matcher: &Matcher,
    printer: &Printer,
    options: &SearchOptions,
    count_every_match: bool,
    file: &File,
    chunk_size: u64,
    display: &[u8],
    out: &mut Rendered,
) -> io::Result<Option<FileStats>> {
    // SAFETY: see `map`; this is the one place trawl maps a file.
    let map = unsafe { map(file)? };
    let hay: &[u8] = &map;
    if matches!(options.encoding, Encoding::Auto) && super::has_byte_order_mark(hay) {
        return Ok(None);
    }
    let chunks = cut(hay, chunk_size);
    log::debug!(
        "{}: {} bytes, searched in {} parallel chunks",
        String::from_utf8_lossy(display),
        hay.len(),
        chunks.len()
    );
    let _active = Active::start();
    let context = options.before > 0 || options.after > 0;

    // Pass 1, in one read of each chunk: its terminators, counted at every step of its
    // line index, and whether it holds a NUL.
    let indexes: Vec<(Vec<u64>, bool)> = chunks
        .par_iter()
        .map(|c| {
            let bytes = &hay[c.clone()];
            let mut index = Vec::with_capacity(bytes.len() / LINE_INDEX_STEP + 2);
            let (mut total, mut nul) = (0, false);
            index.push(0);
            for step in bytes.chunks(LINE_INDEX_STEP) {
                let (count, zero) = lines::count_terminators_and_nul(step);
                total += count;
                nul |= zero;
                index.push(total);
            }
            (index, nul)
        })
        .collect();
    if options.binary != BinaryMode::Text && indexes.iter().any(|(_, nul)| *nul) {
        return Ok(None);
    }
    let mut first_lines = Vec::with_capacity(chunks.len());
    let mut line = 1;
    for (index, _) in &indexes {
        first_lines.push(line);
        line += index.last().copied().unwrap_or(0);
    }

    // Pass 2: search and render each chunk on its own.
    let pieces: Vec<(Rendered, FileStats, Joint)> = chunks
        .par_iter()
        .zip(first_lines.par_iter())
        .zip(indexes.into_par_iter())
        .map_init(
            || {
                let mut scanner = LineScanner::new(matcher, printer, options);
                scanner.count_every_match(count_every_match);
                scanner
            },
            |scanner, ((range, &first_line), (index, _))| {
                let mut rendered = Rendered::default();
                let mut stats = FileStats::default();
                let own = range.start as u64..range.end as u64;
                let mut state = if context {
                    // The neighbours' lines that decide this chunk's context: -A + 1
                    // before it, -B after it. The line index counts from the chunk's
                    // start, so lines are counted from the first one scanned instead.
                    let from = lines_back(hay, range.start, 0, options.after + 1);
                    let skipped = lines::count_terminators(&hay[from..range.start]);
                    let state = ScanState::chunk(first_line - skipped, from as u64, vec![], own);
                    (state, from..lines_forward(hay, range.end, options.before))
                } else {
                    let state = ScanState::chunk(first_line, own.start, index, own);
                    (state, range.clone())
                };
                let (state, scanned) = &mut state;
                let mut output = Output {
                    path: display,
                    out: &mut rendered.bytes,
                    records: &mut rendered.records,
                    stats: &mut stats,
                };
                scanner.scan(&hay[scanned.clone()], 0, state, &mut output);
                let joint = Joint {
                    cold: state.opened_cold,
                    lead_context_end: state.lead_context_end,
                };
                (rendered, stats, joint)
            },
        )
        .collect();

    // Join the chunks in order, after the heading.
    let mut stats = FileStats {
        bytes_searched: hay.len() as u64,
        chunks: chunks.len() as u64,
        ..FileStats::default()
    };
    let any_output = pieces.iter().any(|(r, _, _)| !r.bytes.is_empty());
    if any_output {
        printer.heading(&mut out.bytes, display);
    }
    let joined_from = out.bytes.len();
    for (piece, piece_stats, joint) in pieces {
        stats.matched_lines += piece_stats.matched_lines;
        stats.matches += piece_stats.matches;
        if piece.bytes.is_empty() {
            continue;
        }
        if context && joint.cold && out.bytes.len() > joined_from {
            // Lines were printed before, none of them right before this chunk's first.
            printer.context_break(&mut out.bytes);
        }
        let shift = out.bytes.len() as u64;
        if let (Some(end), Some(last)) = (joint.lead_context_end, out.records.last_mut()) {
            // The chunk starts with the after-context of the last record printed so far.
            *last = shift + end as u64;
        }
        out.records
            .extend(piece.records.iter().map(|end| end + shift));
        out.bytes.extend_from_slice(&piece.bytes);
    }
    Ok(Some(stats))
}

/// How a chunk's output joins the output before it.
struct Joint {
    /// Nothing before the chunk's first printed line was printed.
    cold: bool,
    /// The chunk's output starts with after-context of an earlier chunk's last record,
    /// and this much of it.
    lead_context_end: Option<usize>,
}

/// The end of the `count`-th line at or after `start` (a line start), or the end of `hay`.
fn lines_forward(hay: &[u8], start: usize, count: usize) -> usize {
    let mut at = start;
    for _ in 0..count {
        if at >= hay.len() {
            break;
        }
        at = lines::line_from(hay, at).end;
    }
    at
}

/// Cuts `hay` into chunks of about `size` bytes, each ending just after a terminator (or at
/// the end), so that every chunk holds whole lines.
fn cut(hay: &[u8], size: u64) -> Vec<Range<usize>> {
    let size = size.max(1) as usize;
    let mut chunks = Vec::new();
    let mut start = 0;
    while start < hay.len() {
        let nominal = start.saturating_add(size).min(hay.len());
        let end = match memchr::memchr(lines::TERM, &hay[nominal..]) {
            _ if nominal == hay.len() => hay.len(),
            Some(at) => nominal + at + 1,
            None => hay.len(),
        };
        chunks.push(start..end);
        start = end;
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_fall_just_after_terminators_and_cover_everything() {
        let hay = b"aaaa\nbb\ncccccc\nd\neeee";
        let chunks = cut(hay, 3);
        assert_eq!(chunks.first().unwrap().start, 0);
        assert_eq!(chunks.last().unwrap().end, hay.len());
        for pair in chunks.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            assert_eq!(hay[pair[0].end - 1], b'\n');
        }
        assert!(chunks.len() >= 3, "{chunks:?}");
    }

    #[test]
    fn a_file_without_terminators_is_one_chunk() {
        assert_eq!(cut(b"abcdef", 2), vec![0..6]);
        assert_eq!(cut(b"", 2), Vec::<Range<usize>>::new());
    }
}
