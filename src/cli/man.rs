//! The man page: what clap_mangen generates from the argument definitions (NAME, SYNOPSIS,
//! DESCRIPTION, OPTIONS), with each `--help` heading as a subsection of OPTIONS, followed by
//! the sections that clap knows nothing of (EXIT STATUS, ENVIRONMENT, EXAMPLES, SEE ALSO).
//!
//! The examples are the README's Usage examples, word for word: a test runs the README's
//! and checks that these are the same, so neither can rot.

use std::io::{self, Write};

/// The man page's examples: a command and what it does. They are the commands of the
/// README's Usage section, in its order, with its comments.
pub const EXAMPLES: &[(&str, &str)] = &[
    ("trawl PM_RESUME", "search the current directory"),
    (
        "trawl -O c,h PM_RESUME drivers",
        "only *.c and *.h files under drivers/",
    ),
    (
        "trawl -i -w 'resume' kernel/power",
        "case-insensitive, whole words",
    ),
    (
        "trawl -e foo -e 'ba[rz]' src tests",
        "several patterns: a line matches if any does",
    ),
    ("trawl -F 'a.b(c)' .", "a literal string, not a regex"),
    (
        "trawl --no-column -C 2 TODO",
        "one line per matching line, with context",
    ),
    (
        "trawl --max-results 10 unwrap",
        "exactly the first 10 results, in order",
    ),
    ("git diff | trawl '^\\+.*unwrap' -", "search stdin"),
    (
        "trawl --mode processes -j 4 --stats needle",
        "worker processes, and what each did",
    ),
];

/// Writes the man page of `command`, trawl's argument definitions.
pub fn render(command: clap::Command, out: &mut dyn Write) -> io::Result<()> {
    let headings: Vec<String> = command
        .get_arguments()
        .filter(|arg| !arg.is_hide_set())
        .filter_map(|arg| arg.get_help_heading().map(str::to_string))
        .collect();
    let mut generated = Vec::new();
    clap_mangen::Man::new(command).render(&mut generated)?;
    let generated = String::from_utf8_lossy(&generated);
    let mut page = String::new();
    for line in generated.lines() {
        if line == ".SH VERSION" {
            // The version is in the title line; the section would repeat it.
            break;
        }
        if line == ".SH OPTIONS" {
            page.push_str(DESCRIPTION_MORE);
        }
        let heading = line.strip_prefix(".SH ").and_then(|title| {
            let title = title.trim_matches('"');
            headings.iter().find(|h| h.to_uppercase() == title)
        });
        match heading {
            // clap_mangen makes each help heading a section; here they are parts of one.
            Some(heading) => page.push_str(&format!(".SS \"{heading}\"")),
            // clap_mangen's NAME repeats the name that the one-line description starts with.
            _ => page.push_str(&line.replacen("trawl \\- trawl: ", "trawl \\- ", 1)),
        }
        page.push('\n');
    }
    page.push_str(EXIT_STATUS);
    page.push_str(ENVIRONMENT);
    page.push_str(".SH EXAMPLES\n");
    for (command, what) in EXAMPLES {
        page.push_str(&format!(
            ".TP\n\\fB{}\\fR\n{}\n",
            escape(command),
            escape(&capitalized(what))
        ));
    }
    page.push_str(SEE_ALSO);
    out.write_all(page.as_bytes())
}

/// `text` with its first letter in upper case, as a sentence starts.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect::<String>() + "."
    })
}

/// `text` as roff prints it literally: backslashes and dashes escaped, and apostrophes as
/// clap_mangen's `Aq` string, which its preamble defines.
fn escape(text: &str) -> String {
    text.replace('\\', "\\e")
        .replace('-', "\\-")
        .replace('\'', "\\*(Aq")
}

