//! Patterns and pattern flags, compiled once into one [`Matcher`].
//!
//! Every `-e` pattern is parsed on its own into a high-level IR, rewritten for the flags
//! (`-F`, `-i`, `-w`), and the results are compiled together as one multi-pattern regex.
//! Pattern order is priority order, as in an alternation `p1|p2|...`.
//!
//! Invariant: a match never spans a line terminator. trawl searches a whole buffer at once,
//! so classes such as `\s` or `[^a]` would otherwise match `\n` and join two lines. The
//! rewrite removes `\n` from every class, and rejects a pattern that contains a literal
//! `\n`, as ripgrep does outside multiline mode.

mod joined;
mod line_filter;

use std::fmt;

use std::ops::Range;

pub use self::line_filter::LineFilter;

use regex_automata::meta::{self, Cache, Regex};
use regex_automata::util::captures::Captures;
use regex_automata::{Input, MatchKind};
use regex_syntax::ParserBuilder;
use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
    Literal, Look, Repetition,
};

/// The line terminator trawl searches with.
const LINE_TERM: u8 = b'\n';

/// Why a set of patterns could not be compiled. Its `Display` may span several lines, to
/// show the faulty pattern with a caret under the fault.
#[derive(Debug)]
pub struct PatternError {
    message: String,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PatternError {}

/// Builds a [`Matcher`] from patterns and flags.
#[derive(Clone, Debug, Default)]
pub struct MatcherBuilder {
    fixed_strings: bool,
    case: Case,
    word: bool,
    line: bool,
    crlf: bool,
    multiline: bool,
    dot_all: bool,
    /// Unicode mode off (`--no-unicode`); negative, so that the default is on.
    no_unicode: bool,
    /// `--regex-size-limit`, else [`DEFAULT_SIZE_LIMIT`].
    size_limit: Option<usize>,
    /// `--dfa-size-limit`, else [`DEFAULT_DFA_SIZE_LIMIT`].
    dfa_size_limit: Option<usize>,
}

/// The most heap the compiled NFA may take: rg's default, so that every pattern rg
/// compiles compiles here too (regex-automata's own default is a tenth of it).
const DEFAULT_SIZE_LIMIT: usize = 100 << 20;

/// The capacity of each worker's lazy DFA cache.
const DEFAULT_DFA_SIZE_LIMIT: usize = 64 << 20;

/// How letter case is matched.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Case {
    /// Exactly (`-s`, the default).
    #[default]
    Sensitive,
    /// Ignoring case (`-i`).
    Insensitive,
    /// Ignoring case unless a pattern has an uppercase letter (`-S`).
    Smart,
}

impl MatcherBuilder {
    /// A builder with every flag off: patterns are case-sensitive regular expressions.
    pub fn new() -> MatcherBuilder {
        MatcherBuilder::default()
    }

    /// Treat patterns as literal strings (`-F`).
    pub fn fixed_strings(&mut self, yes: bool) -> &mut Self {
        self.fixed_strings = yes;
        self
    }

    /// Match case-insensitively (`-i`); a shorthand for [`Case::Insensitive`].
    pub fn case_insensitive(&mut self, yes: bool) -> &mut Self {
        self.case = if yes {
            Case::Insensitive
        } else {
            Case::Sensitive
        };
        self
    }

    /// How letter case is matched.
    pub fn case(&mut self, case: Case) -> &mut Self {
        self.case = case;
        self
    }

    /// Require each match to be a whole line (`-x`).
    pub fn line(&mut self, yes: bool) -> &mut Self {
        self.line = yes;
        self
    }

    /// Let matches span lines (`-U`): line terminators stay in classes, and a pattern may
    /// contain a literal `\n`.
    pub fn multiline(&mut self, yes: bool) -> &mut Self {
        self.multiline = yes;
        self
    }

    /// With multiline, let `.` match a line terminator (`--multiline-dotall`).
    pub fn dot_all(&mut self, yes: bool) -> &mut Self {
        self.dot_all = yes;
        self
    }

