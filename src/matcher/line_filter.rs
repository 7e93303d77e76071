//! Candidate-line filters: cheap scans that find the lines a match could be on, so that
//! the regex runs only on those lines. They are built only when the regex engine has no
//! prefix literals of its own to search for, which it would search for better.
//!
//! Two kinds:
//! - **inner literals**: every match contains one of a set of literals (`\wAh` holds
//!   `Ah`), found with a regex-automata [`Prefilter`];
//! - **non-ASCII start bytes**: every match starts with one of a set of bytes that are all
//!   outside ASCII (`\p{Greek}` starts with a lead byte such as `0xCE`). Source code is
//!   nearly all ASCII, so the filter skips it 32 bytes at a time and checks only the rare
//!   non-ASCII bytes against the set; the regex would otherwise step through every byte.
//!
//! - **a wider regex** (PCRE2 only): every match of the patterns is a match of a regex in
//!   which each class also takes every non-ASCII character and no assertion is kept, run
//!   as regex-automata's DFA over the block. PCRE2 is then run only on the lines that it
//!   matches: `-P '\w{5}\s+\w{5}'` runs PCRE2 on a few lines, where ripgrep runs it on
//!   every line. Sound only where regex-syntax reads the pattern as PCRE2 does on
//!   ASCII, which `pcre::reading` decides.
//!
//! Invariant (docs/ARCHITECTURE.md, "Matching"): a line holds a match only if the filter
//! finds a candidate byte in it. This holds because no match spans a line terminator (see
//! the [`super`] module), and it is why the filters are never used in multiline mode.

use regex_automata::util::prefilter::Prefilter;
use regex_automata::util::syntax::Config as SyntaxConfig;
use regex_automata::{Input, MatchKind, meta};
use regex_syntax::hir::literal::{ExtractKind, Extractor, Seq};
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Repetition};

/// The shortest literal worth searching for instead of running the regex: shorter ones
/// occur on nearly every line.
const MIN_INNER_LITERAL: usize = 2;

/// Finds candidate positions for matches; see the module docs.
#[derive(Clone, Debug)]
pub enum LineFilter {
    /// Every match contains one of these literals.
    InnerLiterals(Prefilter),
    /// Every match starts with a byte in this set, and none of them is ASCII.
    NonAsciiStart(ByteSet),
    /// Every match is a match of this regex (see [`LineFilter::widen_all`]).
    Wider(Box<meta::Regex>),
}

impl LineFilter {
    /// The filter for `hirs`, the patterns' final forms, if one is worth having.
    pub fn new(hirs: &[Hir]) -> Option<LineFilter> {
        if hirs.iter().any(has_prefix_literals) {
            return None;
        }
        LineFilter::required(hirs)
    }

    /// The filter for `hirs` whatever the engine finds on its own: for PCRE2, which is run
    /// on each line alone (ripgrep's way), so that a filter that skips the lines without a
    /// literal saves a call per line even when the literal is the pattern's prefix.
    pub fn required(hirs: &[Hir]) -> Option<LineFilter> {
        if let Some(prefilter) = inner_literals(hirs) {
            return Some(LineFilter::InnerLiterals(prefilter));
        }
        let mut set = ByteSet::default();
        for hir in hirs {
            let (starts, nullable) = start_bytes(hir);
            if nullable {
                return None;
            }
            set.union(&starts);
        }
        set.none_ascii().then_some(LineFilter::NonAsciiStart(set))
    }

    /// `hirs` widened: patterns that match wherever one of `hirs` does, and that a DFA
    /// runs far faster than PCRE2 runs `hirs`. Each Unicode class also takes every
    /// non-ASCII character (and, if it holds a space or a control character, the ASCII
    /// separators `\x1c` to `\x1f`), and every assertion (`\b`, `^`, `$`) is dropped. The
    /// engines then need to agree on ASCII only, where `\w`, `\d`, `\s` and bracketed
    /// classes mean the same to both.
    pub fn widen_all(hirs: &[Hir]) -> Vec<Hir> {
        hirs.iter().map(widen).collect()
    }

    /// The fewest bytes a match of any of the widened patterns `wide` takes, and so a
    /// match of any pattern that regex-syntax and PCRE2 read alike on ASCII. A pattern
    /// that can never match counts as 0, in case PCRE2 reads it otherwise.
    pub fn minimum_len(wide: &[Hir]) -> usize {
        wide.iter()
            .map(|hir| hir.properties().minimum_len().unwrap_or(0))
            .min()
            .unwrap_or(0)
    }

