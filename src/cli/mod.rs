//! Command-line arguments, as clap sees them.
//!
//! This is the only module that knows clap. Everything past [`crate::config`] sees a
//! validated [`crate::config::Config`] and never a clap type. The `///` comments here are
//! the `--help` text: the first paragraph is the short help that `-h` prints, the rest is
//! added by `--help`.

use std::ffi::OsString;

#[cfg(test)]
mod claims;
pub mod filter;
pub mod man;
pub mod switches;
mod usage;

use clap::{ArgAction, ArgMatches, CommandFactory, FromArgMatches, Parser, ValueEnum};

/// The help headings, ripgrep's groups: where patterns and files come from, how patterns
/// match, which files are searched, what a printed line looks like, what a run prints
/// instead of lines, what trawl says about its run, and flags that print something else.
pub(crate) const INPUT: &str = "Input options";
pub(crate) const SEARCH: &str = "Search options";
pub(crate) const FILTER: &str = "Filter options";
pub(crate) const OUTPUT: &str = "Output options";
pub(crate) const MODES: &str = "Output modes";
pub(crate) const LOGGING: &str = "Logging options";
pub(crate) const OTHER: &str = "Other behaviors";

pub use self::filter::FilterArgs;
pub use self::switches::Switches;
pub use self::usage::{UsageError, usage_error};

/// The values of `--generate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GenerateKind {
    /// A roff man page.
    Man,
    /// Bash completions.
    CompleteBash,
    /// Zsh completions.
    CompleteZsh,
    /// Fish completions.
    CompleteFish,
    /// PowerShell completions.
    CompletePowershell,
    /// Elvish completions.
    CompleteElvish,
}

/// The values of `--engine`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    /// ripgrep's default regex engine.
    Default,
    /// PCRE2: look-around, backreferences, possessive and atomic groups.
    Pcre2,
    /// The default engine, or PCRE2 when the default engine cannot compile the patterns.
    Auto,
}

/// The values of `--mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// Worker threads in one process (the default).
    Threads,
    /// Worker processes of the same binary.
    Processes,
}

/// trawl: a parallel, recursive regex search with deterministic output order.
///
/// trawl searches every file under each PATH (the current directory by default) for lines
/// matching PATTERN, and prints each match as `path:line:column:text`. Output is always in
/// the order of a sorted, depth-first walk, whatever the number of threads.
///
/// Each flag's help ends with its default and the flags it overrides: of a flag and one it
/// overrides, the last one given wins. Use -h for a summary, --help for everything.
#[derive(Debug, Parser)]
#[command(
    name = "trawl",
    version,
    // `--version` adds the commit that build.rs found; `-V` and the man page keep to the
    // release, so that the checked-in man page does not change with every commit.
    long_version = env!("TRAWL_LONG_VERSION"),
    args_override_self = true,
    // -h and -V are declared below, so that they sit under a heading like every flag.
    disable_help_flag = true,
    disable_version_flag = true,
    // Within each heading, flags are listed alphabetically, as in rg's help.
    next_display_order = None,
    override_usage = "trawl [OPTIONS] PATTERN [PATH...]\n       trawl [OPTIONS] -e PATTERN... [PATH...]\n       trawl [OPTIONS] -f PATTERNFILE... [PATH...]"
)]
pub struct Args {
    /// The settings that several flags write (--no-ignore, -u, -a, --binary, ...),
    /// resolved in command-line order. It reads other fields' flags, so it must come first:
    /// clap's derive takes each field's values out of the matches as it builds the field.
    #[command(flatten)]
    pub switches: Switches,

    /// A regular expression, then the files and directories to search.
    ///
    /// When -e or -f gives the patterns, every positional argument is a PATH. Directories
    /// are searched recursively, and `-` is standard input. A file named here is searched
    /// even when an ignore rule, a glob or a type would skip it.
    ///
    /// Default: with no PATH, standard input when it is a file, a pipe or a socket, and the
    /// current directory otherwise.
    #[arg(value_name = "PATTERN")]
    pub positional: Vec<OsString>,

