//! Arguments that choose which files are searched, and in what order: the walker's filters.
//!
//! Flattened into [`super::Args`]; converted by `config::walk` into
//! [`crate::walk::WalkOptions`]. The flags and their meanings are ripgrep 15's, so that
//! `--help` reads the same to someone who knows rg. Flags that rg lets a later `--no-…`
//! flag undo get that pair here too, with the last one given winning, because a config
//! file may set the one and the command line the other.

use std::path::PathBuf;

use clap::{ArgAction, Args, ValueEnum};

pub use super::types::{TypeArgs, TypeChange};
use super::{FILTER, INPUT, OTHER, OUTPUT};

pub use super::switches::BinarySwitch;

/// Flags that select haystacks.
#[derive(Debug, Args)]
#[command(next_help_heading = FILTER)]
pub struct FilterArgs {
    /// Search only files with these extensions.
    ///
    /// Repeatable, or comma separated: -O c,h. This selects the same files as ripgrep's
    /// `--type-add 'ext:*.c' -t ext`. It adds to the files that -t selects: `-O c -t rust`
    /// searches files ending in `.c` and Rust files. A -T given as well still excludes its
    /// type, even when -O names it.
    ///
    /// Default: none: files of every extension are searched.
    #[arg(short = 'O', long = "ext", value_name = "EXT", value_delimiter = ',')]
    pub ext: Vec<String>,

    /// File types: -t, -T, --type-add and --type-clear, in the order given.
    #[command(flatten)]
    pub types: TypeArgs,

