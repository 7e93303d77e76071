//! The man page and shell completions in the repository are what the binary generates:
//! they are checked in for packagers, and this test keeps them current.

use crate::harness::{Dir, run};

const GENERATED: &[(&str, &str)] = &[
    ("man", "man/trawl.1"),
    ("complete-bash", "completions/trawl.bash"),
    ("complete-zsh", "completions/_trawl"),
    ("complete-fish", "completions/trawl.fish"),
    ("complete-powershell", "completions/_trawl.ps1"),
    ("complete-elvish", "completions/trawl.elv"),
];

#[test]
fn checked_in_man_page_and_completions_are_current() {
    let dir = Dir::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stale = vec![];
    for (kind, path) in GENERATED {
        let out = run(dir.trawl().args(["--generate", kind]));
        assert_eq!(out.status.code(), Some(0), "--generate {kind}");
        assert!(!out.stdout.is_empty(), "--generate {kind} printed nothing");
        let checked_in = std::fs::read(root.join(path)).unwrap_or_default();
        if checked_in != out.stdout {
            stale.push(format!("trawl --generate {kind} > {path}"));
        }
    }
    assert!(
        stale.is_empty(),
        "generated files are stale; regenerate them with:\n{}",
        stale.join("\n")
    );
}

/// The long flags that `--help` lists: each option line starts with `-x, --long` or
/// `--long`, indented by two or six spaces; descriptions are indented further.
fn long_flags_in_help(help: &str) -> Vec<String> {
    help.lines()
        .filter(|line| {
            let indent = line.len() - line.trim_start().len();
            (2..8).contains(&indent) && line.trim_start().starts_with('-')
        })
        .flat_map(|line| {
            // The flags come before the value name (`<NUM>`) or the two spaces of a short
            // help's description.
            let flags = line.trim_start().split("  ").next().unwrap_or("");
            flags
                .split([',', ' ', '='])
                .filter_map(|word| word.strip_prefix("--"))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn every_long_flag_that_help_lists_is_in_the_man_page() {
    let dir = Dir::new();
    let man = crate::harness::text(&run(dir.trawl().args(["--generate", "man"])).stdout);
    let help = crate::harness::text(&run(dir.trawl().arg("--help")).stdout);
    let flags = long_flags_in_help(&help);
    // --help lists 150 long flags; a parse that finds few has broken.
    assert!(
        flags.len() > 100,
        "found only {} flags in --help",
        flags.len()
    );
    for known in ["max-results", "files-from", "no-column", "json", "no-crlf"] {
        assert!(flags.iter().any(|f| f == known), "--help lacks --{known}");
    }
    let missing: Vec<&String> = flags
        .iter()
        .filter(|flag| !man.contains(&format!("\\fB\\-\\-{}\\fR", flag.replace('-', "\\-"))))
        .collect();
    assert!(missing.is_empty(), "the man page lacks {missing:?}");
    assert!(
        !man.contains("\\-\\-worker"),
        "the internal --worker flag stays hidden"
    );
}

#[test]
fn the_man_page_has_the_sections_a_reader_looks_for() {
    let dir = Dir::new();
    let man = crate::harness::text(&run(dir.trawl().args(["--generate", "man"])).stdout);
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH DESCRIPTION",
        ".SH OPTIONS",
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH EXAMPLES",
        ".SH \"SEE ALSO\"",
    ] {
        assert!(
            man.lines().any(|line| line == section),
            "the man page lacks {section}"
        );
    }
}

#[test]
fn version_names_the_release_and_the_commit_it_was_built_from() {
    let dir = Dir::new();
    let short = crate::harness::text(&run(dir.trawl().arg("-V")).stdout);
    let release = format!("trawl {}", env!("CARGO_PKG_VERSION"));
    assert_eq!(short.trim_end(), release, "-V is the release alone");
    let long = crate::harness::text(&run(dir.trawl().arg("--version")).stdout);
    let head = run(std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR")));
    let head = crate::harness::text(&head.stdout);
    if head.trim().is_empty() {
        // Built outside a git checkout (a source tarball): build.rs leaves the commit out.
        assert_eq!(long.trim_end(), release);
    } else {
        // cargo reran build.rs when HEAD moved, so the binary names the commit under test.
        assert_eq!(long.trim_end(), format!("{release} (rev {})", head.trim()));
    }
}
