//! PCRE2 (`-P`, `--engine pcre2|auto`): a differential table against `rg` built with
//! PCRE2, in thread and process mode and on a file large enough to be chunked, and the
//! errors: a bad pattern, both engines failing, and a resource limit on one file.

use crate::differential::{
    Case, assert_json_matches, assert_table_matches, in_process_mode, mapped, same, silent_rows,
};
use crate::harness::{Dir, run, text};

/// The test-only knob that makes a file "huge" (see tests/integration/chunked.rs).
const CHUNK_ENV: &str = "__TRAWL_CHUNK_BYTES";

fn pcre_tree() -> Dir {
    let dir = Dir::new();
    dir.create(
        "code.c",
        "static inline int f(void);\n\
         static int g(void);\n\
         static   void h(void);\n\
         int foobar = foo + bar;\n\
         the the quick quick fox\n\
         price: $100 and $2000\n\
         aaab abab aaaa\n\
         x = foo(bar(baz));\n\
         \n\
         end of file, no newline",
    );
    dir.create(
        "uni.txt",
        "Straße STRASSE strasse\n\
         ΔΈΛΤΑ δέλτα Delta\n\
         naïve café résumé\n\
         日本語 テキスト\n\
         KELVIN Kelvin kelvin \u{212A}elvin\n",
    );
    dir.create("crlf.txt", "alpha beta\r\nbeta gamma\r\nfoo\r\n");
    dir.create("latin1.txt", b"caf\xe9\n\xe9\nna\xefve\n");
    // Text that PCRE2 and regex-syntax read differently in a pattern: a line filter built
    // from regex-syntax's reading must not skip these lines.
    dir.create(
        "reading.txt",
        "a\x0cb\n\
         \x20foo\n\
         x&y\n\
         M \u{b7} U_max\n\
         x\u{663}\n\
         x[y\n\
         a\rb x\ry\n\
         PM_RESUME in pm_resume\n",
    );
    dir.create(
        "multi.txt",
        "start\nmiddle foo\nend\nstart again\nfoo\nbar\nfinish\n",
    );
    dir
}

