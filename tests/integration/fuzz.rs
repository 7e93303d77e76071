//! A random differential tester of our own (issue 13): random patterns and flag sets, drawn
//! from a grammar over the flags trawl shares with ripgrep, run through trawl and ripgrep
//! 15.2 under one of the README's two mappings, on a fixture tree that stresses encodings,
//! line ends, binary data, ignore files and the chunked search. A differing case is
//! minimised (its flags and paths dropped one at a time while it still differs) and
//! reported with the class it belongs to: the names of the flags it kept.
//!
//! `cargo test` runs a short, fixed-seed run that must find nothing. A long run:
//! `TRAWL_FUZZ_CASES=20000 TRAWL_FUZZ_SEED=7 cargo test --release --test integration fuzz
//! -- --nocapture`, which prints each new class as it is found, and a summary at the end.
//!
//! The generator leaves out the README's "Known differences from ripgrep"; each exclusion
//! in [`known_difference`] names the entry it stands for.

use std::collections::BTreeMap;
use std::process::{Command, Output};

use crate::harness::{Dir, Rng, gzip, text};
use crate::options::normalize_json;

/// The test-only knob of `src/search/chunked.rs`: files of this many bytes or more are
/// searched in chunks of this size, so that `big.txt` takes the chunked path.
const CHUNK_ENV: (&str, &str) = ("__TRAWL_CHUNK_BYTES", "65536");

/// The README's two mappings: trawl's extra arguments and rg's.
const MAPPINGS: [(&[&str], &[&str]); 2] = [
    (&[], &["--sort", "path", "--vimgrep"]),
    (
        &["--no-column"],
        &["--sort", "path", "-n", "-H", "--no-heading"],
    ),
];

/// One generated case: flag groups (a flag with its value is one group), the patterns,
/// the paths, and which mapping it runs under.
#[derive(Clone, Debug)]
pub struct FuzzCase {
    flags: Vec<Vec<String>>,
    /// The first pattern is positional unless `-e` is used; the rest always go by `-e`.
    patterns: Vec<String>,
    by_e: bool,
    paths: Vec<String>,
    mapping: usize,
}

impl FuzzCase {
    /// The arguments both tools get after their mapping's arguments.
    fn args(&self) -> Vec<String> {
        let mut args: Vec<String> = self.flags.iter().flatten().cloned().collect();
        // With another -e or an -f, a positional pattern is a path: fine, unless it would
        // lead out of the fixture tree.
        let escapes = self.patterns[0].contains("..");
        for (i, pattern) in self.patterns.iter().enumerate() {
            if i > 0 || self.by_e || escapes {
                args.push("-e".into());
            }
            args.push(pattern.clone());
        }
        args.extend(self.paths.iter().cloned());
        args
    }

    fn has(&self, flag: &str) -> bool {
        self.flags.iter().any(|group| group[0] == flag)
    }

    fn has_any(&self, flags: &[&str]) -> bool {
        flags.iter().any(|flag| self.has(flag))
    }

    /// The class of a minimised case: its mapping and the names of its flags.
    fn class(&self) -> String {
        let mut names: Vec<&str> = self.flags.iter().map(|g| g[0].as_str()).collect();
        names.sort_unstable();
        names.dedup();
        format!("map{} {}", self.mapping, names.join(" "))
    }
}

