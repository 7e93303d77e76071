//! The ordered tree of a search: the walk's directories and files as the pool has found
//! them, the runs of pending jobs, and the cursor that forwards finished outcomes in walk
//! order. Plain data, guarded by the pool's mutex ([`super::pool`] says why it is shaped
//! so, and which invariants it keeps).

use std::collections::BTreeMap;

use super::pool::{Entry, ListingStats, Task};
use super::window::{MAX_BYTES_FORWARDED, MAX_FILES_PER_BATCH, Window};
use super::{Job, Outcome, PART_BYTES};
use crate::walk::Haystack;

/// The low bits of a job id are its slot; the high bits a generation.
const SLOT_BITS: u32 = 32;
const SLOT_MASK: u64 = (1 << SLOT_BITS) - 1;

/// The slot of the tree's root, which holds the roots the user named.
pub(super) const ROOT: u32 = 0;

pub(super) enum Node<D> {
    /// A reusable slot.
    Free,
    File {
        state: FileState,
        /// The sequence number the cursor gave it, once something of it was forwarded.
        seq: Option<u64>,
        /// The worker it was started on.
        worker: usize,
    },
    Dir {
        /// Its position in the tree: the index of each ancestor's entry, then its own.
        position: Vec<u32>,
        state: DirState<D>,
    },
    /// Finished when it was listed: a walk error, or lines a listing rendered itself
    /// (`--files`). The cursor forwards it in its place; no job runs for it.
    Ready(Box<Outcome>),
}

pub(super) enum FileState {
    Pending(Haystack),
    Running,
    /// Its outcome, or the parts of it streamed so far, wait for the cursor.
    Stored(Box<Outcome>),
    /// Forwarded whole before the cursor reached it (`--sort none`).
    Forwarded,
}

pub(super) enum DirState<D> {
    Pending(Box<D>),
    Listing,
    Listed {
        children: Vec<u32>,
        /// The first child not yet started.
        next_job: usize,
        /// The first child the cursor has not passed.
        next_print: usize,
        warnings: Vec<String>,
    },
}

pub(super) struct Slot<D> {
    pub(super) generation: u32,
    pub(super) node: Node<D>,
}

pub(super) struct State<D> {
    pub(super) slots: Vec<Slot<D>>,
    pub(super) free: Vec<u32>,
    /// The earliest pending child of each directory that has one: its position, and the
    /// directory's slot.
    pub(super) runs: BTreeMap<Vec<u32>, u32>,
    /// The listed directories from the root to the cursor.
    pub(super) cursor: Vec<u32>,
    pub(super) next_seq: u64,
    pub(super) window: Window,
    /// Jobs started and not finished: listings, and files.
    pub(super) in_flight: usize,
    /// Files that listings found, for the "no files were searched" error.
    pub(super) files_found: u64,
    /// Batches forwarded under the lock, in order, that the pool hands to the collector
    /// once the lock is released ([`super::pool`], "Forwarding").
    pub(super) outgoing: Vec<Vec<Outcome>>,
    /// Everything is forwarded, or the run was cut short: nothing more goes to the
    /// collector, and its channel closes once `outgoing` is sent.
    pub(super) ended: bool,
    pub(super) closed: bool,
    /// Outcomes are forwarded in walk order; without, as they finish (`--sort none`).
    pub(super) ordered: bool,
    /// At the end, report this error if no file was found.
    pub(super) nothing_found: Option<String>,
    pub(super) listing_stats: Vec<ListingStats>,
    pub(super) live_workers_exited: usize,
    /// Workers waiting in [`super::pool::Pool::take`].
    pub(super) idle_workers: usize,
    /// How long the lock has been held, in all.
    pub(super) lock_held: std::time::Duration,
    /// The CPU time of the measured holds ([`super::pool`], `CPU_SAMPLE`).
    pub(super) lock_cpu: std::time::Duration,
    /// How many holds `lock_cpu` sums.
    pub(super) lock_cpu_samples: u64,
    /// Times it was taken.
    pub(super) lock_holds: u64,
}

/// The slot of a job id.
pub(super) fn slot_of(id: u64) -> u32 {
    (id & SLOT_MASK) as u32
}

