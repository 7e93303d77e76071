//! Converts the output flags into the printer's layout and the searcher's selection rules.

use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;

use anyhow::{Context, bail};

use crate::cli::Args;
use crate::cli::filter::BinarySwitch;
use crate::printer::hyperlink::{self, Hyperlinks};
use crate::printer::{Colors, OutputMode, PrinterConfig};
use crate::search::preprocess::Preprocess;
use crate::search::{BinaryMode, Encoding, SearchOptions};

/// The printer's layout. trawl's default is ripgrep's `--vimgrep`; `--no-column` anywhere
/// switches to ripgrep's standard printer with `-n -H --no-heading` (docs/ARCHITECTURE.md, "Output"),
/// unless `--vimgrep` comes after it. Later flags then override those defaults, as they
/// would after them on rg's command line.
pub fn printer_config(args: &Args) -> anyhow::Result<PrinterConfig> {
    let standard = args.output.no_column && !args.vimgrep_last;
    let mut c = if standard {
        PrinterConfig::standard()
    } else {
        PrinterConfig::vimgrep()
    };
    // In the vimgrep layout the column is always on: only a --column can follow the
    // --vimgrep that brought it back, as a later --no-column would switch layouts again.
    if standard && let Some(column) = args.column_last {
        c.column = column;
    }
    c.mode = if args.output.quiet {
        OutputMode::Quiet
    } else if args.modes.count || args.modes.count_matches {
        OutputMode::Count {
            // rg's --help: -c with -o counts matches, as --count-matches does.
            matches: args.modes.count_matches || args.output.only_matching,
            include_zero: args.output.include_zero,
        }
    } else if args.modes.files_with_matches {
        OutputMode::FilesWithMatches
    } else if args.modes.files_without_match {
        OutputMode::FilesWithoutMatch
    } else if args.modes.json {
        OutputMode::Json
    } else {
        OutputMode::Lines
    };
    c.only_matching = args.output.only_matching;
    if args.output.no_line_number {
        c.line_number = false;
    }
    if args.output.no_filename {
        c.with_filename = false;
    }
    c.heading = args.output.heading;
    c.null = args.output.null;
    c.null_data = args.search.null_data;
    c.byte_offset = args.output.byte_offset;
    c.trim = args.output.trim;
    c.max_columns = args.output.max_columns.filter(|&n| n > 0);
    c.max_columns_preview = args.output.max_columns_preview;
    if let Some(sep) = &args.output.path_separator {
        match sep.as_bytes() {
            [byte] => c.path_separator = Some(*byte),
            _ => bail!(
                "--path-separator {}: the separator must be exactly one byte",
                sep.display()
            ),
        }
    }
    if let Some(sep) = &args.output.field_match_separator {
        c.field_match_separator = unescape(sep);
    }
    if let Some(sep) = &args.output.field_context_separator {
        c.field_context_separator = unescape(sep);
    }
    if args.output.no_context_separator {
        c.context_separator = None;
    } else if let Some(sep) = &args.output.context_separator {
        c.context_separator = Some(unescape(sep));
    }
    let (before, after) = context(args);
    c.passthru = args.output.passthru;
    c.context = before > 0 || after > 0 || args.output.passthru;
    let colored = match args.output.color.as_deref() {
        None | Some("auto") => {
            std::io::IsTerminal::is_terminal(&std::io::stdout())
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        }
        Some("never") => false,
        Some("always") | Some("ansi") => true,
        Some(other) => bail!("--color {other}: expected never, auto, always or ansi"),
    };
    let mut colors = Colors::default();
    for spec in &args.output.colors {
        colors
            .apply(spec)
            .map_err(|err| anyhow::anyhow!("--colors {spec}: {err}"))?;
    }
    c.colors = colored.then_some(colors);
    c.crlf = args.search.crlf;
    c.match_granularity = c.per_match
        || c.only_matching
        || c.column
        || args.output.replace.is_some()
        || args.logging.stats
        || c.colors
            .as_ref()
            .is_some_and(|colors| !colors.matched.is_none());
    // A name can hold escape sequences that a terminal would obey (issue 12).
    c.escape_paths = std::io::IsTerminal::is_terminal(&std::io::stdout());
    if let Some(format) = &args.output.hyperlink_format {
        let host = || hyperlink::host_name(args.output.hostname_bin.as_deref());
        let links = Hyperlinks::parse(format, host)
            .map_err(|err| anyhow::anyhow!("--hyperlink-format {format}: {err}"))?;
        // Links are escape codes like colors, and come only with them, as in rg; and
        // not with --path-separator, whose paths are no longer the file's.
        c.hyperlinks = links.filter(|_| colored && c.path_separator.is_none());
    }
    Ok(c)
}

/// The searcher's selection and context rules.
pub fn search_options(args: &Args) -> anyhow::Result<SearchOptions> {
    let (before, after) = context(args);
    Ok(SearchOptions {
        invert: args.search.invert_match,
        max_count: args.search.max_count,
        before,
        after,
        passthru: args.output.passthru,
        // -a, --binary, their negations and -uuu, resolved in command-line order. Under
        // --null-data a NUL ends a line, so it marks nothing binary, as in rg.
        binary: match args.switches.binary {
            _ if args.search.null_data => BinaryMode::Text,
            BinarySwitch::Auto => BinaryMode::Auto,
            BinarySwitch::Text => BinaryMode::Text,
            BinarySwitch::Search => BinaryMode::Search,
        },
        // Config decides this from the paths, as rg decides to memory-map.
        keep_nuls: false,
        preprocess: preprocess(args)?,
        preprocess_timeout: args
            .input
            .pre_timeout
            .filter(|&s| s > 0)
            .map(std::time::Duration::from_secs),
        replacement: args.output.replace.as_ref().map(|r| r.as_bytes().to_vec()),
        encoding: encoding(args.search.encoding.as_deref())?,
        multiline: args.search.multiline,
        stop_on_nonmatch: args.search.stop_on_nonmatch,
        null_data: args.search.null_data,
    })
}

