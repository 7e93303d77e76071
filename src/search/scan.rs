//! The line scanner: decides which lines of a block are selected (matches, or non-matches
//! under `-v`) and which are context, and hands them to the printer. It knows nothing of
//! files or reading; [`super::Searcher`] feeds it blocks of whole lines.
//!
//! Invariants:
//! - A block holds whole lines. Its first `start` bytes are lines kept from the previous
//!   block for before-context; they were already scanned and are never selected again.
//! - The regex runs over the whole block; lines are located only around matches, and line
//!   numbers come from counting terminators, forward from the last counted line.
//! - A line is printed at most once: `printed_end` (a file offset) only moves forward, and
//!   before-context never reaches behind it.
//! - Groups of lines that are not adjacent are separated by a context break, and only
//!   when context is on.
//! - Under `--stop-on-nonmatch`, once a line is selected the scan goes one line at a time,
//!   in ripgrep's order of decisions, and ends the file at the first unselected line.

use std::ops::Range;

use super::stream::HandOn;
use super::{FileStats, SearchOptions, lines};
use crate::matcher::{LineFilter, MatchCache, Matcher};
use crate::printer::{Line, Piece, Printer};

/// Where a file's scan stands between blocks.
#[derive(Debug)]
pub struct ScanState {
    /// The number of the line that starts at block offset `counted`.
    line_number: u64,
    counted: usize,
    /// The file offset of the block's first byte.
    base: u64,
    /// The file offset just past the last printed line.
    printed_end: u64,
    /// The number of the last printed line, if any.
    last_printed: Option<u64>,
    /// After-context lines still owed to the last selected line.
    after_left: usize,
    /// Selected lines so far, for `-m`.
    selected: u64,
    /// `-m` was reached: only the last match's after-context remains.
    max_reached: bool,
    /// Where ripgrep's search of the file stops once `-m` is reached, which is what it
    /// counts as searched (a file offset): the end of the last selected line (under -v, of the match
    /// that ends the last selected run). None while the search goes on.
    pub stopped_at: Option<u64>,
    /// The last thing printed was a result record or its after-context, so a further
    /// after-context line extends that record.
    extend_record: bool,
    /// Nothing more can change the output: the search may stop.
    pub done: bool,
    /// The heading (or JSON `begin`) is someone else's to print: set for the chunks of a
    /// file searched in parallel, whose heading is printed once when they are joined.
    no_heading: bool,
    /// For a chunk of a huge file: the number of terminators before each multiple of
    /// [`LINE_INDEX_STEP`] in the block, counted by the first pass, so that line numbers
    /// far from the last counted line are found without counting again.
    line_index: Vec<u64>,
    /// `--stop-on-nonmatch`: how far the file's first selected lines are behind.
    stop: StopPhase,
    /// The number of the block's first line, for the index.
    first_line: u64,
    /// The file offsets of the lines this scan prints. A chunk of a huge file searched
    /// with context also scans some lines of its neighbours, so that its own lines get
    /// the context they would get in a sequential search; those lines are decided as
    /// usual but are the neighbours' to print.
    own: Range<u64>,
    /// Set when this scan prints its first line.
    opened: bool,
    /// Nothing was printed, or passed over as a neighbour's, before this scan's first
    /// printed line: a context break before it is up to whoever joins the chunks.
    pub opened_cold: bool,
    /// Where the after-context that this scan printed for a neighbour's last selected
    /// line ends in its output, if it started with such lines.
    pub lead_context_end: Option<usize>,
}

/// Where a `--stop-on-nonmatch` search stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StopPhase {
    /// No line selected yet: the usual scan.
    NoneSelected,
    /// `-v` without `--passthru`: inside the first run of selected lines. ripgrep searches
    /// for the matching line that ends the run and goes on after it, so that line is passed
    /// over, unprinted, and only the next unselected line stops the search. (This is what
    /// ripgrep does with a file it maps; see the README's known differences.)
    FirstRun,
    /// One line at a time; the next unselected line stops the search.
    LineByLine,
}

/// The spacing of a chunk's line index.
pub const LINE_INDEX_STEP: usize = 64 * 1024;

impl ScanState {
    /// The state at the start of a file.
    pub fn new() -> ScanState {
        ScanState {
            line_number: 1,
            counted: 0,
            base: 0,
            printed_end: 0,
            last_printed: None,
            after_left: 0,
            selected: 0,
            max_reached: false,
            stopped_at: None,
            extend_record: false,
            done: false,
            no_heading: false,
            line_index: Vec::new(),
            first_line: 1,
            stop: StopPhase::NoneSelected,
            own: 0..u64::MAX,
            opened: false,
            opened_cold: false,
            lead_context_end: None,
        }
    }

    /// The state at the start of a chunk of a file that starts at file offset `base` with
    /// line number `line_number`, whose heading is printed when the chunks are joined.
    /// `line_index` holds the terminators before each multiple of [`LINE_INDEX_STEP`].
    /// Only the lines that start in `own` are printed and counted.
    pub fn chunk(line_number: u64, base: u64, line_index: Vec<u64>, own: Range<u64>) -> ScanState {
        ScanState {
            line_number,
            base,
            printed_end: base,
            no_heading: true,
            line_index,
            first_line: line_number,
            own,
            ..ScanState::new()
        }
    }