const DESCRIPTION_MORE: &str = r#".PP
The output is byte for byte what ripgrep 15 prints: \fBtrawl ARGS\fR prints what
\fBrg \-\-sort path \-\-vimgrep ARGS\fR prints, and \fBtrawl \-\-no\-column ARGS\fR what
\fBrg \-\-sort path \-n \-H \-\-no\-heading ARGS\fR prints. Every flag that ripgrep also
has follows that rule.
.PP
The walk respects .gitignore (inside a git repository), .ignore and .rgignore files, and
skips hidden files and binary files. A file with a NUL byte is binary: found by the walk,
it is skipped silently; named on the command line, it is searched, and a match prints one
line, \fIpath\fR: binary file matches (found "\e0" byte around offset \fIN\fR).
.PP
Standard input is searched when PATH is \fB\-\fR, or when no PATH is given and standard
input is a file, a pipe or a socket.
.PP
Of a flag and its negation (\fB\-\-crlf\fR and \fB\-\-no\-crlf\fR), the last one given
wins, so the command line can undo what the configuration file set.
"#;

const EXIT_STATUS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
Something matched.
.TP
\fB1\fR
Nothing matched.
.TP
\fB2\fR
An error happened, even if something matched: a file could not be read, or an argument
was wrong. With \fB\-q\fR, a match still exits 0.
.PP
A closed standard output, as in \fBtrawl x | head \-1\fR, ends the run quietly with exit
status 0. Errors are printed on standard error, one line each, as
\fBtrawl: \fIpath or argument\fB: \fIreason\fR, and the search goes on.
"#;

const ENVIRONMENT: &str = r#".SH ENVIRONMENT
.TP
\fBTRAWL_CONFIG_PATH\fR
A file of default arguments, one per line, put before the command line's; blank lines and
lines that start with \fB#\fR are skipped. \fB\-\-no\-config\fR ignores it.
.TP
\fBNO_COLOR\fR
When set and not empty, \fB\-\-color auto\fR (the default) prints no color.
.TP
\fBTERM\fR
When it is \fBdumb\fR, \fB\-\-color auto\fR prints no color.
.TP
\fBPATH\fR
Where \fB\-z\fR finds its decompressors (gzip, bzip2, xz, lz4, brotli, zstd, uncompress).
.TP
\fBWSL_DISTRO_NAME\fR
The \fB{wslprefix}\fR of \fB\-\-hyperlink\-format\fR.
"#;

const SEE_ALSO: &str = r#".SH "SEE ALSO"
\fBrg\fR(1), \fBgrep\fR(1), \fBgitignore\fR(5)
.PP
The regular expression syntax is the Rust regex crate's, as ripgrep's default engine has
it: https://docs.rs/regex/latest/regex/#syntax
.PP
The README (README.md) says where trawl differs from ripgrep, and docs/ARCHITECTURE.md how
it works inside.
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_has_its_sections_in_order_and_groups_under_options() {
        let mut out = Vec::new();
        render(
            <crate::cli::Args as clap::CommandFactory>::command(),
            &mut out,
        )
        .unwrap();
        let page = String::from_utf8(out).unwrap();
        let sections: Vec<&str> = page
            .lines()
            .filter_map(|line| line.strip_prefix(".SH "))
            .collect();
        assert_eq!(
            sections,
            [
                "NAME",
                "SYNOPSIS",
                "DESCRIPTION",
                "OPTIONS",
                "\"EXIT STATUS\"",
                "ENVIRONMENT",
                "EXAMPLES",
                "\"SEE ALSO\""
            ]
        );
        assert!(
            page.contains(".SS \"Search options\"\n"),
            "headings are subsections"
        );
        assert!(page.contains("\ntrawl \\- a parallel"), "NAME says it once");
    }

    #[test]
    fn examples_escape_what_roff_would_eat() {
        assert_eq!(escape("-e 'a\\+'"), "\\-e \\*(Aqa\\e+\\*(Aq");
        assert_eq!(capitalized("search stdin"), "Search stdin.");
    }
}