/// The fixture tree: the issue's small files, encodings, CRLF and missing final newlines,
/// binary files, ignore files, hidden files, and one file big enough to be chunked.
pub fn fuzz_tree() -> Dir {
    let dir = Dir::new();
    dir.git_init("");
    dir.create("m.txt", "foo\nbar\nfoo bar\n");
    dir.create("p.txt", "foo\nx\ny\nz\nfoo\n");
    dir.create("c.txt", "one foo\r\ntwo\r\nthree foo");
    dir.create("w.txt", "ab\nabc\r\nab");
    dir.create("b.dat", b"\0\x01foo\nbar foo\n");
    dir.create("s.txt", "a Foo\nb\n");
    dir.create("o.txt", "ab\nfoo boo\ncd\n");
    dir.create("empty.txt", "");
    dir.create(
        "long.txt",
        format!("{} foo end\nshort foo\n   indented bar\n", "w".repeat(40)),
    );
    let utf16: Vec<u8> = "\u{feff}foo bar\r\nFoo\nbaz é"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    dir.create("u16.txt", utf16);
    dir.create("latin1.txt", b"caf\xe9 foo\nna\xefve bar\n");
    dir.create("bin2.bin", b"foo\0bar\nfoo again\n");
    dir.create(".gitignore", "ignored.txt\n*.log\n");
    dir.create("ignored.txt", "foo ignored\n");
    dir.create("x.log", "foo in a log\n");
    dir.create(".ignore", "dotig.txt\n");
    dir.create("dotig.txt", "bar dot-ignored\n");
    dir.create(".hidden.txt", "foo hidden\n");
    dir.create("sub/a.rs", "fn foo() {}\nlet bar = 1;\n");
    dir.create("sub/b.txt", "FOO\nfoo\n\nÉcole foo\n");
    dir.create("sub/.gitignore", "!keep.log\n");
    dir.create("sub/keep.log", "foo kept\n");
    dir.create("pats.txt", "foo\nb.r\n");
    // For -z, --ignore-file, .rgignore and -L.
    dir.create("z.txt.gz", gzip(b"foo zipped\nbar\n"));
    dir.create("extra.ignore", "o.txt\n");
    dir.create(".rgignore", "rgig.txt\n");
    dir.create("rgig.txt", "foo rg-ignored\n");
    dir.create("sub/deep/d.txt", "foo deep\nBAR\n");
    std::os::unix::fs::symlink("m.txt", dir.path().join("link.txt")).expect("symlink");
    std::os::unix::fs::symlink("sub", dir.path().join("lsub")).expect("symlink");
    let mut big = String::new();
    let mut rng = Rng::new(5);
    let words = ["foo", "bar", "x", "Foo", "ab", "  ", "baz", "o"];
    let mut i = 0;
    while big.len() < 200_000 {
        for w in 0..rng.below(9) {
            if w > 0 {
                big.push(' ');
            }
            big.push_str(words[rng.below(words.len() as u64) as usize]);
        }
        big.push_str(if i % 7 == 0 { "\r\n" } else { "\n" });
        i += 1;
    }
    big.push_str("last foo");
    dir.create("big.txt", big);
    dir
}

/// Pattern atoms. No atom has a counted or open repetition that could meet an
/// alternative: see `known_difference` on the regex version rg 15.2 ships.
const ATOMS: &[&str] = &[
    "foo",
    "bar",
    "o",
    "ab",
    "Foo",
    "FOO",
    "x",
    "é",
    "caf",
    "\\w+",
    "\\W+",
    "\\d",
    "[[:upper:]]",
    "[a-c]",
    ".",
    "\\s",
    "^",
    "$",
    "\\b",
    "(?P<n>foo)",
    "(?i)foo",
    "o+",
    "\\r",
    " ",
    "o*",
    "b?",
    "[^o]",
    "\\x00",
    "[\\x00]",
    "(foo|bar)",
    "\\.",
];

/// Whether a pattern has an atom that repeats (`o+`, `o*`, `b?`), which meets the
/// non-leftmost match of rg 15.2's regex in an alternation.
fn repeats(pattern: &str) -> bool {
    let bytes = pattern.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        matches!(b, b'+' | b'*' | b'{') || (b == b'?' && i > 0 && bytes[i - 1] != b'(')
    })
}

/// Atoms that match only the empty string.
const ZERO_WIDTH: &[&str] = &["^", "$", "\\b"];

fn pick<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    items[rng.below(items.len() as u64) as usize]
}

fn pattern(rng: &mut Rng, multiline: bool) -> String {
    let mut out = String::new();
    for _ in 0..=rng.below(3) {
        out.push_str(pick(rng, ATOMS));
        if multiline && rng.below(4) == 0 {
            out.push_str("\\n");
        }
    }
    if rng.below(6) == 0 {
        out.push('|');
        out.push_str(pick(rng, ATOMS));
    }
    out
}

fn number(rng: &mut Rng, below: u64) -> String {
    rng.below(below).to_string()
}