fn cases() -> Vec<Case> {
    let p = |args: &[&'static str]| {
        let mut full = vec!["-P"];
        full.extend_from_slice(args);
        same(&full)
    };
    vec![
        // Look-around.
        p(&["foo(?=bar)"]),
        p(&["foo(?!bar)"]),
        p(&["(?<=foo)bar"]),
        p(&["(?<!foo)bar"]),
        p(&[r"static\s+(?!inline)\w+"]),
        p(&[r"(?<=\$)\d+"]),
        p(&[r"^(?=.*quick)(?=.*fox).*$"]),
        // Backreferences.
        p(&[r"(\w+)\s+\1"]),
        p(&[r"\b(\w)\w*\1\b"]),
        p(&[r"(?<w>qu\w+) \k<w>"]),
        // Possessive and atomic groups.
        p(&["a++b"]),
        p(&["(?>a+)b"]),
        p(&["a*+a"]),
        // \K.
        p(&[r"foo\K\w+"]),
        p(&[r"\$\K\d+"]),
        // Unicode classes and case folding.
        p(&[r"\p{Greek}+"]),
        p(&[r"\p{Han}+"]),
        p(&[r"\w+é"]),
        p(&["-i", "straße"]),
        p(&["-i", "δέλτα"]),
        p(&["-i", "kelvin"]),
        p(&["-S", "delta"]),
        p(&["-S", "Delta"]),
        p(&["--no-unicode", r"\w+"]),
        p(&["--no-unicode", "-i", "δέλτα"]),
        // -w, -x, -F, several patterns.
        p(&["-w", "foo"]),
        p(&["-w", "the"]),
        p(&["-x", "foo"]),
        p(&["-x", r"static.*\);"]),
        p(&["-F", "foo(bar("]),
        p(&["-F", "-w", "$100"]),
        p(&["-e", "foo", "-e", "ba[rz]"]),
        p(&["-e", r"(\w)\1", "-e", "fox"]),
        // Anchors, and each line searched alone.
        p(&["^static"]),
        p(&["newline$"]),
        p(&[r"\s$"]),
        p(&["^$"]),
        p(&[r"^\w+(?=\s)"]),
        p(&["x*"]),
        p(&["", "uni.txt"]),
        // --crlf.
        p(&["foo$", "crlf.txt"]),
        p(&["--crlf", "foo$", "crlf.txt"]),
        p(&["--crlf", r"\w+$", "crlf.txt"]),
        // -U and --multiline-dotall.
        p(&["-U", r"foo\nbar", "multi.txt"]),
        p(&["-U", r"start(?:.|\n)*?end", "multi.txt"]),
        p(&["-U", "start.*end", "multi.txt"]),
        p(&["-U", "--multiline-dotall", "start.*?end", "multi.txt"]),
        p(&["-U", r"(?<=middle )foo\n", "multi.txt"]),
        p(&["-U", "-c", "foo", "multi.txt"]),
        // Context, -o, -r, -c, -v, -m.
        p(&["-C", "1", "foo(?=bar)"]),
        p(&["-A", "2", "-B", "1", r"(\w+) \1"]),
        p(&["-o", r"(?<=\$)\d+"]),
        p(&["-o", r"\w+(?= and)"]),
        p(&["-r", "[$1]", r"(\w+)\s+\1"]),
        p(&["-r", "<${w}>", r"(?<w>qu\w+) \k<w>"]),
        p(&["-r", "$$", r"\$\K\d+"]),
        p(&["-c", r"(?<=\s)\w+"]),
        p(&["--count-matches", r"\b\w{4}\b"]),
        p(&["-v", "(?<!foo)bar"]),
        p(&["-m", "2", r"\w+"]),
        p(&["-l", "(?<=foo)bar"]),
        // The line filter: only lines that hold what every match must hold are searched,
        // and only where regex-syntax reads the pattern as PCRE2 does.
        p(&["PM_RESUME", "reading.txt"]),
        p(&["-w", "PM_RESUME", "reading.txt"]),
        p(&["-S", "pm_resume", "reading.txt"]),
        p(&["-e", "PM_RESUME", "-e", "(?i)xAY", "reading.txt"]),
        p(&["-F", "x[y", "reading.txt"]),
        p(&[r"a\vb", "reading.txt"]),
        p(&["(?x)[ a]foo", "reading.txt"]),
        p(&["x[a&&b]y", "reading.txt"]),
        p(&["x[y&&&]y", "reading.txt"]),
        p(&[r"M \p{Greek} U", "reading.txt"]),
        p(&["x[[:digit:]]", "reading.txt"]),
        p(&["x[[]y", "reading.txt"]),
        // Lines shorter than the shortest match are not searched.
        p(&[r"\w{5}\s+\w{5}"]),
        p(&["-o", r"\w{3}\s\w{3}"]),
        p(&["-w", r"\w{4}"]),
        p(&["-c", r"\p{L}{6}|.{25}"]),
        p(&["--no-unicode", r"\x{e9}|caf."]),
        p(&["--no-unicode", r"caf\xe9", "latin1.txt"]),
        // A wider regex picks the lines PCRE2 runs on: it must take every line PCRE2
        // matches, outside ASCII and at ASCII's separators too.
        p(&[r"a\sb", "reading.txt"]),
        p(&["--crlf", r"a\sb|x[\rx]y", "reading.txt"]),
        p(&[r"[^a-z ]{4}"]),
        p(&[r"\W{2}\w"]),
        p(&[r"\S+\s\S+$"]),
        p(&[r"\d\D+\d"]),
        p(&[r"M .\s\w"]),
        p(&["-w", r"\w+\s\w{5}"]),
        p(&["-x", r"[\w ]+"]),
        // --engine: the flags that choose it override each other.
        same(&["--engine", "pcre2", r"(\w+)\s+\1"]),
        same(&["--engine", "auto", r"(\w+)\s+\1"]),
        same(&["--engine", "auto", r"(?<=\$)\d+"]),
        same(&["--engine", "auto", r"\w+é"]),
        same(&["--engine", "auto", "-o", r"foo\K\w+"]),
        same(&["--engine", "auto", "-w", r"(q\w+) \1"]),
        same(&["-P", "--no-pcre2", "foo"]),
        same(&["-P", "--engine", "default", "foo"]),
        same(&["--engine", "default", "-P", r"(?<=foo)bar"]),
        same(&["--auto-hybrid-regex", r"(\w+)\s+\1"]),
        // Errors: a bad pattern, both engines failing, and the default engine alone.
        p(&["foo(bar"]),
        same(&["--engine", "auto", "(?<=a"]),
        same(&[r"(\w+)\s+\1"]),
        // Under PCRE2, as in rg, `\n` may appear in a pattern; outside -U it never matches.
        mapped(&["-P", r"foo\nbar"], &["-P", r"foo\nbar"]),
    ]
}

#[test]
fn pcre2_matches_ripgrep_on_the_table() {
    let dir = pcre_tree();
    assert_table_matches(&dir, &cases());
}

