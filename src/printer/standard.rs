//! ripgrep's line-oriented layouts: the standard printer, and `--vimgrep`'s one line per
//! match. Each function renders one line (or one line per match) into `out`.

use std::ops::Range;

use termcolor::ColorSpec;

use super::color::{Colors, write_colored};
use super::hyperlink::Hyperlinks;
use super::{Line, Printer};

/// Whether a line is a match or context; it picks the field separator.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Match,
    Context,
}

impl Printer {
    /// Renders the heading of a file (`--heading`), before its first line.
    pub fn heading(&self, out: &mut Vec<u8>, path: &[u8]) {
        if self.is_json() {
            return self.json_begin(out, path);
        }
        let c = &self.config;
        if c.heading && !c.per_match && c.with_filename {
            self.push_linked_path(out, path);
            if c.null {
                out.push(0);
            } else {
                out.extend_from_slice(c.line_term());
            }
        }
    }

    /// Whether this layout prints a heading above each file.
    pub fn has_heading(&self) -> bool {
        let c = &self.config;
        c.heading && !c.per_match && c.with_filename
    }

    /// Renders a matching line, or one line per match, or each match alone.
    pub fn matched(&self, out: &mut Vec<u8>, path: &[u8], line: &Line<'_>) {
        self.matched_part(out, path, line, 0..line.matches.len());
    }

    /// Whether [`Printer::matched`] renders a line of output per match of the line, so
    /// that it can render them a few at a time ([`Printer::matched_part`]).
    pub fn line_per_match(&self) -> bool {
        let c = &self.config;
        !self.is_json() && (c.only_matching || c.per_match)
    }

    /// Renders the output lines of matches `which` of a matching line, where each match
    /// has a line of its own ([`Printer::line_per_match`]); in any other layout, the whole
    /// line, whatever `which` says. Rendering all the matches in steps prints what
    /// [`Printer::matched`] prints.
    pub fn matched_part(
        &self,
        out: &mut Vec<u8>,
        path: &[u8],
        line: &Line<'_>,
        which: Range<usize>,
    ) {
        if self.is_json() {
            return self.json_line(out, path, line, true);
        }
        let c = &self.config;
        let each = || which.clone().zip(&line.matches[which.clone()]);
        if c.only_matching && !line.matches.is_empty() {
            for (i, m) in each() {
                let column = Column {
                    at: line.column(i),
                    printed: c.column,
                };
                self.prelude(
                    out,
                    path,
                    line,
                    Kind::Match,
                    column,
                    line.match_offset(i, true),
                );
                let text = &line.bytes[m.clone()];
                let whole = Range {
                    start: 0,
                    end: text.len(),
                };
                self.content(out, text, false, line, Kind::Match, &[whole]);
                out.extend_from_slice(c.line_term());
            }
        } else if c.per_match && !line.matches.is_empty() {
            for (i, m) in each() {
                let offset = line.match_offset(i, false);
                let column = Column {
                    at: line.column(i),
                    printed: true,
                };
                self.prelude(out, path, line, Kind::Match, column, offset);
                let one = std::slice::from_ref(m);
                self.content(out, line.bytes, true, line, Kind::Match, one);
            }
        } else {
            // ripgrep's quirk: a line that matched but holds no match to point at (an
            // empty match at the end of a file without a final newline, or a line that
            // -v selected) prints without a column.
            let column = self.first_match_column(line);
            self.prelude(out, path, line, Kind::Match, column, line.offset);
            self.content(out, line.bytes, true, line, Kind::Match, line.matches);
        }
    }

