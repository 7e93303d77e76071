//! `--json`: ripgrep's JSON Lines, one message per line: `begin`, `match` and `context` for
//! each file with output, then `end`, and one `summary` after the run.
//!
//! Fields and their order are ripgrep's, so the bytes agree apart from elapsed times.
//! Text that is valid UTF-8 is `{"text": ...}`; anything else is `{"bytes": base64}`.
//!
//! One field is added beyond ripgrep's schema: each submatch carries `"pattern"`, the
//! 0-based index of the `-e` (or `-f`) pattern that matched it.

use std::time::Duration;

use serde::Serialize;

use super::{Line, Printer};

/// Per-file facts for the `end` message.
#[derive(Clone, Copy, Debug, Default)]
pub struct FileSummary {
    /// Lines selected.
    pub matched_lines: u64,
    /// Matches found.
    pub matches: u64,
    /// Bytes searched.
    pub bytes_searched: u64,
    /// The offset of the first NUL of a binary file.
    pub binary_offset: Option<u64>,
    /// Time spent searching the file.
    pub elapsed: Duration,
}

/// Totals for the closing `summary` message.
#[derive(Clone, Copy, Debug, Default)]
pub struct RunSummary {
    /// Time from start to end.
    pub elapsed_total: Duration,
    /// Time spent searching, summed over files.
    pub elapsed: Duration,
    /// Bytes printed.
    pub bytes_printed: u64,
    /// Bytes searched.
    pub bytes_searched: u64,
    /// Lines selected.
    pub matched_lines: u64,
    /// Matches found.
    pub matches: u64,
    /// Files searched.
    pub searches: u64,
    /// Files with a match.
    pub searches_with_match: u64,
}

/// Text or bytes, as ripgrep encodes them.
enum Data<'a> {
    Text(&'a str),
    Bytes(String),
}

impl<'a> Data<'a> {
    fn new(bytes: &'a [u8]) -> Data<'a> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Data::Text(text),
            Err(_) => Data::Bytes(base64(bytes)),
        }
    }
}

impl Serialize for Data<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(1))?;
        match self {
            Data::Text(text) => map.serialize_entry("text", text)?,
            Data::Bytes(b64) => map.serialize_entry("bytes", b64)?,
        }
        map.end()
    }
}

#[derive(Serialize)]
struct Message<T> {
    #[serde(rename = "type")]
    kind: &'static str,
    data: T,
}

#[derive(Serialize)]
struct Begin<'a> {
    path: Data<'a>,
}

#[derive(Serialize)]
struct LineData<'a> {
    path: Data<'a>,
    lines: Data<'a>,
    line_number: Option<u64>,
    absolute_offset: u64,
    submatches: Vec<SubMatch<'a>>,
}

#[derive(Serialize)]
struct SubMatch<'a> {
    #[serde(rename = "match")]
    text: Data<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    replacement: Option<Data<'a>>,
    start: usize,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pattern: Option<u32>,
}

#[derive(Serialize)]
struct End<'a> {
    path: Data<'a>,
    binary_offset: Option<u64>,
    stats: EndStats,
}

#[derive(Serialize)]
struct Elapsed {
    secs: u64,
    nanos: u32,
    human: String,
}

impl Elapsed {
    fn new(d: Duration) -> Elapsed {
        Elapsed {
            secs: d.as_secs(),
            nanos: d.subsec_nanos(),
            human: format!("{:.6}s", d.as_secs_f64()),
        }
    }
}

#[derive(Serialize)]
struct EndStats {
    elapsed: Elapsed,
    searches: u64,
    searches_with_match: u64,
    bytes_searched: u64,
    bytes_printed: u64,
    matched_lines: u64,
    matches: u64,
}

