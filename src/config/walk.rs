//! Converts the filter arguments into the walker's options: roots, listing mode, and the
//! compiled filters.
//!
//! Everything that can be wrong with a filter flag (an unknown type, a bad glob, a size
//! that does not parse) is found here, so it stops the run before anything is searched.
//! The semantics are ripgrep 15's; where they are not obvious, the function says so.

use std::ffi::OsString;
use std::path::PathBuf;

use anyhow::{Context, anyhow, bail};
use ignore::overrides::{Override, OverrideBuilder};
use ignore::types::{Types, TypesBuilder};

use super::Listing;
use crate::cli::filter::{SortArg, TypeChange};
use crate::cli::{FilterArgs, Switches};
use crate::walk::{EXT_TYPE, Root, SortKey, WalkOptions};

/// The roots to search, in order: the paths named, then the `--files-from` list; or, when
/// neither is given, stdin or the current directory. `stdin_searchable` says whether stdin
/// is a file, FIFO or socket.
pub fn roots(
    paths: Vec<OsString>,
    args: &FilterArgs,
    stdin_searchable: bool,
) -> anyhow::Result<Vec<Root>> {
    let list = match (&args.files_from, &args.files_from0) {
        (Some(path), _) => Some(Root::List {
            path: path.clone(),
            separator: b'\n',
        }),
        (None, Some(path)) => Some(Root::List {
            path: path.clone(),
            separator: 0,
        }),
        (None, None) => None,
    };
    if paths.is_empty() && list.is_none() {
        // `--files` lists the current directory even when stdin is a pipe, as rg does.
        let stdin = stdin_searchable && listing(args) == Listing::Search;
        return Ok(vec![if stdin { Root::Stdin } else { Root::CurrentDir }]);
    }
    let mut roots: Vec<Root> = paths
        .into_iter()
        .map(|p| {
            if p == "-" {
                Root::Stdin
            } else {
                Root::Path(PathBuf::from(p))
            }
        })
        .collect();
    roots.extend(list);
    Ok(roots)
}

/// Whether the run searches, or only lists. `--files` overrides `--type-list`, as in rg.
pub fn listing(args: &FilterArgs) -> Listing {
    if args.files {
        Listing::Files
    } else if args.type_list {
        Listing::TypeList
    } else {
        Listing::Search
    }
}

/// Validates the filter flags and compiles types and globs. `switches` holds what
/// --no-ignore, -u and the single --no-ignore-* and --hidden flags left, in order.
pub fn walk_options(args: &FilterArgs, switches: &Switches) -> anyhow::Result<WalkOptions> {
    if args.unrestricted.len() > 3 {
        bail!("-u: given more than three times; -uuu already searches everything");
    }
    let (sort, sort_reverse) = sort_order(args);
    if matches!(
        sort,
        SortKey::Modified | SortKey::Accessed | SortKey::Created
    ) {
        check_time_stamps(sort)?;
    }
    Ok(WalkOptions {
        sort,
        sort_reverse,
        hidden: switches.hidden,
        no_ignore_dot: switches.no_ignore_dot,
        no_ignore_vcs: switches.no_ignore_vcs,
        no_ignore_parent: switches.no_ignore_parent,
        no_ignore_global: switches.no_ignore_global,
        no_ignore_exclude: switches.no_ignore_exclude,
        no_require_git: args.no_require_git,
        ignore_case_insensitive: args.ignore_file_case_insensitive,
        // --no-ignore leaves these alone: they were asked for by name.
        ignore_files: if args.no_ignore_files {
            vec![]
        } else {
            args.ignore_file.clone()
        },
        types: types(args)?,
        globs: globs(args)?,
        max_depth: args.max_depth,
        max_filesize: args
            .max_filesize
            .as_deref()
            .map(|size| parse_size(size).with_context(|| format!("--max-filesize {size}")))
            .transpose()?,
        follow_links: args.follow,
        one_file_system: args.one_file_system,
        skip_stdout: listing(args) == Listing::Search,
        error_if_nothing_found: listing(args) == Listing::Search,
        no_ignore_messages: false,
    })
}

/// `--sort`, `--sortr`, `--unordered` and `--sort-files`; clap has already let the last
/// one given win. `--sort-files` is `--sort path`, and `--no-sort-files` returns to the
/// default order: rg's default is no order at all, trawl's is by path.
fn sort_order(args: &FilterArgs) -> (SortKey, bool) {
    let key = |arg: SortArg| match arg {
        SortArg::None => SortKey::None,
        SortArg::Path => SortKey::Path,
        SortArg::Modified => SortKey::Modified,
        SortArg::Accessed => SortKey::Accessed,
        SortArg::Created => SortKey::Created,
    };
    match (args.unordered, args.sort, args.sortr) {
        (true, _, _) => (SortKey::None, false),
        (false, _, Some(arg)) => (key(arg), arg != SortArg::None),
        (false, Some(arg), None) => (key(arg), false),
        (false, None, None) => (SortKey::Path, false),
    }
}

