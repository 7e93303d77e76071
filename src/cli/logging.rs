//! The logging options: what trawl says on stderr about its run.

use clap::Args;

use super::LOGGING;

/// What trawl says on stderr about its run.
#[derive(Debug, Args)]
pub struct LoggingArgs {
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
}
