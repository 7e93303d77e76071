//! The searcher: reads one file, decides whether it is binary, finds its matching lines and
//! hands them to the printer. It is plain sequential code; the thread and process
//! transports of the pipeline both drive it one file at a time.
//!
//! Invariants:
//! - Reading is plain `read` calls into one rolling buffer: no stat and no seek, so a small
//!   file costs one read for its bytes and one to see its end. A file is read until the
//!   buffer is full or the file ends (a pipe: one read), and the complete lines read go
//!   to the [`scan::LineScanner`] as one block; the incomplete last line is carried to
//!   the front of the buffer and completed by the next read. Memory per worker is the
//!   buffer, [`CHUNK`] bytes, grown only to hold a line longer than that.
//! - The buffer is reused from file to file.
//! - Binary rule (README, "Binary files"): a file with a NUL byte anywhere is binary. A
//!   file found by walking is then skipped silently, and whatever it had printed is
//!   dropped: output is rendered per file, so this costs nothing. A file named on the
//!   command line is searched, each NUL read as a line terminator unless ripgrep would
//!   map the file (`SearchOptions::keep_nuls`), and prints
//!   ripgrep's one-line notice instead of its lines if anything matches. Only parts of a
//!   streamed file that were already handed on stay printed ([`stream`]).

pub mod chunked;
pub mod lines;
pub mod mmap;
pub mod preprocess;
pub mod scan;
pub mod stream;

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::time::Instant;

use crate::matcher::Matcher;
use crate::printer::{FileSummary, OutputMode, Printer};
use crate::walk::dirfd::{self, DirFd};

use self::preprocess::{Preprocess, Running};
use self::scan::{LineScanner, Output, ScanState};
use self::stream::{HandOn, Stream, Within};

/// The size of the rolling read buffer. Most source files fit in one read of this size;
/// a larger file is read in steps of it.
pub const CHUNK: usize = 64 * 1024;

/// What a search of one file found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FileStats {
    /// Bytes read and searched.
    pub bytes_searched: u64,
    /// Lines that matched.
    pub matched_lines: u64,
    /// Matches counted; under a per-line format only the first in each line is counted,
    /// unless the searcher was asked to count every match.
    pub matches: u64,
    /// The file was skipped because it is binary.
    pub skipped_binary: bool,
    /// The offset of the file's first NUL byte, if it was found to be binary.
    pub binary_offset: Option<u64>,
    /// The chunks searched in parallel, if the file was huge enough; 0 when it was read
    /// sequentially.
    pub chunks: u64,
}

impl FileStats {
    /// Whether anything in the file matched.
    pub fn matched(&self) -> bool {
        self.matched_lines > 0
    }
}

/// Where the bytes of a haystack come from.
#[derive(Clone, Copy, Debug)]
pub enum Source<'p> {
    /// A file on disk, opened in its held directory if it has one (see
    /// [`crate::walk::dirfd`]).
    Path(&'p Path, Option<&'p DirFd>),
    /// The process's standard input.
    Stdin,
}

/// One file's rendered output.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The bytes to print.
    pub bytes: Vec<u8>,
    /// Where each result record, with its after-context, ends in `bytes`: a match under
    /// the per-match layout, a line under the per-line one, a file's line under `-c` or
    /// `-l`. `--max-results` cuts the output at one of these.
    pub records: Vec<u64>,
}

/// How a binary file is treated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BinaryMode {
    /// The README's rule: a walked binary file is skipped, a named one is searched for
    /// the notice.
    #[default]
    Auto,
    /// Every binary file is searched for the notice, walked or named (`--binary`).
    Search,
    /// No binary detection: NUL is a byte like any other (`-a`).
    Text,
}

