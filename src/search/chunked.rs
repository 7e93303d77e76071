//! One huge file, searched by every core: the file is memory-mapped, cut at line
//! boundaries into chunks, and the chunks are searched and rendered in parallel (rayon).
//!
//! Invariants:
//! - The output is byte-identical to a sequential search. Each chunk starts on a line, so
//!   no line and no match crosses a cut; look-behind at a chunk's start sees the start of a
//!   line either way. Line numbers come from a first parallel pass that counts each
//!   chunk's terminators, turned into each chunk's first line number by a prefix sum.
//! - Without context and -v, the first pass also searches, a cached step of whole lines
//!   at a time, for each step's first match (`survey`); the second pass searches from
//!   there to the step's end. A rare pattern so reads the file from memory once, not twice.
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
//! - `-m` is chunked in waves (`Plan::scan_until`): chunks that start small and double,
//!   searched a wave at a time until the chunks searched hold the `-m` count; the chunk
//!   that reaches it is searched again with only the selections left to it.
//! - What needs state across the whole file is not chunked: `--passthru`, `-U`,
//!   `--stop-on-nonmatch`, decoding and binary files. [`applies`] and [`search`] send them
//!   to the sequential reader.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::scan::{LINE_INDEX_STEP, LineScanner, Output, ScanState, lines_back};
use super::stream::Stream;
use super::{BinaryMode, Encoding, FileStats, Rendered, SearchOptions, lines};
use crate::matcher::Matcher;
use crate::printer::Printer;

/// The line terminator of a chunked search: [`applies`] keeps `--null-data` searches on the
/// sequential reader, so chunks always hold `\n`-terminated lines.
const TERM: u8 = b'\n';

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
        && !options.null_data
        && !options.multiline
        && !options.stop_on_nonmatch
        && matches!(options.encoding, Encoding::Auto | Encoding::None)
}

