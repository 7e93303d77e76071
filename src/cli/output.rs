//! The output options: what each printed line looks like, context, colors, links, and
//! how stdout is flushed. The sort flags are with the filters, in [`super::filter`].

use std::ffi::OsString;

use clap::Args;

use super::OUTPUT;

/// What each printed line looks like.
#[derive(Debug, Args)]
pub struct OutputArgs {
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
}