/// One random flag group.
fn flag(rng: &mut Rng) -> Vec<String> {
    let plain = [
        "-i",
        "-s",
        "-S",
        "-w",
        "-x",
        "-F",
        "-v",
        "-c",
        "--count-matches",
        "-l",
        "--files-without-match",
        "-o",
        "-q",
        "--json",
        "--passthru",
        "--max-columns-preview",
        "-n",
        "-N",
        "-H",
        "-I",
        "--heading",
        "-0",
        "-b",
        "--trim",
        "--crlf",
        "-U",
        "--multiline-dotall",
        "-a",
        "--binary",
        "--no-ignore",
        "--hidden",
        "-u",
        "-uu",
        "-uuu",
        "--include-zero",
        "--no-context-separator",
        "--stop-on-nonmatch",
        "--no-unicode",
        "--no-messages",
        "--no-ignore-vcs",
        "--files",
        "-j1",
        "-j3",
        "-P",
        "--null-data",
        "--column",
        "--vimgrep",
        "--no-heading",
        "--with-filename",
        "--no-filename",
        "-p",
        "--null",
        "--no-crlf",
        "--no-multiline",
        "--no-multiline-dotall",
        "--no-invert-match",
        "--no-json",
        "--no-text",
        "--no-binary",
        "--no-byte-offset",
        "--no-trim",
        "--no-include-zero",
        "--no-max-columns-preview",
        "--no-pcre2",
        "--no-ignore-dot",
        "--no-ignore-parent",
        "--no-ignore-exclude",
        "--no-ignore-global",
        "--no-ignore-files",
        "--no-require-git",
        "--no-hidden",
        "--ignore-file-case-insensitive",
        "--glob-case-insensitive",
        "--unicode",
        "--messages",
        "-L",
        "-z",
        "--no-search-zip",
        "--mmap",
        "--no-mmap",
        "--one-file-system",
        "--line-buffered",
        "--block-buffered",
        "--type-list",
        "--sort-files",
        "-.",
    ];
    let with_value: [(&str, &[&str]); 21] = [
        ("-r", &["X", "$0", "", "<$0>"]),
        ("-g", &["*.txt", "!*.txt", "sub/**"]),
        ("-t", &["txt", "rust", "mine"]),
        ("-T", &["txt"]),
        ("--context-separator", &["==", ""]),
        ("--field-match-separator", &["|"]),
        ("--field-context-separator", &["#"]),
        ("-E", &["latin1", "utf-16le", "none"]),
        ("-d", &["1", "2"]),
        ("--max-filesize", &["1K", "100"]),
        ("-f", &["pats.txt"]),
        ("--path-separator", &["\\"]),
        ("--color", &["always", "never"]),
        ("--engine", &["auto", "pcre2", "default"]),
        ("--iglob", &["*.TXT", "!SUB/**"]),
        ("--type-add", &["txt:*.rs", "mine:*.dat", "mine:*.log"]),
        ("--type-clear", &["txt"]),
        ("--ignore-file", &["extra.ignore"]),
        (
            "--colors",
            &["match:fg:blue", "path:none", "line:style:bold"],
        ),
        ("--sortr", &["path"]),
        ("--sort", &["path"]),
    ];
    let numbered = ["-A", "-B", "-C", "-m", "-M"];
    match rng.below(10) {
        0..=5 => vec![pick(rng, &plain).to_string()],
        6..=7 => {
            let (name, values) = with_value[rng.below(with_value.len() as u64) as usize];
            vec![name.to_string(), pick(rng, values).to_string()]
        }
        _ => {
            let name = pick(rng, &numbered);
            let below = if name == "-M" { 12 } else { 4 };
            vec![name.to_string(), number(rng, below)]
        }
    }
}

const PATHS: &[&str] = &[
    ".",
    "m.txt",
    "p.txt",
    "c.txt",
    "w.txt",
    "b.dat",
    "s.txt",
    "o.txt",
    "u16.txt",
    "latin1.txt",
    "long.txt",
    "sub",
    "big.txt",
    "nosuch.txt",
    "ignored.txt",
    ".hidden.txt",
    "bin2.bin",
    "empty.txt",
    "z.txt.gz",
    "link.txt",
    "lsub",
    "sub/deep",
];

