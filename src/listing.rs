//! Runs that list instead of searching: `--files` and `--type-list`.
//!
//! Both print exactly what ripgrep 15 prints. `--files` lists the haystacks the walker
//! yields, in the walker's order, so it shows precisely what a search would search, in
//! the order its results would print. The walk runs on the pipeline's pool, with as many
//! workers as a search would have.

use std::io::{self, Write};
use std::process::ExitCode;

use ignore::types::Types;

use std::os::unix::ffi::OsStrExt;

use crate::config::{Config, Listing};
use crate::pipeline::Outcome;
use crate::pipeline::files::walk_in_order;
use crate::printer::Printer;
use crate::walk::{EXT_TYPE, Haystack, Walker};

/// What listing files found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Listed {
    /// Blocks of file lines printed (the consecutive files of one listing are one
    /// block): whether any were is what the exit code needs.
    pub files: u64,
    /// Errors reported on stderr.
    pub errors: u64,
    /// stdout was closed by its reader; the listing stopped early.
    pub broken_pipe: bool,
}

/// Runs a listing mode and returns the exit code: 0 when something was listed, 1 when
/// nothing was, 2 after an error (a closed stdout is a quiet 0).
pub fn run(config: &Config) -> anyhow::Result<ExitCode> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let listed = match config.listing {
        Listing::Search => anyhow::bail!("searching is not a listing mode"),
        Listing::Files => {
            let walker = Walker::new(config.roots.clone(), config.walk.clone())?;
            let style = FileListStyle {
                printer: Some(Printer::new(config.printer.clone())),
                null: config.printer.null,
                messages: config.messages,
                line_buffered: config.line_buffered,
                quiet: config.printer.mode == crate::printer::OutputMode::Quiet,
            };
            list_files(&walker, config.threads, &mut out, style)
        }
        Listing::TypeList => {
            let types = config.walk.types.clone().unwrap_or_else(Types::empty);
            list_types(&types, &mut out)
        }
    };
    let quiet = config.printer.mode == crate::printer::OutputMode::Quiet;
    // As a search does, -q with something found succeeds whatever else went wrong.
    Ok(if listed.broken_pipe || (quiet && listed.files > 0) {
        ExitCode::SUCCESS
    } else if listed.errors > 0 {
        ExitCode::from(2)
    } else if listed.files > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// How `--files` writes its list.
#[derive(Clone, Debug, Default)]
pub struct FileListStyle {
    /// How each path is written: colors, hyperlinks and `--path-separator`, as in rg;
    /// as it is without.
    pub printer: Option<Printer>,
    /// End each path with a NUL instead of a newline (`-0`).
    pub null: bool,
    /// Print walk errors on stderr; without, they only count (`--no-messages`).
    pub messages: bool,
    /// Flush after each path (`--line-buffered`, or a terminal).
    pub line_buffered: bool,
    /// Print nothing (`-q`): only the exit code says whether a file was found, as in rg.
    pub quiet: bool,
}

/// `--files`: writes each file `walker` yields to `out`, ended as `style` says, walking
/// with `workers` threads. Walk errors go to stderr in their place, one line each, and
/// count either way.
pub fn list_files(
    walker: &Walker,
    workers: usize,
    out: &mut impl Write,
    style: FileListStyle,
) -> Listed {
    let terminator = if style.null { b'\0' } else { b'\n' };
    let render = |haystack: &Haystack| {
        let name: &[u8] = match haystack {
            Haystack::File { path, .. } => path.as_os_str().as_bytes(),
            Haystack::Stdin => b"<stdin>",
            Haystack::Error(_) => unreachable!("walk errors are not files"),
        };
        let mut line = Vec::with_capacity(name.len() + 1);
        match &style.printer {
            Some(printer) => printer.push_linked_path(&mut line, name),
            None => line.extend_from_slice(name),
        }
        line.push(terminator);
        line
    };
    let mut listed = Listed::default();
    let mut write_error = None;
    let mut sink = |outcome: Outcome| {
        for error in &outcome.errors {
            if style.messages {
                // Keep stdout and stderr in order for a reader that sees both.
                if let Err(err) = out.flush() {
                    write_error = Some(err);
                    return false;
                }
                crate::printer::escape::eprint_message(error);
            }
            listed.errors += 1;
        }
        if outcome.output.is_empty() {
            return true;
        }
        if style.quiet {
            listed.files += 1;
            return true;
        }
        let written = out.write_all(&outcome.output).and_then(|()| {
            if style.line_buffered {
                out.flush()?;
            }
            Ok(())
        });
        match written {
            Ok(()) => {
                listed.files += 1;
                true
            }
            Err(err) => {
                write_error = Some(err);
                false
            }
        }
    };
    walk_in_order(walker, workers, &render, &mut sink);
    let result = match write_error {
        Some(err) => Err(err),
        None => out.flush(),
    };
    finish(listed, result)
}

/// `--type-list`: writes `name: glob, glob` for every type, sorted by name, with each
/// type's globs sorted. `-O`'s own type is not a type the user can name, so it is left
/// out. `files` counts the types printed.
pub fn list_types(types: &Types, out: &mut impl Write) -> Listed {
    let mut listed = Listed::default();
    let mut write = || -> io::Result<()> {
        for def in types.definitions() {
            if def.name() == EXT_TYPE {
                continue;
            }
            write!(out, "{}: {}", def.name(), def.globs().join(", "))?;
            out.write_all(b"\n")?;
            listed.files += 1;
        }
        out.flush()
    };
    let result = write();
    finish(listed, result)
}

/// Folds a write result into `listed`: a broken pipe is a quiet stop, any other write
/// error is reported.
fn finish(mut listed: Listed, result: io::Result<()>) -> Listed {
    match result {
        Ok(()) => {}
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => listed.broken_pipe = true,
        Err(err) => {
            eprintln!("trawl: stdout: {err}");
            listed.errors += 1;
        }
    }
    listed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::walk::{Root, WalkOptions};

    #[test]
    fn files_end_with_newline_or_nul() {
        let dir = std::env::temp_dir();
        let roots = vec![Root::Path(dir.join("no-such-trawl-file")), Root::Stdin];
        let walker = Walker::new(roots, WalkOptions::default()).unwrap();
        let mut out = vec![];
        let style = FileListStyle {
            null: true,
            ..FileListStyle::default()
        };
        let listed = list_files(&walker, 2, &mut out, style);
        assert_eq!(out, b"<stdin>\0");
        assert_eq!((listed.files, listed.errors), (1, 1));
    }

    #[test]
    fn type_list_skips_the_ext_type() {
        let mut builder = ignore::types::TypesBuilder::new();
        builder.add("zz", "*.b").unwrap();
        builder.add("zz", "*.a").unwrap();
        builder.add(EXT_TYPE, "*.c").unwrap();
        let mut out = vec![];
        let listed = list_types(&builder.build().unwrap(), &mut out);
        assert_eq!(out, b"zz: *.a, *.b\n");
        assert_eq!(listed.files, 1);
    }
}
