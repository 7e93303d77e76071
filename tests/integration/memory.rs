//! Memory does not grow with what one file prints (issue 12): a file's output streams to
//! stdout in parts when it is at the front of the order, and a file further ahead waits
//! once it has a part ready. Each run here prints several times its memory limit, in both
//! modes, and its output is checked line by line as it streams.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::harness::{Dir, limited, text};

/// Address space for each run: a few times what trawl needs to start its workers, and far
/// below the output of one of the files searched here.
const ADDRESS_SPACE: u64 = 256 << 20;

/// A line of `pairs` times `ab`: `b` matches at every other byte.
fn pairs(pairs: usize) -> String {
    let mut line = "ab".repeat(pairs);
    line.push('\n');
    line
}

/// Runs trawl with `args` under the memory limit, and checks that it prints, for each of
/// `files` (a name and its lines, each line `ab` repeated), one `--vimgrep` line per `b`.
fn prints_every_match(dir: &Dir, args: &[&str], files: &[(&str, Vec<String>)]) {
    for mode in ["threads", "processes"] {
        let mut child = limited(dir.trawl().args(["--mode", mode]), ADDRESS_SPACE, 1024)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start trawl");
        let mut stdout = BufReader::with_capacity(1 << 20, child.stdout.take().unwrap());
        let (mut got, mut printed) = (Vec::new(), 0u64);
        for (name, lines) in files {
            for (number, line) in lines.iter().enumerate() {
                for column in (2..=line.len() - 1).step_by(2) {
                    got.clear();
                    stdout.read_until(b'\n', &mut got).unwrap();
                    let want = format!("{name}:{}:{column}:{line}", number + 1);
                    assert!(
                        got == want.as_bytes(),
                        "{mode}: after {printed} bytes, {:?} instead of {name}:{}:{column}:...",
                        text(&got[..got.len().min(80)]),
                        number + 1
                    );
                    printed += got.len() as u64;
                }
            }
        }
        got.clear();
        stdout.read_until(b'\n', &mut got).unwrap();
        assert_eq!(text(&got), "", "{mode}: nothing more");
        let output = child.wait_with_output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{mode}: {}",
            text(&output.stderr)
        );
        assert!(printed > 2 * ADDRESS_SPACE, "{mode}: {printed} bytes");
    }
}

#[test]
fn files_that_print_more_than_memory_stream_in_order() {
    // Found by a hostile probe: a file's whole output was rendered into memory before it
    // was printed, so one that prints gigabytes took gigabytes. Here the first file prints
    // 400 MB over many lines, the second 200 MB from one line (a match at every other
    // byte, each printed with the whole line), and the second is searched while the first
    // is still printing, so it has to wait its turn with a bounded part.
    let dir = Dir::new();
    let many: Vec<String> = (0..800).map(|_| pairs(500)).collect();
    let one = vec![pairs(10_000)];
    dir.create("a.txt", many.concat());
    dir.create("b.txt", one.concat());
    dir.create("c.txt", pairs(3));
    let files = [("a.txt", many), ("b.txt", one), ("c.txt", vec![pairs(3)])];
    prints_every_match(&dir, &["-j2", "b"], &files);
}
