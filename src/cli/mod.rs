//! Command-line arguments, as clap sees them.
//!
//! This is the only module that knows clap. Everything past [`crate::config`] sees a
//! validated [`crate::config::Config`] and never a clap type. The `///` comments here are
//! the `--help` text: the first paragraph is the short help that `-h` prints, the rest is
//! added by `--help`.

use std::ffi::OsString;

pub mod filter;
pub mod man;
pub mod switches;
mod usage;

use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, ValueEnum};

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
#[derive(Debug, Parser)]
#[command(
    name = "trawl",
    version,
    // `--version` adds the commit that build.rs found; `-V` and the man page keep to the
    // release, so that the checked-in man page does not change with every commit.
    long_version = env!("TRAWL_LONG_VERSION"),
    args_override_self = true,
    override_usage = "trawl [OPTIONS] PATTERN [PATH...]\n       trawl [OPTIONS] -e PATTERN... [PATH...]\n       trawl [OPTIONS] -f PATTERNFILE... [PATH...]"
)]
pub struct Args {
    /// The settings that several flags write (--no-ignore, -u, -a, --binary, ...),
    /// resolved in command-line order. It reads other fields' flags, so it must come first:
    /// clap's derive takes each field's values out of the matches as it builds the field.
    #[command(flatten)]
    pub switches: Switches,

    /// A regular expression to search for.
    ///
    /// When -e or -f is given, every positional argument is a PATH instead.
    #[arg(value_name = "PATTERN")]
    pub positional: Vec<OsString>,

