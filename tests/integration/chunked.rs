//! One huge file searched in parallel chunks prints exactly what a sequential search
//! prints. The test-only `__TRAWL_CHUNK_BYTES` makes a 1 MB file "huge", with chunks of
//! 16 KiB, and long matching lines make cut points fall inside matching lines.

use std::time::Duration;

use crate::harness::{Dir, Rng, run, text};
use crate::reliability::run_within;

const CHUNK_ENV: &str = "__TRAWL_CHUNK_BYTES";

fn huge_file(dir: &Dir) {
    let mut rng = Rng::new(99);
    let mut body = String::new();
    let words = [
        "alpha",
        "needle",
        "Needle",
        "beta",
        "gamma_delta",
        "x",
        "naïve",
        "ERR_SYS",
    ];
    while body.len() < 1 << 20 {
        let n = rng.below(40) + if rng.below(50) == 0 { 500 } else { 0 };
        for i in 0..n {
            if i > 0 {
                body.push(' ');
            }
            body.push_str(words[rng.below(words.len() as u64) as usize]);
        }
        body.push('\n');
    }
    body.push_str("last needle without a newline");
    dir.create("huge.txt", body);
}

#[test]
fn chunked_search_prints_what_a_sequential_search_prints() {
    let dir = Dir::new();
    huge_file(&dir);
    let rows: Vec<Vec<&str>> = vec![
        vec!["needle"],
        vec!["--no-column", "needle"],
        vec!["--no-column", "--column", "-i", "needle"],
        vec!["-w", "needle"],
        vec!["-c", "needle"],
        vec!["--count-matches", "needle"],
        vec!["-o", "ne+dle"],
        vec!["-v", "--no-column", "needle"],
        vec!["-c", "-v", "x"],
        vec!["-b", "ERR_SYS"],
        vec!["--no-column", "--heading", "-r", "N", "needle"],
        vec!["--color", "always", "gamma_\\w+"],
        vec!["-l", "needle"],
        vec!["--max-results", "5000", "needle"],
        vec!["--no-column", "-A", "2", "-B", "1", "gamma"],
        vec!["--no-column", "-m", "100", "-C", "1", "needle"],
        // Context is chunked: each chunk scans its neighbours' lines that decide it.
        vec!["--no-column", "-C", "2", "gamma_delta naïve"],
        vec!["-A", "1", "gamma_delta naïve"],
        vec!["--no-column", "-B", "3", "gamma_delta naïve"],
        vec!["--no-column", "-C", "60", "needle needle needle"],
        vec!["--no-column", "-v", "-C", "1", "e"],
        vec!["--no-column", "-A", "1", "-B", "2", "x"],
        vec!["--heading", "--no-column", "-C", "1", "ERR_SYS x"],
        vec!["--context-separator", "##", "-C", "1", "ERR_SYS x"],
        vec![
            "--no-context-separator",
            "--no-column",
            "-B",
            "1",
            "ERR_SYS x",
        ],
        vec!["--json", "-C", "1", "ERR_SYS x"],
        vec![
            "--max-results",
            "77",
            "--no-column",
            "-A",
            "3",
            "alpha beta",
        ],
        vec!["-c", "-C", "2", "needle"],
        // -m is chunked too: the chunk where the count is reached is searched again with
        // the selections left to it, and may run past its end for its after-context.
        vec!["-m", "1", "gamma_delta naïve"],
        vec!["--no-column", "-m", "2000", "needle"],
        vec!["--no-column", "-m", "2000", "-A", "3", "gamma"],
        vec![
            "--no-column",
            "-m",
            "700",
            "-B",
            "2",
            "-A",
            "40",
            "ERR_SYS x",
        ],
        vec!["-m", "1000000", "-w", "needle"],
        vec!["--no-column", "-v", "-m", "1500", "e"],
        vec!["-c", "-m", "2500", "needle"],
        vec!["--json", "-m", "1200", "beta"],
        vec!["-o", "-m", "900", "ne+dle"],
        vec![
            "--max-results",
            "300",
            "--no-column",
            "-m",
            "200",
            "-A",
            "1",
            "alpha",
        ],
        vec!["\\w{5}\\s+\\w{5}\\s+\\w{5}"],
        // Rare matches: without context, a chunk's second pass starts at each step's
        // first match, well inside the step.
        vec!["gamma_delta naïve"],
        vec!["-c", "needle needle needle"],
        vec!["--json", "ERR_SYS x"],
        vec!["-o", "-b", "alpha beta"],
        vec!["--no-column", "--vimgrep", "x x x"],
        vec!["--json", "-e", "needle", "-e", "beta"],
        // One stop for the whole file, not one per chunk: such a search is not chunked.
        vec!["--stop-on-nonmatch", "needle"],
        vec!["--no-column", "--stop-on-nonmatch", "-v", "-A", "1", "x"],
    ];
    // 16 KiB chunks put many cuts inside long lines; 300 KB chunks are longer than the
    // 64 KiB steps of each chunk's line index, so line numbers come through the index.
    for (row, chunk) in rows.iter().flat_map(|r| [(r, "16384"), (r, "300000")]) {
        let sequential = run(dir.trawl().args(row).arg("huge.txt"));
        let chunked = run(dir
            .trawl()
            .env(CHUNK_ENV, chunk)
            .args(["-j", "4"])
            .args(row)
            .arg("huge.txt"));
        assert!(!sequential.stdout.is_empty(), "{row:?} prints nothing");
        let strip = |bytes: &[u8]| crate::options::normalize_json(bytes);
        assert!(
            strip(&chunked.stdout) == strip(&sequential.stdout),
            "{row:?} in chunks of {chunk}: output differs ({} vs {} bytes)",
            chunked.stdout.len(),
            sequential.stdout.len()
        );
        assert_eq!(
            chunked.status.code(),
            sequential.status.code(),
            "{row:?} in chunks of {chunk}: stderr {:?} chunked, {:?} sequential",
            text(&chunked.stderr),
            text(&sequential.stderr)
        );
    }
}

