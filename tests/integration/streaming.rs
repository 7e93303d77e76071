//! Standard input under line buffering: its results are printed as its lines arrive, not
//! when the pipe closes, and still in order with the files around it. Block-buffered, it
//! prints when the pipe closes, as every file prints once searched whole.
//!
//! Each test keeps trawl's stdin open while it waits for a result; a result that does not
//! come within [`ARRIVAL`] fails the test. The time limits are generous bounds on a loaded
//! machine, not measurements.

use std::time::Duration;

use crate::harness::{Dir, Live, run_with_stdin, text};
use crate::options::normalize_json;

/// How long a streamed result may take to arrive.
const ARRIVAL: Duration = Duration::from_secs(10);

/// How long a block-buffered run is watched for output it must not print yet.
const QUIET: Duration = Duration::from_millis(300);

#[test]
fn line_buffered_stdin_prints_each_result_while_the_pipe_is_open() {
    let dir = Dir::new();
    for mode in ["threads", "processes"] {
        let mut live = Live::start(
            dir.trawl()
                .args(["--line-buffered", "--mode", mode, "needle"]),
        );
        live.write(b"a needle\n");
        live.wait_for("<stdin>:1:3:a needle\n", ARRIVAL);
        live.write(b"hay\nneedle again\n");
        live.wait_for("<stdin>:3:1:needle again\n", ARRIVAL);
        let (stdout, stderr, code) = live.finish();
        assert_eq!(
            (stdout.as_str(), stderr.as_str(), code),
            ("<stdin>:1:3:a needle\n<stdin>:3:1:needle again\n", "", 0),
            "{mode}"
        );
    }
}

#[test]
fn block_buffered_stdin_prints_when_the_pipe_closes() {
    let dir = Dir::new();
    for mode in ["threads", "processes"] {
        let mut live = Live::start(dir.trawl().args(["--mode", mode, "needle"]));
        live.write(b"a needle\n");
        live.expect_silence(QUIET);
        live.write(b"needle again\n");
        let (stdout, _, code) = live.finish();
        assert_eq!(
            (stdout.as_str(), code),
            ("<stdin>:1:3:a needle\n<stdin>:2:1:needle again\n", 0),
            "{mode}"
        );
    }
}

/// The `bytes_printed` of the `end` message in `json`.
fn end_bytes_printed(json: &str) -> &str {
    let end = json
        .lines()
        .find(|line| line.starts_with("{\"type\":\"end\""))
        .expect("an end message");
    let count = &end[end.find("\"bytes_printed\":").expect("bytes_printed") + 16..];
    &count[..count.find(',').expect("more fields")]
}

#[test]
fn line_buffered_json_streams_and_counts_the_streamed_bytes() {
    let dir = Dir::new();
    let mut live = Live::start(dir.trawl().args(["--line-buffered", "--json", "needle"]));
    live.write(b"a needle\n");
    live.wait_for("\"submatches\":[{\"match\":{\"text\":\"needle\"},\"start\":2,\"end\":8,\"pattern\":0}]}}\n", ARRIVAL);
    live.write(b"hay\n");
    let (stdout, _, code) = live.finish();
    assert_eq!(code, 0);
    let whole = run_with_stdin(dir.trawl().args(["--json", "needle"]), b"a needle\nhay\n");
    let whole = text(&whole.stdout);
    assert_eq!(
        normalize_json(stdout.as_bytes()),
        normalize_json(whole.as_bytes())
    );
    // The `begin` and `match` messages were streamed, and still count as printed.
    let printed: usize = stdout.lines().take(2).map(|line| line.len() + 1).sum();
    assert_eq!(end_bytes_printed(&stdout), printed.to_string());
    assert_eq!(end_bytes_printed(&stdout), end_bytes_printed(&whole));
}

#[test]
fn streamed_stdin_prints_in_order_between_the_files_around_it() {
    let dir = Dir::new();
    dir.create("a.txt", "needle in a\nhay\n");
    dir.create("b.txt", "hay\nneedle in b\n");
    let input = b"needle 1\nhay\nneedle 3\n";
    for mode in ["threads", "processes"] {
        // The last layout is a regression, found while this change was written: stdin
        // ends with a result that owes after-context, which left a stray record behind
        // that --max-results counted, so b.txt's result was lost.
        let layouts = [
            &[][..],
            &["--heading", "--no-column"],
            &["-C1"],
            &["-A1", "--max-results", "4"],
        ];
        for layout in layouts {
            let args: Vec<&str> = ["--mode", mode, "needle", "a.txt", "-", "b.txt"]
                .into_iter()
                .chain(layout.iter().copied())
                .collect();
            let whole = text(&run_with_stdin(dir.trawl().args(&args), input).stdout);
            let mut live = Live::start(dir.trawl().arg("--line-buffered").args(&args));
            live.write(&input[..9]);
            // a.txt's results, then stdin's first, while stdin is still open.
            live.wait_for("needle 1\n", ARRIVAL);
            live.write(&input[9..]);
            let (stdout, _, code) = live.finish();
            assert_eq!((stdout.as_str(), code), (whole.as_str(), 0), "{args:?}");
            assert!(
                whole.starts_with("a.txt") && whole.ends_with("needle in b\n"),
                "{args:?}: {whole}"
            );
        }
    }
}

