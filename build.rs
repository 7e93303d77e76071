//! Stamps the binary with the git commit it was built from, for `trawl --version`.
//!
//! A build outside a git checkout (a crates.io tarball, or no `git` on PATH) gets the plain
//! package version: the stamp is a courtesy, never a reason for the build to fail.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let version = env!("CARGO_PKG_VERSION");
    let long = match in_own_checkout().then(|| git(&["rev-parse", "--short", "HEAD"])) {
        Some(Some(rev)) => {
            watch_head();
            format!("{version} (rev {rev})")
        }
        _ => version.to_string(),
    };
    println!("cargo:rustc-env=TRAWL_LONG_VERSION={long}");
}

/// Whether the package directory is the top of a git work tree. A tarball unpacked inside
/// some other repository (vendored sources) must not take that repository's commit.
fn in_own_checkout() -> bool {
    let top = git(&["rev-parse", "--show-toplevel"]).map(PathBuf::from);
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    match (top.map(|t| t.canonicalize()), here.canonicalize()) {
        (Some(Ok(top)), Ok(here)) => top == here,
        _ => false,
    }
}

/// Asks cargo to run this script again when HEAD moves: when HEAD itself changes (a
/// checkout), or the branch it points at does (a commit). Only files that exist are named,
/// since cargo reruns on every build for a path that is missing.
fn watch_head() {
    let mut paths = vec![git(&["rev-parse", "--git-path", "HEAD"])];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        paths.push(git(&["rev-parse", "--git-path", &branch]));
        // A branch that `git gc` packed lives in packed-refs instead.
        paths.push(git(&["rev-parse", "--git-path", "packed-refs"]));
    }
    for path in paths.into_iter().flatten().map(PathBuf::from) {
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
}

/// The trimmed output of `git ARGS` in the package directory, if git ran and succeeded.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (out.status.success() && !text.is_empty()).then(|| text.to_string())
}
