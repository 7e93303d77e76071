//! The option table of issue 3: pattern, selection, output-mode, context and format flags,
//! each compared byte for byte with ripgrep 15.2 under both mappings (see `differential`).

use crate::differential::{Case, same};
use crate::fixtures::awkward_tree;
use crate::harness::{Dir, run, text};

pub fn cases() -> Vec<Case> {
    vec![
        // Patterns.
        same(&["-S", "foo", "opts"]),
        same(&["-S", "Foo", "opts"]),
        same(&["-S", "straße", "opts/fold.txt"]),
        same(&["-s", "-i", "stop", "opts/fold.txt"]),
        same(&["-i", "-s", "STOP", "opts/fold.txt"]),
        same(&["-i", "ſtop", "opts/fold.txt"]),
        same(&["-i", "k", "opts/fold.txt"]),
        same(&["-i", "ĳssel", "opts/fold.txt"]),
        same(&["-x", "\\d+ plain", "opts/context.txt"]),
        same(&["-x", "-e", "foo", "-e", "end", "opts/crlf.txt"]),
        same(&["--crlf", "foo$", "opts/crlf.txt"]),
        same(&["--crlf", "-x", "foo", "opts/crlf.txt"]),
        same(&["foo$", "opts/crlf.txt"]),
        same(&["-F", "-x", "foo", "opts/crlf.txt"]),
        same(&["-e", "foo", "-e", "bar", "-w", "opts"]),
        // Inner literals: the regex runs only on lines holding them.
        same(&["\\w+=thing", "opts"]),
        same(&["-i", "\\w=VALUE", "opts"]),
        same(&["\\d+ (plain|foo)", "opts/context.txt"]),
        same(&["-v", "\\w+=\\w+", "opts/groups.txt"]),
        // Non-ASCII start bytes: the regex runs only on lines that hold one.
        same(&["\\p{Greek}", "opts"]),
        same(&["-o", "-i", "\\p{Greek}+", "opts"]),
        same(&["-w", "[\\p{Greek}ſ]\\w*", "opts"]),
        same(&[
            "-v",
            "-e",
            "\\p{Greek}",
            "-e",
            "\\p{Cyrillic}",
            "opts/fold.txt",
        ]),
        // Multiline.
        same(&["-U", "foo\\nbar", "opts/multi.txt"]),
        same(&["-U", "foo\\s+bar", "opts"]),
        same(&["-U", "-o", "foo\\nbar", "opts/multi.txt"]),
        same(&["-U", "-c", "foo\\nbar", "opts/multi.txt"]),
        same(&["-U", "--count-matches", "o\\n", "opts/multi.txt"]),
        same(&["-U", "-A", "1", "foo\\nbar", "opts/multi.txt"]),
        same(&[
            "-U",
            "-B",
            "1",
            "-C",
            "1",
            "(?s)start.*?end",
            "opts/multi.txt",
        ]),
        same(&["-U", "--multiline-dotall", "start.*end", "opts/multi.txt"]),
        same(&["-U", "start.*end", "opts/multi.txt"]),
        same(&["-U", "x*", "opts/multi.txt"]),
        same(&["-U", "^bar", "opts/multi.txt"]),
        // Multiline regions: lines that touch join one region, -c and -m count matches,
        // -v skips every line a match covers, and each piece of a match points at its
        // start (found comparing against rg 15.2 by hand, case by case).
        same(&["-U", "-c", "o\\n?", "opts/touching.txt"]),
        same(&["-U", "-m", "1", "o\\n?", "opts/touching.txt"]),
        same(&["-U", "-m", "3", "-c", "foo\\nbar", "opts/touching.txt"]),
        same(&["-U", "-m", "1", "\\s+\\w", "opts/touching.txt"]),
        same(&["-U", "-m", "2", "-A", "1", "foo\\nbar", "opts/touching.txt"]),
        same(&["-U", "-v", "\\s+\\w", "opts/touching.txt"]),
        same(&["-U", "-v", "-c", "foo\\nbar", "opts/touching.txt"]),
        same(&["-U", "-o", "-b", "\\s+\\w", "opts/touching.txt"]),
        same(&["-U", "-b", "\\s+\\w", "opts/touching.txt"]),
        same(&["-U", "\\n", "opts/touching.txt"]),
        same(&["-U", "-c", "o", "opts/touching.txt"]),
        same(&["-U", "-m", "2", "o$", "opts/touching.txt"]),
        // Unicode mode off, and back on.
        same(&["--no-unicode", "-o", "\\w+", "unicode.txt"]),
        same(&["--no-unicode", "-w", "eedle", "unicode.txt"]),
        same(&["--no-unicode", "-i", "straße", "opts/fold.txt"]),
        same(&["--no-unicode", "-o", "\\xFF", "enc/invalid.txt"]),
        same(&["--no-unicode", "-c", ".", "enc/invalid.txt"]),
        same(&["--no-unicode", "(?u)\\p{Greek}+", "unicode.txt"]),
        same(&["--no-unicode", "\\p{Greek}", "unicode.txt"]),
        same(&["--no-unicode", "--unicode", "-o", "\\w+", "unicode.txt"]),
        same(&["--no-pcre2-unicode", "-o", "\\w+", "unicode.txt"]),
        same(&[
            "--no-pcre2-unicode",
            "--pcre2-unicode",
            "-o",
            "\\w+",
            "unicode.txt",
        ]),
        // Size limits: rg's NUM+SUFFIX syntax, and its default regex size limit.
        same(&["--regex-size-limit", "1M", "\\w+=\\w+", "opts/groups.txt"]),
        same(&["--regex-size-limit", "100", "\\w+=\\w+", "opts/groups.txt"]),
        same(&["--regex-size-limit", "1k", "foo", "opts"]),
        same(&["--dfa-size-limit", "1", "\\w+=\\w+", "opts/groups.txt"]),
        same(&["--dfa-size-limit", "2G", "-i", "foo", "opts"]),
        same(&["-c", "--include-zero", "\\w{1000}", "opts/groups.txt"]),
        // Engines: only the default one; PCRE2 is refused however it is asked for.
        same(&["--engine", "default", "foo", "opts"]),
        same(&["--engine", "auto", "foo", "opts"]),
        same(&["-P", "--engine", "auto", "foo", "opts"]),
        same(&["--engine", "auto", "-P", "foo", "opts"]),
        same(&["--engine", "pcre2", "foo", "opts"]),
        same(&["--auto-hybrid-regex", "foo", "opts"]),
        same(&["-P", "--auto-hybrid-regex", "foo", "opts"]),
        same(&["-P", "--no-auto-hybrid-regex", "foo", "opts"]),
        same(&["--mmap", "foo", "opts"]),
        same(&["--no-mmap", "foo", "opts"]),
        // Selection.
        same(&["-v", "foo", "opts/context.txt"]),
        same(&["-v", "plain", "opts"]),
        same(&["-m", "2", "foo", "opts"]),
        same(&["-m", "1", "-v", "foo", "opts/context.txt"]),
        same(&["-m", "0", "foo", "opts"]),
        // --stop-on-nonmatch: the first unselected line after a selected one ends the file.
        same(&["--stop-on-nonmatch", "foo", "opts/context.txt"]),
        same(&["--stop-on-nonmatch", "hit", "opts"]),
        same(&["--stop-on-nonmatch", "-A", "2", "foo", "opts/context.txt"]),
        same(&["--stop-on-nonmatch", "-B", "2", "hit", "opts/context.txt"]),
        same(&["--stop-on-nonmatch", "-C", "1", "foo", "opts"]),
        same(&[
            "--stop-on-nonmatch",
            "-m",
            "1",
            "-A",
            "2",
            "foo",
            "opts/context.txt",
        ]),
        same(&[
            "--stop-on-nonmatch",
            "-m",
            "2",
            "-C",
            "1",
            "20",
            "opts/context.txt",
        ]),
        same(&[
            "--stop-on-nonmatch",
            "--passthru",
            "hit",
            "opts/context.txt",
        ]),
        same(&["--stop-on-nonmatch", "-c", "foo", "opts"]),
        same(&["--stop-on-nonmatch", "-o", "foo", "opts/context.txt"]),
        same(&["--stop-on-nonmatch", "-l", "foo", "opts"]),
        // Under -v the line that ends the first run is passed over, as rg does.
        same(&["--stop-on-nonmatch", "-v", "hit", "opts/context.txt"]),
        same(&["--stop-on-nonmatch", "-v", "plain", "opts/context.txt"]),
        same(&[
            "--stop-on-nonmatch",
            "-v",
            "-A",
            "1",
            "plain",
            "opts/context.txt",
        ]),
        same(&[
            "--stop-on-nonmatch",
            "-v",
            "-B",
            "1",
            "plain",
            "opts/context.txt",
        ]),
        same(&[
            "--stop-on-nonmatch",
            "-v",
            "-C",
            "2",
            "plain",
            "opts/context.txt",
        ]),
        same(&[
            "--stop-on-nonmatch",
            "-v",
            "-m",
            "1",
            "-A",
            "1",
            "foo",
            "opts",
        ]),
        same(&[
            "--stop-on-nonmatch",
            "-v",
            "--passthru",
            "plain",
            "opts/context.txt",
        ]),
        // It and -U override each other; --no-multiline does not bring it back.
        same(&["--stop-on-nonmatch", "-U", "foo\\nbar", "opts/multi.txt"]),
        same(&["-U", "--stop-on-nonmatch", "foo", "opts/multi.txt"]),
        same(&[
            "--stop-on-nonmatch",
            "-U",
            "--no-multiline",
            "foo",
            "opts/multi.txt",
        ]),
        // Output modes.
        same(&["-c", "foo", "opts"]),
        same(&["--count-matches", "foo", "opts"]),
        same(&["-c", "--include-zero", "foo", "opts"]),
        same(&["--count-matches", "--include-zero", "-v", "foo", "opts"]),
        same(&["-c", "-v", "foo", "opts"]),
        same(&["-l", "foo", "opts"]),
        same(&["-l", "-c", "foo", "opts"]),
        same(&["-c", "-l", "foo", "opts"]),
        same(&["--files-without-match", "foo", "opts"]),
        // Exit 0 means some file had no match, as in rg; a skipped binary file counts.
        same(&["--files-without-match", "foo", "opts/context.txt"]),
        same(&[
            "--files-without-match",
            "zzzz",
            "opts/context.txt",
            "big.txt",
        ]),
        same(&["--files-without-match", "needle", "bin"]),
        same(&["-q", "--files-without-match", "foo", "opts/context.txt"]),
        same(&[
            "-q",
            "--files-without-match",
            "foo",
            "opts/context.txt",
            "big.txt",
        ]),
        same(&[
            "-c",
            "--files-without-match",
            "foo",
            "opts/context.txt",
            "big.txt",
        ]),
        same(&["-o", "foo", "opts"]),
        same(&["-o", "\\w+=\\w+", "opts/groups.txt"]),
        same(&["-o", "x*", "opts/groups.txt"]),
        same(&["-o", "^", "opts/crlf.txt"]),
        same(&["-o", "-v", "foo", "opts/context.txt"]),
        same(&["-r", "X", "foo", "opts"]),
        same(&["-r", "$2=$1", "(\\w+)=(\\w+)", "opts/groups.txt"]),
        same(&["-r", "<${k}>", "(?P<k>\\w+)=", "opts/groups.txt"]),
        same(&["-r", "$$1", "(\\w+)=", "opts/groups.txt"]),
        same(&["-o", "-r", "[$0]", "\\w+=", "opts/groups.txt"]),
        same(&["-r", "", "foo", "opts/wide.txt"]),
        same(&["-q", "foo", "opts"]),
        same(&["-q", "nomatch", "opts"]),
        // Context.
        same(&["-A", "1", "foo", "opts/context.txt"]),
        same(&["-B", "2", "foo", "opts/context.txt"]),
        same(&["-C", "1", "foo", "opts/context.txt"]),
        same(&["-C", "3", "foo", "opts/context.txt"]),
        same(&["-A", "2", "-B", "1", "foo", "opts"]),
        same(&["-C", "4", "-A", "0", "foo", "opts/context.txt"]),
        same(&["-m", "1", "-A", "3", "foo", "opts/context.txt"]),
        same(&["-m", "2", "-C", "2", "foo", "opts/context.txt"]),
        same(&["-m", "1", "-C", "2", "foo", "opts"]),
        same(&["-v", "-A", "1", "foo", "opts/context.txt"]),
        same(&["-C", "1", "--context-separator", "==", "foo", "opts"]),
        same(&[
            "-C",
            "1",
            "--context-separator",
            "a\\tb",
            "foo",
            "opts/context.txt",
        ]),
        same(&["-C", "1", "--no-context-separator", "foo", "opts"]),
        same(&["--passthru", "foo", "opts"]),
        same(&["--passthru", "-r", "X", "foo", "opts/context.txt"]),
        // Past -m, --passthru prints the rest of the file as context, matches included.
        same(&[
            "-m",
            "2",
            "--passthru",
            "foo",
            "opts/context.txt",
            "big.txt",
        ]),
        same(&["-m", "1", "--passthru", "-o", "foo", "opts/context.txt"]),
        same(&["-m", "3", "--passthru", "-c", "foo", "opts/context.txt"]),
        same(&["-m", "1", "--passthru", "foo", "opts"]),
        same(&["-A", "1", "foo", "big.txt", "opts/context.txt"]),
        // Hyperlinks: only with colors, never with --path-separator; a link points at the
        // match's column even when no column is printed.
        same(&[
            "--color",
            "always",
            "--hyperlink-format",
            "vscode",
            "foo",
            "opts/context.txt",
            "opts/groups.txt",
        ]),
        same(&[
            "--color",
            "always",
            "--hyperlink-format",
            "default",
            "-C",
            "1",
            "foo",
            "opts/context.txt",
        ]),
        same(&[
            "--color",
            "always",
            "--hyperlink-format",
            "kitty",
            "--heading",
            "-o",
            "foo",
            "opts",
        ]),
        same(&[
            "--color",
            "always",
            "--hyperlink-format",
            "vscode",
            "--heading",
            "foo",
            "opts",
        ]),
        same(&[
            "--color",
            "always",
            "--hyperlink-format",
            "default",
            "--heading",
            "foo",
            "opts",
        ]),
        same(&[
            "--color",
            "always",
            "--hyperlink-format",
            "file://{host}{path}#{line}",
            "-l",
            "foo",
            "opts",
        ]),
        same(&[
            "--color",
            "always",
            "--hyperlink-format",
            "cursor",
            "-c",
            "foo",
            "opts",
        ]),
        same(&[
            "--color",
            "always",
            "--hyperlink-format",
            "vscode",
            "--files",
            "opts",
        ]),
        same(&[
            "--color",
            "always",
            "--hyperlink-format",
            "vscode",
            "-v",
            "-b",
            "foo",
            "opts/groups.txt",
        ]),
        same(&[
            "--color",
            "always",
            "--hyperlink-format",
            "default",
            "foo",
            "enc",
        ]),
        same(&[
            "--color",
            "always",
            "--hyperlink-format",
            "vscode",
            "--path-separator",
            "+",
            "foo",
            "opts",
        ]),
        same(&[
            "--color",
            "always",
            "--hyperlink-format",
            "default",
            "--hostname-bin",
            "echo",
            "foo",
            "opts",
        ]),
        same(&["--hyperlink-format", "vscode", "foo", "opts"]),
        same(&[
            "--color",
            "always",
            "--hyperlink-format",
            "x{path}",
            "foo",
            "opts",
        ]),
        same(&[
            "--color",
            "always",
            "--files",
            "--path-separator",
            "+",
            "opts",
        ]),
        // --debug and --trace write diagnostics on stderr and change nothing on stdout.
        same(&["--debug", "foo", "opts", "bin"]),
        same(&["--trace", "-c", "needle", "."]),
        // -p: --color=always --heading --line-number, each part undone by a later flag.
        same(&["-p", "foo", "opts/context.txt", "opts/groups.txt"]),
        same(&["--no-heading", "-p", "foo", "opts"]),
        same(&["-p", "--no-heading", "-N", "foo", "opts"]),
        same(&[
            "-p",
            "--color",
            "never",
            "-C",
            "1",
            "foo",
            "opts/context.txt",
        ]),
        same(&["-pi", "FOO", "opts/groups.txt"]),
        // Compressed files (-z) and preprocessors (--pre): a file the decompressor or the
        // command fails on is an error about that file, and the run goes on.
        same(&["-z", "zipword", "zip"]),
        same(&["-z", "-c", "zipword", "zip/plain.txt.gz", "zip/plain.txt"]),
        same(&["-z", "-l", "zipword", "zip"]),
        same(&["zipword", "zip"]),
        same(&["-z", "--no-search-zip", "zipword", "zip/plain.txt.gz"]),
        same(&["--pre", "cat", "zipword", "zip/plain.txt"]),
        same(&[
            "--pre",
            "cat",
            "--pre-glob",
            "*.txt",
            "-c",
            "zipword",
            "zip",
        ]),
        same(&[
            "--pre",
            "cat",
            "--pre-glob",
            "!*.txt",
            "-c",
            "zipword",
            "zip",
        ]),
        same(&["--pre", "false", "zipword", "zip/plain.txt"]),
        same(&["--pre", "no-such-preprocessor", "zipword", "zip/plain.txt"]),
        same(&["--pre", "cat", "--no-pre", "zipword", "zip/plain.txt"]),
        same(&["--pre", "", "zipword", "zip/plain.txt"]),
        same(&["-z", "--pre", "cat", "zipword", "zip/plain.txt.gz"]),
        same(&["--pre", "cat", "-z", "zipword", "zip/plain.txt.gz"]),
        // Encodings.
        same(&["foo", "enc"]),
        same(&["-b", "foo", "enc/u16le.txt", "enc/u16be.txt"]),
        same(&["foo", "enc/u16nobom.txt"]),
        same(&["-E", "utf-16le", "foo", "enc/u16nobom.txt"]),
        // A named binary file keeps its NULs as bytes when rg would map it (ten files
        // or fewer), and reads each NUL as a line end when rg would read it.
        same(&["-c", "o", "enc/u16nobom.txt"]),
        same(&["-c", "^h$", "enc/u16nobom.txt", "enc/u16le.txt"]),
        same(&["--no-mmap", "-c", "o", "enc/u16nobom.txt"]),
        same(&["--no-mmap", "^h$", "enc/u16nobom.txt"]),
        same(&["--mmap", "--binary", "-c", "o", "enc"]),
        same(&["--binary", "-c", "o", "enc"]),
        same(&["-c", "o", "enc/u16nobom.txt", "enc"]),
        same(&["-E", "none", "foo", "enc"]),
        same(&["-E", "latin1", "caf.", "enc/latin1.txt"]),
        same(&["-o", "\\xFF", "enc/invalid.txt"]),
        same(&["(?-u:\\xFF)", "enc"]),
        same(&["-c", "foo", "enc"]),
        // Binary.
        same(&["-a", "needle", "bin"]),
        same(&["--binary", "needle", "bin"]),
        same(&["--binary", "-c", "needle", "bin"]),
        same(&["-a", "-c", "needle", "bin/walked.bin"]),
        // -uuu is --binary where it stands.
        same(&["-uuu", "--no-binary", "needle", "bin"]),
        same(&["--no-binary", "-uuu", "needle", "bin"]),
        same(&["-a", "-uuu", "needle", "bin"]),
        same(&["-uuu", "-a", "needle", "bin"]),
        // Format.
        same(&["-N", "foo", "opts"]),
        same(&["-n", "foo", "opts/sub"]),
        same(&["--column", "foo", "opts"]),
        same(&["-I", "foo", "opts"]),
        same(&["-H", "foo", "opts/sub/one.txt"]),
        same(&["--heading", "foo", "opts"]),
        same(&["--heading", "-C", "1", "foo", "opts"]),
        same(&["--no-heading", "foo", "opts"]),
        same(&["-0", "foo", "opts"]),
        same(&["-0", "-l", "foo", "opts"]),
        same(&["-0", "-c", "foo", "opts"]),
        same(&["-0", "-A", "1", "foo", "opts/context.txt"]),
        same(&["-b", "foo", "opts"]),
        same(&["-b", "-o", "foo", "opts"]),
        same(&["--trim", "foo", "opts/wide.txt"]),
        same(&["--trim", "-o", "foo", "opts/wide.txt"]),
        same(&["-M", "20", "foo", "opts/wide.txt"]),
        same(&["-M", "20", "--max-columns-preview", "foo", "opts/wide.txt"]),
        same(&[
            "-M",
            "20",
            "--max-columns-preview",
            "--column",
            "foo",
            "opts/wide.txt",
        ]),
        same(&["-M", "20", "-C", "1", "foo", "opts/wide.txt"]),
        same(&["--path-separator", "\\", "foo", "opts"]),
        same(&["--field-match-separator", "@", "foo", "opts"]),
        same(&["--field-context-separator", "~", "-A", "1", "foo", "opts"]),
        same(&["--field-match-separator", "\\t", "-c", "foo", "opts"]),
        same(&["-I", "-c", "foo", "opts"]),
        same(&["-n", "-N", "foo", "opts"]),
        // --vimgrep selects trawl's default layout, after --no-column too.
        same(&["--vimgrep", "foo", "opts"]),
        same(&["--vimgrep", "--heading", "foo", "opts"]),
        same(&[
            "--heading",
            "--vimgrep",
            "-C",
            "1",
            "foo",
            "opts/context.txt",
        ]),
        same(&["--vimgrep", "-N", "foo", "opts"]),
        same(&["--vimgrep", "-v", "foo", "opts/context.txt"]),
        same(&["--vimgrep", "-c", "foo", "opts"]),
        same(&["--vimgrep", "--column", "-o", "foo", "opts"]),
        same(&["-N", "-n", "foo", "opts"]),
        same(&["--color", "never", "foo", "opts"]),
        // Color.
        same(&["--color", "always", "foo", "opts"]),
        same(&["--color", "ansi", "-C", "1", "foo", "opts/context.txt"]),
        same(&["--color", "always", "--heading", "foo", "opts"]),
        same(&["--color", "always", "-o", "-b", "foo", "opts"]),
        same(&["--color", "always", "-c", "foo", "opts"]),
        same(&["--color", "always", "-l", "foo", "opts"]),
        same(&[
            "--color",
            "always",
            "-v",
            "-C",
            "1",
            "foo",
            "opts/context.txt",
        ]),
        same(&["--color", "always", "--trim", "foo", "opts/wide.txt"]),
        same(&[
            "--color",
            "always",
            "-r",
            "<$1>",
            "(\\w+)=",
            "opts/groups.txt",
        ]),
        same(&["--color", "always", "-i", "needle", "unicode.txt"]),
        same(&[
            "--color",
            "always",
            "--colors",
            "match:fg:blue",
            "--colors",
            "path:none",
            "--colors",
            "line:style:bold",
            "--colors",
            "column:fg:10,20,30",
            "foo",
            "opts",
        ]),
        same(&["--color", "always", "--colors", "match:none", "foo", "opts"]),
        same(&[
            "--color",
            "always",
            "--colors",
            "match:bg:yellow",
            "-b",
            "foo",
            "opts",
        ]),
        // Negations: the last of a flag and its negation wins, so that the command line
        // can undo what a config file set.
        same(&["-v", "--no-invert-match", "foo", "opts"]),
        same(&["--no-invert-match", "-v", "foo", "opts/context.txt"]),
        same(&["--crlf", "--no-crlf", "foo\\r?$", "opts/crlf.txt"]),
        same(&["--no-crlf", "--crlf", "foo$", "opts/crlf.txt"]),
        same(&["-U", "--no-multiline", "foo\\nbar", "opts/multi.txt"]),
        same(&["--no-multiline", "-U", "foo\\nbar", "opts/multi.txt"]),
        same(&[
            "-U",
            "--multiline-dotall",
            "--no-multiline-dotall",
            "start.*end",
            "opts/multi.txt",
        ]),
        same(&[
            "-U",
            "--no-multiline-dotall",
            "--multiline-dotall",
            "start.*end",
            "opts/multi.txt",
        ]),
        same(&["-P", "--no-pcre2", "foo", "opts"]),
        same(&["-c", "--include-zero", "--no-include-zero", "foo", "opts"]),
        same(&["--json", "--no-json", "foo", "opts"]),
        same(&["-a", "--no-text", "needle", "bin"]),
        same(&["--binary", "--no-binary", "needle", "bin"]),
        same(&["-a", "--no-binary", "needle", "bin"]),
        same(&["--binary", "-a", "needle", "bin"]),
        same(&["-b", "--no-byte-offset", "foo", "opts"]),
        same(&["--trim", "--no-trim", "foo", "opts/wide.txt"]),
        same(&[
            "-M",
            "20",
            "--max-columns-preview",
            "--no-max-columns-preview",
            "foo",
            "opts/wide.txt",
        ]),
        same(&["-E", "utf-16le", "--no-encoding", "foo", "enc/u16nobom.txt"]),
        same(&["--no-encoding", "-E", "latin1", "caf.", "enc/latin1.txt"]),
        same(&["--stats", "--no-stats", "foo", "opts"]),
        // Buffering changes when stdout is flushed, never what it gets.
        same(&["--line-buffered", "foo", "opts"]),
        same(&["--block-buffered", "-C", "1", "foo", "opts"]),
        same(&["--line-buffered", "--no-line-buffered", "-c", "foo", "opts"]),
        same(&["--block-buffered", "--no-block-buffered", "foo", "opts/sub"]),
    ]
}

