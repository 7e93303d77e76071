//! Arguments that choose which files are searched: the walker's filters.
//!
//! Flattened into [`super::Args`]; converted by `config::walk` into
//! [`crate::walk::WalkOptions`].

use clap::Args;

/// Flags that select haystacks.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Search only files with these extensions (repeatable, or comma separated: -O c,h).
    ///
    /// This selects the same files as ripgrep's `--type-add 'ext:*.c' -t ext`.
    #[arg(short = 'O', long = "ext", value_name = "EXT", value_delimiter = ',')]
    pub ext: Vec<String>,

    /// Search hidden files and directories.
    #[arg(long = "hidden")]
    pub hidden: bool,

    /// Don't respect .gitignore, .ignore and git exclude files.
    #[arg(long = "no-ignore")]
    pub no_ignore: bool,
}