/// Draws one case from the grammar.
pub fn generate(rng: &mut Rng) -> FuzzCase {
    let flags: Vec<Vec<String>> = (0..rng.below(6)).map(|_| flag(rng)).collect();
    let multiline = flags.iter().any(|g| g[0] == "-U");
    let patterns = (0..1 + rng.below(3) / 2)
        .map(|_| pattern(rng, multiline))
        .collect();
    let paths = (0..rng.below(4))
        .map(|_| pick(rng, PATHS).to_string())
        .collect();
    FuzzCase {
        flags,
        patterns,
        by_e: rng.below(4) == 0,
        paths,
        mapping: rng.below(2) as usize,
    }
}

/// Whether a case falls under a known, documented difference, which the generator
/// leaves out. Each rule names its entry in the README.
pub fn known_difference(case: &FuzzCase) -> bool {
    let multiline = case.has("-U");
    let max_count = case.has("-m");
    let invert = case.has("-v");
    let after = case.has_any(&["-A", "-C", "--passthru"]);
    // "-U with -v and -m".
    let u_v_m = multiline && invert && max_count;
    // "-U --json -m N when the region is cut inside a match".
    let u_json_m = multiline && case.has("--json") && max_count;
    // "-U with a pattern that only matches empty strings at line starts".
    let zero_width = |p: &String| {
        let mut rest = p.as_str();
        while let Some(atom) = ZERO_WIDTH.iter().find(|a| rest.starts_with(**a)) {
            rest = &rest[atom.len()..];
        }
        rest.is_empty()
    };
    // Any alternative of a pattern that matches only empty strings counts, at line ends
    // as at line starts (`-U -o 'x|$'`).
    let u_empty = multiline
        && case
            .patterns
            .iter()
            .any(|p| p.split('|').any(|alt| zero_width(&alt.to_string())));
    // "`--stop-on-nonmatch -v` on a file ripgrep reads": only files that rg maps (at
    // most ten paths, all of them files) are compared.
    // --no-mmap reads every file, --mmap maps every file (of both, count it read).
    let by_default = !case.paths.is_empty()
        && case.paths.len() <= 10
        && case
            .paths
            .iter()
            .all(|p| !matches!(p.as_str(), "." | "sub" | "lsub" | "sub/deep" | "nosuch.txt"));
    let mapped = !case.has("--no-mmap") && (case.has("--mmap") || by_default);
    let stop_v_read = case.has("--stop-on-nonmatch") && invert && !mapped;
    // "`bytes_searched` under `-v -m` in a file ripgrep reads".
    let v_m_read = invert && max_count && case.has("--json") && !mapped;
    // "`-U -M NUM` in the `--vimgrep` layout".
    let u_m_vimgrep = multiline && case.has("-M") && case.mapping == 0;
    // "--crlf --passthru with `^$`": rg prints every line as a match.
    let crlf_empty_line = case.has("--crlf")
        && case.has("--passthru")
        && case.patterns.iter().any(|p| p.contains("^$"));
    // "`--null-data -M NUM`".
    let null_data_m = case.has("--null-data") && case.has("-M");
    // "`--null-data` with `^` or `$` ... in a file ripgrep reads".
    let null_data_read = case.has("--null-data")
        && !mapped
        && case
            .patterns
            .iter()
            .any(|p| p.contains('^') || p.contains('$'));
    // "-v -m N with --json or --stats and after-context".
    let v_m_json = invert && max_count && case.has("--json") && after;
    // "-v -m NUM --passthru".
    let v_m_passthru = invert && max_count && case.has("--passthru");
    // "--stop-on-nonmatch -v -m NUM -A NUM".
    let stop_v_m = case.has("--stop-on-nonmatch") && invert && max_count && after;
    // "Before-context or --passthru on a binary file": any way a binary file is searched.
    // Each -u counts: `-u -uu` is -uuu.
    let us: usize = case
        .flags
        .iter()
        .filter(|g| matches!(g[0].as_str(), "-u" | "-uu" | "-uuu"))
        .map(|g| g[0].len() - 1)
        .sum();
    let binary_searched = case.has("--binary")
        || us >= 3
        // z.txt.gz is binary too, unless -z decompresses it.
        || case
            .paths
            .iter()
            .any(|p| matches!(p.as_str(), "b.dat" | "bin2.bin" | "z.txt.gz"));
    let binary_before = binary_searched && case.has_any(&["-B", "-C", "--passthru"]);
    // "`-e '\n'` with another single-character pattern": `\n` appears only under -U, and
    // a case that lost its -U while being minimised is no longer one of ours.
    let newline = !multiline && case.patterns.iter().any(|p| p.contains("\\n"));
    // "A non-leftmost match in rg 15.2's regex": alternatives with repetition.
    let alternatives =
        case.patterns.len() > 1 || case.has("-f") || case.patterns.iter().any(|p| p.contains('|'));
    // Repetition (`foo|o+`) or a capture group (`o|(foo)`) in an alternation.
    let repetition = case
        .patterns
        .iter()
        .any(|p| repeats(p) || p.contains("(?P<"));
    // And an alternative of one letter that another alternative holds (`' .foo'` and
    // `o`): rg 15.2 reports the letter inside the other's match.
    let alts: Vec<&str> = case.patterns.iter().flat_map(|p| p.split('|')).collect();
    let letter_inside = alts.iter().any(|a| {
        a.len() == 1
            && a.chars().all(char::is_alphanumeric)
            && alts.iter().any(|b| b.len() > 1 && b.contains(*a))
    });
    let leftmost = alternatives && (repetition || letter_inside);
    // "`-c`, `--count-matches` or `--json` with `-m NUM` and after-context".
    let count_m_after = case.has_any(&["-c", "--count-matches", "--json"]) && max_count && after;
    // "`--max-columns-preview` with `--trim`".
    let preview_trim = case.has("--max-columns-preview") && case.has("--trim");
    u_v_m
        || null_data_m
        || null_data_read
        || crlf_empty_line
        || stop_v_read
        || v_m_read
        || u_m_vimgrep
        || count_m_after
        || preview_trim
        || u_json_m
        || u_empty
        || v_m_json
        || v_m_passthru
        || stop_v_m
        || binary_before
        || newline
        || leftmost
}

