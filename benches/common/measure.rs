//! The interleaved rounds that time a set of tools in one case.
//!
//! A case (see [`measure`]) first runs every tool once to validate it: a usage error, a
//! failure, or a line count that differs from the baseline tool's takes the tool out of
//! timing, with the reason kept for the report. The surviving tools then run round-robin,
//! A B C A B C, so that a change in the machine's load touches all of them alike.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

pub use super::run::{CountRule, Exit, Run, Tool, run_once};

/// How a tool fared in a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Validated and timed over every round.
    Timed,
    /// Validated, but so slow that only its first run was timed.
    Slow,
    /// This build of trawl lacks a flag the case needs.
    Unsupported(String),
    /// It did not run cleanly: a bad exit, a signal, a timeout.
    Failed(String),
    /// It printed a different number of lines than the baseline.
    Mismatch(String),
}

impl Status {
    /// Whether the tool has a time to report.
    pub fn has_time(&self) -> bool {
        matches!(self, Status::Timed | Status::Slow)
    }

    /// A short word for the CSV.
    pub fn tag(&self) -> &'static str {
        match self {
            Status::Timed => "timed",
            Status::Slow => "slow",
            Status::Unsupported(_) => "unsupported",
            Status::Failed(_) => "failed",
            Status::Mismatch(_) => "mismatch",
        }
    }
}

/// A tool's result in one case.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub label: String,
    pub command: String,
    pub status: Status,
    /// Wall times of the timed runs.
    pub walls: Vec<Duration>,
    /// CPU times (user + system, children included) of the same runs.
    pub cpus: Vec<Duration>,
    /// Lines printed by the validating run.
    pub lines: Option<u64>,
    /// Peak RSS of the validating run, measured under GNU time; 0 if unknown.
    pub max_rss_kib: u64,
    pub notes: Vec<String>,
    validation: Option<Run>,
}

impl Outcome {
    /// The median wall time of the timed runs.
    pub fn median(&self) -> Option<Duration> {
        if !self.status.has_time() {
            return None;
        }
        median_of(&self.walls)
    }

    /// The median CPU time of the timed runs.
    pub fn median_cpu(&self) -> Option<Duration> {
        if !self.status.has_time() {
            return None;
        }
        median_of(&self.cpus)
    }

    /// The validating run's output hashes, ordered then as a set.
    pub fn hashes(&self) -> Option<(u64, u64)> {
        self.validation
            .as_ref()
            .map(|r| (r.ordered_hash, r.set_hash))
    }
}

/// The median of `times`; `None` when there are none.
pub fn median_of(times: &[Duration]) -> Option<Duration> {
    let mut times = times.to_vec();
    times.sort();
    let n = times.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(times[n / 2]),
        _ => Some((times[n / 2 - 1] + times[n / 2]) / 2),
    }
}

/// How many runs a case makes, its time limits, and how it measures memory.
#[derive(Clone, Debug)]
pub struct Plan {
    pub warmups: usize,
    pub runs: usize,
    pub slow: Duration,
    pub timeout: Duration,
    /// GNU time, which measures the peak RSS of each tool's validating run.
    pub time: PathBuf,
}

impl Plan {
    /// The plan that `settings` ask for, measuring memory with GNU `time`.
    pub fn from_settings(settings: &crate::common::Settings, time: PathBuf) -> Plan {
        Plan {
            warmups: settings.warmups,
            runs: settings.runs,
            slow: settings.slow,
            timeout: settings.timeout,
            time,
        }
    }
}

/// Validates and times `tools` against `tools[baseline]`, interleaved. `case` names the
/// case in progress lines.
pub fn measure(case: &str, tools: &[Tool], baseline: usize, plan: &Plan) -> Vec<Outcome> {
    let mut outcomes: Vec<Outcome> = tools.iter().map(|t| validate(case, t, plan)).collect();
    check_counts(tools, &mut outcomes, baseline);
    for outcome in &mut outcomes {
        if outcome.status == Status::Slow {
            outcome.notes.push(format!(
                "slow: timed once, as its first run took more than the {} s budget \
                 (TRAWL_BENCH_SLOW_SECS)",
                plan.slow.as_secs()
            ));
        }
    }
    let timed: Vec<usize> = (0..tools.len())
        .filter(|&i| outcomes[i].status == Status::Timed)
        .collect();
    for round in 1..plan.warmups {
        for &i in &timed {
            crate::progress!("{case}: warm-up {}: {}", round + 1, tools[i].label);
            // The output is not checked again: the validating run did that.
            let _ = run_once(&tools[i], plan.timeout, false, None);
        }
    }
    for round in 0..plan.runs {
        for &i in &timed {
            let tool = &tools[i];
            let outcome = &mut outcomes[i];
            match run_once(tool, plan.timeout, false, None) {
                Ok(run) => {
                    crate::progress!(
                        "{case}: run {}/{}: {}: {:.3} s, {} lines",
                        round + 1,
                        plan.runs,
                        tool.label,
                        run.wall.as_secs_f64(),
                        run.lines
                    );
                    if Some(run.lines) != outcome.lines {
                        outcome.notes.push(format!(
                            "run {} printed {} lines, not {}",
                            round + 1,
                            run.lines,
                            outcome.lines.unwrap_or(0)
                        ));
                    }
                    outcome.walls.push(run.wall);
                    outcome.cpus.push(run.cpu);
                }
                Err(err) => outcome
                    .notes
                    .push(format!("run {} failed: {err}", round + 1)),
            }
        }
    }
    for outcome in &mut outcomes {
        // The kept outputs served the count check; the hashes are all the report needs.
        if let Some(run) = &mut outcome.validation {
            run.output = None;
        }
    }
    outcomes
}