    /// Whether the line that starts at block offset `at` is this scan's to print.
    fn owns(&self, at: usize) -> bool {
        self.own.contains(&(self.base + at as u64))
    }

    /// The block ends: counts its remaining lines, and moves to a new block that keeps
    /// `block[keep_from..]` at its front.
    pub fn roll(&mut self, block: &[u8], keep_from: usize, term: u8) {
        self.line_number += lines::count_terminators(&block[self.counted..], term);
        self.counted = block.len() - keep_from;
        self.base += keep_from as u64;
    }

    /// The block offset of the file offset `at`, clamped to the block's start.
    fn local(&self, at: u64) -> usize {
        at.saturating_sub(self.base) as usize
    }
}

impl Default for ScanState {
    fn default() -> ScanState {
        ScanState::new()
    }
}

/// Scans blocks of lines with one matcher and one printer, reusing its scratch space.
pub struct LineScanner<'m> {
    matcher: &'m Matcher,
    printer: &'m Printer,
    options: &'m SearchOptions,
    cache: MatchCache,
    line_matches: Vec<Range<usize>>,
    /// The index of the pattern behind each of `line_matches`.
    line_patterns: Vec<u32>,
    /// Multiline mode: where each of `line_matches` points.
    line_pieces: Vec<Piece>,
    /// Multiline mode: the matches of the current region.
    region_matches: Vec<Range<usize>>,
    replaced: Vec<u8>,
    /// Where the replacements are in `replaced`, when the matches are kept too (JSON).
    replaced_ranges: Vec<Range<usize>>,
    count_every_match: bool,
    /// The line terminator, `options.term()`, kept at hand for the per-line loops.
    term: u8,
}

/// Where the printed lines of a file go.
pub struct Output<'a> {
    /// The file's name as printed.
    pub path: &'a [u8],
    /// The file's rendered output.
    pub out: &'a mut Vec<u8>,
    /// Where each result record, with the after-context that follows it, ends in `out`
    /// (for `--max-results`).
    pub records: &'a mut Vec<u64>,
    /// What the search found.
    pub stats: &'a mut FileStats,
    /// Where output may be handed on before the block ends, if the search streams.
    pub parts: Option<&'a mut dyn HandOn>,
}

