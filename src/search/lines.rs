//! Line arithmetic on a byte buffer: where a line starts and ends, and how many line
//! terminators lie in a range. These are the only per-byte loops outside the regex engine,
//! so they lean on `memchr`.
//!
//! The terminator is a value, `term`: `\n`, or NUL under `--null-data`. memchr takes its
//! needle at run time either way, so a constant would search no faster.

use std::ops::Range;

/// The number of line terminators in `bytes`. memchr counts with vector compares and a
/// population count of each compare's mask, at memory speed however dense the lines.
pub fn count_terminators(bytes: &[u8], term: u8) -> u64 {
    memchr::memchr_iter(term, bytes).count() as u64
}

/// The number of line terminators in `bytes`, and whether it holds a NUL byte, for the
/// first pass over a huge file. Two vectorized scans of a cached step beat one loop that
/// does both.
pub fn count_terminators_and_nul(bytes: &[u8], term: u8) -> (u64, bool) {
    (
        count_terminators(bytes, term),
        memchr::memchr(0, bytes).is_some(),
    )
}

/// The range of the line that holds byte offset `at`, terminator included. `floor` is an
/// offset known to start a line at or before `at`; the backward scan stops there.
pub fn line_around(haystack: &[u8], floor: usize, at: usize, term: u8) -> Range<usize> {
    let start = memchr::memrchr(term, &haystack[floor..at]).map_or(floor, |i| floor + i + 1);
    let end = memchr::memchr(term, &haystack[at..]).map_or(haystack.len(), |i| at + i + 1);
    start..end
}

/// The range of the line that starts at `start`, terminator included; the last line of
/// `haystack` may have none.
pub fn line_from(haystack: &[u8], start: usize, term: u8) -> Range<usize> {
    start..memchr::memchr(term, &haystack[start..]).map_or(haystack.len(), |i| start + i + 1)
}

/// `line` without its terminator.
pub fn without_terminator(haystack: &[u8], line: Range<usize>, term: u8) -> Range<usize> {
    if line.end > line.start && haystack[line.end - 1] == term {
        line.start..line.end - 1
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_around_finds_whole_lines() {
        let hay = b"ab\ncd\nef";
        assert_eq!(line_around(hay, 0, 0, b'\n'), 0..3);
        assert_eq!(line_around(hay, 0, 4, b'\n'), 3..6);
        assert_eq!(line_around(hay, 3, 3, b'\n'), 3..6);
        assert_eq!(line_around(hay, 0, 7, b'\n'), 6..8);
        assert_eq!(line_from(hay, 3, b'\n'), 3..6);
        assert_eq!(line_from(hay, 6, b'\n'), 6..8);
        assert_eq!(line_from(hay, 8, b'\n'), 8..8);
        // An empty match at the very end of a file without a final newline.
        assert_eq!(line_around(hay, 6, 8, b'\n'), 6..8);
    }

    #[test]
    fn terminators_are_counted_and_trimmed() {
        assert_eq!(count_terminators(b"a\n\nb\n", b'\n'), 3);
        let long = "ab\n".repeat(100);
        assert_eq!(count_terminators(long.as_bytes(), b'\n'), 100);
        assert_eq!(
            count_terminators_and_nul(long.as_bytes(), b'\n'),
            (100, false)
        );
        let mut with_nul = long.into_bytes();
        with_nul[77] = 0;
        assert_eq!(count_terminators_and_nul(&with_nul, b'\n'), (99, true));
        assert_eq!(without_terminator(b"ab\n", 0..3, b'\n'), 0..2);
        assert_eq!(without_terminator(b"ab", 0..2, b'\n'), 0..2);
        assert_eq!(without_terminator(b"", 0..0, b'\n'), 0..0);
        // Under --null-data a NUL ends a line and `\n` is a byte like any other.
        assert_eq!(count_terminators(b"a\n\0b\0", 0), 2);
        assert_eq!(line_from(b"a\nb\0c", 0, 0), 0..4);
        assert_eq!(without_terminator(b"a\n\0", 0..3, 0), 0..2);
    }
}
