//! The output modes (`-c`, `-l`, `--json`, ...), which print something else than lines,
//! and the other behaviors: flags that print help, a version or generated files, or that
//! skip the config file.

use clap::{ArgAction, Args};

use super::{GenerateKind, MODES, OTHER};

/// What a run prints instead of lines, and the flags that print something else.
#[derive(Debug, Args)]
pub struct ModeArgs {
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
    /// --files-without-match.
    #[arg(long = "json", overrides_with_all = ["count", "count_matches", "files_with_matches", "files_without_match"], help_heading = MODES)]
    pub json: bool,

    /// Undo --json: print results in the usual layout.
    ///
    /// It undoes only a --json that is still the output mode: `--files --json --no-json
    /// PATTERN` searches, and `--files --no-json` lists, as in rg.
    ///
    /// Default: off.
    // Ordered against --json and the other modes in `from_matches`, not by clap: clap
    // would forget a --json that --no-json undoes, and with it that the --json ended
    // --files.
    #[arg(long = "no-json", hide_short_help = true, help_heading = MODES)]
    pub no_json: bool,
}

/// The flags that print something else than a search, or skip the config file.
#[derive(Debug, Args)]
pub struct OtherArgs {
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
}
