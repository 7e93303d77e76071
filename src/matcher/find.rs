//! [`Matcher`], the one interface through which the searcher finds matches, and
//! [`MatchCache`], each worker's scratch space for it. Neither names an engine to the
//! searcher: the engine is chosen when the patterns are compiled, and every method
//! dispatches on it here.
//!
//! Invariants:
//! - Where a matcher searches each line alone ([`ByLine`]), every method that decides
//!   whether a line is selected sees only that line, without its terminator, as
//!   ripgrep's line-by-line searcher does (under `--crlf`, a bare `\n` is not the whole
//!   terminator, and stays, as in ripgrep). The methods that find the matches of a line
//!   already selected (for printing) search the haystack they are given, as ripgrep's
//!   printer does, so look-behind sees the lines before.
//! - A match error (a PCRE2 resource limit) is kept in the cache, after which every search
//!   with that cache finds nothing; the searcher reports it against the file
//!   ([`MatchCache::take_error`]) and goes on with the next.

use std::ops::Range;

use regex_automata::Input;
use regex_automata::meta::{Cache, Regex};
use regex_automata::util::captures::Captures;

use super::{LineFilter, pcre};

/// A compiled set of patterns. It is shared by every worker; each worker brings its own
/// [`MatchCache`] so that searching never contends on a lock.
#[derive(Clone, Debug)]
pub struct Matcher {
    pub(super) engine: Engine,
    /// Finds the lines a match could be on, when the patterns start with no literal the
    /// regex engine could search for itself. See [`Matcher::line_filter`].
    pub(super) line_filter: Option<LineFilter>,
    /// Whether a match can hold a line terminator; see [`Matcher::spans_lines`].
    pub(super) spans_lines: bool,
    /// Set when each line is searched alone.
    pub(super) by_line: Option<ByLine>,
    /// How many patterns were compiled.
    pub(super) patterns: usize,
    /// Whether `\r\n` ends lines for the patterns (`--crlf`).
    pub(super) crlf: bool,
}

/// The engine behind a [`Matcher`].
#[derive(Clone, Debug)]
pub(super) enum Engine {
    Default(Regex),
    Pcre2(Box<pcre::Engine>),
}

/// How lines end when each line is searched alone.
#[derive(Clone, Copy, Debug)]
pub(super) struct ByLine {
    pub term: u8,
    /// `--crlf`: a `\r` before the terminator is not part of the line either.
    pub crlf: bool,
    /// No match is shorter: a line with fewer bytes from the search's start is skipped.
    pub min_len: usize,
}

/// One worker's scratch space for a [`Matcher`].
#[derive(Debug)]
pub struct MatchCache {
    kind: CacheKind,
    /// The first match error, after which nothing more is searched.
    error: Option<String>,
}

// One cache per worker: its size does not matter, and a box would cost the default
// engine an indirection on every search.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
enum CacheKind {
    Default(Cache),
    /// A worker's own copy of the engine: PCRE2's match data is then never shared.
    Pcre2(Box<pcre::Engine>),
}

impl MatchCache {
    /// The match error met since the last call, if any: the searcher reports it against
    /// the file it was searching. Taking it lets the next file be searched.
    pub fn take_error(&mut self) -> Option<String> {
        self.error.take()
    }
}

impl Matcher {
    /// A filter for candidate lines: a line in which it finds nothing cannot match, so
    /// the regex runs on candidate lines only. ripgrep searches this way when a pattern
    /// has a literal inside but none at its start. None when the regex engine's own
    /// prefix search is as good.
    pub fn line_filter(&self) -> Option<&LineFilter> {
        self.line_filter.as_ref()
    }