#[test]
fn pcre2_matches_ripgrep_in_process_mode() {
    let dir = pcre_tree();
    assert_table_matches(&dir, &in_process_mode(cases()));
}

#[test]
fn pcre2_table_rows_print_something() {
    // A row that prints nothing on either side would compare equal without testing
    // anything; only these rows are meant to.
    let dir = pcre_tree();
    let silent = silent_rows(&dir, cases());
    let expected: Vec<Vec<&str>> = vec![
        // A possessive `a*+` gives nothing back to the `a` after it.
        vec!["-P", "a*+a"],
        // Without --crlf, `$` does not match before `\r`: the contrast to the --crlf rows.
        vec!["-P", "foo$", "crlf.txt"],
        // Without --multiline-dotall, `.` does not cross a line.
        vec!["-P", "-U", "start.*end", "multi.txt"],
        vec!["-P", "foo(bar"],
        vec!["--engine", "auto", "(?<=a"],
        vec![r"(\w+)\s+\1"],
        vec!["-P", r"foo\nbar"],
    ];
    assert_eq!(silent, expected);
}

#[test]
fn pcre2_json_matches_ripgrep_apart_from_times() {
    let dir = pcre_tree();
    let rows: Vec<Vec<&str>> = vec![
        vec!["-P", r"(?<=foo)bar"],
        vec!["-P", "-C", "1", r"(\w+)\s+\1"],
        vec!["-P", "-e", "foo", "-e", r"ba(?=r)"],
        vec!["-P", "-U", r"foo\nbar", "multi.txt"],
        vec!["--engine", "auto", r"\$\K\d+"],
    ];
    assert_json_matches(&dir, &rows);
}