    /// The filter that runs the widened patterns `wide` (see [`LineFilter::widen_all`]).
    /// None if one of them can match the empty string, which every line holds.
    pub fn wider(wide: &[Hir]) -> Option<LineFilter> {
        if LineFilter::minimum_len(wide) == 0 {
            return None;
        }
        let config = meta::Config::new().utf8_empty(false);
        let regex = meta::Builder::new()
            .configure(config)
            .syntax(SyntaxConfig::new())
            .build_many_from_hir(wide)
            .ok()?;
        Some(LineFilter::Wider(Box::new(regex)))
    }

    /// The offset of the first candidate byte in `haystack[from..]`: a line without one
    /// holds no match.
    pub fn find(&self, haystack: &[u8], from: usize) -> Option<usize> {
        match self {
            LineFilter::Wider(regex) => {
                // The end of the match that ends first: no wider match crosses a line
                // terminator (the classes lost theirs, see `super::strip_line_terminator`),
                // and none is empty, so its last byte is on a line that holds a whole
                // wider match, no later than the first line that holds a real one.
                let input = Input::new(haystack).range(from..).earliest(true);
                regex.search_half(&input).map(|end| end.offset() - 1)
            }
            LineFilter::InnerLiterals(prefilter) => {
                let span = regex_automata::Span {
                    start: from,
                    end: haystack.len(),
                };
                prefilter.find(haystack, span).map(|found| found.start)
            }
            LineFilter::NonAsciiStart(set) => {
                let mut at = from;
                loop {
                    at = find_non_ascii(haystack, at)?;
                    if set.contains(haystack[at]) {
                        return Some(at);
                    }
                    at += 1;
                }
            }
        }
    }
}

/// A set of bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ByteSet([u128; 2]);

impl ByteSet {
    fn insert_range(&mut self, low: u8, high: u8) {
        for byte in low..=high {
            self.0[usize::from(byte >> 7)] |= 1 << (byte & 0x7F);
        }
    }

    fn union(&mut self, other: &ByteSet) {
        self.0[0] |= other.0[0];
        self.0[1] |= other.0[1];
    }

    /// Whether `byte` is in the set.
    pub fn contains(&self, byte: u8) -> bool {
        self.0[usize::from(byte >> 7)] & (1 << (byte & 0x7F)) != 0
    }

    fn none_ascii(&self) -> bool {
        self.0[0] == 0 && self.0[1] != 0
    }
}

/// The offset of the first byte at or after `from` that is not ASCII.
fn find_non_ascii(haystack: &[u8], from: usize) -> Option<usize> {
    // OR-ing 32 bytes compiles to a few vector instructions; the exact byte is looked
    // for only in the block that has one.
    const BLOCK: usize = 32;
    let mut at = from.min(haystack.len());
    for block in haystack[at..].chunks_exact(BLOCK) {
        if block.iter().fold(0, |acc, &b| acc | b) >= 0x80 {
            break;
        }
        at += BLOCK;
    }
    haystack[at..]
        .iter()
        .position(|&b| b >= 0x80)
        .map(|i| at + i)
}

/// The bytes a match of `hir` can start with, and whether it can match the empty string
/// (then no byte set describes it).
fn start_bytes(hir: &Hir) -> (ByteSet, bool) {
    let mut set = ByteSet::default();
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => return (set, true),
        HirKind::Literal(literal) => match literal.0.first() {
            Some(&first) => set.insert_range(first, first),
            None => return (set, true),
        },
        HirKind::Class(Class::Bytes(class)) => {
            for range in class.ranges() {
                set.insert_range(range.start(), range.end());
            }
        }
        HirKind::Class(Class::Unicode(class)) => {
            for range in class.ranges() {
                insert_lead_bytes(&mut set, u32::from(range.start()), u32::from(range.end()));
            }
        }
        HirKind::Repetition(repetition) => {
            let (set, nullable) = start_bytes(&repetition.sub);
            return (set, nullable || repetition.min == 0);
        }
        HirKind::Capture(capture) => return start_bytes(&capture.sub),
        HirKind::Concat(parts) => {
            for part in parts {
                let (starts, nullable) = start_bytes(part);
                set.union(&starts);
                if !nullable {
                    return (set, false);
                }
            }
            return (set, true);
        }
        HirKind::Alternation(branches) => {
            let mut any_nullable = false;
            for branch in branches {
                let (starts, nullable) = start_bytes(branch);
                set.union(&starts);
                any_nullable |= nullable;
            }
            return (set, any_nullable);
        }
    }
    (set, false)
}