/// Context around matches near the ends of read buffers (sequential) and of chunks: the
/// before-context of a match at the start of a buffer comes from the lines the last
/// buffer kept.
#[test]
fn context_in_a_large_file_matches_ripgrep() {
    let dir = Dir::new();
    huge_file(&dir);
    for row in [
        vec!["-C", "2", "gamma_delta naïve"],
        vec!["-B", "5", "-A", "1", "ERR_SYS x x"],
        vec!["-v", "-B", "2", "e"],
        vec!["-C", "60", "needle needle needle"],
    ] {
        let rg = run(dir
            .rg()
            .args(["-n", "-H", "--no-heading"])
            .args(&row)
            .arg("huge.txt"));
        assert!(!rg.stdout.is_empty(), "{row:?}");
        for chunk in [None, Some("16384")] {
            let mut cmd = dir.trawl();
            if let Some(bytes) = chunk {
                cmd.env(CHUNK_ENV, bytes);
            }
            let ours = run(cmd.arg("--no-column").args(&row).arg("huge.txt"));
            assert!(
                ours.stdout == rg.stdout,
                "{row:?} (chunks {chunk:?}): {} vs {} bytes",
                ours.stdout.len(),
                rg.stdout.len()
            );
        }
    }
}

#[test]
fn chunked_search_matches_ripgrep() {
    let dir = Dir::new();
    huge_file(&dir);
    for (ours, theirs) in [
        (vec!["needle"], vec!["--vimgrep", "needle"]),
        (
            vec!["--no-column", "-i", "err_sys"],
            vec!["-n", "-H", "--no-heading", "-i", "err_sys"],
        ),
        (
            vec!["-c", "\\w+ \\w+"],
            vec!["--vimgrep", "-c", "\\w+ \\w+"],
        ),
    ] {
        let chunked = run(dir
            .trawl()
            .env(CHUNK_ENV, "16384")
            .args(&ours)
            .arg("huge.txt"));
        let rg = run(dir.rg().args(&theirs).arg("huge.txt"));
        assert!(
            chunked.stdout == rg.stdout,
            "{ours:?}: {} vs {} bytes",
            text(&chunked.stdout).len(),
            text(&rg.stdout).len()
        );
    }
}

#[test]
fn the_huge_file_is_really_searched_in_chunks() {
    let dir = Dir::new();
    huge_file(&dir);
    let stats = |extra: &[&str]| {
        let out = run(dir
            .trawl()
            .env(CHUNK_ENV, "16384")
            .args(extra)
            .args(["--stats", "needle", "huge.txt"]));
        let text = text(&out.stdout);
        text.lines()
            .find(|l| l.starts_with("huge files: "))
            .unwrap_or_default()
            .to_string()
    };
    let chunked = stats(&[]);
    let chunks: u64 = chunked.split(' ').nth(5).unwrap().parse().unwrap();
    assert!(
        chunked.starts_with("huge files: 1 searched in ") && chunks > 10,
        "{chunked}"
    );
    // Context and -m are chunked; --passthru needs every line of the file in order, so
    // the file is read sequentially instead.
    assert_eq!(stats(&["-C", "1"]), chunked);
    // -m 5 is reached in the first chunk, which is searched alone first.
    assert_eq!(
        stats(&["-m", "5", "-C", "1"]),
        "huge files: 1 searched in 1 parallel chunks, 0 other files started meanwhile"
    );
    let many = stats(&["-m", "100000"]);
    assert!(
        many.starts_with("huge files: 1 searched in ")
            && many.contains(&format!(" {chunks} parallel")),
        "{many}"
    );
    assert_eq!(
        stats(&["--passthru"]),
        "huge files: 0 searched in 0 parallel chunks, 0 other files started meanwhile"
    );
}

