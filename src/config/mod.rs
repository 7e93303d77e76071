//! The validated configuration, built once from the parsed arguments.
//!
//! Nothing past this module sees a clap type. Every check of the arguments that can fail
//! happens here, so a configuration error stops the run before any file is searched.

use std::ffi::OsString;
use std::num::NonZeroUsize;

use anyhow::bail;

mod walk;

use crate::cli::{Args, ModeArg};
use crate::listing::Listing;
use crate::matcher::MatcherBuilder;
use crate::pipeline::Mode;
use crate::printer::Format;
use crate::walk::{Root, WalkOptions};

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
    /// The output format.
    pub format: Format,
    /// How workers run.
    pub mode: Mode,
    /// Print statistics after the results.
    pub stats: bool,
    /// This process is a worker process of a parent trawl.
    pub worker: bool,
}

impl Config {
    /// Validates `args`. `stdin_searchable` says whether standard input is a file, FIFO or
    /// socket, which makes it the haystack when no path is named.
    pub fn from_args(args: Args, stdin_searchable: bool) -> anyhow::Result<Config> {
        let mut positional = args.positional.into_iter();
        let raw_patterns: Vec<OsString> = if args.regexp.is_empty() {
            match positional.next() {
                Some(pattern) => vec![pattern],
                None => bail!("no pattern given: usage is trawl [OPTIONS] PATTERN [PATH...]"),
            }
        } else {
            args.regexp
        };
        let patterns = raw_patterns
            .into_iter()
            .map(|p| {
                p.into_string()
                    .map_err(|p| anyhow::anyhow!("{}: the pattern is not valid UTF-8", p.display()))
            })
            .collect::<anyhow::Result<Vec<String>>>()?;

        let paths: Vec<OsString> = positional.collect();
        let roots = walk::roots(paths, &args.filter, stdin_searchable)?;
        let listing = walk::listing(&args.filter);

        let threads = match args.threads {
            Some(0) | None => std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
            Some(n) => n,
        };

        let walk = walk::walk_options(&args.filter)?;

        let mut matcher = MatcherBuilder::new();
        matcher
            .fixed_strings(args.fixed_strings)
            .case_insensitive(args.ignore_case)
            .word(args.word_regexp);

        let config = Config {
            patterns,
            matcher,
            roots,
            listing,
            walk,
            threads,
            format: if args.no_column {
                Format::PerLine
            } else {
                Format::PerMatch
            },
            mode: match args.mode {
                ModeArg::Threads => Mode::Threads,
                ModeArg::Processes => Mode::Processes,
            },
            stats: args.stats,
            worker: args.worker,
        };
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn config(argv: &[&str]) -> anyhow::Result<Config> {
        let mut full = vec!["trawl"];
        full.extend_from_slice(argv);
        Config::from_args(Args::try_parse_from(full)?, false)
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
        let args = Args::try_parse_from(["trawl", "foo"]).unwrap();
        assert_eq!(
            Config::from_args(args, true).unwrap().roots,
            vec![Root::Stdin]
        );
    }

    #[test]
    fn threads_default_to_the_cores() {
        assert!(config(&["x"]).unwrap().threads >= 1);
        assert_eq!(config(&["-j", "3", "x"]).unwrap().threads, 3);
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
    fn no_column_selects_the_per_line_format() {
        assert_eq!(config(&["x"]).unwrap().format, Format::PerMatch);
        assert_eq!(
            config(&["--no-column", "x"]).unwrap().format,
            Format::PerLine
        );
    }
}
