//! The worker protocol: length-prefixed binary frames between the parent and a worker
//! process, over the child's stdin (requests) and stdout (answers).
//!
//! Every frame is a 10-byte header and a payload. Integers are little-endian.
//!
//! ```text
//! frame      := magic:u8 = 0xA7   kind:u8   len:u64   payload[len]
//!
//! kind 1  BATCH (parent -> child), answered as a whole
//! kind 5  BATCH_EACH (parent -> child), answered file by file
//!   payload  := count:u32  job*count
//!   job      := seq:u64  explicit:u8  path_len:u32  path[path_len]
//!
//! kind 2  OUTCOME (child -> parent), one per job, in the batch's order
//!   payload  := seq:u64  bytes_searched:u64  matched_lines:u64  matches:u64
//!               flags:u8 (bit 0: skipped as binary; bit 1: a part, more follows;
//!                         bit 2: the part's last record is open)
//!               binary_offset:u64 (u64::MAX: not binary)  chunks:u64  extends:u64
//!               error_count:u32  (len:u32  message[len])*error_count
//!               output_len:u64  output[output_len]
//!               record_count:u32  record_end:u64*record_count
//!
//! kind 3  BATCH_DONE (child -> parent), after the last OUTCOME of a batch
//!   payload  := busy_ns:u64      time the child spent searching the batch
//!               framing_ns:u64   time the child spent encoding its answers
//!
//! kind 4  SETUP (parent -> child), the first frame, exactly once
//!   payload  := arg_count:u32  (len:u32  arg[len])*arg_count
//!               pattern_count:u32  (len:u32  pattern[len])*pattern_count
//!               flags:u8 (bit 0: escape control characters in paths)
//!               chunk_threads:u32  threads of the child's pool for huge files
//! ```
//!
//! A child answers a BATCH with as few writes as it can: its OUTCOMEs and the BATCH_DONE
//! go out together, except that it writes what it has at once after a file of more than
//! [`super::EARLY_SEND_BYTES`], so that one large file does not hold back the results
//! before it. A BATCH_EACH is answered with one write per OUTCOME, so that when the child
//! dies, the parent knows which file it was searching: the first one not answered. The
//! parent sends those only to retry the files of a child that died.
//!
//! SETUP is all a child knows of the run: the parent's arguments (its config file's
//! defaults first) for the options, and the patterns the parent read, as UTF-8 text. A
//! child never reads `-f` files, the config file or stdin for them: its stdin is this
//! pipe, and the user's stdin belongs to the parent.
//!
//! Paths travel as raw bytes, so names that are not UTF-8 survive the trip unchanged.
//! A file whose output passes [`super::PART_BYTES`] is answered in parts: OUTCOMEs with
//! bit 1 set, each written at once, then its last OUTCOME, which carries its stats
//! (`extends` and the open bit are those of [`crate::search::stream::Part`]). The child's
//! write of a part blocks while the parent's pool holds that file back, so a file that
//! prints without end is held to a bounded share of the parent's memory.
//!
//! Invariant: a frame is never misread. A stream that ends inside a header or a payload is
//! a torn frame; a payload whose fields do not use exactly its length, a bad magic byte or
//! an unknown kind is a corrupt frame. Both are errors, reported by the caller.

use std::ffi::{OsStr, OsString};
use std::io::{self, Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

use super::{Job, Outcome};
use crate::search::FileStats;
use crate::walk::Haystack;

const MAGIC: u8 = 0xA7;
const HEADER_LEN: usize = 10;
/// The largest payload accepted. Larger lengths can only come from a corrupt stream.
const MAX_PAYLOAD: u64 = 1 << 40;

/// What a worker process needs to know of the run, sent in its first frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Setup {
    /// The parent's arguments after the program name, its config file's defaults first,
    /// and the decisions a child cannot make itself (color, how NULs are read).
    pub args: Vec<OsString>,
    /// The patterns, as the parent read them from `-e`, `-f` and the first positional.
    pub patterns: Vec<String>,
    /// The parent's stdout is a terminal, so paths are printed escaped.
    pub escape_paths: bool,
    /// The threads of the child's rayon pool, which searches the chunks of huge files.
    pub chunk_threads: u32,
}

