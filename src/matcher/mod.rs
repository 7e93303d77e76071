//! Patterns and pattern flags, compiled once into one [`Matcher`]: the one interface the
//! searcher finds matches through, whichever engine is behind it.
//!
//! Two engines: the default one (regex-automata, ripgrep's default) and PCRE2 (`-P`; see
//! [`pcre`]). `--engine auto` tries the default engine and falls back to PCRE2 when the
//! patterns need it.
//!
//! For the default engine, every `-e` pattern is parsed on its own into a high-level IR,
//! rewritten for the flags (`-F`, `-i`, `-w`), and the results are compiled together as one
//! multi-pattern regex. Pattern order is priority order, as in an alternation `p1|p2|...`.
//!
//! Invariant: outside multiline mode, a match never spans a line terminator. The default
//! engine searches a whole buffer at once, so classes such as `\s` or `[^a]` would otherwise
//! match `\n` and join two lines. The rewrite removes the terminator from every class, and
//! rejects a pattern that contains it literally, as ripgrep does outside multiline mode.
//! Where that rewrite cannot give ripgrep's answers, the matcher searches each line alone,
//! as ripgrep's searcher then does: always for PCRE2, and for the default engine under
//! `--null-data`, where `^` and `$` still mean `\n` but a NUL ends each line.

mod find;
mod joined;
mod line_filter;
mod pcre;

use std::fmt;

pub use self::find::{MatchCache, Matcher};
pub use self::line_filter::LineFilter;
pub use self::pcre::version as pcre2_version;

use regex_automata::MatchKind;
use regex_automata::meta::{self, Regex};
use regex_syntax::ParserBuilder;

use self::find::{ByLine, Engine};
use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
    Literal, Look, Repetition,
};

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
    /// NUL is the line terminator (`--null-data`).
    null_data: bool,
    /// Binary detection is on, so no searched line holds a NUL (see [`Self::ban_nul`]).
    ban_nul: bool,
    engine: EngineChoice,
}