impl<'m> LineScanner<'m> {
    /// A scanner that finds with `matcher` and renders with `printer`.
    pub fn new(
        matcher: &'m Matcher,
        printer: &'m Printer,
        options: &'m SearchOptions,
    ) -> LineScanner<'m> {
        LineScanner {
            matcher,
            printer,
            options,
            cache: matcher.new_cache(),
            line_matches: Vec::new(),
            line_patterns: Vec::new(),
            line_pieces: Vec::new(),
            region_matches: Vec::new(),
            replaced: Vec::new(),
            replaced_ranges: Vec::new(),
            count_every_match: false,
            term: options.term(),
        }
    }

    /// Find every match in each matching line even when the printer prints the line once.
    pub fn count_every_match(&mut self, yes: bool) {
        self.count_every_match = yes;
    }

    /// The match error met since the last call (a PCRE2 resource limit), if any. After
    /// one, the scanner finds nothing more, so the file's search ends; its caller reports
    /// the error against the file.
    pub fn take_error(&mut self) -> Option<String> {
        self.cache.take_error()
    }

    /// The first match in `block` at or after `pos` that lies on a real line. An empty
    /// match at the very end of a block that ends in a terminator belongs to the next line,
    /// which is not in this block.
    pub fn next_match(&mut self, block: &[u8], pos: usize) -> Option<Range<usize>> {
        let m = match self.matcher.line_filter() {
            Some(filter) if !self.options.multiline => {
                self.next_candidate_match(filter, block, pos)?
            }
            _ => self.matcher.find_at(&mut self.cache, block, pos)?,
        };
        if m.start == block.len() && block.last().is_none_or(|&b| b == self.term) {
            return None;
        }
        Some(m)
    }

    /// The first match at or after `pos` (a line start), found by running the regex only
    /// on the lines in which `filter` finds a candidate.
    fn next_candidate_match(
        &mut self,
        filter: &LineFilter,
        block: &[u8],
        mut pos: usize,
    ) -> Option<Range<usize>> {
        while pos < block.len() {
            let candidate = filter.find(block, pos)?;
            let line = lines::line_around(block, pos, candidate, self.term);
            // The haystack ends with the line, so the regex cannot run into the next one.
            if let Some(m) = self
                .matcher
                .find_at(&mut self.cache, &block[..line.end], line.start)
            {
                return Some(m);
            }
            pos = line.end;
        }
        None
    }

    /// How much of a finished block the next block must keep in front, for before-context:
    /// the offset of the first line to keep.
    pub fn keep_from(&self, block: &[u8], state: &ScanState) -> usize {
        let wanted = if self.options.passthru {
            0
        } else {
            self.options.before
        };
        let floor = state.local(state.printed_end).min(block.len());
        lines_back(block, block.len(), floor, wanted, self.term)
    }

    /// Whether the last result record may still grow: the next context line printed would
    /// be its after-context, and one is still owed (or every line is, under --passthru).
    pub fn record_open(&self, state: &ScanState) -> bool {
        !state.done && state.extend_record && (state.after_left > 0 || self.options.passthru)
    }

    /// Scans `block[start..]`, rendering into `output`.
    pub fn scan(
        &mut self,
        block: &[u8],
        start: usize,
        state: &mut ScanState,
        output: &mut Output<'_>,
    ) {
        let mut pos = start;
        // Under -v, the lines of the next match (or -U region), cached across the lines
        // before it.
        let mut covered: Option<Option<Range<usize>>> = None;
        while pos < block.len() && !state.done {
            // In the first run under -v, reaching -m ends the run as usual: ripgrep drains
            // the after-context then. Only line by line does -m stop the search itself.
            if self.options.stop_on_nonmatch
                && (state.stop == StopPhase::LineByLine
                    || (state.stop == StopPhase::FirstRun && !state.max_reached))
            {
                pos = self.line_after_selection(block, pos, state, output);
                continue;
            }
            if state.max_reached {
                pos = self.drain_after_max(block, pos, state, output);
                continue;
            }
            if self.options.multiline && !self.options.invert {
                pos = self.multiline_region(block, pos, state, output);
                continue;
            }
            let selected = if self.options.invert {
                self.next_unmatched_line(block, pos, &mut covered)
            } else {
                self.next_match(block, pos)
                    .map(|m| lines::line_around(block, pos, m.start, self.term))
            };
            let Some(line) = selected else {
                break;
            };
            // The lines the last block kept in front of `start` are before-context too,
            // back to the last printed line.
            let from = if pos == start {
                state.local(state.printed_end).min(pos)
            } else {
                pos
            };
            self.context_before(block, from, line.start, state, output);
            self.select(block, line.clone(), state, output);
            if self.options.invert && state.stopped_at.is_some() {
                // ripgrep found the match after the run of -v lines before it stopped.
                let found = match &covered {
                    Some(Some(lines)) => lines.end,
                    _ => block.len(),
                };
                state.stopped_at = Some(state.base + found as u64);
            }
            if self.options.stop_on_nonmatch {
                state.stop = if self.options.invert && !self.options.passthru {
                    StopPhase::FirstRun
                } else {
                    StopPhase::LineByLine
                };
            }
            pos = line.end;
        }
        if !state.done {
            self.after_context(block, pos, block.len(), state, output);
        }
    }

    /// Multiline mode: handles the next region (see [`LineScanner::next_region`]). Returns
    /// where scanning goes on.
    fn multiline_region(
        &mut self,
        block: &[u8],
        pos: usize,
        state: &mut ScanState,
        output: &mut Output<'_>,
    ) -> usize {
        let Some(Range { start, mut end }) = self.next_region(block, pos) else {
            self.after_context(block, pos, block.len(), state, output);
            return block.len();
        };
        // Taken out while the printing below borrows the scanner; put back to reuse.
        let mut matches = std::mem::take(&mut self.region_matches);
        if let Some(max) = self.options.max_count {
            // -m counts matches here. The region ends with the line of the last match
            // allowed, and holds every match that starts on its lines, as ripgrep's does.
            let allowed = max.saturating_sub(state.selected) as usize;
            if allowed < matches.len() {
                end = region_end(block, &matches[allowed.max(1) - 1], self.term);
                matches.retain(|m| m.start < end);
            }
        }
        self.context_before(block, pos, start, state, output);
        self.select_region(block, start..end, &matches, state, output);
        self.region_matches = matches;
        end
    }

    /// Multiline mode: the next region at or after `pos`, a line start: the lines of the
    /// next match, joined by the lines of every later match that starts on them or on the
    /// line right after them, as in ripgrep, so that no line is reported twice and lines
    /// that touch are reported together. `region_matches` receives the region's matches.
    fn next_region(&mut self, block: &[u8], pos: usize) -> Option<Range<usize>> {
        self.region_matches.clear();
        let first = self.next_match(block, pos)?;
        let start = lines::line_around(block, pos, first.start, self.term).start;
        let mut end = region_end(block, &first, self.term);
        self.region_matches.push(first.clone());
        let mut last = first;
        loop {
            let from = if last.is_empty() {
                last.end + 1
            } else {
                last.end
            };
            if from > block.len() {
                break;
            }
            let found = match self.next_match(block, from) {
                // The usual rule: an empty match touching the previous match is skipped.
                Some(next) if next.is_empty() && next.start == last.end && !last.is_empty() => {
                    if next.start + 1 > block.len() {
                        None
                    } else {
                        self.next_match(block, next.start + 1)
                    }
                }
                other => other,
            };
            match found {
                Some(next)
                    if next.start < end
                        || memchr::memchr(self.term, &block[end..next.start]).is_none() =>
                {
                    end = end.max(region_end(block, &next, self.term));
                    self.region_matches.push(next.clone());
                    last = next;
                }
                _ => break,
            }
        }
        Some(start..end)
    }

    /// Handles one multiline region: counts its matches (which -c and -m count under -U,
    /// as in ripgrep) and its lines, and prints it in the layout's way.
    fn select_region(
        &mut self,
        block: &[u8],
        region: Range<usize>,
        matches: &[Range<usize>],
        state: &mut ScanState,
        output: &mut Output<'_>,
    ) {
        state.selected += matches.len() as u64;
        output.stats.matched_lines += lines::count_terminators(&block[region.clone()], self.term)
            + u64::from(block[..region.end].last() != Some(&self.term));
        output.stats.matches += matches.len() as u64;
        if self.printer.is_json() {
            // JSON reports a region as one message holding all its lines.
            let number = self.start_line(block, region.start..region.start, state, output);
            self.line_matches.clear();
            self.line_matches.extend(
                matches
                    .iter()
                    // -m may cut the region inside its last match.
                    .map(|m| m.start - region.start..m.end.min(region.end) - region.start),
            );
            // Under -r, each submatch carries its replacement, as on a single line.
            let replaced = match self.options.replacement.as_deref() {
                Some(replacement) => {
                    self.matcher.replace_line(
                        &mut self.cache,
                        block,
                        region.clone(),
                        region.end,
                        replacement,
                        &mut self.replaced,
                        &mut self.replaced_ranges,
                    );
                    true
                }
                None => false,
            };
            let printed = Line {
                number,
                offset: state.base + region.start as u64,
                bytes: &block[region.clone()],
                matches: &self.line_matches,
                patterns: &[],
                pieces: None,
                replacements: replaced.then_some((&self.replaced[..], &self.replaced_ranges[..])),
            };
            self.printer.matched(output.out, output.path, &printed);
        } else if self.printer.prints_lines() && self.options.replacement.is_some() {
            self.print_replaced_region(block, region.clone(), state, output);
        } else if self.printer.prints_lines() {
            let config = self.printer.config();
            let (per_match, only) = (config.per_match, config.only_matching);
            // The line layouts point every line of a region at its first match, counted
            // from the region's first line, as ripgrep does: a line that holds no piece of
            // a match too, and the line after a match that ended with a line terminator.
            let region_piece = (!(per_match || only)).then(|| Piece {
                column: (matches[0].start - region.start) as u64 + 1,
                match_offset: state.base + matches[0].start as u64,
                region_matches: matches.len() as u64,
            });
            let mut at = region.start;
            while at < region.end {
                let line = lines::line_from(&block[..region.end], at, self.term);
                let content = lines::without_terminator(block, line.clone(), self.term);
                self.line_matches.clear();
                self.line_patterns.clear();
                self.line_pieces.clear();
                for m in matches {
                    let (s, e) = (m.start.max(line.start), m.end.min(content.end));
                    let starts_here = m.start >= line.start && m.start < line.end;
                    // --vimgrep points at each match from the line it starts on; -o and
                    // the line layouts show each line's part of every match.
                    if (per_match && !only && starts_here)
                        || ((only || !per_match) && s < e)
                        || (starts_here && m.is_empty())
                    {
                        self.line_matches
                            .push(s.min(e) - line.start..e.max(s) - line.start);
                        if region_piece.is_some() {
                            continue;
                        }
                        // ripgrep gives every piece of a match one column: where the
                        // match starts, counted from its own line under --vimgrep, and
                        // from the region's first line under -o.
                        let from = if only {
                            region.start
                        } else {
                            lines::line_around(block, region.start, m.start, self.term).start
                        };
                        self.line_pieces.push(Piece {
                            column: (m.start - from) as u64 + 1,
                            match_offset: state.base + m.start as u64,
                            region_matches: matches.len() as u64,
                        });
                    }
                }
                self.line_pieces.extend(region_piece);
                if region_piece.is_some() || !self.line_matches.is_empty() {
                    let number = self.start_line(block, line.clone(), state, output);
                    let before = output.out.len();
                    let printed = Line {
                        number,
                        offset: state.base + line.start as u64,
                        bytes: &block[line.clone()],
                        matches: &self.line_matches,
                        patterns: &self.line_patterns,
                        pieces: Some(&self.line_pieces),
                        replacements: None,
                    };
                    self.printer.matched(output.out, output.path, &printed);
                    self.record(before, output);
                } else if state.last_printed.is_some() {
                    // A line that --vimgrep does not print, inside the region, still
                    // counts as printed, so no context break comes inside the region.
                    state.last_printed = Some(line_number_at(block, line.start, state, self.term));
                    state.printed_end = state.base + line.end as u64;
                }
                at = line.end;
            }
            // Lines of the region that --vimgrep did not print still count as printed, so
            // no context break comes between the region and its after-context.
            let last_line = lines_back(block, region.end, region.start, 1, self.term);
            let number = line_number_at(block, last_line, state, self.term);
            state.last_printed = Some(number);
            state.printed_end = state.base + region.end as u64;
            state.extend_record = true;
        }
        self.selected_done(state, region.end);
    }

    /// Under -U -r: prints a region with its matches replaced, as rg does: the replaced
    /// text line by line, numbered on from the region's first line, with columns counted
    /// in the replaced text (per match from its own line; from the region's start under
    /// -o; the first replacement's in the line layouts).
    fn print_replaced_region(
        &mut self,
        block: &[u8],
        region: Range<usize>,
        state: &mut ScanState,
        output: &mut Output<'_>,
    ) {
        let Some(replacement) = self.options.replacement.as_deref() else {
            return;
        };
        let mut replaced = std::mem::take(&mut self.replaced);
        let mut ranges = std::mem::take(&mut self.replaced_ranges);
        self.matcher.replace_line(
            &mut self.cache,
            block,
            region.clone(),
            region.end,
            replacement,
            &mut replaced,
            &mut ranges,
        );
        let first = lines::line_from(&block[..region.end], region.start, self.term);
        let number = self.start_line(block, first, state, output);
        let config = self.printer.config();
        let (per_match, only) = (config.per_match, config.only_matching);
        let base = state.base + region.start as u64;
        let first_column = ranges.first().map_or(1, |m| m.start as u64 + 1);
        let (mut at, mut k) = (0, 0);
        while at < replaced.len() {
            let end =
                memchr::memchr(self.term, &replaced[at..]).map_or(replaced.len(), |i| at + i + 1);
            let content_end = if replaced[..end].last() == Some(&self.term) {
                end - 1
            } else {
                end
            };
            self.line_matches.clear();
            self.line_pieces.clear();
            for m in &ranges {
                let starts_here = m.start >= at && m.start < end;
                let (s, e) = (m.start.max(at), m.end.min(content_end));
                let shown = if per_match && !only {
                    starts_here
                } else {
                    s < e || (starts_here && m.is_empty())
                };
                if shown {
                    self.line_matches.push(s.min(e) - at..e.max(s) - at);
                    let column = if only {
                        m.start as u64 + 1
                    } else if per_match {
                        (m.start - at) as u64 + 1
                    } else {
                        first_column
                    };
                    self.line_pieces.push(Piece {
                        column,
                        match_offset: base + m.start as u64,
                        region_matches: ranges.len() as u64,
                    });
                }
            }
            if !(per_match || only) || !self.line_matches.is_empty() {
                let before = output.out.len();
                let printed = Line {
                    number: number + k,
                    offset: base + at as u64,
                    bytes: &replaced[at..end],
                    matches: &self.line_matches,
                    patterns: &[],
                    pieces: Some(&self.line_pieces),
                    replacements: None,
                };
                self.printer.matched(output.out, output.path, &printed);
                self.record(before, output);
            }
            k += 1;
            at = end;
        }
        self.replaced = replaced;
        self.replaced_ranges = ranges;
        let last_line = lines_back(block, region.end, region.start, 1, self.term);
        let last = line_number_at(block, last_line, state, self.term);
        state.last_printed = Some(last);
        state.printed_end = state.base + region.end as u64;
        state.extend_record = true;
    }

    /// Under -v: the next line at or after `pos` that no match covers. A match covers
    /// its lines. `covered` caches the next covered lines across calls.
    fn next_unmatched_line(
        &mut self,
        block: &[u8],
        mut pos: usize,
        covered: &mut Option<Option<Range<usize>>>,
    ) -> Option<Range<usize>> {
        while pos < block.len() {
            let line = lines::line_from(block, pos, self.term);
            let stale = matches!(covered, Some(Some(lines)) if lines.end <= pos);
            if covered.is_none() || stale {
                // ripgrep looks for the next match from the line after the last one's
                // lines, so under -U a match that starts on those lines covers nothing.
                *covered = Some(self.next_match(block, pos).map(|m| {
                    lines::line_around(block, pos, m.start, self.term).start
                        ..region_end(block, &m, self.term)
                }));
            }
            match covered {
                Some(Some(lines)) if lines.start < line.end => pos = lines.end.max(line.end),
                _ => return Some(line),
            }
        }
        None
    }

    /// Prints the unselected lines `block[pos..end]` that are context: the after-context
    /// owed to the previous selected line, then the before-context of the next one.
    fn context_before(
        &mut self,
        block: &[u8],
        pos: usize,
        end: usize,
        state: &mut ScanState,
        output: &mut Output<'_>,
    ) {
        let pos = self.after_context(block, pos, end, state, output);
        if !self.printer.prints_lines() {
            return;
        }
        let wanted = if self.options.passthru {
            usize::MAX
        } else {
            self.options.before
        };
        if wanted == 0 {
            return;
        }
        // Lines behind the last printed one were printed, or were too far from any
        // selected line; before-context never reaches behind it.
        let floor = state.local(state.printed_end).clamp(pos.min(end), end);
        let first = lines_back(block, end, floor, wanted, self.term);
        let mut at = first;
        while at < end {
            let line = lines::line_from(&block[..end], at, self.term);
            state.extend_record = false;
            self.print_context(block, line.clone(), state, output);
            at = line.end;
        }
    }

    /// Prints up to the owed after-context lines from `block[pos..end]`; returns where the
    /// unprinted rest starts.
    fn after_context(
        &mut self,
        block: &[u8],
        mut pos: usize,
        end: usize,
        state: &mut ScanState,
        output: &mut Output<'_>,
    ) -> usize {
        if !self.printer.prints_lines() {
            return pos;
        }
        while pos < end && (state.after_left > 0 || self.options.passthru) {
            let line = lines::line_from(&block[..end], pos, self.term);
            self.print_context(block, line.clone(), state, output);
            state.after_left = state.after_left.saturating_sub(1);
            pos = line.end;
        }
        pos
    }

    /// After `-m` was reached: prints the last match's after-context, where a line that
    /// matches prints as a match without counting, as ripgrep does. Returns the next line.
    ///
    /// With `--passthru`, every line left prints as context, matching or not, and the
    /// file is read to its end, as ripgrep does. (Under -v ripgrep prints those lines as
    /// matches, and counts them, even the ones that match; trawl does not copy that.)
    fn drain_after_max(
        &mut self,
        block: &[u8],
        pos: usize,
        state: &mut ScanState,
        output: &mut Output<'_>,
    ) -> usize {
        if self.options.passthru {
            self.after_context(block, pos, block.len(), state, output);
            return block.len();
        }
        if state.after_left == 0 || !self.printer.prints_lines() {
            state.done = true;
            return block.len();
        }
        let line = lines::line_from(block, pos, self.term);
        let content = self.content(block, line.clone());
        // An empty match at the end of a last line without a terminator makes it a
        // matching line, as everywhere else.
        let unterminated = block[..line.end].last() != Some(&self.term);
        let matches = self
            .matcher
            .find_at(&mut self.cache, &block[..content.end], line.start)
            .is_some_and(|m| m.start < line.end || (unterminated && m.start == line.end));
        // Under -P, ripgrep prints it as context (found by our fuzzer, issue 13).
        if matches != self.options.invert && !self.matcher.is_pcre2() {
            // Printed as a match, as ripgrep does, but not counted: not a result record.
            let extend = state.extend_record;
            self.print_selected(block, line.clone(), state, output, false);
            state.extend_record = extend;
            if extend && let Some(end) = output.records.last_mut() {
                *end = output.out.len() as u64;
            }
        } else {
            self.print_context(block, line.clone(), state, output);
        }
        state.after_left -= 1;
        if state.after_left == 0 {
            state.done = true;
        }
        line.end
    }

    /// `--stop-on-nonmatch`, once a line was selected: decides the line at `pos` on its own,
    /// as ripgrep's line-by-line searcher does, and returns where the next line starts.
    ///
    /// A selected line is handled as usual, with the before-context ripgrep gives it (the
    /// line passed over under -v, if any) but no after-context. The first unselected line
    /// ends the file: it is printed as after-context if some is owed, or with
    /// `--passthru`. Past `-m` no line is selected, so the line after the last one selected
    /// ends the file. (ripgrep's own searcher gets this wrong under -v with -A: past `-m`,
    /// it selects every remaining line. trawl does not copy that.)
    fn line_after_selection(
        &mut self,
        block: &[u8],
        pos: usize,
        state: &mut ScanState,
        output: &mut Output<'_>,
    ) -> usize {
        let passthru = self.options.passthru;
        if state.max_reached && !passthru && state.after_left == 0 {
            state.done = true;
            return block.len();
        }
        let line = lines::line_from(block, pos, self.term);
        let selected =
            !state.max_reached && self.line_is_match(block, &line) != self.options.invert;
        if selected {
            state.after_left = 0;
            let from = state.local(state.printed_end).min(line.start);
            self.context_before(block, from, line.start, state, output);
            self.select(block, line.clone(), state, output);
            return line.end;
        }
        if state.stop == StopPhase::FirstRun {
            state.stop = StopPhase::LineByLine;
            return line.end;
        }
        if self.printer.prints_lines() && (state.after_left > 0 || passthru) {
            // ripgrep prints this after-context with no context break, even right after
            // the line passed over under -v.
            let number = line_number_at(block, line.start, state, self.term);
            state.last_printed = Some(number - 1);
            self.print_context(block, line.clone(), state, output);
        }
        // ripgrep has searched up to the end of the line that stopped it.
        if state.stopped_at.is_none() {
            state.stopped_at = Some(state.base + line.end as u64);
        }
        state.done = true;
        block.len()
    }

    /// Whether `line` holds a match. The haystack ends with the line, so a match cannot
    /// run into the next one.
    fn line_is_match(&mut self, block: &[u8], line: &Range<usize>) -> bool {
        let content = self.content(block, line.clone());
        self.matcher
            .find_at(&mut self.cache, &block[..content.end], line.start)
            .is_some()
    }

    /// Handles one selected line: counts it, and prints it unless a summary mode is on.
    fn select(
        &mut self,
        block: &[u8],
        line: Range<usize>,
        state: &mut ScanState,
        output: &mut Output<'_>,
    ) {
        let line_end = line.end;
        if !state.owns(line.start) {
            // A neighbour's line, decided here for the context of this scan's own lines.
            // It owes after-context, but counts for neither -m nor -l: it is the
            // neighbour's selection.
            self.pass_over(block, line, state);
            state.extend_record = true;
            state.after_left = self.options.after;
            return;
        }
        state.selected += 1;
        output.stats.matched_lines += 1;
        if self.printer.prints_lines() {
            let before = self.print_selected(block, line, state, output, true);
            self.record(before, output);
            state.extend_record = true;
            // ripgrep counts no matches on lines that -v selected, unless it is counting
            // them with --count-matches (the branch below).
            // Where the matches were found, they are counted as printed: the empty match
            // at the end of a last line without a terminator is not.
            if !self.options.invert {
                let found = self.printer.needs_every_match() || self.count_every_match;
                output.stats.matches += if found {
                    self.line_matches.len() as u64
                } else {
                    1
                };
            }
        } else if self.count_every_match && !self.options.invert {
            self.find_line_matches(block, line);
            // A selected line has a match, even the empty one at the end of a last line
            // without a terminator that is never printed; rg counts it.
            output.stats.matches += self.line_matches.len().max(1) as u64;
        } else {
            output.stats.matches += 1;
        }
        self.selected_done(state, line_end);
    }

    /// After a selected line or region: owes its after-context, and decides whether the
    /// file is done: at once when the first match decides the output (`-l`, `-q`), or at
    /// `-m` selections once the last one's after-context is printed.
    fn selected_done(&self, state: &mut ScanState, end: usize) {
        state.after_left = if self.options.passthru {
            0
        } else {
            self.options.after
        };
        if self.printer.config().mode.first_match_decides() && !self.count_every_match {
            // With --stats, ripgrep searches the whole file to count every match.
            state.done = true;
        } else if self
            .options
            .max_count
            .is_some_and(|max| state.selected >= max)
        {
            state.max_reached = true;
            if self.options.passthru && !self.options.stop_on_nonmatch {
                // ripgrep reads on and prints the rest of the file as context.
                return;
            }
            if !self.options.multiline {
                // A multiline search has read the whole file already.
                state.stopped_at = Some(state.base + end as u64);
            }
            // With --passthru, --stop-on-nonmatch still prints the next line, as context.
            let one_more = self.options.stop_on_nonmatch && self.options.passthru;
            if (state.after_left == 0 && !one_more) || !self.printer.prints_lines() {
                state.done = true;
            }
        }
    }

    /// Records the result records printed since `before`: one per output line when each
    /// match is its own record (`--vimgrep`, `-o`), else the one line.
    fn record(&self, before: usize, output: &mut Output<'_>) {
        let c = self.printer.config();
        let printed = &output.out[before..];
        if (c.per_match || c.only_matching) && !self.options.invert {
            output
                .records
                .extend(memchr::memchr_iter(self.term, printed).map(|at| (before + at + 1) as u64));
        } else if !printed.is_empty() {
            output.records.push(output.out.len() as u64);
        }
    }

    /// The part of `line` that its matches are searched in: without its terminator, which
    /// under `--crlf` includes a `\r` before the `\n`.
    fn content(&self, block: &[u8], line: Range<usize>) -> Range<usize> {
        let content = lines::without_terminator(block, line, self.term);
        let cr = content.end > content.start && block[content.end - 1] == b'\r';
        if self.matcher.crlf() && cr && content.end < block.len() && block[content.end] == b'\n' {
            content.start..content.end - 1
        } else {
            content
        }
    }

    /// Fills `line_matches` with the matches of `line`, relative to its start.
    fn find_line_matches(&mut self, block: &[u8], line: Range<usize>) {
        self.line_matches.clear();
        self.line_patterns.clear();
        // Search the line alone, without its terminator, as ripgrep's printer does, so that
        // look-around sees the line end as the end of the haystack. A match must start
        // before the end of the line's range, terminator included; so an empty match at
        // the end of a last line without terminator is dropped.
        let content = self.content(block, line.clone());
        let (found, patterns) = (&mut self.line_matches, &mut self.line_patterns);
        self.matcher.for_each_match(
            &mut self.cache,
            &block[..content.end],
            line.start,
            |m, p| {
                if m.start >= line.end {
                    return false;
                }
                found.push(m.start - line.start..m.end - line.start);
                patterns.push(p as u32);
                true
            },
        );
    }

    /// Prints a selected line; returns where its own output starts, after any heading or
    /// context break printed before it. A line that is a result record of its own
    /// (`recorded`), printed a line per match, is printed a few matches at a time when the
    /// search streams, each step recorded and handed on once it is large enough: then the
    /// start returned is that of what is not recorded yet.
    fn print_selected(
        &mut self,
        block: &[u8],
        line: Range<usize>,
        state: &mut ScanState,
        output: &mut Output<'_>,
        recorded: bool,
    ) -> usize {
        let number = self.start_line(block, line.clone(), state, output);
        let start = output.out.len();
        self.line_matches.clear();
        self.line_patterns.clear();
        let mut replaced = None;
        if !self.options.invert {
            if self.options.replacement.is_some() {
                replaced = Some(self.replace_line(block, line.clone()));
            } else if self.printer.needs_every_match() || self.count_every_match {
                self.find_line_matches(block, line.clone());
            }
        }
        let printed = self.replaced_or_own(block, line, number, state, replaced);
        let stepped = recorded && output.parts.is_some() && printed.matches.len() > 1;
        if !(stepped && self.printer.line_per_match()) {
            self.printer.matched(output.out, output.path, &printed);
            return start;
        }
        let mut start = start;
        for i in 0..printed.matches.len() {
            self.printer
                .matched_part(output.out, output.path, &printed, i..i + 1);
            self.record(start, output);
            let Some(parts) = output.parts.as_deref_mut() else {
                break;
            };
            // A part handed on leaves `out` shorter, whether or not the run goes on.
            let more = parts.within_block(output.out, output.records);
            start = output.out.len();
            if !more {
                state.done = true;
                break;
            }
        }
        start
    }

    /// Under -r: replaces the matches of `line`. The text layouts print the replaced line,
    /// with `line_matches` where its replacements are; JSON keeps the line and its own
    /// matches, and adds the replacements (`replaced_ranges`). Returns which: true when
    /// the replaced text is what prints.
    fn replace_line(&mut self, block: &[u8], line: Range<usize>) -> bool {
        let Some(replacement) = &self.options.replacement else {
            return false;
        };
        let content = self.content(block, line.clone());
        self.matcher.replace_line(
            &mut self.cache,
            block,
            line.clone(),
            content.end,
            replacement,
            &mut self.replaced,
            &mut self.line_matches,
        );
        if self.printer.is_json() {
            std::mem::swap(&mut self.line_matches, &mut self.replaced_ranges);
            self.find_line_matches(block, line);
            false
        } else {
            true
        }
    }

    /// The line to print. `replaced` is what [`Self::replace_line`] returned, if it ran:
    /// the replaced text when it returned true; the line itself, with the replacements
    /// beside it for JSON, when it returned false; the line alone when it did not run.
    fn replaced_or_own<'s>(
        &'s self,
        block: &'s [u8],
        line: Range<usize>,
        number: u64,
        state: &ScanState,
        replaced: Option<bool>,
    ) -> Line<'s> {
        Line {
            number,
            offset: state.base + line.start as u64,
            bytes: if replaced == Some(true) {
                &self.replaced
            } else {
                &block[line]
            },
            matches: &self.line_matches,
            patterns: &self.line_patterns,
            pieces: None,
            replacements: (replaced == Some(false))
                .then_some((&self.replaced[..], &self.replaced_ranges[..])),
        }
    }

    fn print_context(
        &mut self,
        block: &[u8],
        line: Range<usize>,
        state: &mut ScanState,
        output: &mut Output<'_>,
    ) {
        if !state.owns(line.start) {
            self.pass_over(block, line, state);
            return;
        }
        let number = self.start_line(block, line.clone(), state, output);
        // Under -v the context lines are the ones that match; rg finds their matches
        // where its output needs them (--vimgrep, -o, colors, JSON's submatches).
        self.line_matches.clear();
        self.line_patterns.clear();
        let config = self.printer.config();
        let mut replaced = None;
        if self.options.invert && self.options.replacement.is_some() {
            // rg replaces the matches of these lines too, in every layout (found by our
            // fuzzer, issue 13: `rg -v -B1 -r X`).
            replaced = Some(self.replace_line(block, line.clone()));
        } else if self.options.invert && (config.match_granularity || self.printer.is_json()) {
            self.find_line_matches(block, line.clone());
        }
        let printed = self.replaced_or_own(block, line, number, state, replaced);
        self.printer.context(output.out, output.path, &printed);
        if state.extend_record {
            match output.records.last_mut() {
                Some(end) => *end = output.out.len() as u64,
                // The record is a neighbour's: its after-context runs into this scan.
                None => state.lead_context_end = Some(output.out.len()),
            }
        }
    }

    /// A line that is a neighbour's to print: moves past it as if it were printed, so
    /// that the context breaks between this scan's own lines come out right.
    fn pass_over(&self, block: &[u8], line: Range<usize>, state: &mut ScanState) {
        let number = line_number_at(block, line.start, state, self.term);
        state.last_printed = Some(number);
        state.printed_end = state.base + line.end as u64;
    }

    /// Everything printed before a line: the heading before a file's first line, and a
    /// context break before a line that does not follow the last one printed. Returns the
    /// line's number.
    fn start_line(
        &mut self,
        block: &[u8],
        line: Range<usize>,
        state: &mut ScanState,
        output: &mut Output<'_>,
    ) -> u64 {
        let number = line_number_at(block, line.start, state, self.term);
        if !state.opened {
            state.opened = true;
            state.opened_cold = state.last_printed.is_none();
        }
        match state.last_printed {
            None if !state.no_heading => self.printer.heading(output.out, output.path),
            None => {}
            Some(last) => {
                let context = self.printer.config().context && !self.options.passthru;
                if context && number != last + 1 {
                    self.printer.context_break(output.out);
                    state.extend_record = false;
                }
            }
        }
        state.last_printed = Some(number);
        state.printed_end = state.base + line.end as u64;
        number
    }
}

