//! Command-line arguments, as clap sees them.
//!
//! This is the only module that knows clap. Everything past [`crate::config`] sees a
//! validated [`crate::config::Config`] and never a clap type. [`Args`] gathers one struct
//! per help heading, each in its own file: [`input`], [`search`], [`filter`] (with
//! [`types`]), [`output`], [`modes`] and [`logging`]. Their `///` comments are the
//! `--help` text: the first paragraph is the short help that `-h` prints, the rest is
//! added by `--help`. This file resolves what depends on the flags' order, and reads the
//! config file.

use std::ffi::OsString;

#[cfg(test)]
mod claims;
pub mod filter;
pub mod input;
pub mod logging;
pub mod man;
pub mod modes;
pub mod output;
pub mod search;
pub mod switches;
pub mod types;
mod usage;

use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, ValueEnum};

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
pub use self::input::InputArgs;
pub use self::logging::LoggingArgs;
pub use self::modes::{ModeArgs, OtherArgs};
pub use self::output::OutputArgs;
pub use self::search::SearchArgs;
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

    /// Where patterns come from, and how files are read.
    #[command(flatten)]
    pub input: InputArgs,

    /// How patterns match, what is selected, and how workers run.
    #[command(flatten)]
    pub search: SearchArgs,

    /// What each printed line looks like.
    #[command(flatten)]
    pub output: OutputArgs,

    /// What a run prints instead of lines, and the flags that print something else.
    #[command(flatten)]
    pub modes: ModeArgs,

    /// What trawl says on stderr about its run.
    #[command(flatten)]
    pub logging: LoggingArgs,

    /// The flags that print something else than a search, or skip the config file.
    #[command(flatten)]
    pub other: OtherArgs,

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
        let last = |id: &str| last_given(matches, id);
        args.column_last = match (last("column"), last("no_column")) {
            (Some(on), Some(off)) => Some(on > off),
            (Some(_), None) => Some(true),
            (None, Some(_)) => Some(false),
            (None, None) => None,
        };
        args.pattern_order = pattern_order(matches);
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
        args.modes.json = mode == Some("json");
        args.end_passthru(matches);
        args.apply_pretty(matches);
        Ok(args)
    }

    /// A -A, -B or -C after --passthru ends it, and forgets the context flags given
    /// before it, as rg's --help says.
    fn end_passthru(&mut self, matches: &ArgMatches) {
        let last = |id: &str| last_given(matches, id);
        let Some(passthru) = last("passthru") else {
            return;
        };
        let after = |id: &str| last(id).is_some_and(|i| i > passthru);
        if !["after_context", "before_context", "context"]
            .iter()
            .any(|id| after(id))
        {
            return;
        }
        let output = &mut self.output;
        output.passthru = false;
        if !after("after_context") {
            output.after_context = None;
        }
        if !after("before_context") {
            output.before_context = None;
        }
        if !after("context") {
            output.context = None;
        }
    }

    /// -p sets each of its three parts unless a later flag set that part.
    fn apply_pretty(&mut self, matches: &ArgMatches) {
        let last = |id: &str| last_given(matches, id);
        let Some(pretty) = last("pretty") else {
            return;
        };
        let unset_after = |ids: &[&str]| ids.iter().filter_map(|id| last(id)).all(|i| i < pretty);
        let output = &mut self.output;
        if unset_after(&["color"]) {
            output.color = Some("always".to_string());
        }
        if unset_after(&["heading", "no_heading"]) {
            (output.heading, output.no_heading) = (true, false);
        }
        if unset_after(&["line_number", "no_line_number"]) {
            (output.line_number, output.no_line_number) = (true, false);
        }
    }
}

/// The position of the last `id` flag on the command line, if it was given there: a
/// flag's default value has an index too, and only a flag that was given counts.
fn last_given(matches: &ArgMatches, id: &str) -> Option<usize> {
    (matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine))
        .then(|| matches.indices_of(id).and_then(|i| i.max()))
        .flatten()
}

/// The `-e` patterns and `-f` files in command-line order: for each, whether it is a
/// file, and its index among the values of its flag.
fn pattern_order(matches: &ArgMatches) -> Vec<(bool, usize)> {
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
    order.into_iter().map(|(_, f, i)| (f, i)).collect()
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
                a.output.color,
                a.output.heading,
                a.output.no_heading,
                a.output.line_number,
                a.output.no_line_number,
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
            ("--crlf", "--no-crlf", |a| a.search.crlf),
            ("-U", "--no-multiline", |a| a.search.multiline),
            ("--multiline-dotall", "--no-multiline-dotall", |a| {
                a.search.multiline_dotall
            }),
            ("-P", "--no-pcre2", |a| a.search.pcre2),
            ("-v", "--no-invert-match", |a| a.search.invert_match),
            ("--include-zero", "--no-include-zero", |a| {
                a.output.include_zero
            }),
            ("--json", "--no-json", |a| a.modes.json),
            ("-a", "--no-text", |a| a.search.text),
            ("--binary", "--no-binary", |a| a.search.binary),
            ("-b", "--no-byte-offset", |a| a.output.byte_offset),
            ("--trim", "--no-trim", |a| a.output.trim),
            ("--max-columns-preview", "--no-max-columns-preview", |a| {
                a.output.max_columns_preview
            }),
            ("--stats", "--no-stats", |a| a.logging.stats),
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
            assert_eq!((a.search.text, a.search.binary), (text, binary), "{argv:?}");
        }
        assert_eq!(
            args(&["-E", "latin1", "--no-encoding"]).search.encoding,
            None
        );
        let a = args(&["--no-encoding", "-E", "latin1"]);
        assert_eq!(a.search.encoding.as_deref(), Some("latin1"));
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