impl<D> State<D> {
    /// The job id of the node in `slot`.
    pub(super) fn id(&self, slot: u32) -> u64 {
        (u64::from(self.slots[slot as usize].generation) << SLOT_BITS) | u64::from(slot)
    }

    pub(super) fn allocate(&mut self, node: Node<D>) -> u32 {
        match self.free.pop() {
            Some(slot) => {
                let entry = &mut self.slots[slot as usize];
                entry.generation = entry.generation.wrapping_add(1);
                entry.node = node;
                slot
            }
            None => {
                self.slots.push(Slot {
                    generation: 0,
                    node,
                });
                (self.slots.len() - 1) as u32
            }
        }
    }

    pub(super) fn release(&mut self, slot: u32) {
        self.slots[slot as usize].node = Node::Free;
        self.free.push(slot);
    }

    /// The next sequence number, for an outcome forwarded now.
    pub(super) fn number(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq - 1
    }

    /// The listed directory in `slot`: its children, the first child not started and the
    /// first child not passed.
    pub(super) fn listed(&mut self, slot: u32) -> (&[u32], &mut usize, &mut usize) {
        match &mut self.slots[slot as usize].node {
            Node::Dir {
                state:
                    DirState::Listed {
                        children,
                        next_job,
                        next_print,
                        ..
                    },
                ..
            } => (children, next_job, next_print),
            _ => unreachable!("the runs and the cursor hold listed directories only"),
        }
    }

    /// The key of the run of `dir` that starts at child `index`.
    pub(super) fn run_key(&self, dir: u32, index: usize) -> Vec<u32> {
        let Node::Dir { position, .. } = &self.slots[dir as usize].node else {
            unreachable!("runs are directories")
        };
        let mut key = Vec::with_capacity(position.len() + 1);
        key.extend_from_slice(position);
        key.push(index as u32);
        key
    }

    /// The first child of `dir` from `from` on that needs a job (ready nodes need none); the
    /// run of `dir` restarts there, if there is one.
    pub(super) fn requeue(&mut self, dir: u32, from: usize) {
        let mut next = from;
        let len = loop {
            let (children, _, _) = self.listed(dir);
            let (len, child) = (children.len(), children.get(next).copied());
            match child {
                Some(child) if matches!(self.slots[child as usize].node, Node::Ready(_)) => {
                    next += 1;
                }
                _ => break len,
            }
        };
        *self.listed(dir).1 = next;
        if next < len {
            let key = self.run_key(dir, next);
            self.runs.insert(key, dir);
        }
    }

    /// The node the cursor waits for: the first child not passed of the innermost
    /// directory on the cursor's path.
    pub(super) fn cursor_node(&mut self) -> Option<u32> {
        let top = *self.cursor.last()?;
        let (children, _, next_print) = self.listed(top);
        children.get(*next_print).copied()
    }

    /// Starts the earliest pending child of `dir`, and the files right after it, on
    /// `worker`, if the window admits them, or if the cursor waits for the first of them.
    pub(super) fn start(&mut self, dir: u32, worker: usize) -> Option<Task<D>> {
        let needed = self.cursor_node();
        let (children, next_job, _) = self.listed(dir);
        let from = *next_job;
        let run: Vec<u32> = children[from..]
            .iter()
            .copied()
            .take(MAX_FILES_PER_BATCH)
            .collect();
        let first = run[0];
        let is_dir = matches!(self.slots[first as usize].node, Node::Dir { .. });
        let admitted = if is_dir {
            self.window.admits_listing()
        } else {
            self.window.admits_file()
        };
        // Standard input is read by one search at a time, in the order of the roots: a
        // later `-` started early could take the lines that an earlier one is owed
        // (`trawl x - dir -`). So a stdin job starts only when the cursor waits for it.
        if needed != Some(first) && (!admitted || self.is_stdin(first)) {
            return None;
        }
        let key = self.run_key(dir, from);
        self.runs.remove(&key);
        self.in_flight += 1;
        if is_dir {
            let id = self.id(first);
            let Node::Dir { state, .. } = &mut self.slots[first as usize].node else {
                unreachable!()
            };
            let DirState::Pending(pending) = std::mem::replace(state, DirState::Listing) else {
                unreachable!("a run starts at a job not yet started")
            };
            self.requeue(dir, from + 1);
            return Some(Task::List(id, *pending));
        }
        self.in_flight -= 1;
        let mut batch = Vec::with_capacity(run.len());
        for child in run {
            if !batch.is_empty() && (!self.window.admits_file() || self.is_stdin(child)) {
                break;
            }
            let id = self.id(child);
            let Node::File {
                state,
                worker: started_on,
                ..
            } = &mut self.slots[child as usize].node
            else {
                break;
            };
            *started_on = worker;
            let FileState::Pending(haystack) = std::mem::replace(state, FileState::Running) else {
                unreachable!("children after the first not started are not started")
            };
            batch.push(Job { seq: id, haystack });
            self.window.files_ahead += 1;
            self.in_flight += 1;
        }
        self.requeue(dir, from + batch.len());
        Some(Task::Search(batch))
    }

