//! The PCRE2 engine (`-P`, `--engine pcre2`, and `--engine auto`'s fallback), built as
//! ripgrep builds it, so that what matches is what `rg -P` matches:
//! - the patterns are joined into one alternation `(?:p1)|(?:p2)|...`, compiled once, with
//!   `^` and `$` matching at line ends (PCRE2's multi-line mode);
//! - `-w` wraps it in `(?<!\w)(?:...)(?!\w)` and `-x` in `(?m:^)(?:...)(?m:$)`;
//! - smart case looks for an uppercase letter that is not escaped in the joined pattern;
//! - Unicode mode is PCRE2's UTF and UCP modes, off under `--no-unicode`;
//! - JIT is used when the library has it, with ripgrep's JIT stack ceiling.
//!
//! PCRE2 cannot be told to stay within a line, so outside multiline mode the
//! [`super::Matcher`] searches each line alone for it, as ripgrep does.
//!
//! Invariant: nothing here panics on a match error. A resource limit (the JIT stack, the
//! match limit) comes back as an error string, which the searcher reports against the
//! file it was searching.

use std::ops::Range;

use pcre2::bytes::{CaptureLocations, Regex, RegexBuilder};

use super::{Case, PatternError};

/// ripgrep's ceiling for the JIT stack. PCRE2's own default, 32 KiB, runs out on
/// ordinary patterns over long lines; ripgrep raises it to 10 MiB, so the same searches
/// succeed here.
const MAX_JIT_STACK: usize = 10 << 20;

/// The flags that shape a PCRE2 pattern, resolved by [`super::MatcherBuilder`].
#[derive(Clone, Copy, Debug)]
pub(super) struct Options {
    pub fixed_strings: bool,
    pub case: Case,
    pub word: bool,
    pub line: bool,
    pub crlf: bool,
    pub multiline: bool,
    pub dot_all: bool,
    pub unicode: bool,
}

/// A compiled PCRE2 pattern set. Cloning it gives a worker its own match scratch space.
#[derive(Clone, Debug)]
pub(super) struct Engine {
    regex: Regex,
    /// One regex per pattern, wrapped as the joined one and anchored with `\G`, to tell
    /// which pattern a match came from; empty with one pattern. None for a pattern that
    /// does not compile alone (a backreference into another pattern's group).
    each: Vec<Option<Regex>>,
    /// Reused for `-r`.
    locations: CaptureLocations,
    /// Whether letters match in either case (`-i`, or smart case without an uppercase
    /// letter).
    caseless: bool,
}

/// `--pcre2-version`'s text, in ripgrep's words.
pub fn version() -> String {
    let (major, minor) = pcre2::version();
    let jit = if cfg!(target_pointer_width = "64") && pcre2::is_jit_available() {
        "available"
    } else {
        "unavailable"
    };
    format!("PCRE2 {major}.{minor} is available (JIT is {jit})")
}

impl Engine {
    /// Compiles `patterns` with `options`.
    pub fn new<S: AsRef<str>>(patterns: &[S], options: &Options) -> Result<Engine, PatternError> {
        let groups: Vec<String> = patterns
            .iter()
            .map(|p| group(p.as_ref(), options.fixed_strings))
            .collect();
        let joined = if groups.is_empty() {
            // A class of nothing: a pattern that never matches.
            r"[^\S\s]".to_string()
        } else {
            groups.join("|")
        };
        let caseless = match options.case {
            Case::Sensitive => false,
            Case::Insensitive => true,
            Case::Smart => !has_unescaped_uppercase(&joined),
        };
        let builder = builder(options, caseless);
        let regex = builder
            .build(&wrap(&joined, options))
            .map_err(|err| compile_error(patterns, &groups, &builder, options, &err))?;
        let each = if groups.len() > 1 {
            groups
                .iter()
                .map(|g| builder.build(&format!(r"\G{}", wrap(g, options))).ok())
                .collect()
        } else {
            Vec::new()
        };
        let locations = regex.capture_locations();
        Ok(Engine {
            regex,
            each,
            locations,
            caseless,
        })
    }

    /// Whether letters match in either case.
    pub fn caseless(&self) -> bool {
        self.caseless
    }

    /// The leftmost match in `haystack[start..]`; look-behind sees the bytes before it.
    pub fn find_at(&self, haystack: &[u8], start: usize) -> Result<Option<Range<usize>>, String> {
        match self.regex.find_at(haystack, start) {
            Ok(m) => Ok(m.map(|m| m.start()..m.end())),
            Err(err) => Err(err.to_string()),
        }
    }

    /// The index of the pattern that `m`, a match of the joined pattern, came from: the
    /// first one that matches at its start, as the alternation tried them.
    pub fn pattern_of(&self, haystack: &[u8], m: &Range<usize>) -> usize {
        self.each
            .iter()
            .position(|re| {
                re.as_ref()
                    .and_then(|re| re.find_at(haystack, m.start).ok().flatten())
                    .is_some_and(|found| found.start() == m.start && found.end() == m.end)
            })
            .unwrap_or(0)
    }

