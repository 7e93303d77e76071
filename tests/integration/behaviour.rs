//! Behaviour that is trawl's own contract: errors, exit codes, stdin, help, a closed pipe.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::harness::{Dir, generate_tree, run, run_with_stdin, text, trawl};

#[test]
fn invalid_regex_exits_2_with_the_pattern_and_a_caret() {
    let dir = Dir::new();
    dir.create("a.txt", "foo(\n");
    let (out, err, code) = trawl(&dir, &["foo("]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.starts_with("trawl: regex parse error:"), "{err}");
    assert!(err.contains("foo(") && err.contains('^'), "{err}");
    assert!(
        err.contains("-F"),
        "a literal-looking pattern suggests -F: {err}"
    );
}

#[test]
fn literal_newline_in_a_pattern_is_rejected() {
    let dir = Dir::new();
    dir.create("a.txt", "a\nb\n");
    let (out, err, code) = trawl(&dir, &["a\\nb"]);
    assert_eq!((out.as_str(), code), ("", 2));
    assert!(err.contains("\\n"), "{err}");
}

#[test]
fn missing_path_is_reported_and_other_paths_are_searched() {
    let dir = Dir::new();
    dir.create("a.txt", "needle\n");
    dir.create("b.txt", "needle\n");
    let (out, err, code) = trawl(&dir, &["needle", "a.txt", "nosuch", "b.txt"]);
    assert_eq!(out, "a.txt:1:1:needle\nb.txt:1:1:needle\n");
    assert_eq!(
        err,
        "trawl: nosuch: No such file or directory (os error 2)\n"
    );
    assert_eq!(code, 2);
}

#[test]
fn unreadable_file_is_reported_and_the_walk_goes_on() {
    // /proc/self/mem opens but fails to read at offset 0, even for root.
    let dir = Dir::new();
    dir.create("a.txt", "needle\n");
    let (out, err, code) = trawl(&dir, &["needle", "/proc/self/mem", "a.txt"]);
    assert_eq!(out, "a.txt:1:1:needle\n");
    assert!(err.starts_with("trawl: /proc/self/mem: "), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(code, 2);
}

#[test]
fn permission_denied_file_is_reported_in_a_walk() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Dir::new();
    dir.create("a/1.txt", "needle\n");
    let locked = dir.create("a/2.txt", "needle\n");
    dir.create("a/3.txt", "needle\n");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        // Running as root: permissions do not stop reads. The /proc test covers the path.
        return;
    }
    let (out, err, code) = trawl(&dir, &["needle"]);
    assert_eq!(out, "a/1.txt:1:1:needle\na/3.txt:1:1:needle\n");
    assert!(
        err.starts_with("trawl: a/2.txt: Permission denied"),
        "{err}"
    );
    assert_eq!(code, 2);
}

#[test]
fn exit_codes_follow_match_and_no_match() {
    let dir = Dir::new();
    dir.create("a.txt", "needle\n");
    assert_eq!(trawl(&dir, &["needle"]).2, 0);
    assert_eq!(trawl(&dir, &["haystack"]).2, 1);
}

#[test]
fn stdin_is_searched_for_dash_and_for_a_pipe_without_paths() {
    let dir = Dir::new();
    dir.create("a.txt", "needle in a file\n");
    for args in [vec!["needle", "-"], vec!["needle"]] {
        let out = run_with_stdin(dir.trawl().args(&args), b"x\na needle\n");
        assert_eq!(text(&out.stdout), "<stdin>:2:3:a needle\n", "{args:?}");
    }
}

#[test]
fn stdin_that_is_a_file_is_searched_but_dev_null_means_the_current_dir() {
    let dir = Dir::new();
    let input = dir.create("input", "needle from stdin\n");
    dir.create("sub/a.txt", "needle in a file\n");
    let out = run(dir
        .trawl()
        .arg("needle")
        .current_dir(dir.path().join("sub"))
        .stdin(std::fs::File::open(&input).unwrap()));
    assert_eq!(text(&out.stdout), "<stdin>:1:1:needle from stdin\n");
    // The harness gives /dev/null, a character device: search `.`.
    let (out, _, _) = trawl(&dir, &["needle"]);
    assert_eq!(
        out,
        "input:1:1:needle from stdin\nsub/a.txt:1:1:needle in a file\n"
    );
}

