//! `--debug` and `--trace`: diagnostic messages on stderr, for finding out why trawl did
//! what it did, such as why a file was not searched.
//!
//! The messages come through the `log` facade: trawl's own, and those of the `ignore`
//! crate, which says for each entry it leaves out which rule left it out. Each message is
//! one line, `trawl: LEVEL|module: message`. Without either flag nothing is logged, and a
//! disabled message costs one comparison.

use std::io::Write;

use log::{Level, LevelFilter, Log, Metadata, Record};

/// Writes every enabled message to stderr.
struct Stderr;

impl Log for Stderr {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.level() <= log::max_level()
    }

    fn log(&self, record: &Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let level = match record.level() {
            Level::Error => "ERROR",
            Level::Warn => "WARN",
            Level::Info => "INFO",
            Level::Debug => "DEBUG",
            Level::Trace => "TRACE",
        };
        // One write per line, so that lines from several threads do not interleave.
        let line = format!("trawl: {level}|{}: {}\n", record.target(), record.args());
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    }

    fn flush(&self) {}
}

static LOGGER: Stderr = Stderr;

/// Turns logging on at `level` (`--debug`: Debug, `--trace`: Trace); `Off` leaves it off.
pub fn init(level: LevelFilter) {
    if level == LevelFilter::Off {
        return;
    }
    // Only fails if a logger is set already, which would then keep the messages.
    let _ = log::set_logger(&LOGGER);
    log::set_max_level(level);
}
