//! The README's examples cannot rot: every command of its Usage section runs here, on a
//! small tree where each finds something, and must exit 0 with output and no errors, as
//! the README says. The man page's EXAMPLES are the same commands with the same words.

use std::path::Path;
use std::process::Command;

use crate::harness::{Dir, isolate, run, text};

/// The README, as the repository has it.
fn readme() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    std::fs::read_to_string(&path).expect("read README.md")
}

/// The lines of the first `sh` block under the README's `## Usage` heading.
fn usage_block(readme: &str) -> Vec<String> {
    let section = readme
        .split("\n## ")
        .find(|part| part.starts_with("Usage\n"))
        .expect("the README has a `## Usage` section");
    let block = section
        .split("```sh\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("the Usage section starts with an sh block");
    block.lines().map(str::to_string).collect()
}

/// A line of that block as (command, comment): the comment starts at the first `#` that
/// follows a space outside quotes, as the shell reads it.
fn split_comment(line: &str) -> (String, String) {
    let mut quote = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '#') if prev.is_whitespace() => {
                return (
                    line[..i].trim().to_string(),
                    line[i + 1..].trim().to_string(),
                );
            }
            _ => {}
        }
        prev = c;
    }
    (line.trim().to_string(), String::new())
}

/// A tree in which every Usage example finds something: a git repository (for `git diff`
/// and `.gitignore` rules) with kernel-like and Rust-like files.
fn fixture() -> Dir {
    let dir = Dir::new();
    dir.create("drivers/pm.c", "int state = PM_RESUME;\n");
    dir.create("drivers/pm.h", "#define PM_RESUME 1\n");
    dir.create(
        "drivers/README.txt",
        "PM_RESUME is not searched under -O c,h\n",
    );
    dir.create(
        "kernel/power/main.c",
        "/* Resume from suspend */\nstatic int resume(void);\nint resumed;\n",
    );
    dir.create(
        "src/lib.rs",
        "fn foo() {}\nlet bar = baz.unwrap();\n// TODO: tidy\nlet x = a.unwrap();\n",
    );
    dir.create(
        "tests/t.rs",
        "fn baz() {}\nlet y = y.unwrap().unwrap();\nneedle\n",
    );
    let many: String = (1..=12).map(|i| format!("v{i}.unwrap();\n")).collect();
    dir.create("src/many.rs", many);
    dir.create("notes/call.txt", "call a.b(c) once\n");
    let git = |args: &[&str]| {
        let out = run(Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
            .args(args)
            .current_dir(dir.path()));
        assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "fixture"]);
    // An uncommitted change that adds an unwrap, for `git diff | trawl ...`.
    dir.create(
        "src/lib.rs",
        "fn foo() {}\nlet bar = baz.unwrap();\n// TODO: tidy\nlet x = a.unwrap();\nlet z = c.unwrap();\n",
    );
    dir
}

#[test]
fn every_usage_example_in_the_readme_runs_and_finds_something() {
    let examples: Vec<(String, String)> = usage_block(&readme())
        .iter()
        .map(|line| split_comment(line))
        .filter(|(command, _)| !command.is_empty())
        .collect();
    assert!(examples.len() >= 5, "found only {examples:?}");
    let dir = fixture();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_trawl"))
        .parent()
        .expect("the binary's directory");
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .expect("PATH");
    let mut failures = vec![];
    for (command, _) in &examples {
        assert!(
            command.starts_with("trawl ") || command.contains("| trawl "),
            "a Usage example that does not run trawl: {command}"
        );
        let mut sh = Command::new("sh");
        isolate(&mut sh, dir.path());
        let out = run(sh.arg("-c").arg(command).env("PATH", &path));
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        if out.status.code() != Some(0) || stdout.is_empty() || !stderr.is_empty() {
            failures.push(format!(
                "{command}\n  exit {:?}, stdout {stdout:?}, stderr {stderr:?}",
                out.status.code()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "README examples that do not work as documented:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_man_page_examples_are_the_readme_examples() {
    let readme: Vec<(String, String)> = usage_block(&readme())
        .iter()
        .map(|line| split_comment(line))
        .filter(|(command, _)| !command.is_empty())
        .collect();
    let man: Vec<(String, String)> = trawl::cli::man::EXAMPLES
        .iter()
        .map(|(command, what)| (command.to_string(), what.to_string()))
        .collect();
    assert_eq!(
        man, readme,
        "src/cli/man.rs's EXAMPLES differ from the README's Usage block"
    );
}

#[test]
fn comments_start_at_a_hash_outside_quotes() {
    assert_eq!(
        split_comment("trawl -e '#x' a.txt   # a pattern with #"),
        (
            "trawl -e '#x' a.txt".to_string(),
            "a pattern with #".to_string()
        )
    );
    assert_eq!(
        split_comment("trawl a#b"),
        ("trawl a#b".to_string(), String::new())
    );
}
