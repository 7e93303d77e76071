//! Output formats. A printer renders one file's results into a byte buffer; it never writes
//! to stdout itself, so the pipeline can print each file whole and in order.
//!
//! The formats follow ripgrep 15 byte for byte (shared DESIGN.md, "Output"):
//! - [`Format::PerMatch`] is `rg --vimgrep`: `path:line:column:text`, once per match.
//! - [`Format::PerLine`] is `rg -n -H --no-heading`: `path:line:text`, once per line.

use std::ops::Range;

/// How results are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One output line per match, with its 1-based byte column.
    PerMatch,
    /// One output line per matching line.
    PerLine,
}

/// Renders results of one file into a buffer.
#[derive(Clone, Debug)]
pub struct Printer {
    format: Format,
}

impl Printer {
    /// A printer for `format`.
    pub fn new(format: Format) -> Printer {
        Printer { format }
    }

    /// Whether the printer needs the position of every match in a line, or only the line.
    pub fn needs_every_match(&self) -> bool {
        self.format == Format::PerMatch
    }

    /// Renders one matching line. `line` is the line's bytes with its terminator, if it has
    /// one; `matches` are the offsets of its matches within `line`, possibly none.
    pub fn matched_line(
        &self,
        out: &mut Vec<u8>,
        path: &[u8],
        line_number: u64,
        line: &[u8],
        matches: &[Range<usize>],
    ) {
        match self.format {
            // ripgrep's quirk: a line that matched but holds no match to point at (an
            // empty match at the end of a file without a final newline) has no column.
            Format::PerMatch if !matches.is_empty() => {
                for m in matches {
                    prefix(out, path, line_number);
                    push_decimal(out, m.start as u64 + 1);
                    out.push(b':');
                    push_line(out, line);
                }
            }
            Format::PerMatch | Format::PerLine => {
                prefix(out, path, line_number);
                push_line(out, line);
            }
        }
    }

    /// Renders ripgrep's notice for a binary file named on the command line that matched.
    pub fn binary_matched(&self, out: &mut Vec<u8>, path: &[u8], nul_offset: u64) {
        out.extend_from_slice(path);
        out.extend_from_slice(b": binary file matches (found \"\\0\" byte around offset ");
        push_decimal(out, nul_offset);
        out.extend_from_slice(b")\n");
    }
}

fn prefix(out: &mut Vec<u8>, path: &[u8], line_number: u64) {
    out.extend_from_slice(path);
    out.push(b':');
    push_decimal(out, line_number);
    out.push(b':');
}

/// Appends `line`, adding a terminator if the file's last line had none.
fn push_line(out: &mut Vec<u8>, line: &[u8]) {
    out.extend_from_slice(line);
    if line.last() != Some(&b'\n') {
        out.push(b'\n');
    }
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
    fn per_match_repeats_the_line_and_adds_a_missing_terminator() {
        let mut out = vec![];
        Printer::new(Format::PerMatch).matched_line(&mut out, b"f", 3, b"a a", &[0..1, 2..3]);
        assert_eq!(out, b"f:3:1:a a\nf:3:3:a a\n");
    }

    #[test]
    fn per_line_prints_once() {
        let mut out = vec![];
        let matches = vec![0..1, 2..3];
        Printer::new(Format::PerLine).matched_line(&mut out, b"f", 3, b"a a\r\n", &matches);
        assert_eq!(out, b"f:3:a a\r\n");
    }
}