/// Fails, as rg does, when the system cannot give the time stamp to sort by: creation
/// times, say, on a file system without them.
fn check_time_stamps(key: SortKey) -> anyhow::Result<()> {
    let meta = std::fs::metadata(".").context("--sort: the current directory")?;
    let (name, stamp) = match key {
        SortKey::Modified => ("modified", meta.modified()),
        SortKey::Accessed => ("accessed", meta.accessed()),
        _ => ("created", meta.created()),
    };
    match stamp {
        Err(err) if err.kind() == std::io::ErrorKind::Unsupported => {
            bail!("--sort {name}: this system does not record that time stamp ({err})")
        }
        _ => Ok(()),
    }
}

/// The file-type matcher, or `None` when no type flag is given (and `--type-list` is not
/// asked for). The ignore crate's default definitions come first; then -t, -T,
/// --type-add and --type-clear apply in command-line order, as in rg; -O's extensions are
/// one more selected type, selected first so that a -T excludes it again.
fn types(args: &FilterArgs) -> anyhow::Result<Option<Types>> {
    let extensions = extensions(&args.ext)?;
    if args.types.changes.is_empty() && extensions.is_empty() && !args.type_list {
        return Ok(None);
    }
    let mut builder = TypesBuilder::new();
    builder.add_defaults();
    if !extensions.is_empty() {
        builder.select(EXT_TYPE);
    }
    for change in &args.types.changes {
        match change {
            TypeChange::Select(name) => {
                builder.select(name);
            }
            TypeChange::Negate(name) => {
                builder.negate(name);
            }
            TypeChange::Clear(name) => {
                builder.clear(name);
            }
            TypeChange::Add(def) => builder.add_def(def).map_err(|_| {
                anyhow!(
                    "--type-add {def}: not a type definition; write name:glob, as in \
                     'html:*.html', or name:include:other,types"
                )
            })?,
        }
    }
    for ext in &extensions {
        builder
            .add(EXT_TYPE, &format!("*.{ext}"))
            .expect("the -O type name is valid");
    }
    builder.build().map(Some).map_err(|err| match err {
        ignore::Error::UnrecognizedFileType(name) => {
            anyhow!("{name}: unrecognized file type; --type-list shows the known ones")
        }
        ignore::Error::Glob {
            glob: Some(glob),
            err,
        } => anyhow!("--type-add: bad glob {glob}: {err}"),
        other => anyhow!("file types: {other}"),
    })
}

/// The `-O` extensions: repeats and comma lists, a leading dot allowed. Each must make a
/// valid glob `*.EXT`.
fn extensions(ext: &[String]) -> anyhow::Result<Vec<String>> {
    let extensions: Vec<String> = ext
        .iter()
        .map(|e| e.trim().trim_start_matches('.').to_string())
        .filter(|e| !e.is_empty())
        .collect();
    if !ext.is_empty() && extensions.is_empty() {
        bail!("-O/--ext: no extension given");
    }
    for ext in &extensions {
        let mut check = TypesBuilder::new();
        check.add("ext", &format!("*.{ext}")).ok();
        check.select("ext");
        if let Err(err) = check.build() {
            let reason = match err {
                ignore::Error::Glob { err, .. } => err,
                other => other.to_string(),
            };
            bail!("-O {ext}: not a usable extension: {reason}");
        }
    }
    Ok(extensions)
}

/// The `-g`/`--iglob` matcher, or `None` when no glob is given. As in rg, globs match
/// relative to the current directory, every `--iglob` comes after every `-g` (so it wins
/// when both match), and `--glob-case-insensitive` makes the `-g` globs case-insensitive.
fn globs(args: &FilterArgs) -> anyhow::Result<Option<Override>> {
    if args.glob.is_empty() && args.iglob.is_empty() {
        return Ok(None);
    }
    let cwd = std::env::current_dir().context("-g/--glob: the current directory")?;
    let mut builder = OverrideBuilder::new(cwd);
    let reason = |err: ignore::Error| match err {
        ignore::Error::Glob { err, .. } => err,
        other => other.to_string(),
    };
    let case = |builder: &mut OverrideBuilder, yes: bool| {
        builder
            .case_insensitive(yes)
            .map(|_| ())
            .map_err(|err| anyhow!("-g/--glob: {}", reason(err)))
    };
    case(&mut builder, args.glob_case_insensitive)?;
    for glob in &args.glob {
        builder
            .add(glob)
            .map_err(|err| anyhow!("-g {glob}: {}", reason(err)))?;
    }
    case(&mut builder, true)?;
    for glob in &args.iglob {
        builder
            .add(glob)
            .map_err(|err| anyhow!("--iglob {glob}: {}", reason(err)))?;
    }
    let built = builder
        .build()
        .map_err(|err| anyhow!("-g/--glob: {}", reason(err)))?;
    Ok(Some(built))
}

