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

#[test]
fn the_man_page_documents_the_options() {
    let dir = Dir::new();
    let man = crate::harness::text(&run(dir.trawl().args(["--generate", "man"])).stdout);
    for option in [
        "max\\-results",
        "files\\-from",
        "mode",
        "no\\-column",
        "json",
    ] {
        assert!(man.contains(option), "the man page lacks --{option}");
    }
    assert!(
        !man.contains("\\-\\-worker"),
        "the internal --worker flag stays hidden"
    );
}
