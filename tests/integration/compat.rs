//! Issue 13's classes: flag combinations where trawl differed from ripgrep 15.2, found by a
//! random differential search (and by our own fuzzer, `fuzz`), each a row compared under
//! both of the README's mappings on the issue's small files. Every row failed before its
//! fix.

use crate::differential::{Case, assert_json_matches, assert_table_matches, same};
use crate::harness::Dir;

/// The issue's files, in a directory that looks like a git checkout.
pub fn issue_files() -> Dir {
    let dir = Dir::new();
    dir.git_init("");
    dir.create("m.txt", "foo\nbar\nfoo bar\n");
    dir.create("p.txt", "foo\nx\ny\nz\nfoo\n");
    dir.create("c.txt", "one foo\r\ntwo\r\nthree foo");
    dir.create("w.txt", "ab\nabc\r\nab");
    dir.create("b.dat", b"\0\x01foo\nbar foo\n");
    dir.create("s.txt", "a Foo\nb\n");
    dir.create("o.txt", "ab\nfoo boo\ncd\n");
    dir.create("d/x.txt", "foo\n");
    dir.create("pats.txt", "foo\nb.r\n");
    dir.create("n.dat", b"foo\0bar\nfoo again\n");
    dir.create("t.txt", "  x\r\n   \r\n\tx y\n");
    dir.create("e.txt", "École foo\no    bar\r\nBar FOO foo x foo\n");
    // A pattern of one literal NUL, which no argument can hold.
    dir.create("nul.pat", b"\0\n");
    dir
}