#[test]
fn pcre2_json_pattern_index_names_the_alternative_that_matched() {
    let dir = pcre_tree();
    let out = run(dir.trawl().args([
        "--json",
        "-P",
        "-e",
        r"ba(?=z)",
        "-e",
        r"(?<=foo\()ba\w",
        "code.c",
    ]));
    let line = text(&out.stdout)
        .lines()
        .find(|l| l.contains("baz"))
        .unwrap_or_default()
        .to_string();
    assert!(
        line.contains(r#"{"match":{"text":"bar"},"start":8,"end":11,"pattern":1}"#)
            && line.contains(r#"{"match":{"text":"ba"},"start":12,"end":14,"pattern":0}"#),
        "{line}"
    );
}

#[test]
fn pcre2_on_a_chunked_file_matches_ripgrep() {
    let dir = Dir::new();
    let mut big = String::new();
    for i in 0..40_000 {
        big.push_str(&format!(
            "line {i} foo{} bar {} {}\n",
            if i % 7 == 0 { "bar" } else { "" },
            if i % 11 == 0 { "dup dup" } else { "one two" },
            if i % 13 == 0 { "$42" } else { "-" }
        ));
    }
    dir.create("big.txt", &big);
    let rows: Vec<Case> = vec![
        same(&["-P", "foo(?=bar)", "big.txt"]),
        same(&["-P", r"(\w+) \1", "big.txt"]),
        same(&["-P", "-c", r"(?<=\$)\d+", "big.txt"]),
        same(&["-P", "-o", r"\$\K\d+", "big.txt"]),
        same(&["-P", "-C", "1", r"line 3999\d\b", "big.txt"]),
        same(&["-P", "-m", "5", r"(\w+) \1", "big.txt"]),
        same(&["--engine", "auto", "-w", r"(d\w+) \1", "big.txt"]),
    ];
    let mut failures = vec![];
    for case in &rows {
        for mode in [&["--mode", "threads"][..], &["--mode", "processes"]] {
            let ours = run(dir
                .trawl()
                .env(CHUNK_ENV, "65536")
                .args(mode)
                .args(["--stats", "--no-column"])
                .args(&case.trawl));
            let theirs = run(dir
                .rg()
                .args(["--sort", "path", "-n", "-H", "--no-heading"])
                .args(&case.rg));
            let out = text(&ours.stdout);
            // --stats follows the results; the chunks it counts prove the chunked path.
            let (results, stats) = out.split_at(out.find("\n\n").map_or(out.len(), |i| i + 1));
            if results != text(&theirs.stdout) || ours.status.code() != theirs.status.code() {
                failures.push(format!(
                    "{mode:?} {:?}:\n--- trawl\n{results}\n--- rg\n{}",
                    case.trawl,
                    text(&theirs.stdout)
                ));
            }
            if !stats.contains("chunk") {
                failures.push(format!("{mode:?} {:?}: not chunked:\n{stats}", case.trawl));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_bad_pcre2_pattern_shows_where_it_failed() {
    let dir = pcre_tree();
    let out = run(dir.trawl().args(["-P", "-e", "ok", "-e", "ab(c", "code.c"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(
        err.starts_with("trawl: PCRE2 regex parse error:\n    ab(c\n        ^\n")
            && err.contains("missing closing parenthesis"),
        "{err}"
    );
}

#[test]
fn auto_shows_both_errors_when_both_engines_fail() {
    let dir = pcre_tree();
    let out = run(dir.trawl().args(["--engine", "auto", "(?<=a", "code.c"]));
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    let default_at = err.find("default regex engine error:");
    let pcre_at = err.find("PCRE2 regex engine error:");
    assert!(
        matches!((default_at, pcre_at), (Some(d), Some(p)) if d < p)
            && err.contains("look-around")
            && err.contains("missing closing parenthesis"),
        "{err}"
    );
}

#[test]
fn the_default_engine_suggests_pcre2_for_look_around() {
    let dir = pcre_tree();
    let out = run(dir.trawl().args(["(?<=foo)bar", "code.c"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("-P/--pcre2"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_line_that_cannot_hold_a_match_never_reaches_pcre2() {
    // The README's known difference: rg runs PCRE2 on this line, meets the match limit
    // and exits 2; the wider regex `(a*)*b|foo` matches nothing on it, so PCRE2 never
    // runs there.
    let dir = Dir::new();
    dir.create("b.txt", format!("{}\n", "a".repeat(50_000)));
    dir.create("c.txt", "aab\n");
    let args = ["-P", "-e", "(a*)*b", "-e", "foo"];
    let ours = run(dir.trawl().args(args));
    assert_eq!(text(&ours.stdout), "c.txt:1:1:aab\n");
    assert_eq!(ours.status.code(), Some(0), "{}", text(&ours.stderr));
    let theirs = run(dir.rg().args(args).arg("b.txt"));
    assert_eq!(
        theirs.status.code(),
        Some(2),
        "the case still makes rg fail"
    );
}

#[test]
fn a_pcre2_resource_limit_is_an_error_about_that_file_and_the_search_goes_on() {
    // Backtracking over one long line exhausts PCRE2's match limit, or its JIT stack even
    // at ripgrep's 10 MiB; the other files are still searched and printed, as in rg, and
    // the run ends with exit 2.
    // Each line ends with what the pattern needs, after a space that no match can
    // cross: trawl's wider-regex line filter must pass the line on to PCRE2, which
    // then backtracks over all of it (a line without a `b` is never given to PCRE2, see
    // the README's known differences).
    let limits = [
        ("(a*)*b", format!("{} b", "a".repeat(50_000)), "match limit"),
        (
            "(?:(a)|b)*c",
            format!("{} c", "ab".repeat(400_000)),
            "JIT stack",
        ),
    ];
    for (pattern, long_line, limit) in limits {
        let dir = Dir::new();
        dir.create("a.txt", "foo\n");
        dir.create("b.txt", format!("{long_line}\n"));
        dir.create("c.txt", "foo\n");
        let ours = run(dir
            .trawl()
            .args(["--engine", "pcre2", "-e", pattern, "-e", "foo"]));
        let theirs = run(dir.rg().args([
            "--sort",
            "path",
            "--vimgrep",
            "-P",
            "-e",
            pattern,
            "-e",
            "foo",
        ]));
        assert_eq!(
            text(&ours.stdout),
            "a.txt:1:1:foo\nc.txt:1:1:foo\n",
            "{pattern}"
        );
        assert_eq!(text(&ours.stdout), text(&theirs.stdout), "{pattern}");
        assert_eq!(
            (ours.status.code(), theirs.status.code()),
            (Some(2), Some(2))
        );
        let err = text(&ours.stderr);
        assert!(
            err.starts_with("trawl: b.txt: ") && err.contains(limit) && err.lines().count() == 1,
            "{pattern}: {err}"
        );
        assert!(
            text(&theirs.stderr).contains(limit),
            "{}",
            text(&theirs.stderr)
        );
    }
}

#[test]
fn pcre2_version_names_the_library_and_its_jit() {
    let dir = Dir::new();
    let ours = run(dir.trawl().arg("--pcre2-version"));
    let theirs = run(dir.rg().arg("--pcre2-version"));
    assert_eq!(ours.status.code(), Some(0));
    assert_eq!(text(&ours.stdout), text(&theirs.stdout));
}