    /// Include or exclude paths that match GLOB.
    ///
    /// Repeatable. Globs follow .gitignore's rules and override every other ignore rule.
    /// Precede a glob with `!` to exclude what it matches. When several globs match a
    /// path, the one given last wins. A glob without a `/` matches a name in any
    /// directory; to search only under a directory foo, use `-g 'foo/**'`. A file named as
    /// a PATH is searched whatever the globs say.
    ///
    /// Default: none.
    #[arg(
        short = 'g',
        long = "glob",
        value_name = "GLOB",
        allow_hyphen_values = true
    )]
    pub glob: Vec<String>,

    /// Like -g, but matches case-insensitively.
    ///
    /// Repeatable. These globs take precedence over every -g glob, wherever they are
    /// given.
    ///
    /// Default: none.
    #[arg(long = "iglob", value_name = "GLOB", allow_hyphen_values = true)]
    pub iglob: Vec<String>,

    /// Match every -g glob case-insensitively.
    ///
    /// As if each were given to --iglob.
    ///
    /// Default: off. Overrides: --no-glob-case-insensitive.
    #[arg(
        long = "glob-case-insensitive",
        overrides_with = "no_glob_case_insensitive"
    )]
    pub glob_case_insensitive: bool,

    /// Undo --glob-case-insensitive.
    ///
    /// Default: off. Overrides: --glob-case-insensitive.
    #[arg(
        long = "no-glob-case-insensitive",
        overrides_with = "glob_case_insensitive",
        hide_short_help = true
    )]
    pub no_glob_case_insensitive: bool,

    /// Print every known file type and its globs, and exit.
    ///
    /// One type per line. The list takes --type-add and --type-clear into account. Of
    /// --type-list, --files and the output modes (-c, --count-matches, -l,
    /// --files-without-match, --json), the last one given wins.
    ///
    /// Default: off.
    #[arg(long = "type-list", help_heading = OTHER)]
    pub type_list: bool,

    /// Descend at most NUM directories below each PATH.
    ///
    /// 0 searches only the paths given themselves: a directory named as a PATH is then
    /// not entered at all. 1 searches a directory's direct children.
    ///
    /// Default: no limit.
    #[arg(
        short = 'd',
        long = "max-depth",
        allow_negative_numbers = true,
        visible_alias = "maxdepth",
        value_name = "NUM"
    )]
    pub max_depth: Option<usize>,

    /// Skip files larger than NUM bytes.
    ///
    /// A K, M or G suffix multiplies by 1024, 1024² or 1024³: --max-filesize 50K. The
    /// limit does not apply to files named as a PATH.
    ///
    /// Default: no limit.
    #[arg(long = "max-filesize", value_name = "NUM+SUFFIX?")]
    pub max_filesize: Option<String>,

    /// Search hidden files and directories.
    ///
    /// Those whose name starts with a dot. A hidden file named as a PATH, or whitelisted
    /// by an ignore file or a glob, is searched without this flag. -uu sets it too; of
    /// --hidden, --no-hidden and -uu, the last one given wins.
    ///
    /// Default: off. Overrides: --no-hidden.
    #[arg(short = '.', long = "hidden", overrides_with = "no_hidden")]
    pub hidden: bool,

    /// Undo --hidden (and -uu's part of it): skip hidden files.
    ///
    /// Default: off. Overrides: -./--hidden.
    #[arg(long = "no-hidden", overrides_with = "hidden", hide_short_help = true)]
    pub no_hidden: bool,

    /// Don't respect ignore files.
    ///
    /// .gitignore, .ignore, .rgignore, git's exclude and global ignore files, and those in
    /// parent directories. This sets each of the --no-ignore-vcs, --no-ignore-dot,
    /// --no-ignore-parent, --no-ignore-global and --no-ignore-exclude flags, where it
    /// stands: a later --ignore-vcs turns .gitignore files back on. The --ignore-file
    /// files stay in force. -u does the same.
    ///
    /// Default: off. Overrides: --ignore.
    #[arg(long = "no-ignore", overrides_with = "ignore")]
    pub no_ignore: bool,

    /// Undo --no-ignore (and -u): respect every kind of ignore file again.
    ///
    /// Like --no-ignore, it acts where it stands: a later --no-ignore-vcs still applies.
    ///
    /// Default: off. Overrides: --no-ignore.
    #[arg(long = "ignore", overrides_with = "no_ignore", hide_short_help = true)]
    pub ignore: bool,

    /// Don't respect .gitignore, git's exclude and global ignore files.
    ///
    /// .ignore and .rgignore still apply. Of it, --ignore-vcs, --no-ignore, --ignore
    /// and -u, the last one given wins.
    ///
    /// Default: off. Overrides: --ignore-vcs.
    #[arg(long = "no-ignore-vcs", overrides_with = "ignore_vcs")]
    pub no_ignore_vcs: bool,

    /// Undo --no-ignore-vcs: respect .gitignore, git's exclude and global ignore files.
    ///
    /// Default: off. Overrides: --no-ignore-vcs.
    #[arg(
        long = "ignore-vcs",
        overrides_with = "no_ignore_vcs",
        hide_short_help = true
    )]
    pub ignore_vcs: bool,

    /// Don't respect .ignore and .rgignore files.
    ///
    /// Of it, --ignore-dot, --no-ignore, --ignore and -u, the last one given wins.
    ///
    /// Default: off. Overrides: --ignore-dot.
    #[arg(long = "no-ignore-dot", overrides_with = "ignore_dot")]
    pub no_ignore_dot: bool,

    /// Undo --no-ignore-dot: respect .ignore and .rgignore files.
    ///
    /// Default: off. Overrides: --no-ignore-dot.
    #[arg(
        long = "ignore-dot",
        overrides_with = "no_ignore_dot",
        hide_short_help = true
    )]
    pub ignore_dot: bool,

    /// Don't respect ignore files in parent directories.
    ///
    /// Those above each PATH. Of it, --ignore-parent, --no-ignore, --ignore and -u, the
    /// last one given wins.
    ///
    /// Default: off. Overrides: --ignore-parent.
    #[arg(long = "no-ignore-parent", overrides_with = "ignore_parent")]
    pub no_ignore_parent: bool,

    /// Undo --no-ignore-parent: respect ignore files in parent directories.
    ///
    /// Default: off. Overrides: --no-ignore-parent.
    #[arg(
        long = "ignore-parent",
        overrides_with = "no_ignore_parent",
        hide_short_help = true
    )]
    pub ignore_parent: bool,

    /// Don't respect the global git ignore file.
    ///
    /// That is core.excludesFile, by default $HOME/.config/git/ignore. Of it,
    /// --ignore-global, --no-ignore, --ignore and -u, the last one given wins.
    ///
    /// Default: off. Overrides: --ignore-global.
    #[arg(long = "no-ignore-global", overrides_with = "ignore_global")]
    pub no_ignore_global: bool,

    /// Undo --no-ignore-global: respect the global git ignore file.
    ///
    /// Default: off. Overrides: --no-ignore-global.
    #[arg(
        long = "ignore-global",
        overrides_with = "no_ignore_global",
        hide_short_help = true
    )]
    pub ignore_global: bool,

    /// Don't respect .git/info/exclude.
    ///
    /// A repository's own exclude file. Of it, --ignore-exclude, --no-ignore, --ignore
    /// and -u, the last one given wins.
    ///
    /// Default: off. Overrides: --ignore-exclude.
    #[arg(long = "no-ignore-exclude", overrides_with = "ignore_exclude")]
    pub no_ignore_exclude: bool,

    /// Undo --no-ignore-exclude: respect .git/info/exclude.
    ///
    /// Default: off. Overrides: --no-ignore-exclude.
    #[arg(
        long = "ignore-exclude",
        overrides_with = "no_ignore_exclude",
        hide_short_help = true
    )]
    pub ignore_exclude: bool,

    /// Respect the ignore rules in PATH too.
    ///
    /// PATH is a file in .gitignore's format; repeatable. Its globs match relative to the
    /// current directory, and rank below every ignore file found in the tree; of several
    /// such files, later ones rank higher. --no-ignore leaves them in force;
    /// --no-ignore-files does not.
    ///
    /// Default: none.
    #[arg(long = "ignore-file", value_name = "PATH")]
    pub ignore_file: Vec<PathBuf>,

    /// Don't respect the --ignore-file files.
    ///
    /// Not even those given after this flag.
    ///
    /// Default: off. Overrides: --ignore-files.
    #[arg(long = "no-ignore-files", overrides_with = "ignore_files")]
    pub no_ignore_files: bool,

    /// Undo --no-ignore-files: respect the --ignore-file files.
    ///
    /// Default: off. Overrides: --no-ignore-files.
    #[arg(
        long = "ignore-files",
        overrides_with = "no_ignore_files",
        hide_short_help = true
    )]
    pub ignore_files: bool,

    /// Match the globs of ignore files case-insensitively.
    ///
    /// Default: off. Overrides: --no-ignore-file-case-insensitive.
    #[arg(
        long = "ignore-file-case-insensitive",
        overrides_with = "no_ignore_file_case_insensitive"
    )]
    pub ignore_file_case_insensitive: bool,

    /// Undo --ignore-file-case-insensitive.
    ///
    /// Default: off. Overrides: --ignore-file-case-insensitive.
    #[arg(
        long = "no-ignore-file-case-insensitive",
        overrides_with = "ignore_file_case_insensitive",
        hide_short_help = true
    )]
    pub no_ignore_file_case_insensitive: bool,

    /// Respect .gitignore files outside git repositories too.
    ///
    /// Without it a .gitignore applies only below a directory that has a `.git`.
    ///
    /// Default: off. Overrides: --require-git.
    #[arg(long = "no-require-git", overrides_with = "require_git")]
    pub no_require_git: bool,

    /// Undo --no-require-git: a .gitignore applies only inside a git repository.
    ///
    /// Default: off. Overrides: --no-require-git.
    #[arg(
        long = "require-git",
        overrides_with = "no_require_git",
        hide_short_help = true
    )]
    pub require_git: bool,

    /// Search more: -u, -uu, -uuu.
    ///
    /// -u is --no-ignore, -uu adds --hidden, -uuu adds --binary: binary files found by
    /// walking are searched too instead of skipped, as files named as a PATH are. Each -u
    /// acts where it stands: `-uu --no-hidden` skips hidden files again. More than three
    /// is an error.
    ///
    /// Default: none.
    // One value per -u, not ArgAction::Count: a count keeps only the last -u's position,
    // and each -u acts where it stands (see `super::switches`).
    #[arg(
        short = 'u',
        long = "unrestricted",
        action = ArgAction::Append,
        num_args = 0,
        default_missing_value = "true",
        value_parser = clap::value_parser!(bool)
    )]
    pub unrestricted: Vec<bool>,

    /// Follow symbolic links while walking directories.
    ///
    /// A link that leads back to one of its own ancestors is reported as an error and
    /// not entered, so a symlink loop cannot make the walk run forever. A broken link is
    /// reported as an error too. A link named as a PATH is followed without this flag.
    ///
    /// Default: off. Overrides: --no-follow.
    #[arg(short = 'L', long = "follow", overrides_with = "no_follow")]
    pub follow: bool,

    /// Undo -L: don't follow symbolic links.
    ///
    /// Default: off. Overrides: -L/--follow.
    #[arg(long = "no-follow", overrides_with = "follow", hide_short_help = true)]
    pub no_follow: bool,

    /// Don't cross file system boundaries below each PATH.
    ///
    /// Each PATH is searched, wherever it is; the walk below it stays on PATH's file
    /// system.
    ///
    /// Default: off. Overrides: --no-one-file-system.
    #[arg(long = "one-file-system", overrides_with = "no_one_file_system")]
    pub one_file_system: bool,

    /// Undo --one-file-system.
    ///
    /// Default: off. Overrides: --one-file-system.
    #[arg(
        long = "no-one-file-system",
        overrides_with = "one_file_system",
        hide_short_help = true
    )]
    pub no_one_file_system: bool,

    /// Print each file that would be searched, and exit.
    ///
    /// One per line, without searching. With --files no PATTERN is given: every
    /// positional argument is a PATH. Of --files, --type-list and the output modes (-c,
    /// --count-matches, -l, --files-without-match, --json), the last one given wins.
    ///
    /// Default: off.
    #[arg(long = "files", help_heading = OTHER)]
    pub files: bool,

    /// Order the results by KEY, ascending.
    ///
    /// KEY is path, none, modified, accessed or created. path sorts the entries of each
    /// directory by name, depth first. none prints results as they are found, which is
    /// fastest, in no fixed order. modified, accessed and created sort all files by that
    /// time stamp (files without one come last, and equal times keep path order); results
    /// then start only once the walk is complete.
    ///
    /// Default: path. Overrides: --sortr, --unordered, --sort-files, --no-sort-files.
    #[arg(
        long = "sort",
        value_name = "KEY",
        value_enum,
        hide_possible_values = true,
        overrides_with_all = ["sortr", "unordered", "sort_files", "no_sort_files"],
        help_heading = OUTPUT
    )]
    pub sort: Option<SortArg>,

    /// Order the results by KEY, descending.
    ///
    /// KEY is path, none, modified, accessed or created, as for --sort. `--sortr path`
    /// sorts all files by their whole path, in reverse; the paths named on the command
    /// line take part in that sort too.
    ///
    /// Default: not given: results are in --sort's order. Overrides: --sort, --unordered,
    /// --sort-files, --no-sort-files.
    #[arg(
        long = "sortr",
        value_name = "KEY",
        value_enum,
        hide_possible_values = true,
        overrides_with_all = ["sort", "unordered", "sort_files", "no_sort_files"],
        help_heading = OUTPUT
    )]
    pub sortr: Option<SortArg>,

    /// Print results as they are found, in no fixed order.
    ///
    /// The same as --sort none.
    ///
    /// Default: off. Overrides: --sort, --sortr, --sort-files, --no-sort-files.
    #[arg(
        long = "unordered",
        overrides_with_all = ["sort", "sortr", "sort_files", "no_sort_files"],
        help_heading = OUTPUT
    )]
    pub unordered: bool,

    /// DEPRECATED: use --sort path.
    ///
    /// Orders results by path, as trawl does by default.
    ///
    /// Default: off. Overrides: --sort, --sortr, --unordered, --no-sort-files.
    #[arg(
        long = "sort-files",
        overrides_with_all = ["sort", "sortr", "unordered", "no_sort_files"],
        hide_short_help = true,
        help_heading = OUTPUT
    )]
    pub sort_files: bool,

    /// Undo --sort-files, --sort, --sortr and --unordered: order by path.
    ///
    /// Default: off. Overrides: --sort, --sortr, --unordered, --sort-files.
    #[arg(
        long = "no-sort-files",
        overrides_with_all = ["sort", "sortr", "unordered", "sort_files"],
        hide_short_help = true,
        help_heading = OUTPUT
    )]
    pub no_sort_files: bool,

    /// Search the paths listed in FILE, one per line.
    ///
    /// `-` reads the list from stdin. Each listed path is treated exactly like a PATH on
    /// the command line: a listed file is searched whatever the filters say, a listed
    /// directory is walked with them, and `-` stands for stdin. Results follow the list's
    /// order. PATHs given on the command line come first, then the listed ones. Empty
    /// lines are skipped; a line ending in CR LF loses the CR. It cannot be combined with
    /// --files-from0.
    ///
    /// Default: none.
    #[arg(
        long = "files-from",
        value_name = "FILE",
        conflicts_with = "files_from0",
        help_heading = INPUT
    )]
    pub files_from: Option<PathBuf>,

    /// Search the NUL-separated paths listed in FILE.
    ///
    /// Like --files-from, but the paths are separated by NUL bytes, as `find -print0`
    /// writes them. It cannot be combined with --files-from.
    ///
    /// Default: none.
    #[arg(long = "files-from0", value_name = "FILE", help_heading = INPUT)]
    pub files_from0: Option<PathBuf>,
}

