//! trawl's integration tests: one binary, one module per topic.

mod behaviour;
mod chunked;
mod compat;
mod determinism;
mod differential;
mod filter_fixtures;
mod filters;
mod fixtures;
mod fuzz;
mod generated;
mod harness;
mod max_results;
mod null_data;
mod options;
mod oracle;
mod pcre2;
mod processes;
mod readme;
mod reliability;
mod search_model;
mod search_props;
mod sigbus;
mod streaming;
mod terminal;
mod walk_props;
mod walk_shapes;