/// `hir` with its Unicode classes widened and its assertions dropped (see
/// [`LineFilter::widen_all`]).
fn widen(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Hir::empty(),
        HirKind::Literal(_) | HirKind::Class(Class::Bytes(_)) => hir.clone(),
        HirKind::Class(Class::Unicode(class)) => Hir::class(Class::Unicode(widen_class(class))),
        HirKind::Repetition(repetition) => Hir::repetition(Repetition {
            sub: Box::new(widen(&repetition.sub)),
            ..repetition.clone()
        }),
        HirKind::Capture(capture) => widen(&capture.sub),
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(widen).collect()),
        HirKind::Alternation(branches) => Hir::alternation(branches.iter().map(widen).collect()),
    }
}

/// `class`'s ASCII members, the ASCII separators if it holds a space or a control
/// character, and every character outside ASCII.
fn widen_class(class: &ClassUnicode) -> ClassUnicode {
    let range = |low: char, high: char| ClassUnicodeRange::new(low, high);
    let mut wide = class.clone();
    wide.intersect(&ClassUnicode::new([range('\0', '\x7f')]));
    let spacing = wide
        .ranges()
        .iter()
        .any(|r| r.start() <= ' ' || r.end() == '\x7f');
    let mut more = vec![range('\u{80}', '\u{10FFFF}')];
    if spacing {
        more.push(range('\x1c', '\x1f'));
    }
    wide.union(&ClassUnicode::new(more));
    wide
}

/// Adds the first bytes of the UTF-8 encodings of the code points `low..=high`.
fn insert_lead_bytes(set: &mut ByteSet, low: u32, high: u32) {
    // Each encoded length has its own lead-byte formula: a marker ORed with the code
    // point's top bits. The range is cut at the length boundaries.
    const LENGTHS: [(u32, u32, u32, u32); 4] = [
        (0, 0x7F, 0x00, 0),
        (0x80, 0x7FF, 0xC0, 6),
        (0x800, 0xFFFF, 0xE0, 12),
        (0x1_0000, 0x10_FFFF, 0xF0, 18),
    ];
    for (first, last, marker, shift) in LENGTHS {
        let (low, high) = (low.max(first), high.min(last));
        if low <= high {
            let lead = |c: u32| (marker | (c >> shift)) as u8;
            set.insert_range(lead(low), lead(high));
        }
    }
}

/// Whether the regex engine finds literals at the start of every match of `hir` that are
/// long enough to search for: its own prefilter then beats any line filter.
fn has_prefix_literals(hir: &Hir) -> bool {
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix);
    good_literals(&extractor.extract(hir))
}

fn good_literals(seq: &Seq) -> bool {
    seq.is_finite()
        && seq.len().is_some_and(|n| n > 0)
        && seq
            .min_literal_len()
            .is_some_and(|n| n >= MIN_INNER_LITERAL)
}