#[test]
fn binary_files_are_skipped_when_walked_and_noticed_when_named() {
    let dir = Dir::new();
    dir.create("b.bin", b"needle\x00\n");
    dir.create("t.txt", "needle\n");
    let (out, _, code) = trawl(&dir, &["needle"]);
    assert_eq!((out.as_str(), code), ("t.txt:1:1:needle\n", 0));
    let (out, _, code) = trawl(&dir, &["needle", "b.bin"]);
    assert_eq!(
        out,
        "b.bin: binary file matches (found \"\\0\" byte around offset 6)\n"
    );
    assert_eq!(code, 0);
    let (out, _, code) = trawl(&dir, &["absent", "b.bin"]);
    assert_eq!((out.as_str(), code), ("", 1));
}

#[test]
fn a_nul_far_into_a_file_makes_it_binary_under_trawls_rule() {
    // The NUL lies beyond the first read buffer, after matches that were already rendered.
    let mut bytes = "needle\n".repeat(30_000).into_bytes();
    let nul_at = bytes.len();
    bytes.extend_from_slice(b"\x00needle\n");
    let dir = Dir::new();
    dir.create("late.bin", &bytes);
    dir.create("t.txt", "needle\n");
    let (out, _, code) = trawl(&dir, &["needle"]);
    assert_eq!((out.as_str(), code), ("t.txt:1:1:needle\n", 0));
    let (out, _, code) = trawl(&dir, &["needle", "late.bin"]);
    assert_eq!(
        out,
        format!("late.bin: binary file matches (found \"\\0\" byte around offset {nul_at})\n")
    );
    assert_eq!(code, 0);
}

#[test]
fn lines_longer_than_the_read_buffer_are_searched_whole() {
    let dir = Dir::new();
    let long = format!(
        "{}needle{}\nneedle\n",
        "a".repeat(200_000),
        "b".repeat(100_000)
    );
    dir.create("long.txt", &long);
    let (out, _, _) = trawl(&dir, &["--no-column", "needle"]);
    let first = long.lines().next().unwrap();
    assert_eq!(out, format!("long.txt:1:{first}\nlong.txt:2:needle\n"));
}

#[test]
fn a_line_with_three_matches_prints_three_times() {
    let dir = Dir::new();
    dir.create("a.txt", "ab ab ab\n");
    let (out, _, _) = trawl(&dir, &["ab"]);
    assert_eq!(
        out,
        "a.txt:1:1:ab ab ab\na.txt:1:4:ab ab ab\na.txt:1:7:ab ab ab\n"
    );
    let (out, _, _) = trawl(&dir, &["--no-column", "ab"]);
    assert_eq!(out, "a.txt:1:ab ab ab\n");
}

#[test]
fn short_and_long_help_and_version() {
    let dir = Dir::new();
    let (short, _, code) = trawl(&dir, &["-h"]);
    assert_eq!(code, 0);
    let (long, _, _) = trawl(&dir, &["--help"]);
    assert!(short.contains("--no-column") && long.contains("--no-column"));
    assert!(long.len() > short.len(), "--help is the long form");
    let (version, _, code) = trawl(&dir, &["-V"]);
    assert_eq!(code, 0);
    assert!(version.starts_with("trawl "), "{version}");
}

#[test]
fn closed_pipe_ends_quietly_with_exit_0() {
    // `trawl PATTERN big-tree | head -1`: the reader goes away after one line.
    let dir = Dir::new();
    generate_tree(&dir, "t", 2000, 3);
    let mut child = dir
        .trawl()
        .args(["-j2", ""])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    assert!(!first.is_empty());
    drop(reader);
    let out = child.wait_with_output().unwrap();
    assert_eq!(text(&out.stderr), "", "no panic text and no error line");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn color_auto_follows_the_terminal_and_no_color() {
    let dir = Dir::new();
    dir.create("a.txt", "needle\n");
    // Piped: auto means no color; always means color.
    let (out, _, _) = trawl(&dir, &["needle"]);
    assert!(!out.contains('\x1b'), "{out:?}");
    let (out, _, _) = trawl(&dir, &["--color", "always", "needle"]);
    assert!(out.contains("\x1b[1m\x1b[31mneedle"), "{out:?}");
    // On a terminal (a pseudo-terminal from script(1)): color, unless NO_COLOR is set.
    let bin = env!("CARGO_BIN_EXE_trawl");
    let on_tty = |no_color: Option<&str>| {
        let mut cmd = dir.trawl();
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("TERM", "xterm");
        if let Some(value) = no_color {
            cmd.env("NO_COLOR", value);
        }
        // script(1) runs the command on a pseudo-terminal.
        let out = run(cmd_for_script(&mut cmd, &format!("{bin} needle a.txt")));
        text(&out.stdout)
    };
    assert!(
        on_tty(None).contains("\x1b[1m\x1b[31mneedle"),
        "{:?}",
        on_tty(None)
    );
    assert!(
        !on_tty(Some("1")).contains('\x1b'),
        "{:?}",
        on_tty(Some("1"))
    );
}

/// Turns `cmd` (already configured with a directory and environment) into a run of
/// `command_line` under script(1), which gives it a pseudo-terminal.
fn cmd_for_script<'a>(
    cmd: &'a mut std::process::Command,
    command_line: &str,
) -> &'a mut std::process::Command {
    let mut script = std::process::Command::new("script");
    script.args(["-qec", command_line, "/dev/null"]);
    // Move the prepared environment and directory over to script(1).
    if let Some(dir) = cmd.get_current_dir() {
        script.current_dir(dir);
    }
    script.env_clear();
    for (key, value) in cmd.get_envs() {
        if let Some(value) = value {
            script.env(key, value);
        }
    }
    *cmd = script;
    cmd
}