    // Input options: where patterns and haystacks come from, and how files are read.
    /// A pattern to search for.
    ///
    /// May be repeated: a line matches if any pattern matches. Use it for a pattern that
    /// starts with a dash. With -e or -f, every positional argument is a PATH; -e and -f
    /// patterns keep their command-line order.
    ///
    /// Default: the first positional argument is the pattern.
    #[arg(
        short = 'e',
        long = "regexp",
        value_name = "PATTERN",
        allow_hyphen_values = true,
        help_heading = INPUT
    )]
    pub regexp: Vec<OsString>,

    /// Read patterns from a file, one per line.
    ///
    /// `-` reads them from standard input, which then cannot also be searched. May be
    /// repeated, and mixed with -e. A CR before each line end is dropped. An empty file
    /// adds no pattern; an empty line is a pattern that matches every line.
    ///
    /// Default: none.
    #[arg(
        short = 'f',
        long = "file",
        value_name = "PATTERNFILE",
        help_heading = INPUT
    )]
    pub file: Vec<OsString>,

    /// Search the output of COMMAND PATH instead of each file.
    ///
    /// COMMAND gets the file on its standard input too. It runs once for every file
    /// searched, unless --pre-glob narrows that down. Standard input is never
    /// preprocessed. A COMMAND that cannot start or exits with a failure is an error
    /// naming the file. An empty COMMAND turns this off, as --no-pre does.
    ///
    /// Default: none. Overrides: --no-pre, -z/--search-zip.
    #[arg(
        long = "pre",
        value_name = "COMMAND",
        overrides_with_all = ["no_pre", "search_zip"],
        help_heading = INPUT
    )]
    pub pre: Option<OsString>,

    /// Undo --pre: search files as they are.
    ///
    /// Default: off. Overrides: --pre.
    #[arg(
        long = "no-pre",
        overrides_with = "pre",
        hide_short_help = true,
        help_heading = INPUT
    )]
    pub no_pre: bool,

    /// Run --pre only on files that match GLOB.
    ///
    /// GLOB has gitignore's syntax, and `!` excludes what it matches. May be repeated. It
    /// has no effect without --pre.
    ///
    /// Default: none: --pre runs on every file.
    #[arg(long = "pre-glob", value_name = "GLOB", help_heading = INPUT)]
    pub pre_glob: Vec<String>,

    /// Stop a --pre or -z command after SECONDS.
    ///
    /// A --pre command, or a -z decompressor, that runs longer than SECONDS on one file
    /// is stopped; that file is then an error, and the run goes on. Without it a command
    /// that hangs holds back every later result, since results are printed in order.
    ///
    /// Default: 0, which means no limit.
    #[arg(
        long = "pre-timeout",
        value_name = "SECONDS",
        allow_negative_numbers = true,
        help_heading = INPUT
    )]
    pub pre_timeout: Option<u64>,

    /// Search compressed files as their decompressed text.
    ///
    /// gzip, bzip2, xz, LZMA, LZ4, Brotli, Zstandard and compress(1) files are found by
    /// their extension. The decompressor (gzip, bzip2, xz, lz4, brotli, zstd or
    /// uncompress) must be on PATH; a file whose decompressor is missing is searched as
    /// it is. A file the decompressor fails on is an error naming it. Standard input is
    /// never decompressed.
    ///
    /// Default: off. Overrides: --no-search-zip, --pre.
    #[arg(
        short = 'z',
        long = "search-zip",
        overrides_with_all = ["no_search_zip", "pre"],
        help_heading = INPUT
    )]
    pub search_zip: bool,

    /// Undo -z: search compressed files as they are.
    ///
    /// Default: off. Overrides: -z/--search-zip.
    #[arg(
        long = "no-search-zip",
        overrides_with = "search_zip",
        hide_short_help = true,
        help_heading = INPUT
    )]
    pub no_search_zip: bool,

    // Search options: how patterns match, and how much is searched.
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

    // Filter options: which files are searched. Most are in `FilterArgs`; these two
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

    // Output options: what each printed line looks like.
    /// Print NUM lines after each match.
    ///
    /// It wins over -C for the lines after, whichever comes first. Given after --passthru,
    /// it ends --passthru, as in rg.
    ///
    /// Default: 0.
    #[arg(
        short = 'A',
        long = "after-context",
        allow_negative_numbers = true,
        value_name = "NUM",
        help_heading = OUTPUT
    )]
    pub after_context: Option<usize>,

    /// Print NUM lines before each match.
    ///
    /// It wins over -C for the lines before, whichever comes first. Given after
    /// --passthru, it ends --passthru, as in rg.
    ///
    /// Default: 0.
    #[arg(
        short = 'B',
        long = "before-context",
        allow_negative_numbers = true,
        value_name = "NUM",
        help_heading = OUTPUT
    )]
    pub before_context: Option<usize>,

    /// Flush stdout only when its buffer is full.
    ///
    /// Or when trawl waits for the next result, even on a terminal: faster when a terminal
    /// gets a lot of output.
    ///
    /// Default: off: block buffering when stdout is not a terminal, line buffering when it
    /// is. Overrides: --line-buffered, --no-line-buffered, --no-block-buffered.
    #[arg(
        long = "block-buffered",
        overrides_with_all = ["line_buffered", "no_line_buffered", "no_block_buffered"],
        help_heading = OUTPUT
    )]
    pub block_buffered: bool,

    /// Undo --block-buffered: flush after each file only on a terminal.
    ///
    /// Default: off. Overrides: --line-buffered, --no-line-buffered, --block-buffered.
    #[arg(
        long = "no-block-buffered",
        overrides_with_all = ["line_buffered", "no_line_buffered", "block_buffered"],
        hide_short_help = true,
        help_heading = OUTPUT
    )]
    pub no_block_buffered: bool,

    /// Print the byte offset of each line before it.
    ///
    /// With -o, the offset of each match. The offset counts from the start of the file,
    /// from 0.
    ///
    /// Default: off. Overrides: --no-byte-offset.
    #[arg(
        short = 'b',
        long = "byte-offset",
        overrides_with = "no_byte_offset",
        help_heading = OUTPUT
    )]
    pub byte_offset: bool,

    /// Undo -b.
    ///
    /// Default: off. Overrides: -b/--byte-offset.
    #[arg(
        long = "no-byte-offset",
        overrides_with = "byte_offset",
        hide_short_help = true,
        help_heading = OUTPUT
    )]
    pub no_byte_offset: bool,

    /// When to use color: never, auto, always or ansi.
    ///
    /// `auto` colors on a terminal, unless NO_COLOR is set or TERM is `dumb`. --colors
    /// chooses the colors. -p sets --color always unless a later --color says otherwise.
    /// --hyperlink-format writes links only when colors are written.
    ///
    /// Default: auto.
    #[arg(
        long = "color",
        visible_alias = "colour",
        value_name = "WHEN",
        help_heading = OUTPUT
    )]
    pub color: Option<String>,

    /// Choose a color: TYPE:fg|bg:COLOR, TYPE:style:STYLE or TYPE:none.
    ///
    /// TYPE is path, line, column or match. May be repeated; later specs win. The colors
    /// are written only when --color lets them.
    ///
    /// Default: rg's colors: magenta paths, green line numbers, and bold red matches.
    #[arg(long = "colors", value_name = "SPEC", help_heading = OUTPUT)]
    pub colors: Vec<String>,

    /// Print the column of the first match on each line.
    ///
    /// The default layout, one line per match, always has columns. After --no-column it
    /// adds the column of the first match to ripgrep's one-line-per-line layout.
    ///
    /// Default: on. Of it and --no-column, the last one given decides the column.
    #[arg(long = "column", help_heading = OUTPUT)]
    pub column: bool,

    /// Print one line per matching line, as `path:line:text`.
    ///
    /// This is ripgrep's standard `-n -H --no-heading` layout, instead of one line per
    /// match; flags after it change it as they would after those on rg's command line. A
    /// later --vimgrep brings the default layout back, and a later --column adds columns.
    ///
    /// Default: off.
    #[arg(long = "no-column", help_heading = OUTPUT)]
    pub no_column: bool,

    /// Print NUM lines before and after each match.
    ///
    /// -A and -B set one side each and win over it, whichever comes first. Given after
    /// --passthru, it ends --passthru, as in rg.
    ///
    /// Default: 0.
    #[arg(
        short = 'C',
        long = "context",
        allow_negative_numbers = true,
        value_name = "NUM",
        help_heading = OUTPUT
    )]
    pub context: Option<usize>,

    /// The line printed between groups of context.
    ///
    /// Escapes such as `\t`, `\n` and `\x7F` are expanded.
    ///
    /// Default: `--`. Overrides: --no-context-separator.
    #[arg(
        long = "context-separator",
        value_name = "SEP",
        allow_hyphen_values = true,
        overrides_with = "no_context_separator",
        help_heading = OUTPUT
    )]
    pub context_separator: Option<OsString>,

    /// Print nothing between groups of context.
    ///
    /// Default: off. Overrides: --context-separator.
    #[arg(
        long = "no-context-separator",
        overrides_with = "context_separator",
        help_heading = OUTPUT
    )]
    pub no_context_separator: bool,

    /// Separate the fields of a context line with SEP.
    ///
    /// Escapes such as `\t` are expanded.
    ///
    /// Default: `-`.
    #[arg(
        long = "field-context-separator",
        value_name = "SEP",
        allow_hyphen_values = true,
        help_heading = OUTPUT
    )]
    pub field_context_separator: Option<OsString>,

    /// Separate the fields of a matching line with SEP.
    ///
    /// Escapes such as `\t` are expanded.
    ///
    /// Default: `:`.
    #[arg(
        long = "field-match-separator",
        value_name = "SEP",
        allow_hyphen_values = true,
        help_heading = OUTPUT
    )]
    pub field_match_separator: Option<OsString>,

    /// Print each file's path once, above its lines.
    ///
    /// Only in the --no-column layout; the default layout has the path on every line, and
    /// --heading has no effect in it, as --vimgrep's has none in rg. -p sets it too.
    ///
    /// Default: off. Overrides: --no-heading.
    #[arg(
        long = "heading",
        overrides_with = "no_heading",
        help_heading = OUTPUT
    )]
    pub heading: bool,

    /// Print the path on every line, not above the file's lines.
    ///
    /// Default: on. Overrides: --heading.
    #[arg(
        long = "no-heading",
        overrides_with = "heading",
        help_heading = OUTPUT
    )]
    pub no_heading: bool,

    /// Find this machine's host name with a program.
    ///
    /// The program's output, trimmed, is {host} in --hyperlink-format.
    ///
    /// Default: the system's host name.
    #[arg(long = "hostname-bin", value_name = "COMMAND", help_heading = OUTPUT)]
    pub hostname_bin: Option<OsString>,

    /// Make paths clickable: OSC 8 hyperlinks in FORMAT.
    ///
    /// FORMAT is a template such as `file://{host}{path}`, or an alias: default, none,
    /// cursor, file, grep+, kitty, macvim, textmate, vscode, vscode-insiders, vscodium.
    /// Variables: {path} (required; the absolute path, percent-encoded), {host}, {line}
    /// and {column} (1 where there is none), {wslprefix}. Links are written only when
    /// colors are, as in rg: on a terminal, or with --color always; and never with
    /// --path-separator.
    ///
    /// Default: none: no links.
    #[arg(
        long = "hyperlink-format",
        value_name = "FORMAT",
        help_heading = OUTPUT
    )]
    pub hyperlink_format: Option<String>,

    /// With -c or --count-matches, print files with no match too.
    ///
    /// It has no effect without -c or --count-matches.
    ///
    /// Default: off. Overrides: --no-include-zero.
    #[arg(
        long = "include-zero",
        overrides_with = "no_include_zero",
        help_heading = OUTPUT
    )]
    pub include_zero: bool,

    /// Undo --include-zero.
    ///
    /// Default: off. Overrides: --include-zero.
    #[arg(
        long = "no-include-zero",
        overrides_with = "include_zero",
        hide_short_help = true,
        help_heading = OUTPUT
    )]
    pub no_include_zero: bool,

    /// Flush stdout after each file's results.
    ///
    /// Even when stdout is not a terminal. Elsewhere stdout is flushed when its buffer is
    /// full, and whenever trawl waits for the next result. Line-buffered, results from
    /// standard input are printed as its lines arrive, once the results of the files
    /// before it are printed; block-buffered, they come when it ends, as each file's
    /// results come whole.
    ///
    /// Default: on when stdout is a terminal. Overrides: --no-line-buffered,
    /// --block-buffered, --no-block-buffered.
    #[arg(
        long = "line-buffered",
        overrides_with_all = ["no_line_buffered", "block_buffered", "no_block_buffered"],
        help_heading = OUTPUT
    )]
    pub line_buffered: bool,

    /// Undo --line-buffered: flush after each file only on a terminal.
    ///
    /// Default: off. Overrides: --line-buffered, --block-buffered, --no-block-buffered.
    #[arg(
        long = "no-line-buffered",
        overrides_with_all = ["line_buffered", "block_buffered", "no_block_buffered"],
        hide_short_help = true,
        help_heading = OUTPUT
    )]
    pub no_line_buffered: bool,

    /// Print line numbers.
    ///
    /// -p sets it too.
    ///
    /// Default: on. Overrides: -N/--no-line-number.
    #[arg(
        short = 'n',
        long = "line-number",
        overrides_with = "no_line_number",
        help_heading = OUTPUT
    )]
    pub line_number: bool,

    /// Don't print line numbers.
    ///
    /// Default: off. Overrides: -n/--line-number.
    #[arg(
        short = 'N',
        long = "no-line-number",
        overrides_with = "line_number",
        help_heading = OUTPUT
    )]
    pub no_line_number: bool,

    /// Replace lines longer than NUM bytes with a notice.
    ///
    /// The length counts the line terminator. --max-columns-preview prints the start of
    /// such a line instead. 0 means no limit.
    ///
    /// Default: no limit.
    #[arg(
        short = 'M',
        long = "max-columns",
        allow_negative_numbers = true,
        value_name = "NUM",
        help_heading = OUTPUT
    )]
    pub max_columns: Option<u64>,

    /// With -M, print the start of a long line too.
    ///
    /// The first NUM bytes of the line, then how many more matches it holds. It has no
    /// effect without -M.
    ///
    /// Default: off. Overrides: --no-max-columns-preview.
    #[arg(
        long = "max-columns-preview",
        overrides_with = "no_max_columns_preview",
        help_heading = OUTPUT
    )]
    pub max_columns_preview: bool,

    /// Undo --max-columns-preview.
    ///
    /// Default: off. Overrides: --max-columns-preview.
    #[arg(
        long = "no-max-columns-preview",
        overrides_with = "max_columns_preview",
        hide_short_help = true,
        help_heading = OUTPUT
    )]
    pub no_max_columns_preview: bool,

    /// Follow each path with a NUL byte.
    ///
    /// Instead of the separator after it: `path\0line:...`, or `path\0` alone under -l.
    /// For `xargs -0`.
    ///
    /// Default: off.
    #[arg(short = '0', long = "null", help_heading = OUTPUT)]
    pub null: bool,

    /// Print only the matched parts of each line.
    ///
    /// One match per output line. Under -c it makes -c count matches, as --count-matches
    /// does.
    ///
    /// Default: off.
    #[arg(short = 'o', long = "only-matching", help_heading = OUTPUT)]
    pub only_matching: bool,

    /// Print paths with SEP instead of `/`.
    ///
    /// SEP is one byte. --hyperlink-format writes no links with it.
    ///
    /// Default: `/`.
    #[arg(long = "path-separator", value_name = "SEP", help_heading = OUTPUT)]
    pub path_separator: Option<OsString>,

    /// Print every line; lines that do not match print as context.
    ///
    /// A -A, -B or -C given after it ends it, and forgets the context flags given before
    /// it, as in rg.
    ///
    /// Default: off.
    #[arg(
        long = "passthru",
        visible_alias = "passthrough",
        help_heading = OUTPUT
    )]
    pub passthru: bool,

    /// Colors, headings and line numbers, for a pager.
    ///
    /// --color always --heading --line-number in one flag (`trawl -p foo | less -R`).
    /// Each part of it is undone by a later flag, as in rg: `-p -N` prints no line
    /// numbers.
    ///
    /// Default: off.
    #[arg(short = 'p', long = "pretty", help_heading = OUTPUT)]
    pub pretty: bool,

    /// Print nothing; exit 0 at the first match.
    ///
    /// It wins over -c, --count-matches, -l, --files-without-match and --json, whatever
    /// their order. With --files-without-match it exits 0 when some file has no match.
    /// With --json it prints the summary line alone, as rg does.
    ///
    /// Default: off.
    #[arg(short = 'q', long = "quiet", help_heading = OUTPUT)]
    pub quiet: bool,

    /// Print each match replaced by TEXT.
    ///
    /// `$1`, `$name` and `${name}` expand to a capture group, and `$$` to a `$`. Only the
    /// matches change; the rest of the line is printed as it is, unless -o is given. It
    /// changes nothing that -c, -l or -q print.
    ///
    /// Default: none.
    #[arg(
        short = 'r',
        long = "replace",
        value_name = "TEXT",
        allow_hyphen_values = true,
        help_heading = OUTPUT
    )]
    pub replace: Option<OsString>,

    /// Strip leading whitespace from printed lines.
    ///
    /// Default: off. Overrides: --no-trim.
    #[arg(long = "trim", overrides_with = "no_trim", help_heading = OUTPUT)]
    pub trim: bool,

    /// Undo --trim.
    ///
    /// Default: off. Overrides: --trim.
    #[arg(
        long = "no-trim",
        overrides_with = "trim",
        hide_short_help = true,
        help_heading = OUTPUT
    )]
    pub no_trim: bool,

    /// Print one line per match, as `path:line:column:text`.
    ///
    /// This is ripgrep's --vimgrep layout, and trawl's default. Given after --no-column,
    /// it brings this layout back, with columns; --heading has no effect in it, as in rg.
    ///
    /// Default: on.
    #[arg(long = "vimgrep", help_heading = OUTPUT)]
    pub vimgrep: bool,

    /// Print the path on every line.
    ///
    /// Even for a single file or standard input.
    ///
    /// Default: on. Overrides: -I/--no-filename.
    #[arg(
        short = 'H',
        long = "with-filename",
        overrides_with = "no_filename",
        help_heading = OUTPUT
    )]
    pub with_filename: bool,

    /// Don't print paths.
    ///
    /// Default: off. Overrides: -H/--with-filename.
    #[arg(
        short = 'I',
        long = "no-filename",
        overrides_with = "with_filename",
        help_heading = OUTPUT
    )]
    pub no_filename: bool,

    // Output modes: what a run prints instead of lines.
    /// Print the number of matching lines in each file.
    ///
    /// As `path:count`; files without a match are left out unless --include-zero is
    /// given. With -o it counts matches, as --count-matches does. Of it, --files and
    /// --type-list, the last one given wins.
    ///
    /// Default: off. Overrides: --count-matches, -l/--files-with-matches,
    /// --files-without-match, --json.
    #[arg(short = 'c', long = "count", overrides_with_all = ["count_matches", "files_with_matches", "files_without_match", "json"], help_heading = MODES)]
    pub count: bool,

    /// Print the number of matches in each file.
    ///
    /// As `path:count`; files without a match are left out unless --include-zero is
    /// given. Of it, --files and --type-list, the last one given wins.
    ///
    /// Default: off. Overrides: -c/--count, -l/--files-with-matches,
    /// --files-without-match, --json.
    #[arg(long = "count-matches", overrides_with_all = ["count", "files_with_matches", "files_without_match", "json"], help_heading = MODES)]
    pub count_matches: bool,

    /// Print the path of each file with a match.
    ///
    /// Of it, --files and --type-list, the last one given wins.
    ///
    /// Default: off. Overrides: -c/--count, --count-matches, --files-without-match,
    /// --json.
    #[arg(short = 'l', long = "files-with-matches", overrides_with_all = ["count", "count_matches", "files_without_match", "json"], help_heading = MODES)]
    pub files_with_matches: bool,

    /// Print the path of each file without a match.
    ///
    /// The exit status is then 0 when some file has no match. Of it, --files and
    /// --type-list, the last one given wins.
    ///
    /// Default: off. Overrides: -c/--count, --count-matches, -l/--files-with-matches,
    /// --json.
    #[arg(long = "files-without-match", overrides_with_all = ["count", "count_matches", "files_with_matches", "json"], help_heading = MODES)]
    pub files_without_match: bool,

    /// Print results as JSON Lines.
    ///
    /// ripgrep's messages: begin, match, context, end and summary. Each submatch also
    /// carries "pattern", the index of the -e pattern that matched it. Of it, --files
    /// and --type-list, the last one given wins.
    ///
    /// Default: off. Overrides: -c/--count, --count-matches, -l/--files-with-matches,
    /// --files-without-match, --no-json.
    #[arg(long = "json", overrides_with_all = ["count", "count_matches", "files_with_matches", "files_without_match", "no_json"], help_heading = MODES)]
    pub json: bool,

    /// Undo --json: print results in the usual layout.
    ///
    /// Default: off. Overrides: --json.
    #[arg(
        long = "no-json",
        overrides_with = "json",
        hide_short_help = true,
        help_heading = MODES
    )]
    pub no_json: bool,

    // Logging options: what trawl says on stderr about its run.
    /// Print diagnostic messages on stderr.
    ///
    /// What was configured, and why files were left out (which ignore rule, binary data,
    /// size) or searched in chunks.
    ///
    /// Default: off.
    #[arg(long = "debug", help_heading = LOGGING)]
    pub debug: bool,

    /// Don't print warnings about bad ignore files.
    ///
    /// Those that cannot be read, or that have lines that do not parse. --no-messages
    /// implies it.
    ///
    /// Default: off. Overrides: --ignore-messages.
    #[arg(
        long = "no-ignore-messages",
        overrides_with = "ignore_messages",
        help_heading = LOGGING
    )]
    pub no_ignore_messages: bool,

    /// Undo --no-ignore-messages.
    ///
    /// Default: off. Overrides: --no-ignore-messages.
    #[arg(
        long = "ignore-messages",
        overrides_with = "no_ignore_messages",
        hide_short_help = true,
        help_heading = LOGGING
    )]
    pub ignore_messages: bool,

    /// Don't print errors about files that cannot be read.
    ///
    /// Nor about paths that the walk could not reach. The exit code is still 2 after such
    /// an error. Errors in the patterns or the other arguments are still printed. This
    /// also implies --no-ignore-messages.
    ///
    /// Default: off. Overrides: --messages.
    #[arg(
        long = "no-messages",
        overrides_with = "messages",
        help_heading = LOGGING
    )]
    pub no_messages: bool,

    /// Undo --no-messages.
    ///
    /// Default: off. Overrides: --no-messages.
    #[arg(
        long = "messages",
        overrides_with = "no_messages",
        hide_short_help = true,
        help_heading = LOGGING
    )]
    pub messages: bool,

    /// Print statistics after the results.
    ///
    /// ripgrep's block, then what each pipeline stage did: the walk, each worker, the
    /// collector, and the work no number of cores shortens.
    ///
    /// Default: off. Overrides: --no-stats.
    #[arg(long = "stats", overrides_with = "no_stats", help_heading = LOGGING)]
    pub stats: bool,

    /// Undo --stats.
    ///
    /// Default: off. Overrides: --stats.
    #[arg(
        long = "no-stats",
        overrides_with = "stats",
        hide_short_help = true,
        help_heading = LOGGING
    )]
    pub no_stats: bool,

    /// Like --debug, with even more messages.
    ///
    /// Default: off.
    #[arg(long = "trace", help_heading = LOGGING)]
    pub trace: bool,

    // Other behaviors: flags that print something else than a search and exit.
    /// Print a man page or shell completions, and exit.
    ///
    /// KIND is man, complete-bash, complete-zsh, complete-fish, complete-powershell or
    /// complete-elvish.
    ///
    /// Default: none.
    #[arg(
        long = "generate",
        value_name = "KIND",
        value_enum,
        hide_possible_values = true,
        help_heading = OTHER
    )]
    pub generate: Option<GenerateKind>,

    /// Print help: -h a summary, --help all of it.
    ///
    /// Default: off.
    #[arg(short = 'h', long = "help", action = ArgAction::Help, help_heading = OTHER)]
    pub help: Option<bool>,

    /// Don't read the file of default arguments.
    ///
    /// That is the file TRAWL_CONFIG_PATH names.
    ///
    /// Default: off: the file is read when TRAWL_CONFIG_PATH names one.
    #[arg(long = "no-config", help_heading = OTHER)]
    pub no_config: bool,

    /// Print PCRE2's version and whether its JIT works, and exit.
    ///
    /// Default: off.
    #[arg(long = "pcre2-version", help_heading = OTHER)]
    pub pcre2_version: bool,

    /// Print the version: -V the release, --version its commit too.
    ///
    /// Default: off.
    #[arg(short = 'V', long = "version", action = ArgAction::Version, help_heading = OTHER)]
    pub version: Option<bool>,

    /// Which files are searched.
    #[command(flatten)]
    pub filter: FilterArgs,

    /// Whether --column or --no-column came last, if either was given. Set from the
    /// argument positions, which clap's derive cannot express.
    #[arg(skip)]
    pub column_last: Option<bool>,

    /// Whether --vimgrep was given after the last --no-column (or without one), so that
    /// its layout wins. Set from the argument positions, as `column_last` is.
    #[arg(skip)]
    pub vimgrep_last: bool,

    /// The `-e` patterns and `-f` files in command-line order, as rg takes them: for
    /// each, whether it is a file, and its index in `regexp` or `file`. Pattern order is
    /// priority order.
    #[arg(skip)]
    pub pattern_order: Vec<(bool, usize)>,
}

