//! The input options: where the patterns come from, and how files are read before they are
//! searched (`--pre`, `-z`). `--files-from` is with the filters, in [`super::filter`].

use std::ffi::OsString;

use clap::Args;

use super::INPUT;

/// Where patterns come from, and how files are read.
#[derive(Debug, Args)]
pub struct InputArgs {
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
}