/// The summary message's keys come out sorted in ripgrep, so these structs list them so.
#[derive(Serialize)]
struct SummaryMessage {
    data: SummaryData,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct SummaryData {
    elapsed_total: SortedElapsed,
    stats: SummaryStats,
}

#[derive(Serialize)]
struct SortedElapsed {
    human: String,
    nanos: u32,
    secs: u64,
}

impl SortedElapsed {
    fn new(d: Duration) -> SortedElapsed {
        let e = Elapsed::new(d);
        SortedElapsed {
            human: e.human,
            nanos: e.nanos,
            secs: e.secs,
        }
    }
}

#[derive(Serialize)]
struct SummaryStats {
    bytes_printed: u64,
    bytes_searched: u64,
    elapsed: SortedElapsed,
    matched_lines: u64,
    matches: u64,
    searches: u64,
    searches_with_match: u64,
}

fn write_message<T: Serialize>(out: &mut Vec<u8>, kind: &'static str, data: T) {
    // Serializing plain structs into a Vec cannot fail.
    serde_json::to_writer(&mut *out, &Message { kind, data }).expect("JSON into memory");
    out.push(b'\n');
}

impl Printer {
    /// The `begin` message, before a file's first line.
    pub(super) fn json_begin(&self, out: &mut Vec<u8>, path: &[u8]) {
        write_message(
            out,
            "begin",
            Begin {
                path: Data::new(path),
            },
        );
    }

    /// A `match` or `context` message for one line.
    pub(super) fn json_line(
        &self,
        out: &mut Vec<u8>,
        path: &[u8],
        line: &Line<'_>,
        is_match: bool,
    ) {
        let submatches = line
            .matches
            .iter()
            .enumerate()
            .map(|(i, m)| SubMatch {
                text: Data::new(&line.bytes[m.clone()]),
                replacement: line.replacements.and_then(|(bytes, ranges)| {
                    ranges.get(i).map(|r| Data::new(&bytes[r.clone()]))
                }),
                start: m.start,
                end: m.end,
                pattern: line.patterns.get(i).copied(),
            })
            .collect();
        let data = LineData {
            path: Data::new(path),
            lines: Data::new(line.bytes),
            line_number: self.config.line_number.then_some(line.number),
            absolute_offset: line.offset,
            submatches,
        };
        write_message(out, if is_match { "match" } else { "context" }, data);
    }

    /// The `end` message, after a file that printed anything. `bytes_printed` counts the
    /// file's messages before this one.
    pub fn json_end(&self, out: &mut Vec<u8>, path: &[u8], file: &FileSummary, bytes_printed: u64) {
        let stats = EndStats {
            elapsed: Elapsed::new(file.elapsed),
            searches: 1,
            searches_with_match: u64::from(file.matched_lines > 0),
            bytes_searched: file.bytes_searched,
            bytes_printed,
            matched_lines: file.matched_lines,
            matches: file.matches,
        };
        let data = End {
            path: Data::new(path),
            binary_offset: file.binary_offset,
            stats,
        };
        write_message(out, "end", data);
    }
}

/// The closing `summary` message of a `--json` run.
pub fn summary_message(summary: &RunSummary) -> Vec<u8> {
    let message = SummaryMessage {
        data: SummaryData {
            elapsed_total: SortedElapsed::new(summary.elapsed_total),
            stats: SummaryStats {
                bytes_printed: summary.bytes_printed,
                bytes_searched: summary.bytes_searched,
                elapsed: SortedElapsed::new(summary.elapsed),
                matched_lines: summary.matched_lines,
                matches: summary.matches,
                searches: summary.searches,
                searches_with_match: summary.searches_with_match,
            },
        },
        kind: "summary",
    };
    let mut out = serde_json::to_vec(&message).expect("JSON into memory");
    out.push(b'\n');
    out
}

/// Standard base64 with padding, as ripgrep writes bytes that are not UTF-8.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"\xff\xfe.txt"), "//4udHh0");
    }

    #[test]
    fn summary_keys_are_sorted() {
        let text = String::from_utf8(summary_message(&RunSummary::default())).unwrap();
        assert!(
            text.starts_with("{\"data\":{\"elapsed_total\":{\"human\":"),
            "{text}"
        );
        assert!(text.ends_with(",\"type\":\"summary\"}\n"), "{text}");
    }
}
