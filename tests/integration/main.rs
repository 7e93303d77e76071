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
mod options;
mod processes;
mod reliability;
mod search_model;
mod search_props;
mod sigbus;
mod streaming;
mod terminal;
