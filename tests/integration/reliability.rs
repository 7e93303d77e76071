//! Reliability: what a hostile probe of trawl found (issue 12), each as a regression test.
//! Argument and config errors, patterns from stdin, absurd thread counts and files that
//! never end. Signals and huge files are in `signals` and `chunked`.

use std::io::{Read, Write};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{Dir, run, text};

/// Runs `cmd` with `input` on stdin; fails the test, killing the run, if it takes longer
/// than `limit`: the faults here were hangs.
pub fn run_within(cmd: &mut Command, input: &[u8], limit: Duration) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start command");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = input.to_vec();
    // The run may never read its stdin; a writer thread keeps that from blocking the test.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let out_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout.read_to_end(&mut bytes);
        bytes
    });
    let err_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stderr.read_to_end(&mut bytes);
        bytes
    });
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().expect("poll the run") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let _ = writer.join();
    Output {
        status,
        stdout: out_reader.join().expect("stdout reader"),
        stderr: err_reader.join().expect("stderr reader"),
    }
}

const MODES: [&str; 2] = ["threads", "processes"];

fn small_tree() -> Dir {
    let dir = Dir::new();
    dir.create("a.txt", "one needle\nno\n");
    dir.create("sub/b.txt", "needle two\nneedle three\n");
    dir.create("sub/c.txt", "nothing here\n");
    dir
}

#[test]
fn patterns_from_stdin_reach_worker_processes() {
    // Found by a hostile probe: `echo needle | trawl --mode processes -f - .` never
    // ended, as each child read its patterns from its stdin, the parent's batch pipe.
    let dir = small_tree();
    let expected = run(dir.trawl().args(["-e", "needle", "-e", "three", "."]));
    assert_eq!(expected.status.code(), Some(0));
    for mode in MODES {
        for jobs in ["-j1", "-j2"] {
            let out = run_within(
                dir.trawl().args(["--mode", mode, jobs, "-f", "-", "."]),
                b"needle\nthree\n",
                Duration::from_secs(30),
            );
            assert_eq!(text(&out.stdout), text(&expected.stdout), "{mode} {jobs}");
            assert_eq!(out.status.code(), Some(0), "{mode} {jobs}");
            assert_eq!(text(&out.stderr), "", "{mode} {jobs}");
        }
    }
}

#[test]
fn pattern_files_and_file_lists_work_in_process_mode() {
    let dir = small_tree();
    dir.create("pats", "three\nneedle\n");
    dir.create("list", "sub/b.txt\na.txt\n");
    let cases: [(&[&str], &[u8]); 3] = [
        (&["-f", "pats", "."], b""),
        (&["needle", "--files-from", "-"], b"sub/b.txt\na.txt\n"),
        (&["-f", "pats", "--files-from", "list"], b""),
    ];
    for (args, input) in cases {
        let threads = run_within(
            dir.trawl().args(["--mode", "threads"]).args(args),
            input,
            Duration::from_secs(30),
        );
        assert_eq!(threads.status.code(), Some(0), "{args:?}");
        assert!(!threads.stdout.is_empty(), "{args:?}");
        let procs = run_within(
            dir.trawl().args(["--mode", "processes", "-j2"]).args(args),
            input,
            Duration::from_secs(30),
        );
        assert_eq!(text(&procs.stdout), text(&threads.stdout), "{args:?}");
        assert_eq!(procs.status.code(), Some(0), "{args:?}");
        assert_eq!(text(&procs.stderr), "", "{args:?}");
    }
}