/// Parses a size as rg parses `--max-filesize`, `--regex-size-limit` and
/// `--dfa-size-limit`: one or more ASCII digits, then optionally `K`, `M` or `G` (upper
/// case only) for KiB, MiB or GiB.
pub fn parse_size(text: &str) -> anyhow::Result<u64> {
    let (digits, shift) = match text.as_bytes().last() {
        Some(b'K') => (&text[..text.len() - 1], 10),
        Some(b'M') => (&text[..text.len() - 1], 20),
        Some(b'G') => (&text[..text.len() - 1], 30),
        _ => (text, 0),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        bail!("not a size: write digits and an optional K, M or G suffix, as in 50K");
    }
    let number: u64 = digits
        .parse()
        .map_err(|_| anyhow!("the number is too large"))?;
    number
        .checked_mul(1 << shift)
        .ok_or_else(|| anyhow!("the size is too large"))
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::Args;
    use crate::cli::filter::BinarySwitch;

    fn args(argv: &[&str]) -> Args {
        let mut full = vec!["trawl"];
        full.extend_from_slice(argv);
        Args::try_parse_from(full).unwrap()
    }

    fn filter(argv: &[&str]) -> FilterArgs {
        args(argv).filter
    }

    fn options(argv: &[&str]) -> anyhow::Result<WalkOptions> {
        let args = args(argv);
        walk_options(&args.filter, &args.switches)
    }

    #[test]
    fn ext_takes_repeats_and_comma_lists() {
        let o = options(&["-O", "c,h", "--ext", ".rs", "x"]).unwrap();
        let types = o.types.unwrap();
        assert!(types.matched("a.c", false).is_whitelist());
        assert!(types.matched("a.rs", false).is_whitelist());
        assert!(types.matched("a.txt", false).is_ignore());
        assert!(options(&["-O", ",", "x"]).is_err());
        assert!(options(&["-O", "[", "x"]).is_err());
    }

    #[test]
    fn ext_adds_to_types_and_type_not_wins_over_it() {
        let types = options(&["-O", "txt", "-t", "c", "x"])
            .unwrap()
            .types
            .unwrap();
        assert!(types.matched("a.c", false).is_whitelist());
        assert!(types.matched("a.txt", false).is_whitelist());
        assert!(types.matched("a.rs", false).is_ignore());
        let types = options(&["-O", "c", "-T", "c", "x"])
            .unwrap()
            .types
            .unwrap();
        assert!(types.matched("a.c", false).is_ignore());
    }

    #[test]
    fn type_changes_apply_in_order() {
        let types = |argv: &[&str]| options(argv).map(|o| o.types.unwrap());
        assert!(
            types(&[
                "--type-add",
                "foo:*.foo",
                "--type-clear",
                "foo",
                "-tfoo",
                "x"
            ])
            .is_err()
        );
        let t = types(&[
            "--type-clear",
            "foo",
            "--type-add",
            "foo:*.foo",
            "-tfoo",
            "x",
        ])
        .unwrap();
        assert!(t.matched("a.foo", false).is_whitelist());
        let t = types(&["-tmd", "-Tmd", "x"]).unwrap();
        assert!(t.matched("a.md", false).is_ignore());
        let t = types(&["-Tmd", "-tmd", "x"]).unwrap();
        assert!(t.matched("a.md", false).is_whitelist());
        let t = types(&["--type-add", "src:include:c,rust", "-t", "src", "x"]).unwrap();
        assert!(t.matched("a.rs", false).is_whitelist());
        assert!(types(&["--type-add", "nocolon", "x"]).is_err());
        assert!(types(&["--type-add", "s:include:nosuchtype", "x"]).is_err());
        assert!(types(&["-t", "nosuchtype", "x"]).is_err());
    }

    #[test]
    fn no_type_flag_means_no_type_matcher() {
        assert!(options(&["x"]).unwrap().types.is_none());
        assert!(options(&["--type-list"]).unwrap().types.is_some());
    }

    #[test]
    fn max_filesize_parses_as_rg_does() {
        assert_eq!(parse_size("0").unwrap(), 0);
        assert_eq!(parse_size("123").unwrap(), 123);
        assert_eq!(parse_size("2K").unwrap(), 2048);
        assert_eq!(parse_size("3M").unwrap(), 3 << 20);
        assert_eq!(parse_size("1G").unwrap(), 1 << 30);
        assert_eq!(parse_size("18446744073709551615").unwrap(), u64::MAX);
        for bad in [
            "",
            "K",
            "1k",
            "1T",
            "1KB",
            "1.5K",
            " 1K",
            "1 K",
            "-1",
            "+1",
            "99999999999999999999",
            "17179869184G",
        ] {
            assert!(parse_size(bad).is_err(), "{bad:?} parsed");
        }
        assert!(options(&["--max-filesize", "1k", "x"]).is_err());
        assert_eq!(
            options(&["--max-filesize", "1K", "x"])
                .unwrap()
                .max_filesize,
            Some(1024)
        );
    }

    #[test]
    fn unrestricted_counts_up() {
        let o = options(&["-u", "x"]).unwrap();
        assert!(o.no_ignore_vcs && o.no_ignore_dot && !o.hidden);
        let o = options(&["-uu", "x"]).unwrap();
        assert!(o.no_ignore_parent && o.hidden);
        let binary = |argv: &[&str]| args(argv).switches.binary;
        assert_ne!(binary(&["-uu", "x"]), BinarySwitch::Search);
        assert_eq!(binary(&["-uuu", "x"]), BinarySwitch::Search);
        let o = options(&["--no-ignore-vcs", "x"]).unwrap();
        assert!(o.no_ignore_vcs && !o.no_ignore_dot);
        let err = options(&["-uuuu", "x"]).unwrap_err().to_string();
        assert!(err.starts_with("-u: "), "{err}");
    }

    #[test]
    fn sort_flags_choose_key_and_direction() {
        let sort = |argv: &[&str]| {
            let o = options(argv).unwrap();
            (o.sort, o.sort_reverse)
        };
        assert_eq!(sort(&["x"]), (SortKey::Path, false));
        assert_eq!(sort(&["--sort", "none", "x"]), (SortKey::None, false));
        assert_eq!(sort(&["--unordered", "x"]), (SortKey::None, false));
        assert_eq!(sort(&["--sortr", "path", "x"]), (SortKey::Path, true));
        assert_eq!(sort(&["--sortr", "none", "x"]), (SortKey::None, false));
        assert_eq!(
            sort(&["--sortr", "path", "--sort", "modified", "x"]),
            (SortKey::Modified, false)
        );
        assert!(Args::try_parse_from(["trawl", "--sort", "size", "x"]).is_err());
        assert_eq!(
            sort(&["--sortr", "path", "--sort-files", "x"]),
            (SortKey::Path, false)
        );
        assert_eq!(
            sort(&["--sort-files", "--sortr", "path", "x"]),
            (SortKey::Path, true)
        );
        assert_eq!(
            sort(&["--sort", "modified", "--no-sort-files", "x"]),
            (SortKey::Path, false)
        );
        assert_eq!(
            sort(&["--unordered", "--no-sort-files", "x"]),
            (SortKey::Path, false)
        );
        assert_eq!(
            sort(&["--no-sort-files", "--unordered", "x"]),
            (SortKey::None, false)
        );
    }

    #[test]
    fn globs_compile_or_fail_with_the_glob_named() {
        assert!(options(&["x"]).unwrap().globs.is_none());
        let o = options(&["-g", "*.c", "--iglob", "!*.H", "x"]).unwrap();
        let globs = o.globs.unwrap();
        assert!(globs.matched("a.c", false).is_whitelist());
        assert!(globs.matched("a.h", false).is_ignore());
        let err = options(&["-g", "[", "x"]).unwrap_err().to_string();
        assert!(err.starts_with("-g [: "), "{err}");
    }

    #[test]
    fn files_from_comes_after_the_paths_and_replaces_the_default_root() {
        let f = filter(&["--files-from", "list", "-e", "x", "a"]);
        assert_eq!(
            roots(vec!["a".into()], &f, false).unwrap(),
            vec![
                Root::Path("a".into()),
                Root::List {
                    path: "list".into(),
                    separator: b'\n'
                }
            ]
        );
        let f = filter(&["--files-from0", "-", "x"]);
        assert_eq!(
            roots(vec![], &f, true).unwrap(),
            vec![Root::List {
                path: "-".into(),
                separator: 0
            }]
        );
        let f = filter(&["--files"]);
        assert_eq!(roots(vec![], &f, true).unwrap(), vec![Root::CurrentDir]);
    }

    #[test]
    fn listing_modes() {
        assert_eq!(listing(&filter(&["x"])), Listing::Search);
        assert_eq!(listing(&filter(&["--files"])), Listing::Files);
        assert_eq!(listing(&filter(&["--type-list"])), Listing::TypeList);
        assert_eq!(
            listing(&filter(&["--type-list", "--files"])),
            Listing::Files
        );
    }
}
