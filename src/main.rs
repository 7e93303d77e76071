//! trawl: a parallel, recursive regex search with deterministic output order.
//!
//! `main` parses the arguments, builds the validated configuration, runs the pipeline and
//! decides the exit code, in that order and in this one place.

use std::ffi::OsString;
use std::process::ExitCode;

use trawl::cli::{Args, UsageError, usage_error};
use trawl::config::Config;
use trawl::pipeline::collector::Summary;
use trawl::pipeline::protocol::Setup;
use trawl::pipeline::{self, RunOptions, WorkerContext, interrupt};
use trawl::printer::Printer;
use trawl::walk::{self, Walker};

fn main() -> ExitCode {
    let worker = pipeline::processes::is_worker_invocation();
    match if worker { run_worker() } else { run() } {
        Ok(code) => code,
        Err(err) => {
            trawl::printer::escape::eprint_message(&format!("{err:#}"));
            ExitCode::from(2)
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    let argv = Args::argv_from_env();
    let args = match Args::parse(argv.iter().cloned()) {
        Ok(args) => args,
        Err(err) => {
            return Ok(match usage_error(&err) {
                UsageError::Display(text) => {
                    print!("{text}");
                    ExitCode::SUCCESS
                }
                UsageError::Invalid(line) => {
                    eprintln!("trawl: {line}");
                    ExitCode::from(2)
                }
            });
        }
    };
    if let Some(kind) = args.other.generate {
        let mut out = std::io::stdout().lock();
        return match trawl::cli::generate(kind, &mut out) {
            Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
                anyhow::bail!("--generate: {err}")
            }
            _ => Ok(ExitCode::SUCCESS),
        };
    }
    if args.other.pcre2_version {
        // As in rg: the version, whatever else was asked.
        println!("{}", trawl::matcher::pcre2_version());
        return Ok(ExitCode::SUCCESS);
    }
    init_logger(&args);
    let config = Config::from_args(args, walk::stdin_is_searchable())?;
    // rg's -m 0: nothing can be selected, so it prints nothing and reports no match,
    // before it even compiles the patterns. Scripts rely on it.
    if config.listing == trawl::config::Listing::Search && config.search.max_count == Some(0) {
        return Ok(ExitCode::from(1));
    }
    let setup = Setup {
        args: worker_args(&config, &argv),
        patterns: config.patterns.clone(),
        escape_paths: config.printer.escape_paths,
        chunk_threads: pipeline::processes::CHUNK_THREADS,
    };
    search(config, setup)
}

/// A worker process: its run comes in the parent's first frame, not from its own
/// arguments, its config file or its stdin.
fn run_worker() -> anyhow::Result<ExitCode> {
    let setup = pipeline::processes::read_setup()
        .map_err(|err| anyhow::anyhow!("worker process: {err}"))?;
    let program = std::env::args_os().next().unwrap_or_else(|| "trawl".into());
    let args =
        Args::parse(std::iter::once(program).chain(setup.args.iter().cloned())).map_err(|err| {
            match usage_error(&err) {
                UsageError::Display(text) | UsageError::Invalid(text) => {
                    anyhow::anyhow!("worker process: {text}")
                }
            }
        })?;
    init_logger(&args);
    let mut config = Config::for_worker(args, setup.patterns.clone())?;
    config.printer.escape_paths = setup.escape_paths;
    search(config, setup)
}

fn init_logger(args: &Args) {
    trawl::logger::init(if args.logging.trace {
        log::LevelFilter::Trace
    } else if args.logging.debug {
        log::LevelFilter::Debug
    } else {
        log::LevelFilter::Off
    });
}

/// Searches as `config` says; `setup` is what worker processes are told.
fn search(mut config: Config, setup: Setup) -> anyhow::Result<ExitCode> {
    // --files and --type-list search nothing, so, as in rg, the patterns are not even
    // compiled: `--files -e '('` lists files (found by our fuzzer, issue 13).
    if config.listing != trawl::config::Listing::Search {
        return trawl::listing::run(&config);
    }
    let matcher = config.matcher.build(&config.patterns)?;
    log::debug!(
        "{} pattern(s); {}; {} thread(s), {:?} mode",
        config.patterns.len(),
        matcher.describe_strategy(),
        config.threads,
        config.mode
    );
    // -U with patterns that cannot match a line terminator searches line by line.
    config.search.multiline &= matcher.spans_lines();
    // rg searches a multiline file whole, and a NUL in it stays a byte, as in a map.
    config.search.keep_nuls |= config.search.multiline;
    // One rayon pool of -j threads searches the chunks of huge files; a worker process
    // gets the size its parent chose for it.
    let chunk_threads = if config.worker {
        (setup.chunk_threads as usize).max(1)
    } else {
        config.threads
    };
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(chunk_threads)
        .build_global();
    let printer = Printer::new(config.printer.clone());
    if config.worker {
        return serve_as_worker(&config, &matcher, &printer);
    }
    let walker = Walker::new(config.roots.clone(), config.walk.clone())?;
    let options = RunOptions {
        search: config.search.clone(),
        max_results: config.max_results,
        ordered: config.walk.sort != trawl::walk::SortKey::None,
        mode: config.mode,
        workers: config.threads,
        count_every_match: config.stats || config.json_summary,
        messages: config.messages,
        line_buffered: config.line_buffered,
        worker_setup: setup,
        success_without_match: config.success_without_match,
        stats: config.stats,
    };
    interrupt::reset_colors_on_exit(printer.config().colors.is_some());
    let outcomes = pipeline::run(&walker, &matcher, &printer, &options);
    if interrupt::interrupted() {
        return Ok(interrupted(&printer));
    }
    if config.json_summary && !outcomes.summary.broken_pipe {
        let report = &outcomes.report;
        let totals = &report.totals;
        let summary = trawl::printer::RunSummary {
            elapsed_total: report.elapsed,
            elapsed: report.workers.iter().map(|w| w.busy).sum(),
            bytes_printed: totals.bytes_printed,
            bytes_searched: totals.bytes_searched,
            matched_lines: totals.matched_lines,
            matches: totals.matches,
            searches: totals.files_searched,
            searches_with_match: totals.files_with_matches,
        };
        let message = trawl::printer::summary_message(&summary);
        if let Err(err) = std::io::Write::write_all(&mut std::io::stdout().lock(), &message)
            && err.kind() != std::io::ErrorKind::BrokenPipe
        {
            anyhow::bail!("stdout: {err}");
        }
    }
    if config.stats && !outcomes.summary.broken_pipe {
        let mut stdout = std::io::stdout().lock();
        if let Err(err) = outcomes.report.write(&mut stdout)
            && err.kind() != std::io::ErrorKind::BrokenPipe
        {
            anyhow::bail!("stdout: {err}");
        }
    }
    let quiet = config.printer.mode == trawl::printer::OutputMode::Quiet;
    Ok(exit_code(&outcomes.summary, quiet))
}

/// Ends a run that SIGINT stopped: the output stopped between two files' results, so
/// every color span printed was closed, but a reset costs nothing and leaves the terminal
/// clean whatever was printed.
fn interrupted(printer: &Printer) -> ExitCode {
    if printer.config().colors.is_some() {
        let mut stdout = std::io::stdout().lock();
        let _ = std::io::Write::write_all(&mut stdout, b"\x1b[0m");
        let _ = std::io::Write::flush(&mut stdout);
    }
    ExitCode::from(interrupt::EXIT_CODE)
}

/// The arguments of a worker process: the parent's own, its config file's defaults
/// included (`argv` without the program name), then the decisions a child cannot make
/// itself, because its stdout is a pipe to the parent.
fn worker_args(config: &Config, argv: &[OsString]) -> Vec<OsString> {
    let mut args: Vec<OsString> = argv.iter().skip(1).cloned().collect();
    let color = if config.printer.colors.is_some() {
        "--color=always"
    } else {
        "--color=never"
    };
    args.push(color.into());
    // The parent's reading of the paths decides how NULs are read, not the child's.
    args.push(
        if config.search.keep_nuls {
            "--mmap"
        } else {
            "--no-mmap"
        }
        .into(),
    );
    args
}

/// The worker-process side of `--mode processes`: answer the parent until it hangs up.
fn serve_as_worker(
    config: &Config,
    matcher: &trawl::matcher::Matcher,
    printer: &Printer,
) -> anyhow::Result<ExitCode> {
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let context = WorkerContext {
        matcher,
        printer,
        search: &config.search,
        cancel: &cancel,
        count_every_match: config.stats || config.json_summary,
        // A worker process never searches stdin; its parent does.
        stream: false,
        // Its batches are timed by the parent, as round trips.
        measure_cpu: false,
    };
    match pipeline::processes::serve(context) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        // The parent is gone; nobody is left to tell.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(err) => anyhow::bail!("worker process: {err}"),
    }
}

/// 0 when something matched, 1 when nothing did, 2 when any error happened. A closed
/// stdout is a quiet success: the reader got what it wanted.
fn exit_code(summary: &Summary, quiet: bool) -> ExitCode {
    if summary.broken_pipe || (summary.matched && quiet) {
        ExitCode::SUCCESS
    } else if summary.errors > 0 {
        ExitCode::from(2)
    } else if summary.matched {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