#[test]
fn worker_processes_do_not_read_the_config_file_again() {
    // A config file's defaults reach the children through the parent, once: a missing
    // one is warned about once, not once per child.
    let dir = small_tree();
    let config = dir.create("config", "--ignore-case\n");
    let upper = dir.create("d/x.txt", "NEEDLE\n");
    let _ = upper;
    let out = run_within(
        dir.trawl().env("TRAWL_CONFIG_PATH", &config).args([
            "--mode",
            "processes",
            "-j2",
            "-c",
            "needle",
            "d",
        ]),
        b"",
        Duration::from_secs(30),
    );
    assert_eq!(text(&out.stdout), "d/x.txt:1\n");
    let missing = dir.path().join("no-such-config");
    let out = run_within(
        dir.trawl().env("TRAWL_CONFIG_PATH", &missing).args([
            "--mode",
            "processes",
            "-j2",
            "-c",
            "needle",
            ".",
        ]),
        b"",
        Duration::from_secs(30),
    );
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

#[test]
fn patterns_and_haystack_both_from_stdin_are_refused() {
    // Found by a hostile probe: `echo needle | trawl -f - -` exited 1 silently; rg
    // refuses it with exit 2 and says why.
    let dir = small_tree();
    for args in [&["-f", "-", "-"][..], &["-f", "-", "--files-from", "-"]] {
        let ours = run_within(dir.trawl().args(args), b"needle\n", Duration::from_secs(30));
        assert_eq!(ours.status.code(), Some(2), "{args:?}");
        assert!(ours.stdout.is_empty(), "{args:?}");
        assert_eq!(
            text(&ours.stderr),
            "trawl: -f -: the patterns are read from stdin, so stdin cannot also be searched\n"
        );
    }
    let theirs = run_within(
        dir.rg().args(["-f", "-", "-"]),
        b"needle\n",
        Duration::from_secs(30),
    );
    assert_eq!(theirs.status.code(), Some(2));
}

#[test]
fn patterns_from_stdin_and_no_path_search_the_current_directory() {
    // As rg: stdin held the patterns, so `.` is the haystack.
    let dir = small_tree();
    let args = ["--sort", "path", "--vimgrep", "-f", "-"];
    let theirs = run_within(dir.rg().args(args), b"needle\n", Duration::from_secs(30));
    let ours = run_within(
        dir.trawl().args(["-f", "-"]),
        b"needle\n",
        Duration::from_secs(30),
    );
    assert_eq!(text(&ours.stdout), text(&theirs.stdout));
    assert_eq!(ours.status.code(), Some(0));
}

#[test]
fn bad_numbers_are_one_line_that_names_the_flag() {
    // Found by a hostile probe: `-j -1` got clap's 8-line "unexpected argument '-1'
    // found", which does not name the flag; `-A foo` named it in three lines.
    let dir = small_tree();
    for (args, flag, value) in [
        (&["-j", "-1"][..], "--threads", "-1"),
        (&["-m", "-1"], "--max-count", "-1"),
        (&["-B", "-2"], "--before-context", "-2"),
        (&["-C", "-3"], "--context", "-3"),
        (&["--max-results", "-1"], "--max-results", "-1"),
        (&["-A", "foo"], "--after-context", "foo"),
        (&["-d", "-1"], "--max-depth", "-1"),
        (&["-M", "x"], "--max-columns", "x"),
    ] {
        let out = run(dir.trawl().args(args).arg("needle"));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_eq!(
            text(&out.stderr),
            format!("trawl: {flag}: invalid value '{value}': invalid digit found in string\n"),
            "{args:?}"
        );
        // rg refuses each too, in one line that names the flag.
        if flag != "--max-results" {
            let theirs = run(dir.rg().args(args).arg("needle"));
            assert_eq!(theirs.status.code(), Some(2), "{args:?}");
            assert_eq!(text(&theirs.stderr).lines().count(), 1, "{args:?}");
        }
    }
}

#[test]
fn other_usage_errors_are_one_line_too() {
    let dir = small_tree();
    for (args, expected) in [
        (
            &["--colr", "x"][..],
            "trawl: --colr: unknown flag; did you mean --color?\n",
        ),
        (
            &["--mode", "fibers", "x"],
            "trawl: --mode: invalid value 'fibers': expected one of threads, processes\n",
        ),
        (
            &["--wrkr", "x"],
            "trawl: --wrkr: unknown flag; to search for it, use -e or put it after --\n",
        ),
        // The worker flag is internal: only a child started alone with it is a worker.
        (
            &["--worker", "x"],
            "trawl: --worker: unknown flag; did you mean --unordered?\n",
        ),
    ] {
        let out = run(dir.trawl().args(args));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(text(&out.stderr), expected, "{args:?}");
    }
    // Help still goes to stdout, whole, with success.
    let help = run(dir.trawl().arg("--help"));
    assert_eq!(help.status.code(), Some(0));
    assert!(text(&help.stdout).contains("--threads"));
}

#[test]
fn absurd_thread_counts_are_capped_and_finish() {
    // Found by a hostile probe: `-j 100000` and `-j 18446744073709551615` spawned threads
    // without end and never finished.
    let dir = small_tree();
    let expected = run(dir.trawl().args(["needle", "."]));
    for mode in MODES {
        for jobs in ["100000", "18446744073709551615"] {
            let out = run_within(
                dir.trawl()
                    .args(["--mode", mode, "-j", jobs, "needle", "."]),
                b"",
                Duration::from_secs(60),
            );
            assert_eq!(
                text(&out.stdout),
                text(&expected.stdout),
                "{mode} -j {jobs}"
            );
            assert_eq!(out.status.code(), Some(0), "{mode} -j {jobs}");
        }
    }
}

#[test]
fn a_missing_config_file_is_a_warning_and_the_run_goes_on() {
    // Found by a hostile probe: trawl stopped with exit 2; rg warns and goes on.
    let dir = small_tree();
    let missing = dir.path().join("nope");
    let ours = run(dir
        .trawl()
        .env("TRAWL_CONFIG_PATH", &missing)
        .args(["-c", "needle", "a.txt"]));
    assert_eq!(text(&ours.stdout), "a.txt:1\n");
    assert_eq!(ours.status.code(), Some(0));
    assert_eq!(
        text(&ours.stderr),
        format!(
            "trawl: {}: the config file named by TRAWL_CONFIG_PATH is ignored: No such file \
             or directory (os error 2)\n",
            missing.display()
        )
    );
    let theirs = run(dir.rg().env("RIPGREP_CONFIG_PATH", &missing).args([
        "--vimgrep",
        "-c",
        "needle",
        "a.txt",
    ]));
    assert_eq!(text(&theirs.stdout), text(&ours.stdout));
    assert_eq!(theirs.status.code(), ours.status.code());
}

#[test]
fn a_binary_config_file_echoes_no_raw_bytes() {
    // Found by a hostile probe: a binary TRAWL_CONFIG_PATH echoed 4 KB of raw bytes as
    // one stderr line.
    let dir = small_tree();
    let mut binary = b"--hidden\n\x1b]0;pwned\x07\n".to_vec();
    binary.extend((0..4096u32).map(|i| (i % 256) as u8));
    let config = dir.create("config.bin", &binary);
    let out = run(dir
        .trawl()
        .env("TRAWL_CONFIG_PATH", &config)
        .args(["-c", "needle", "a.txt"]));
    let stderr = out.stderr;
    assert!(
        stderr
            .iter()
            .all(|&b| b == b'\n' || (0x20..0x7f).contains(&b)),
        "{:?}",
        text(&stderr)
    );
    assert_eq!(text(&stderr).lines().count(), 1, "{}", text(&stderr));
    assert_eq!(text(&out.stdout), "a.txt:1\n");
    assert_eq!(out.status.code(), Some(0));

    // Control bytes in a text config file's bad flag are escaped in the message.
    let config = dir.create("config.txt", b"--bad\x1b]0;x\x07\n");
    let out = run(dir
        .trawl()
        .env("TRAWL_CONFIG_PATH", &config)
        .args(["needle", "a.txt"]));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "trawl: --bad\\x1b]0;x\\x07: unknown flag; to search for it, use -e or put it after --\n"
    );
}