    /// How lines are found, in words, for `--debug`.
    pub fn describe_strategy(&self) -> &'static str {
        if let Engine::Pcre2(_) = self.engine {
            return match (&self.by_line, &self.line_filter) {
                (Some(_), Some(LineFilter::Wider(_))) => {
                    "PCRE2 searches alone each line that a wider regex matches"
                }
                (Some(_), Some(_)) => {
                    "PCRE2 searches alone each line that holds what every match must hold"
                }
                (Some(_), None) => "PCRE2 searches each line alone",
                (None, _) => "PCRE2 searches the whole file",
            };
        }
        match &self.line_filter {
            None if self.by_line.is_some() => "the regex engine searches each line alone",
            None => "the regex engine finds matches itself",
            Some(LineFilter::InnerLiterals(_)) => {
                "a literal inside the pattern picks the lines the regex runs on"
            }
            Some(LineFilter::NonAsciiStart(_)) => {
                "lines without a byte that can start a match are skipped"
            }
            // Built for PCRE2 only.
            Some(LineFilter::Wider(_)) => "a wider regex picks the lines the regex runs on",
        }
    }

    /// Whether a match can hold a line terminator, which only -U allows. A -U pattern
    /// that cannot (`-U foo`) is searched line by line, as ripgrep does: its matches,
    /// counts and -m then work on lines, and no region joins two lines.
    pub fn spans_lines(&self) -> bool {
        self.spans_lines
    }

    /// Whether PCRE2 compiled the patterns. ripgrep's searcher then decides each line on
    /// its own, and past `-m` prints the after-context as context, matching or not.
    pub fn is_pcre2(&self) -> bool {
        matches!(self.engine, Engine::Pcre2(_))
    }

    /// Whether `\r\n` ends lines for the patterns (`--crlf`): a line's matches are then
    /// searched without its `\r` as well, as rg finds no empty match between the two.
    pub fn crlf(&self) -> bool {
        self.crlf
    }

    /// A fresh scratch space for searching with this matcher.
    pub fn new_cache(&self) -> MatchCache {
        let kind = match &self.engine {
            Engine::Default(regex) => CacheKind::Default(regex.create_cache()),
            Engine::Pcre2(engine) => CacheKind::Pcre2(engine.clone()),
        };
        MatchCache { kind, error: None }
    }

    /// The leftmost match in `haystack[start..]`, as a byte range of `haystack`. Bytes
    /// before `start` are still visible to look-behind assertions such as `\b` and `^`,
    /// unless each line is searched alone: then only `start`'s line is, and the search
    /// goes on line by line.
    #[inline]
    pub fn find_at(
        &self,
        cache: &mut MatchCache,
        haystack: &[u8],
        start: usize,
    ) -> Option<Range<usize>> {
        match self.by_line {
            None => self.find_raw(cache, haystack, start),
            Some(by_line) => self.find_by_line(cache, haystack, start, by_line),
        }
    }

    /// [`Matcher::find_at`] with each line searched alone: kept out of line, so that the
    /// usual whole-block search pays nothing for it.
    #[inline(never)]
    fn find_by_line(
        &self,
        cache: &mut MatchCache,
        haystack: &[u8],
        start: usize,
        by_line: ByLine,
    ) -> Option<Range<usize>> {
        let mut line_start = memchr::memrchr(by_line.term, &haystack[..start]).map_or(0, |i| i + 1);
        let mut at = start;
        loop {
            let term_at = memchr::memchr(by_line.term, &haystack[at..]).map(|i| at + i);
            let mut content_end = term_at.unwrap_or(haystack.len());
            if by_line.crlf && term_at.is_some() {
                // rg strips a line's terminator only where it is all there: under
                // --crlf a bare `\n` stays in the line, so `-P --crlf '\s'` selects a
                // line that ends in one (found by our fuzzer, issue 13).
                if content_end > line_start && haystack[content_end - 1] == b'\r' {
                    content_end -= 1;
                } else {
                    content_end += 1;
                }
            }
            let line = &haystack[line_start..content_end];
            if at - line_start <= line.len()
                && line.len() - (at - line_start) >= by_line.min_len
                && let Some(m) = self.find_raw(cache, line, at - line_start)
            {
                return Some(line_start + m.start..line_start + m.end);
            }
            let next = term_at? + 1;
            line_start = next;
            at = next;
        }
    }

    /// The leftmost match in `haystack[start..]`, searching the haystack as given.
    #[inline(always)]
    fn find_raw(
        &self,
        cache: &mut MatchCache,
        haystack: &[u8],
        start: usize,
    ) -> Option<Range<usize>> {
        match (&self.engine, &mut cache.kind) {
            (Engine::Default(regex), CacheKind::Default(cache)) => {
                let input = Input::new(haystack).span(start..haystack.len());
                regex.search_with(cache, &input).map(|m| m.range())
            }
            (_, CacheKind::Pcre2(engine)) => {
                if cache.error.is_some() {
                    return None;
                }
                engine.find_at(haystack, start).unwrap_or_else(|err| {
                    cache.error = Some(err);
                    None
                })
            }
            // A cache always comes from its own matcher's `new_cache`.
            (Engine::Pcre2(_), CacheKind::Default(_)) => None,
        }
    }

    /// Rewrites one line with every match replaced by `replacement`, in which `$1`,
    /// `${name}` and `$$` are expanded. `line` is the line's range in `haystack`, terminator
    /// included; matches are searched in `haystack[..content_end]`. The new line goes to
    /// `dst` and the ranges of the replacements within it to `ranges`.
    #[allow(clippy::too_many_arguments)]
    pub fn replace_line(
        &self,
        cache: &mut MatchCache,
        haystack: &[u8],
        line: Range<usize>,
        content_end: usize,
        replacement: &[u8],
        dst: &mut Vec<u8>,
        ranges: &mut Vec<Range<usize>>,
    ) {
        dst.clear();
        ranges.clear();
        let hay = &haystack[..content_end];
        let mut default_caps = match &self.engine {
            Engine::Default(regex) => Some(Captures::all(regex.group_info().clone())),
            Engine::Pcre2(_) => None,
        };
        let mut copied = line.start;
        let mut at = line.start;
        let mut last_end: Option<usize> = None;
        loop {
            // The next match and its groups, which are expanded below.
            let found = match (&self.engine, &mut cache.kind, default_caps.as_mut()) {
                (Engine::Default(regex), CacheKind::Default(c), Some(caps)) => {
                    let input = Input::new(hay).span(at..hay.len());
                    regex.search_captures_with(c, &input, caps);
                    caps.get_match().map(|m| m.range())
                }
                (_, CacheKind::Pcre2(engine), _) if cache.error.is_none() => {
                    engine.captures_at(hay, at).unwrap_or_else(|err| {
                        cache.error = Some(err);
                        None
                    })
                }
                _ => None,
            };
            let Some(range) = found else {
                break;
            };
            if range.start >= line.end {
                break;
            }
            if range.is_empty() && last_end == Some(range.end) {
                if at >= hay.len() {
                    break;
                }
                at += 1;
                continue;
            }
            dst.extend_from_slice(&haystack[copied..range.start]);
            let before = dst.len();
            match (&cache.kind, default_caps.as_ref()) {
                (CacheKind::Default(_), Some(caps)) => {
                    caps.interpolate_bytes_into(hay, replacement, dst)
                }
                (CacheKind::Pcre2(engine), _) => engine.interpolate(hay, replacement, dst),
                _ => {}
            }
            ranges.push(before..dst.len());
            copied = range.end;
            last_end = Some(range.end);
            let next = if range.is_empty() {
                range.end + 1
            } else {
                range.end
            };
            if next > hay.len() {
                break;
            }
            at = next;
        }
        dst.extend_from_slice(&haystack[copied..line.end]);
    }

    /// Calls `found` with every match in `haystack[start..]` and the index of the pattern
    /// that matched, left to right, with the usual rule for empty matches: one that touches
    /// the end of the previous match is skipped. `found` returns false to stop early.
    pub fn for_each_match(
        &self,
        cache: &mut MatchCache,
        haystack: &[u8],
        start: usize,
        mut found: impl FnMut(Range<usize>, usize) -> bool,
    ) {
        let mut at = start;
        let mut last_end: Option<usize> = None;
        loop {
            let next_match = match (&self.engine, &mut cache.kind) {
                (Engine::Default(regex), CacheKind::Default(c)) => {
                    let input = Input::new(haystack).span(at..haystack.len());
                    regex
                        .search_with(c, &input)
                        .map(|m| (m.range(), m.pattern().as_usize()))
                }
                (_, CacheKind::Pcre2(engine)) if cache.error.is_none() => {
                    match engine.find_at(haystack, at) {
                        Ok(m) => m.map(|m| {
                            let pattern = if self.patterns > 1 {
                                engine.pattern_of(haystack, &m)
                            } else {
                                0
                            };
                            (m, pattern)
                        }),
                        Err(err) => {
                            cache.error = Some(err);
                            None
                        }
                    }
                }
                _ => None,
            };
            let Some((range, pattern)) = next_match else {
                break;
            };
            if range.is_empty() && last_end == Some(range.end) {
                // An empty match right after the previous match: step over one byte.
                if at >= haystack.len() {
                    break;
                }
                at += 1;
                continue;
            }
            if !found(range.clone(), pattern) {
                break;
            }
            last_end = Some(range.end);
            let next = if range.is_empty() {
                range.end + 1
            } else {
                range.end
            };
            if next > haystack.len() {
                break;
            }
            at = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{EngineChoice, MatcherBuilder};

    fn finds(
        builder: &MatcherBuilder,
        pattern: &str,
        hay: &[u8],
        start: usize,
    ) -> Option<(usize, usize)> {
        let m = builder.build(&[pattern]).unwrap();
        let mut cache = m.new_cache();
        m.find_at(&mut cache, hay, start).map(|r| (r.start, r.end))
    }

    #[test]
    fn pcre2_searches_each_line_alone() {
        let mut b = MatcherBuilder::new();
        b.engine(EngineChoice::Pcre2);
        // `\s` would join the lines, and the look-behind would see the line before.
        assert_eq!(finds(&b, r"a\sb", b"a\nb\n", 0), None);
        assert_eq!(finds(&b, r"(?<=a\n)b", b"a\nb\n", 0), None);
        assert_eq!(finds(&b, r"(?<=x)b", b"a\nxb\n", 0), Some((3, 4)));
        // `$` at the end of each line, and at the end of a last line without one.
        assert_eq!(finds(&b, r"\w$", b"ab \ncd", 0), Some((5, 6)));
        // --crlf: the `\r` is not part of the line either.
        b.crlf(true);
        assert_eq!(finds(&b, r"b$", b"ab\r\ncd\r\n", 0), Some((1, 2)));
        // -U searches the whole haystack.
        let mut u = MatcherBuilder::new();
        u.engine(EngineChoice::Pcre2).multiline(true);
        assert_eq!(finds(&u, r"a\sb", b"a\nb\n", 0), Some((0, 3)));
    }

    #[test]
    fn null_data_lines_end_at_nul_while_anchors_keep_meaning_newline() {
        let mut b = MatcherBuilder::new();
        b.null_data(true);
        assert_eq!(finds(&b, "^b", b"a\nb\0", 0), Some((2, 3)));
        assert_eq!(finds(&b, "^x", b"a\0x\0", 0), Some((2, 3)));
        assert_eq!(finds(&b, r"a\sb", b"a\nb\0", 0), Some((0, 3)));
        assert_eq!(finds(&b, r"a\W+b", b"a\0b\0", 0), None);
        assert_eq!(finds(&b, "a.b", b"a\nb\0", 0), None);
    }

    #[test]
    fn auto_falls_back_to_pcre2_only_when_needed() {
        let mut b = MatcherBuilder::new();
        b.engine(EngineChoice::Auto);
        let default = b.build(&["foo"]).unwrap();
        assert!(!default.describe_strategy().contains("PCRE2"));
        let pcre2 = b.build(&[r"(\w)\1"]).unwrap();
        assert!(pcre2.describe_strategy().contains("PCRE2"));
    }
}
