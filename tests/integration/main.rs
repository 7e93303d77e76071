//! trawl's integration tests: one binary, one module per topic.

mod behaviour;
mod chunked;
mod determinism;
mod differential;
mod filter_fixtures;
mod filters;
mod fixtures;
mod generated;
mod harness;
mod max_results;
mod null_data;
mod options;
mod pcre2;
mod processes;
mod streaming;
