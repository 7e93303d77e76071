//! The validated configuration, built once from the parsed arguments.
//!
//! Nothing past this module sees a clap type. Every check of the arguments that can fail
//! happens here, so a configuration error stops the run before any file is searched.

use std::ffi::OsString;
use std::io::Read;
use std::num::NonZeroUsize;
use std::os::unix::ffi::OsStrExt;

use anyhow::{Context, bail};

mod output;
mod walk;

use crate::cli::{Args, EngineArg, ModeArg};
use crate::matcher::{Case, EngineChoice, MatcherBuilder};
use crate::printer::{OutputMode, PrinterConfig};
use crate::search::SearchOptions;
use crate::walk::{Root, WalkOptions};

/// The most workers a run starts: `-j` above it is capped, as the README says. Each
/// worker is a thread (or a child process) and a rayon thread for huge files; far more of
/// them than cores only costs memory and switches, and `-j 100000` once spawned threads
/// until the run could not finish.
pub const MAX_THREADS: usize = 256;

/// What a run does: search, or only list files or types. It is defined here, not in
/// [`crate::listing`], so that the configuration depends on no stage that reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listing {
    /// Search, the usual case.
    Search,
    /// `--files`: print the files that would be searched.
    Files,
    /// `--type-list`: print the file types and their globs.
    TypeList,
}

/// How workers are run. Defined here for the same reason as [`Listing`]: the pipeline
/// reads the configuration, not the other way round.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Worker threads in this process.
    Threads,
    /// Worker processes of this same binary.
    Processes,
}

/// Everything a run needs to know.
#[derive(Clone, Debug)]
pub struct Config {
    /// The patterns, in priority order.
    pub patterns: Vec<String>,
    /// How the patterns are compiled.
    pub matcher: MatcherBuilder,
    /// What to search, in output order.
    pub roots: Vec<Root>,
    /// Whether to search, or only list files or types.
    pub listing: Listing,
    /// Which walked files are searched.
    pub walk: WalkOptions,
    /// The number of workers.
    pub threads: usize,
    /// The output layout.
    pub printer: PrinterConfig,
    /// What to select and which context to show.
    pub search: SearchOptions,
    /// Stop after this many results, in output order.
    pub max_results: Option<u64>,
    /// How workers run.
    pub mode: Mode,
    /// Print statistics after the results.
    pub stats: bool,
    /// Flush stdout after each file's results, and print stdin's results as its lines
    /// arrive: on a terminal, or with `--line-buffered`.
    pub line_buffered: bool,
    /// Print errors about files that cannot be opened or read (off with `--no-messages`).
    /// They still make the exit code 2.
    pub messages: bool,
    /// This process is a worker process of a parent trawl.
    pub worker: bool,
    /// The run succeeds when some file has no match, rather than when some file has one:
    /// `--files-without-match`, also under `-q`, as in rg.
    pub success_without_match: bool,
    /// Print the JSON summary line at the end: under `--json`, and under `--json -q` too,
    /// which prints nothing else, as in rg.
    pub json_summary: bool,
}