    /// Renders a context line. Under `--vimgrep`, a context line that holds matches (one
    /// that `-v` did not select) prints once per match with its column, as in ripgrep.
    pub fn context(&self, out: &mut Vec<u8>, path: &[u8], line: &Line<'_>) {
        if self.is_json() {
            return self.json_line(out, path, line, false);
        }
        let c = &self.config;
        if c.only_matching && !line.matches.is_empty() {
            // Under -o -v, rg prints each match of a context line on its own line too.
            for m in line.matches {
                let column = Column {
                    at: m.start as u64 + 1,
                    printed: c.column,
                };
                let offset = line.offset + m.start as u64;
                self.prelude(out, path, line, Kind::Context, column, offset);
                let text = &line.bytes[m.clone()];
                let whole = Range {
                    start: 0,
                    end: text.len(),
                };
                self.content(out, text, false, line, Kind::Context, &[whole]);
                out.extend_from_slice(c.line_term());
            }
            return;
        }
        if self.config.per_match && !line.matches.is_empty() {
            for m in line.matches {
                let offset = line.offset + m.start as u64;
                let column = Column {
                    at: m.start as u64 + 1,
                    printed: true,
                };
                self.prelude(out, path, line, Kind::Context, column, offset);
                let one = std::slice::from_ref(m);
                self.content(out, line.bytes, true, line, Kind::Context, one);
            }
            return;
        }
        // A context line that holds matches (one that -v did not select) gets the column
        // of its first match, as in ripgrep (found by our fuzzer: `rg -v -C1 --column`).
        let column = self.first_match_column(line);
        self.prelude(out, path, line, Kind::Context, column, line.offset);
        self.content(out, line.bytes, true, line, Kind::Context, line.matches);
    }

    /// The column of a whole line in the line layouts: its first match's, printed under
    /// `--column`, or none if it has no match to point at.
    fn first_match_column(&self, line: &Line<'_>) -> Column {
        let points = line.points_at_a_match();
        Column {
            at: if points { line.column(0) } else { 1 },
            printed: self.config.column && points,
        }
    }

    /// Renders the separator between non-adjacent groups of context.
    pub fn context_break(&self, out: &mut Vec<u8>) {
        if self.is_json() {
            return;
        }
        if let Some(sep) = &self.config.context_separator {
            out.extend_from_slice(sep);
            out.extend_from_slice(self.config.line_term());
        }
    }

    fn prelude(
        &self,
        out: &mut Vec<u8>,
        path: &[u8],
        line: &Line<'_>,
        kind: Kind,
        column: Column,
        byte_offset: u64,
    ) {
        let c = &self.config;
        let sep: &[u8] = match kind {
            Kind::Match => &c.field_match_separator,
            Kind::Context => &c.field_context_separator,
        };
        let with_path = c.with_filename && !self.has_heading();
        // ripgrep links the fields before the text, path first, and ends the link before
        // the last separator; without a path, only a format that points at lines links.
        let link = c.hyperlinks.as_ref().filter(|links| {
            with_path || (links.has_line() && (c.line_number || column.printed || c.byte_offset))
        });
        if let Some(links) = link {
            let number = if c.line_number { line.number } else { 1 };
            links.open(out, path, number, column.at);
        }
        let mut last_sep = out.len();
        if with_path {
            self.push_path(out, path);
            last_sep = out.len();
            if c.null {
                out.push(0);
            } else {
                out.extend_from_slice(sep);
            }
        }
        if c.line_number {
            self.number_field(out, |colors| &colors.line, line.number);
            last_sep = out.len();
            out.extend_from_slice(sep);
        }
        if column.printed {
            self.number_field(out, |colors| &colors.column, column.at);
            last_sep = out.len();
            out.extend_from_slice(sep);
        }
        if c.byte_offset {
            self.number_field(out, |colors| &colors.column, byte_offset);
            last_sep = out.len();
            out.extend_from_slice(sep);
        }
        if link.is_some() {
            let mut close = Vec::new();
            Hyperlinks::close(&mut close);
            out.splice(last_sep..last_sep, close);
        }
    }

    /// Appends a number, in its colors when color is on.
    fn number_field(&self, out: &mut Vec<u8>, spec: fn(&Colors) -> &ColorSpec, n: u64) {
        match &self.config.colors {
            None => push_decimal(out, n),
            Some(colors) => {
                let mut digits = Vec::with_capacity(20);
                push_decimal(&mut digits, n);
                write_colored(out, spec(colors), &digits);
            }
        }
    }

