//! Command-line arguments, as clap sees them.
//!
//! This is the only module that knows clap. Everything past [`crate::config`] sees a
//! validated [`crate::config::Config`] and never a clap type. The `///` comments here are
//! the `--help` text: the first paragraph is the short help that `-h` prints, the rest is
//! added by `--help`.

use std::ffi::OsString;

pub mod filter;

use clap::{Parser, ValueEnum};

pub use self::filter::FilterArgs;

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
    args_override_self = true,
    override_usage = "trawl [OPTIONS] PATTERN [PATH...]\n       trawl [OPTIONS] -e PATTERN... [PATH...]"
)]
pub struct Args {
    /// A regular expression to search for.
    ///
    /// When -e is given, every positional argument is a PATH instead.
    #[arg(value_name = "PATTERN")]
    pub positional: Vec<OsString>,

    /// A pattern to search for; may be repeated, and a line matches if any pattern matches.
    ///
    /// Use this for patterns that start with a dash.
    #[arg(
        short = 'e',
        long = "regexp",
        value_name = "PATTERN",
        allow_hyphen_values = true
    )]
    pub regexp: Vec<OsString>,

    /// Treat every pattern as a literal string, not a regular expression.
    #[arg(short = 'F', long = "fixed-strings")]
    pub fixed_strings: bool,

    /// Search case-insensitively.
    #[arg(short = 'i', long = "ignore-case")]
    pub ignore_case: bool,

    /// Only show matches surrounded by word boundaries.
    #[arg(short = 'w', long = "word-regexp")]
    pub word_regexp: bool,

    /// Which files are searched.
    #[command(flatten)]
    pub filter: FilterArgs,

    /// The number of worker threads (default: the number of available cores).
    #[arg(short = 'j', long = "threads", value_name = "NUM")]
    pub threads: Option<usize>,

    /// How workers run: as threads of this process, or as worker processes.
    ///
    /// Both modes print exactly the same output; --stats shows how each spent its time.
    #[arg(long = "mode", value_name = "MODE", value_enum, default_value_t = ModeArg::Threads)]
    pub mode: ModeArg,

    /// Print statistics after the results: ripgrep's block, then what each pipeline stage did.
    #[arg(long = "stats")]
    pub stats: bool,

    /// Run as a worker process of a parent trawl (internal).
    #[arg(long = "worker", hide = true)]
    pub worker: bool,

    /// Print one line per matching line, as `path:line:text`, instead of one line per match.
    ///
    /// This is ripgrep's standard `-n -H --no-heading` format.
    #[arg(long = "no-column")]
    pub no_column: bool,
}

impl Args {
    /// Parses the process arguments; clap prints usage errors and exits with status 2.
    pub fn parse_from_env() -> Args {
        Args::parse()
    }
}