#[test]
fn config_file_supplies_default_arguments_unless_no_config() {
    let dir = Dir::new();
    dir.create("a.txt", "Needle\nneedle\n");
    let config = dir.create("trawlrc", "# defaults\n-i\n\n--no-column\n");
    let with = run(dir.trawl().env("TRAWL_CONFIG_PATH", &config).arg("needle"));
    assert_eq!(text(&with.stdout), "a.txt:1:Needle\na.txt:2:needle\n");
    let without = run(dir
        .trawl()
        .env("TRAWL_CONFIG_PATH", &config)
        .args(["--no-config", "needle"]));
    assert_eq!(text(&without.stdout), "a.txt:2:1:needle\n");
    // Flags on the command line come after the file's, so they win.
    let overridden = run(dir
        .trawl()
        .env("TRAWL_CONFIG_PATH", &config)
        .args(["-s", "needle"]));
    assert_eq!(text(&overridden.stdout), "a.txt:2:needle\n");
    // --vimgrep takes back the file's --no-column.
    let vimgrep = run(dir
        .trawl()
        .env("TRAWL_CONFIG_PATH", &config)
        .args(["--vimgrep", "needle"]));
    assert_eq!(
        text(&vimgrep.stdout),
        "a.txt:1:1:Needle\na.txt:2:1:needle\n"
    );
    let missing = run(dir
        .trawl()
        .env("TRAWL_CONFIG_PATH", "nosuch-rc")
        .arg("needle"));
    // As rg: a config file that cannot be read is a warning, and the run goes on.
    assert_eq!(missing.status.code(), Some(0));
    assert!(text(&missing.stderr).starts_with("trawl: nosuch-rc: "));
}

#[test]
fn the_command_line_undoes_what_the_config_file_set() {
    // The reason every flag has its negation: a config file sets defaults, and the command
    // line must be able to take each of them back. The same file goes to rg as
    // RIPGREP_CONFIG_PATH, and both must print the same.
    let dir = Dir::new();
    dir.git_init("");
    dir.create("a.txt", "  needle\nother\n");
    dir.create(".gitignore", "ignored.txt\n");
    dir.create("ignored.txt", "needle\n");
    dir.create(".hidden.txt", "needle\n");
    let rc = dir.create(
        "rc",
        "--invert-match\n--trim\n--byte-offset\n--crlf\n--json\n-uu\n",
    );
    let args = [
        "--ignore",
        "--no-hidden",
        "--no-invert-match",
        "--no-trim",
        "--no-byte-offset",
        "--no-crlf",
        "--no-json",
        "needle",
    ];
    let ours = run(dir.trawl().env("TRAWL_CONFIG_PATH", &rc).args(args));
    let theirs = run(dir
        .rg()
        .env("RIPGREP_CONFIG_PATH", &rc)
        .args(["--sort", "path", "--vimgrep"])
        .args(args));
    assert_eq!(text(&ours.stdout), "a.txt:1:3:  needle\n");
    assert_eq!(text(&ours.stdout), text(&theirs.stdout));
    assert_eq!(ours.status.code(), Some(0));
}

#[test]
fn no_messages_keeps_stderr_empty_but_the_exit_code_at_2() {
    let dir = Dir::new();
    dir.create("a.txt", "needle\n");
    for mode in ["threads", "processes"] {
        let args = [
            "--mode",
            mode,
            "--no-messages",
            "needle",
            "nosuch.txt",
            "a.txt",
        ];
        let (out, err, code) = trawl(&dir, &args);
        assert_eq!(
            (out.as_str(), err.as_str(), code),
            ("a.txt:1:1:needle\n", "", 2),
            "{mode}"
        );
        // --messages takes it back, as a command line does after a config file.
        let (_, err, code) = trawl(
            &dir,
            &[
                "--mode",
                mode,
                "--no-messages",
                "--messages",
                "needle",
                "nosuch.txt",
            ],
        );
        assert!(err.starts_with("trawl: nosuch.txt: "), "{err}");
        assert_eq!(code, 2);
    }
    // Errors in the arguments are not about a file: they are still printed.
    let (_, err, code) = trawl(&dir, &["--no-messages", "foo("]);
    assert!(err.starts_with("trawl: regex parse error:"), "{err}");
    assert_eq!(code, 2);
}

