//! The walk against its oracle: random trees, walked by `trawl::walk::Walker` and by the
//! `ignore` crate's `WalkBuilder` configured as ripgrep configures it, must give the same
//! files in the same order, and the same number of errors.
//!
//! The trees mix `.gitignore`, `.ignore`, `.rgignore` and `.git/info/exclude` files with
//! negations and directory patterns, hidden names, nested repositories (a `.git`
//! directory, a linked worktree's `.git` file, a `.jj` directory, or none), and symbolic
//! links to files, to directories, to ancestors (loops) and to nothing. The options are
//! random too. The walked root is either the tree's top or a directory below it, so that
//! the top's ignore files act as the root's parents.

use std::fs;
use std::path::{Path, PathBuf};

use ignore::WalkBuilder;
use ignore::overrides::OverrideBuilder;
use ignore::types::TypesBuilder;
use proptest::prelude::*;
use trawl::walk::{Entry, Haystack, Root, WalkOptions, Walker};

/// Names of directories.
const DIRS: &[&str] = &["a", "b", ".h", "src", "x", "A"];
/// Names of files.
const FILES: &[&str] = &[
    "a.rs", "b.txt", "c", "x.md", ".hid", "foo", "A.RS", "d.txt", "h",
];
/// Names of symbolic links.
const LINKS: &[&str] = &["l1", "l2", ".l", "foo"];
/// Lines of ignore files: globs, negations, anchors, directory-only patterns, comments, and
/// one bad glob (`{x`, an unclosed alternation, which makes a warning).
const LINES: &[&str] = &[
    "*.rs", "!a.rs", "b*", "/c", "x/", "!x/", ".hid", "!.hid", "**/foo", "a/**", "*.txt", "!*.txt",
    "d.txt", "src", "!src", "/a", "A", "*.md", "!/x", "h", "[", ".h", "!.h", "**/b/c", "l1", "!l2",
    "*", "!*/", "#c", "a/b", "\\!x", "{x",
];
/// `-g` globs.
const GLOBS: &[&str] = &["*.rs", "!*.txt", "a/**", "!x", "*.{rs,md}", "foo", "!.h"];
/// The ignore files a directory can hold.
const IGNORE_FILES: &[&str] = &[".gitignore", ".ignore", ".rgignore"];

/// One step of building a tree. Indexes pick among what exists so far, modulo its count.
#[derive(Clone, Debug)]
enum Step {
    /// A directory `DIRS[name]` in directory `parent`.
    Dir { parent: usize, name: usize },
    /// A file `FILES[name]` of `size` bytes in directory `parent`.
    File {
        parent: usize,
        name: usize,
        size: u8,
    },
    /// An ignore file `IGNORE_FILES[kind]` with `LINES[lines]`, in directory `parent`.
    Ignore {
        parent: usize,
        kind: usize,
        lines: Vec<usize>,
    },
    /// A repository marker in directory `parent`: an empty `.git` directory (0), one with
    /// an exclude file of `LINES[lines]` (1), a linked worktree's `.git` file whose
    /// common directory has that exclude file (2), or a `.jj` directory (3).
    Repo {
        parent: usize,
        kind: u8,
        lines: Vec<usize>,
    },
    /// A link `LINKS[name]` in directory `parent` to directory `target` (`to_dir`), to
    /// file `target`, or to nothing (when there are none).
    Link {
        parent: usize,
        name: usize,
        target: usize,
        to_dir: bool,
    },
}

/// The options a case walks with.
#[derive(Clone, Debug)]
struct Options {
    hidden: bool,
    no_ignore_dot: bool,
    no_ignore_vcs: bool,
    no_ignore_parent: bool,
    no_ignore_exclude: bool,
    no_require_git: bool,
    ignore_case_insensitive: bool,
    max_depth: Option<usize>,
    max_filesize: Option<u64>,
    follow_links: bool,
    /// `--one-file-system`; the trees may link to a directory on another file system.
    one_file_system: bool,
    globs: Vec<usize>,
    types: u8,
    /// Which roots to walk: the top (0), its subdirectory `r` spelt plainly (1), with a
    /// trailing slash (2), through `top/./r` (3) or as `r/.` (4), or `r` and then the top
    /// (5). Below the top, the top's ignore files are the root's parents.
    roots: u8,
}

