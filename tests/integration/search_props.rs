//! Property tests of the searcher on small inputs (the fuzz target's logic, in
//! `search_model`): the sequential reader agrees with a naive reference, and a chunked
//! search of one buffer agrees with the sequential one for any chunk boundaries.

use proptest::prelude::*;

use crate::search_model::{check, haystack, options, pattern};

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn the_searcher_agrees_with_the_reference_and_chunks_change_nothing(
        hay in proptest::collection::vec(any::<u8>(), 0..300),
        pat in proptest::collection::vec(any::<u8>(), 0..12),
        chunk in 1u64..64,
        opts in any::<u8>(),
    ) {
        let hay = haystack(&hay);
        let pattern = pattern(&pat);
        if let Err(diff) = check(&pattern, &hay, chunk, &options(opts)) {
            prop_assert!(false, "{}", diff);
        }
    }
}
