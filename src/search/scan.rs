//! The line scanner: finds the matching lines of a block of complete lines and renders
//! them. It knows nothing of files or reading; [`super::Searcher`] feeds it blocks.
//!
//! Invariants:
//! - A block holds whole lines: it ends with a line terminator, or at the end of the
//!   haystack. The regex is run over the whole block; lines are located only around
//!   matches, and line numbers come from counting terminators between them.
//! - A match never starts in a later block: the haystack handed to the regex ends where
//!   the block ends.

use std::ops::Range;

use regex_automata::meta::Cache;

use super::FileStats;
use super::lines;
use crate::matcher::Matcher;
use crate::printer::Printer;

/// Scans blocks of lines with one matcher and one printer, reusing its scratch space.
pub struct LineScanner<'m> {
    matcher: &'m Matcher,
    printer: &'m Printer,
    cache: Cache,
    line_matches: Vec<Range<usize>>,
    count_every_match: bool,
}

impl<'m> LineScanner<'m> {
    /// A scanner that finds with `matcher` and renders with `printer`.
    pub fn new(matcher: &'m Matcher, printer: &'m Printer) -> LineScanner<'m> {
        LineScanner {
            matcher,
            printer,
            cache: matcher.new_cache(),
            line_matches: Vec::new(),
            count_every_match: false,
        }
    }

    /// Find every match in each matching line even when the printer prints the line once.
    pub fn count_every_match(&mut self, yes: bool) {
        self.count_every_match = yes;
    }

    /// The first match in `block` at or after `pos` that lies on a real line. An empty
    /// match at the very end of a block that ends in a terminator belongs to the next line,
    /// which is not in this block.
    pub fn next_match(&mut self, block: &[u8], pos: usize) -> Option<Range<usize>> {
        let m = self.matcher.find_at(&mut self.cache, block, pos)?;
        if m.start == block.len() && block.last().is_none_or(|&b| b == lines::TERM) {
            return None;
        }
        Some(m)
    }

    /// Finds and renders every matching line of `block`. `line_number` is the number of the
    /// block's first line on entry. On return it is the number of the line that starts at
    /// the returned offset; terminators after that offset are not counted yet, so that a
    /// block with no match costs no counting unless the caller needs the count.
    pub fn scan(
        &mut self,
        block: &[u8],
        line_number: &mut u64,
        display: &[u8],
        out: &mut Vec<u8>,
        stats: &mut FileStats,
    ) -> usize {
        // `pos` always starts a line, and everything before it is done. `*line_number` is
        // the number of the line that starts at `counted`.
        let mut pos = 0;
        let mut counted = 0;
        while pos < block.len() {
            let Some(first) = self.next_match(block, pos) else {
                break;
            };
            let line = lines::line_around(block, pos, first.start);
            *line_number += lines::count_terminators(&block[counted..line.start]);
            counted = line.start;
            self.matched_line(
                block,
                line.clone(),
                first,
                *line_number,
                display,
                out,
                stats,
            );
            pos = line.end;
        }
        counted
    }

    /// Renders one line of `block` that holds the match `first`.
    #[allow(clippy::too_many_arguments)]
    fn matched_line(
        &mut self,
        block: &[u8],
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
            // that look-around sees the line end as the end of the haystack. A match must
            // start before the end of the line's range, terminator included; so an empty
            // match at the end of a last line without terminator is dropped. If that
            // leaves none, the line still matched, and prints without a column.
            let content = lines::without_terminator(block, line.clone());
            let found = &mut self.line_matches;
            self.matcher
                .for_each_match(&mut self.cache, &block[..content.end], line.start, |m| {
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
        self.printer
            .matched_line(out, display, line_number, &block[line], &self.line_matches);
    }
}