    /// Treat `\r\n` as a line terminator for `^` and `$` (`--crlf`).
    pub fn crlf(&mut self, yes: bool) -> &mut Self {
        self.crlf = yes;
        self
    }

    /// Parse patterns in Unicode mode (the default), or with ASCII-only classes, case
    /// folding and word boundaries, and `.` matching any byte (`--no-unicode`).
    pub fn unicode(&mut self, yes: bool) -> &mut Self {
        self.no_unicode = !yes;
        self
    }

    /// The most heap the compiled patterns may take (`--regex-size-limit`); `None` is the
    /// default, 100 MiB as in rg.
    pub fn size_limit(&mut self, bytes: Option<usize>) -> &mut Self {
        self.size_limit = bytes;
        self
    }

    /// The capacity of the lazy DFA's cache (`--dfa-size-limit`); `None` is the default.
    pub fn dfa_size_limit(&mut self, bytes: Option<usize>) -> &mut Self {
        self.dfa_size_limit = bytes;
        self
    }

    /// Require word boundaries around each match (`-w`).
    pub fn word(&mut self, yes: bool) -> &mut Self {
        self.word = yes;
        self
    }

    /// Compiles the patterns. With no patterns at all, the matcher never matches.
    pub fn build<S: AsRef<str>>(&self, patterns: &[S]) -> Result<Matcher, PatternError> {
        // rg compiles the patterns joined into one, so what the join decides (smart case
        // over all of them, a group name used twice) is decided here the same way. A
        // single pattern's own syntax errors are reported by `translate`, pattern by
        // pattern.
        let joined = joined::join(patterns, self.fixed_strings);
        let ast = match joined::parse(&joined) {
            Ok(ast) => Some(ast),
            Err(err) if patterns.len() > 1 => return Err(parse_error(&joined, &err)),
            Err(_) => None,
        };
        let insensitive = match self.case {
            Case::Sensitive => false,
            Case::Insensitive => true,
            Case::Smart => ast.as_ref().is_some_and(joined::smart_case_insensitive),
        };
        let mut hirs = Vec::with_capacity(patterns.len());
        for pattern in patterns {
            hirs.push(self.translate(pattern.as_ref(), insensitive)?);
        }
        let config = meta::Config::new()
            .match_kind(MatchKind::LeftmostFirst)
            // ripgrep reports empty matches at every byte offset, even inside a UTF-8
            // sequence, so empty matches must not be forced onto char boundaries.
            .utf8_empty(false)
            .nfa_size_limit(Some(self.size_limit.unwrap_or(DEFAULT_SIZE_LIMIT)))
            .hybrid_cache_capacity(self.dfa_size_limit.unwrap_or(DEFAULT_DFA_SIZE_LIMIT));
        let regex = Regex::builder()
            .configure(config)
            .build_many_from_hir(&hirs)
            .map_err(|err| PatternError {
                message: match err.size_limit() {
                    Some(limit) => format!(
                        "the compiled patterns exceed the size limit of {limit} bytes; \
                         raise it with --regex-size-limit"
                    ),
                    None => format!("the patterns could not be compiled: {err}"),
                },
            })?;
        let spans_lines = self.multiline && hirs.iter().any(can_match_terminator);
        let line_filter = if spans_lines {
            None
        } else {
            LineFilter::new(&hirs)
        };
        Ok(Matcher {
            regex,
            line_filter,
            spans_lines,
            crlf: self.crlf,
        })
    }