/// A prefilter from literals that every match of every pattern must contain, if each
/// pattern has them.
fn inner_literals(hirs: &[Hir]) -> Option<Prefilter> {
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix);
    let mut literals: Vec<Vec<u8>> = Vec::new();
    for hir in hirs {
        // The pattern itself, or one part of it, with the longest shortest literal: every
        // match of a concatenation holds a match of each part, and so one of that part's
        // prefix literals. (Without a line filter, the regex engine searches for the
        // pattern's own prefix literals: see [`LineFilter::new`].)
        let parts = match hir.kind() {
            HirKind::Concat(parts) => parts.as_slice(),
            _ => &[],
        };
        let best = std::iter::once(hir)
            .chain(parts)
            .map(|part| extractor.extract(part))
            .filter(good_literals)
            .max_by_key(|seq| seq.min_literal_len())?;
        literals.extend(best.literals()?.iter().map(|lit| lit.as_bytes().to_vec()));
    }
    Prefilter::new(MatchKind::LeftmostFirst, &literals)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(patterns: &[&str]) -> Option<LineFilter> {
        let hirs: Vec<Hir> = patterns
            .iter()
            .map(|p| regex_syntax::parse(p).unwrap())
            .collect();
        LineFilter::new(&hirs)
    }

    #[test]
    fn a_wider_regex_finds_every_line_a_match_could_be_on() {
        let wider = |pattern: &str| {
            let hir = regex_syntax::ParserBuilder::new()
                .build()
                .parse(pattern)
                .unwrap();
            LineFilter::wider(&LineFilter::widen_all(&[hir]))
        };
        let filter = wider(r"\b\w{3}\s+\w{3}\b").expect("no empty match");
        let hay = "ab cd\nαβγ δεζ\nx\nabc\x1fdef\nabc def\n".as_bytes();
        // Greek letters are word characters to both engines; `\x1f` is a space to
        // neither, but the wider class takes it.
        let lines: Vec<usize> = std::iter::successors(filter.find(hay, 0), |&at| {
            let next = hay[at..].iter().position(|&b| b == b'\n')? + at + 1;
            filter.find(hay, next)
        })
        .map(|at| hay[..at].iter().filter(|&&b| b == b'\n').count())
        .collect();
        assert_eq!(lines, vec![1, 3, 4]);
        assert!(wider("x*").is_none(), "every line holds an empty match");
        assert!(wider(r"\b").is_none());
        assert!(wider("[^a]").is_some());
    }

    #[test]
    fn inner_literals_only_without_prefix_literals() {
        assert!(matches!(
            filter(&[r"\wAh"]),
            Some(LineFilter::InnerLiterals(_))
        ));
        // A literal prefix: the regex engine's own prefilter is better.
        assert!(filter(&["PM_RESUME"]).is_none());
        assert!(filter(&[r"\wAh", "PM_RESUME"]).is_none());
    }

    #[test]
    fn non_ascii_start_bytes_are_the_utf8_lead_bytes() {
        let Some(LineFilter::NonAsciiStart(set)) = filter(&[r"\p{Greek}"]) else {
            panic!("\\p{{Greek}} should get a start-byte filter");
        };
        // α is CE B1, ω is CF 89, ἀ (U+1F00) is E1 BC 80, Ω (U+2126) is E2 84 A6.
        for lead in [0xCE, 0xCF, 0xE1, 0xE2] {
            assert!(set.contains(lead), "{lead:#x}");
        }
        assert!(!(0..0x80).any(|b| set.contains(b)));
        assert!(!set.contains(0xD0), "Cyrillic lead byte");
    }

    #[test]
    fn no_start_byte_filter_when_ascii_or_empty_can_start_a_match() {
        assert!(filter(&[r"\w{5}\s+\w{5}"]).is_none());
        assert!(filter(&[r"\p{Greek}*"]).is_none());
        assert!(filter(&[r"\p{Greek}", r"\d"]).is_none());
        assert!(filter(&[r"(?:\p{Greek}|x)y"]).is_none());
        // Zero-width assertions and optional parts before the class are skipped over.
        assert!(filter(&[r"\b(?:é)?\p{Cyrillic}+"]).is_some());
    }

    #[test]
    fn candidates_are_the_set_bytes_past_ascii() {
        let filter = filter(&[r"\p{Greek}"]).unwrap();
        let mut hay = "x".repeat(100).into_bytes();
        hay.extend("é then α".as_bytes());
        let alpha = hay.len() - "α".len();
        assert_eq!(filter.find(&hay, 0), Some(alpha));
        assert_eq!(filter.find(&hay, alpha), Some(alpha));
        assert_eq!(filter.find(&hay, alpha + 1), None);
        assert_eq!(filter.find(&hay, hay.len()), None);
    }

    #[test]
    fn lead_bytes_follow_the_encoded_length() {
        let mut set = ByteSet::default();
        insert_lead_bytes(&mut set, 0x7F, 0x80);
        assert!(set.contains(0x7F) && set.contains(0xC2));
        let mut set = ByteSet::default();
        insert_lead_bytes(&mut set, 0x1_F600, 0x1_F600);
        assert_eq!(set, {
            let mut one = ByteSet::default();
            one.insert_range(0xF0, 0xF0);
            one
        });
        for c in ['\u{7FF}', '\u{800}', '\u{FFFF}', '\u{10FFFF}'] {
            let mut set = ByteSet::default();
            insert_lead_bytes(&mut set, u32::from(c), u32::from(c));
            let mut buf = [0; 4];
            assert!(set.contains(c.encode_utf8(&mut buf).as_bytes()[0]), "{c:?}");
        }
    }
}