    /// The leftmost match in `haystack[start..]` with its groups, for `-r`: the match, and
    /// a function that appends group `i` to a buffer.
    pub fn captures_at(
        &mut self,
        haystack: &[u8],
        start: usize,
    ) -> Result<Option<Range<usize>>, String> {
        match self
            .regex
            .captures_read_at(&mut self.locations, haystack, start)
        {
            Ok(m) => Ok(m.map(|m| m.start()..m.end())),
            Err(err) => Err(err.to_string()),
        }
    }

    /// Expands `replacement` (`$1`, `${name}`, `$$`) from the groups of the last
    /// [`Engine::captures_at`] into `dst`.
    pub fn interpolate(&self, haystack: &[u8], replacement: &[u8], dst: &mut Vec<u8>) {
        let names = self.regex.capture_names();
        regex_automata::util::interpolate::bytes(
            replacement,
            |i, dst| {
                if let Some((s, e)) = self.locations.get(i) {
                    dst.extend_from_slice(&haystack[s..e]);
                }
            },
            |name| names.iter().position(|n| n.as_deref() == Some(name)),
            dst,
        );
    }
}

/// One pattern as a group of the alternation.
fn group(pattern: &str, fixed_strings: bool) -> String {
    if fixed_strings {
        format!("(?:{})", pcre2::escape(pattern))
    } else {
        format!("(?:{pattern})")
    }
}

/// The alternation with `-x` or `-w` around it.
fn wrap(joined: &str, options: &Options) -> String {
    if options.line {
        format!("(?m:^)(?:{joined})(?m:$)")
    } else if options.word {
        format!(r"(?<!\w)(?:{joined})(?!\w)")
    } else {
        joined.to_string()
    }
}

fn builder(options: &Options, caseless: bool) -> RegexBuilder {
    let mut builder = RegexBuilder::new();
    builder
        .multi_line(true)
        .caseless(caseless)
        .crlf(options.crlf);
    if cfg!(target_pointer_width = "64") {
        // ripgrep leaves the JIT off on 32-bit targets, where it fails to compile
        // patterns for lack of memory.
        builder
            .jit_if_available(true)
            .max_jit_stack_size(Some(MAX_JIT_STACK));
    }
    if options.unicode {
        builder.utf(true).ucp(true);
    }
    if options.multiline {
        builder.dotall(options.dot_all);
    }
    builder
}

/// How far regex-syntax reads a PCRE2 pattern as PCRE2 does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Reading {
    /// Alike, as far as the text every match must hold goes: a filter of literals, or of
    /// start bytes, built from regex-syntax's reading never skips a line that PCRE2 would
    /// match ([`super::LineFilter`]).
    Alike,
    /// Alike but for which characters outside ASCII some classes hold: `\p` and `\P`,
    /// whose scripts PCRE2 reads as script extensions (`\p{Greek}` matches `·`, U+00B7)
    /// and whose Unicode version may differ, and POSIX classes, ASCII to regex-syntax and
    /// Unicode under PCRE2's UCP (`[[:digit:]]` matches `٣`). Only a filter that takes
    /// every character outside ASCII in each class is sound ([`super::LineFilter::wider`]).
    OnAscii,
    /// Read apart.
    Apart,
}