#[test]
fn proc_files_that_never_end_stop_as_in_rg() {
    // Found by a hostile probe: /proc/self/pagemap was read without end (4.2 GB of RSS
    // in 5 s); rg stops at once with EINVAL.
    let dir = small_tree();
    for mode in MODES {
        let ours = run_within(
            dir.trawl()
                .args(["--mode", mode, "-c", "x", "/proc/self/pagemap"]),
            b"",
            Duration::from_secs(20),
        );
        assert_eq!(ours.status.code(), Some(2), "{mode}");
        assert_eq!(
            text(&ours.stderr),
            "trawl: /proc/self/pagemap: Invalid argument (os error 22)\n",
            "{mode}"
        );
    }
    let theirs = run_within(
        dir.rg().args(["-c", "x", "/proc/self/pagemap"]),
        b"",
        Duration::from_secs(20),
    );
    assert_eq!(theirs.status.code(), Some(2));
    // A long procfs file that does end is still searched whole, as rg does.
    let args = ["-c", "[0-9a-f]{16} [tT] ", "/proc/kallsyms"];
    let ours = run_within(dir.trawl().args(args), b"", Duration::from_secs(20));
    let theirs = run_within(
        dir.rg().arg("--vimgrep").args(args),
        b"",
        Duration::from_secs(20),
    );
    assert_eq!(text(&ours.stdout), text(&theirs.stdout));
    assert_eq!(ours.status.code(), theirs.status.code());
}

/// A text of `lines` lines, every seventh with `needle`.
fn needles(lines: usize) -> Vec<u8> {
    let mut text = Vec::new();
    for i in 0..lines {
        if i % 7 == 0 {
            text.extend_from_slice(format!("line {i} needle\n").as_bytes());
        } else {
            text.extend_from_slice(format!("other {i}\n").as_bytes());
        }
    }
    text
}

