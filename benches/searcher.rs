//! Criterion micro-benchmarks of the searcher's hot path: `cargo bench --bench searcher`.
//!
//! One generated haystack of C-like text (a few MB, the same bytes on every run) is written
//! to a temporary file once, and searched over and over through
//! [`trawl::search::Searcher`], which reads it from the page cache each time. The cases
//! cross three kinds of pattern (a literal, a case-insensitive literal, a regex without a
//! literal) with both line layouts (per match, the default; per line, `--no-column`), so
//! a change to the prefilter, the line location or the printer shows up in its own row.
//!
//! The searcher only reads from a path or stdin, so its rows include a `read` of the file
//! from the page cache. Two more groups separate that cost out: `read` times the read
//! alone, and `matcher` runs the compiled matcher over the haystack in memory, finding
//! every match with no line handling or printing.

use std::hint::black_box;
use std::io::Write;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

use trawl::matcher::{Matcher, MatcherBuilder};
use trawl::printer::{Printer, PrinterConfig};
use trawl::search::{Rendered, SearchOptions, Searcher, Source};

/// Lines in the haystack: about 4 MB, large enough that per-file costs fade, small
/// enough for criterion's sample counts.
const LINES: usize = 120_000;

/// The patterns: (name, pattern, case-insensitive).
const PATTERNS: [(&str, &str, bool); 3] = [
    ("literal", "PM_RESUME", false),
    ("literal -i", "PM_RESUME", true),
    (
        "no literal",
        r"\w{5}\s+\w{5}\s+\w{5}\s+\w{5}\s+\w{5}",
        false,
    ),
];

/// A deterministic haystack that looks like kernel C: identifiers, calls, comments, and
/// now and then a line with `PM_RESUME` or five five-letter words.
fn haystack() -> Vec<u8> {
    // A fixed-seed xorshift generator: the same text on every machine and run, so
    // results stay comparable across commits.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    const WORDS: [&str; 16] = [
        "dev",
        "struct",
        "pci_dev",
        "ret",
        "status",
        "mutex_lock",
        "irq",
        "buffer",
        "size_t",
        "unsigned",
        "return",
        "config",
        "driver",
        "power",
        "resume",
        "suspend",
    ];
    let mut text = Vec::with_capacity(LINES * 60);
    for _ in 0..LINES {
        let r = next();
        match r % 100 {
            0 => text.extend_from_slice(b"\tcase PM_RESUME:\n"),
            1 => text.extend_from_slice(b" * ready until their clock stops after reset.\n"),
            2..=14 => text.extend_from_slice(b"\n"),
            15..=30 => {
                let w = WORDS[(r >> 8) as usize % WORDS.len()];
                writeln!(text, "/* {w}: see the {w} notes above */").unwrap();
            }
            _ => {
                let (a, b, c) = (
                    WORDS[(r >> 8) as usize % WORDS.len()],
                    WORDS[(r >> 16) as usize % WORDS.len()],
                    WORDS[(r >> 24) as usize % WORDS.len()],
                );
                writeln!(text, "\t{a} = {b}_{c}({a}, {});", (r >> 32) % 4096).unwrap();
            }
        }
    }
    text
}

fn searcher(c: &mut Criterion) {
    let text = haystack();
    let mut file = tempfile::NamedTempFile::new().expect("a temporary file");
    file.write_all(&text).expect("writing the haystack");
    file.flush().expect("writing the haystack");
    let path = file.path().to_path_buf();

    let mut group = c.benchmark_group("searcher");
    group.throughput(Throughput::Bytes(text.len() as u64));
    let options = SearchOptions::default();
    for (name, pattern, case_insensitive) in PATTERNS {
        let matcher = matcher(pattern, case_insensitive);
        // trawl's two line layouts: the default `--vimgrep` one and `--no-column`.
        let layouts = [
            ("per-match", PrinterConfig::vimgrep()),
            ("per-line", PrinterConfig::standard()),
        ];
        for (layout, config) in layouts {
            let printer = Printer::new(config);
            let mut searcher = Searcher::new(&matcher, &printer, &options);
            let mut out = Rendered::default();
            let mut search = |out: &mut Rendered| {
                out.bytes.clear();
                out.records.clear();
                searcher
                    .search(Source::Path(&path, None), false, b"haystack.c", out)
                    .expect("searching the haystack")
            };
            // A benchmark that finds nothing would measure the wrong path.
            assert!(search(&mut out).matched(), "{name} finds nothing");
            group.bench_function(BenchmarkId::new(name, layout), |b| {
                b.iter(|| black_box((search(&mut out), out.bytes.len())))
            });
        }
    }
    group.finish();

    let mut group = c.benchmark_group("read");
    group.throughput(Throughput::Bytes(text.len() as u64));
    let mut buf = Vec::with_capacity(text.len() + 1);
    group.bench_function("page cache", |b| {
        b.iter(|| {
            buf.clear();
            let mut f = std::fs::File::open(&path).expect("opening the haystack");
            std::io::Read::read_to_end(&mut f, &mut buf).expect("reading the haystack");
            black_box(buf.len())
        })
    });
    group.finish();

    let mut group = c.benchmark_group("matcher");
    group.throughput(Throughput::Bytes(text.len() as u64));
    for (name, pattern, case_insensitive) in PATTERNS {
        let matcher = matcher(pattern, case_insensitive);
        let mut cache = matcher.new_cache();
        group.bench_function(BenchmarkId::new(name, "every match"), |b| {
            b.iter(|| {
                let mut count = 0usize;
                matcher.for_each_match(&mut cache, &text, 0, |_, _| {
                    count += 1;
                    true
                });
                black_box(count)
            })
        });
    }
    group.finish();
}

fn matcher(pattern: &str, case_insensitive: bool) -> Matcher {
    MatcherBuilder::new()
        .case_insensitive(case_insensitive)
        .build(&[pattern])
        .expect("the benchmark patterns compile")
}

criterion_group!(benches, searcher);
criterion_main!(benches);