    /// Appends `body`, the part of a line from byte `from` on, with the parts of it in
    /// `highlight` (offsets into the whole line) in the match colors when color is on.
    fn highlighted(&self, out: &mut Vec<u8>, body: &[u8], from: usize, highlight: &[Range<usize>]) {
        let spec = match &self.config.colors {
            Some(colors) if !colors.matched.is_none() => &colors.matched,
            _ => return out.extend_from_slice(body),
        };
        // Matches that touch are one colored run, as in rg, which ends the match color
        // only where unmatched text follows.
        let mut at = 0;
        let mut run: Option<(usize, usize)> = None;
        for m in highlight {
            let start = m.start.saturating_sub(from).min(body.len());
            let end = m.end.saturating_sub(from).min(body.len());
            let run_end = run.map_or(at, |(_, e)| e);
            if start >= end || start < run_end {
                continue;
            }
            match run {
                Some((s, e)) if e == start => run = Some((s, end)),
                Some((s, e)) => {
                    write_colored(out, spec, &body[s..e]);
                    out.extend_from_slice(&body[e..start]);
                    run = Some((start, end));
                }
                None => {
                    out.extend_from_slice(&body[at..start]);
                    run = Some((start, end));
                }
            }
        }
        if let Some((s, e)) = run {
            write_colored(out, spec, &body[s..e]);
            at = e;
        }
        out.extend_from_slice(&body[at..]);
    }

    /// Renders `text` (a whole line with its terminator, or one match) with `--trim` and
    /// `--max-columns` applied, ending it with a terminator if it is a whole line. With
    /// color on, the ranges of `text` in `highlight` are shown as matches.
    fn content(
        &self,
        out: &mut Vec<u8>,
        text: &[u8],
        whole_line: bool,
        line: &Line<'_>,
        kind: Kind,
        highlight: &[Range<usize>],
    ) {
        let c = &self.config;
        // Where rg writes a line's matches one by one (colors, or -U with matches), it
        // ends the line with its own terminator: under --crlf, `\r\n` even after a `\n`.
        let colored = c.colors.as_ref().is_some_and(|x| !x.matched.is_none());
        let by_match = !line.matches.is_empty();
        let multiline = line.pieces.is_some();
        let retermed =
            c.crlf && whole_line && by_match && (colored || (multiline && c.match_granularity));
        // The line's own terminator: `\n`, or NUL under --null-data.
        let term = c.term();
        let (mut body, terminator): (&[u8], &[u8]) = match text.split_last() {
            Some((&last, body)) if last == term && retermed => {
                (body.strip_suffix(b"\r").unwrap_or(body), b"\r\n")
            }
            Some((&last, body)) if last == term && whole_line => (body, &text[body.len()..]),
            _ => (text, b""),
        };
        let mut trimmed = 0;
        if c.trim {
            // rg's ASCII spaces, less the line terminator's bytes.
            let space =
                |b: &u8| matches!(b, b'\t' | b'\x0B' | b'\x0C' | b' ') || (*b == b'\r' && !c.crlf);
            trimmed = body.iter().position(|b| !space(b)).unwrap_or(body.len());
            body = &body[trimmed..];
        }
        // What rg measures for -M: the line (or match) trimmed, with its terminator;
        // untrimmed where it colors the matches; under -U per match, without the
        // terminator.
        let measured = if multiline && c.per_match && !c.only_matching && whole_line {
            body.len()
        } else if colored && by_match && !multiline {
            text.len()
        } else {
            text.len() - trimmed
        };
        match c.max_columns {
            Some(max) if measured as u64 > max => {
                let text = Trimmed {
                    body,
                    from: trimmed,
                };
                self.long_line(out, text, max as usize, line, kind, highlight);
                if whole_line {
                    out.extend_from_slice(c.line_term());
                }
            }
            _ => {
                self.highlighted(out, body, trimmed, highlight);
                if whole_line {
                    out.extend_from_slice(terminator);
                    if terminator.is_empty() {
                        out.extend_from_slice(c.line_term());
                    }
                }
            }
        }
    }

