//! A model of the searcher, shared by the property tests (`search_props`) and the fuzz
//! target (`fuzz/fuzz_targets/search.rs`, which includes this file by path): haystacks
//! and patterns from a small grammar, a naive reference, and the checks.
//!
//! The reference splits the haystack into lines and runs the regex on each line alone,
//! so it shares none of the searcher's buffering, rolling, line counting or chunking,
//! where the bugs it looks for would be. Patterns never match the empty string, whose
//! rules (ripgrep's) are not the point here.

use trawl::matcher::{Matcher, MatcherBuilder};
use trawl::printer::{Printer, PrinterConfig};
use trawl::search::{Rendered, SearchOptions, Searcher, chunked};

/// The bytes haystacks are made of: few enough that patterns often match, with a
/// multi-byte character and the line terminator.
const ALPHABET: &[&[u8]] = &[b"a", b"b", b"c", b" ", b"\n", b"\n", "é".as_bytes(), b"_"];

/// Atoms of the pattern grammar; none matches the empty string or a line terminator.
const ATOMS: &[&str] = &["a", "b", "c", "[ab]", r"\w", r"\s", ".", "é", "[^a\n]"];
const QUANTIFIERS: &[&str] = &["", "", "+", "{2}", "?"];

/// Turns arbitrary bytes into a haystack over [`ALPHABET`].
pub fn haystack(raw: &[u8]) -> Vec<u8> {
    raw.iter()
        .flat_map(|&b| ALPHABET[usize::from(b) % ALPHABET.len()].iter().copied())
        .collect()
}

/// Turns arbitrary bytes into a pattern of the grammar: one or two alternatives of one to
/// three atoms each, maybe anchored. The first atom of each alternative has no `?`, so
/// no pattern matches the empty string.
pub fn pattern(raw: &[u8]) -> String {
    let mut bytes = raw.iter().copied().chain(std::iter::repeat(0));
    let mut next = || usize::from(bytes.next().unwrap_or(0));
    let alternatives = 1 + next() % 2;
    let mut parts = Vec::new();
    for _ in 0..alternatives {
        let mut part = String::new();
        if next() % 5 == 0 {
            part.push('^');
        }
        for k in 0..1 + next() % 3 {
            part.push_str(ATOMS[next() % ATOMS.len()]);
            let q = QUANTIFIERS[next() % QUANTIFIERS.len()];
            if !(k == 0 && q == "?") {
                part.push_str(q);
            }
        }
        if next() % 5 == 0 {
            part.push('$');
        }
        parts.push(part);
    }
    parts.join("|")
}

/// What a search found: the rendered output and the counts.
#[derive(Debug, PartialEq, Eq)]
pub struct Found {
    pub output: Vec<u8>,
    pub matched_lines: u64,
}

/// The naive reference: `path:line:column:text` for every match, line by line.
pub fn reference(pattern: &str, hay: &[u8]) -> Found {
    let regex = regex_automata::meta::Regex::new(pattern).expect("grammar patterns compile");
    let mut output = Vec::new();
    let mut matched_lines = 0;
    let mut lines: Vec<&[u8]> = hay.split(|&b| b == b'\n').collect();
    if hay.ends_with(b"\n") || hay.is_empty() {
        lines.pop();
    }
    for (i, line) in lines.iter().enumerate() {
        let mut any = false;
        for m in regex.find_iter(*line) {
            any = true;
            output.extend_from_slice(format!("f:{}:{}:", i + 1, m.start() + 1).as_bytes());
            output.extend_from_slice(line);
            output.push(b'\n');
        }
        matched_lines += u64::from(any);
    }
    Found {
        output,
        matched_lines,
    }
}

/// The matcher trawl builds for `pattern` by default.
pub fn matcher(pattern: &str) -> Matcher {
    let mut builder = MatcherBuilder::new();
    builder.unicode(true);
    builder.build(&[pattern]).expect("grammar patterns compile")
}

/// The `--vimgrep` printer, told whether context is printed, as the configuration does.
fn printer(options: &SearchOptions) -> Printer {
    let mut config = PrinterConfig::vimgrep();
    config.context = options.before > 0 || options.after > 0;
    Printer::new(config)
}

/// Searches `hay` with the sequential reader.
pub fn sequential(matcher: &Matcher, options: &SearchOptions, hay: &[u8]) -> Found {
    let printer = printer(options);
    let mut searcher = Searcher::new(matcher, &printer, options);
    let mut out = Rendered::default();
    let stats = searcher
        .search_bytes(hay, b"f", &mut out)
        .expect("searching memory cannot fail");
    Found {
        output: out.bytes,
        matched_lines: stats.matched_lines,
    }
}

/// Searches `hay` in chunks of about `chunk` bytes; None if the chunked search declines.
pub fn chunked(
    matcher: &Matcher,
    options: &SearchOptions,
    hay: &[u8],
    chunk: u64,
) -> Option<Found> {
    let printer = printer(options);
    let mut out = Rendered::default();
    let stats = chunked::search_bytes(
        matcher,
        &printer,
        options,
        false,
        hay,
        chunk,
        b"f",
        &mut out,
        None,
        &|| true,
    )?
    .expect("a match error in a chunk");
    Some(Found {
        output: out.bytes,
        matched_lines: stats.matched_lines,
    })
}

/// Selection and context options from a byte: -v, -A, -B, -m.
pub fn options(raw: u8) -> SearchOptions {
    SearchOptions {
        invert: raw & 1 != 0,
        after: usize::from((raw >> 1) & 3),
        before: usize::from((raw >> 3) & 3),
        max_count: (raw & 0x20 != 0).then_some(u64::from(raw >> 6) + 1),
        ..SearchOptions::default()
    }
}

/// Every check on one input: the sequential reader against the reference, then the
/// chunked search against the sequential reader for `chunk`, plain and under `options`.
/// Returns a description of the first difference.
pub fn check(pattern: &str, hay: &[u8], chunk: u64, extra: &SearchOptions) -> Result<(), String> {
    let matcher = matcher(pattern);
    let plain = SearchOptions::default();
    let expected = reference(pattern, hay);
    let got = sequential(&matcher, &plain, hay);
    if got != expected {
        return Err(format!(
            "sequential vs reference, pattern {pattern:?}, haystack {:?}:\n{:?}\n{:?}",
            String::from_utf8_lossy(hay),
            String::from_utf8_lossy(&got.output),
            String::from_utf8_lossy(&expected.output)
        ));
    }
    for options in [&plain, extra] {
        let whole = sequential(&matcher, options, hay);
        if let Some(cut) = chunked(&matcher, options, hay, chunk)
            && cut != whole
        {
            return Err(format!(
                "chunked ({chunk}) vs sequential, pattern {pattern:?}, options {options:?}, \
                 haystack {:?}:\n{:?}\n{:?}",
                String::from_utf8_lossy(hay),
                String::from_utf8_lossy(&cut.output),
                String::from_utf8_lossy(&whole.output)
            ));
        }
    }
    Ok(())
}