/// What to select and which context to show: everything of a search that is not layout.
#[derive(Clone, Debug, Default)]
pub struct SearchOptions {
    /// Select lines that do not match (`-v`).
    pub invert: bool,
    /// Stop a file after this many selected lines (`-m`).
    pub max_count: Option<u64>,
    /// Lines of context before each selected line (`-B`).
    pub before: usize,
    /// Lines of context after each selected line (`-A`).
    pub after: usize,
    /// Print every line, unselected ones as context (`--passthru`).
    pub passthru: bool,
    /// Binary files.
    pub binary: BinaryMode,
    /// A NUL in a searched binary file stays a byte. Otherwise it ends a line, as when
    /// ripgrep reads a file; when ripgrep maps one instead (a few named files, or
    /// `--mmap`), its NULs stay bytes, which changes what `-c` counts.
    pub keep_nuls: bool,
    /// Search files through a decompressor (`-z`) or the user's command (`--pre`).
    pub preprocess: Preprocess,
    /// Kill that program if it runs longer than this on one file (`--pre-timeout`).
    pub preprocess_timeout: Option<std::time::Duration>,
    /// Replace each match with this, expanding `$1`, `${name}` and `$$` (`-r`).
    pub replacement: Option<Vec<u8>>,
    /// How file bytes are decoded before searching (`-E`).
    pub encoding: Encoding,
    /// Matches may span lines (`-U`): each file is read whole, then scanned once.
    pub multiline: bool,
    /// Stop a file at the first unselected line after a selected one (`--stop-on-nonmatch`).
    pub stop_on_nonmatch: bool,
    /// NUL is the line terminator (`--null-data`).
    pub null_data: bool,
}

impl SearchOptions {
    /// The line terminator: `\n`, or NUL under `--null-data`.
    pub fn term(&self) -> u8 {
        if self.null_data { 0 } else { b'\n' }
    }
}

/// How file bytes are decoded before searching.
#[derive(Clone, Copy, Debug, Default)]
pub enum Encoding {
    /// A byte-order mark picks UTF-16LE, UTF-16BE or UTF-8 (whose mark is dropped);
    /// without one the bytes are searched as they are. ripgrep's default.
    #[default]
    Auto,
    /// Always decode from this encoding to UTF-8 (`-E LABEL`); a byte-order mark wins.
    Label(&'static encoding_rs::Encoding),
    /// Never decode (`-E none`).
    None,
}

/// One worker's searcher. It owns the read buffer and the scanner, and reuses both across
/// files.
pub struct Searcher<'m> {
    scanner: LineScanner<'m>,
    matcher: &'m Matcher,
    printer: &'m Printer,
    count_every_match: bool,
    options: &'m SearchOptions,
    /// Always fully initialized; `filled` says how much of it holds data.
    buf: Vec<u8>,
    /// Whether the source is a regular file, whose reads are filled to the end of the
    /// buffer before it is scanned (see [`Searcher::search_reader`]). A pipe is scanned
    /// after each read, so its lines show as soon as they arrive.
    fill_reads: bool,
    /// Whether a NUL in this source stays a byte once it is found to be binary: as
    /// `SearchOptions::keep_nuls` says for a file read directly, never for a pipe.
    keep_nuls: bool,
    /// Where the output goes while it is rendered, if the pipeline streams this search.
    stream: Option<Stream<'m>>,
}