/// The keys of `--sort` and `--sortr`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// No order: results print as they are found.
    None,
    /// By path.
    Path,
    /// By last modification time.
    Modified,
    /// By last access time.
    Accessed,
    /// By creation time.
    Created,
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::TypeChange::*;
    use crate::cli::Args;

    fn parse(argv: &[&str]) -> super::FilterArgs {
        let mut full = vec!["trawl"];
        full.extend_from_slice(argv);
        Args::try_parse_from(full).unwrap().filter
    }

    #[test]
    fn type_flags_keep_their_command_line_order() {
        let f = parse(&[
            "-t",
            "c",
            "--type-add",
            "x:*.x",
            "-T",
            "md",
            "--type-clear",
            "x",
            "-tx",
            "pat",
        ]);
        assert_eq!(
            f.types.changes,
            vec![
                Select("c".into()),
                Add("x:*.x".into()),
                Negate("md".into()),
                Clear("x".into()),
                Select("x".into()),
            ]
        );
        assert!(parse(&["pat"]).types.changes.is_empty());
    }

    #[test]
    fn the_last_of_a_flag_and_its_negation_wins() {
        assert!(parse(&["--hidden", "--no-hidden", "p"]).no_hidden);
        assert!(!parse(&["--hidden", "--no-hidden", "p"]).hidden);
        assert!(parse(&["--no-hidden", "-.", "p"]).hidden);
        let f = parse(&["--sort", "modified", "--sortr", "path", "p"]);
        assert_eq!((f.sort, f.sortr), (None, Some(super::SortArg::Path)));
        let f = parse(&["--unordered", "--sort", "path", "p"]);
        assert!(!f.unordered);
        assert_eq!(parse(&["-uuu", "p"]).unrestricted.len(), 3);
    }
}