/// The environment variable that names a file of default arguments.
pub const CONFIG_ENV: &str = "TRAWL_CONFIG_PATH";

impl Args {
    /// The process arguments, after the defaults from `TRAWL_CONFIG_PATH` unless
    /// `--no-config` is given. A config file that cannot be read, or that is binary, is
    /// warned about on stderr and the run goes on without it, as ripgrep does with
    /// `RIPGREP_CONFIG_PATH`.
    pub fn argv_from_env() -> Vec<OsString> {
        let mut argv: Vec<OsString> = std::env::args_os().collect();
        if !argv.iter().skip(1).any(|a| a == "--no-config")
            && let Some(path) = std::env::var_os(CONFIG_ENV).filter(|p| !p.is_empty())
        {
            let path = std::path::Path::new(&path);
            match config_file_args(path) {
                Ok(defaults) => {
                    argv.splice(1..1, defaults);
                }
                Err(err) => {
                    use std::os::unix::ffi::OsStrExt;
                    let name = crate::printer::escape::escape_controls(path.as_os_str().as_bytes());
                    eprintln!(
                        "trawl: {}: the config file named by {CONFIG_ENV} is ignored: {err}",
                        String::from_utf8_lossy(&name)
                    );
                }
            }
        }
        argv
    }

    /// Parses `argv`, whose first item is the program name; usage errors come back as one
    /// line (see [`usage_error`]).
    pub fn parse(argv: impl IntoIterator<Item = OsString>) -> Result<Args, clap::Error> {
        Args::try_parse_from_iter(argv)
    }