fn step() -> impl Strategy<Value = Step> {
    let lines = || prop::collection::vec(0..LINES.len(), 1..5);
    // Parents are picked mostly among the first few directories, so that rules, files and
    // repositories meet in the same places often.
    let parent = || prop_oneof![3 => 0..6usize, 1 => 0..64usize];
    prop_oneof![
        4 => (parent(), 0..DIRS.len()).prop_map(|(parent, name)| Step::Dir { parent, name }),
        5 => (parent(), 0..FILES.len(), 0..20u8)
            .prop_map(|(parent, name, size)| Step::File { parent, name, size }),
        5 => (parent(), 0..IGNORE_FILES.len(), lines())
            .prop_map(|(parent, kind, lines)| Step::Ignore { parent, kind, lines }),
        2 => (parent(), 0..4u8, lines())
            .prop_map(|(parent, kind, lines)| Step::Repo { parent, kind, lines }),
        1 => (parent(), 0..LINKS.len(), 0..64usize, any::<bool>()).prop_map(
            |(parent, name, target, to_dir)| Step::Link { parent, name, target, to_dir }
        ),
    ]
}

fn options() -> impl Strategy<Value = Options> {
    (
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        prop::option::of(0..4usize),
        prop::option::of(0..12u64),
        prop::collection::vec(0..GLOBS.len(), 0..3),
        0..4u8,
        0..6u8,
        any::<bool>(),
    )
        .prop_map(
            |(
                (hidden, no_ignore_dot, no_ignore_vcs, no_ignore_parent),
                (no_ignore_exclude, no_require_git, ignore_case_insensitive, follow_links),
                max_depth,
                max_filesize,
                globs,
                types,
                roots,
                one_file_system,
            )| Options {
                hidden,
                no_ignore_dot,
                no_ignore_vcs,
                no_ignore_parent,
                no_ignore_exclude,
                no_require_git,
                ignore_case_insensitive,
                // Mostly unlimited, as the limits cut the trees short.
                max_depth: max_depth.filter(|_| types == 0),
                max_filesize: max_filesize.filter(|_| globs.len() == 1),
                follow_links,
                one_file_system,
                globs,
                types,
                roots,
            },
        )
}

/// Builds the tree of `steps` under `top`, which has one subdirectory `r` to start with.
/// `away` is a directory on another file system, if there is one, which every eighth
/// link to a directory leads to.
fn build(top: &Path, steps: &[Step], away: Option<&Path>) {
    let mut dirs: Vec<PathBuf> = vec![top.to_path_buf(), top.join("r")];
    let mut files: Vec<PathBuf> = vec![];
    fs::create_dir_all(&dirs[1]).unwrap();
    let write_lines = |path: &Path, lines: &[usize]| {
        let text: String = lines.iter().map(|&i| format!("{}\n", LINES[i])).collect();
        fs::write(path, text).unwrap();
    };
    for (n, step) in steps.iter().enumerate() {
        match step {
            Step::Dir { parent, name } => {
                let path = dirs[parent % dirs.len()].join(DIRS[*name]);
                if fs::create_dir(&path).is_ok() {
                    dirs.push(path);
                }
            }
            Step::File { parent, name, size } => {
                let path = dirs[parent % dirs.len()].join(FILES[*name]);
                if !path.exists() && fs::write(&path, vec![b'x'; *size as usize]).is_ok() {
                    files.push(path);
                }
            }
            Step::Ignore {
                parent,
                kind,
                lines,
            } => {
                let path = dirs[parent % dirs.len()].join(IGNORE_FILES[*kind]);
                if !path.exists() {
                    write_lines(&path, lines);
                }
            }
            Step::Repo {
                parent,
                kind,
                lines,
            } => {
                let dir = &dirs[parent % dirs.len()];
                if dir.join(".git").exists() || dir.join(".jj").exists() {
                    continue;
                }
                match kind {
                    0 => fs::create_dir(dir.join(".git")).unwrap(),
                    1 => {
                        fs::create_dir_all(dir.join(".git/info")).unwrap();
                        write_lines(&dir.join(".git/info/exclude"), lines);
                    }
                    2 => {
                        // A linked worktree: .git names a git directory whose commondir
                        // holds the exclude file. Both live outside the walked tree.
                        let common = top.parent().unwrap().join(format!("common{n}"));
                        let git_dir = common.join(format!("worktrees/w{n}"));
                        fs::create_dir_all(common.join("info")).unwrap();
                        fs::create_dir_all(&git_dir).unwrap();
                        write_lines(&common.join("info/exclude"), lines);
                        fs::write(git_dir.join("commondir"), "../..\n").unwrap();
                        let dot_git = format!("gitdir: {}\n", git_dir.display());
                        fs::write(dir.join(".git"), dot_git).unwrap();
                    }
                    _ => fs::create_dir(dir.join(".jj")).unwrap(),
                }
            }
            Step::Link {
                parent,
                name,
                target,
                to_dir,
            } => {
                let path = dirs[parent % dirs.len()].join(LINKS[*name]);
                let target = match (to_dir, files.is_empty()) {
                    (true, _) if target % 8 == 7 && away.is_some() => away.unwrap().to_path_buf(),
                    (true, _) => dirs[target % dirs.len()].clone(),
                    (false, false) => files[target % files.len()].clone(),
                    (false, true) => top.join("nothing-here"),
                };
                let _ = std::os::unix::fs::symlink(target, path);
            }
        }
    }
}

