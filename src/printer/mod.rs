//! Output formats. A printer renders one file's results into a byte buffer; it never writes
//! to stdout itself, so the pipeline can print each file whole and in order.
//!
//! The formats follow ripgrep 15 byte for byte (docs/ARCHITECTURE.md, "Output"). By default
//! trawl prints what `rg --vimgrep` prints: one line per match, `path:line:column:text`
//! ([`PrinterConfig::per_match`]). With `--no-column` it prints what ripgrep's standard
//! printer prints, one line per matching line. The summary modes (`-c`, `-l`, `-q`) print
//! one line per file or nothing.
//!
//! Invariant: everything here is a pure function of its inputs; the searcher decides which
//! lines are matches and which are context, and the printer only lays them out.

mod color;
pub mod escape;
pub mod hyperlink;
mod json;
mod standard;

use std::ops::Range;

pub use self::color::Colors;
pub use self::json::{FileSummary, RunSummary, summary_message};
pub use self::standard::push_decimal;

/// What the run prints for each file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputMode {
    /// The matching lines, or matches, and their context.
    Lines,
    /// A count per file: of matching lines, or of matches with `--count-matches`.
    Count {
        /// Count matches rather than lines.
        matches: bool,
        /// Print files with a count of zero too.
        include_zero: bool,
    },
    /// The path of each file with a match (`-l`).
    FilesWithMatches,
    /// The path of each file without a match (`--files-without-match`).
    FilesWithoutMatch,
    /// Nothing at all (`-q`).
    Quiet,
    /// ripgrep's JSON Lines (`--json`).
    Json,
}

impl OutputMode {
    /// Whether a file's search may stop at its first match: its output cannot change.
    pub fn first_match_decides(&self) -> bool {
        matches!(
            self,
            OutputMode::FilesWithMatches | OutputMode::FilesWithoutMatch | OutputMode::Quiet
        )
    }
}

/// How results are laid out. Field names follow ripgrep's flags.
#[derive(Clone, Debug)]
pub struct PrinterConfig {
    /// What is printed per file.
    pub mode: OutputMode,
    /// One output line per match (`--vimgrep`), rather than per matching line.
    pub per_match: bool,
    /// Print only the matched text (`-o`).
    pub only_matching: bool,
    /// Print the 1-based byte column of the (first) match.
    pub column: bool,
    /// Print line numbers.
    pub line_number: bool,
    /// Print the path on every line.
    pub with_filename: bool,
    /// Print the path once above a file's lines; ignored when `per_match`.
    pub heading: bool,
    /// Follow each path with a NUL byte instead of a separator (`-0`).
    pub null: bool,
    /// NUL ends each printed line, as it ends each searched one (`--null-data`); JSON
    /// lines still end in `\n`.
    pub null_data: bool,
    /// Print the byte offset of each line, or of each match (`-b`).
    pub byte_offset: bool,
    /// Strip leading ASCII whitespace from printed lines.
    pub trim: bool,
    /// Replace lines longer than this many bytes with a notice (`-M`).
    pub max_columns: Option<u64>,
    /// With `max_columns`, print the start of a long line instead of only a notice.
    pub max_columns_preview: bool,
    /// Replace `/` in printed paths with this byte.
    pub path_separator: Option<u8>,
    /// Escape control characters in printed paths ([`escape`]): set when stdout is a
    /// terminal, never when it is piped.
    pub escape_paths: bool,
    /// Separates fields on a matching line (`:`).
    pub field_match_separator: Vec<u8>,
    /// Separates fields on a context line (`-`).
    pub field_context_separator: Vec<u8>,
    /// Printed between non-adjacent groups of context (`--`), if any.
    pub context_separator: Option<Vec<u8>>,
    /// Context lines are printed (`-A`, `-B`, `-C`, `--passthru`).
    pub context: bool,
    /// Every line is printed (`--passthru`), so groups never need separating.
    pub passthru: bool,
    /// The colors of each field, when color is on.
    pub colors: Option<Colors>,
    /// Lines the printer ends itself end with `\r\n` (`--crlf`), as in rg: summary
    /// lines, `-o` matches, separators, and a last line without a terminator.
    pub crlf: bool,
    /// Every match in a line is found, as rg finds them only when its output needs
    /// them (color, a column, `-r`, per match, `-o`, `--stats`): it decides how `-M`
    /// measures a line and which notice replaces it.
    pub match_granularity: bool,
    /// Hyperlinks around paths (`--hyperlink-format`); set only when color is on.
    pub hyperlinks: Option<hyperlink::Hyperlinks>,
}

impl PrinterConfig {
    /// The terminator of every printed line but JSON's: `\n`, or NUL under `--null-data`.
    pub fn term(&self) -> u8 {
        if self.null_data { 0 } else { b'\n' }
    }

