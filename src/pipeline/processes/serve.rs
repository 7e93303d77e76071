//! The child's side of process mode: read the setup, then answer batches until the
//! parent closes the pipe.
//!
//! Invariants:
//! - Files are searched and answered in the batch's order.
//! - A BATCH is answered with one write: every OUTCOME and the BATCH_DONE, encoded into one
//!   buffer. The buffer goes out early only after a file of more than
//!   [`EARLY_SEND_BYTES`], so that a large file's results, and those before it, are not
//!   held back by the rest of the batch.
//! - A BATCH_EACH is answered with one write per OUTCOME, so that the answers the parent
//!   has are exactly the files this child finished: when it dies, the first file not
//!   answered is the one it was searching.
//! - A file whose output passes [`PART_BYTES`] is answered in parts as it is searched,
//!   each part written at once with the answers before it; its last OUTCOME follows at
//!   once too. A write blocks while the parent holds the file back.

use std::cell::{Cell, RefCell};
use std::fs::File;
use std::io::{self, Write};
use std::mem::ManuallyDrop;
use std::os::fd::FromRawFd;
use std::rc::Rc;
use std::time::{Duration, Instant};

use super::super::protocol::{Frame, Setup, append, read_frame, write_outcome};
use super::super::{EARLY_SEND_BYTES, Outcome, PART_BYTES, WorkerContext, search_guarded};
use super::WORKER_FLAG;
use crate::search::stream::Stream;
use crate::walk::Haystack;

/// Test-only fault injection, read by worker processes. Undocumented for users on purpose;
/// release builds honor it so that the tests exercise the real binary. The value is a
/// comma-separated list of:
/// - `die-on=SUFFIX`: SIGKILL itself before searching a path that ends with SUFFIX;
/// - `die-once-on=SUFFIX:MARKER`: the same, but only if the file MARKER does not exist yet,
///   creating it first, so that the retry succeeds;
/// - `delay-ms=N`: sleep N milliseconds before each file.
pub const FAULT_ENV: &str = "__TRAWL_WORKER_FAULT";

/// Reads the SETUP frame that a worker process gets first on its stdin.
pub fn read_setup() -> io::Result<Setup> {
    match read_frame(&mut io::stdin().lock(), &mut Vec::new())? {
        Some(Frame::Setup(setup)) => Ok(setup),
        Some(_) => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "the parent's first frame is not a setup",
        )),
        None => Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the parent sent no setup",
        )),
    }
}

/// Whether this process was started as a worker process: its only argument is the worker
/// flag, which no user run has.
pub fn is_worker_invocation() -> bool {
    let mut args = std::env::args_os().skip(1);
    args.next().is_some_and(|arg| arg == WORKER_FLAG) && args.next().is_none()
}

/// The worker process's main loop: reads batches from stdin, answers on stdout, and
/// returns when stdin ends. A broken stdout means the parent is gone: stop quietly.
pub fn serve(context: WorkerContext<'_>) -> io::Result<()> {
    let fault = Fault::from_env();
    let mut input = io::stdin().lock();
    // SAFETY: fd 1 stays open for the life of the process, and ManuallyDrop keeps this
    // File from closing it. Writing to it directly avoids stdout's line buffering, which
    // would split binary frames at every newline byte.
    let mut output = ManuallyDrop::new(unsafe { File::from_raw_fd(1) });
    let mut searcher = context.searcher();
    let mut read_buf = Vec::new();
    // The answers not written yet, and the file being searched with whether it has
    // written a part: shared with the stream that writes the parts.
    let answer: Rc<RefCell<Vec<u8>>> = Rc::default();
    let current: Rc<Cell<(u64, bool)>> = Rc::default();
    {
        let (answer, current) = (answer.clone(), current.clone());
        // SAFETY: as for `output`, a second handle on fd 1 that never closes it.
        let mut parts = ManuallyDrop::new(unsafe { File::from_raw_fd(1) });
        searcher.stream(Some(Stream::bounded(
            context.cancel,
            PART_BYTES,
            move |part| {
                let (seq, _) = current.get();
                current.set((seq, true));
                let mut answer = answer.borrow_mut();
                // The answers before the part, then the part, written around its bytes.
                let written = parts.write_all(&answer).is_ok()
                    && write_outcome(&mut *parts, Outcome::part(seq, part), &mut answer).is_ok();
                answer.clear();
                written
            },
        )));
    }
    loop {
        let (mut jobs, each_file) = match read_frame(&mut input, &mut read_buf)? {
            None => return Ok(()),
            Some(Frame::Batch { jobs, each_file }) => (jobs, each_file),
            Some(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "the parent sent a frame that is not a batch",
                ));
            }
        };
        let started = Instant::now();
        crate::walk::dirfd::hold_shared(jobs.iter_mut().map(|job| &mut job.haystack));
        let mut framing = Duration::ZERO;
        answer.borrow_mut().clear();
        for job in &jobs {
            crate::search::chunked::pause_while_active();
            fault.before(&job.haystack);
            current.set((job.seq, false));
            let outcome = search_guarded(&mut searcher, &context, job);
            let encoding = Instant::now();
            let large = outcome.stats.bytes_searched > EARLY_SEND_BYTES || current.get().1;
            let mut answer = answer.borrow_mut();
            append(&Frame::Outcome(outcome), &mut answer);
            framing += encoding.elapsed();
            if each_file || large {
                output.write_all(&answer)?;
                answer.clear();
            }
        }
        let done = Frame::BatchDone {
            busy_ns: started.elapsed().as_nanos() as u64,
            framing_ns: framing.as_nanos() as u64,
        };
        let mut answer = answer.borrow_mut();
        append(&done, &mut answer);
        output.write_all(&answer)?;
    }
}

/// Faults injected by the tests through [`FAULT_ENV`].
#[derive(Default)]
struct Fault {
    die_on: Vec<String>,
    die_once_on: Vec<(String, String)>,
    delay: Option<Duration>,
}

impl Fault {
    fn from_env() -> Fault {
        let mut fault = Fault::default();
        let Ok(spec) = std::env::var(FAULT_ENV) else {
            return fault;
        };
        for item in spec.split(',') {
            if let Some(suffix) = item.strip_prefix("die-on=") {
                fault.die_on.push(suffix.to_string());
            } else if let Some(rest) = item.strip_prefix("die-once-on=")
                && let Some((suffix, marker)) = rest.split_once(':')
            {
                fault
                    .die_once_on
                    .push((suffix.to_string(), marker.to_string()));
            } else if let Some(ms) = item.strip_prefix("delay-ms=") {
                fault.delay = ms.parse().ok().map(Duration::from_millis);
            }
        }
        fault
    }

    fn before(&self, haystack: &Haystack) {
        if let Some(delay) = self.delay {
            std::thread::sleep(delay);
        }
        // Without faults to inject, a user's run pays nothing per file here.
        if self.die_on.is_empty() && self.die_once_on.is_empty() {
            return;
        }
        let name = haystack.name();
        let once = self.die_once_on.iter().any(|(suffix, marker)| {
            name.ends_with(suffix.as_str()) && File::create_new(marker).is_ok()
        });
        if once
            || self
                .die_on
                .iter()
                .any(|suffix| name.ends_with(suffix.as_str()))
        {
            // SAFETY: kill and getpid have no memory-safety preconditions.
            unsafe {
                libc::kill(libc::getpid(), libc::SIGKILL);
            }
        }
    }
}