impl Config {
    /// Validates `args`. `stdin_searchable` says whether standard input is a file, FIFO or
    /// socket, which makes it the haystack when no path is named.
    pub fn from_args(args: Args, stdin_searchable: bool) -> anyhow::Result<Config> {
        // `--files` and `--type-list` take no pattern: every positional is a PATH, and, as
        // in rg, the -f files are not read (found by our fuzzer, issue 13).
        let searching = walk::listing(&args.filter) == Listing::Search;
        let pattern_file = |file: &OsString| match searching {
            true => read_pattern_file(file),
            false => Ok(vec![]),
        };
        let patterns_from_stdin = searching && args.input.file.iter().any(|f| f == "-");
        let mut positional = args.positional.clone().into_iter();
        // -e patterns and -f files in command-line order, as rg takes them.
        let mut raw_patterns: Vec<OsString> = Vec::new();
        for &(is_file, i) in &args.pattern_order {
            match is_file {
                false => raw_patterns.push(args.input.regexp[i].clone()),
                true => raw_patterns.extend(pattern_file(&args.input.file[i])?),
            }
        }
        if args.pattern_order.is_empty() {
            // Arguments not parsed from a command line (tests) keep flag order.
            raw_patterns.extend(args.input.regexp.iter().cloned());
            for file in &args.input.file {
                raw_patterns.extend(pattern_file(file)?);
            }
        }
        if args.input.regexp.is_empty() && args.input.file.is_empty() && searching {
            match positional.next() {
                Some(pattern) => raw_patterns.push(pattern),
                None => bail!("no pattern given: usage is trawl [OPTIONS] PATTERN [PATH...]"),
            }
        }
        let patterns = raw_patterns
            .into_iter()
            .map(|p| {
                p.into_string()
                    .map_err(|p| anyhow::anyhow!("{}: the pattern is not valid UTF-8", p.display()))
            })
            .collect::<anyhow::Result<Vec<String>>>()?;
        let paths: Vec<OsString> = positional.collect();
        // Stdin that held the patterns is used up: with no path, `.` is searched, as rg
        // does, and naming it again is refused, as rg does.
        let roots = walk::roots(
            paths,
            &args.filter,
            stdin_searchable && !patterns_from_stdin,
        )?;
        let reads_stdin = roots.iter().any(|root| match root {
            Root::Stdin => true,
            Root::List { path, .. } => path.as_os_str() == "-",
            _ => false,
        });
        if patterns_from_stdin && reads_stdin {
            bail!("-f -: the patterns are read from stdin, so stdin cannot also be searched");
        }
        Config::build(args, patterns, roots, false)
    }

    /// The configuration of a worker process, from the parent's arguments and the
    /// patterns the parent read. Nothing is read here: not the `-f` files, not stdin
    /// (which is the parent's pipe of frames), not the paths, which the parent walks.
    pub fn for_worker(args: Args, patterns: Vec<String>) -> anyhow::Result<Config> {
        Config::build(args, patterns, vec![], true)
    }

    fn build(
        args: Args,
        patterns: Vec<String>,
        roots: Vec<Root>,
        worker: bool,
    ) -> anyhow::Result<Config> {
        let listing = walk::listing(&args.filter);

        let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
        let threads = match args.search.threads {
            Some(0) | None => cores,
            Some(n) if n > MAX_THREADS => {
                log::debug!("-j {n}: capped at {MAX_THREADS} workers");
                MAX_THREADS
            }
            Some(n) => n,
        };

        let mut walk = walk::walk_options(&args.filter, &args.switches)?;
        // rg's --no-messages silences the ignore-file warnings too.
        walk.no_ignore_messages = args.logging.no_ignore_messages || args.logging.no_messages;

        // -P, --no-pcre2, --engine and the hybrid flags override each other, so at most
        // one of them is set.
        let engine = if args.search.pcre2 {
            EngineChoice::Pcre2
        } else if args.search.auto_hybrid_regex {
            EngineChoice::Auto
        } else {
            match args.search.engine {
                Some(EngineArg::Pcre2) => EngineChoice::Pcre2,
                Some(EngineArg::Auto) => EngineChoice::Auto,
                Some(EngineArg::Default) | None => EngineChoice::Default,
            }
        };
        let mut matcher = MatcherBuilder::new();
        matcher
            .fixed_strings(args.search.fixed_strings)
            .case(if args.search.ignore_case {
                Case::Insensitive
            } else if args.search.smart_case {
                Case::Smart
            } else {
                Case::Sensitive
            })
            .word(args.search.word_regexp)
            .line(args.search.line_regexp)
            .crlf(args.search.crlf)
            .unicode(!(args.search.no_unicode || args.search.no_pcre2_unicode))
            .size_limit(size_limit(
                "--regex-size-limit",
                &args.search.regex_size_limit,
            )?)
            .dfa_size_limit(size_limit("--dfa-size-limit", &args.search.dfa_size_limit)?)
            .multiline(args.search.multiline)
            .dot_all(args.search.multiline_dotall)
            .null_data(args.search.null_data)
            // -a, --binary, their negations and -uuu, in command-line order: `-a -uuu`
            // detects binary files again (found by our fuzzer).
            .ban_nul(args.switches.binary != crate::cli::filter::BinarySwitch::Text)
            .engine(engine);
        let printer = output::printer_config(&args)?;
        let mut search = output::search_options(&args)?;
        search.keep_nuls = maps_like_rg(&args, &roots);
        log::debug!(
            "NULs in searched binary files {}",
            if search.keep_nuls {
                "stay bytes, as in a file rg maps"
            } else {
                "end lines, as in a file rg reads"
            }
        );

        let success_without_match = args.modes.files_without_match
            && matches!(
                printer.mode,
                OutputMode::FilesWithoutMatch | OutputMode::Quiet
            );
        let json_summary =
            printer.mode == OutputMode::Json || (args.modes.json && args.output.quiet);
        let config = Config {
            json_summary,
            success_without_match,
            patterns,
            matcher,
            roots,
            listing,
            walk,
            threads,
            printer,
            search,
            max_results: args.search.max_results,
            mode: match args.search.mode {
                ModeArg::Threads => Mode::Threads,
                ModeArg::Processes => Mode::Processes,
            },
            stats: args.logging.stats,
            // As in rg: line buffering on a terminal, block buffering elsewhere, unless
            // asked; the negations return to that default.
            line_buffered: if args.output.line_buffered {
                true
            } else if args.output.block_buffered {
                false
            } else {
                std::io::IsTerminal::is_terminal(&std::io::stdout())
            },
            messages: !args.logging.no_messages,
            worker,
        };
        Ok(config)
    }
}