#[test]
fn options_match_ripgrep() {
    let dir = awkward_tree();
    crate::differential::assert_table_matches(&dir, &cases());
}

#[test]
fn option_cases_print_something() {
    // A row that prints nothing on either side compares equal without testing anything;
    // only the rows meant to print nothing may.
    let dir = awkward_tree();
    let silent = crate::differential::silent_rows(&dir, cases());
    let expected: Vec<Vec<&str>> = vec![
        // Without --crlf, `$` never matches before a `\r`: these contrast the --crlf rows.
        vec!["-x", "-e", "foo", "-e", "end", "opts/crlf.txt"],
        vec!["foo$", "opts/crlf.txt"],
        vec!["-F", "-x", "foo", "opts/crlf.txt"],
        // Without --multiline-dotall, `.` does not cross a line.
        vec!["-U", "start.*end", "opts/multi.txt"],
        // Without Unicode mode `\p{Greek}` is an error, as in rg.
        vec!["--no-unicode", "\\p{Greek}", "unicode.txt"],
        // A pattern over the size limit, and a size rg does not parse: errors.
        vec!["--regex-size-limit", "100", "\\w+=\\w+", "opts/groups.txt"],
        vec!["--regex-size-limit", "1k", "foo", "opts"],
        vec!["-m", "0", "foo", "opts"],
        // Every file matches, so none is listed (exit 1); the binary file is skipped.
        vec!["--files-without-match", "foo", "opts/context.txt"],
        vec!["--files-without-match", "needle", "bin"],
        vec!["-q", "--files-without-match", "foo", "opts/context.txt"],
        vec![
            "-q",
            "--files-without-match",
            "foo",
            "opts/context.txt",
            "big.txt",
        ],
        vec!["-q", "foo", "opts"],
        vec!["-q", "nomatch", "opts"],
        // A hyperlink format without a URL scheme is an error.
        vec![
            "--color",
            "always",
            "--hyperlink-format",
            "x{path}",
            "foo",
            "opts",
        ],
        // Undone, -z leaves the gzip file binary; a failing or missing preprocessor is
        // only an error; and the last of -z and --pre wins.
        vec!["-z", "--no-search-zip", "zipword", "zip/plain.txt.gz"],
        vec!["--pre", "false", "zipword", "zip/plain.txt"],
        vec!["--pre", "no-such-preprocessor", "zipword", "zip/plain.txt"],
        vec!["-z", "--pre", "cat", "zipword", "zip/plain.txt.gz"],
        // UTF-16 without a byte-order mark is not decoded: its NULs make it binary.
        vec!["foo", "enc/u16nobom.txt"],
        // Its NULs stay bytes, as when rg maps it, so no line is just `h`: contrasts
        // `--no-mmap ^h$`.
        vec!["-c", "^h$", "enc/u16nobom.txt", "enc/u16le.txt"],
        // In Unicode mode `\xFF` is the character ÿ, not the byte: contrasts `(?-u:\xFF)`.
        vec!["-o", "\\xFF", "enc/invalid.txt"],
        // Without -U a pattern may not hold `\n`: an error, as in rg.
        vec!["-U", "--no-multiline", "foo\\nbar", "opts/multi.txt"],
        vec![
            "-U",
            "--multiline-dotall",
            "--no-multiline-dotall",
            "start.*end",
            "opts/multi.txt",
        ],
        // Undecoded again, the UTF-16 file is binary: contrasts `-E utf-16le` above.
        vec!["-E", "utf-16le", "--no-encoding", "foo", "enc/u16nobom.txt"],
    ];
    assert_eq!(silent, expected);
}