/// The end of the last line a multiline match touches: the line of its last byte, or of
/// its start if it is empty.
fn region_end(block: &[u8], m: &Range<usize>, term: u8) -> usize {
    let last = if m.is_empty() { m.start } else { m.end - 1 };
    memchr::memchr(term, &block[last.min(block.len())..]).map_or(block.len(), |i| last + i + 1)
}

/// The number of the line that starts at block offset `at`, counting from the last
/// counted line, forward or (for before-context in kept lines) backward.
fn line_number_at(block: &[u8], at: usize, state: &mut ScanState, term: u8) -> u64 {
    let indexed = (at / LINE_INDEX_STEP) * LINE_INDEX_STEP;
    if indexed > state.counted
        && let Some(&before) = state.line_index.get(at / LINE_INDEX_STEP)
    {
        // Jump to the index point nearest below `at`.
        state.line_number = state.first_line + before;
        state.counted = indexed;
    }
    if at >= state.counted {
        state.line_number += lines::count_terminators(&block[state.counted..at], term);
        state.counted = at;
        state.line_number
    } else {
        state.line_number - lines::count_terminators(&block[at..state.counted], term)
    }
}

/// The start of the `count`-th line before `end` in `block` (`end` starts a line), but not
/// before `floor`, which also starts a line.
pub(super) fn lines_back(block: &[u8], end: usize, floor: usize, count: usize, term: u8) -> usize {
    let mut at = end;
    for _ in 0..count {
        if at <= floor {
            return floor;
        }
        // Step over the terminator of the line before `at`, then find that line's start.
        at = memchr::memrchr(term, &block[floor..at - 1]).map_or(floor, |i| floor + i + 1);
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_back_stops_at_the_floor() {
        let block = b"a\nb\nc\nd\n";
        assert_eq!(lines_back(block, 6, 0, 1, b'\n'), 4);
        assert_eq!(lines_back(block, 6, 0, 2, b'\n'), 2);
        assert_eq!(lines_back(block, 6, 0, 9, b'\n'), 0);
        assert_eq!(lines_back(block, 6, 4, 9, b'\n'), 4);
        assert_eq!(lines_back(block, 6, 0, 0, b'\n'), 6);
    }
}
