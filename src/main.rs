//! trawl: a parallel, recursive regex search with deterministic output order.
//!
//! `main` parses the arguments, builds the validated configuration, runs the pipeline and
//! decides the exit code, in that order and in this one place.

use std::process::ExitCode;

use trawl::cli::Args;
use trawl::config::Config;
use trawl::pipeline;
use trawl::pipeline::collector::Summary;
use trawl::printer::Printer;
use trawl::walk::{self, Walker};

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("trawl: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    let args = Args::parse_from_env();
    let config = Config::from_args(args, walk::stdin_is_searchable())?;
    let matcher = config.matcher.build(&config.patterns)?;
    let walker = Walker::new(config.roots.clone(), config.walk.clone())?;
    let printer = Printer::new(config.format);
    let summary = pipeline::threads::run(&walker, &matcher, &printer, config.threads);
    Ok(exit_code(&summary))
}

/// 0 when something matched, 1 when nothing did, 2 when any error happened. A closed
/// stdout is a quiet success: the reader got what it wanted.
fn exit_code(summary: &Summary) -> ExitCode {
    if summary.broken_pipe {
        ExitCode::SUCCESS
    } else if summary.errors > 0 {
        ExitCode::from(2)
    } else if summary.matched {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