/// Searches `file` in chunks. Returns `None`, having printed nothing, if the file turns
/// out to need the sequential reader: it holds a NUL byte (the binary rule), or starts
/// with a byte-order mark. A file that shrinks while it is searched is an error, and
/// nothing of it is printed: its bytes past the new end read as zeros ([`super::mmap`]).
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
    stream: Option<&mut Stream<'_>>,
) -> io::Result<Option<FileStats>> {
    // SAFETY: see `mmap::map`: a file that shrinks under the map is caught below; this is
    // the one place trawl maps a file.
    let map = unsafe { super::mmap::map(file)? };
    let (bytes, records) = (out.bytes.len(), out.records.len());
    // Zeros that appear under a running search may make the regex engine panic (see
    // `mmap`); then the changed file is the error, not the panic.
    let found = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        search_bytes(
            matcher,
            printer,
            options,
            count_every_match,
            map.bytes(),
            chunk_size,
            display,
            out,
            stream,
            &|| !map.changed(),
        )
    }));
    if map.changed() {
        out.bytes.truncate(bytes);
        out.records.truncate(records);
        return Err(io::Error::other("the file changed while it was searched"));
    }
    match found {
        Ok(found) => found.transpose(),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// Searches `hay`, the bytes of a whole file, in chunks of about `chunk_size` bytes, as
/// [`search`] does a mapped file: `None` when the file needs the sequential reader.
/// Public for the fuzz target and the property tests, which check it against the
/// sequential reader for any chunk size.
///
/// The output is handed on through `stream`, if there is one, a chunk at a time as the
/// chunks are joined: then the joined output is never held whole. Nothing is handed on
/// unless `intact` says, once every chunk is rendered, that the bytes searched were the
/// file's (see [`search`]).
#[doc(hidden)]
#[allow(clippy::too_many_arguments)]
pub fn search_bytes(
    matcher: &Matcher,
    printer: &Printer,
    options: &SearchOptions,
    count_every_match: bool,
    hay: &[u8],
    chunk_size: u64,
    display: &[u8],
    out: &mut Rendered,
    stream: Option<&mut Stream<'_>>,
    intact: &dyn Fn() -> bool,
) -> Option<io::Result<FileStats>> {
    let out_start = out.bytes.len();
    if matches!(options.encoding, Encoding::Auto) && super::has_byte_order_mark(hay) {
        return None;
    }
    // Under -m the chunks start small and double: when -m is reached early, the search
    // is about as short as a sequential one, and when it is reached late, most of the file
    // was searched in chunks as large as usual.
    let chunks = match options.max_count {
        Some(_) => cut_growing(hay, MIN_CHUNK.min(chunk_size), chunk_size),
        None => cut(hay, chunk_size),
    };
    log::debug!(
        "{}: {} bytes, searched in up to {} parallel chunks",
        String::from_utf8_lossy(display),
        hay.len(),
        chunks.len()
    );
    let active = Active::start();
    let context = options.before > 0 || options.after > 0;
    let binary_matters = options.binary != BinaryMode::Text;
    let plan = Plan {
        matcher,
        printer,
        options,
        count_every_match,
        hay,
        chunks: &chunks,
        context,
        display,
        error: Mutex::new(None),
    };
    let mut stats = FileStats {
        bytes_searched: hay.len() as u64,
        chunks: chunks.len() as u64,
        ..FileStats::default()
    };
    let pieces = match options.max_count {
        None if !context && !options.invert => {
            // Pass 1, one read of each chunk, a cached step at a time: its terminators,
            // whether it holds a NUL, and where its first match is. Pass 2 searches only
            // from each step's first match on, so a rare pattern reads the file once.
            let surveyed = plan.first_pass(binary_matters, |scanner, chunk| {
                let (steps, nul) = survey(scanner, hay, chunk);
                let lines = steps.iter().map(|step| step.lines).sum();
                (steps, lines, nul)
            })?;
            plan.scan_surveyed(surveyed)
        }
        None => {
            // Pass 1, in one read of each chunk: its terminators, counted at every step
            // of its line index, and whether it holds a NUL.
            let indexed = plan.first_pass(binary_matters, |_, chunk| {
                let (index, nul) = line_index(&hay[chunk]);
                let lines = index.last().copied().unwrap_or(0);
                (index, lines, nul)
            })?;
            // Pass 2: search and render each chunk on its own.
            plan.scan_all(indexed)
        }
        Some(max) => {
            let (pieces, searched, stopped_at) = plan.scan_until(max, binary_matters)?;
            stats.chunks = searched as u64;
            if let Some(end) = stopped_at {
                stats.bytes_searched = end;
            }
            pieces
        }
    };

    // The chunks are searched: the workers paused for them may go on. They must before
    // the join below, whose parts wait for the files ahead of this one in the output,
    // which a paused worker may hold (found by our fuzzer: `--sortr path` put a streamed
    // huge file behind a file whose worker waited for the huge file to end).
    drop(active);

    // Join the chunks in order, after the heading.
    let any_output = pieces.iter().any(|p| !p.rendered.bytes.is_empty());
    if any_output {
        printer.heading(&mut out.bytes, display);
    }
    let mut printed_before = false;
    // The first pass looked at every byte for a NUL already: a part handed on now can
    // never be taken back by the binary rule.
    let mut stream = stream.filter(|_| intact());
    if let Some(stream) = stream.as_deref_mut() {
        stream.open_gate();
    }
    for Piece {
        rendered: piece,
        stats: piece_stats,
        joint,
        ..
    } in pieces
    {
        stats.matched_lines += piece_stats.matched_lines;
        stats.matches += piece_stats.matches;
        if piece.bytes.is_empty() {
            continue;
        }
        if context && joint.cold && printed_before {
            // Lines were printed before, none of them right before this chunk's first.
            printer.context_break(&mut out.bytes);
        }
        printed_before = true;
        let shift = out.bytes.len() as u64;
        if let (Some(end), Some(last)) = (joint.lead_context_end, out.records.last_mut()) {
            // The chunk starts with the after-context of the last record printed so far.
            *last = shift + end as u64;
        }
        out.records
            .extend(piece.records.iter().map(|end| end + shift));
        if out.bytes.is_empty() {
            // Nothing to join it to: the chunk's output is moved, not copied, which for a
            // file of one huge line saves a copy of it.
            out.bytes = piece.bytes;
        } else {
            out.bytes.extend_from_slice(&piece.bytes);
        }
        if let Some(stream) = stream.as_deref_mut() {
            // A later chunk may start with after-context of this one's last record.
            let open = options.after > 0;
            if !stream.hand_on(&mut out.bytes, &mut out.records, out_start, open) {
                break;
            }
        }
    }
    // The first match error of any chunk (a PCRE2 resource limit) is the file's.
    Some(
        match plan.error.into_inner().unwrap_or_else(|e| e.into_inner()) {
            Some(err) => Err(io::Error::other(err)),
            None => Ok(stats),
        },
    )
}

/// What every chunk's search shares.
struct Plan<'a> {
    matcher: &'a Matcher,
    printer: &'a Printer,
    options: &'a SearchOptions,
    count_every_match: bool,
    hay: &'a [u8],
    chunks: &'a [Range<usize>],
    context: bool,
    display: &'a [u8],
    /// The first match error of any chunk's scanner (a PCRE2 resource limit): the file's
    /// error.
    error: Mutex<Option<String>>,
}