impl<'m> Searcher<'m> {
    /// A searcher that finds with `matcher`, selects by `options` and renders with
    /// `printer`.
    pub fn new(
        matcher: &'m Matcher,
        printer: &'m Printer,
        options: &'m SearchOptions,
    ) -> Searcher<'m> {
        let mut searcher = Searcher {
            scanner: LineScanner::new(matcher, printer, options),
            matcher,
            printer,
            count_every_match: false,
            fill_reads: false,
            keep_nuls: false,
            stream: None,
            options,
            buf: vec![0; CHUNK],
        };
        searcher.count_every_match(false);
        searcher
    }

    /// Find every match in each matching line even when the printer prints the line only
    /// once, so that [`FileStats::matches`] counts them all (`--stats`).
    pub fn count_every_match(&mut self, yes: bool) -> &mut Self {
        let counting = matches!(
            self.printer.config().mode,
            OutputMode::Count { matches: true, .. }
        );
        self.count_every_match = yes || counting;
        self.scanner.count_every_match(yes || counting);
        self
    }

    /// Hands the output of the next searches on through `stream` as it is rendered, rather
    /// than leaving it all in their `out`; None goes back to rendering whole. Returns the
    /// stream that was installed before.
    pub fn stream(&mut self, stream: Option<Stream<'m>>) -> Option<Stream<'m>> {
        std::mem::replace(&mut self.stream, stream)
    }

    /// Searches `source` and appends its rendered output to `out`, under the name `display`.
    /// `explicit` says that the user named this file, which changes the binary rule.
    ///
    /// While a stream is installed ([`Searcher::stream`]), the output goes there instead,
    /// all of it, and `out` is left as it was; a bounded stream that handed on nothing
    /// leaves it all in `out`. What was found before an error is handed on too.
    pub fn search(
        &mut self,
        source: Source<'_>,
        explicit: bool,
        display: &[u8],
        out: &mut Rendered,
    ) -> io::Result<FileStats> {
        let out_start = out.bytes.len();
        if let Some(stream) = self.stream.as_mut() {
            stream.start();
        }
        let searched = self.search_and_summarize(source, explicit, display, out, out_start);
        if let Some(stream) = self.stream.as_mut() {
            // The rest, such as the `end` message, a count or the binary notice, as the
            // last part.
            stream.finish(&mut out.bytes, &mut out.records, out_start);
        }
        searched
    }

    /// [`Searcher::search`], but for the last part handed on.
    fn search_and_summarize(
        &mut self,
        source: Source<'_>,
        explicit: bool,
        display: &[u8],
        out: &mut Rendered,
        out_start: usize,
    ) -> io::Result<FileStats> {
        let started = self.printer.is_json().then(Instant::now);
        let stats = if self.options.max_count == Some(0) {
            // Nothing can be selected; ripgrep does not even open the file.
            FileStats::default()
        } else {
            match source {
                Source::Path(path, dir) => {
                    self.fill_reads = true;
                    match preprocess::command(&self.options.preprocess, path)? {
                        Some(cmd) => self.search_preprocessed(cmd, path, explicit, display, out)?,
                        None => {
                            self.keep_nuls = self.options.keep_nuls;
                            self.search_file(dirfd::open(path, dir)?, explicit, display, out)?
                        }
                    }
                }
                Source::Stdin => {
                    self.fill_reads = false;
                    self.keep_nuls = false;
                    match self.stream.as_ref().map(Stream::stdin).transpose()? {
                        Some(stdin) => {
                            // One search at a time reads stdin, as when it is read through
                            // the lock: two `-` arguments must not split its lines.
                            let _turn = io::stdin().lock();
                            self.search_decoded(stdin, 0, explicit, display, out)?
                        }
                        None => {
                            self.search_decoded(io::stdin().lock(), 0, explicit, display, out)?
                        }
                    }
                }
            }
        };
        let sent = self.stream.as_ref().map_or(0, Stream::sent);
        if let Some(started) = started {
            let printed = sent + (out.bytes.len() - out_start) as u64;
            if printed > 0 {
                let file = FileSummary {
                    matched_lines: stats.matched_lines,
                    matches: stats.matches,
                    bytes_searched: stats.bytes_searched,
                    binary_offset: stats.binary_offset,
                    elapsed: started.elapsed(),
                };
                self.printer
                    .json_end(&mut out.bytes, display, &file, printed);
            }
        } else if !stats.skipped_binary {
            let before = out.bytes.len();
            // Under -U, ripgrep's -c counts matches, since one may cover several lines.
            let lines = if self.options.multiline && !self.options.invert {
                stats.matches
            } else {
                stats.matched_lines
            };
            self.printer
                .summary(&mut out.bytes, display, lines, stats.matches);
            if out.bytes.len() > before {
                out.records.push(out.bytes.len() as u64);
            }
        }
        Ok(stats)
    }

    /// Searches `bytes` as the contents of a file named on the command line, through the
    /// sequential reader only: what [`Searcher::search`] does with a file that is not
    /// huge. Public for the fuzz target and the property tests, which compare it with
    /// [`chunked::search_bytes`] and with a naive reference.
    #[doc(hidden)]
    pub fn search_bytes(
        &mut self,
        bytes: &[u8],
        display: &[u8],
        out: &mut Rendered,
    ) -> io::Result<FileStats> {
        self.fill_reads = true;
        self.keep_nuls = self.options.keep_nuls;
        self.search_decoded(bytes, 0, true, display, out)
    }

    /// Searches what `cmd` prints for the file at `path` (see [`preprocess`]).
    fn search_preprocessed(
        &mut self,
        cmd: std::process::Command,
        path: &std::path::Path,
        explicit: bool,
        display: &[u8],
        out: &mut Rendered,
    ) -> io::Result<FileStats> {
        log::debug!("{}: searching the output of {cmd:?}", path.display());
        let mut running = Running::start(cmd, self.options.preprocess_timeout)?;
        self.keep_nuls = false;
        let searched = self.search_decoded(&mut running, 0, explicit, display, out);
        if matches!(searched, Ok(stats) if stats.skipped_binary) {
            // The binary rule stopped the search, not the user: whether the program
            // failed is still to be learnt, as ripgrep does (a truncated archive whose
            // first part holds a NUL is an error, exit 2).
            running.drain();
        }
        // The program's failure is the file's error, even when the search went well.
        let finished = running.finish();
        let stats = searched?;
        finished?;
        Ok(stats)
    }

    /// Searches an open file: in parallel chunks if it is huge and the search allows it
    /// (see [`chunked`]), else through the rolling buffer. Only a file that fills the
    /// first read is asked its size, so small files cost no extra system call.
    fn search_file(
        &mut self,
        mut file: File,
        explicit: bool,
        display: &[u8],
        out: &mut Rendered,
    ) -> io::Result<FileStats> {
        let n = read_some(&mut file, &mut self.buf)?;
        if n == self.buf.len() {
            let len = file.metadata()?.len();
            if len == 0 {
                // Its stream stays closed: a pseudo-file cannot be looked at twice.
                return self.search_pseudo_file(file, n, explicit, display, out);
            }
            let (min_bytes, chunk_size) = chunked::sizes();
            if chunked::applies(self.options)
                && len >= min_bytes
                && let Some(stats) = chunked::search(
                    self.matcher,
                    self.printer,
                    self.options,
                    self.count_every_match,
                    &file,
                    chunk_size(len),
                    display,
                    out,
                    self.stream.as_mut(),
                )?
            {
                return Ok(stats);
            }
        }
        if let Some(stream) = self.stream.as_mut() {
            if self.options.binary == BinaryMode::Text {
                stream.open_gate();
            } else {
                stream.probe(std::os::fd::AsRawFd::as_raw_fd(&file));
            }
        }
        self.search_decoded(file, n, explicit, display, out)
    }

    /// Searches a file that says it is empty but filled the first read: a file of procfs
    /// or sysfs, whose contents are made as they are read. A few of them never end, or
    /// only in terabytes (`/proc/self/pagemap`), and refuse reads of a size that does not
    /// fit their records. ripgrep's first read of such a file is 3 bytes (it looks for a
    /// byte-order mark), which they refuse at once: `Invalid argument`. The next read here
    /// is 3 bytes too, so they fail as they do in ripgrep, instead of being read without
    /// end, while a long text file such as `/proc/kallsyms` reads on. ripgrep cannot map
    /// such a file, so its NULs end lines as in any file it reads.
    fn search_pseudo_file(
        &mut self,
        mut file: File,
        prefilled: usize,
        explicit: bool,
        display: &[u8],
        out: &mut Rendered,
    ) -> io::Result<FileStats> {
        self.keep_nuls = false;
        let mut probe = [0u8; 3];
        let n = read_some(&mut file, &mut probe)?;
        let reader = io::Cursor::new(probe[..n].to_vec()).chain(file);
        self.search_decoded(reader, prefilled, explicit, display, out)
    }

    /// Searches `reader` after decoding it as `-E` says. Under the default, the first read
    /// is checked for a byte-order mark, so a file without one costs no extra read and no
    /// copy; one with a mark is re-read through a decoder, its first bytes chained in front.
    /// `prefilled` bytes at the start of the buffer were already read from `reader`.
    fn search_decoded(
        &mut self,
        mut reader: impl Read,
        prefilled: usize,
        explicit: bool,
        display: &[u8],
        rendered: &mut Rendered,
    ) -> io::Result<FileStats> {
        match self.options.encoding {
            Encoding::None => self.search_reader(reader, prefilled, explicit, display, rendered),
            Encoding::Label(encoding) => {
                let head = io::Cursor::new(self.buf[..prefilled].to_vec());
                let decoded = decoder(Some(encoding), head.chain(reader));
                self.search_reader(decoded, 0, explicit, display, rendered)
            }
            Encoding::Auto => {
                let n = match prefilled {
                    0 => read_some(&mut reader, &mut self.buf)?,
                    n => n,
                };
                let head = &self.buf[..n];
                if has_byte_order_mark(head) {
                    let chained = io::Cursor::new(head.to_vec()).chain(reader);
                    self.search_reader(decoder(None, chained), 0, explicit, display, rendered)
                } else {
                    self.search_reader(reader, n, explicit, display, rendered)
                }
            }
        }
    }

    /// The search loop. `prefilled` bytes at the start of the buffer were already read
    /// from `reader`.
    fn search_reader(
        &mut self,
        mut reader: impl Read,
        prefilled: usize,
        explicit: bool,
        display: &[u8],
        rendered: &mut Rendered,
    ) -> io::Result<FileStats> {
        let Rendered {
            bytes: out,
            records,
        } = rendered;
        let out_start = out.len();
        let mut stats = FileStats::default();
        let mut state = ScanState::new();
        // buf[..start] holds lines kept for before-context; buf[start..filled] holds
        // unsearched bytes, which never include a complete line.
        let (mut start, mut filled) = (0usize, 0usize);
        let mut offset = 0u64;
        let mut first_nul: Option<u64> = None;
        // Whether the file is searched under the binary rule, once a NUL is found.
        let mut binary = false;
        let mut prefilled = Some(prefilled).filter(|&n| n > 0);
        loop {
            if filled == self.buf.len() {
                // A line longer than the buffer: grow it to hold the line whole.
                self.buf.resize(self.buf.len() * 2, 0);
            }
            let fresh = filled;
            let n = match prefilled.take() {
                Some(n) => n,
                None => read_some(&mut reader, &mut self.buf[fresh..])?,
            };
            filled += n;
            offset += n as u64;
            let eof = n == 0;

            if self.options.binary != BinaryMode::Text
                && first_nul.is_none()
                && let Some(at) = memchr::memchr(0, &self.buf[fresh..filled])
            {
                first_nul = Some(offset - (filled - fresh - at) as u64);
                // ripgrep's JSON shows a binary file that it searches (named on the
                // command line, or walked under --binary) as text: every matching line,
                // and the NUL's offset in `end`.
                binary = !self.printer.is_json();
                if binary {
                    out.truncate(out_start);
                    records.clear();
                    // What was streamed stays printed, as ripgrep's lines do.
                    if let Some(stream) = self.stream.as_mut() {
                        stream.dropped_unsent();
                    }
                }
                if !explicit && self.options.binary == BinaryMode::Auto {
                    log::debug!(
                        "{}: skipped: binary data (a NUL byte) at offset {}",
                        String::from_utf8_lossy(display),
                        first_nul.unwrap_or_default()
                    );
                    // ripgrep stops reading a walked binary file at once and counts none
                    // of its bytes as searched.
                    return Ok(FileStats {
                        skipped_binary: true,
                        ..FileStats::default()
                    });
                }
            }
            // A read file's NULs end lines, also where JSON shows it as text.
            if first_nul.is_some() && !self.keep_nuls {
                for byte in self.buf[fresh..filled].iter_mut().filter(|b| **b == 0) {
                    *byte = self.options.term();
                }
            }

            let block_end = if eof && self.stream.as_ref().is_some_and(Stream::stopped) {
                // The run stopped while stdin's last line was still coming: that part of a
                // line is not searched.
                start
            } else if eof {
                filled
            } else if self.options.multiline || (self.fill_reads && filled < self.buf.len()) {
                // Multiline: a match may reach anywhere, so read the whole file first.
                // A file: read until the buffer is full or the file ends. A file that
                // fits is then scanned once, at its end, and never rolled, so its lines
                // are counted only if something matches; counting them at each roll was
                // a tenth of the time of a literal search of the Linux tree.
                continue;
            } else {
                match memchr::memrchr(self.options.term(), &self.buf[fresh..filled]) {
                    Some(at) => fresh + at + 1,
                    None => continue,
                }
            };
            let block = &self.buf[..block_end];
            stats.bytes_searched += (block_end - start) as u64;
            if binary && self.printer.prints_lines() {
                // Binary: only whether anything is selected is wanted.
                if !stats.matched() {
                    // Whether a line is selected, and where ripgrep then stops reading:
                    // after the first matching line; under -v it reads on.
                    let (selected, stop) = if self.options.invert {
                        // Any line without a match: step from match to match, and look
                        // for a line between them or after the last one.
                        let mut at = start;
                        let any = loop {
                            if at >= block.len() {
                                break false;
                            }
                            match self.scanner.next_match(block, at) {
                                None => break true,
                                Some(m) => {
                                    let line_start =
                                        memchr::memrchr(self.options.term(), &block[..m.start])
                                            .map_or(0, |i| i + 1);
                                    if line_start > at {
                                        break true;
                                    }
                                    at = lines::line_from(block, m.start, self.options.term())
                                        .end
                                        .max(at + 1);
                                }
                            }
                        };
                        (any, None)
                    } else {
                        match self.scanner.next_match(block, start) {
                            Some(m) => (
                                true,
                                Some(lines::line_from(block, m.start, self.options.term()).end),
                            ),
                            None => (false, None),
                        }
                    };
                    if selected {
                        stats.matched_lines = 1;
                        stats.matches = 1;
                    }
                    if let Some(line_end) = stop {
                        state.stopped_at = Some(offset - (filled - line_end) as u64);
                    }
                }
                if stats.matched() {
                    break;
                }
            } else {
                let mut within = self.stream.as_mut().map(|stream| Within {
                    stream,
                    from: out_start,
                });
                let mut output = Output {
                    path: display,
                    out,
                    records,
                    stats: &mut stats,
                    parts: within.as_mut().map(|w| w as &mut dyn HandOn),
                };
                self.scanner.scan(block, start, &mut state, &mut output);
                if let Some(stream) = self.stream.as_mut() {
                    let open = self.scanner.record_open(&state);
                    if !stream.hand_on(out, records, out_start, open) {
                        break;
                    }
                }
                if state.done {
                    break;
                }
            }
            if eof {
                break;
            }
            let keep_from = self.scanner.keep_from(block, &state).min(block_end);
            state.roll(block, keep_from, self.options.term());
            self.buf.copy_within(keep_from..filled, 0);
            start = block_end - keep_from;
            filled -= keep_from;
        }
        if let Some(err) = self.scanner.take_error() {
            // A resource limit of the regex engine: this file's search is not complete.
            return Err(io::Error::other(err));
        }
        if let Some(end) = state.stopped_at {
            stats.bytes_searched = end;
        }
        stats.binary_offset = first_nul;
        if let Some(nul) = first_nul
            && self.keep_nuls
        {
            // Searched as ripgrep searches a mapped file: this is what ripgrep reports as
            // searched. A file it reads counts every byte it read.
            stats.bytes_searched = nul;
        }
        if let Some(nul) = first_nul
            && binary
            && stats.matched()
            && self.printer.prints_lines()
        {
            self.printer.binary_matched(out, display, nul);
            records.push(out.len() as u64);
        }
        Ok(stats)
    }
}

/// Whether `head` starts with a UTF-8, UTF-16LE or UTF-16BE byte-order mark.
pub fn has_byte_order_mark(head: &[u8]) -> bool {
    [&b"\xEF\xBB\xBF"[..], b"\xFF\xFE", b"\xFE\xFF"]
        .iter()
        .any(|bom| head.starts_with(bom))
}

/// A reader that decodes `reader` to UTF-8: from `encoding`, or from the encoding its
/// byte-order mark names, dropping the mark.
fn decoder<R: Read>(encoding: Option<&'static encoding_rs::Encoding>, reader: R) -> impl Read {
    encoding_rs_io::DecodeReaderBytesBuilder::new()
        .encoding(encoding)
        .bom_override(true)
        .strip_bom(true)
        .utf8_passthru(true)
        .build(reader)
}

/// One `read`, retried if a signal interrupts it.
fn read_some(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match reader.read(buf) {
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            result => return result,
        }
    }
}