/// Whether ripgrep would memory-map the files it searches: with `--mmap`, or when at most
/// ten paths are named and all of them are files. A mapped binary file keeps its NULs as
/// bytes; a read one has each NUL turned into a line end. Matching rg here keeps `rg -c`
/// on a named binary file byte-identical. Under `-E LABEL`, rg decodes every file through
/// a reader, mapped or not, so NULs end lines (found by our fuzzer, issue 13).
fn maps_like_rg(args: &Args, roots: &[Root]) -> bool {
    if args
        .search
        .encoding
        .as_deref()
        .is_some_and(|label| !label.eq_ignore_ascii_case("none"))
    {
        return false;
    }
    if args.search.mmap || args.search.no_mmap {
        return args.search.mmap;
    }
    roots.len() <= 10
        && roots
            .iter()
            .all(|root| matches!(root, Root::Path(path) if path.is_file()))
}

/// A memory limit in rg's NUM+SUFFIX syntax (`--regex-size-limit 10M`), if given.
fn size_limit(flag: &str, value: &Option<String>) -> anyhow::Result<Option<usize>> {
    let Some(text) = value else {
        return Ok(None);
    };
    let bytes = walk::parse_size(text).with_context(|| format!("{flag} {text}"))?;
    usize::try_from(bytes)
        .map(Some)
        .map_err(|_| anyhow::anyhow!("{flag} {text}: the size is too large"))
}