    fn translate(&self, pattern: &str, insensitive: bool) -> Result<Hir, PatternError> {
        let escaped;
        let source = if self.fixed_strings {
            escaped = regex_syntax::escape(pattern);
            escaped.as_str()
        } else {
            pattern
        };
        let hir = ParserBuilder::new()
            .utf8(false)
            .multi_line(true)
            .line_terminator(LINE_TERM)
            .case_insensitive(insensitive)
            .unicode(!self.no_unicode)
            .crlf(self.crlf)
            .dot_matches_new_line(self.multiline && self.dot_all)
            .build()
            .parse(source)
            .map_err(|err| parse_error(pattern, &err))?;
        let mut hir = if self.multiline {
            hir
        } else {
            strip_line_terminator(hir, self.crlf)?
        };
        if self.line {
            let (start, end) = if self.crlf {
                (Look::StartCRLF, Look::EndCRLF)
            } else {
                (Look::StartLF, Look::EndLF)
            };
            hir = Hir::concat(vec![Hir::look(start), hir, Hir::look(end)]);
        } else if self.word {
            // rg's -w is `\b{start-half}` and `\b{end-half}` in the pattern's own mode.
            let (start, end) = if self.no_unicode {
                (Look::WordStartHalfAscii, Look::WordEndHalfAscii)
            } else {
                (Look::WordStartHalfUnicode, Look::WordEndHalfUnicode)
            };
            hir = Hir::concat(vec![Hir::look(start), hir, Hir::look(end)]);
        }
        Ok(hir)
    }
}

fn parse_error(pattern: &str, err: &regex_syntax::Error) -> PatternError {
    let mut message = err.to_string();
    if looks_literal(pattern) {
        message.push_str("\n\nhint: to search for this text literally, use -F/--fixed-strings");
    }
    PatternError { message }
}

/// True when a pattern reads as plain text that happens to contain regex syntax, such as
/// `foo(` or `a[0`: then `-F` is probably what the user wanted.
fn looks_literal(pattern: &str) -> bool {
    pattern.chars().any(|c| "()[]{}*+?|\\".contains(c))
        && pattern
            .chars()
            .all(|c| c.is_alphanumeric() || c.is_ascii_punctuation() || c == ' ')
}

/// Whether a match of `hir` may hold a line terminator or depend on one, as ripgrep
/// decides it: a pattern that consumes a terminator, or holds a line or text anchor
/// (`^`, `$`, `\A`, `\z`), is searched as a whole; word boundaries do not count.
fn can_match_terminator(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty => false,
        HirKind::Look(look) => matches!(
            look,
            Look::Start | Look::End | Look::StartLF | Look::EndLF | Look::StartCRLF | Look::EndCRLF
        ),
        HirKind::Literal(Literal(bytes)) => bytes.contains(&LINE_TERM),
        HirKind::Class(Class::Unicode(class)) => {
            let term = char::from(LINE_TERM);
            class
                .ranges()
                .iter()
                .any(|r| r.start() <= term && term <= r.end())
        }
        HirKind::Class(Class::Bytes(class)) => class
            .ranges()
            .iter()
            .any(|r| r.start() <= LINE_TERM && LINE_TERM <= r.end()),
        HirKind::Repetition(rep) => rep.max != Some(0) && can_match_terminator(&rep.sub),
        HirKind::Capture(cap) => can_match_terminator(&cap.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(can_match_terminator),
    }
}

/// Rewrites `hir` so that no match can contain a line terminator: the terminator is removed
/// from every class, and a literal terminator is an error. Under `--crlf` the `\r` is a
/// terminator too, as in rg: `\W` never matches it, and a literal `\r` is refused.
fn strip_line_terminator(hir: Hir, crlf: bool) -> Result<Hir, PatternError> {
    let banned: &[u8] = if crlf { b"\n\r" } else { b"\n" };
    Ok(match hir.into_kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(Literal(bytes)) => {
            if let Some(&byte) = bytes.iter().find(|b| banned.contains(b)) {
                let name = if byte == b'\r' { "\\r" } else { "\\n" };
                return Err(PatternError {
                    message: format!(
                        "the literal \"{name}\" is not allowed in a pattern: trawl matches \
                         within single lines"
                    ),
                });
            }
            Hir::literal(bytes)
        }
        HirKind::Class(Class::Unicode(mut class)) => {
            for &byte in banned {
                let term = char::from(byte);
                class.difference(&ClassUnicode::new([ClassUnicodeRange::new(term, term)]));
            }
            Hir::class(Class::Unicode(class))
        }
        HirKind::Class(Class::Bytes(mut class)) => {
            for &byte in banned {
                class.difference(&ClassBytes::new([ClassBytesRange::new(byte, byte)]));
            }
            Hir::class(Class::Bytes(class))
        }
        HirKind::Look(look) => Hir::look(look),
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(strip_line_terminator(*rep.sub, crlf)?),
            ..rep
        }),
        HirKind::Capture(cap) => Hir::capture(Capture {
            sub: Box::new(strip_line_terminator(*cap.sub, crlf)?),
            ..cap
        }),
        HirKind::Concat(subs) => Hir::concat(strip_all(subs, crlf)?),
        HirKind::Alternation(subs) => Hir::alternation(strip_all(subs, crlf)?),
    })
}