/// `-z`, or `--pre` with its `--pre-glob`s; the last of -z and --pre given wins.
fn preprocess(args: &Args) -> anyhow::Result<Preprocess> {
    if args.input.search_zip {
        return Ok(Preprocess::Decompress);
    }
    let Some(program) = args.input.pre.clone() else {
        return Ok(Preprocess::None);
    };
    let globs = if args.input.pre_glob.is_empty() {
        None
    } else {
        let mut builder = ignore::overrides::OverrideBuilder::new("./");
        for glob in &args.input.pre_glob {
            builder
                .add(glob)
                .with_context(|| format!("--pre-glob {glob}"))?;
        }
        Some(builder.build().context("--pre-glob")?)
    };
    Ok(Preprocess::Command { program, globs })
}

/// `-E`: `none`, `auto`, or a WHATWG encoding label.
fn encoding(label: Option<&str>) -> anyhow::Result<Encoding> {
    Ok(match label {
        None | Some("auto") => Encoding::Auto,
        Some("none") => Encoding::None,
        Some(label) => match encoding_rs::Encoding::for_label(label.as_bytes()) {
            Some(encoding) => Encoding::Label(encoding),
            None => {
                bail!("-E {label}: unknown encoding; use a WHATWG label such as utf-16le, or none")
            }
        },
    })
}

/// (before, after) context lines: -A and -B win over -C, whatever their order.
fn context(args: &Args) -> (usize, usize) {
    let both = args.output.context.unwrap_or(0);
    (
        args.output.before_context.unwrap_or(both),
        args.output.after_context.unwrap_or(both),
    )
}

/// Expands `\t`, `\n`, `\\`, `\0` and `\xHH` in a separator, as ripgrep does.
fn unescape(raw: &OsString) -> Vec<u8> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && i + 1 < bytes.len() {
            let (byte, used) = match bytes[i + 1] {
                b't' => (b'\t', 2),
                b'n' => (b'\n', 2),
                b'r' => (b'\r', 2),
                b'0' => (0, 2),
                b'\\' => (b'\\', 2),
                b'x' if i + 4 <= bytes.len() => {
                    match std::str::from_utf8(&bytes[i + 2..i + 4])
                        .ok()
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                    {
                        Some(b) => (b, 4),
                        None => (b'\\', 1),
                    }
                }
                _ => (b'\\', 1),
            };
            out.push(byte);
            i += used;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(argv: &[&str]) -> Args {
        let mut full = vec!["trawl"];
        full.extend_from_slice(argv);
        Args::try_parse_from_iter(full).unwrap()
    }

    #[test]
    fn separators_are_unescaped() {
        assert_eq!(unescape(&"a\\tb\\x41\\\\".into()), b"a\tbA\\");
        assert_eq!(unescape(&"\\q".into()), b"\\q");
    }

    #[test]
    fn a_and_b_win_over_c() {
        assert_eq!(context(&args(&["-C", "3", "-A", "1", "x"])), (3, 1));
        assert_eq!(context(&args(&["-B", "2", "-C", "5", "x"])), (2, 5));
    }

    #[test]
    fn output_modes_last_one_wins() {
        let c = printer_config(&args(&["-l", "-c", "x"])).unwrap();
        assert!(matches!(c.mode, OutputMode::Count { matches: false, .. }));
        let c = printer_config(&args(&["-c", "-l", "x"])).unwrap();
        assert_eq!(c.mode, OutputMode::FilesWithMatches);
        let c = printer_config(&args(&["-q", "-c", "x"])).unwrap();
        assert_eq!(c.mode, OutputMode::Quiet);
    }

    #[test]
    fn no_column_switches_layout_and_column_can_come_back() {
        let c = printer_config(&args(&["x"])).unwrap();
        assert!(c.per_match && c.column);
        let c = printer_config(&args(&["--no-column", "x"])).unwrap();
        assert!(!c.per_match && !c.column);
        let c = printer_config(&args(&["--no-column", "--column", "x"])).unwrap();
        assert!(!c.per_match && c.column);
        let c = printer_config(&args(&["--no-column", "--vimgrep", "x"])).unwrap();
        assert!(c.per_match && c.column);
        let c = printer_config(&args(&["--vimgrep", "--no-column", "x"])).unwrap();
        assert!(!c.per_match && !c.column);
    }

    #[test]
    fn encodings_are_labels_none_or_auto() {
        assert!(matches!(encoding(None).unwrap(), Encoding::Auto));
        assert!(matches!(encoding(Some("none")).unwrap(), Encoding::None));
        assert!(matches!(
            encoding(Some("latin1")).unwrap(),
            Encoding::Label(_)
        ));
        assert!(encoding(Some("bogus")).is_err());
    }

    #[test]
    fn bad_separators_and_colors_are_errors() {
        assert!(printer_config(&args(&["--path-separator", "ab", "x"])).is_err());
        assert!(printer_config(&args(&["--color", "sometimes", "x"])).is_err());
        assert!(printer_config(&args(&["--colors", "bogus:fg:red", "x"])).is_err());
        let c = printer_config(&args(&["--color", "always", "x"])).unwrap();
        assert!(c.colors.is_some());
        let c = printer_config(&args(&["--color", "never", "x"])).unwrap();
        assert!(c.colors.is_none());
    }
}