/// The first run of a tool: it warms the cache, and decides whether the tool is timed.
fn validate(case: &str, tool: &Tool, plan: &Plan) -> Outcome {
    let mut outcome = Outcome {
        label: tool.label.clone(),
        command: tool.command_line(),
        status: Status::Timed,
        walls: Vec::new(),
        cpus: Vec::new(),
        lines: None,
        max_rss_kib: 0,
        notes: tool.note.iter().cloned().collect(),
        validation: None,
    };
    crate::progress!("{case}: warm-up 1: {}", tool.label);
    let run = match run_once(tool, plan.timeout, true, Some(&plan.time)) {
        Ok(run) => run,
        Err(err) => {
            outcome.status = Status::Failed(format!("could not start: {err}"));
            return outcome;
        }
    };
    let first_error = run.stderr.lines().next().unwrap_or("").trim().to_string();
    outcome.max_rss_kib = run.max_rss_kib.unwrap_or(0);
    outcome.status = if run.timed_out {
        Status::Failed(format!("killed after {} s", plan.timeout.as_secs()))
    } else {
        match run.exit {
            Exit::Code(0 | 1) if run.wall > plan.slow => Status::Slow,
            Exit::Code(0 | 1) => Status::Timed,
            Exit::Code(2) if tool.usage_error_is_unsupported && is_usage_error(&run) => {
                Status::Unsupported(format!("not supported by this build: {first_error}"))
            }
            Exit::Code(code) => Status::Failed(format!("exit {code}: {first_error}")),
            Exit::Signal(sig) => Status::Failed(format!("killed by signal {sig}")),
        }
    };
    crate::progress!(
        "{case}: {}: {:.3} s, {} lines, {}",
        tool.label,
        run.wall.as_secs_f64(),
        run.lines,
        outcome.status.tag()
    );
    if let Status::Unsupported(_) = outcome.status {
        // Nothing was searched, so its size and output say nothing.
        outcome.max_rss_kib = 0;
        return outcome;
    }
    if outcome.status == Status::Slow {
        outcome.walls.push(run.wall);
        outcome.cpus.push(run.cpu);
    }
    outcome.lines = Some(run.lines);
    outcome.validation = Some(run);
    outcome
}

/// clap's usage errors start with `error:` and print nothing on stdout.
pub fn is_usage_error(run: &Run) -> bool {
    run.lines == 0
        && (run.stderr.starts_with("error:")
            || run.stderr.contains("unexpected argument")
            || run.stderr.contains("Usage:"))
}

/// Takes every tool whose line count breaks its rule out of timing, and notes where the
/// output of the others differs from the baseline's in content or order.
fn check_counts(tools: &[Tool], outcomes: &mut [Outcome], baseline: usize) {
    let base_label = outcomes[baseline].label.clone();
    let base_ok = outcomes[baseline].status.has_time();
    let base_run = outcomes[baseline].validation.clone();
    for (i, (tool, outcome)) in tools.iter().zip(outcomes.iter_mut()).enumerate() {
        if i == baseline || !outcome.status.has_time() {
            continue;
        }
        let (Some(base), true) = (&base_run, base_ok) else {
            outcome.status = Status::Mismatch(format!(
                "line count cannot be checked: {base_label} did not run cleanly"
            ));
            continue;
        };
        let run = outcome
            .validation
            .as_ref()
            .expect("validated tools have a run");
        let fits = match tool.count_rule {
            CountRule::Equal => run.lines == base.lines,
            CountRule::AtLeast => run.lines >= base.lines,
        };
        if !fits {
            let mut reason = format!(
                "counts {} lines vs {base_label}'s {}",
                run.lines, base.lines
            );
            if let Some(hint) = &tool.mismatch_hint {
                reason.push_str(": ");
                reason.push_str(hint);
            }
            if let Some(diff) = first_differences(base, run) {
                reason.push_str(&format!(" (per file, {base_label} vs this: {diff})"));
            }
            outcome.status = Status::Mismatch(reason);
        } else if tool.count_rule == CountRule::Equal && run.set_hash != base.set_hash {
            outcome.notes.push(format!(
                "same count, but not the same lines as {base_label}"
            ));
        }
    }
}

/// Up to three files whose number of output lines differs between two runs, judged by the
/// text before the first `:` of each line.
fn first_differences(base: &Run, other: &Run) -> Option<String> {
    let per_file = |run: &Run| {
        let mut counts: BTreeMap<Vec<u8>, u64> = BTreeMap::new();
        for line in run.output.as_ref()?.split(|&b| b == b'\n') {
            if line.is_empty() {
                continue;
            }
            let file = line.split(|&b| b == b':').next().unwrap_or(line);
            *counts.entry(file.to_vec()).or_default() += 1;
        }
        Some(counts)
    };
    let (a, b) = (per_file(base)?, per_file(other)?);
    let mut files: Vec<&Vec<u8>> = a.keys().chain(b.keys()).collect();
    files.sort();
    files.dedup();
    let diffs: Vec<String> = files
        .into_iter()
        .filter(|f| a.get(*f) != b.get(*f))
        .take(3)
        .map(|f| {
            format!(
                "{}: {} vs {}",
                String::from_utf8_lossy(f),
                a.get(f).copied().unwrap_or(0),
                b.get(f).copied().unwrap_or(0)
            )
        })
        .collect();
    (!diffs.is_empty()).then(|| diffs.join("; "))
}
