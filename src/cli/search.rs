//! The search options: how patterns are compiled and matched, what is selected, and how
//! the workers run. `--binary` and its negation are here too, under the filter heading,
//! because they and `-a` write one setting (see [`super::switches`]).

use clap::Args;

use super::{EngineArg, FILTER, ModeArg, SEARCH};

/// How patterns match, what is selected, and how workers run.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Search case-sensitively.
    ///
    /// A pattern can still turn case-insensitivity on for a part of itself with `(?i)`.
    ///
    /// Default: on; this is the default case mode. Overrides: -i/--ignore-case,
    /// -S/--smart-case.
    #[arg(short = 's', long = "case-sensitive", overrides_with_all = ["ignore_case", "smart_case"], help_heading = SEARCH)]
    pub case_sensitive: bool,

    /// Treat CRLF as a line terminator for `^` and `$`.
    ///
    /// `^` and `$` then match next to a CR as well as next to a LF, but never between the
    /// CR and the LF of a `\r\n`, as in rg. The CR is still printed as part of the line.
    ///
    /// Default: off. Overrides: --no-crlf, --null-data.
    #[arg(long = "crlf", overrides_with_all = ["no_crlf", "null_data"], help_heading = SEARCH)]
    pub crlf: bool,

    /// Undo --crlf: only `\n` ends a line for `^` and `$`.
    ///
    /// Default: off. Overrides: --crlf.
    #[arg(
        long = "no-crlf",
        overrides_with = "crlf",
        hide_short_help = true,
        help_heading = SEARCH
    )]
    pub no_crlf: bool,

    /// The most memory the lazy DFA's cache may use.
    ///
    /// In bytes; a K, M or G suffix multiplies by 1024, 1024² or 1024³. When a search
    /// needs more states than fit, the cache is cleared and refilled, or a slower engine
    /// takes over; raising the limit can speed up large patterns.
    ///
    /// Default: 64M.
    #[arg(
        long = "dfa-size-limit",
        value_name = "NUM+SUFFIX?",
        help_heading = SEARCH
    )]
    pub dfa_size_limit: Option<String>,

    /// The encoding of the files to search.
    ///
    /// A WHATWG label such as utf-16le or latin1 decodes every file from that encoding;
    /// `none` searches raw bytes, with no byte-order mark check; `auto` is the default.
    ///
    /// Default: auto: a UTF-8 or UTF-16 byte-order mark picks that encoding, and files
    /// without one are searched as raw bytes. Overrides: --no-encoding.
    #[arg(
        short = 'E',
        long = "encoding",
        value_name = "ENCODING",
        overrides_with = "no_encoding",
        help_heading = SEARCH
    )]
    pub encoding: Option<String>,

    /// Undo -E: pick the encoding by byte-order mark again.
    ///
    /// Default: off. Overrides: -E/--encoding.
    #[arg(
        long = "no-encoding",
        overrides_with = "encoding",
        hide_short_help = true,
        help_heading = SEARCH
    )]
    pub no_encoding: bool,

    /// The regex engine: default, pcre2 or auto.
    ///
    /// `default` is ripgrep's default engine. `pcre2` is PCRE2, as -P chooses. `auto`
    /// uses the default engine, and PCRE2 when the default engine cannot compile the
    /// patterns (look-around, backreferences).
    ///
    /// Default: default. Overrides: -P/--pcre2, --no-pcre2, --auto-hybrid-regex,
    /// --no-auto-hybrid-regex.
    #[arg(
        long = "engine",
        value_name = "ENGINE",
        value_enum,
        hide_possible_values = true,
        overrides_with_all = ["pcre2", "no_pcre2", "auto_hybrid_regex", "no_auto_hybrid_regex"],
        help_heading = SEARCH
    )]
    pub engine: Option<EngineArg>,

    /// Treat every pattern as a literal string.
    ///
    /// No character in the patterns is special; -w and -x still apply.
    ///
    /// Default: off. Overrides: --no-fixed-strings.
    #[arg(
        short = 'F',
        long = "fixed-strings",
        overrides_with = "no_fixed_strings",
        help_heading = SEARCH
    )]
    pub fixed_strings: bool,

    /// Undo -F: patterns are regular expressions again.
    ///
    /// Default: off. Overrides: -F/--fixed-strings.
    #[arg(
        long = "no-fixed-strings",
        overrides_with = "fixed_strings",
        hide_short_help = true,
        help_heading = SEARCH
    )]
    pub no_fixed_strings: bool,

    /// Search case-insensitively.
    ///
    /// Case folds by Unicode's simple rules, or by ASCII's under --no-unicode.
    ///
    /// Default: off. Overrides: -s/--case-sensitive, -S/--smart-case.
    #[arg(short = 'i', long = "ignore-case", overrides_with_all = ["case_sensitive", "smart_case"], help_heading = SEARCH)]
    pub ignore_case: bool,

    /// Print lines that do not match.
    ///
    /// The selected lines are then the non-matching ones, for -c, -m, -l and context
    /// alike.
    ///
    /// Default: off. Overrides: --no-invert-match.
    #[arg(
        short = 'v',
        long = "invert-match",
        overrides_with = "no_invert_match",
        help_heading = SEARCH
    )]
    pub invert_match: bool,

    /// Undo -v: print lines that match.
    ///
    /// Default: off. Overrides: -v/--invert-match.
    #[arg(
        long = "no-invert-match",
        overrides_with = "invert_match",
        hide_short_help = true,
        help_heading = SEARCH
    )]
    pub no_invert_match: bool,

    /// Only show matches that span a whole line.
    ///
    /// Each pattern must match from the start of a line to its end.
    ///
    /// Default: off. Overrides: -w/--word-regexp.
    #[arg(
        short = 'x',
        long = "line-regexp",
        overrides_with = "word_regexp",
        help_heading = SEARCH
    )]
    pub line_regexp: bool,

    /// Stop searching a file after NUM selected lines.
    ///
    /// Each file counts on its own; --max-results limits the whole run. Under -v the
    /// selected lines are the ones that do not match. With 0 nothing is selected, and the
    /// exit status is 1.
    ///
    /// Default: no limit.
    #[arg(
        short = 'm',
        long = "max-count",
        allow_negative_numbers = true,
        value_name = "NUM",
        help_heading = SEARCH
    )]
    pub max_count: Option<u64>,

    /// Stop the whole run after NUM results, in output order.
    ///
    /// The output is exactly the first NUM results of the unlimited output. A result is
    /// a match, a matching line under --no-column, a file under -l, and a count line under
    /// -c. Context lines are not results; the last result's after-context is printed.
    ///
    /// Default: no limit.
    #[arg(
        long = "max-results",
        allow_negative_numbers = true,
        value_name = "NUM",
        help_heading = SEARCH
    )]
    pub max_results: Option<u64>,

    /// Keep NULs as bytes in binary files, as rg does with maps.
    ///
    /// trawl decides itself how to read a file: files of 64 MiB or more are
    /// memory-mapped and searched in parallel chunks, other files are read, whatever the
    /// flag says. What the flag changes is what rg's choice shows in its output. A binary
    /// file that rg maps keeps its NULs as bytes, and a file that rg reads has each NUL
    /// turned into a line end, which changes what -c counts.
    ///
    /// Default: as rg: NULs are kept when at most ten paths are given and all of them are
    /// files. Overrides: --no-mmap.
    #[arg(long = "mmap", overrides_with = "no_mmap", help_heading = SEARCH)]
    pub mmap: bool,

    /// Read each NUL in a binary file as a line end.
    ///
    /// As rg does when it reads a file rather than maps it. It does not stop trawl from
    /// memory-mapping a file of 64 MiB or more, as --mmap explains.
    ///
    /// Default: off. Overrides: --mmap.
    #[arg(
        long = "no-mmap",
        overrides_with = "mmap",
        hide_short_help = true,
        help_heading = SEARCH
    )]
    pub no_mmap: bool,

    /// Let matches span lines.
    ///
    /// `\n` may match, and each file is searched whole. `.` still stops at a line end
    /// unless --multiline-dotall is given.
    ///
    /// Default: off. Overrides: --no-multiline, --stop-on-nonmatch.
    #[arg(
        short = 'U',
        long = "multiline",
        overrides_with_all = ["no_multiline", "stop_on_nonmatch"],
        help_heading = SEARCH
    )]
    pub multiline: bool,

    /// Undo -U: matches stay within one line.
    ///
    /// Default: off. Overrides: -U/--multiline.
    #[arg(
        long = "no-multiline",
        overrides_with = "multiline",
        hide_short_help = true,
        help_heading = SEARCH
    )]
    pub no_multiline: bool,

    /// With -U, let `.` match line terminators.
    ///
    /// It has no effect without -U.
    ///
    /// Default: off. Overrides: --no-multiline-dotall.
    #[arg(
        long = "multiline-dotall",
        overrides_with = "no_multiline_dotall",
        help_heading = SEARCH
    )]
    pub multiline_dotall: bool,

    /// Undo --multiline-dotall.
    ///
    /// Default: off. Overrides: --multiline-dotall.
    #[arg(
        long = "no-multiline-dotall",
        overrides_with = "multiline_dotall",
        hide_short_help = true,
        help_heading = SEARCH
    )]
    pub no_multiline_dotall: bool,

    /// Turn Unicode mode off in the patterns.
    ///
    /// `.` then matches any byte but `\n`; `\w`, `\d`, `\s` and `\b` are ASCII-only; -i
    /// folds ASCII letters only; and classes such as `\p{Greek}` are errors. A pattern can
    /// still turn Unicode on for a part of itself with `(?u:...)`. Without Unicode,
    /// \w{100} and the like compile to much smaller automata.
    ///
    /// Default: off: patterns are in Unicode mode. Overrides: --unicode,
    /// --no-pcre2-unicode, --pcre2-unicode.
    #[arg(
        long = "no-unicode",
        overrides_with_all = ["unicode", "no_pcre2_unicode", "pcre2_unicode"],
        help_heading = SEARCH
    )]
    pub no_unicode: bool,

    /// Undo --no-unicode: patterns are in Unicode mode.
    ///
    /// Default: on. Overrides: --no-unicode, --no-pcre2-unicode, --pcre2-unicode.
    #[arg(
        long = "unicode",
        overrides_with_all = ["no_unicode", "no_pcre2_unicode", "pcre2_unicode"],
        hide_short_help = true,
        help_heading = SEARCH
    )]
    pub unicode: bool,

    /// Use NUL as the line terminator.
    ///
    /// For `find -print0` output or `/proc/*/environ`: records end at NUL bytes, which
    /// then no longer mark a file as binary, and each printed record ends with a NUL.
    ///
    /// Default: off. Overrides: --crlf.
    #[arg(long = "null-data", overrides_with = "crlf", help_heading = SEARCH)]
    pub null_data: bool,

    /// Use PCRE2 for the patterns.
    ///
    /// With PCRE2's syntax: look-around, backreferences, possessive and atomic groups.
    /// The same as --engine pcre2. Outside -U, each line is searched alone.
    ///
    /// Default: off. Overrides: --no-pcre2, --engine, --auto-hybrid-regex,
    /// --no-auto-hybrid-regex.
    #[arg(
        short = 'P',
        long = "pcre2",
        overrides_with_all = ["no_pcre2", "engine", "auto_hybrid_regex", "no_auto_hybrid_regex"],
        help_heading = SEARCH
    )]
    pub pcre2: bool,

    /// Undo -P: use the default regex engine.
    ///
    /// Default: off. Overrides: -P/--pcre2, --engine, --auto-hybrid-regex,
    /// --no-auto-hybrid-regex.
    #[arg(
        long = "no-pcre2",
        overrides_with_all = ["pcre2", "engine", "auto_hybrid_regex", "no_auto_hybrid_regex"],
        hide_short_help = true,
        help_heading = SEARCH
    )]
    pub no_pcre2: bool,

    /// The most memory the compiled patterns may take.
    ///
    /// In bytes; a K, M or G suffix multiplies by 1024, 1024² or 1024³. Raise it for a
    /// huge pattern, or many patterns, that fail to compile.
    ///
    /// Default: 100M, as in rg.
    #[arg(
        long = "regex-size-limit",
        value_name = "NUM+SUFFIX?",
        help_heading = SEARCH
    )]
    pub regex_size_limit: Option<String>,

    /// Search case-insensitively if all patterns are lowercase.
    ///
    /// A pattern is all lowercase when it has at least one literal character and none of
    /// its literals is upper case: `a\w` is, `\w` alone is not. Escapes such as `\pL`,
    /// and group names, are not literals.
    ///
    /// Default: off. Overrides: -i/--ignore-case, -s/--case-sensitive.
    #[arg(short = 'S', long = "smart-case", overrides_with_all = ["ignore_case", "case_sensitive"], help_heading = SEARCH)]
    pub smart_case: bool,

    /// Stop searching a file at its first non-match after a match.
    ///
    /// For files whose matches sit together, such as sorted ones. The line that stops the
    /// search is printed as after-context if -A asks for some. With -v, as in rg, the first
    /// unselected line after the first selected ones is passed over, and the next one
    /// stops the search.
    ///
    /// Default: off. Overrides: -U/--multiline.
    #[arg(
        long = "stop-on-nonmatch",
        overrides_with = "multiline",
        help_heading = SEARCH
    )]
    pub stop_on_nonmatch: bool,

    /// Search binary files as if they were text.
    ///
    /// No file is binary: NUL bytes are searched and printed like any other byte.
    ///
    /// Default: off: see --binary for the default rule. Overrides: --binary, --no-text,
    /// --no-binary.
    #[arg(
        short = 'a',
        long = "text",
        overrides_with_all = ["binary", "no_text", "no_binary"],
        help_heading = SEARCH
    )]
    pub text: bool,

    /// Undo -a (and --binary): binary files get the default treatment again.
    ///
    /// Default: off. Overrides: -a/--text, --binary, --no-binary.
    #[arg(
        long = "no-text",
        overrides_with_all = ["text", "binary", "no_binary"],
        hide_short_help = true,
        help_heading = SEARCH
    )]
    pub no_text: bool,

    /// The number of worker threads or processes.
    ///
    /// Above 256 it is capped at 256. The output is the same for every number.
    ///
    /// Default: 0, which means the number of available cores.
    #[arg(
        short = 'j',
        long = "threads",
        allow_negative_numbers = true,
        value_name = "NUM",
        help_heading = SEARCH
    )]
    pub threads: Option<usize>,

    /// How workers run: threads or processes.
    ///
    /// `threads` runs the workers as threads of this process; `processes` as worker
    /// processes of the same binary. Both print exactly the same output; --stats shows
    /// how each spent its time.
    ///
    /// Default: threads.
    #[arg(long = "mode", value_name = "MODE", value_enum, default_value_t = ModeArg::Threads, hide_default_value = true, hide_possible_values = true, help_heading = SEARCH)]
    pub mode: ModeArg,

    /// Only show matches surrounded by word boundaries.
    ///
    /// A match must have no word character right before it and none right after it.
    ///
    /// Default: off. Overrides: -x/--line-regexp.
    #[arg(
        short = 'w',
        long = "word-regexp",
        overrides_with = "line_regexp",
        help_heading = SEARCH
    )]
    pub word_regexp: bool,

    /// DEPRECATED: use --engine auto.
    ///
    /// The same as --engine auto.
    ///
    /// Default: off. Overrides: -P/--pcre2, --no-pcre2, --engine, --no-auto-hybrid-regex.
    #[arg(
        long = "auto-hybrid-regex",
        overrides_with_all = ["pcre2", "no_pcre2", "engine", "no_auto_hybrid_regex"],
        hide_short_help = true,
        help_heading = SEARCH
    )]
    pub auto_hybrid_regex: bool,

    /// DEPRECATED: use --engine default.
    ///
    /// The same as --engine default.
    ///
    /// Default: off. Overrides: -P/--pcre2, --no-pcre2, --engine, --auto-hybrid-regex.
    #[arg(
        long = "no-auto-hybrid-regex",
        overrides_with_all = ["pcre2", "no_pcre2", "engine", "auto_hybrid_regex"],
        hide_short_help = true,
        help_heading = SEARCH
    )]
    pub no_auto_hybrid_regex: bool,

    /// DEPRECATED: use --no-unicode.
    ///
    /// The same as --no-unicode.
    ///
    /// Default: off. Overrides: --no-unicode, --unicode, --pcre2-unicode.
    #[arg(
        long = "no-pcre2-unicode",
        overrides_with_all = ["no_unicode", "unicode", "pcre2_unicode"],
        hide_short_help = true,
        help_heading = SEARCH
    )]
    pub no_pcre2_unicode: bool,

    /// DEPRECATED: use --unicode.
    ///
    /// The same as --unicode.
    ///
    /// Default: off. Overrides: --no-unicode, --unicode, --no-pcre2-unicode.
    #[arg(
        long = "pcre2-unicode",
        overrides_with_all = ["no_unicode", "unicode", "no_pcre2_unicode"],
        hide_short_help = true,
        help_heading = SEARCH
    )]
    pub pcre2_unicode: bool,

    // share their state with -a.
    /// Search binary files found by walking too.
    ///
    /// A file with a NUL byte is binary. By default a binary file that the walk finds is
    /// skipped once its NUL is seen, and one named as a PATH is searched up to its first
    /// NUL, with a notice in place of its matching lines. With --binary, walked files are
    /// treated like named ones. -uuu sets it too.
    ///
    /// Default: off. Overrides: -a/--text, --no-text, --no-binary.
    #[arg(
        long = "binary",
        overrides_with_all = ["text", "no_text", "no_binary"],
        help_heading = FILTER
    )]
    pub binary: bool,

    /// Undo --binary (and -a): binary files get the default treatment again.
    ///
    /// Default: off. Overrides: -a/--text, --no-text, --binary.
    #[arg(
        long = "no-binary",
        overrides_with_all = ["text", "no_text", "binary"],
        hide_short_help = true,
        help_heading = FILTER
    )]
    pub no_binary: bool,
}