/// Removes what may differ between trawl's and ripgrep's JSON: elapsed times, the byte
/// counts that include them or trawl's added `"pattern"` field, and that field itself.
pub fn normalize_json(bytes: &[u8]) -> String {
    let text = crate::harness::text(bytes);
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let skip_object = ["\"elapsed\":{", "\"elapsed_total\":{"]
            .iter()
            .find(|key| rest.starts_with(**key));
        if let Some(key) = skip_object {
            out.push_str(&key[..key.len() - 1]);
            out.push_str("{}");
            rest = &rest[rest.find('}').unwrap() + 1..];
        } else if let Some(after) = rest.strip_prefix(",\"pattern\":") {
            rest = after.trim_start_matches(|c: char| c.is_ascii_digit());
        } else if let Some(after) = rest.strip_prefix("\"bytes_printed\":") {
            out.push_str("\"bytes_printed\":0");
            rest = after.trim_start_matches(|c: char| c.is_ascii_digit());
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

#[test]
fn json_matches_ripgrep_apart_from_times() {
    let dir = awkward_tree();
    let rows: Vec<Vec<&str>> = vec![
        vec!["foo", "opts"],
        vec!["-C", "1", "foo", "opts"],
        vec!["-e", "foo", "-e", "hit", "opts/context.txt"],
        vec!["-v", "foo", "opts/context.txt"],
        vec!["-i", "needle", "unicode.txt", "crlf.txt", "nonl.txt"],
        vec!["foo", "enc"],
        vec!["needle", "nosuch.txt", "order"],
        vec!["x*", "nonl.txt"],
        vec!["-w", "needle", "big.txt"],
        // Multiline: touching regions are one message; a pattern that cannot match a
        // terminator is searched by line.
        vec!["-U", "foo\\nbar", "opts/touching.txt"],
        vec!["-U", "-m", "1", "o\\n?", "opts/touching.txt"],
        vec!["-U", "o", "opts/touching.txt"],
        // -m: what ripgrep counts as searched stops at the last selected line.
        vec!["-m", "2", "5", "long/long.txt"],
        vec!["-m", "1", "-v", "-e", "1", "-e", "2", "long/long.txt"],
        // A binary file named on the command line is shown as text.
        vec!["needle", "bin/walked.bin"],
        vec!["-c", "needle", "bin/walked.bin", "bin"],
    ];
    crate::differential::assert_json_matches(&dir, &rows);
}

#[test]
fn json_submatches_carry_the_pattern_index() {
    let dir = awkward_tree();
    let out = run(dir
        .trawl()
        .args(["--json", "-e", "foo", "-e", "hit", "opts/context.txt"]));
    let text = crate::harness::text(&out.stdout);
    let line = text.lines().nth(1).unwrap();
    assert!(
        line.contains(r#"{"match":{"text":"foo"},"start":3,"end":6,"pattern":0}"#)
            && line.contains(r#"{"match":{"text":"hit"},"start":7,"end":10,"pattern":1}"#),
        "{line}"
    );
}

/// ripgrep's `--stats` block of an output: the eight lines from "N matches" to
/// "seconds total", with the times dropped. A blank line must come before it.
fn stats_block(out: &[u8]) -> String {
    let text = crate::harness::text(out);
    let lines: Vec<&str> = text.lines().collect();
    let Some(at) = (1..lines.len()).find(|&i| {
        lines[i - 1].is_empty()
            && lines[i]
                .strip_suffix(" matches")
                .is_some_and(|n| n.parse::<u64>().is_ok())
    }) else {
        return String::new();
    };
    lines[at..(at + 8).min(lines.len())]
        .iter()
        .map(|l| {
            if l.ends_with(" seconds spent searching") || l.ends_with(" seconds total") {
                l.split_once(' ').map_or(*l, |(_, rest)| rest)
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn stats_block_matches_ripgrep_line_for_line() {
    let dir = awkward_tree();
    for row in [
        vec!["foo", "opts"],
        vec!["-c", "needle", "order"],
        vec!["-v", "foo", "opts/context.txt"],
        vec!["nomatch-anywhere", "opts"],
        vec!["-o", "\\w+=", "opts/groups.txt"],
        vec!["-U", "foo\\nbar", "opts/touching.txt"],
        vec!["-m", "3", "5", "long/long.txt"],
        // Past -m, --passthru reads the file to its end.
        vec!["-m", "3", "--passthru", "5", "long/long.txt"],
        vec!["-m", "3", "--passthru", "-c", "5", "long/long.txt"],
        // Bytes searched are the decompressed bytes.
        vec!["-z", "zipword", "zip/plain.txt.gz"],
        // A named binary file keeps its NULs when rg would map it.
        vec!["-c", "o", "enc/u16nobom.txt"],
        vec!["--no-mmap", "-c", "o", "enc/u16nobom.txt"],
        // With --stats, -l and -q search every file to the end, to count everything.
        vec!["-l", "5", "long/long.txt", "opts/context.txt"],
        vec!["-q", "5", "long/long.txt", "opts/context.txt"],
    ] {
        for (ours_extra, rg_extra) in [
            (vec![], vec!["--sort", "path", "--vimgrep"]),
            (
                vec!["--no-column"],
                vec!["--sort", "path", "-n", "-H", "--no-heading"],
            ),
        ] {
            let ours = run(dir.trawl().args(&ours_extra).arg("--stats").args(&row));
            let theirs = run(dir.rg().args(&rg_extra).arg("--stats").args(&row));
            assert_eq!(
                stats_block(&ours.stdout),
                stats_block(&theirs.stdout),
                "{ours_extra:?} {row:?}"
            );
            assert!(stats_block(&ours.stdout).contains("files searched"));
        }
    }
}

#[test]
fn files_with_null_ends_each_path_with_nul_as_rg_does() {
    let dir = awkward_tree();
    let ours = run(dir.trawl().args(["--files", "-0", "opts", "order"]));
    let theirs = run(dir
        .rg()
        .args(["--files", "--sort", "path", "-0", "opts", "order"]));
    assert!(!ours.stdout.is_empty() && ours.stdout.contains(&0));
    assert_eq!(ours.stdout, theirs.stdout);
}

#[test]
fn stop_on_nonmatch_with_v_stops_at_max_count_unlike_rg() {
    // rg's searcher stops looking for matches once -m is reached; under -v every line then
    // counts as selected, and with -A it prints the rest of the file as matches, past the
    // limit. trawl prints the limit's after-context and stops (README, known differences).
    let dir = Dir::new();
    dir.create("v.txt", "bar\nfoo\nx\ny\nz\nw\n");
    let args = [
        "--no-column",
        "--stop-on-nonmatch",
        "-v",
        "-m",
        "2",
        "-A",
        "1",
        "foo",
    ];
    let out = run(dir.trawl().args(args).arg("v.txt"));
    assert_eq!(text(&out.stdout), "v.txt:1:bar\n--\nv.txt:3:x\nv.txt-4-y\n");
}

/// `--debug` says why a file was left out: the ignore rule that matched it, or binary
/// data; without it, stderr stays empty.
#[test]
fn debug_says_why_files_were_left_out() {
    let dir = awkward_tree();
    let out = run(dir.trawl().args(["--debug", "needle"]));
    let stderr = text(&out.stderr);
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("ignoring ./ignored.txt") && l.contains("Gitignore")),
        "{stderr}"
    );
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("bin/walked.bin: skipped: binary data")),
        "{stderr}"
    );
    assert!(stderr.lines().all(|l| l.starts_with("trawl: ")), "{stderr}");
    let quiet = run(dir.trawl().arg("needle"));
    assert_eq!(quiet.stdout, out.stdout);
    assert!(quiet.stderr.is_empty());
}
