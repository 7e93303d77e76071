//! Runs that list instead of searching: `--files` and `--type-list`.

/// What a run does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listing {
    /// Search, the usual case.
    Search,
}

/// Runs a listing mode and returns the exit code.
pub fn run(config: &crate::config::Config) -> anyhow::Result<std::process::ExitCode> {
    anyhow::bail!("{:?} is not a listing mode", config.listing)
}