/// The patterns in a `-f` file, one per line; `-` reads stdin.
fn read_pattern_file(path: &OsString) -> anyhow::Result<Vec<OsString>> {
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("-f -: reading patterns from stdin")?;
    } else {
        bytes = std::fs::read(path).with_context(|| format!("{}", path.display()))?;
    }
    if bytes.is_empty() {
        return Ok(vec![]);
    }
    let text = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
    Ok(text
        .split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
        .map(|line| std::ffi::OsStr::from_bytes(line).to_os_string())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(argv: &[&str]) -> anyhow::Result<Config> {
        let mut full = vec!["trawl"];
        full.extend_from_slice(argv);
        Config::from_args(Args::try_parse_from_iter(full)?, false)
    }

    #[test]
    fn first_positional_is_the_pattern_unless_e_is_given() {
        let c = config(&["foo", "a", "b"]).unwrap();
        assert_eq!(c.patterns, vec!["foo"]);
        assert_eq!(
            c.roots,
            vec![Root::Path("a".into()), Root::Path("b".into())]
        );
        let c = config(&["-e", "x", "-e", "-y", "foo"]).unwrap();
        assert_eq!(c.patterns, vec!["x", "-y"]);
        assert_eq!(c.roots, vec![Root::Path("foo".into())]);
    }

    #[test]
    fn no_path_means_current_dir_and_dash_means_stdin() {
        assert_eq!(config(&["foo"]).unwrap().roots, vec![Root::CurrentDir]);
        assert_eq!(config(&["foo", "-"]).unwrap().roots, vec![Root::Stdin]);
        let args = Args::try_parse_from_iter(["trawl", "foo"]).unwrap();
        assert_eq!(
            Config::from_args(args, true).unwrap().roots,
            vec![Root::Stdin]
        );
    }

    #[test]
    fn threads_default_to_the_cores() {
        assert!(config(&["x"]).unwrap().threads >= 1);
        assert_eq!(config(&["-j", "3", "x"]).unwrap().threads, 3);
        // Found by a hostile probe: -j 100000 spawned threads without end.
        let huge = usize::MAX.to_string();
        for n in ["257", "100000", huge.as_str()] {
            assert_eq!(config(&["-j", n, "x"]).unwrap().threads, MAX_THREADS, "{n}");
        }
        assert_eq!(config(&["-j", "256", "x"]).unwrap().threads, 256);
    }

    #[test]
    fn mode_defaults_to_threads() {
        assert_eq!(config(&["x"]).unwrap().mode, Mode::Threads);
        let c = config(&["--mode", "processes", "x"]).unwrap();
        assert_eq!(c.mode, Mode::Processes);
        assert!(config(&["--mode", "fibers", "x"]).is_err());
    }

    #[test]
    fn missing_pattern_is_an_error() {
        assert!(config(&[]).is_err());
    }

    #[test]
    fn pattern_files_add_to_e_patterns() {
        let path = std::env::temp_dir().join(format!("trawl-pat-{}", std::process::id()));
        std::fs::write(&path, "a\r\n\nb\n").unwrap();
        let p = path.to_str().unwrap();
        let c = config(&["-e", "x", "-f", p, "dir"]).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(c.patterns, vec!["x", "a", "", "b"]);
        assert_eq!(c.roots, vec![Root::Path("dir".into())]);
    }

    #[test]
    fn size_limits_take_a_suffix_and_name_the_flag_when_bad() {
        let limit = |text: &str| size_limit("--regex-size-limit", &Some(text.to_string()));
        assert_eq!(limit("0").unwrap(), Some(0));
        assert_eq!(limit("10").unwrap(), Some(10));
        assert_eq!(limit("10K").unwrap(), Some(10 << 10));
        assert_eq!(limit("3M").unwrap(), Some(3 << 20));
        assert_eq!(limit("2G").unwrap(), Some(2 << 30));
        assert_eq!(size_limit("--dfa-size-limit", &None).unwrap(), None);
        for bad in ["", "1k", "1.5K", "1KB", " 1K", "-1", "K", "99999999999G"] {
            let err = format!("{:#}", limit(bad).unwrap_err());
            assert!(
                err.starts_with(&format!("--regex-size-limit {bad}: ")),
                "{err}"
            );
        }
        let err = format!(
            "{:#}",
            config(&["--dfa-size-limit", "1m", "x"]).unwrap_err()
        );
        assert!(err.starts_with("--dfa-size-limit 1m: "), "{err}");
    }

    #[test]
    fn the_last_engine_flag_wins() {
        let engine = |argv: &[&str]| config(argv).unwrap().matcher.engine_choice();
        for (argv, want) in [
            (&["x"][..], EngineChoice::Default),
            (&["-P", "x"], EngineChoice::Pcre2),
            (&["--engine", "pcre2", "x"], EngineChoice::Pcre2),
            (&["--engine", "default", "-P", "x"], EngineChoice::Pcre2),
            (&["--engine", "auto", "x"], EngineChoice::Auto),
            (&["-P", "--engine", "default", "x"], EngineChoice::Default),
            (&["-P", "--auto-hybrid-regex", "x"], EngineChoice::Auto),
            (
                &["-P", "--no-auto-hybrid-regex", "x"],
                EngineChoice::Default,
            ),
            (
                &["--engine", "pcre2", "--no-pcre2", "x"],
                EngineChoice::Default,
            ),
        ] {
            assert_eq!(engine(argv), want, "{argv:?}");
        }
        assert!(config(&["--engine", "bogus", "x"]).is_err());
    }
}
