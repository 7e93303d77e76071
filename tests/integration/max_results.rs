//! `--max-results N`: the output is exactly a prefix of the unlimited output, up to and
//! including the Nth result record and its after-context, and the run stops early.

use crate::harness::{Dir, generate_tree, run, text};

fn lines(bytes: &[u8]) -> Vec<String> {
    text(bytes).lines().map(|l| format!("{l}\n")).collect()
}

#[test]
fn without_context_it_prints_the_first_n_records() {
    let dir = Dir::new();
    generate_tree(&dir, "t", 200, 21);
    for mode in [
        &[][..],
        &["--no-column"],
        &["-c"],
        &["-l"],
        &["-o"],
        &["--count-matches"],
    ] {
        let full = run(dir.trawl().args(mode).arg("needle"));
        let all = lines(&full.stdout);
        assert!(all.len() > 20, "{mode:?}");
        for n in [1, 2, 3, 7, 20, all.len(), all.len() + 5] {
            let limited =
                run(dir
                    .trawl()
                    .args(mode)
                    .args(["--max-results", &n.to_string(), "needle"]));
            let expected: String = all.iter().take(n).cloned().collect();
            assert_eq!(
                text(&limited.stdout),
                expected,
                "{mode:?} --max-results {n}"
            );
            assert_eq!(limited.status.code(), Some(0));
        }
    }
}

#[test]
fn zero_results_prints_nothing_and_exits_1() {
    let dir = Dir::new();
    generate_tree(&dir, "t", 20, 22);
    let out = run(dir.trawl().args(["--max-results", "0", "needle"]));
    assert!(out.stdout.is_empty());
    assert_eq!(out.status.code(), Some(1));
}

/// (path, line number, is a match) of a `--no-column` output line: `path:N:text` is a
/// match, `path-N-text` is context, `--` is neither.
fn parse(line: &str) -> Option<(&str, u64, bool)> {
    for (sep, is_match) in [(':', true), ('-', false)] {
        let mut fields = line.splitn(3, sep);
        if let (Some(path), Some(n), Some(_)) = (fields.next(), fields.next(), fields.next())
            && let Ok(n) = n.parse()
        {
            return Some((path, n, is_match));
        }
    }
    None
}

#[test]
fn with_context_it_ends_after_the_nth_records_after_context() {
    let dir = Dir::new();
    let mut body = String::new();
    for i in 1..=60 {
        body.push_str(if [2, 3, 9, 15, 16, 30, 31, 35, 50].contains(&i) {
            "needle\n"
        } else {
            "hay\n"
        });
    }
    dir.create("a.txt", &body);
    dir.create("b.txt", "hay\nneedle\nhay\nhay\n");
    let args = ["--no-column", "-A", "2", "-B", "1", "needle"];
    let full = text(&run(dir.trawl().args(args)).stdout);
    let full_lines: Vec<&str> = full.lines().collect();
    let match_at: Vec<usize> = (0..full_lines.len())
        .filter(|&i| parse(full_lines[i]).is_some_and(|(_, _, m)| m))
        .collect();
    assert_eq!(match_at.len(), 10);
    for n in 1..=10 {
        // Independently: the Nth match, then the lines right after it that are context of
        // the same file within two line numbers of it (-A 2).
        let at = match_at[n - 1];
        let (path, number, _) = parse(full_lines[at]).unwrap();
        let mut end = at + 1;
        while let Some((p, k, false)) = full_lines.get(end).and_then(|l| parse(l)) {
            if p != path || k > number + 2 {
                break;
            }
            end += 1;
        }
        let expected: String = full_lines[..end].iter().map(|l| format!("{l}\n")).collect();
        let limited = run(dir
            .trawl()
            .args(args)
            .args(["--max-results", &n.to_string()]));
        assert_eq!(text(&limited.stdout), expected, "--max-results {n}");
    }
}

#[test]
fn max_results_1_stops_a_large_tree_early() {
    let dir = Dir::new();
    generate_tree(&dir, "t", 3000, 23);
    let out = run(dir
        .trawl()
        .args(["-j2", "--stats", "--max-results", "1", "needle"]));
    let stdout = text(&out.stdout);
    let searched: u64 = stdout
        .lines()
        .filter(|l| l.starts_with("worker "))
        .map(|l| {
            l.split(": ")
                .nth(1)
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
                .parse::<u64>()
                .unwrap()
        })
        .sum();
    assert!(
        searched < 1000,
        "searched {searched} of 3000 files:\n{stdout}"
    );
    assert_eq!(
        stdout.lines().next().map(|l| l.contains("needle")),
        Some(true)
    );
}

#[test]
fn process_mode_cuts_at_the_same_place() {
    let dir = Dir::new();
    generate_tree(&dir, "t", 300, 24);
    for n in ["1", "5", "40"] {
        for extra in [&[][..], &["--no-column", "-C", "1"], &["-l"]] {
            let threads = run(dir.trawl().args(extra).args(["--max-results", n, "needle"]));
            let procs = run(dir
                .trawl()
                .args(["--mode", "processes", "-j2"])
                .args(extra)
                .args(["--max-results", n, "needle"]));
            assert_eq!(text(&procs.stdout), text(&threads.stdout), "{extra:?} {n}");
            assert_eq!(procs.status.code(), threads.status.code());
        }
    }
}