    /// Parses `argv`, whose first item is the program name, returning clap's errors.
    pub fn try_parse_from_iter<I, T>(argv: I) -> Result<Args, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        let matches = Args::command().try_get_matches_from(argv)?;
        Args::from_matches(&matches)
    }

    fn from_matches(matches: &ArgMatches) -> Result<Args, clap::Error> {
        let mut args = Args::from_arg_matches(matches)?;
        // A flag's default value has an index too; only a flag that was given counts.
        let last = |id: &str| {
            (matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine))
                .then(|| matches.indices_of(id).and_then(|i| i.max()))
                .flatten()
        };
        args.column_last = match (last("column"), last("no_column")) {
            (Some(on), Some(off)) => Some(on > off),
            (Some(_), None) => Some(true),
            (None, Some(_)) => Some(false),
            (None, None) => None,
        };
        let positions = |id: &str, file: bool| {
            (matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine))
                .then(|| matches.indices_of(id))
                .flatten()
                .into_iter()
                .flatten()
                .enumerate()
                .map(move |(i, at)| (at, file, i))
        };
        let mut order: Vec<(usize, bool, usize)> = positions("regexp", false)
            .chain(positions("file", true))
            .collect();
        order.sort_unstable();
        args.pattern_order = order.into_iter().map(|(_, f, i)| (f, i)).collect();
        args.vimgrep_last = match (last("vimgrep"), last("no_column")) {
            (Some(vimgrep), Some(no_column)) => vimgrep > no_column,
            (vimgrep, _) => vimgrep.is_some(),
        };
        // Of the flags that choose what a run prints, the last one given wins, as in rg:
        // `--files -l PATTERN` searches. clap's overrides cover the search modes among
        // themselves; --files and --type-list are ordered against them here.
        let modes = [
            "files",
            "type_list",
            "count",
            "count_matches",
            "files_with_matches",
            "files_without_match",
            "json",
        ];
        if let Some((winner, _)) = modes
            .iter()
            .filter_map(|id| last(id).map(|i| (*id, i)))
            .max_by_key(|(_, i)| *i)
        {
            args.filter.files = winner == "files";
            args.filter.type_list = winner == "type_list";
        }
        // A -A, -B or -C after --passthru ends it, and forgets the context flags given
        // before it, as rg's --help says.
        if let Some(passthru) = last("passthru") {
            let after = |id: &str| last(id).is_some_and(|i| i > passthru);
            if ["after_context", "before_context", "context"]
                .iter()
                .any(|id| after(id))
            {
                args.passthru = false;
                if !after("after_context") {
                    args.after_context = None;
                }
                if !after("before_context") {
                    args.before_context = None;
                }
                if !after("context") {
                    args.context = None;
                }
            }
        }
        if let Some(pretty) = last("pretty") {
            // -p sets each of its three parts unless a later flag set that part.
            let unset_after =
                |ids: &[&str]| ids.iter().filter_map(|id| last(id)).all(|i| i < pretty);
            if unset_after(&["color"]) {
                args.color = Some("always".to_string());
            }
            if unset_after(&["heading", "no_heading"]) {
                (args.heading, args.no_heading) = (true, false);
            }
            if unset_after(&["line_number", "no_line_number"]) {
                (args.line_number, args.no_line_number) = (true, false);
            }
        }
        Ok(args)
    }
}