    // Patterns.
    /// A pattern to search for; may be repeated, and a line matches if any pattern matches.
    ///
    /// Use this for patterns that start with a dash.
    #[arg(
        short = 'e',
        long = "regexp",
        value_name = "PATTERN",
        allow_hyphen_values = true,
        help_heading = "Patterns"
    )]
    pub regexp: Vec<OsString>,

    /// Read patterns from FILE, one per line; `-` reads stdin. May be repeated.
    #[arg(
        short = 'f',
        long = "file",
        value_name = "PATTERNFILE",
        help_heading = "Patterns"
    )]
    pub file: Vec<OsString>,

    /// Treat every pattern as a literal string, not a regular expression.
    #[arg(
        short = 'F',
        long = "fixed-strings",
        overrides_with = "no_fixed_strings",
        help_heading = "Patterns"
    )]
    pub fixed_strings: bool,

    /// Treat patterns as regular expressions again, undoing -F.
    #[arg(
        long = "no-fixed-strings",
        hide = true,
        overrides_with = "fixed_strings"
    )]
    pub no_fixed_strings: bool,

    /// Search case-insensitively.
    #[arg(short = 'i', long = "ignore-case", overrides_with_all = ["case_sensitive", "smart_case"], help_heading = "Patterns")]
    pub ignore_case: bool,

    /// Search case-sensitively (the default).
    #[arg(short = 's', long = "case-sensitive", overrides_with_all = ["ignore_case", "smart_case"], help_heading = "Patterns")]
    pub case_sensitive: bool,

    /// Search case-insensitively if every pattern is all lowercase.
    #[arg(short = 'S', long = "smart-case", overrides_with_all = ["ignore_case", "case_sensitive"], help_heading = "Patterns")]
    pub smart_case: bool,

    /// Only show matches surrounded by word boundaries. This and -x override each other.
    #[arg(
        short = 'w',
        long = "word-regexp",
        overrides_with = "line_regexp",
        help_heading = "Patterns"
    )]
    pub word_regexp: bool,

    /// Only show matches that span a whole line. This and -w override each other.
    #[arg(
        short = 'x',
        long = "line-regexp",
        overrides_with = "word_regexp",
        help_heading = "Patterns"
    )]
    pub line_regexp: bool,

    /// Let matches span lines: `\n` may match, and each file is searched whole.
    #[arg(
        short = 'U',
        long = "multiline",
        overrides_with_all = ["no_multiline", "stop_on_nonmatch"],
        help_heading = "Patterns"
    )]
    pub multiline: bool,

    /// Undo -U: matches stay within one line.
    #[arg(
        long = "no-multiline",
        overrides_with = "multiline",
        hide_short_help = true,
        help_heading = "Patterns"
    )]
    pub no_multiline: bool,

    /// With -U, let `.` match line terminators.
    #[arg(
        long = "multiline-dotall",
        overrides_with = "no_multiline_dotall",
        help_heading = "Patterns"
    )]
    pub multiline_dotall: bool,

    /// Undo --multiline-dotall.
    #[arg(
        long = "no-multiline-dotall",
        overrides_with = "multiline_dotall",
        hide_short_help = true,
        help_heading = "Patterns"
    )]
    pub no_multiline_dotall: bool,

    /// Treat CRLF as a line terminator for `^` and `$`.
    // --crlf, --no-crlf and --null-data are ordered in `from_matches`, not by clap.
    #[arg(long = "crlf", help_heading = "Patterns")]
    pub crlf: bool,

    /// Undo --crlf: only `\n` ends a line for `^` and `$`.
    #[arg(long = "no-crlf", hide_short_help = true, help_heading = "Patterns")]
    pub no_crlf: bool,

    /// Use PCRE2 for the patterns, with its syntax: look-around, backreferences,
    /// possessive and atomic groups.
    ///
    /// The same as --engine pcre2. Outside -U, each line is searched alone.
    #[arg(
        short = 'P',
        long = "pcre2",
        overrides_with_all = ["no_pcre2", "engine", "auto_hybrid_regex", "no_auto_hybrid_regex"],
        help_heading = "Patterns"
    )]
    pub pcre2: bool,

    /// Undo -P: use the default regex engine.
    #[arg(
        long = "no-pcre2",
        overrides_with_all = ["pcre2", "engine", "auto_hybrid_regex", "no_auto_hybrid_regex"],
        hide_short_help = true,
        help_heading = "Patterns"
    )]
    pub no_pcre2: bool,

    /// The regex engine: default, pcre2 (as -P), or auto, which uses the default engine
    /// and falls back to PCRE2 when the patterns need it.
    ///
    /// This and -P, --no-pcre2 and --auto-hybrid-regex override each other.
    #[arg(
        long = "engine",
        value_name = "ENGINE",
        value_enum,
        overrides_with_all = ["pcre2", "no_pcre2", "auto_hybrid_regex", "no_auto_hybrid_regex"],
        help_heading = "Patterns"
    )]
    pub engine: Option<EngineArg>,

    /// DEPRECATED: use --engine auto, which this is the same as.
    #[arg(
        long = "auto-hybrid-regex",
        overrides_with_all = ["pcre2", "no_pcre2", "engine", "no_auto_hybrid_regex"],
        hide_short_help = true,
        help_heading = "Patterns"
    )]
    pub auto_hybrid_regex: bool,

    /// DEPRECATED: use --engine default, which this is the same as.
    #[arg(
        long = "no-auto-hybrid-regex",
        overrides_with_all = ["pcre2", "no_pcre2", "engine", "auto_hybrid_regex"],
        hide_short_help = true,
        help_heading = "Patterns"
    )]
    pub no_auto_hybrid_regex: bool,

    /// Print the version of PCRE2 and whether its JIT is available, then exit.
    #[arg(long = "pcre2-version", help_heading = "Patterns")]
    pub pcre2_version: bool,

    /// Turn Unicode mode off: `.` matches any byte but `\n`, `\w`, `\d`, `\s` and `\b` are
    /// ASCII-only, -i folds ASCII letters only, and classes such as `\p{Greek}` are errors.
    ///
    /// A pattern can still turn Unicode on for a part of itself with `(?u:...)`. Without
    /// Unicode, \w{100} and the like compile to much smaller automata.
    #[arg(
        long = "no-unicode",
        overrides_with_all = ["unicode", "no_pcre2_unicode", "pcre2_unicode"],
        help_heading = "Patterns"
    )]
    pub no_unicode: bool,

    /// Undo --no-unicode: patterns are in Unicode mode (the default).
    #[arg(
        long = "unicode",
        overrides_with_all = ["no_unicode", "no_pcre2_unicode", "pcre2_unicode"],
        hide_short_help = true,
        help_heading = "Patterns"
    )]
    pub unicode: bool,

    /// DEPRECATED: use --no-unicode, which this is the same as.
    #[arg(
        long = "no-pcre2-unicode",
        overrides_with_all = ["no_unicode", "unicode", "pcre2_unicode"],
        hide_short_help = true,
        help_heading = "Patterns"
    )]
    pub no_pcre2_unicode: bool,

    /// DEPRECATED: use --unicode, which this is the same as.
    #[arg(
        long = "pcre2-unicode",
        overrides_with_all = ["no_unicode", "unicode", "no_pcre2_unicode"],
        hide_short_help = true,
        help_heading = "Patterns"
    )]
    pub pcre2_unicode: bool,

    /// The most memory the compiled patterns may take, in bytes (default 100M, as in rg); a
    /// K, M or G suffix multiplies by 1024, 1024² or 1024³.
    ///
    /// Raise it for a huge pattern, or many patterns, that fail to compile.
    #[arg(
        long = "regex-size-limit",
        value_name = "NUM+SUFFIX?",
        help_heading = "Patterns"
    )]
    pub regex_size_limit: Option<String>,

    /// The most memory the lazy DFA may use for its cache of states, in bytes (default
    /// 64M); a K, M or G suffix multiplies by 1024, 1024² or 1024³.
    ///
    /// When a search needs more states than fit, the cache is cleared and refilled, or a
    /// slower engine takes over; raising the limit can speed up large patterns.
    #[arg(
        long = "dfa-size-limit",
        value_name = "NUM+SUFFIX?",
        help_heading = "Patterns"
    )]
    pub dfa_size_limit: Option<String>,

    /// Decode files from this encoding (a WHATWG label such as utf-16le or latin1), or
    /// `none` to search raw bytes. By default a byte-order mark picks UTF-8 or UTF-16.
    #[arg(
        short = 'E',
        long = "encoding",
        value_name = "ENCODING",
        overrides_with = "no_encoding",
        help_heading = "Patterns"
    )]
    pub encoding: Option<String>,

    /// Undo -E: pick the encoding by byte-order mark again.
    #[arg(
        long = "no-encoding",
        overrides_with = "encoding",
        hide_short_help = true,
        help_heading = "Patterns"
    )]
    pub no_encoding: bool,

    /// Search compressed files: gzip, bzip2, xz, LZMA, LZ4, Brotli, Zstandard and
    /// compress(1) files, found by their extension, are searched as their decompressed
    /// text.
    ///
    /// The decompressor (gzip, bzip2, xz, lz4, brotli, zstd or uncompress) must be on
    /// PATH; a file whose decompressor is missing is searched as it is. A file the
    /// decompressor fails on is an error naming it. This and --pre override each other.
    #[arg(
        short = 'z',
        long = "search-zip",
        overrides_with_all = ["no_search_zip", "pre"],
        help_heading = "Input"
    )]
    pub search_zip: bool,

    /// Undo -z.
    #[arg(
        long = "no-search-zip",
        overrides_with = "search_zip",
        hide_short_help = true,
        help_heading = "Input"
    )]
    pub no_search_zip: bool,

    /// Treat NUL as the line terminator, as for `find -print0` output or
    /// `/proc/*/environ`: records end at NUL bytes, which no longer mark a file as binary.
    #[arg(long = "null-data", help_heading = "Input")]
    pub null_data: bool,

    /// Search the standard output of COMMAND PATH instead of each file PATH.
    ///
    /// COMMAND gets the file on its standard input too. It runs once for every file
    /// searched, unless --pre-glob narrows that down. Standard input is never
    /// preprocessed. A COMMAND that cannot start or exits with a failure is an error
    /// naming the file. An empty COMMAND, or --no-pre, turns this off. This and -z
    /// override each other.
    #[arg(
        long = "pre",
        value_name = "COMMAND",
        overrides_with_all = ["no_pre", "search_zip"],
        help_heading = "Input"
    )]
    pub pre: Option<OsString>,

    /// Undo --pre.
    #[arg(
        long = "no-pre",
        overrides_with = "pre",
        hide_short_help = true,
        help_heading = "Input"
    )]
    pub no_pre: bool,

    /// Run --pre only on files that match GLOB (gitignore syntax; `!` excludes).
    /// Repeatable.
    #[arg(long = "pre-glob", value_name = "GLOB", help_heading = "Input")]
    pub pre_glob: Vec<String>,

    /// Stop a --pre command, or a -z decompressor, that runs longer than SECONDS on one
    /// file; that file is then an error, and the run goes on.
    ///
    /// Without it a command that hangs holds back every later result, since results are
    /// printed in order. 0 means no limit, the default.
    #[arg(
        long = "pre-timeout",
        value_name = "SECONDS",
        allow_negative_numbers = true,
        help_heading = "Input"
    )]
    pub pre_timeout: Option<u64>,

    // Selection.
    /// Print lines that do not match.
    #[arg(
        short = 'v',
        long = "invert-match",
        overrides_with = "no_invert_match",
        help_heading = "Selection"
    )]
    pub invert_match: bool,

    /// Undo -v: print lines that match.
    #[arg(
        long = "no-invert-match",
        overrides_with = "invert_match",
        hide_short_help = true,
        help_heading = "Selection"
    )]
    pub no_invert_match: bool,

    /// Stop searching a file at the first line that is not selected after one that is.
    ///
    /// For files whose matches sit together, such as sorted ones. The line that stops the
    /// search is printed as after-context if -A asks for some. With -v, as in rg, the first
    /// unselected line after the first selected ones is passed over, and the next one
    /// stops the search. This and -U override each other.
    #[arg(
        long = "stop-on-nonmatch",
        overrides_with = "multiline",
        help_heading = "Selection"
    )]
    pub stop_on_nonmatch: bool,

    /// Stop searching a file after NUM selected lines (default: no limit).
    ///
    /// Each file counts on its own; --max-results limits the whole run. Under -v the
    /// selected lines are the ones that do not match.
    #[arg(
        short = 'm',
        long = "max-count",
        allow_negative_numbers = true,
        value_name = "NUM",
        help_heading = "Selection"
    )]
    pub max_count: Option<u64>,

    /// Stop the whole run after NUM results, in output order (default: no limit): the
    /// output is exactly the first NUM results of the unlimited output.
    ///
    /// A result is a match, a matching line under --no-column, a file under -l, and a count
    /// line under -c. Context lines are not results; the last result's after-context is
    /// printed.
    #[arg(
        long = "max-results",
        allow_negative_numbers = true,
        value_name = "NUM",
        help_heading = "Selection"
    )]
    pub max_results: Option<u64>,

    // Output modes.
    /// Print the number of matching lines in each file.
    #[arg(short = 'c', long = "count", overrides_with_all = ["count_matches", "files_with_matches", "files_without_match", "json"], help_heading = "Output modes")]
    pub count: bool,

    /// Print the number of matches in each file.
    #[arg(long = "count-matches", overrides_with_all = ["count", "files_with_matches", "files_without_match", "json"], help_heading = "Output modes")]
    pub count_matches: bool,

    /// With -c or --count-matches, print files with no match too.
    #[arg(
        long = "include-zero",
        overrides_with = "no_include_zero",
        help_heading = "Output modes"
    )]
    pub include_zero: bool,

    /// Undo --include-zero.
    #[arg(
        long = "no-include-zero",
        overrides_with = "include_zero",
        hide_short_help = true,
        help_heading = "Output modes"
    )]
    pub no_include_zero: bool,

    /// Print the path of each file with a match.
    #[arg(short = 'l', long = "files-with-matches", overrides_with_all = ["count", "count_matches", "files_without_match", "json"], help_heading = "Output modes")]
    pub files_with_matches: bool,

    /// Print the path of each file without a match.
    #[arg(long = "files-without-match", overrides_with_all = ["count", "count_matches", "files_with_matches", "json"], help_heading = "Output modes")]
    pub files_without_match: bool,

    /// Print only the matched parts of each line, one per output line.
    #[arg(short = 'o', long = "only-matching", help_heading = "Output modes")]
    pub only_matching: bool,

    /// Print each match replaced by TEXT; `$1`, `${name}` and `$$` are expanded.
    #[arg(
        short = 'r',
        long = "replace",
        value_name = "TEXT",
        allow_hyphen_values = true,
        help_heading = "Output modes"
    )]
    pub replace: Option<OsString>,

    /// Print results as ripgrep's JSON Lines: begin, match, context, end and summary
    /// messages. Each submatch also carries "pattern", the index of the -e pattern that
    /// matched it.
    #[arg(long = "json", overrides_with_all = ["count", "count_matches", "files_with_matches", "files_without_match"], help_heading = "Output modes")]
    pub json: bool,

    /// Undo --json: print results in the usual layout.
    // Ordered against --json and the other modes in `from_matches`, not by clap: clap
    // would forget a --json that --no-json undoes, and with it that the --json ended
    // --files.
    #[arg(
        long = "no-json",
        hide_short_help = true,
        help_heading = "Output modes"
    )]
    pub no_json: bool,

    /// Print nothing; exit 0 at the first match.
    #[arg(short = 'q', long = "quiet", help_heading = "Output modes")]
    pub quiet: bool,

    // Context.
    /// Print NUM lines after each match (default 0).
    ///
    /// It wins over -C for the lines after, whichever comes first.
    #[arg(
        short = 'A',
        long = "after-context",
        allow_negative_numbers = true,
        value_name = "NUM",
        help_heading = "Context"
    )]
    pub after_context: Option<usize>,

    /// Print NUM lines before each match (default 0).
    ///
    /// It wins over -C for the lines before, whichever comes first.
    #[arg(
        short = 'B',
        long = "before-context",
        allow_negative_numbers = true,
        value_name = "NUM",
        help_heading = "Context"
    )]
    pub before_context: Option<usize>,

    /// Print NUM lines before and after each match (default 0).
    ///
    /// -A and -B set one side each and win over it, whichever comes first.
    #[arg(
        short = 'C',
        long = "context",
        allow_negative_numbers = true,
        value_name = "NUM",
        help_heading = "Context"
    )]
    pub context: Option<usize>,

    /// The line printed between groups of context (default `--`).
    #[arg(
        long = "context-separator",
        value_name = "SEP",
        allow_hyphen_values = true,
        overrides_with = "no_context_separator",
        help_heading = "Context"
    )]
    pub context_separator: Option<OsString>,

    /// Print nothing between groups of context.
    #[arg(
        long = "no-context-separator",
        overrides_with = "context_separator",
        help_heading = "Context"
    )]
    pub no_context_separator: bool,

    /// Print every line; lines that do not match print as context.
    #[arg(
        long = "passthru",
        visible_alias = "passthrough",
        help_heading = "Context"
    )]
    pub passthru: bool,

    // Binary files.
    /// Search binary files as if they were text.
    #[arg(
        short = 'a',
        long = "text",
        overrides_with_all = ["binary", "no_text", "no_binary"],
        help_heading = "Binary files"
    )]
    pub text: bool,

    /// Undo -a (and --binary): binary files get the default treatment again.
    #[arg(
        long = "no-text",
        overrides_with_all = ["text", "binary", "no_binary"],
        hide_short_help = true,
        help_heading = "Binary files"
    )]
    pub no_text: bool,

    /// Search binary files found by walking too, printing a notice when one matches.
    #[arg(
        long = "binary",
        overrides_with_all = ["text", "no_text", "no_binary"],
        help_heading = "Binary files"
    )]
    pub binary: bool,

    /// Undo --binary (and -a): binary files get the default treatment again.
    #[arg(
        long = "no-binary",
        overrides_with_all = ["text", "no_text", "binary"],
        hide_short_help = true,
        help_heading = "Binary files"
    )]
    pub no_binary: bool,

    // Format.
    /// Print line numbers (the default).
    #[arg(
        short = 'n',
        long = "line-number",
        overrides_with = "no_line_number",
        help_heading = "Format"
    )]
    pub line_number: bool,

    /// Don't print line numbers.
    #[arg(
        short = 'N',
        long = "no-line-number",
        overrides_with = "line_number",
        help_heading = "Format"
    )]
    pub no_line_number: bool,

    /// Print the column of the first match on each line.
    ///
    /// This is the default, with one line per match. After --no-column it prints the
    /// column of the first match in ripgrep's one-line-per-line format.
    #[arg(long = "column", help_heading = "Format")]
    pub column: bool,

    /// Print one line per matching line, as `path:line:text`, instead of one line per match.
    ///
    /// This is ripgrep's standard `-n -H --no-heading` format.
    #[arg(long = "no-column", help_heading = "Format")]
    pub no_column: bool,

    /// Print one line per match, as `path:line:column:text` (the default).
    ///
    /// This is ripgrep's --vimgrep format. Given after --no-column, it brings this layout
    /// back, with columns, and --heading has no effect in it, as in rg.
    #[arg(long = "vimgrep", help_heading = "Format")]
    pub vimgrep: bool,

    /// Print the path on every line (the default).
    #[arg(
        short = 'H',
        long = "with-filename",
        overrides_with = "no_filename",
        help_heading = "Format"
    )]
    pub with_filename: bool,

    /// Don't print paths.
    #[arg(
        short = 'I',
        long = "no-filename",
        overrides_with = "with_filename",
        help_heading = "Format"
    )]
    pub no_filename: bool,

    /// Print each file's path once, above its lines (with --no-column).
    #[arg(
        long = "heading",
        overrides_with = "no_heading",
        help_heading = "Format"
    )]
    pub heading: bool,

    /// Print the path on every line (the default).
    #[arg(
        long = "no-heading",
        overrides_with = "heading",
        help_heading = "Format"
    )]
    pub no_heading: bool,

    /// Make paths clickable in terminals that support OSC 8 hyperlinks, with links in
    /// FORMAT: `file://{host}{path}`, or an alias (default, none, cursor, file, grep+,
    /// kitty, macvim, textmate, vscode, vscode-insiders, vscodium).
    ///
    /// Variables: {path} (required; the absolute path, percent-encoded), {host}, {line}
    /// and {column} (1 where there is none), {wslprefix}. Links are written only when
    /// colors are, as in rg: on a terminal, or with --color always.
    #[arg(
        long = "hyperlink-format",
        value_name = "FORMAT",
        help_heading = "Format"
    )]
    pub hyperlink_format: Option<String>,

    /// The program whose output (trimmed) is this machine's host name for {host} in
    /// --hyperlink-format, instead of the system's host name.
    #[arg(long = "hostname-bin", value_name = "COMMAND", help_heading = "Format")]
    pub hostname_bin: Option<OsString>,

    /// Pretty output into a pager: --color=always --heading --line-number in one flag
    /// (`trawl -p foo | less -R`). Each part of it is undone by a later flag, as in rg.
    #[arg(short = 'p', long = "pretty", help_heading = "Format")]
    pub pretty: bool,

    /// Follow each path with a NUL byte instead of a separator.
    #[arg(short = '0', long = "null", help_heading = "Format")]
    pub null: bool,

    /// Print the byte offset of each line (or of each match with -o) before it.
    #[arg(
        short = 'b',
        long = "byte-offset",
        overrides_with = "no_byte_offset",
        help_heading = "Format"
    )]
    pub byte_offset: bool,

    /// Undo -b.
    #[arg(
        long = "no-byte-offset",
        overrides_with = "byte_offset",
        hide_short_help = true,
        help_heading = "Format"
    )]
    pub no_byte_offset: bool,

    /// Strip leading whitespace from printed lines.
    #[arg(long = "trim", overrides_with = "no_trim", help_heading = "Format")]
    pub trim: bool,

    /// Undo --trim.
    #[arg(
        long = "no-trim",
        overrides_with = "trim",
        hide_short_help = true,
        help_heading = "Format"
    )]
    pub no_trim: bool,

    /// Replace lines longer than NUM bytes with a notice (default: no limit; 0 means no
    /// limit too).
    ///
    /// --max-columns-preview prints the start of such a line instead.
    #[arg(
        short = 'M',
        long = "max-columns",
        allow_negative_numbers = true,
        value_name = "NUM",
        help_heading = "Format"
    )]
    pub max_columns: Option<u64>,

    /// With -M, print the start of a long line instead of only a notice.
    #[arg(
        long = "max-columns-preview",
        overrides_with = "no_max_columns_preview",
        help_heading = "Format"
    )]
    pub max_columns_preview: bool,

    /// Undo --max-columns-preview.
    #[arg(
        long = "no-max-columns-preview",
        overrides_with = "max_columns_preview",
        hide_short_help = true,
        help_heading = "Format"
    )]
    pub no_max_columns_preview: bool,

    /// Print paths with SEP instead of `/` (one byte).
    #[arg(long = "path-separator", value_name = "SEP", help_heading = "Format")]
    pub path_separator: Option<OsString>,

    /// Separates the fields of a matching line (default `:`).
    #[arg(
        long = "field-match-separator",
        value_name = "SEP",
        allow_hyphen_values = true,
        help_heading = "Format"
    )]
    pub field_match_separator: Option<OsString>,

    /// Separates the fields of a context line (default `-`).
    #[arg(
        long = "field-context-separator",
        value_name = "SEP",
        allow_hyphen_values = true,
        help_heading = "Format"
    )]
    pub field_context_separator: Option<OsString>,

    /// When to use color: never, auto (the default: on a terminal, unless NO_COLOR is set),
    /// always or ansi.
    ///
    /// --colors chooses the colors; -p sets --color=always.
    #[arg(
        long = "color",
        visible_alias = "colour",
        value_name = "WHEN",
        help_heading = "Format"
    )]
    pub color: Option<String>,

    /// A color spec, TYPE:fg:COLOR, TYPE:bg:COLOR, TYPE:style:STYLE or TYPE:none, where TYPE
    /// is path, line, column or match. May be repeated; later specs win.
    #[arg(long = "colors", value_name = "SPEC", help_heading = "Format")]
    pub colors: Vec<String>,

    // Pipeline.
    /// The number of worker threads or processes (default: the number of available cores).
    #[arg(
        short = 'j',
        long = "threads",
        allow_negative_numbers = true,
        value_name = "NUM",
        help_heading = "Pipeline"
    )]
    pub threads: Option<usize>,

    /// How workers run: as threads of this process, or as worker processes.
    ///
    /// Both modes print exactly the same output; --stats shows how each spent its time.
    #[arg(long = "mode", value_name = "MODE", value_enum, default_value_t = ModeArg::Threads, help_heading = "Pipeline")]
    pub mode: ModeArg,

    /// Print statistics after the results: ripgrep's block, then what each pipeline stage did.
    #[arg(long = "stats", overrides_with = "no_stats", help_heading = "Pipeline")]
    pub stats: bool,

    /// Undo --stats.
    #[arg(
        long = "no-stats",
        overrides_with = "stats",
        hide_short_help = true,
        help_heading = "Pipeline"
    )]
    pub no_stats: bool,

    /// Keep NULs as bytes in binary files that are searched, as rg does with maps.
    ///
    /// trawl decides itself how to read a file: files of 64 MiB or more are
    /// memory-mapped and searched in parallel chunks, other files are read, whatever the
    /// flag says. What the flag changes is what rg's choice shows in its output. A binary
    /// file that rg maps keeps its NULs as bytes, and a file that rg reads has each NUL
    /// turned into a line end, which changes what -c counts. Without either flag, trawl
    /// does what rg does: it keeps NULs when at most ten paths are given and all of them
    /// are files.
    #[arg(long = "mmap", overrides_with = "no_mmap", help_heading = "Pipeline")]
    pub mmap: bool,

    /// Read each NUL in a searched binary file as a line end, as rg does when it reads
    /// rather than maps. It does not stop trawl from memory-mapping a file of 64 MiB or
    /// more, as --mmap explains.
    #[arg(
        long = "no-mmap",
        overrides_with = "mmap",
        hide_short_help = true,
        help_heading = "Pipeline"
    )]
    pub no_mmap: bool,

    /// Print diagnostic messages on stderr: what was configured, and why files were
    /// left out (which ignore rule, binary data, size) or searched in chunks.
    #[arg(long = "debug", help_heading = "Pipeline")]
    pub debug: bool,

    /// Like --debug, with even more messages.
    #[arg(long = "trace", help_heading = "Pipeline")]
    pub trace: bool,

    /// Flush stdout after each file's results, even when stdout is not a terminal.
    ///
    /// This is the default on a terminal. Elsewhere stdout is flushed when its buffer is
    /// full, and whenever trawl waits for the next result. Line-buffered, results from
    /// standard input are printed as its lines arrive, once the results of the files
    /// before it are printed; block-buffered, they come when it ends, as each file's
    /// results come whole.
    #[arg(
        long = "line-buffered",
        overrides_with_all = ["no_line_buffered", "block_buffered", "no_block_buffered"],
        help_heading = "Pipeline"
    )]
    pub line_buffered: bool,

    /// Undo --line-buffered: flush after each file only on a terminal.
    #[arg(
        long = "no-line-buffered",
        overrides_with_all = ["line_buffered", "block_buffered", "no_block_buffered"],
        hide_short_help = true,
        help_heading = "Pipeline"
    )]
    pub no_line_buffered: bool,

    /// Flush stdout only when its buffer is full or trawl waits for the next result, even
    /// on a terminal: faster when a terminal gets a lot of output.
    #[arg(
        long = "block-buffered",
        overrides_with_all = ["line_buffered", "no_line_buffered", "no_block_buffered"],
        help_heading = "Pipeline"
    )]
    pub block_buffered: bool,

    /// Undo --block-buffered: flush after each file only on a terminal.
    #[arg(
        long = "no-block-buffered",
        overrides_with_all = ["line_buffered", "no_line_buffered", "block_buffered"],
        hide_short_help = true,
        help_heading = "Pipeline"
    )]
    pub no_block_buffered: bool,

    /// Don't print errors about files that cannot be opened or read, or that the walk
    /// could not reach. The exit code is still 2 after such an error.
    ///
    /// Errors in the patterns or the other arguments are still printed. This also
    /// implies --no-ignore-messages.
    #[arg(
        long = "no-messages",
        overrides_with = "messages",
        help_heading = "Messages"
    )]
    pub no_messages: bool,

    /// Undo --no-messages.
    #[arg(
        long = "messages",
        overrides_with = "no_messages",
        hide_short_help = true,
        help_heading = "Messages"
    )]
    pub messages: bool,

    /// Don't print warnings about ignore files that cannot be read or have bad lines.
    #[arg(
        long = "no-ignore-messages",
        overrides_with = "ignore_messages",
        help_heading = "Messages"
    )]
    pub no_ignore_messages: bool,

    /// Undo --no-ignore-messages.
    #[arg(
        long = "ignore-messages",
        overrides_with = "no_ignore_messages",
        hide_short_help = true,
        help_heading = "Messages"
    )]
    pub ignore_messages: bool,

    /// Ignore the file of default arguments named by TRAWL_CONFIG_PATH.
    #[arg(long = "no-config", help_heading = "Pipeline")]
    pub no_config: bool,

    /// Print a man page or shell completions, and exit: man, complete-bash, complete-zsh,
    /// complete-fish, complete-powershell or complete-elvish.
    #[arg(
        long = "generate",
        value_name = "KIND",
        value_enum,
        help_heading = "Pipeline"
    )]
    pub generate: Option<GenerateKind>,

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
        // themselves; --files, --type-list, --json and --no-json are ordered against them
        // here. --no-json undoes only a --json that is still the mode, so
        // `--files --json --no-json PATTERN` searches, and `--files --no-json` lists.
        let modes = [
            "files",
            "type_list",
            "count",
            "count_matches",
            "files_with_matches",
            "files_without_match",
            "json",
            "no_json",
        ];
        let mut given: Vec<(usize, &str)> = modes
            .iter()
            .filter_map(|id| last(id).map(|i| (i, *id)))
            .collect();
        given.sort_unstable();
        let mut mode = None;
        for (_, id) in given {
            mode = match id {
                "no_json" if mode == Some("json") => Some("search"),
                "no_json" => mode,
                _ => Some(id),
            };
        }
        if let Some(mode) = mode {
            args.filter.files = mode == "files";
            args.filter.type_list = mode == "type_list";
        }
        args.json = mode == Some("json");
        // --crlf and --null-data each choose the line terminator, and end the other, as in
        // rg: `--null-data --crlf` searches CRLF lines (found by our fuzzer, issue 13).
        // --no-crlf ends --crlf alone.
        let mut terminators: Vec<(usize, &str)> = ["crlf", "no_crlf", "null_data"]
            .iter()
            .filter_map(|id| last(id).map(|i| (i, *id)))
            .collect();
        terminators.sort_unstable();
        for (_, id) in terminators {
            args.crlf = id == "crlf";
            if id != "no_crlf" {
                args.null_data = id == "null_data";
            }
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