fn cases() -> Vec<Case> {
    vec![
        // 1. --crlf: every line rg ends itself ends with \r\n.
        same(&["--crlf", "-l", "foo", "c.txt"]),
        same(&["--crlf", "-c", "foo", "c.txt", "m.txt"]),
        same(&["--crlf", "--count-matches", "foo", "c.txt"]),
        same(&["--crlf", "-o", "foo", "c.txt"]),
        same(&["--crlf", "-C1", "foo", "p.txt", "m.txt"]),
        same(&["--crlf", "foo", "c.txt"]),
        same(&["--crlf", "--heading", "foo", "c.txt", "m.txt"]),
        // 3. -M counts the line terminator, except on a last line without one.
        same(&["-M2", "ab", "w.txt"]),
        same(&["-M3", "--crlf", "foo", "m.txt", "c.txt"]),
        // 4. A later -A, -B or -C ends --passthru.
        same(&["--passthru", "-A1", "foo", "p.txt"]),
        same(&["-A1", "--passthru", "foo", "p.txt"]),
        same(&["-B3", "--passthru", "-C1", "foo", "p.txt"]),
        // 5. A later output mode overrides --files (and --type-list); -q lists nothing.
        same(&["--files", "-l", "foo"]),
        same(&["--files", "-c", "foo", "m.txt"]),
        same(&["--files", "--count-matches", "foo"]),
        same(&["--files", "--files-without-match", "foo"]),
        same(&["--type-list", "-l", "foo", "m.txt"]),
        same(&["--files", "-q"]),
        same(&["-q", "--files", "nosuch.txt", "m.txt"]),
        // 7. -M notices: under -o and -v the line is a matching line; -r measures the
        // replaced line, and counts its matches.
        same(&["-M1", "-r", "X", "foo", "m.txt"]),
        same(&["-M2", "-r", "X", "foo", "m.txt"]),
        same(&["-M1", "-o", "foo", "m.txt"]),
        same(&["-M1", "-v", "foo", "m.txt"]),
        // 10. -c -o counts matches.
        same(&["-c", "-o", "-e", "foo", "-e", "bar", "m.txt"]),
        // 11. Of -x and -w, the last one wins.
        same(&["-x", "-w", "foo", "m.txt"]),
        same(&["-w", "-x", "foo", "m.txt"]),
        // 14. -q with a match exits 0, even after an error.
        same(&["-q", "foo", "nosuch.txt", "m.txt"]),
        // rg's -m 0: nothing, exit 1, and the pattern is not even compiled.
        same(&["-m0", "foo", "nosuch.txt"]),
        same(&["-m0", "(", "m.txt"]),
        // 8. --crlf refuses a literal \r, as it refuses \n.
        same(&["--crlf", "\\r$", "c.txt"]),
        // 9. Smart case: a group name is not a literal; a class of letters has none.
        same(&["-S", "(?P<n>foo)", "s.txt"]),
        same(&["-S", "[[:upper:]]", "s.txt"]),
        same(&["-S", "-e", "foo", "-e", "Bar", "m.txt", "s.txt"]),
        // 12. Binary files: no separator before the notice; -v selects only lines
        // without a match; -I drops the path from the notice too.
        same(&["-A1", "foo", "m.txt", "b.dat"]),
        same(&["-v", "o", "b.dat"]),
        same(&["-v", "bar", "b.dat"]),
        same(&["-I", "foo", "b.dat"]),
        // 15. --crlf: classes never match the \r, and `$` finds no empty match after it.
        same(&["--crlf", "-c", "\\W+", "c.txt"]),
        same(&["--crlf", "$", "c.txt"]),
        same(&["--crlf", "-o", "o*$", "c.txt"]),
        // 13. -o -v: each match in a context line prints on its own line.
        same(&["-o", "-v", "-C1", "o", "o.txt"]),
        // Found by our fuzzer: under --crlf, a line rg writes match by match (colors,
        // -U with matches) ends with \r\n even after a bare \n.
        same(&["--crlf", "-U", "-e", "ab\\n| ", "m.txt", "o.txt", "w.txt"]),
        same(&["--crlf", "--color", "always", "foo", "m.txt", "c.txt"]),
        // Found by our fuzzer: a line without matches (context) keeps its own ending.
        same(&[
            "--crlf", "--color", "always", "-C1", "foo", "m.txt", "c.txt",
        ]),
        // Found by our fuzzer: --trim trims rg's spaces, but not a terminator's \r; -M
        // measures the trimmed line unless colors are on.
        same(&["--trim", " ", "t.txt"]),
        same(&["--crlf", "--trim", " ", "t.txt"]),
        same(&["-M4", "--trim", "x", "t.txt"]),
        same(&["-M4", "--trim", "--color", "always", "x", "t.txt"]),
        // Found by our fuzzer: past -m, an empty match at the end of a last line without
        // a terminator makes it a matching line.
        same(&["-A3", "-m2", "$", "c.txt"]),
        // 16. -U -r replaces in a region that ^, $ or \n make multiline.
        same(&["-U", "-r", "Z", "^foo", "m.txt"]),
        same(&["-U", "-r", "Z", "-o", "foo\\nbar", "m.txt"]),
        same(&["-U", "-r", "<$0>", "o\\nb", "m.txt", "o.txt"]),
        same(&["-U", "-r", "X", "-C1", "o\\n", "p.txt"]),
        // Found by our fuzzer: a NUL in a pattern is an error while binary files are
        // detected, which -uuu after -a makes them again.
        same(&["-a", "-uuu", "o\\x00", "b.dat"]),
        same(&["-uuu", "-a", "\\x00\\x01", "b.dat"]),
        // Found by our fuzzer: under -v, a context line (one that matched) prints the
        // column of its first match.
        same(&["-v", "--column", "-C1", "o", "m.txt", "o.txt"]),
        same(&["-v", "--column", "--passthru", "o+", "m.txt", "o.txt"]),
        same(&["-v", "--column", "-b", "-A1", "b", "m.txt"]),
        // Found by our fuzzer: in the line layouts, every line of a -U region prints the
        // column of the region's first match, counted from its first line: a line after
        // a match that ended with its terminator, and a line with no piece of a match.
        same(&["-U", "--column", "o\\n|x", "m.txt", "p.txt"]),
        same(&["-U", "--column", "\\nbar", "m.txt"]),
        same(&["-U", "--column", "-b", "o\\n|[xy]", "p.txt"]),
        same(&["-U", "--column", "-M3", "\\n", "m.txt"]),
        same(&[
            "-U", "--column", "--color", "always", "\\nb", "m.txt", "o.txt",
        ]),
        same(&[
            "-U",
            "--column",
            "-C1",
            "-m1",
            "\\n\\n|o\\n",
            "p.txt",
            "m.txt",
        ]),
        // Found by our fuzzer: -e and -f patterns keep their command-line order, which
        // is their priority at the same position.
        same(&["-f", "pats.txt", "-e", ".", "e.txt"]),
        // Found by our fuzzer: --count-matches counts the empty match at the end of a
        // last line without a terminator.
        same(&["--count-matches", "-e", "$|FOO", "c.txt"]),
        // Found by our fuzzer: the -M preview cuts characters, not bytes, and says
        // "1 more match".
        same(&["-M8", "--max-columns-preview", "(?i)foo", "e.txt"]),
        same(&["-M3", "--max-columns-preview", "ab", "w.txt"]),
        // Found by our fuzzer: under -U, a NUL in a binary file stays a byte even where
        // rg reads the file rather than mapping it.
        same(&["--binary", "-U", "o\\nbar", "n.dat", "d"]),
        // Found by our fuzzer: a -M preview says how many matches follow only where it
        // found some.
        same(&["--max-columns-preview", "-v", "-M1", "foo", "m.txt"]),
        // Found by our fuzzer: rg joins the patterns into one regex, so a group name
        // used in two of them is an error.
        same(&["-e", "(?P<n>foo)", "-e", "(?P<n>bar)", "m.txt"]),
        // Found by our fuzzer: touching matches are one colored run.
        same(&["--color", "always", "o", "m.txt"]),
        // Found by our fuzzer: under -v, -r replaces the matches of the context lines
        // too, and --vimgrep counts their columns in the replaced text.
        same(&["-v", "-B1", "-r", "X", "foo", "m.txt"]),
        same(&["-v", "-C1", "-r", "<$0>", "o", "o.txt"]),
        same(&["-v", "-C1", "-o", "-r", "X", "o", "o.txt"]),
        same(&["-v", "-A1", "-b", "-r", "<$0>", "o", "o.txt"]),
        // Found by our fuzzer: without -a, a pattern that needs a NUL is an error, as no
        // line holds one; plain text matched case-sensitively is not looked at, and
        // --engine auto takes PCRE2 instead.
        same(&["\\x00", "b.dat"]),
        same(&["-e", "foo", "-e", "[\\x00]", "m.txt"]),
        same(&["-e", "\\x00", "-e", "\\r", "c.txt"]),
        same(&["--binary", "o\\x00*", "b.dat"]),
        same(&["-a", "--no-text", "\\x00", "b.dat"]),
        same(&["-a", "\\x00", "b.dat"]),
        same(&["[\\x00\\n]", "b.dat"]),
        same(&["--engine", "auto", "\\x00", "b.dat"]),
        same(&["-f", "nul.pat", "b.dat"]),
        same(&["-i", "-f", "nul.pat", "b.dat"]),
        // Found by our fuzzer: --no-json undoes the --json that ended --files, so the
        // run searches; without that --json, --files stays.
        same(&["--files", "--json", "--no-json", "foo", "m.txt"]),
        same(&["--files", "--json", "--no-json", "m.txt"]),
        same(&["--files", "--no-json", "m.txt"]),
        same(&["-c", "--json", "--no-json", "foo", "m.txt"]),
        same(&["--json", "-c", "--no-json", "foo", "m.txt"]),
        // Found by our fuzzer: --files and --type-list never compile the patterns.
        same(&["--files", "-e", "(", "m.txt"]),
        same(&["--type-list", "-e", "\\x00"]),
        same(&["--files", "-f", "nosuch.txt", "m.txt"]),
        // Found by our fuzzer: of --crlf and --null-data, the last one given wins, and
        // --no-crlf ends --crlf alone.
        same(&["--null-data", "--crlf", "foo", "c.txt"]),
        same(&["--crlf", "--null-data", "foo", "c.txt"]),
        same(&["--null-data", "--crlf", "--no-crlf", "foo", "c.txt"]),
        // Found by our fuzzer: a -M preview shows its matches, and their parts, in color.
        same(&[
            "--color",
            "always",
            "--max-columns-preview",
            "-M5",
            "bar",
            "m.txt",
        ]),
        // Found by our fuzzer: under -E, rg decodes a named binary file through a reader,
        // so its NULs end lines, even when it would map it.
        same(&["-E", "latin1", "-c", "^", "b.dat"]),
        same(&["-E", "latin1", "--mmap", "-c", "^", "b.dat"]),
        // Found by our fuzzer: -P --crlf searches a line that ends in a bare \n with it.
        same(&["-P", "--crlf", "\\s", "m.txt", "c.txt"]),
        same(&["-P", "--crlf", "-o", "\\n", "w.txt"]),
        // Found by our fuzzer: under -P, the after-context past -m is context, even where
        // it matches.
        same(&["-P", "-m1", "-A2", "foo", "m.txt"]),
    ]
}

