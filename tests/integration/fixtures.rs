//! Fixture trees for the awkward cases: Unicode, CRLF, missing final newlines, empty and
//! long lines, binary files, nested ignore files, hidden files. The tree carries a `.git`
//! directory so that `.gitignore` applies, as it would in a checkout.

use crate::harness::{Dir, generate_tree};

/// Builds the awkward-case tree plus a generated tree under `gen/`.
pub fn awkward_tree() -> Dir {
    let dir = Dir::new();
    dir.git_init("");
    dir.create(
        "unicode.txt",
        "héllo wörld needle\nΔelta δelta ΔΕΛΤΑ\nStraße STRASSE strasse\n\
         Kelvin \u{212A} k K\nñeedle NEEDLE nEeDlE\nœuvre — “quotes” needle—x\n",
    );
    dir.create(
        "crlf.txt",
        "needle one\r\nneedle two\r\n\r\nlast needle\r\n",
    );
    dir.create("nonl.txt", "first needle\nlast needle");
    dir.create("empty_lines.txt", "\n\n\nneedle\n\n");
    dir.create("empty.txt", "");
    let mut long = "x".repeat(70_000);
    long.push_str(" needle ");
    long.push_str(&"y".repeat(70_000));
    long.push_str("needle\nshort needle line\n");
    dir.create("long.txt", long);
    // Several read buffers long, with matches on both sides of every 64 KiB boundary.
    let mut big = String::new();
    for i in 0..12_000 {
        if i % 97 == 0 || i % 1000 == 999 {
            big.push_str(&format!("line {i} has a needle and another needle\n"));
        } else {
            big.push_str(&format!("line {i} is filler text of no interest\n"));
        }
    }
    dir.create("big.txt", big);
    dir.create("bin/walked.bin", b"needle\x00binary data\nneedle again\n");
    dir.create("bin/text.txt", "needle in a text file next to a binary\n");
    dir.create("literal.txt", "a.b axb a+b (needle) [x] a.b\n");

    dir.create(".gitignore", "ignored.txt\n*.log\nbuild/\n");
    dir.create("ignored.txt", "needle ignored by .gitignore\n");
    dir.create("debug.log", "needle in a log\n");
    dir.create("build/out.txt", "needle in build\n");
    dir.create(".ignore", "dot_ignored.txt\n");
    dir.create("dot_ignored.txt", "needle ignored by .ignore\n");
    dir.create("sub/.gitignore", "!keep.log\nsecret*\n");
    dir.create("sub/keep.log", "needle kept by negation\n");
    dir.create("sub/secret.txt", "needle secret\n");
    dir.create("sub/plain.txt", "needle plain\n");
    dir.create("sub/nested/.gitignore", "*.rs\n");
    dir.create("sub/nested/code.rs", "needle in ignored rust\n");
    dir.create("sub/nested/code.c", "int needle = 1;\n");
    dir.create(".hidden/inside.txt", "needle hidden dir\n");
    dir.create(".hiddenfile", "needle hidden file\n");

    dir.create(
        "src/main.c",
        "#include \"x.h\"\nint main() { return PM_RESUME; }\n",
    );
    dir.create("src/x.h", "#define PM_RESUME 1\n");
    dir.create("src/lib.rs", "const PM_RESUME: u32 = 1; // needle\n");
    dir.create("src/deep/a/b/c/d.c", "PM_RESUME needle\n");
    for name in [
        "B.txt",
        "a.txt",
        "_x.txt",
        "a-b.txt",
        "a.b.txt",
        "with space.txt",
        "Z9.txt",
    ] {
        dir.create(format!("order/{name}"), format!("needle in {name}\n"));
    }
    // A separate repository nested inside: its own .gitignore applies below it.
    dir.git_init("repo2");
    dir.create("repo2/.gitignore", "*.txt\n");
    dir.create("repo2/a.txt", "needle ignored in repo2\n");
    dir.create("repo2/a.c", "needle in repo2\n");

    generate_tree(&dir, "gen", 300, 7);
    add_option_fixtures(&dir);
    dir
}

/// Files for the option tests: context windows that overlap and touch, `-m` with
/// context, case folding that changes byte length, replacement groups, long lines.
fn add_option_fixtures(dir: &Dir) {
    let mut context = String::new();
    for i in 1..=40 {
        let hit = [3, 5, 6, 12, 20, 21, 22, 30, 38].contains(&i);
        context.push_str(&format!(
            "{i:02} {}\n",
            if hit { "foo hit foo" } else { "plain" }
        ));
    }
    dir.create("opts/context.txt", context);
    dir.create(
        "opts/fold.txt",
        "Straße STRASSE strasse\nſtop STOP stop\nKelvin \u{212A} k K\nĲssel ĳssel\nΣίσυφος \u{2126}hm, 3 µs\n",
    );
    dir.create("opts/crlf.txt", "foo one\r\nbar foo\r\n\r\nfoo\r\nend\r\n");
    dir.create(
        "opts/groups.txt",
        "key=value other=thing\nname=trawl lang=rust\nnothing here\nFoo=Bar foo=bar\n",
    );
    dir.create(
        "opts/wide.txt",
        format!(
            "short foo\n{}foo{}foo\n   indented foo\n\tfoo tab\n",
            "a".repeat(50),
            "b".repeat(30)
        ),
    );
    dir.create("opts/sub/one.txt", "foo in sub\n");
    dir.create(
        "opts/multi.txt",
        "start foo\nbar end\nother\nfoo\nbar\nx foo y\nlast foo\nbar",
    );
    // Multiline regions that touch (lines 1-2 and 3-4), a match that ends on a terminator,
    // and blank lines that whitespace matches run across.
    dir.create(
        "opts/touching.txt",
        "foo\nbar\nfoo\nbar\nzzz\nfoo\noo\nx\na b\n\nc  d\ne\n\n\nfoo bar\nbaz\n",
    );
    // A file longer than one read buffer, for where -m stops the search.
    dir.create(
        "long/long.txt",
        (1..=40_000).map(|i| format!("{i}\n")).collect::<String>(),
    );
    // Encodings: UTF-16 with and without a byte-order mark, UTF-8 with a mark, Latin-1,
    // and bytes that are not UTF-8 in a line and in a file name.
    let utf16 = |text: &str, big_endian: bool| -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    };
    dir.create(
        "enc/u16le.txt",
        utf16("\u{feff}hello foo\nsecond foo line\n", false),
    );
    dir.create("enc/u16be.txt", utf16("\u{feff}hello foo\nthird\n", true));
    dir.create("enc/u16nobom.txt", utf16("hello foo\n", false));
    dir.create("enc/u8bom.txt", "\u{feff}foo with a mark\nbar\n");
    dir.create("enc/latin1.txt", b"caf\xe9 foo\n");
    dir.create("enc/invalid.txt", b"bad \xff\xfe foo\nok foo\n");
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"enc/name-\xff.txt");
        dir.create(name, "foo in a file whose name is not UTF-8\n");
    }
    dir.create("opts/sub/two.txt", "nothing\n");
    // -z and --pre: a gzip file, a file named like one that is not, and its plain text.
    let zipped = "zipword one\nbar\nzipword two\n";
    dir.create("zip/plain.txt", zipped);
    dir.create("zip/plain.txt.gz", crate::harness::gzip(zipped.as_bytes()));
    dir.create("zip/fake.gz", "zipword in a file that is not gzip\n");
}