    /// Renders a line longer than `--max-columns`: a notice, or with
    /// `--max-columns-preview`, its first `max` bytes and a notice. The preview shows
    /// the matches in it, or their parts, in color, as rg does.
    fn long_line(
        &self,
        out: &mut Vec<u8>,
        text: Trimmed<'_>,
        max: usize,
        line: &Line<'_>,
        kind: Kind,
        highlight: &[Range<usize>],
    ) {
        let c = &self.config;
        if !c.max_columns_preview {
            // rg counts the matches only where it found them, and never under -o.
            let counted = c.match_granularity && !c.only_matching && line.points_at_a_match();
            // Under -U, rg counts every match of the region the line is in.
            let count = match line.pieces.and_then(|p| p.first()) {
                Some(piece) => piece.region_matches,
                None => line.matches.len() as u64,
            };
            match kind {
                _ if counted => {
                    out.extend_from_slice(b"[Omitted long line with ");
                    push_decimal(out, count);
                    out.extend_from_slice(b" matches]");
                }
                Kind::Context => out.extend_from_slice(b"[Omitted long context line]"),
                Kind::Match => out.extend_from_slice(b"[Omitted long matching line]"),
            }
            return;
        }
        // rg previews the first `max` characters (grapheme clusters), not bytes; a line
        // that is long only with its terminator is previewed whole.
        let body = text.body;
        let max = body
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b & 0xC0 != 0x80)
            .nth(max)
            .map_or(body.len(), |(at, _)| at);
        self.highlighted(out, &body[..max], text.from, highlight);
        // rg counts the matches it colors: with colors, a --vimgrep line's own one; it
        // says how many follow wherever it found matches in the line.
        let colored = c.colors.as_ref().is_some_and(|x| !x.matched.is_none());
        let counted = if colored && c.per_match {
            highlight
        } else {
            line.matches
        };
        if c.match_granularity && !counted.is_empty() {
            let more = counted.iter().filter(|m| m.start >= max).count() as u64;
            out.extend_from_slice(b" [... ");
            push_decimal(out, more);
            out.extend_from_slice(if more == 1 {
                b" more match]".as_slice()
            } else {
                b" more matches]".as_slice()
            });
        } else {
            out.extend_from_slice(b" [... omitted end of long line]");
        }
    }
}

/// A line's text after `--trim`: `body` starts `from` bytes into the line.
struct Trimmed<'a> {
    body: &'a [u8],
    from: usize,
}

/// Appends the decimal digits of `n` without going through `fmt`.
pub fn push_decimal(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// The column a line's prelude is about: printed as a field or not, it is where a
/// hyperlink points (the match's column, as in rg, or 1).
#[derive(Clone, Copy, Debug)]
struct Column {
    at: u64,
    printed: bool,
}

#[cfg(test)]
mod tests {
    use super::super::PrinterConfig;
    use super::*;

    fn line<'a>(bytes: &'a [u8], matches: &'a [std::ops::Range<usize>]) -> Line<'a> {
        Line {
            number: 3,
            offset: 100,
            bytes,
            matches,
            patterns: &[],
            pieces: None,
            replacements: None,
        }
    }

    #[test]
    fn per_match_repeats_the_line_and_adds_a_missing_terminator() {
        let mut out = vec![];
        let matches = [0..1, 2..3];
        Printer::new(PrinterConfig::vimgrep()).matched(&mut out, b"f", &line(b"a a", &matches));
        assert_eq!(out, b"f:3:1:a a\nf:3:3:a a\n");
    }

    #[test]
    fn per_line_prints_once_and_context_uses_dashes() {
        let mut out = vec![];
        let matches = [0..1, 2..3];
        let printer = Printer::new(PrinterConfig::standard());
        printer.matched(&mut out, b"f", &line(b"a a\r\n", &matches));
        printer.context(&mut out, b"f", &line(b"b\n", &[]));
        assert_eq!(out, b"f:3:a a\r\nf-3-b\n");
    }

    #[test]
    fn only_matching_with_byte_offsets() {
        let mut config = PrinterConfig::standard();
        config.only_matching = true;
        config.byte_offset = true;
        let mut out = vec![];
        let matches = [std::ops::Range { start: 4, end: 7 }];
        Printer::new(config).matched(&mut out, b"f", &line(b"one foo\n", &matches));
        assert_eq!(out, b"f:3:104:foo\n");
    }

    #[test]
    fn long_lines_are_omitted_or_previewed() {
        let mut config = PrinterConfig::standard();
        config.max_columns = Some(5);
        let matches = [6..9, 10..13];
        let mut out = vec![];
        Printer::new(config.clone()).matched(&mut out, b"f", &line(b"three foo foo\n", &matches));
        assert_eq!(out, b"f:3:[Omitted long matching line]\n");
        config.max_columns_preview = true;
        config.column = true;
        config.match_granularity = true;
        let mut out = vec![];
        Printer::new(config).matched(&mut out, b"f", &line(b"three foo foo\n", &matches));
        assert_eq!(out, b"f:3:7:three [... 2 more matches]\n");
    }
}