/// The types a case selects: none, `-t rust`, `-T markdown`, or `-t txt -t markdown`.
fn types(kind: u8) -> Option<ignore::types::Types> {
    let mut builder = TypesBuilder::new();
    builder.add_defaults();
    match kind {
        1 => {
            builder.select("rust");
        }
        2 => {
            builder.negate("markdown");
        }
        3 => {
            builder.select("txt").select("markdown");
        }
        _ => return None,
    }
    Some(builder.build().unwrap())
}

/// The `-g` globs of a case, relative to `top` as rg's are to the current directory.
fn globs(top: &Path, picked: &[usize]) -> Option<ignore::overrides::Override> {
    if picked.is_empty() {
        return None;
    }
    let mut builder = OverrideBuilder::new(top);
    for &glob in picked {
        builder.add(GLOBS[glob]).unwrap();
    }
    Some(builder.build().unwrap())
}

/// The files and the number of errors and of ignore-file warnings of a walk.
#[derive(Debug, Default, PartialEq, Eq)]
struct Walked {
    files: Vec<PathBuf>,
    errors: usize,
    warnings: usize,
}

/// The walk of the oracle: `WalkBuilder` set up as trawl's walker was before it listed
/// directories itself, which is as ripgrep sets it up.
fn oracle(root: &Path, top: &Path, o: &Options) -> Walked {
    let mut builder = WalkBuilder::new(root);
    builder
        .sort_by_file_path(|a: &Path, b: &Path| a.as_os_str().cmp(b.as_os_str()))
        .hidden(!o.hidden)
        .parents(!o.no_ignore_parent)
        .ignore(!o.no_ignore_dot)
        .git_ignore(!o.no_ignore_vcs)
        .git_global(!o.no_ignore_vcs)
        .git_exclude(!o.no_ignore_vcs && !o.no_ignore_exclude)
        .require_git(!o.no_require_git)
        .ignore_case_insensitive(o.ignore_case_insensitive)
        .max_depth(o.max_depth)
        .max_filesize(o.max_filesize)
        .follow_links(o.follow_links)
        .same_file_system(o.one_file_system);
    if !o.no_ignore_dot {
        builder.add_custom_ignore_filename(".rgignore");
    }
    if let Some(types) = types(o.types) {
        builder.types(types);
    }
    if let Some(globs) = globs(top, &o.globs) {
        builder.overrides(globs);
    }
    let mut walked = Walked::default();
    let mut note = |result: Result<ignore::DirEntry, ignore::Error>| match result {
        Ok(entry) => {
            walked.warnings += usize::from(entry.error().is_some());
            if entry.depth() > 0 && entry.file_type().is_some_and(|t| t.is_file()) {
                walked.files.push(entry.into_path());
            }
        }
        Err(_) => walked.errors += 1,
    };
    if !o.one_file_system {
        builder.build().for_each(note);
        return walked;
    }
    // The sequential walker loses the rest of a directory after an ignored entry that is
    // a directory on another file system: walkdir does not descend into it, and the
    // walker's skip then skips the directory it is in. ripgrep walks with the parallel
    // walker, which does not; its results, sorted, are in our order, since `Path`
    // compares by components.
    let (send, receive) = std::sync::mpsc::channel();
    builder.threads(1).build_parallel().run(|| {
        let send = send.clone();
        Box::new(move |result| {
            send.send(result).unwrap();
            ignore::WalkState::Continue
        })
    });
    drop(send);
    let mut results: Vec<_> = receive.into_iter().collect();
    results.sort_by(|a, b| match (a, b) {
        (Ok(a), Ok(b)) => a.path().cmp(b.path()),
        (Ok(_), Err(_)) => std::cmp::Ordering::Greater,
        (Err(_), Ok(_)) => std::cmp::Ordering::Less,
        (Err(_), Err(_)) => std::cmp::Ordering::Equal,
    });
    results.into_iter().for_each(&mut note);
    walked
}