/// Whether a case would print gigabytes: under `--null-data`, or decoded as UTF-16
/// (`-E utf-16le`, which finds no line end in it), `big.txt` is one line of 200 KB or
/// more, printed once for each of its thousands of matches in the `--vimgrep` layout.
/// Both tools would print it; the tester would hold it all in memory.
fn too_big(case: &FuzzCase) -> bool {
    let one_line = case.has("--null-data")
        || case
            .flags
            .iter()
            .any(|g| g[0] == "-E" && g[1].starts_with("utf-16"));
    one_line && (case.paths.is_empty() || case.paths.iter().any(|p| p == "." || p == "big.txt"))
}

/// Runs `cmd`, retrying while the binary is being replaced by a rebuild (a long run may
/// overlap one).
fn output(cmd: &mut Command) -> Output {
    for _ in 0..50 {
        match cmd.output() {
            Ok(out) => return out,
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(200)),
        }
    }
    cmd.output().expect("run command")
}

/// Runs a case through both tools and describes the difference, if any: stdout bytes
/// (JSON with its times and byte counts normalised), the exit code, and whether stderr is
/// empty.
pub fn differs(dir: &Dir, case: &FuzzCase) -> Option<String> {
    let (trawl_extra, rg_extra) = MAPPINGS[case.mapping];
    let args = case.args();
    let ours = output(
        dir.trawl()
            .env(CHUNK_ENV.0, CHUNK_ENV.1)
            .args(trawl_extra)
            .args(&args),
    );
    let theirs = output(dir.rg().args(rg_extra).args(&args));
    let json = case.has("--json");
    let show = |out: &Output| {
        if json {
            normalize_json(&out.stdout)
        } else {
            text(&out.stdout)
        }
    };
    let same_stdout = if json {
        show(&ours) == show(&theirs)
    } else {
        ours.stdout == theirs.stdout
    };
    let same = same_stdout
        && ours.status.code() == theirs.status.code()
        && ours.stderr.is_empty() == theirs.stderr.is_empty();
    (!same).then(|| {
        let (ours_shown, theirs_shown) = around_first_difference(&show(&ours), &show(&theirs));
        format!(
            "trawl {trawl_extra:?} {args:?}\n  exit {:?} vs rg {:?}\n--- trawl stdout\n{}--- trawl stderr\n{}--- rg stdout\n{}--- rg stderr\n{}",
            ours.status.code(),
            theirs.status.code(),
            ours_shown,
            text(&ours.stderr),
            theirs_shown,
            text(&theirs.stderr),
        )
    })
}