/// regex-syntax's reading of `pattern` against PCRE2's. A pattern that regex-syntax rejects
/// (look-around, backreferences, `\Q`, possessive quantifiers) gets no filter anyway; this
/// finds what both accept and read differently:
/// - `\v`, a vertical tab to regex-syntax and any vertical space to PCRE2;
/// - a `[` inside a class that does not open a POSIX class: nesting to regex-syntax, a
///   plain `[` to PCRE2;
/// - `&&`, `--` or `~~` inside a class: set operations to regex-syntax, plain characters
///   to PCRE2;
/// - inline `x`, under which regex-syntax ignores spaces in classes and PCRE2 does not;
/// - inline `i`, whose case folding the two engines need not agree on;
///
/// and `\p`, `\P` and POSIX classes, which make it [`Reading::OnAscii`].
pub(super) fn reading(pattern: &str) -> Reading {
    let bytes = pattern.as_bytes();
    let mut in_class = false;
    let mut on_ascii = false;
    let mut i = 0;
    while i < bytes.len() {
        let next = bytes.get(i + 1).copied();
        match bytes[i] {
            b'\\' => {
                match next {
                    Some(b'v') => return Reading::Apart,
                    Some(b'p' | b'P') => on_ascii = true,
                    _ => {}
                }
                i += 2;
                continue;
            }
            b'[' if in_class => {
                // A POSIX class, `[:alpha:]`, ends at its `:]`.
                match (next, pattern[i..].find(":]")) {
                    (Some(b':'), Some(end)) => {
                        on_ascii = true;
                        i += end + 2;
                        continue;
                    }
                    _ => return Reading::Apart,
                }
            }
            b'[' => {
                in_class = true;
                i += 1;
                // A `]` first in the class, after an optional `^`, is a plain `]`.
                if bytes.get(i) == Some(&b'^') {
                    i += 1;
                }
                if bytes.get(i) == Some(&b']') {
                    i += 1;
                }
                continue;
            }
            b']' if in_class => in_class = false,
            b @ (b'&' | b'-' | b'~') if in_class && next == Some(b) => return Reading::Apart,
            b'(' if !in_class && next == Some(b'?') => {
                let flags = bytes[i + 2..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphabetic() || **b == b'-');
                if flags.clone().any(|&b| b == b'i' || b == b'x') {
                    return Reading::Apart;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if on_ascii {
        Reading::OnAscii
    } else {
        Reading::Alike
    }
}

/// Smart case as ripgrep decides it for PCRE2: an uppercase letter that does not follow a
/// backslash turns case-insensitive matching off.
fn has_unescaped_uppercase(pattern: &str) -> bool {
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            chars.next();
        } else if c.is_uppercase() {
            return true;
        }
    }
    false
}

/// A compile error, showing the pattern at fault with a caret where PCRE2 stopped. The
/// joined pattern failed; each pattern is compiled alone to find the one at fault, whose
/// offset is then its own.
fn compile_error<S: AsRef<str>>(
    patterns: &[S],
    groups: &[String],
    builder: &RegexBuilder,
    options: &Options,
    joined_err: &pcre2::Error,
) -> PatternError {
    let reason = |err: &pcre2::Error| {
        let text = err.to_string();
        // PCRE2's text is "PCRE2: error compiling pattern at offset N: why".
        text.rsplit_once(": ")
            .map_or(text.clone(), |(_, why)| why.to_string())
    };
    for (pattern, group) in patterns.iter().zip(groups) {
        let Err(err) = builder.build(group) else {
            continue;
        };
        let pattern = pattern.as_ref();
        let shown = if options.fixed_strings {
            pcre2::escape(pattern)
        } else {
            pattern.to_string()
        };
        // The offset counts bytes of the group, which starts with "(?:".
        let at = err
            .offset()
            .map_or(0, |o| o.saturating_sub(3))
            .min(shown.len());
        let column = shown.char_indices().take_while(|&(i, _)| i < at).count();
        return PatternError {
            message: format!(
                "PCRE2 regex parse error:\n    {shown}\n    {}^\nerror: {}",
                " ".repeat(column),
                reason(&err)
            ),
        };
    }
    PatternError {
        message: format!(
            "PCRE2 could not compile the patterns: {}",
            reason(joined_err)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> Options {
        Options {
            fixed_strings: false,
            case: Case::Sensitive,
            word: false,
            line: false,
            crlf: false,
            multiline: false,
            dot_all: false,
            unicode: true,
        }
    }

    #[test]
    fn patterns_are_told_apart() {
        let engine = Engine::new(&["b+", "a", "ab"], &options()).unwrap();
        let hay = b"xab bb";
        let m = engine.find_at(hay, 0).unwrap().unwrap();
        assert_eq!((m.clone(), engine.pattern_of(hay, &m)), (1..2, 1));
        let m = engine.find_at(hay, 2).unwrap().unwrap();
        assert_eq!((m.clone(), engine.pattern_of(hay, &m)), (2..3, 0));
    }

    #[test]
    fn compile_errors_point_into_the_pattern() {
        let err = Engine::new(&["ok", "a(b"], &options()).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("\n    a(b\n       ^\n"), "{text}");
        assert!(text.contains("missing closing parenthesis"), "{text}");
    }

    #[test]
    fn smart_case_skips_escapes() {
        assert!(!has_unescaped_uppercase(r"\Sfoo\W"));
        assert!(has_unescaped_uppercase(r"\sFoo"));
    }

    #[test]
    fn a_filter_is_built_only_where_both_engines_read_the_pattern_alike() {
        for alike in [
            "PM_RESUME",
            r"[A-Z]+_RESUME\b",
            r"\\v and \\p",
            "[]a]b",
            "[^]a-z]b",
            "a[-]b",
            r"(?:x|y)z",
            r"(?-s)a.b",
        ] {
            assert_eq!(reading(alike), Reading::Alike, "{alike}");
        }
        for on_ascii in [r"\p{Greek}", r"x\PLy", "x[[:digit:]]", r"[^\pL[:space:]]"] {
            assert_eq!(reading(on_ascii), Reading::OnAscii, "{on_ascii}");
        }
        for apart in [
            r"a\vb",
            r"\p{Greek}\v",
            "x[[]y",
            "x[a&&b]y",
            "x[a--b]y",
            "x[a~~b]y",
            "(?x)[ a]foo",
            "(?i)abc",
            "a(?ms-ix:b)",
        ] {
            assert_eq!(reading(apart), Reading::Apart, "{apart}");
        }
    }
}