    /// ripgrep's `--vimgrep` layout: per match, with path, line and column.
    pub fn vimgrep() -> PrinterConfig {
        PrinterConfig {
            mode: OutputMode::Lines,
            per_match: true,
            only_matching: false,
            column: true,
            line_number: true,
            with_filename: true,
            heading: false,
            null: false,
            null_data: false,
            byte_offset: false,
            trim: false,
            max_columns: None,
            max_columns_preview: false,
            path_separator: None,
            escape_paths: false,
            field_match_separator: b":".to_vec(),
            field_context_separator: b"-".to_vec(),
            context_separator: Some(b"--".to_vec()),
            context: false,
            passthru: false,
            colors: None,
            hyperlinks: None,
            crlf: false,
            match_granularity: true,
        }
    }

    /// ripgrep's standard layout with `-n -H --no-heading`: per line, with path and line.
    pub fn standard() -> PrinterConfig {
        PrinterConfig {
            per_match: false,
            column: false,
            match_granularity: false,
            ..PrinterConfig::vimgrep()
        }
    }

    /// The terminator of the lines that the printer ends itself: `\r\n` under `--crlf`,
    /// NUL under `--null-data`, `\n` otherwise.
    pub fn line_term(&self) -> &'static [u8] {
        if self.crlf {
            b"\r\n"
        } else if self.null_data {
            b"\0"
        } else {
            b"\n"
        }
    }
}

/// One line handed to the printer.
#[derive(Clone, Copy, Debug)]
pub struct Line<'a> {
    /// The 1-based line number.
    pub number: u64,
    /// The byte offset of the line's start in its file.
    pub offset: u64,
    /// The line's bytes, with its terminator if it has one. Under `-r` this is the line
    /// after replacement.
    pub bytes: &'a [u8],
    /// The matches within `bytes`, left to right; empty for context lines and for lines
    /// selected by `-v`.
    pub matches: &'a [Range<usize>],
    /// The index of the `-e` pattern behind each match, where known (not under `-r`).
    pub patterns: &'a [u32],
    /// Under `-U`, where each of `matches` points, which is not simply its place in this
    /// line: a line may hold only a piece of a match that started lines before.
    pub pieces: Option<&'a [Piece]>,
    /// Under `--json -r`: the replaced line and where each replacement is in it. rg's
    /// JSON keeps the line and its matches as they are and adds each match's replacement.
    pub replacements: Option<(&'a [u8], &'a [Range<usize>])>,
}

/// Where a piece of a multiline match points, in ripgrep's way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// The 1-based column printed for it.
    pub column: u64,
    /// The byte offset that `-o -b` prints for it: where its match starts.
    pub match_offset: u64,
    /// The number of matches in the whole region, which rg's `-M` notice counts.
    pub region_matches: u64,
}

impl Line<'_> {
    /// The 1-based column printed for the `i`th match.
    pub fn column(&self, i: usize) -> u64 {
        match self.pieces {
            Some(pieces) => pieces[i].column,
            None => self.matches[i].start as u64 + 1,
        }
    }

    /// Whether the line has a match to point at with a column: one of its own, or under
    /// `-U` a piece of its region, whose lines all point at the region's first match.
    pub fn points_at_a_match(&self) -> bool {
        !self.matches.is_empty() || self.pieces.is_some_and(|pieces| !pieces.is_empty())
    }

    /// The byte offset printed by `-b` for the `i`th match on its own line (`-o`, or
    /// per match under --vimgrep). Under `-U`, ripgrep prints where the match starts
    /// for `-o`, and the line's offset for --vimgrep.
    pub fn match_offset(&self, i: usize, only_matching: bool) -> u64 {
        match self.pieces {
            Some(pieces) if only_matching => pieces[i].match_offset,
            Some(_) => self.offset,
            None => self.offset + self.matches[i].start as u64,
        }
    }
}

/// Renders results of one file into a buffer.
#[derive(Clone, Debug)]
pub struct Printer {
    config: PrinterConfig,
}

impl Printer {
    /// A printer for `config`.
    pub fn new(config: PrinterConfig) -> Printer {
        Printer { config }
    }

    /// The layout.
    pub fn config(&self) -> &PrinterConfig {
        &self.config
    }

    /// Whether the printer needs the position of every match in a line, or only the line.
    pub fn needs_every_match(&self) -> bool {
        let c = &self.config;
        c.mode == OutputMode::Json
            || (c.mode == OutputMode::Lines
                && (c.per_match
                    || c.only_matching
                    || c.column
                    || c.max_columns.is_some()
                    || c.colors.is_some()))
    }

    /// Whether the printer prints lines at all, rather than a summary per file.
    pub fn prints_lines(&self) -> bool {
        matches!(self.config.mode, OutputMode::Lines | OutputMode::Json)
    }

    /// Whether this is the JSON printer.
    pub fn is_json(&self) -> bool {
        self.config.mode == OutputMode::Json
    }