#[test]
fn buffering_flags_change_when_stdout_is_flushed_never_what_is_printed() {
    let dir = Dir::new();
    generate_tree(&dir, "t", 200, 11);
    for mode in ["threads", "processes"] {
        let plain = run(dir.trawl().args(["--mode", mode, "needle"]));
        assert!(!plain.stdout.is_empty());
        for flag in [
            "--line-buffered",
            "--block-buffered",
            "--no-line-buffered",
            "--no-block-buffered",
        ] {
            let out = run(dir.trawl().args(["--mode", mode, flag, "needle"]));
            assert_eq!(out.stdout, plain.stdout, "{mode} {flag}");
            assert_eq!(out.status.code(), Some(0), "{mode} {flag}");
        }
    }
    let files = run(dir.trawl().arg("--files"));
    let line_buffered = run(dir.trawl().args(["--files", "--line-buffered"]));
    assert_eq!(line_buffered.stdout, files.stdout);
    // On a terminal the default is line buffering; --block-buffered prints the same.
    let bin = env!("CARGO_BIN_EXE_trawl");
    let on_tty = |flag: &str| {
        let mut cmd = dir.trawl();
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default());
        let line = format!("{bin} {flag} --color never needle t");
        run(cmd_for_script(&mut cmd, &line)).stdout
    };
    let tty = on_tty("");
    assert!(tty.len() > 100, "{}", text(&tty));
    assert_eq!(on_tty("--block-buffered"), tty);
}

#[test]
fn a_pattern_over_the_size_limit_says_which_flag_raises_it() {
    let dir = Dir::new();
    dir.create("a.txt", "foo_bar\n");
    let (out, err, code) = trawl(&dir, &["--regex-size-limit", "10", "foo\\w+"]);
    assert_eq!((out.as_str(), code), ("", 2));
    assert!(
        err.contains("size limit of 10 bytes") && err.contains("--regex-size-limit"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    let (out, _, code) = trawl(&dir, &["--regex-size-limit", "1M", "foo\\w+"]);
    assert_eq!((out.as_str(), code), ("a.txt:1:1:foo_bar\n", 0));
}

/// The numbers of the `serial cpu:` line of a `--stats` block, and the process's CPU from
/// the `serial:` line before it (user plus system).
fn serial_cpu(stdout: &str) -> Option<(Vec<f64>, f64)> {
    let numbers = |line: &str| -> Vec<f64> {
        line.split_whitespace()
            .filter_map(|w| w.trim_matches([',', ';', ':']).parse().ok())
            .collect()
    };
    let serial = stdout.lines().find(|l| l.starts_with("serial: "))?;
    let cpu = stdout.lines().find(|l| l.starts_with("serial cpu: "))?;
    let s = numbers(serial);
    Some((numbers(cpu), s[3] + s[4]))
}

#[test]
fn stats_count_the_serial_chains_in_cpu_time_in_thread_mode_only() {
    // The lock's CPU time is measured on one hold in 16 and scaled to all of them: the
    // estimate must stay within the CPU the whole process used, however it is scaled.
    let dir = Dir::new();
    generate_tree(&dir, "tree", 3000, 11);
    let (out, _, code) = trawl(&dir, &["--stats", "-j", "2", "-c", "e", "tree"]);
    assert_eq!(code, 0);
    let (chains, process_cpu) = serial_cpu(&out).expect("a serial cpu line");
    let [collector, lock, holds, longest] = chains[..] else {
        panic!("four numbers: {chains:?}");
    };
    assert!(holds >= 3000.0 / 16.0, "a hold per batch at least: {holds}");
    for (name, chain) in [
        ("collector", collector),
        ("lock", lock),
        ("longest", longest),
    ] {
        assert!(
            chain <= process_cpu,
            "{name} {chain} s within the process's {process_cpu} s"
        );
    }
    let (out, _, _) = trawl(
        &dir,
        &[
            "--stats",
            "--mode",
            "processes",
            "-j",
            "2",
            "-c",
            "e",
            "tree",
        ],
    );
    assert!(out.contains("\nserial: "), "{out}");
    assert!(!out.contains("serial cpu:"), "thread mode only: {out}");
}