    /// Whether the node in `slot` is a standard-input job not yet started.
    fn is_stdin(&self, slot: u32) -> bool {
        matches!(
            self.slots[slot as usize].node,
            Node::File {
                state: FileState::Pending(Haystack::Stdin),
                ..
            }
        )
    }

    /// Gives directory `slot` its children, and makes them pending.
    pub(super) fn publish(&mut self, slot: u32, entries: Vec<Entry<D>>, warnings: Vec<String>) {
        let Node::Dir { position, .. } = &self.slots[slot as usize].node else {
            unreachable!("only directories are listed")
        };
        let position = position.clone();
        let mut children = Vec::with_capacity(entries.len());
        for (index, entry) in entries.into_iter().enumerate() {
            let node = match entry {
                Entry::File(haystack) => {
                    self.files_found += 1;
                    Node::File {
                        state: FileState::Pending(haystack),
                        seq: None,
                        worker: 0,
                    }
                }
                Entry::Dir(dir) => {
                    let mut child = position.clone();
                    child.push(index as u32);
                    Node::Dir {
                        position: child,
                        state: DirState::Pending(Box::new(dir)),
                    }
                }
                Entry::Error(message) => Node::Ready(Box::new(Outcome::error(0, message))),
                Entry::Ready { outcome, files } => {
                    self.files_found += files;
                    Node::Ready(outcome)
                }
            };
            children.push(self.allocate(node));
        }
        self.window.entries_ahead += children.len();
        self.slots[slot as usize].node = Node::Dir {
            position,
            state: DirState::Listed {
                children,
                next_job: 0,
                next_print: 0,
                warnings,
            },
        };
        self.requeue(slot, 0);
    }

    /// Takes one outcome of a file: kept in its node for the cursor, or, unordered,
    /// forwarded at once.
    pub(super) fn store(&mut self, mut outcome: Outcome) {
        let slot = slot_of(outcome.seq);
        if !outcome.partial {
            self.in_flight -= 1;
        }
        let next_seq = &mut self.next_seq;
        let Node::File { state, seq, .. } = &mut self.slots[slot as usize].node else {
            unreachable!("outcomes are of files")
        };
        if !self.ordered {
            outcome.seq = *seq.get_or_insert_with(|| {
                *next_seq += 1;
                *next_seq - 1
            });
            if !outcome.partial {
                *state = FileState::Forwarded;
                self.window.files_ahead -= 1;
                self.window.forwarded += 1;
            }
            self.forward(vec![outcome]);
            return;
        }
        self.window.tree_bytes += outcome.output.len();
        match state {
            FileState::Stored(earlier) => earlier.absorb(outcome),
            other => *other = FileState::Stored(Box::new(outcome)),
        }
    }

    /// Whether the worker that streams file `seq` should wait before it goes on: at the
    /// front of the order, while the collector has [`MAX_BYTES_FORWARDED`] still to
    /// receive; further ahead, while it has [`PART_BYTES`] stored for its turn and the
    /// cursor's node is sure to finish without it ([`State::cursor_moves_without`]).
    pub(super) fn holds_back(&self, seq: u64) -> bool {
        match &self.slots[slot_of(seq) as usize].node {
            Node::File {
                state: FileState::Stored(outcome),
                worker,
                ..
            } => {
                outcome.partial
                    && outcome.output.len() >= PART_BYTES
                    && self.cursor_moves_without(*worker)
            }
            Node::File {
                state: FileState::Running,
                seq: Some(_),
                ..
            } => {
                let unreceived = self
                    .window
                    .forwarded_bytes
                    .saturating_sub(self.window.received_bytes);
                unreceived > MAX_BYTES_FORWARDED
            }
            _ => false,
        }
    }

