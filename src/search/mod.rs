//! The searcher: reads one file, decides whether it is binary, finds its matching lines and
//! hands them to the printer. It is plain sequential code; the thread and process
//! transports of the pipeline both drive it one file at a time.
//!
//! Invariants:
//! - The whole buffer is searched at once; lines are located only around matches, and line
//!   numbers come from counting terminators between matches. No per-line loop runs over
//!   lines that do not match.
//! - Buffers are reused from file to file, so a worker allocates only while its files grow.
//! - Binary rule (README, "Binary files"): a file with a NUL byte anywhere is binary. A file
//!   found by walking is then skipped silently. A file named on the command line is
//!   searched with each NUL read as a line terminator, and prints ripgrep's one-line notice
//!   if anything matches.

pub mod lines;

use std::fs::File;
use std::io::{self, Read};
use std::ops::Range;
use std::path::Path;

use regex_automata::meta::Cache;

use crate::matcher::Matcher;
use crate::printer::Printer;

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
    /// A file on disk.
    Path(&'p Path),
    /// The process's standard input.
    Stdin,
}

/// One worker's searcher. It owns the read buffer and the regex scratch space, and reuses
/// both across files.
pub struct Searcher<'m> {
    matcher: &'m Matcher,
    printer: &'m Printer,
    cache: Cache,
    buf: Vec<u8>,
    line_matches: Vec<Range<usize>>,
    count_every_match: bool,
}

impl<'m> Searcher<'m> {
    /// A searcher that finds with `matcher` and renders with `printer`.
    pub fn new(matcher: &'m Matcher, printer: &'m Printer) -> Searcher<'m> {
        Searcher {
            matcher,
            printer,
            cache: matcher.new_cache(),
            buf: Vec::new(),
            line_matches: Vec::new(),
            count_every_match: false,
        }
    }

    /// Find every match in each matching line even when the printer prints the line only
    /// once, so that [`FileStats::matches`] counts them all (`--stats`).
    pub fn count_every_match(&mut self, yes: bool) -> &mut Self {
        self.count_every_match = yes;
        self
    }

    /// Searches `source` and appends its rendered output to `out`, under the name `display`.
    /// `explicit` says that the user named this file, which changes the binary rule.
    pub fn search(
        &mut self,
        source: Source<'_>,
        explicit: bool,
        display: &[u8],
        out: &mut Vec<u8>,
    ) -> io::Result<FileStats> {
        self.read(source)?;
        let mut stats = FileStats {
            bytes_searched: self.buf.len() as u64,
            ..FileStats::default()
        };
        match memchr::memchr(0, &self.buf) {
            None => self.scan(display, out, &mut stats),
            Some(_) if !explicit => {
                // ripgrep stops reading a walked binary file at once and counts none of
                // its bytes as searched.
                stats.skipped_binary = true;
                stats.bytes_searched = 0;
            }
            Some(nul) => {
                for byte in self.buf.iter_mut().filter(|b| **b == 0) {
                    *byte = lines::TERM;
                }
                if self.next_match(0).is_some() {
                    stats.matched_lines = 1;
                    stats.matches = 1;
                    self.printer.binary_matched(out, display, nul as u64);
                }
            }
        }
        Ok(stats)
    }

    fn read(&mut self, source: Source<'_>) -> io::Result<()> {
        self.buf.clear();
        match source {
            Source::Path(path) => {
                let mut file = File::open(path)?;
                // One extra byte lets read_to_end see EOF without growing the buffer.
                let hint = file.metadata().map_or(0, |m| m.len() as usize);
                self.buf.reserve(hint.saturating_add(1));
                file.read_to_end(&mut self.buf)?;
            }
            Source::Stdin => {
                io::stdin().lock().read_to_end(&mut self.buf)?;
            }
        }
        Ok(())
    }

    /// The next match at or after `pos` that lies on a real line. An empty match at the
    /// very end of a buffer that ends in a terminator is not on any line.
    fn next_match(&mut self, pos: usize) -> Option<Range<usize>> {
        let hay = &self.buf;
        let m = self.matcher.find_at(&mut self.cache, hay, pos)?;
        if m.start == hay.len() && (hay.is_empty() || hay[hay.len() - 1] == lines::TERM) {
            return None;
        }
        Some(m)
    }

    /// Finds every matching line of a text buffer and renders it.
    fn scan(&mut self, display: &[u8], out: &mut Vec<u8>, stats: &mut FileStats) {
        // `pos` always starts a line, and everything before it is done. `line_number` is
        // the number of the line that starts at `counted`.
        let mut pos = 0;
        let mut counted = 0;
        let mut line_number = 1;
        while pos < self.buf.len() {
            let Some(first) = self.next_match(pos) else {
                break;
            };
            let line = lines::line_around(&self.buf, pos, first.start);
            line_number += lines::count_terminators(&self.buf[counted..line.start]);
            counted = line.start;
            self.matched_line(line.clone(), first, line_number, display, out, stats);
            pos = line.end;
        }
    }

    /// Renders one line that holds the match `first`.
    fn matched_line(
        &mut self,
        line: Range<usize>,
        first: Range<usize>,
        line_number: u64,
        display: &[u8],
        out: &mut Vec<u8>,
        stats: &mut FileStats,
    ) {
        self.line_matches.clear();
        if self.printer.needs_every_match() || self.count_every_match {
            // Search the line alone, without its terminator, as ripgrep's printer does, so
            // that look-around sees the line end as the end of the haystack.
            let content = lines::without_terminator(&self.buf, line.clone());
            let hay = &self.buf[..content.end];
            // A match must start before the end of the line's range, terminator included;
            // so an empty match at the end of a last line without terminator is dropped.
            // If that leaves none, the line still matched, and prints without a column.
            let found = &mut self.line_matches;
            self.matcher
                .for_each_match(&mut self.cache, hay, line.start, |m| {
                    if m.start >= line.end {
                        return false;
                    }
                    found.push(m.start - line.start..m.end - line.start);
                    true
                });
        } else {
            self.line_matches
                .push(first.start - line.start..first.end - line.start);
        }
        stats.matched_lines += 1;
        stats.matches += self.line_matches.len() as u64;
        self.printer.matched_line(
            out,
            display,
            line_number,
            &self.buf[line],
            &self.line_matches,
        );
    }
}