    /// What the collector prints between the outputs of two files, if both printed
    /// anything: a blank line under `--heading`, the context separator with context.
    pub fn file_separator(&self) -> Option<Vec<u8>> {
        let c = &self.config;
        if c.mode != OutputMode::Lines {
            return None;
        }
        if c.heading && !c.per_match {
            return Some(c.line_term().to_vec());
        }
        if c.context && !c.passthru {
            return c.context_separator.as_ref().map(|sep| {
                let mut line = sep.clone();
                line.extend_from_slice(c.line_term());
                line
            });
        }
        None
    }

    /// Renders ripgrep's notice for a binary file named on the command line that matched.
    pub fn binary_matched(&self, out: &mut Vec<u8>, path: &[u8], nul_offset: u64) {
        // The JSON printer has no such notice; the file's `end` carries the offset.
        if self.config.mode != OutputMode::Lines {
            return;
        }
        // Without file names (-I), rg's notice has no path either.
        if self.config.with_filename {
            self.push_path(out, path);
            out.extend_from_slice(b": ");
        }
        out.extend_from_slice(b"binary file matches (found \"\\0\" byte around offset ");
        push_decimal(out, nul_offset);
        out.extend_from_slice(b")\n");
    }

    /// Renders the per-file summary line of the summary modes, once a file is done.
    pub fn summary(&self, out: &mut Vec<u8>, path: &[u8], matched_lines: u64, matches: u64) {
        let c = &self.config;
        match c.mode {
            OutputMode::Lines | OutputMode::Quiet | OutputMode::Json => {}
            OutputMode::Count {
                matches: count_matches,
                include_zero,
            } => {
                let count = if count_matches {
                    matches
                } else {
                    matched_lines
                };
                if count == 0 && !include_zero {
                    return;
                }
                if c.with_filename {
                    self.push_linked_path(out, path);
                    // ripgrep ends the path with `:` here whatever the field separator.
                    out.push(if c.null { 0 } else { b':' });
                }
                push_decimal(out, count);
                out.extend_from_slice(c.line_term());
            }
            OutputMode::FilesWithMatches | OutputMode::FilesWithoutMatch => {
                let wanted = (c.mode == OutputMode::FilesWithMatches) == (matched_lines > 0);
                if wanted {
                    self.push_linked_path(out, path);
                    if c.null {
                        out.push(0);
                    } else {
                        out.extend_from_slice(c.line_term());
                    }
                }
            }
        }
    }

    /// [`Printer::push_path`] inside a hyperlink to the file when links are on.
    pub fn push_linked_path(&self, out: &mut Vec<u8>, path: &[u8]) {
        match &self.config.hyperlinks {
            Some(links) => {
                links.open(out, path, 1, 1);
                self.push_path(out, path);
                hyperlink::Hyperlinks::close(out);
            }
            None => self.push_path(out, path),
        }
    }

    /// Appends `path`, with `/` replaced under `--path-separator` and control characters
    /// escaped on a terminal, in the path colors when color is on.
    fn push_path(&self, out: &mut Vec<u8>, path: &[u8]) {
        let escaped;
        let path = if self.config.escape_paths {
            escaped = escape::escape_controls(path);
            &escaped[..]
        } else {
            path
        };
        let replaced;
        let path = match self.config.path_separator {
            None => path,
            Some(sep) => {
                replaced = path
                    .iter()
                    .map(|&b| if b == b'/' { sep } else { b })
                    .collect::<Vec<u8>>();
                &replaced
            }
        };
        match &self.config.colors {
            None => out.extend_from_slice(path),
            Some(colors) => color::write_colored(out, &colors.path, path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals() {
        for n in [0u64, 7, 10, 1234567890, u64::MAX] {
            let mut out = vec![];
            push_decimal(&mut out, n);
            assert_eq!(out, n.to_string().into_bytes());
        }
    }

    #[test]
    fn counts_and_file_lists() {
        let mut config = PrinterConfig::standard();
        config.mode = OutputMode::Count {
            matches: false,
            include_zero: false,
        };
        let mut out = vec![];
        let printer = Printer::new(config.clone());
        printer.summary(&mut out, b"a", 3, 4);
        printer.summary(&mut out, b"b", 0, 0);
        assert_eq!(out, b"a:3\n");
        config.mode = OutputMode::FilesWithoutMatch;
        config.null = true;
        let mut out = vec![];
        let printer = Printer::new(config);
        printer.summary(&mut out, b"a", 3, 4);
        printer.summary(&mut out, b"b", 0, 0);
        assert_eq!(out, b"b\0");
    }

    #[test]
    fn file_separators() {
        let mut config = PrinterConfig::standard();
        assert_eq!(Printer::new(config.clone()).file_separator(), None);
        config.context = true;
        assert_eq!(
            Printer::new(config.clone()).file_separator(),
            Some(b"--\n".to_vec())
        );
        config.heading = true;
        assert_eq!(Printer::new(config).file_separator(), Some(b"\n".to_vec()));
    }
}