/// trawl's walker over `roots` with the same options.
fn walker(roots: &[PathBuf], top: &Path, o: &Options) -> Walker {
    let options = WalkOptions {
        hidden: o.hidden,
        no_ignore_dot: o.no_ignore_dot,
        no_ignore_vcs: o.no_ignore_vcs,
        no_ignore_parent: o.no_ignore_parent,
        no_ignore_exclude: o.no_ignore_exclude,
        no_require_git: o.no_require_git,
        ignore_case_insensitive: o.ignore_case_insensitive,
        max_depth: o.max_depth,
        max_filesize: o.max_filesize,
        follow_links: o.follow_links,
        one_file_system: o.one_file_system,
        types: types(o.types),
        globs: globs(top, &o.globs),
        ..WalkOptions::default()
    };
    let roots = roots.iter().map(|root| Root::Path(root.clone())).collect();
    Walker::new(roots, options).unwrap()
}

/// The walk of trawl's walker, directory by directory as the pipeline walks: its roots,
/// then each directory's listing in turn, depth first.
fn listed(walker: &Walker) -> Walked {
    let mut walked = Walked::default();
    let mut stack = vec![walker.roots().into_iter()];
    while let Some(top) = stack.last_mut() {
        let Some(entry) = top.next() else {
            stack.pop();
            continue;
        };
        match entry {
            Entry::File(Haystack::File { path, .. }) => walked.files.push(path),
            Entry::Error(_) => walked.errors += 1,
            Entry::Dir(dir) => {
                let listing = walker.list(&dir);
                walked.warnings += listing.warnings.len();
                stack.push(listing.entries.into_iter());
            }
            other => panic!("not in a walk of directories: {other:?}"),
        }
    }
    walked
}

/// The walk of trawl's walker in one go, with `Walker::run`; its warnings are printed, not
/// counted.
fn trawl(roots: &[PathBuf], top: &Path, o: &Options) -> Walked {
    let walker = walker(roots, top, o);
    let mut walked = Walked::default();
    walker.run(|haystack| {
        match haystack {
            Haystack::File { path, .. } => walked.files.push(path),
            Haystack::Error(_) => walked.errors += 1,
            Haystack::Stdin => panic!("no stdin in a walk"),
        }
        true
    });
    walked
}

/// A directory with a file and a subdirectory on a file system other than `here`'s
/// (/dev/shm), for `--one-file-system`; None if the machine has none.
fn away_dir(here: &Path) -> Option<tempfile::TempDir> {
    use std::os::unix::fs::MetadataExt;
    let away = tempfile::tempdir_in("/dev/shm").ok()?;
    if fs::metadata(away.path()).ok()?.dev() == fs::metadata(here).ok()?.dev() {
        return None;
    }
    fs::create_dir(away.path().join("sub")).ok()?;
    fs::write(away.path().join("e.rs"), "x").ok()?;
    fs::write(away.path().join("sub/f.txt"), "x").ok()?;
    Some(away)
}

