//! Converts the filter arguments into the walker's options.

use std::ffi::OsString;
use std::path::PathBuf;

use anyhow::bail;

use crate::cli::FilterArgs;
use crate::listing::Listing;
use crate::walk::{Root, WalkOptions};

/// The roots to search, in order: the paths named, or else stdin or the current directory.
/// `stdin_searchable` says whether stdin is a file, FIFO or socket.
pub fn roots(
    paths: Vec<OsString>,
    _args: &FilterArgs,
    stdin_searchable: bool,
) -> anyhow::Result<Vec<Root>> {
    if paths.is_empty() {
        return Ok(vec![if stdin_searchable {
            Root::Stdin
        } else {
            Root::CurrentDir
        }]);
    }
    Ok(paths
        .into_iter()
        .map(|p| {
            if p == "-" {
                Root::Stdin
            } else {
                Root::Path(PathBuf::from(p))
            }
        })
        .collect())
}

/// Whether the run searches, or only lists.
pub fn listing(_args: &FilterArgs) -> Listing {
    Listing::Search
}

/// Validates the filter flags.
pub fn walk_options(args: &FilterArgs) -> anyhow::Result<WalkOptions> {
    let extensions = args
        .ext
        .iter()
        .map(|e| e.trim().trim_start_matches('.').to_string())
        .filter(|e| !e.is_empty())
        .collect::<Vec<_>>();
    if !args.ext.is_empty() && extensions.is_empty() {
        bail!("-O/--ext: no extension given");
    }
    Ok(WalkOptions {
        sort: Default::default(),
        sort_reverse: false,
        hidden: args.hidden,
        no_ignore: args.no_ignore,
        extensions,
    })
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use crate::cli::Args;

    fn options(argv: &[&str]) -> anyhow::Result<crate::walk::WalkOptions> {
        let mut full = vec!["trawl"];
        full.extend_from_slice(argv);
        super::walk_options(&Args::try_parse_from(full)?.filter)
    }

    #[test]
    fn ext_takes_repeats_and_comma_lists() {
        let o = options(&["-O", "c,h", "--ext", ".rs", "x"]).unwrap();
        assert_eq!(o.extensions, vec!["c", "h", "rs"]);
        assert!(options(&["-O", ",", "x"]).is_err());
    }
}
