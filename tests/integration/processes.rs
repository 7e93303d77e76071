//! Process mode: byte-identical to thread mode, robust when a worker dies, and leaving no
//! worker behind when the parent dies.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::process::{Child, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::differential::cases;
use crate::fixtures::awkward_tree;
use crate::harness::{Dir, generate_tree, run, run_with_stdin, text};

const FAULT: &str = "__TRAWL_WORKER_FAULT";

#[test]
fn process_mode_prints_what_thread_mode_prints_for_every_case() {
    let dir = awkward_tree();
    let mut failures = vec![];
    let mut all = cases();
    all.extend(crate::options::cases());
    for case in all {
        for extra in [&[][..], &["--no-column"][..]] {
            let threads = run(dir.trawl().args(extra).args(&case.trawl));
            for jobs in ["-j1", "-j3"] {
                let procs = run(dir
                    .trawl()
                    .args(["--mode", "processes", jobs])
                    .args(extra)
                    .args(&case.trawl));
                if procs.stdout != threads.stdout || procs.status.code() != threads.status.code() {
                    failures.push(format!(
                        "{jobs} {extra:?} {:?}: exit {:?} vs {:?}\n--- processes\n{}\n--- threads\n{}",
                        case.trawl,
                        procs.status.code(),
                        threads.status.code(),
                        text(&procs.stdout),
                        text(&threads.stdout)
                    ));
                }
                // Diagnostics describe the run itself (its mode, its threads, each worker
                // process's setup), so they differ by design; errors must not.
                let diagnostic = case
                    .trawl
                    .iter()
                    .any(|a| *a == "--debug" || *a == "--trace");
                if procs.stderr != threads.stderr && !diagnostic {
                    failures.push(format!(
                        "{jobs} {extra:?} {:?}: stderr {:?} vs {:?}",
                        case.trawl,
                        text(&procs.stderr),
                        text(&threads.stderr)
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The path of the matching file in the middle of `output`.
fn middle_path(output: &[u8]) -> String {
    let output = text(output);
    let lines: Vec<&str> = output.lines().collect();
    assert!(lines.len() > 10, "the tree should have many matches");
    lines[lines.len() / 2]
        .split(':')
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn json_quiet_and_file_lists_work_in_process_mode() {
    use crate::options::normalize_json;
    let dir = awkward_tree();
    for row in [
        vec!["--json", "-C", "1", "foo", "opts"],
        vec!["--json", "needle"],
        vec!["-q", "needle"],
        vec!["-q", "absent-everywhere"],
        vec!["-l", "needle"],
        vec!["--files-without-match", "needle"],
    ] {
        let threads = run(dir.trawl().args(&row));
        let procs = run(dir.trawl().args(["--mode", "processes", "-j2"]).args(&row));
        assert_eq!(
            normalize_json(&procs.stdout),
            normalize_json(&threads.stdout),
            "{row:?}"
        );
        assert_eq!(procs.status.code(), threads.status.code(), "{row:?}");
    }
}

/// The thread-mode output with every line of `path` removed.
fn without_file(output: &[u8], path: &str) -> String {
    text(output)
        .lines()
        .filter(|line| !line.starts_with(&format!("{path}:")))
        .map(|line| format!("{line}\n"))
        .collect()
}

#[test]
fn a_file_that_kills_two_workers_is_reported_and_everything_else_is_printed() {
    let dir = Dir::new();
    generate_tree(&dir, "t", 400, 11);
    let expected = run(dir.trawl().args(["-j2", "needle"]));
    let victim = middle_path(&expected.stdout);
    let victim = victim.as_str();
    for jobs in ["-j1", "-j2"] {
        let out = run(dir
            .trawl()
            .args(["--mode", "processes", jobs, "needle"])
            .env(FAULT, format!("die-on={victim}")));
        assert_eq!(
            text(&out.stdout),
            without_file(&expected.stdout, victim),
            "{jobs}: every other result, in order, once"
        );
        assert_eq!(
            text(&out.stderr),
            format!("trawl: {victim}: worker process died (signal 9)\n"),
            "{jobs}"
        );
        assert_eq!(out.status.code(), Some(2), "{jobs}");
    }
}

#[test]
fn a_worker_killed_once_is_replaced_and_the_file_is_retried() {
    let dir = Dir::new();
    generate_tree(&dir, "t", 300, 12);
    let expected = run(dir.trawl().args(["needle"]));
    let victim = middle_path(&expected.stdout);
    for jobs in ["-j1", "-j2"] {
        let marker = dir.path().join(format!("died{jobs}"));
        let out = run(dir
            .trawl()
            .args(["--mode", "processes", jobs, "--stats", "needle"])
            .env(FAULT, format!("die-once-on={victim}:{}", marker.display())));
        assert!(marker.exists(), "the fault fired");
        let stdout = text(&out.stdout);
        let results = &stdout[..stdout.find("\n\n").expect("a stats block")];
        assert_eq!(format!("{results}\n"), text(&expected.stdout), "{jobs}");
        assert_eq!(text(&out.stderr), "", "{jobs}");
        assert_eq!(out.status.code(), Some(0), "{jobs}");
        let pids = stdout
            .lines()
            .filter(|l| l.starts_with("worker "))
            .map(|l| l.rsplit("pids ").next().unwrap().split(',').count());
        assert_eq!(
            pids.sum::<usize>(),
            jobs[2..].parse::<usize>().unwrap() + 1,
            "one replacement"
        );
    }
}

#[test]
fn file_names_that_are_not_utf8_survive_process_mode() {
    let dir = Dir::new();
    let name = OsStr::from_bytes(b"caf\xe9-\xff.txt");
    std::fs::write(dir.path().join(name), "needle\n").unwrap();
    dir.create("plain.txt", "needle\n");
    let threads = run(dir.trawl().arg("needle"));
    let procs = run(dir.trawl().args(["--mode", "processes", "-j2", "needle"]));
    assert_eq!(procs.stdout, threads.stdout);
    assert_eq!(
        procs.stdout,
        b"caf\xe9-\xff.txt:1:1:needle\nplain.txt:1:1:needle\n".to_vec()
    );
    let explicit = run(dir
        .trawl()
        .args(["--mode", "processes", "needle"])
        .arg(name));
    assert_eq!(explicit.stdout, b"caf\xe9-\xff.txt:1:1:needle\n".to_vec());
}

#[test]
fn stdin_is_searched_in_process_mode() {
    let dir = Dir::new();
    dir.create("a.txt", "needle\n");
    let out = run_with_stdin(
        dir.trawl()
            .args(["--mode", "processes", "needle", "a.txt", "-"]),
        b"needle from stdin\n",
    );
    assert_eq!(
        text(&out.stdout),
        "a.txt:1:1:needle\n<stdin>:1:1:needle from stdin\n"
    );
}

#[test]
fn stats_shows_the_pipeline_in_both_modes() {
    let dir = Dir::new();
    generate_tree(&dir, "t", 50, 5);
    for mode in ["threads", "processes"] {
        let out = run(dir
            .trawl()
            .args(["--mode", mode, "-j2", "--stats", "needle"]));
        let stdout = text(&out.stdout);
        assert!(stdout.contains("\n50 files searched\n"), "{stdout}");
        assert!(
            stdout.contains(&format!("pipeline: {mode}, 2 workers")),
            "{stdout}"
        );
        assert!(stdout.contains("walk: 50 files found in "), "{stdout}");
        assert_eq!(
            stdout.lines().filter(|l| l.starts_with("worker ")).count(),
            2
        );
        assert!(stdout.contains("collector: 50 results printed"), "{stdout}");
        assert_eq!(stdout.contains("round trips"), mode == "processes");
    }
}

/// The pids of the live children of `parent`, found through /proc.
fn children_of(parent: u32) -> Vec<u32> {
    let mut children = vec![];
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        if let Some((ppid, _)) = stat_of(pid)
            && ppid == parent
        {
            children.push(pid);
        }
    }
    children
}

/// (parent pid, state) of `pid`, or None if it is gone.
fn stat_of(pid: u32) -> Option<(u32, char)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may hold spaces; the fields follow the last ')'.
    let rest = &stat[stat.rfind(')')? + 2..];
    let mut fields = rest.split(' ');
    let state = fields.next()?.chars().next()?;
    let ppid = fields.next()?.parse().ok()?;
    Some((ppid, state))
}

fn is_gone(pid: u32) -> bool {
    // A zombie has exited; it only waits for its new parent to collect its status.
    stat_of(pid).is_none_or(|(_, state)| state == 'Z' || state == 'X')
}

// The child is returned to the caller, which waits for it after killing it.
#[allow(clippy::zombie_processes)]
fn start_slow_run(dir: &Dir) -> (Child, Vec<u32>) {
    use std::os::unix::process::CommandExt;
    let mut command = dir.trawl();
    // A shell starts a background job with SIGINT ignored, and the child would inherit
    // that, so that the SIGINT case hung when the tests ran in the background. Found when
    // `cargo test &` never finished. A user's Ctrl-C reaches trawl with the default action.
    // SAFETY: signal() is async-signal-safe, and nothing else runs in the forked child.
    unsafe {
        command.pre_exec(|| {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            Ok(())
        });
    }
    let mut child = command
        .args(["--mode", "processes", "-j2", "needle"])
        // A child sleeps 3 s before each file, as if searching a huge one. A child that only
        // noticed its parent's death through EOF on stdin or a broken pipe would miss the
        // 2 s deadline, so this tests the death signal.
        .env(FAULT, "delay-ms=3000")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let workers = children_of(child.id());
        if workers.len() == 2 {
            return (child, workers);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("workers never started");
        }
        sleep(Duration::from_millis(10));
    }
}

#[test]
fn no_worker_outlives_a_killed_parent() {
    let dir = Dir::new();
    generate_tree(&dir, "t", 600, 13);
    for signal in [libc::SIGTERM, libc::SIGKILL, libc::SIGINT] {
        let (mut parent, workers) = start_slow_run(&dir);
        sleep(Duration::from_millis(200));
        // SAFETY: sending a signal to our own child process.
        unsafe {
            libc::kill(parent.id() as i32, signal);
        }
        parent.wait().unwrap();
        let deadline = Instant::now() + Duration::from_secs(2);
        while !workers.iter().all(|&pid| is_gone(pid)) {
            assert!(
                Instant::now() < deadline,
                "signal {signal}: workers {workers:?} outlived the parent by 2 s"
            );
            sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn no_worker_outlives_a_closed_pipe() {
    use std::io::{BufRead, BufReader};
    let dir = Dir::new();
    generate_tree(&dir, "t", 600, 14);
    let mut parent = dir
        .trawl()
        .args(["--mode", "processes", "-j2", ""])
        .env(FAULT, "delay-ms=5")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(parent.stdout.take().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let workers = children_of(parent.id());
    assert!(!workers.is_empty());
    drop(reader);
    let out = parent.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stderr), "");
    // The parent reaped its workers before it exited.
    for pid in workers {
        assert!(is_gone(pid), "worker {pid} outlived the run");
    }
}

/// A flat tree of `files` files that all match, named so that batches of 16 are runs of
/// consecutive names.
fn flat_tree(dir: &Dir, files: usize) -> Vec<u8> {
    let mut expected = Vec::new();
    for i in 0..files {
        let name = format!("f{i:03}.txt");
        dir.create(&name, format!("needle {i}\n"));
        expected.extend_from_slice(format!("{name}:1:1:needle {i}\n").as_bytes());
    }
    expected
}

#[test]
fn files_that_kill_workers_in_one_batch_and_the_next_are_each_reported() {
    // Children answer whole batches, so a death is attributed by retrying file by file.
    // Two killers in one batch, one file apart, and a third in a later batch, check
    // that each retry goes on past the file it reports, in order, losing nothing.
    let dir = Dir::new();
    let all = text(&flat_tree(&dir, 100));
    let victims = ["f010.txt", "f012.txt", "f040.txt"];
    let fault: Vec<String> = victims.iter().map(|v| format!("die-on={v}")).collect();
    for jobs in ["-j1", "-j2"] {
        let out = run(dir
            .trawl()
            .args(["--mode", "processes", jobs, "needle"])
            .env(FAULT, fault.join(",")));
        let expected: String = victims.iter().fold(all.clone(), |left, victim| {
            without_file(left.as_bytes(), victim)
        });
        assert_eq!(text(&out.stdout), expected, "{jobs}");
        let errors: String = victims
            .iter()
            .map(|v| format!("trawl: {v}: worker process died (signal 9)\n"))
            .collect();
        assert_eq!(text(&out.stderr), errors, "{jobs}");
        assert_eq!(out.status.code(), Some(2), "{jobs}");
    }
}

#[test]
fn stats_in_process_mode_shows_round_trips_and_framing_per_worker() {
    let dir = Dir::new();
    flat_tree(&dir, 200);
    let out = run(dir
        .trawl()
        .args(["--mode", "processes", "-j1", "--stats", "needle"]));
    let stdout = text(&out.stdout);
    let worker = stdout
        .lines()
        .find(|l| l.starts_with("worker 0: "))
        .expect("a worker line");
    let field = |suffix: &str| -> f64 {
        let before = &worker[..worker.find(suffix).unwrap_or_else(|| panic!("{worker}"))];
        before.rsplit(' ').next().unwrap().parse().unwrap()
    };
    // 200 files in the pool's runs of at most 16, which the feeder joins into batches of
    // 64 or more while they are ready: 4 batches, each one round trip. A run not ready
    // when the feeder asked makes one more.
    let trips = field(" round trips");
    assert!((4.0..=6.0).contains(&trips), "{worker}");
    // Every request and answer is framed: at least each file's path and its output.
    assert!(field(" bytes framed") > 200.0 * 30.0, "{worker}");
    assert!(field(" s framing") > 0.0, "{worker}");
}

#[test]
fn stdin_between_files_keeps_its_place_in_process_mode() {
    // One batch holds the files before stdin, stdin and the files after. The driver sends
    // the files before, waits for their answers, searches stdin itself, and sends the rest
    // as a batch of their own: a wait that never ended, or files dropped after stdin,
    // would show here.
    let dir = Dir::new();
    for name in ["a.txt", "b.txt", "c.txt", "d.txt"] {
        dir.create(name, "needle\n");
    }
    let out = run_with_stdin(
        dir.trawl().args([
            "--mode",
            "processes",
            "-j1",
            "needle",
            "a.txt",
            "b.txt",
            "-",
            "c.txt",
            "d.txt",
        ]),
        b"needle from stdin\n",
    );
    assert_eq!(
        text(&out.stdout),
        "a.txt:1:1:needle\nb.txt:1:1:needle\n<stdin>:1:1:needle from stdin\nc.txt:1:1:needle\nd.txt:1:1:needle\n"
    );
    assert_eq!(out.status.code(), Some(0));
}