#[test]
fn max_results_stops_a_streamed_stdin_whose_pipe_stays_open() {
    let dir = Dir::new();
    for mode in ["threads", "processes"] {
        let args = [
            "--line-buffered",
            "--mode",
            mode,
            "--max-results",
            "2",
            "needle",
        ];
        let mut live = Live::start(dir.trawl().args(args));
        live.write(b"needle 1\nneedle 2\nneedle 3\n");
        assert_eq!(live.wait_for_exit(ARRIVAL), 0, "{mode}");
        let (stdout, _, _) = live.finish();
        assert_eq!(
            stdout, "<stdin>:1:1:needle 1\n<stdin>:2:1:needle 2\n",
            "{mode}"
        );
    }
}

#[test]
fn max_results_keeps_after_context_that_arrives_later() {
    // The last result's after-context comes in a later read than the result itself.
    let dir = Dir::new();
    let args = [
        "--line-buffered",
        "--no-column",
        "--max-results",
        "1",
        "-A1",
        "needle",
    ];
    let mut live = Live::start(dir.trawl().args(args));
    live.write(b"needle 1\n");
    live.wait_for("<stdin>:1:needle 1\n", ARRIVAL);
    live.write(b"context\nneedle 3\n");
    assert_eq!(live.wait_for_exit(ARRIVAL), 0);
    let (stdout, _, _) = live.finish();
    assert_eq!(stdout, "<stdin>:1:needle 1\n<stdin>-2-context\n");
}

#[test]
fn a_late_nul_in_streamed_stdin_prints_the_notice_after_the_lines_already_printed() {
    // ripgrep cannot take back what it printed either: both print the lines before the
    // NUL's read, then the notice. Fed the same reads, the two print the same bytes.
    let dir = Dir::new();
    let script = |mut live: Live| {
        live.write(b"needle\n");
        live.wait_for("needle\n", ARRIVAL);
        live.write(b"hay\0\nneedle\n");
        live.finish()
    };
    let ours = script(Live::start(dir.trawl().args(["--line-buffered", "needle"])));
    let theirs = script(Live::start(dir.rg().args([
        "--sort",
        "path",
        "--vimgrep",
        "--line-buffered",
        "needle",
    ])));
    assert_eq!(ours, theirs);
    assert_eq!(
        ours.0,
        "<stdin>:1:1:needle\n<stdin>: binary file matches (found \"\\0\" byte around offset 10)\n"
    );
}

/// Two `-` arguments: the first takes all of stdin and the second finds it ended, as
/// block-buffered, even when two workers search them at once and lines keep coming.
#[test]
fn a_second_dash_does_not_take_lines_from_the_first() {
    let dir = Dir::new();
    for i in 0..60 {
        dir.create(format!("d/{i:02}.txt"), "no\n");
    }
    for mode in ["threads", "processes"] {
        let mut live = Live::start(dir.trawl().args([
            "-j",
            "2",
            "--line-buffered",
            "--mode",
            mode,
            "a",
            "-",
            "d",
            "-",
        ]));
        for k in 1..=6 {
            live.write(format!("a{k}\n").as_bytes());
            live.wait_for(&format!("<stdin>:{k}:1:a{k}\n"), ARRIVAL);
        }
        let (stdout, _, code) = live.finish();
        let expected: String = (1..=6).map(|k| format!("<stdin>:{k}:1:a{k}\n")).collect();
        assert_eq!((stdout, code), (expected, 0), "{mode}");
    }
}

/// A run stopped by --max-results while a line is half written does not search that
/// part as a line: `zz a` is not a word match of `a` in `zz abc`.
#[test]
fn a_line_cut_short_by_the_end_of_the_run_is_not_counted() {
    let dir = Dir::new();
    let mut live = Live::start(dir.trawl().args([
        "--line-buffered",
        "--stats",
        "--max-results",
        "1",
        "-w",
        "a",
        "-",
    ]));
    live.write(b"a\nzz a");
    live.wait_for_exit(ARRIVAL);
    let (stdout, _, code) = live.finish();
    assert!(stdout.starts_with("<stdin>:1:1:a\n"), "{stdout}");
    assert!(stdout.contains("\n1 matched lines\n"), "{stdout}");
    assert_eq!(code, 0);
}
