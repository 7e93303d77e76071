//! trawl as a library: the stages of the search pipeline, one module each.
//!
//! The binary in `main.rs` is a thin shell over these modules. They are public so that
//! the benchmarks in `benches/` can drive the searcher directly.

pub mod cli;
pub mod config;
pub mod listing;
pub mod logger;
pub mod matcher;
pub mod pipeline;
pub mod printer;
pub mod search;
pub mod walk;
