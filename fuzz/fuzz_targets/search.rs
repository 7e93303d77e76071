//! Fuzzes the searcher: arbitrary bytes become a haystack and a pattern of a small
//! grammar, and the sequential reader is checked against a naive reference, and the
//! chunked search against the sequential reader (see `search_model`, shared with the
//! property tests in `cargo test`). Run: `cargo +nightly fuzz run search`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/integration/search_model.rs"]
mod search_model;

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let (head, rest) = data.split_at(3);
    let pattern_len = usize::from(head[2] % 13).min(rest.len());
    let (pattern, hay) = rest.split_at(pattern_len);
    let chunk = u64::from(head[1]) + 1;
    let pattern = search_model::pattern(pattern);
    let hay = search_model::haystack(hay);
    if let Err(diff) = search_model::check(&pattern, &hay, chunk, &search_model::options(head[0])) {
        panic!("{diff}");
    }
});