    /// Whether the node the cursor waits for is sure to finish while `worker` waits: it is
    /// being listed, or it is a file that another worker is searching. A file of the same
    /// worker, or one not started, might be queued behind the file that waits: a process
    /// worker's child has its next batch in its pipe, and its feeder may take another one
    /// while its driver waits.
    fn cursor_moves_without(&self, worker: usize) -> bool {
        let Some(&top) = self.cursor.last() else {
            return true;
        };
        let Node::Dir {
            state:
                DirState::Listed {
                    children,
                    next_print,
                    ..
                },
            ..
        } = &self.slots[top as usize].node
        else {
            return false;
        };
        let Some(&node) = children.get(*next_print) else {
            return true;
        };
        match &self.slots[node as usize].node {
            Node::File {
                state: FileState::Running,
                worker: started_on,
                ..
            } => *started_on != worker,
            Node::Dir {
                state: DirState::Listing,
                ..
            } => true,
            _ => false,
        }
    }

    /// Moves the cursor over every finished node, forwarding each to the collector in
    /// order, and freeing what it passes. Stops at a file that is still streaming, after
    /// forwarding what has come of it.
    pub(super) fn advance(&mut self) {
        let mut out = vec![];
        while let Some(&top) = self.cursor.last() {
            let Some(child) = self.cursor_node() else {
                self.cursor.pop();
                if top != ROOT {
                    self.release(top);
                }
                continue;
            };
            let next_seq = &mut self.next_seq;
            let mut number = || {
                *next_seq += 1;
                *next_seq - 1
            };
            match &mut self.slots[child as usize].node {
                Node::Ready(outcome) => {
                    let mut outcome = std::mem::take(&mut **outcome);
                    outcome.seq = number();
                    out.push(outcome);
                    self.window.forwarded += 1;
                }
                Node::File { state, seq, .. } => match state {
                    FileState::Forwarded => {}
                    FileState::Stored(outcome) => {
                        let mut outcome = std::mem::take(&mut **outcome);
                        outcome.seq = *seq.get_or_insert_with(number);
                        self.window.tree_bytes -= outcome.output.len();
                        let partial = outcome.partial;
                        out.push(outcome);
                        *state = FileState::Running;
                        if partial {
                            break;
                        }
                        self.window.files_ahead -= 1;
                        self.window.forwarded += 1;
                    }
                    FileState::Pending(_) | FileState::Running => break,
                },
                Node::Dir {
                    state: DirState::Listed { warnings, .. },
                    ..
                } => {
                    if !warnings.is_empty() {
                        let warnings = std::mem::take(warnings);
                        out.push(Outcome {
                            seq: number(),
                            warnings,
                            ..Outcome::default()
                        });
                        self.window.forwarded += 1;
                    }
                    *self.listed(top).2 += 1;
                    self.window.entries_ahead -= 1;
                    self.cursor.push(child);
                    continue;
                }
                Node::Dir { .. } => break,
                Node::Free => unreachable!("the cursor never meets a freed node"),
            }
            *self.listed(top).2 += 1;
            self.window.entries_ahead -= 1;
            self.release(child);
        }
        if self.cursor.is_empty()
            && !self.ended
            && self.files_found == 0
            && let Some(message) = self.nothing_found.take()
        {
            let seq = self.number();
            out.push(Outcome::error(seq, message));
        }
        if !out.is_empty() {
            self.forward(out);
        }
        if self.cursor.is_empty() {
            // Everything is forwarded: the collector ends once it has printed it.
            self.ended = true;
        }
    }

    /// Hands outcomes to the collector, in this order, once the lock is released.
    pub(super) fn forward(&mut self, outcomes: Vec<Outcome>) {
        if !self.ended {
            let bytes: usize = outcomes.iter().map(|o| o.output.len()).sum();
            self.window.forwarded_bytes += bytes as u64;
            self.outgoing.push(outcomes);
        }
    }
}