/// `bytes` compressed by gzip, through a file: through pipes, a large input and output
/// would fill both and deadlock.
fn gzip(dir: &Dir, bytes: &[u8]) -> Vec<u8> {
    let path = dir.create("gzip-input", bytes);
    let out = run(Command::new("gzip").args(["-c", "-n"]).arg(&path));
    std::fs::remove_file(&path).expect("remove the gzip input");
    assert!(out.status.success(), "gzip failed");
    out.stdout
}

/// What `gzip -dc` makes of the archive at `path` before it fails on its truncated end.
fn gunzip_partial(path: &std::path::Path) -> Vec<u8> {
    let out = run(Command::new("gzip").args(["-d", "-c"]).arg(path));
    assert!(!out.status.success(), "the archive is truncated");
    out.stdout
}

#[test]
fn a_failing_decompressor_keeps_the_matches_it_printed() {
    // Found by a hostile probe: on a truncated .gz, trawl printed 0 lines, rg 728.
    let dir = Dir::new();
    let gz = gzip(&dir, &needles(200_000));
    let archive = dir.create("z/big.gz", &gz[..gz.len() / 2]);
    // The same name, holding what gzip printed before it failed, searched plainly.
    dir.create("plain/big.gz", gunzip_partial(&archive));
    let expected = run(dir
        .trawl()
        .current_dir(dir.path().join("plain"))
        .args(["needle", "big.gz"]));
    assert!(
        expected.stdout.len() > 100_000,
        "the partial output has matches"
    );
    for mode in MODES {
        let out = run(dir
            .trawl()
            .current_dir(dir.path().join("z"))
            .args(["--mode", mode, "-z", "needle", "big.gz"]));
        assert_eq!(out.stdout, expected.stdout, "{mode}");
        assert_eq!(out.status.code(), Some(2), "{mode}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.starts_with("trawl: big.gz: ") && stderr.contains("unexpected end of file"),
            "{mode}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{mode}: {stderr}");
    }
}

#[test]
fn a_failing_decompressor_whose_output_is_binary_is_still_an_error() {
    // Found by a hostile probe: when the partial output held a NUL and the file came
    // from the walk, the error was lost and the exit was 0 or 1; rg reports it.
    let dir = Dir::new();
    let mut contents = needles(200_000);
    contents.splice(20_000..20_000, [0u8]);
    let gz = gzip(&dir, &contents);
    dir.create("z/nul.gz", &gz[..gz.len() / 2]);
    dir.create("z/ok.txt", "needle\n");
    for mode in MODES {
        let out = run(dir
            .trawl()
            .current_dir(dir.path().join("z"))
            .args(["--mode", mode, "-z", "needle"]));
        assert_eq!(text(&out.stdout), "ok.txt:1:1:needle\n", "{mode}");
        assert_eq!(out.status.code(), Some(2), "{mode}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.starts_with("trawl: nul.gz: ") && stderr.contains("unexpected end of file"),
            "{mode}: {stderr}"
        );
    }
}

#[test]
fn a_hung_pre_command_is_stopped_by_pre_timeout() {
    // Found by a hostile probe: a --pre command that hangs holds back every later
    // result, forever. --pre-timeout stops it, its children included.
    let dir = Dir::new();
    let script = dir.create(
        "pre.sh",
        "#!/bin/sh\ncase \"$1\" in *hang*) sleep 120;; esac\nexec cat\n",
    );
    let made = Command::new("chmod")
        .arg("+x")
        .arg(&script)
        .status()
        .unwrap();
    assert!(made.success());
    dir.create("t/a.txt", "needle a\n");
    dir.create("t/hang.txt", "needle hang\n");
    dir.create("t/z.txt", "needle z\n");
    for mode in MODES {
        let started = Instant::now();
        let out = run_within(
            dir.trawl()
                .current_dir(dir.path().join("t"))
                .args([
                    "--mode",
                    mode,
                    "--pre",
                    "../pre.sh",
                    "--pre-timeout",
                    "1",
                    "needle",
                ])
                .args(["a.txt", "hang.txt", "z.txt"]),
            b"",
            Duration::from_secs(60),
        );
        assert!(started.elapsed() < Duration::from_secs(30), "{mode}");
        assert_eq!(
            text(&out.stdout),
            "a.txt:1:1:needle a\nz.txt:1:1:needle z\n",
            "{mode}"
        );
        assert_eq!(out.status.code(), Some(2), "{mode}");
        assert_eq!(
            text(&out.stderr),
            "trawl: hang.txt: \"../pre.sh\" \"hang.txt\" was stopped after 1 s (--pre-timeout)\n",
            "{mode}"
        );
    }
}