#[test]
fn issue_13_classes_match_ripgrep() {
    let dir = issue_files();
    assert_table_matches(&dir, &cases());
}

/// JSON rows, compared apart from times and byte counts (see `normalize_json`).
fn json_rows() -> Vec<Vec<&'static str>> {
    vec![
        // 6. --json -q still prints the summary line.
        vec!["-q", "foo", "m.txt"],
        // 2. -r keeps the line, its matches and offsets, and adds each replacement.
        vec!["-r", "X", "foo", "m.txt"],
        vec!["-r", "<$0>", "-o", "o", "o.txt"],
        // 12. A binary file searched because of -uuu is shown as text, as when named.
        vec!["-uuu", "bar", "."],
        // 17. A named binary file next to a directory is read, not mapped: its NULs
        // end lines and every byte counts as searched.
        vec!["foo", "b.dat", "d"],
        // Found by our fuzzer: --stop-on-nonmatch has searched up to the line that
        // stopped it; the empty match at the end of a last line without a terminator is
        // not a submatch, and not counted.
        vec!["--stop-on-nonmatch", "o", "m.txt"],
        vec!["$|FOO", "c.txt"],
        // Found by our fuzzer: -U -r adds the replacements to a region's submatches.
        vec!["-U", "-r", "X", "bar\\n", "m.txt"],
        // Found by our fuzzer: under -U, a binary file is searched up to its NUL.
        vec!["--binary", "-U", "o\\nbar", "n.dat", "d"],
        // Found by our fuzzer: context lines under -v carry their submatches.
        vec!["--no-column", "-v", "-A1", "bar", "m.txt"],
        // Found by our fuzzer: and under -r, their replacements.
        vec!["-v", "-C1", "-r", "X", "foo", "o.txt"],
        // Found by our fuzzer: under -E, a named binary file is read, so its NULs end
        // lines and every byte counts as searched.
        vec!["-E", "latin1", "\\s", "b.dat"],
    ]
}

#[test]
fn issue_13_json_classes_match_ripgrep() {
    let dir = issue_files();
    assert_json_matches(&dir, &json_rows());
}