fn strip_all(subs: Vec<Hir>, crlf: bool) -> Result<Vec<Hir>, PatternError> {
    subs.into_iter()
        .map(|sub| strip_line_terminator(sub, crlf))
        .collect()
}

/// A compiled set of patterns. It is shared by every worker; each worker brings its own
/// [`Cache`] so that searching never contends on a lock.
#[derive(Clone, Debug)]
pub struct Matcher {
    regex: Regex,
    /// Finds the lines a match could be on, when the patterns start with no literal the
    /// regex engine could search for itself. See [`Matcher::line_filter`].
    line_filter: Option<LineFilter>,
    /// Whether a match can hold a line terminator; see [`Matcher::spans_lines`].
    spans_lines: bool,
    /// Whether `\r\n` ends lines for the patterns (`--crlf`).
    crlf: bool,
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
        match &self.line_filter {
            None => "the regex engine finds matches itself",
            Some(LineFilter::InnerLiterals(_)) => {
                "a literal inside the pattern picks the lines the regex runs on"
            }
            Some(LineFilter::NonAsciiStart(_)) => {
                "lines without a byte that can start a match are skipped"
            }
        }
    }

    /// Whether a match can hold a line terminator, which only -U allows. A -U pattern
    /// that cannot (`-U foo`) is searched line by line, as ripgrep does: its matches,
    /// counts and -m then work on lines, and no region joins two lines.
    pub fn spans_lines(&self) -> bool {
        self.spans_lines
    }

    /// Whether `\r\n` ends lines for the patterns (`--crlf`): a line's matches are then
    /// searched without its `\r` as well, as rg finds no empty match between the two.
    pub fn crlf(&self) -> bool {
        self.crlf
    }

    /// A fresh scratch space for searching with this matcher.
    pub fn new_cache(&self) -> Cache {
        self.regex.create_cache()
    }

    /// The leftmost match in `haystack[start..]`, as a byte range of `haystack`. Bytes
    /// before `start` are still visible to look-behind assertions such as `\b` and `^`.
    pub fn find_at(
        &self,
        cache: &mut Cache,
        haystack: &[u8],
        start: usize,
    ) -> Option<std::ops::Range<usize>> {
        let input = Input::new(haystack).span(start..haystack.len());
        self.regex.search_with(cache, &input).map(|m| m.range())
    }

    /// Rewrites one line with every match replaced by `replacement`, in which `$1`,
    /// `${name}` and `$$` are expanded. `line` is the line's range in `haystack`, terminator
    /// included; matches are searched in `haystack[..content_end]`. The new line goes to
    /// `dst` and the ranges of the replacements within it to `ranges`.
    #[allow(clippy::too_many_arguments)]
    pub fn replace_line(
        &self,
        cache: &mut Cache,
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
        let mut caps = Captures::all(self.regex.group_info().clone());
        let mut copied = line.start;
        let mut input = Input::new(hay).span(line.start..hay.len());
        let mut last_end: Option<usize> = None;
        loop {
            self.regex.search_captures_with(cache, &input, &mut caps);
            let Some(m) = caps.get_match() else {
                break;
            };
            let range = m.range();
            if range.start >= line.end {
                break;
            }
            if range.is_empty() && last_end == Some(range.end) {
                if input.start() >= hay.len() {
                    break;
                }
                input.set_start(input.start() + 1);
                continue;
            }
            dst.extend_from_slice(&haystack[copied..range.start]);
            let at = dst.len();
            caps.interpolate_bytes_into(hay, replacement, dst);
            ranges.push(at..dst.len());
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
            input.set_start(next);
        }
        dst.extend_from_slice(&haystack[copied..line.end]);
    }

    /// Calls `found` with every match in `haystack[start..]` and the index of the pattern
    /// that matched, left to right, with the usual rule for empty matches: one that touches
    /// the end of the previous match is skipped. `found` returns false to stop early.
    pub fn for_each_match(
        &self,
        cache: &mut Cache,
        haystack: &[u8],
        start: usize,
        mut found: impl FnMut(std::ops::Range<usize>, usize) -> bool,
    ) {
        let mut input = Input::new(haystack).span(start..haystack.len());
        let mut last_end: Option<usize> = None;
        while let Some(m) = self.regex.search_with(cache, &input) {
            let range = m.range();
            if range.is_empty() && last_end == Some(range.end) {
                // An empty match right after the previous match: step over one byte.
                if input.start() >= haystack.len() {
                    break;
                }
                input.set_start(input.start() + 1);
                continue;
            }
            if !found(range.clone(), m.pattern().as_usize()) {
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
            input.set_start(next);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(builder: &MatcherBuilder, patterns: &[&str], hay: &str) -> Vec<(usize, usize)> {
        let m = builder.build(patterns).unwrap();
        let mut cache = m.new_cache();
        let mut out = vec![];
        m.for_each_match(&mut cache, hay.as_bytes(), 0, |r, _| {
            out.push((r.start, r.end));
            true
        });
        out
    }

    #[test]
    fn classes_never_match_a_line_terminator() {
        let b = MatcherBuilder::new();
        assert_eq!(matches(&b, &[r"c\sx"], "abc\nxyz"), vec![]);
        assert_eq!(matches(&b, &[r"[^a]b"], "a\nb"), vec![]);
        assert_eq!(matches(&b, &[r"(?s)c.x"], "c\nx"), vec![]);
        assert_eq!(matches(&b, &[r"c\sx"], "c x"), vec![(0, 3)]);
    }

    #[test]
    fn literal_line_terminator_is_an_error() {
        let err = MatcherBuilder::new().build(&["a\nb"]).unwrap_err();
        assert!(err.to_string().contains("not allowed"), "{err}");
        let err = MatcherBuilder::new().build(&[r"a\nb"]).unwrap_err();
        assert!(err.to_string().contains("not allowed"), "{err}");
    }

    #[test]
    fn empty_matches_follow_the_find_iter_rule() {
        let b = MatcherBuilder::new();
        assert_eq!(
            matches(&b, &["x*"], "xx y"),
            vec![(0, 2), (3, 3), (4, 4)],
            "the empty match at 2 touches the end of the previous match"
        );
        // Empty matches may fall inside a UTF-8 sequence, as in ripgrep.
        assert_eq!(matches(&b, &[""], "é").len(), 3);
    }

    #[test]
    fn word_uses_half_boundaries() {
        let mut b = MatcherBuilder::new();
        b.word(true);
        assert_eq!(matches(&b, &["x"], "xx y"), vec![]);
        assert_eq!(matches(&b, &["xx"], "xx y"), vec![(0, 2)]);
        assert_eq!(matches(&b, &["-x"], "a -x b"), vec![(2, 4)]);
    }

    #[test]
    fn fixed_strings_and_case() {
        let mut b = MatcherBuilder::new();
        b.fixed_strings(true).case_insensitive(true);
        assert_eq!(matches(&b, &["A.B"], "a.b axb"), vec![(0, 3)]);
    }

    #[test]
    fn matches_report_their_pattern() {
        let m = MatcherBuilder::new().build(&["b", "a"]).unwrap();
        let mut cache = m.new_cache();
        let mut found = vec![];
        m.for_each_match(&mut cache, b"ab", 0, |_, p| {
            found.push(p);
            true
        });
        assert_eq!(found, vec![1, 0]);
    }

    #[test]
    fn earlier_patterns_win_at_the_same_position() {
        let b = MatcherBuilder::new();
        assert_eq!(matches(&b, &["ab", "abc"], "abc"), vec![(0, 2)]);
    }

    #[test]
    fn multiline_keeps_line_terminators() {
        let mut b = MatcherBuilder::new();
        b.multiline(true);
        assert_eq!(matches(&b, &[r"c\sx"], "abc\nxyz"), vec![(2, 5)]);
        assert_eq!(matches(&b, &["a\nb"], "a\nb"), vec![(0, 3)]);
        assert_eq!(matches(&b, &["a.b"], "a\nb"), vec![]);
        b.dot_all(true);
        assert_eq!(matches(&b, &["a.b"], "a\nb"), vec![(0, 3)]);
    }

    #[test]
    fn only_patterns_that_can_meet_a_terminator_span_lines() {
        let mut u = MatcherBuilder::new();
        u.multiline(true);
        let spans = |p: &str| u.build(&[p]).unwrap().spans_lines();
        assert!(spans(r"foo\nbar") && spans(r"o\s") && spans("[^x]") && spans("(?s)a.b"));
        // Anchors make ripgrep search the whole file too; word boundaries do not.
        assert!(spans("^foo") && spans("foo$") && spans(r"\Afoo"));
        assert!(!spans("foo") && !spans(r"\bfoo\b") && !spans("a.b") && !spans(r"\n{0}x"));
        assert!(
            !MatcherBuilder::new()
                .build(&[r"o\s"])
                .unwrap()
                .spans_lines()
        );
    }

    #[test]
    fn line_filters_are_made_only_when_needed() {
        let b = MatcherBuilder::new();
        assert!(b.build(&[r"\wAh"]).unwrap().line_filter().is_some());
        assert!(
            b.build(&[r"[A-Z]+_RESUME"])
                .unwrap()
                .line_filter()
                .is_some()
        );
        // A literal prefix: the regex engine's own prefilter is better.
        assert!(b.build(&["PM_RESUME"]).unwrap().line_filter().is_none());
        // Nothing literal at all.
        assert!(
            b.build(&[r"\w{5}\s+\w{5}"])
                .unwrap()
                .line_filter()
                .is_none()
        );
        // Every pattern needs a literal.
        assert!(b.build(&[r"\wAh", r"\w+"]).unwrap().line_filter().is_none());
        // Start bytes outside ASCII, after case folding too.
        assert!(b.build(&[r"\p{Greek}"]).unwrap().line_filter().is_some());
        let mut i = MatcherBuilder::new();
        i.case(Case::Insensitive);
        assert!(i.build(&[r"\p{Greek}+"]).unwrap().line_filter().is_some());
        // Multiline: a match may span lines, so no line can be ruled out.
        let mut u = MatcherBuilder::new();
        u.multiline(true);
        assert!(
            u.build(&[r"\wAh", r"\p{Greek}"])
                .unwrap()
                .line_filter()
                .is_none()
        );
    }

    #[test]
    fn smart_case_looks_for_uppercase_literals_only() {
        let mut b = MatcherBuilder::new();
        b.case(Case::Smart);
        assert_eq!(matches(&b, &["foo"], "FOO"), vec![(0, 3)]);
        assert_eq!(matches(&b, &["Foo"], "FOO"), vec![]);
    }

    #[test]
    fn line_regexp_anchors_both_ends() {
        let mut b = MatcherBuilder::new();
        b.line(true);
        assert_eq!(matches(&b, &["ab"], "ab\nabc\n"), vec![(0, 2)]);
    }

    #[test]
    fn replacement_expands_groups() {
        let m = MatcherBuilder::new().build(&[r"(?P<w>\w)(\d)"]).unwrap();
        let mut cache = m.new_cache();
        let (mut dst, mut ranges) = (vec![], vec![]);
        let hay = b"a1 b2\n";
        m.replace_line(
            &mut cache,
            hay,
            0..6,
            5,
            b"[$2${w}$$]",
            &mut dst,
            &mut ranges,
        );
        assert_eq!(dst, b"[1a$] [2b$]\n");
        assert_eq!(ranges, vec![0..5, 6..11]);
    }

    #[test]
    fn parse_error_suggests_fixed_strings_for_literal_looking_text() {
        let err = MatcherBuilder::new().build(&["foo("]).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("regex parse error:"), "{text}");
        assert!(text.contains("-F"), "{text}");
    }
}