/// The lines of two outputs from a few lines before their first difference on, at most
/// ten lines each, so that a report on a big file stays readable.
fn around_first_difference(ours: &str, theirs: &str) -> (String, String) {
    let (a, b): (Vec<&str>, Vec<&str>) = (
        ours.split_inclusive('\n').collect(),
        theirs.split_inclusive('\n').collect(),
    );
    let first = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let from = first.saturating_sub(2);
    let window = |lines: &[&str]| {
        let mut shown = if from > 0 {
            format!("[{from} equal lines]\n")
        } else {
            String::new()
        };
        shown.extend(lines.iter().skip(from).take(10).copied());
        if lines.len() > from + 10 {
            shown.push_str(&format!("[{} more lines]\n", lines.len() - from - 10));
        }
        shown
    };
    (window(&a), window(&b))
}

/// Drops flags, extra patterns and paths one at a time while the case still differs (and
/// is not a known difference), until nothing more can go.
pub fn minimise(dir: &Dir, mut case: FuzzCase) -> FuzzCase {
    loop {
        let mut smaller = None;
        let candidates = (0..case.flags.len())
            .map(|i| {
                let mut c = case.clone();
                c.flags.remove(i);
                c
            })
            .chain((1..case.patterns.len()).map(|i| {
                let mut c = case.clone();
                c.patterns.remove(i);
                c
            }))
            .chain((0..case.paths.len()).map(|i| {
                let mut c = case.clone();
                c.paths.remove(i);
                c
            }));
        for candidate in candidates {
            if !known_difference(&candidate)
                && !too_big(&candidate)
                && differs(dir, &candidate).is_some()
            {
                smaller = Some(candidate);
                break;
            }
        }
        match smaller {
            Some(c) => case = c,
            None => return case,
        }
    }
}

/// What a run found.
pub struct Report {
    pub cases: usize,
    pub differing: usize,
    /// Each class, with its first minimised case and how many cases fell in it.
    pub classes: BTreeMap<String, (String, usize)>,
}

/// Runs `cases` cases from `seed`, printing each new class as it is found.
pub fn fuzz(dir: &Dir, seed: u64, cases: usize) -> Report {
    let mut rng = Rng::new(seed);
    let mut report = Report {
        cases: 0,
        differing: 0,
        classes: BTreeMap::new(),
    };
    while report.cases < cases {
        let case = generate(&mut rng);
        if known_difference(&case) || too_big(&case) {
            continue;
        }
        report.cases += 1;
        if std::env::var_os("TRAWL_FUZZ_TRACE").is_some() {
            eprintln!("fuzz: case {}: {:?}", report.cases, case.args());
        }
        if differs(dir, &case).is_none() {
            continue;
        }
        report.differing += 1;
        let small = minimise(dir, case);
        let class = small.class();
        let entry = report.classes.entry(class.clone()).or_insert_with(|| {
            let shown = differs(dir, &small).unwrap_or_else(|| "(flaky)".into());
            eprintln!(
                "fuzz: new class [{class}] at case {}:\n{shown}",
                report.cases
            );
            (shown, 0)
        });
        entry.1 += 1;
    }
    report
}

fn env_number(key: &str, default: u64) -> u64 {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn fuzz_finds_no_difference_from_ripgrep() {
    // A short fixed-seed run; TRAWL_FUZZ_CASES and TRAWL_FUZZ_SEED make it a long one.
    let cases = env_number("TRAWL_FUZZ_CASES", 300) as usize;
    let seed = env_number("TRAWL_FUZZ_SEED", 13);
    let dir = fuzz_tree();
    let report = fuzz(&dir, seed, cases);
    eprintln!(
        "fuzz: seed {seed}: {} cases run, {} differing, {} classes",
        report.cases,
        report.differing,
        report.classes.len()
    );
    let listing: Vec<String> = report
        .classes
        .iter()
        .map(|(class, (shown, n))| format!("[{class}] x{n}\n{shown}"))
        .collect();
    assert!(
        report.classes.is_empty(),
        "{} of {} cases differ, in {} classes:\n\n{}",
        report.differing,
        report.cases,
        report.classes.len(),
        listing.join("\n")
    );
}