/// Builds the tree of `steps`, walks it both ways with `options`, and compares.
fn check(steps: &[Step], options: &Options) -> Result<(), TestCaseError> {
    let tmp = tempfile::Builder::new()
        .prefix("trawl-walk-")
        .tempdir()
        .unwrap();
    let top = tmp.path().join("top");
    let away = away_dir(tmp.path());
    build(&top, steps, away.as_ref().map(tempfile::TempDir::path));
    let spelt = |path: &str| PathBuf::from(format!("{}/{path}", top.display()));
    let roots = match options.roots {
        0 => vec![top.clone()],
        1 => vec![top.join("r")],
        2 => vec![spelt("r/")],
        3 => vec![spelt("./r")],
        4 => vec![spelt("r/.")],
        _ => vec![top.join("r"), top.clone()],
    };
    // trawl's walker once walked each root with a WalkBuilder of its own.
    let mut expected = Walked::default();
    for root in &roots {
        let walked = oracle(root, &top, options);
        expected.files.extend(walked.files);
        expected.errors += walked.errors;
        expected.warnings += walked.warnings;
    }
    let mut actual = listed(&walker(&roots, &top, options));
    if options.one_file_system && options.max_depth.is_some() {
        // The parallel walker also reads the ignore files of a directory at the depth
        // limit, and warns about them; the sequential one, which trawl follows, does not.
        actual.warnings = 0;
        expected.warnings = 0;
    }
    prop_assert_eq!(&actual, &expected);
    let run = trawl(&roots, &top, options);
    prop_assert_eq!(&run.files, &expected.files);
    prop_assert_eq!(run.errors, expected.errors);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        // WALK_PROPS_CASES asks for a longer hunt.
        cases: std::env::var("WALK_PROPS_CASES")
            .ok()
            .and_then(|cases| cases.parse().ok())
            .unwrap_or(400),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Hundreds of random trees and options: trawl's walk is the oracle's.
    #[test]
    fn walk_matches_the_ignore_crate(
        steps in prop::collection::vec(step(), 0..60),
        options in options(),
    ) {
        check(&steps, &options)?;
    }
}

/// The options of the named cases: everything at its default.
fn defaults() -> Options {
    Options {
        hidden: false,
        no_ignore_dot: false,
        no_ignore_vcs: false,
        no_ignore_parent: false,
        no_ignore_exclude: false,
        no_require_git: false,
        ignore_case_insensitive: false,
        max_depth: None,
        max_filesize: None,
        follow_links: false,
        one_file_system: false,
        globs: vec![],
        types: 0,
        roots: 0,
    }
}

/// A linked worktree's `.git` file leads to the exclude file of the repository's common
/// directory, which applies.
#[test]
fn linked_worktree_exclude_applies() {
    let steps = [
        Step::Repo {
            parent: 1,
            kind: 2,
            lines: vec![0],
        },
        Step::File {
            parent: 1,
            name: 0,
            size: 1,
        },
        Step::File {
            parent: 1,
            name: 1,
            size: 1,
        },
    ];
    let tmp = tempfile::tempdir().unwrap();
    let top = tmp.path().join("top");
    build(&top, &steps, None);
    let walked = trawl(std::slice::from_ref(&top), &top, &defaults());
    assert_eq!(walked.files, vec![top.join("r/b.txt")]);
    check(&steps, &defaults()).unwrap();
}

/// A hidden link to a directory on another file system, followed under `-L
/// --one-file-system`, is left out, and the files after it in its directory are still
/// walked. Found by the property test, where the sequential `WalkBuilder` lost them (it
/// skips the directory the link is in), so `--one-file-system` cases now compare with
/// its parallel walker, which ripgrep uses and which keeps them.
#[test]
fn an_ignored_directory_on_another_file_system_keeps_its_siblings() {
    let steps = [
        Step::Dir { parent: 0, name: 0 },
        Step::File {
            parent: 2,
            name: 5,
            size: 0,
        },
        Step::Link {
            parent: 2,
            name: 2,
            target: 7,
            to_dir: true,
        },
    ];
    let tmp = tempfile::tempdir().unwrap();
    let Some(away) = away_dir(tmp.path()) else {
        // No second file system here (no /dev/shm): the oracle case below still runs.
        return check(&steps, &defaults()).unwrap();
    };
    let top = tmp.path().join("top");
    build(&top, &steps, Some(away.path()));
    assert!(top.join("a/.l/e.rs").exists());
    let mut options = defaults();
    options.follow_links = true;
    options.one_file_system = true;
    let walked = trawl(std::slice::from_ref(&top), &top, &options);
    assert_eq!(walked.files, vec![top.join("a/foo")]);
    assert_eq!(walked.errors, 0);
    check(&steps, &options).unwrap();
}