/// One chunk's search: its output, what it found, how it joins the output before it, and
/// where a search stopped by `-m` stopped (a file offset).
struct Piece {
    rendered: Rendered,
    stats: FileStats,
    joint: Joint,
    stopped_at: Option<u64>,
}

impl Plan<'_> {
    /// A scanner under `options`, which differ from the plan's in `-m` only.
    fn scanner<'s>(&'s self, options: &'s SearchOptions) -> LineScanner<'s> {
        let mut scanner = LineScanner::new(self.matcher, self.printer, options);
        scanner.count_every_match(self.count_every_match);
        scanner
    }

    /// Keeps the match error `scanner` met, if any, as the file's.
    fn keep_error(&self, scanner: &mut LineScanner<'_>) {
        if let Some(err) = scanner.take_error() {
            let mut kept = self.error.lock().unwrap_or_else(|e| e.into_inner());
            kept.get_or_insert(err);
        }
    }

    /// Pass 1, over every chunk at once: `pass` reads a chunk and returns what pass 2
    /// needs of it, its terminators, and whether it holds a NUL. Returns that of each
    /// chunk with the number of its first line; or None if a NUL makes the file binary.
    fn first_pass<T: Send>(
        &self,
        binary_matters: bool,
        pass: impl Fn(&mut LineScanner<'_>, Range<usize>) -> (T, u64, bool) + Sync,
    ) -> Option<Vec<(T, u64)>> {
        let read: Vec<(T, u64, bool)> = self
            .chunks
            .par_iter()
            .map_init(
                || self.scanner(self.options),
                |scanner, chunk| {
                    let read = pass(scanner, chunk.clone());
                    self.keep_error(scanner);
                    read
                },
            )
            .collect();
        if binary_matters && read.iter().any(|(_, _, nul)| *nul) {
            return None;
        }
        let mut line = 1;
        Some(
            read.into_iter()
                .map(|(found, lines, _)| {
                    let first = line;
                    line += lines;
                    (found, first)
                })
                .collect(),
        )
    }

    /// Searches every chunk at once, each with its line index and first line number.
    fn scan_all(&self, indexed: Vec<(Vec<u64>, u64)>) -> Vec<Piece> {
        indexed
            .into_par_iter()
            .enumerate()
            .map_init(
                || self.scanner(self.options),
                |scanner, (k, (index, first_line))| self.scan(scanner, k, first_line, index, false),
            )
            .collect()
    }

    /// Searches the steps of every chunk that [`survey`] found a match in, from that
    /// match's line on; each chunk comes with its first line number. No context, no -v.
    fn scan_surveyed(&self, surveyed: Vec<(Vec<Step>, u64)>) -> Vec<Piece> {
        surveyed
            .into_par_iter()
            .map_init(
                || self.scanner(self.options),
                |scanner, (steps, first_line)| self.scan_steps(scanner, &steps, first_line),
            )
            .collect()
    }

    /// A piece's output and counts, as `search` renders them.
    fn render(&self, search: impl FnOnce(&mut Output<'_>)) -> (Rendered, FileStats) {
        let mut rendered = Rendered::default();
        let mut stats = FileStats::default();
        search(&mut Output {
            path: self.display,
            out: &mut rendered.bytes,
            records: &mut rendered.records,
            stats: &mut stats,
            parts: None,
        });
        (rendered, stats)
    }

    /// Searches one chunk's `steps`, the first of which starts with line `first_line`.
    fn scan_steps(&self, scanner: &mut LineScanner<'_>, steps: &[Step], first_line: u64) -> Piece {
        let (rendered, stats) = self.render(|output| {
            let mut line = first_line;
            for step in steps {
                if let Some((from, before)) = step.first {
                    let own = from as u64..step.end as u64;
                    let mut state = ScanState::chunk(line + before, from as u64, vec![], own);
                    scanner.scan(&self.hay[from..step.end], 0, &mut state, output);
                }
                line += step.lines;
            }
        });
        self.keep_error(scanner);
        Piece {
            rendered,
            stats,
            // Without context, chunks join as they are.
            joint: Joint {
                cold: true,
                lead_context_end: None,
            },
            stopped_at: None,
        }
    }

    /// `-m max`: searches chunk 0, a small one, alone, then the next chunks as many at a
    /// time as there are threads, until the chunks searched hold `max` selected lines;
    /// each chunk stops at `max` of its own. The chunk where the count reaches `max` is
    /// searched again, to the end of the file if need be, with only the selections left
    /// to it, so that it ends, with its after-context, where a sequential search ends.
    /// Each wave's chunks are counted first, for their line numbers; no chunk past the
    /// last wave is read. Returns the pieces to join, how many chunks were searched, and
    /// where the search stopped. Returns None for the sequential reader to search the
    /// file instead: if a chunk read holds a NUL and `binary_matters`, or if chunk 0
    /// went so fast that the pattern is cheap and waves would only cost more.
    fn scan_until(
        &self,
        max: u64,
        binary_matters: bool,
    ) -> Option<(Vec<Piece>, usize, Option<u64>)> {
        let threads = rayon::current_num_threads().max(1);
        let mut pieces: Vec<Piece> = Vec::new();
        let (mut selected, mut next, mut first_line) = (0, 0, 1);
        while next < self.chunks.len() {
            let wave = if next == 0 { 1 } else { threads };
            let upto = (next + wave).min(self.chunks.len());
            let counted: Vec<(u64, bool)> = (next..upto)
                .into_par_iter()
                .map(|k| lines::count_terminators_and_nul(&self.hay[self.chunks[k].clone()], TERM))
                .collect();
            if binary_matters && counted.iter().any(|(_, nul)| *nul) {
                return None;
            }
            let mut firsts = Vec::with_capacity(counted.len());
            for (lines, _) in &counted {
                firsts.push(first_line);
                first_line += lines;
            }
            let started = Instant::now();
            let found: Vec<Piece> = (next..upto)
                .into_par_iter()
                .map_init(
                    || self.scanner(self.options),
                    |scanner, k| self.scan(scanner, k, firsts[k - next], vec![], false),
                )
                .collect();
            let scanned = self.chunks[upto - 1].end - self.chunks[next].start;
            let cheap = next == 0 && cheap_to_search(scanned, started.elapsed());
            for (k, piece) in (next..upto).zip(found) {
                let left = max - selected;
                if piece.stats.matched_lines >= left {
                    let mut options = self.options.clone();
                    options.max_count = Some(left);
                    let mut scanner = self.scanner(&options);
                    let last = self.scan(&mut scanner, k, firsts[k - next], vec![], true);
                    let stopped_at = last.stopped_at;
                    // The output may rest on lines past this wave's chunks: -B lines of
                    // its last chunk's neighbour, and the last selection's after-context.
                    // They are under the binary rule too.
                    let checked = self.chunks[upto - 1].end;
                    let read_to = lines_forward(self.hay, checked, self.options.before).max(
                        stopped_at.map_or(0, |end| {
                            lines_forward(self.hay, end as usize, self.options.after)
                        }),
                    );
                    if binary_matters
                        && read_to > checked
                        && memchr::memchr(0, &self.hay[checked..read_to]).is_some()
                    {
                        return None;
                    }
                    pieces.push(last);
                    return Some((pieces, upto, stopped_at));
                }
                selected += piece.stats.matched_lines;
                pieces.push(piece);
            }
            if cheap {
                // Memory, not the pattern, bounds this search, and a wave reads its chunks
                // twice (count, then search), while the sequential reader stops where -m
                // is reached. It starts again from the top; the first chunk was small.
                return None;
            }
            next = upto;
        }
        Some((pieces, self.chunks.len(), None))
    }

    /// Searches chunk `k`, whose first line is `first_line`, with `index` its line index
    /// if it has one, and with its neighbours' lines that decide its context: -A + 1
    /// before it, -B after it. With `to_end`, the search may run past the chunk to the
    /// end of the file, for the after-context of its last selection under `-m`.
    fn scan(
        &self,
        scanner: &mut LineScanner<'_>,
        k: usize,
        first_line: u64,
        index: Vec<u64>,
        to_end: bool,
    ) -> Piece {
        let range = self.chunks[k].clone();
        let options = self.options;
        let own_end = if to_end { self.hay.len() } else { range.end };
        let own = range.start as u64..own_end as u64;
        let (mut state, scanned) = if self.context || to_end {
            // The line index counts from the chunk's start, so lines are counted from the
            // first one scanned instead.
            let from = lines_back(self.hay, range.start, 0, options.after + 1, TERM);
            let skipped = lines::count_terminators(&self.hay[from..range.start], TERM);
            let state = ScanState::chunk(first_line - skipped, from as u64, vec![], own);
            let until = lines_forward(self.hay, own_end, options.before);
            (state, from..until)
        } else {
            let state = ScanState::chunk(first_line, own.start, index, own);
            (state, range)
        };
        let (rendered, stats) =
            self.render(|output| scanner.scan(&self.hay[scanned], 0, &mut state, output));
        self.keep_error(scanner);
        Piece {
            rendered,
            stats,
            joint: Joint {
                cold: state.opened_cold,
                lead_context_end: state.lead_context_end,
            },
            stopped_at: state.stopped_at,
        }
    }
}

/// How a chunk's output joins the output before it.
struct Joint {
    /// Nothing before the chunk's first printed line was printed.
    cold: bool,
    /// The chunk's output starts with after-context of an earlier chunk's last record,
    /// and this much of it.
    lead_context_end: Option<usize>,
}

/// Bytes a second above which a search is bound by memory rather than by the pattern: a
/// literal searches at several GB/s, a pattern like `\w{5}\s+\w{5}` below 1 GB/s.
const CHEAP_BYTES_PER_SECOND: f64 = 2e9;

/// Whether `bytes` searched in `took` show a cheap pattern (see [`Plan::scan_until`]). The
/// tests' forced chunk size turns this off, so that they always reach the chunked search.
fn cheap_to_search(bytes: usize, took: Duration) -> bool {
    test_chunk_bytes().is_none() && bytes as f64 > CHEAP_BYTES_PER_SECOND * took.as_secs_f64()
}

/// The end of the `count`-th line at or after `start` (a line start), or the end of `hay`.
fn lines_forward(hay: &[u8], start: usize, count: usize) -> usize {
    let mut at = start;
    for _ in 0..count {
        if at >= hay.len() {
            break;
        }
        at = lines::line_from(hay, at, TERM).end;
    }
    at
}

/// The bytes of a step of [`survey`]: small enough to stay in cache while they are counted
/// and searched.
const STEP: usize = 64 * 1024;

/// What the first pass learns about one step of a chunk, a run of whole lines.
struct Step {
    /// Where the step ends: a file offset just after a terminator, or the file's end.
    end: usize,
    /// Its terminators.
    lines: u64,
    /// The file offset of the line of its first match, and the terminators in the step
    /// before that line; None if nothing in the step matches.
    first: Option<(usize, u64)>,
}

/// Cuts `chunk` of `hay` into steps of whole lines, and counts and searches each while it
/// is in cache. Returns the steps and whether the chunk holds a NUL. A step is searched as
/// a haystack of its own, which finds what a search of the chunk finds on its lines, as
/// no match crosses a line.
fn survey(scanner: &mut LineScanner<'_>, hay: &[u8], chunk: Range<usize>) -> (Vec<Step>, bool) {
    let mut steps = Vec::with_capacity(chunk.len() / STEP + 1);
    let mut nul = false;
    let mut start = chunk.start;
    while start < chunk.end {
        let end = cut_end(hay, start, STEP).min(chunk.end);
        let bytes = &hay[start..end];
        nul |= memchr::memchr(0, bytes).is_some();
        let line = scanner
            .next_match(bytes, 0)
            .map(|m| lines::line_around(bytes, 0, m.start, TERM).start);
        // Counted in two parts, so that the first match's line number costs no more.
        let split = line.unwrap_or(bytes.len());
        let before = lines::count_terminators(&bytes[..split], TERM);
        steps.push(Step {
            end,
            lines: before + lines::count_terminators(&bytes[split..], TERM),
            first: line.map(|line| (start + line, before)),
        });
        start = end;
    }
    (steps, nul)
}

/// A chunk's line index: its terminators before each multiple of [`LINE_INDEX_STEP`],
/// counted in one read, and whether it holds a NUL.
fn line_index(bytes: &[u8]) -> (Vec<u64>, bool) {
    let mut index = Vec::with_capacity(bytes.len() / LINE_INDEX_STEP + 2);
    let (mut total, mut nul) = (0, false);
    index.push(0);
    for step in bytes.chunks(LINE_INDEX_STEP) {
        let (count, zero) = lines::count_terminators_and_nul(step, TERM);
        total += count;
        nul |= zero;
        index.push(total);
    }
    (index, nul)
}

/// Cuts `hay` like [`cut`], into chunks of about `first` bytes, then twice that, and so
/// on up to `size`.
fn cut_growing(hay: &[u8], first: u64, size: u64) -> Vec<Range<usize>> {
    let mut chunks = Vec::new();
    let (mut start, mut want) = (0, first.max(1));
    while start < hay.len() {
        let end = cut_end(hay, start, want as usize);
        chunks.push(start..end);
        start = end;
        want = (want * 2).min(size.max(1));
    }
    chunks
}

/// Where a chunk that starts at `start` and should hold about `size` bytes ends: just
/// after the first terminator at or past `start + size`, or at the end of `hay`.
fn cut_end(hay: &[u8], start: usize, size: usize) -> usize {
    let nominal = start.saturating_add(size.max(1)).min(hay.len());
    match memchr::memchr(TERM, &hay[nominal..]) {
        Some(at) if nominal < hay.len() => nominal + at + 1,
        _ => hay.len(),
    }
}

/// Cuts `hay` into chunks of about `size` bytes, each ending just after a terminator (or at
/// the end), so that every chunk holds whole lines.
fn cut(hay: &[u8], size: u64) -> Vec<Range<usize>> {
    let size = size.max(1) as usize;
    let mut chunks = Vec::new();
    let mut start = 0;
    while start < hay.len() {
        let end = cut_end(hay, start, size);
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
    fn growing_chunks_double_up_to_the_usual_size() {
        let hay = b"a\nbb\nccc\ndddd\neeeee\nffffff\nggggggg\nhhhhhhhh\n";
        let chunks = cut_growing(hay, 1, 8);
        assert_eq!(chunks[0], 0..2);
        assert_eq!(chunks.last().unwrap().end, hay.len());
        for pair in chunks.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            assert_eq!(hay[pair[0].end - 1], b'\n');
        }
        let lens: Vec<usize> = chunks.iter().map(|c| c.len()).collect();
        assert!(lens.windows(2).all(|w| w[1] >= w[0].min(8)), "{lens:?}");
        assert!(cut_growing(b"", 1, 8).is_empty());
    }

    #[test]
    fn a_file_without_terminators_is_one_chunk() {
        assert_eq!(cut(b"abcdef", 2), vec![0..6]);
        assert_eq!(cut(b"", 2), Vec::<Range<usize>>::new());
    }
}