#[test]
fn a_huge_binary_file_falls_back_to_the_binary_rule() {
    let dir = Dir::new();
    huge_file(&dir);
    let mut bytes = std::fs::read(dir.path().join("huge.txt")).unwrap();
    bytes.insert(700_000, 0);
    dir.create("bin.dat", &bytes);
    let out = run(dir
        .trawl()
        .env(CHUNK_ENV, "16384")
        .args(["needle", "bin.dat"]));
    assert_eq!(
        text(&out.stdout),
        format!(
            "bin.dat: binary file matches (found \"\\0\" byte around offset {})\n",
            700_000
        )
    );
    let walked = run(dir.trawl().env(CHUNK_ENV, "16384").args(["-c", "needle"]));
    assert!(!text(&walked.stdout).contains("bin.dat"));
}

#[test]
fn a_huge_file_first_in_order_does_not_fill_the_window_behind_it() {
    // The huge file sorts first; 3000 small files follow. While its chunks are searched,
    // the other workers pause, so they start no file and no result piles up behind it.
    // Without the pause about half of the small files were started meanwhile. This used
    // to be checked through the reorder high-water mark, which also counts the files
    // finished before the huge file was recognised as huge (it must be opened and
    // measured first); on a loaded machine that part alone passed any fixed bound. The
    // count of files started while chunks were searched measures the pause itself.
    let dir = Dir::new();
    huge_file(&dir);
    std::fs::rename(dir.path().join("huge.txt"), dir.path().join("a-huge.txt")).unwrap();
    for i in 0..3000 {
        dir.create(format!("b/{i:04}.txt"), "needle\n");
    }
    let out = run(dir
        .trawl()
        .env(CHUNK_ENV, "16384")
        .args(["-j", "4", "--stats", "-c", "needle"]));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("a-huge.txt:"),
        "{}",
        &stdout[..200.min(stdout.len())]
    );
    let huge = stdout
        .lines()
        .find(|l| l.starts_with("huge files: "))
        .unwrap();
    assert!(huge.starts_with("huge files: 1 searched in "), "{huge}");
    let beside: u64 = huge
        .split(", ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .unwrap()
        .parse()
        .unwrap();
    // At most one per other worker, each started in the instant the chunks began.
    assert!(beside <= 3, "{huge}");
}

#[test]
fn huge_files_are_chunked_in_process_mode_too() {
    let dir = Dir::new();
    huge_file(&dir);
    for row in [vec!["needle"], vec!["--no-column", "-c", "-i", "err_sys"]] {
        let sequential = run(dir.trawl().args(&row).arg("huge.txt"));
        let procs = run(dir
            .trawl()
            .env(CHUNK_ENV, "16384")
            .args(["--mode", "processes", "-j", "2", "--stats"])
            .args(&row)
            .arg("huge.txt"));
        let out = text(&procs.stdout);
        assert!(out.starts_with(&text(&sequential.stdout)), "{row:?}");
        assert!(out.contains("huge files: 1 searched in "), "{out}");
    }
}

/// Under -m, a NUL just past the chunks searched, in the after-context of the last
/// selected line, still makes the file binary, as the sequential search finds it.
#[test]
fn a_nul_in_the_after_context_past_the_chunks_searched_is_binary() {
    let dir = Dir::new();
    // The match's line ends at byte 16384, where the first 16 KiB chunk is cut; the NUL
    // is two lines later.
    let mut body = "x\n".repeat(8189);
    body.push_str("needle\ny\nz\0\n");
    body.push_str(&"x\n".repeat(40_000));
    dir.create("nul.txt", body);
    for row in [
        vec!["-m", "1", "-A", "3", "needle"],
        vec!["-m", "1", "-c", "needle"],
    ] {
        let sequential = run(dir.trawl().args(&row).arg("nul.txt"));
        let chunked = run(dir
            .trawl()
            .env(CHUNK_ENV, "16384")
            .args(&row)
            .arg("nul.txt"));
        assert_eq!(text(&chunked.stdout), text(&sequential.stdout), "{row:?}");
    }
}

/// Found by our fuzzer: a huge file whose output streams, behind other files in the order
/// (`--sortr path` puts `big.txt` after `c.txt`), waited for the worker holding the files
/// ahead of it, while that worker waited for the chunked search to end. The run hung in
/// 35 of 40 tries. The huge file now lets the paused workers go once its chunks are
/// searched, before it joins them. A run that hangs is killed and fails the test.
#[test]
fn a_streamed_huge_file_behind_other_files_never_stalls_the_run() {
    let dir = crate::fuzz::fuzz_tree();
    let args = [
        "-C",
        "2",
        "--sortr",
        "path",
        "-M",
        "8",
        "--no-binary",
        "-e",
        "\\s^FOO",
        "-e",
        " ",
        "c.txt",
        ".",
        "o.txt",
    ];
    let expected = run(dir.rg().arg("--vimgrep").args(args));
    assert!(!expected.stdout.is_empty());
    for _ in 0..20 {
        let ours = run_within(
            dir.trawl()
                .env(CHUNK_ENV, "65536")
                .args(["-j", "2"])
                .args(args),
            b"",
            Duration::from_secs(30),
        );
        assert_eq!(text(&ours.stdout), text(&expected.stdout));
        assert_eq!(ours.status.code(), expected.status.code());
    }
}