/// Writes the man page or the completions `kind` names, generated from the argument
/// definitions above, so they never drift from `--help`.
pub fn generate(kind: GenerateKind, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use clap_complete::Shell;
    let mut command = Args::command();
    let shell = match kind {
        GenerateKind::Man => return man::render(command, out),
        GenerateKind::CompleteBash => Shell::Bash,
        GenerateKind::CompleteZsh => Shell::Zsh,
        GenerateKind::CompleteFish => Shell::Fish,
        GenerateKind::CompletePowershell => Shell::PowerShell,
        GenerateKind::CompleteElvish => Shell::Elvish,
    };
    clap_complete::generate(shell, &mut command, "trawl", out);
    Ok(())
}

/// Reads a file of default arguments: one argument per line, with blank lines and lines
/// starting with `#` skipped, as ripgrep reads `RIPGREP_CONFIG_PATH`.
/// A file with a NUL byte is refused as binary: its lines would be nonsense arguments,
/// and echoing them in an error would write raw bytes to the terminal.
pub fn config_file_args(path: &std::path::Path) -> std::io::Result<Vec<OsString>> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = std::fs::read(path)?;
    if let Some(at) = memchr::memchr(0, &bytes) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("the file is binary (a NUL byte at offset {at})"),
        ));
    }
    Ok(bytes
        .split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
        .map(|line| line.trim_ascii())
        .filter(|line| !line.is_empty() && !line.starts_with(b"#"))
        .map(|line| std::ffi::OsStr::from_bytes(line).to_os_string())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_last_follows_argument_order() {
        let args = |argv: &[&str]| Args::try_parse_from_iter(argv.iter().copied()).unwrap();
        assert_eq!(args(&["trawl", "x"]).column_last, None);
        assert_eq!(
            args(&["trawl", "--no-column", "x"]).column_last,
            Some(false)
        );
        assert_eq!(
            args(&["trawl", "--no-column", "--column", "x"]).column_last,
            Some(true)
        );
        assert_eq!(
            args(&["trawl", "--column", "--no-column", "x"]).column_last,
            Some(false)
        );
        assert!(!args(&["trawl", "x"]).vimgrep_last);
        assert!(args(&["trawl", "--vimgrep", "x"]).vimgrep_last);
        assert!(args(&["trawl", "--no-column", "--vimgrep", "x"]).vimgrep_last);
        assert!(!args(&["trawl", "--vimgrep", "--no-column", "x"]).vimgrep_last);
    }

    #[test]
    fn pretty_sets_each_part_that_no_later_flag_sets() {
        let args = |argv: &[&str]| {
            let mut full = vec!["trawl"];
            full.extend_from_slice(argv);
            full.push("x");
            Args::try_parse_from_iter(full).unwrap()
        };
        let parts = |a: Args| {
            (
                a.color,
                a.heading,
                a.no_heading,
                a.line_number,
                a.no_line_number,
            )
        };
        let always = Some("always".to_string());
        assert_eq!(
            parts(args(&["-p"])),
            (always.clone(), true, false, true, false)
        );
        assert_eq!(
            parts(args(&["--no-heading", "-N", "--color", "never", "-p"])),
            (always.clone(), true, false, true, false)
        );
        assert_eq!(
            parts(args(&["-p", "--no-heading"])),
            (always, false, true, true, false)
        );
        assert_eq!(
            parts(args(&["-p", "--color", "never", "-N"])),
            (Some("never".to_string()), true, false, false, true)
        );
    }

    #[test]
    fn the_last_of_a_flag_and_its_negation_wins() {
        let args = |argv: &[&str]| {
            let mut full = vec!["trawl"];
            full.extend_from_slice(argv);
            full.push("x");
            Args::try_parse_from_iter(full).unwrap()
        };
        type Get = fn(&Args) -> bool;
        let pairs: [(&str, &str, Get); 14] = [
            ("--crlf", "--no-crlf", |a| a.crlf),
            ("-U", "--no-multiline", |a| a.multiline),
            ("--multiline-dotall", "--no-multiline-dotall", |a| {
                a.multiline_dotall
            }),
            ("-P", "--no-pcre2", |a| a.pcre2),
            ("-v", "--no-invert-match", |a| a.invert_match),
            ("--include-zero", "--no-include-zero", |a| a.include_zero),
            ("--json", "--no-json", |a| a.json),
            ("-a", "--no-text", |a| a.text),
            ("--binary", "--no-binary", |a| a.binary),
            ("-b", "--no-byte-offset", |a| a.byte_offset),
            ("--trim", "--no-trim", |a| a.trim),
            ("--max-columns-preview", "--no-max-columns-preview", |a| {
                a.max_columns_preview
            }),
            ("--stats", "--no-stats", |a| a.stats),
            (
                "--ignore-file-case-insensitive",
                "--no-ignore-file-case-insensitive",
                |a| a.filter.ignore_file_case_insensitive,
            ),
        ];
        for (on, off, get) in pairs {
            assert!(get(&args(&[on])), "{on}");
            assert!(!get(&args(&[on, off])), "{on} {off}");
            assert!(get(&args(&[off, on])), "{off} {on}");
        }
        // -a, --binary and their negations all set one thing: the last one decides.
        for (argv, text, binary) in [
            (["-a", "--no-binary"], false, false),
            (["--binary", "--no-text"], false, false),
            (["--binary", "-a"], true, false),
            (["-a", "--binary"], false, true),
        ] {
            let a = args(&argv);
            assert_eq!((a.text, a.binary), (text, binary), "{argv:?}");
        }
        assert_eq!(args(&["-E", "latin1", "--no-encoding"]).encoding, None);
        let a = args(&["--no-encoding", "-E", "latin1"]);
        assert_eq!(a.encoding.as_deref(), Some("latin1"));
        assert!(
            !args(&["--no-ignore-files", "--ignore-files"])
                .filter
                .no_ignore_files
        );
        assert!(
            !args(&["--no-require-git", "--require-git"])
                .filter
                .no_require_git
        );
        assert!(
            args(&["--require-git", "--no-require-git"])
                .filter
                .no_require_git
        );
    }

    #[test]
    fn config_files_skip_comments_and_blank_lines() {
        let dir = std::env::temp_dir().join(format!("trawl-cfg-{}", std::process::id()));
        std::fs::write(&dir, "# comment\n--hidden\n\n  -i  \r\n--glob=!x\n").unwrap();
        let args = config_file_args(&dir).unwrap();
        std::fs::remove_file(&dir).unwrap();
        assert_eq!(args, vec!["--hidden", "-i", "--glob=!x"]);
    }
}