/// Which regex engine compiles the patterns (`--engine`, `-P`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EngineChoice {
    /// ripgrep's default engine, regex-automata.
    #[default]
    Default,
    /// PCRE2: look-around, backreferences, possessive and atomic groups.
    Pcre2,
    /// The default engine, or PCRE2 when the default engine cannot compile the patterns.
    Auto,
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

    /// Make NUL the line terminator (`--null-data`).
    pub fn null_data(&mut self, yes: bool) -> &mut Self {
        self.null_data = yes;
        self
    }

    /// Refuse a pattern that cannot match without a NUL byte, as rg's default engine does
    /// while binary detection is on (without `-a`): no line it searches holds a NUL. As in
    /// rg, patterns that are plain text, matched case-sensitively, are not looked at, and
    /// neither are patterns under `--null-data`, where NUL ends each line.
    pub fn ban_nul(&mut self, yes: bool) -> &mut Self {
        self.ban_nul = yes;
        self
    }

    /// Which engine compiles the patterns.
    pub fn engine(&mut self, engine: EngineChoice) -> &mut Self {
        self.engine = engine;
        self
    }

    /// The engine chosen.
    pub fn engine_choice(&self) -> EngineChoice {
        self.engine
    }

    /// The line terminator that matches stay within: `\n`, or NUL under `--null-data`.
    pub fn line_terminator(&self) -> u8 {
        if self.null_data { 0 } else { b'\n' }
    }

    /// Compiles the patterns with the chosen engine. With no patterns at all, the matcher
    /// never matches.
    pub fn build<S: AsRef<str>>(&self, patterns: &[S]) -> Result<Matcher, PatternError> {
        match self.engine {
            EngineChoice::Default => self.build_default(patterns),
            EngineChoice::Pcre2 => self.build_pcre2(patterns),
            EngineChoice::Auto => {
                let default_err = match self.build_default(patterns) {
                    Ok(matcher) => return Ok(matcher),
                    Err(err) => err,
                };
                log::debug!("the default engine failed, trying PCRE2: {default_err}");
                self.build_pcre2(patterns).map_err(|pcre_err| {
                    let divider = "~".repeat(79);
                    PatternError {
                        message: format!(
                            "the patterns compile with neither the default regex engine nor \
                             PCRE2.\n\ndefault regex engine error:\n{divider}\n{}\n\
                             {divider}\n\nPCRE2 regex engine error:\n{}",
                            default_err.message.trim_end(),
                            pcre_err.message
                        ),
                    }
                })
            }
        }
    }

    fn build_pcre2<S: AsRef<str>>(&self, patterns: &[S]) -> Result<Matcher, PatternError> {
        let options = pcre::Options {
            fixed_strings: self.fixed_strings,
            case: self.case,
            word: self.word,
            line: self.line,
            crlf: self.crlf,
            multiline: self.multiline,
            dot_all: self.dot_all,
            unicode: !self.no_unicode,
        };
        let engine = pcre::Engine::new(patterns, &options)?;
        // Without Unicode, PCRE2 reads `\x{e9}` as the byte E9; regex-syntax does not.
        // Under --crlf the readings lose `\r` from their classes, which PCRE2 still
        // matches inside a line.
        let readings = if self.multiline || engine.caseless() || self.no_unicode || self.crlf {
            None
        } else {
            self.pcre2_readings(patterns)
        };
        let (line_filter, min_len) = match &readings {
            None => (None, 0),
            Some((hirs, alike)) => {
                let wide = LineFilter::widen_all(hirs);
                let filter = alike
                    .then(|| LineFilter::required(hirs))
                    .flatten()
                    .or_else(|| LineFilter::wider(&wide));
                // The fewest bytes any match takes, counted on the wider patterns, which
                // match wherever PCRE2 does: a line with fewer after the search's start
                // cannot hold one, and PCRE2 is not run on it.
                (filter, LineFilter::minimum_len(&wide))
            }
        };
        Ok(Matcher {
            engine: Engine::Pcre2(Box::new(engine)),
            line_filter,
            // PCRE2 cannot say which bytes its patterns never match, so under -U every
            // pattern is searched over the whole file, as ripgrep does.
            spans_lines: self.multiline,
            by_line: (!self.multiline).then(|| ByLine {
                term: self.line_terminator(),
                crlf: self.crlf,
                min_len,
            }),
            patterns: patterns.len(),
            crlf: self.crlf,
        })
    }

    /// regex-syntax's reading of patterns that PCRE2 compiled, with letters matched in
    /// their own case, where it reads every one of them as PCRE2 does at least on ASCII
    /// (see [`pcre::reading`]), and whether it reads them all alike. From it come a
    /// candidate-line filter, so that `-P PM_RESUME` runs PCRE2 only on the lines that hold
    /// `PM_RESUME`, and `-P '\w{5}\s+\w{5}'` only on the lines that a DFA of a wider regex
    /// matches, where ripgrep runs it on every line; and the shortest match.
    fn pcre2_readings<S: AsRef<str>>(&self, patterns: &[S]) -> Option<(Vec<Hir>, bool)> {
        let mut alike = true;
        let hirs = patterns
            .iter()
            .map(|p| {
                let p = p.as_ref();
                let reading = if self.fixed_strings {
                    pcre::Reading::Alike
                } else {
                    pcre::reading(p)
                };
                alike &= reading == pcre::Reading::Alike;
                match reading {
                    pcre::Reading::Apart => None,
                    _ => self.translate(p, false).ok(),
                }
            })
            .collect::<Option<Vec<Hir>>>()?;
        Some((hirs, alike))
    }

    fn build_default<S: AsRef<str>>(&self, patterns: &[S]) -> Result<Matcher, PatternError> {
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
        // rg builds plain text, matched case-sensitively, straight into literals, and looks
        // for a NUL only in the patterns it parses.
        let plain_text = self.case == Case::Sensitive
            && (self.fixed_strings
                || patterns
                    .iter()
                    .all(|p| !p.as_ref().chars().any(regex_syntax::is_meta_character)));
        let mut hirs = Vec::with_capacity(patterns.len());
        for pattern in patterns {
            hirs.push(self.translate(pattern.as_ref(), insensitive)?);
        }
        // rg looks at the joined patterns, in which alternatives of one character each
        // are one class: `-e '\x00' -e '\r'` is allowed. And it looks before the line
        // terminator leaves the classes: `[\x00\n]` is allowed.
        if self.ban_nul && !self.null_data && !plain_text {
            let hir = self
                .parser(insensitive)
                .parse(&joined)
                .map_err(|err| parse_error(&joined, &err))?;
            if needs_nul(&hir) {
                return Err(PatternError {
                    message: "the patterns need a NUL byte (\"\\0\") to match, and no line \
                              holds one while binary files are detected\n\nhint: to match \
                              NUL bytes, search with -a/--text"
                        .to_string(),
                });
            }
        }
        let term = self.line_terminator();
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
        let spans_lines = self.multiline && hirs.iter().any(|h| can_match_terminator(h, term));
        let line_filter = if spans_lines {
            None
        } else {
            LineFilter::new(&hirs)
        };
        Ok(Matcher {
            engine: Engine::Default(regex),
            line_filter,
            spans_lines,
            crlf: self.crlf,
            // Under --null-data, `^` and `$` still mean `\n`, and a NUL ends a line: only
            // a search of each line alone gives both, as ripgrep's searcher does then.
            by_line: (self.null_data && !self.multiline).then_some(ByLine {
                term,
                crlf: self.crlf,
                min_len: 0,
            }),
            patterns: patterns.len(),
        })
    }

    /// The parser of the patterns, with the flags that shape them.
    fn parser(&self, insensitive: bool) -> regex_syntax::Parser {
        ParserBuilder::new()
            .utf8(false)
            .multi_line(true)
            // ripgrep's `^`, `$` and `.` mean `\n` even under --null-data.
            .line_terminator(b'\n')
            .case_insensitive(insensitive)
            .unicode(!self.no_unicode)
            .crlf(self.crlf)
            .dot_matches_new_line(self.multiline && self.dot_all)
            .build()
    }

    fn translate(&self, pattern: &str, insensitive: bool) -> Result<Hir, PatternError> {
        let escaped;
        let source = if self.fixed_strings {
            escaped = regex_syntax::escape(pattern);
            escaped.as_str()
        } else {
            pattern
        };
        let hir = self
            .parser(insensitive)
            .parse(source)
            .map_err(|err| parse_error(pattern, &err))?;
        let mut hir = if self.multiline {
            hir
        } else {
            strip_line_terminator(hir, self.line_terminator(), self.crlf)?
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
    if message.contains("look-around") || message.contains("backreferences") {
        message.push_str("\n\nhint: -P/--pcre2 supports look-around and backreferences");
    } else if looks_literal(pattern) {
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
fn can_match_terminator(hir: &Hir, term: u8) -> bool {
    match hir.kind() {
        HirKind::Empty => false,
        HirKind::Look(look) => matches!(
            look,
            Look::Start | Look::End | Look::StartLF | Look::EndLF | Look::StartCRLF | Look::EndCRLF
        ),
        HirKind::Literal(Literal(bytes)) => bytes.contains(&term),
        HirKind::Class(Class::Unicode(class)) => {
            let term = char::from(term);
            class
                .ranges()
                .iter()
                .any(|r| r.start() <= term && term <= r.end())
        }
        HirKind::Class(Class::Bytes(class)) => class
            .ranges()
            .iter()
            .any(|r| r.start() <= term && term <= r.end()),
        HirKind::Repetition(rep) => rep.max != Some(0) && can_match_terminator(&rep.sub, term),
        HirKind::Capture(cap) => can_match_terminator(&cap.sub, term),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().any(|h| can_match_terminator(h, term))
        }
    }
}

/// Whether `hir` has a NUL that every match of its part must hold: a literal NUL, or a
/// class of the NUL alone, anywhere, even under a repetition that may be empty, as rg
/// decides it.
fn needs_nul(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(Literal(bytes)) => bytes.contains(&0),
        HirKind::Class(Class::Unicode(class)) => {
            matches!(class.ranges(), [r] if r.start() == '\0' && r.end() == '\0')
        }
        HirKind::Class(Class::Bytes(class)) => {
            matches!(class.ranges(), [r] if r.start() == 0 && r.end() == 0)
        }
        HirKind::Repetition(rep) => needs_nul(&rep.sub),
        HirKind::Capture(cap) => needs_nul(&cap.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(needs_nul),
    }
}

/// Rewrites `hir` so that no match can contain a line terminator: the terminator is removed
/// from every class, and a literal terminator is an error. Under `--crlf` the `\r` is a
/// terminator too, as in rg: `\W` never matches it, and a literal `\r` is refused.
fn strip_line_terminator(hir: Hir, term: u8, crlf: bool) -> Result<Hir, PatternError> {
    let banned: &[u8] = if crlf { &[term, b'\r'] } else { &[term] };
    Ok(match hir.into_kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(Literal(bytes)) => {
            if let Some(&byte) = bytes.iter().find(|b| banned.contains(b)) {
                let name = match byte {
                    b'\r' => "\\r",
                    b'\n' => "\\n",
                    _ => "\\0",
                };
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
            sub: Box::new(strip_line_terminator(*rep.sub, term, crlf)?),
            ..rep
        }),
        HirKind::Capture(cap) => Hir::capture(Capture {
            sub: Box::new(strip_line_terminator(*cap.sub, term, crlf)?),
            ..cap
        }),
        HirKind::Concat(subs) => Hir::concat(strip_all(subs, term, crlf)?),
        HirKind::Alternation(subs) => Hir::alternation(strip_all(subs, term, crlf)?),
    })
}

fn strip_all(subs: Vec<Hir>, term: u8, crlf: bool) -> Result<Vec<Hir>, PatternError> {
    subs.into_iter()
        .map(|h| strip_line_terminator(h, term, crlf))
        .collect()
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
    fn pcre2_filters_lines_only_where_regex_syntax_reads_the_pattern_alike() {
        let strategy = |patterns: &[&str], setup: &dyn Fn(&mut MatcherBuilder)| {
            let mut b = MatcherBuilder::new();
            b.engine(EngineChoice::Pcre2);
            setup(&mut b);
            b.build(patterns).unwrap().describe_strategy()
        };
        let filtered = "PCRE2 searches alone each line that holds what every match must hold";
        let each = "PCRE2 searches each line alone";
        assert_eq!(strategy(&["PM_RESUME"], &|_| {}), filtered);
        assert_eq!(strategy(&["[A-Z]+_RESUME"], &|_| {}), filtered);
        assert_eq!(strategy(&["foo", "(?<=x)bar"], &|_| {}), each);
        assert_eq!(strategy(&[r"a\vb"], &|_| {}), each);
        let wider = "PCRE2 searches alone each line that a wider regex matches";
        assert_eq!(strategy(&[r"\p{Greek}"], &|_| {}), wider);
        assert_eq!(strategy(&["x[[:digit:]]+y"], &|_| {}), wider);
        assert_eq!(strategy(&[r"\w{5}\s+\w{5}"], &|_| {}), wider);
        assert_eq!(
            strategy(&["PM_RESUME"], &|b| {
                b.case_insensitive(true);
            }),
            each
        );
        assert_eq!(
            strategy(&["PM_RESUME"], &|b| {
                b.multiline(true);
            }),
            "PCRE2 searches the whole file"
        );
    }

    #[test]
    fn pcre2_skips_lines_shorter_than_the_shortest_match() {
        let min_len = |patterns: &[&str], caseless: bool| {
            let mut b = MatcherBuilder::new();
            b.engine(EngineChoice::Pcre2).case_insensitive(caseless);
            let m = b.build(patterns).unwrap();
            m.by_line.map(|by_line| by_line.min_len)
        };
        assert_eq!(min_len(&[r"\w{5}\s+\w{5}"], false), Some(11));
        assert_eq!(min_len(&[r"\w{5}\s+\w{5}", "ab"], false), Some(2));
        assert_eq!(min_len(&["é+"], false), Some(2));
        // Counted on the wider pattern: any character outside ASCII takes 2 bytes or more.
        assert_eq!(min_len(&[r"\p{Greek}{3}"], false), Some(6));
        assert_eq!(min_len(&[r"\p{Greek}|x"], false), Some(1));
        // Read apart from PCRE2, or folded by it: no bound.
        assert_eq!(min_len(&[r"a\vb"], false), Some(0));
        assert_eq!(min_len(&["(?<=x)abc"], false), Some(0));
        assert_eq!(min_len(&["abc"], true), Some(0));
        let mut b = MatcherBuilder::new();
        b.engine(EngineChoice::Pcre2).unicode(false);
        assert_eq!(
            b.build(&[r"\x{e9}"]).unwrap().by_line.map(|l| l.min_len),
            Some(0)
        );
        let m = MatcherBuilder::new()
            .engine(EngineChoice::Pcre2)
            .build(&[r"\w{3} \w{3}"])
            .unwrap();
        let mut cache = m.new_cache();
        let hay = b"ab c\nabc\nabc def\n";
        assert_eq!(m.find_at(&mut cache, hay, 0), Some(9..16));
        assert_eq!(m.find_at(&mut cache, hay, 10), None);
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