/// A decoded frame.
#[derive(Debug, PartialEq)]
pub enum Frame {
    /// The run's setup, the first frame a child reads.
    Setup(Setup),
    /// Jobs for the child.
    Batch {
        /// The files to search, in order.
        jobs: Vec<Job>,
        /// Answer each file with its own write (BATCH_EACH), not the batch at once.
        each_file: bool,
    },
    /// The result of one job.
    Outcome(Outcome),
    /// The child finished a batch.
    BatchDone {
        /// Nanoseconds the child spent searching the batch.
        busy_ns: u64,
        /// Nanoseconds the child spent encoding its answers.
        framing_ns: u64,
    },
}

const KIND_BATCH: u8 = 1;
const KIND_OUTCOME: u8 = 2;
const KIND_BATCH_DONE: u8 = 3;
const KIND_SETUP: u8 = 4;
const KIND_BATCH_EACH: u8 = 5;

fn corrupt(what: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("corrupt frame: {what}"))
}

fn torn(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::UnexpectedEof, format!("torn frame: {what}"))
}

/// Encodes `frame` into `buf` (cleared first).
pub fn encode(frame: &Frame, buf: &mut Vec<u8>) {
    buf.clear();
    append(frame, buf);
}

/// Encodes `frame` at the end of `buf`, after the frames already there, so that many
/// frames go out in one write.
pub fn append(frame: &Frame, buf: &mut Vec<u8>) {
    let start = buf.len();
    buf.extend_from_slice(&[MAGIC, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let kind = match frame {
        Frame::Batch { jobs, each_file } => {
            put_jobs(buf, jobs);
            if *each_file {
                KIND_BATCH_EACH
            } else {
                KIND_BATCH
            }
        }
        Frame::Outcome(outcome) => {
            let stats = &outcome.stats;
            for n in [
                outcome.seq,
                stats.bytes_searched,
                stats.matched_lines,
                stats.matches,
            ] {
                buf.extend_from_slice(&n.to_le_bytes());
            }
            buf.push(
                u8::from(stats.skipped_binary)
                    | (u8::from(outcome.partial) << 1)
                    | (u8::from(outcome.open) << 2),
            );
            buf.extend_from_slice(&stats.binary_offset.unwrap_or(u64::MAX).to_le_bytes());
            buf.extend_from_slice(&stats.chunks.to_le_bytes());
            buf.extend_from_slice(&outcome.extends.to_le_bytes());
            put_u32(buf, outcome.errors.len() as u32);
            for error in &outcome.errors {
                put_bytes32(buf, error.as_bytes());
            }
            buf.extend_from_slice(&(outcome.output.len() as u64).to_le_bytes());
            buf.extend_from_slice(&outcome.output);
            put_u32(buf, outcome.records.len() as u32);
            for end in &outcome.records {
                buf.extend_from_slice(&end.to_le_bytes());
            }
            KIND_OUTCOME
        }
        Frame::BatchDone {
            busy_ns,
            framing_ns,
        } => {
            buf.extend_from_slice(&busy_ns.to_le_bytes());
            buf.extend_from_slice(&framing_ns.to_le_bytes());
            KIND_BATCH_DONE
        }
        Frame::Setup(setup) => {
            put_u32(buf, setup.args.len() as u32);
            for arg in &setup.args {
                put_bytes32(buf, arg.as_bytes());
            }
            put_u32(buf, setup.patterns.len() as u32);
            for pattern in &setup.patterns {
                put_bytes32(buf, pattern.as_bytes());
            }
            buf.push(u8::from(setup.escape_paths));
            put_u32(buf, setup.chunk_threads);
            KIND_SETUP
        }
    };
    buf[start + 1] = kind;
    let len = (buf.len() - start - HEADER_LEN) as u64;
    buf[start + 2..start + HEADER_LEN].copy_from_slice(&len.to_le_bytes());
}

/// Writes `outcome` as an OUTCOME frame to `out` without copying its output: the frame is
/// encoded into `buf` around it, and the output written from where it is. For a part,
/// which may be one huge line.
pub fn write_outcome(
    out: &mut impl Write,
    mut outcome: Outcome,
    buf: &mut Vec<u8>,
) -> io::Result<()> {
    let output = std::mem::take(&mut outcome.output);
    buf.clear();
    let records = outcome.records.len();
    append(&Frame::Outcome(outcome), buf);
    // The frame as it would be with the output: its payload length, and output_len, which
    // comes right before the record count and the records.
    let len = (buf.len() - HEADER_LEN + output.len()) as u64;
    buf[2..HEADER_LEN].copy_from_slice(&len.to_le_bytes());
    let after = buf.len() - 4 - 8 * records;
    buf[after - 8..after].copy_from_slice(&(output.len() as u64).to_le_bytes());
    out.write_all(&buf[..after])?;
    out.write_all(&output)?;
    out.write_all(&buf[after..])
}

/// Encodes a BATCH (or BATCH_EACH) of `jobs` at the end of `buf`, without the copy of the
/// jobs that a [`Frame`] would need.
pub fn append_batch(jobs: &[Job], each_file: bool, buf: &mut Vec<u8>) {
    let start = buf.len();
    buf.extend_from_slice(&[MAGIC, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    put_jobs(buf, jobs);
    buf[start + 1] = if each_file {
        KIND_BATCH_EACH
    } else {
        KIND_BATCH
    };
    let len = (buf.len() - start - HEADER_LEN) as u64;
    buf[start + 2..start + HEADER_LEN].copy_from_slice(&len.to_le_bytes());
}

fn put_jobs(buf: &mut Vec<u8>, jobs: &[Job]) {
    put_u32(buf, jobs.len() as u32);
    for job in jobs {
        let (path, explicit): (&[u8], bool) = match &job.haystack {
            Haystack::File { path, explicit, .. } => (path.as_os_str().as_bytes(), *explicit),
            // The parent searches stdin itself and reports walk errors itself; they
            // are never sent to a child.
            Haystack::Stdin | Haystack::Error(_) => {
                unreachable!("only files are sent to worker processes")
            }
        };
        buf.extend_from_slice(&job.seq.to_le_bytes());
        buf.push(u8::from(explicit));
        put_bytes32(buf, path);
    }
}

/// Encodes `frame` and writes it whole.
pub fn write_frame(out: &mut impl Write, frame: &Frame, buf: &mut Vec<u8>) -> io::Result<()> {
    encode(frame, buf);
    out.write_all(buf)
}

/// Reads one frame. `Ok(None)` is a clean end of stream, between frames.
pub fn read_frame(input: &mut impl Read, buf: &mut Vec<u8>) -> io::Result<Option<Frame>> {
    match read_raw(input, buf)? {
        Some(kind) => decode(kind, buf).map(Some),
        None => Ok(None),
    }
}

/// Reads one frame's payload into `buf` and returns its kind, for [`decode`]: the parent
/// times the decoding apart from the wait for the bytes. `Ok(None)` is a clean end.
pub fn read_raw(input: &mut impl Read, buf: &mut Vec<u8>) -> io::Result<Option<u8>> {
    let mut header = [0u8; HEADER_LEN];
    let mut filled = 0;
    while filled < HEADER_LEN {
        match input.read(&mut header[filled..]) {
            Ok(0) if filled == 0 => return Ok(None),
            Ok(0) => return Err(torn("the stream ended inside a header")),
            Ok(n) => filled += n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    if header[0] != MAGIC {
        return Err(corrupt(format!("bad magic byte {:#04x}", header[0])));
    }
    let len = u64::from_le_bytes(header[2..].try_into().expect("8 header bytes"));
    if len > MAX_PAYLOAD {
        return Err(corrupt(format!("payload length {len} is too large")));
    }
    buf.clear();
    buf.resize(len as usize, 0);
    input.read_exact(buf).map_err(|err| {
        if err.kind() == io::ErrorKind::UnexpectedEof {
            torn("the stream ended inside a payload")
        } else {
            err
        }
    })?;
    Ok(Some(header[1]))
}

/// Decodes a payload that [`read_raw`] read.
pub fn decode(kind: u8, payload: &[u8]) -> io::Result<Frame> {
    let mut r = Fields { rest: payload };
    let frame = match kind {
        KIND_BATCH | KIND_BATCH_EACH => {
            let count = r.u32()?;
            let mut jobs = Vec::with_capacity(count.min(1 << 16) as usize);
            for _ in 0..count {
                let seq = r.u64()?;
                let explicit = r.u8()? != 0;
                let path = PathBuf::from(OsStr::from_bytes(r.bytes32()?));
                jobs.push(Job {
                    seq,
                    haystack: Haystack::File {
                        path,
                        explicit,
                        dir: None,
                    },
                });
            }
            Frame::Batch {
                jobs,
                each_file: kind == KIND_BATCH_EACH,
            }
        }
        KIND_OUTCOME => {
            let seq = r.u64()?;
            let (bytes_searched, matched_lines, matches) = (r.u64()?, r.u64()?, r.u64()?);
            let flags = r.u8()?;
            let stats = FileStats {
                bytes_searched,
                matched_lines,
                matches,
                skipped_binary: flags & 1 != 0,
                binary_offset: Some(r.u64()?).filter(|&o| o != u64::MAX),
                chunks: r.u64()?,
            };
            let extends = r.u64()?;
            let error_count = r.u32()?;
            let mut errors = Vec::with_capacity(error_count.min(64) as usize);
            for _ in 0..error_count {
                errors.push(String::from_utf8_lossy(r.bytes32()?).into_owned());
            }
            let output_len = r.u64()?;
            let output = r.take(output_len)?.to_vec();
            let record_count = r.u32()?;
            let mut records = Vec::with_capacity(record_count.min(1 << 16) as usize);
            for _ in 0..record_count {
                let end = r.u64()?;
                if end > output_len {
                    return Err(corrupt(format!("record end {end} is past the output")));
                }
                records.push(end);
            }
            if extends > output_len {
                return Err(corrupt(format!("extends {extends} is past the output")));
            }
            Frame::Outcome(Outcome {
                seq,
                output,
                records,
                errors,
                stats,
                partial: flags & 2 != 0,
                extends,
                open: flags & 4 != 0,
                ..Outcome::default()
            })
        }
        KIND_BATCH_DONE => Frame::BatchDone {
            busy_ns: r.u64()?,
            framing_ns: r.u64()?,
        },
        KIND_SETUP => {
            let count = r.u32()?;
            let mut args = Vec::with_capacity(count.min(1 << 10) as usize);
            for _ in 0..count {
                args.push(OsStr::from_bytes(r.bytes32()?).to_os_string());
            }
            let count = r.u32()?;
            let mut patterns = Vec::with_capacity(count.min(1 << 10) as usize);
            for _ in 0..count {
                let text = std::str::from_utf8(r.bytes32()?)
                    .map_err(|_| corrupt("a pattern is not UTF-8".to_string()))?;
                patterns.push(text.to_string());
            }
            let escape_paths = r.u8()? & 1 != 0;
            let chunk_threads = r.u32()?;
            Frame::Setup(Setup {
                args,
                patterns,
                escape_paths,
                chunk_threads,
            })
        }
        other => return Err(corrupt(format!("unknown kind {other}"))),
    };
    if !r.rest.is_empty() {
        return Err(corrupt(format!("{} bytes left over", r.rest.len())));
    }
    Ok(frame)
}

fn put_u32(buf: &mut Vec<u8>, n: u32) {
    buf.extend_from_slice(&n.to_le_bytes());
}

fn put_bytes32(buf: &mut Vec<u8>, bytes: &[u8]) {
    put_u32(buf, bytes.len() as u32);
    buf.extend_from_slice(bytes);
}

/// A cursor over a payload that fails, rather than panics, when a field runs past its end.
struct Fields<'a> {
    rest: &'a [u8],
}

impl<'a> Fields<'a> {
    fn take(&mut self, n: u64) -> io::Result<&'a [u8]> {
        if n > self.rest.len() as u64 {
            return Err(corrupt(format!(
                "a field of {n} bytes runs past the payload's end"
            )));
        }
        let (head, tail) = self.rest.split_at(n as usize);
        self.rest = tail;
        Ok(head)
    }

    fn u8(&mut self) -> io::Result<u8> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> io::Result<u32> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }

    fn u64(&mut self) -> io::Result<u64> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }

    fn bytes32(&mut self) -> io::Result<&'a [u8]> {
        let len = self.u32()?;
        self.take(u64::from(len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(frame: Frame) {
        let mut buf = vec![];
        encode(&frame, &mut buf);
        let mut scratch = vec![];
        let decoded = read_frame(&mut &buf[..], &mut scratch).unwrap().unwrap();
        assert_eq!(decoded, frame);
    }

    fn sample_outcome() -> Outcome {
        Outcome {
            seq: 7,
            output: b"a:1:1:x\n".to_vec(),
            records: vec![8],
            errors: vec!["a: oops".into()],
            stats: FileStats {
                bytes_searched: 10,
                matched_lines: 1,
                matches: 2,
                skipped_binary: true,
                binary_offset: Some(3),
                chunks: 4,
            },
            ..Outcome::default()
        }
    }

    #[test]
    fn frames_round_trip_with_non_utf8_paths() {
        let jobs = vec![
            Job {
                seq: 3,
                haystack: Haystack::File {
                    path: PathBuf::from(OsStr::from_bytes(b"bad\xff\xfename")),
                    explicit: true,
                    dir: None,
                },
            },
            Job {
                seq: 4,
                haystack: Haystack::File {
                    path: "ok.txt".into(),
                    explicit: false,
                    dir: None,
                },
            },
        ];
        for each_file in [false, true] {
            round_trip(Frame::Batch {
                jobs: jobs.clone(),
                each_file,
            });
        }
        round_trip(Frame::Outcome(sample_outcome()));
        round_trip(Frame::Outcome(Outcome {
            partial: true,
            extends: 2,
            open: true,
            ..sample_outcome()
        }));
        round_trip(Frame::BatchDone {
            busy_ns: 12345,
            framing_ns: 678,
        });
        round_trip(Frame::Setup(Setup {
            args: vec!["-i".into(), OsStr::from_bytes(b"dir\xff").to_os_string()],
            patterns: vec!["needle".into(), String::new(), "a\nb".into()],
            escape_paths: true,
            chunk_threads: 3,
        }));
    }

    #[test]
    fn an_outcome_written_around_its_output_reads_back_whole() {
        let mut written = Vec::new();
        let mut buf = b"left over".to_vec();
        write_outcome(&mut written, sample_outcome(), &mut buf).unwrap();
        let mut input = &written[..];
        let frame = read_frame(&mut input, &mut buf).unwrap();
        assert_eq!(frame, Some(Frame::Outcome(sample_outcome())));
        assert!(input.is_empty());
    }

    #[test]
    fn appended_frames_read_back_one_by_one() {
        let mut buf = vec![];
        append(&Frame::Outcome(sample_outcome()), &mut buf);
        append(&Frame::Outcome(sample_outcome()), &mut buf);
        let done = Frame::BatchDone {
            busy_ns: 1,
            framing_ns: 2,
        };
        append(&done, &mut buf);
        let (mut input, mut scratch) = (&buf[..], vec![]);
        for _ in 0..2 {
            let frame = read_frame(&mut input, &mut scratch).unwrap().unwrap();
            assert_eq!(frame, Frame::Outcome(sample_outcome()));
        }
        assert_eq!(read_frame(&mut input, &mut scratch).unwrap().unwrap(), done);
        assert!(read_frame(&mut input, &mut scratch).unwrap().is_none());
    }

    #[test]
    fn a_clean_end_between_frames_is_not_an_error() {
        let mut scratch = vec![];
        assert!(read_frame(&mut &b""[..], &mut scratch).unwrap().is_none());
    }

    #[test]
    fn every_truncation_is_detected_as_torn() {
        let mut buf = vec![];
        encode(&Frame::Outcome(sample_outcome()), &mut buf);
        for cut in 1..buf.len() {
            let mut scratch = vec![];
            let err = read_frame(&mut &buf[..cut], &mut scratch).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof, "cut at {cut}");
        }
    }

    #[test]
    fn corrupt_frames_are_rejected_not_misread() {
        let mut buf = vec![];
        encode(
            &Frame::BatchDone {
                busy_ns: 1,
                framing_ns: 2,
            },
            &mut buf,
        );
        let mut bad_magic = buf.clone();
        bad_magic[0] = 0;
        let mut bad_kind = buf.clone();
        bad_kind[1] = 99;
        // A payload longer than its fields: the length says 17 bytes, BATCH_DONE uses 16.
        let mut long = buf.clone();
        long.push(0);
        long[2] = 17;
        for bytes in [bad_magic, bad_kind, long] {
            let mut scratch = vec![];
            let err = read_frame(&mut &bytes[..], &mut scratch).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        }
        // An outcome whose error count promises more than the payload holds.
        let mut buf = vec![];
        encode(&Frame::Outcome(sample_outcome()), &mut buf);
        let count_at = HEADER_LEN + 8 * 4 + 1 + 8 + 8;
        buf[count_at] = 200;
        let mut scratch = vec![];
        assert!(read_frame(&mut &buf[..], &mut scratch).is_err());
    }
}
