//! Tests that `--help` tells the truth about defaults and overrides.
//!
//! Every flag's long help ends with a paragraph `Default: ... Overrides: A, B.`, where the
//! overrides are the flags that, given after this one, undo it and that it undoes when
//! given after them: the last one given wins. The first test checks that each flag has
//! that paragraph; the second parses every ordered pair of flags and checks that the
//! `Overrides:` list names exactly the flags clap lets override it, no more and no fewer.
//! The interactions that are not plain overrides (a flag that acts where it stands, or
//! that wins whatever the order) are described in prose, and the last tests check a
//! sample of those sentences against what the parsed arguments say.

use std::collections::BTreeSet;

use clap::parser::ValueSource;
use clap::{Arg, ArgAction, Command, CommandFactory};

use super::Args;

/// The flags whose help the tests read: all but the positional and the hidden ones.
fn flags(command: &Command) -> Vec<Arg> {
    command
        .get_arguments()
        .filter(|arg| !arg.is_positional() && !arg.is_hide_set())
        .cloned()
        .collect()
}

/// The long help of `arg`, or its short help when it has no more than that.
fn long_help(arg: &Arg) -> String {
    arg.get_long_help()
        .or(arg.get_help())
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// The help's last paragraph, the one that states the default and the overrides.
fn last_paragraph(arg: &Arg) -> String {
    let help = long_help(arg);
    help.split("\n\n")
        .last()
        .unwrap_or("")
        .replace('\n', " ")
        .trim()
        .to_string()
}

/// How `arg` is written on a command line, with a value when it takes one.
fn words(arg: &Arg) -> Vec<String> {
    let flag = match (arg.get_long(), arg.get_short()) {
        (Some(long), _) => format!("--{long}"),
        (None, Some(short)) => format!("-{short}"),
        (None, None) => unreachable!("only flags are given"),
    };
    let takes_value = arg.get_num_args().is_some_and(|n| n.takes_values());
    if !takes_value {
        return vec![flag];
    }
    let value = arg
        .get_possible_values()
        .first()
        .map_or_else(|| "1".to_string(), |v| v.get_name().to_string());
    vec![flag, value]
}

/// The clap id of the flag that help text names as `name`: `-z/--search-zip`,
/// `--pre` or `-s`.
fn id_named<'a>(command: &'a Command, name: &str) -> Option<&'a str> {
    let name = name.rsplit('/').next().unwrap_or(name);
    command
        .get_arguments()
        .find(|arg| match name.strip_prefix("--") {
            Some(long) => arg.get_long() == Some(long),
            None => name
                .strip_prefix('-')
                .and_then(|s| s.chars().next())
                .is_some_and(|short| arg.get_short() == Some(short)),
        })
        .map(|arg| arg.get_id().as_str())
}

#[test]
fn every_flag_states_its_default() {
    let command = Args::command();
    let missing: Vec<String> = flags(&command)
        .iter()
        .filter(|arg| !last_paragraph(arg).starts_with("Default: "))
        .map(|arg| arg.get_id().to_string())
        .collect();
    assert!(missing.is_empty(), "no `Default:` paragraph: {missing:?}");
}

#[test]
fn the_overrides_that_help_names_are_the_ones_clap_applies() {
    let mut command = Args::command();
    command.build();
    let all = flags(&command);
    let tested: Vec<&Arg> = all
        .iter()
        .filter(|arg| !matches!(arg.get_action(), ArgAction::Help | ArgAction::Version))
        .collect();
    let mut conflicts = BTreeSet::new();
    let mut wrong = vec![];
    for a in &tested {
        let id = a.get_id().as_str();
        let paragraph = last_paragraph(a);
        let claimed: BTreeSet<String> = match paragraph.split_once("Overrides: ") {
            Some((_, list)) => list
                .trim_end_matches('.')
                .split(", ")
                .map(|name| match id_named(&command, name) {
                    Some(other) => other.to_string(),
                    None => panic!("{id}: its help names {name}, which is no flag"),
                })
                .collect(),
            None => BTreeSet::new(),
        };
        let mut actual = BTreeSet::new();
        for b in &tested {
            if a.get_id() == b.get_id() {
                continue;
            }
            let mut argv = vec!["trawl".to_string()];
            argv.extend(words(a));
            argv.extend(words(b));
            argv.push("pattern".to_string());
            match command.try_get_matches_from_mut(&argv) {
                Ok(matches) => {
                    if matches.value_source(id) != Some(ValueSource::CommandLine) {
                        actual.insert(b.get_id().to_string());
                    }
                }
                Err(err) if err.kind() == clap::error::ErrorKind::ArgumentConflict => {
                    conflicts.insert(argv[1..argv.len() - 1].join(" "));
                }
                Err(err) => panic!("{argv:?}: {err}"),
            }
        }
        if claimed != actual {
            wrong.push(format!(
                "{id}: help says it overrides {claimed:?}, clap overrides {actual:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The one pair that cannot be combined at all, as both their helps say.
    assert_eq!(
        conflicts.into_iter().collect::<Vec<_>>(),
        [
            "--files-from 1 --files-from0 1",
            "--files-from0 1 --files-from 1"
        ]
    );
}

/// The flags of the output modes, which -q, --files and --type-list are ordered against.
const OUTPUT_MODES: [&str; 5] = [
    "-c",
    "--count-matches",
    "-l",
    "--files-without-match",
    "--json",
];

/// The arguments of `trawl ARGV pattern`.
fn parse(argv: &[&str]) -> Args {
    let mut full = vec!["trawl"];
    full.extend_from_slice(argv);
    full.push("pattern");
    Args::try_parse_from_iter(full).unwrap()
}

/// Asserts that the long help of `--long` says `claim`, so that the check after it
/// tests a sentence a user reads.
fn says(long: &str, claim: &str) {
    let command = Args::command();
    let arg = command
        .get_arguments()
        .find(|arg| arg.get_long() == Some(long))
        .unwrap_or_else(|| panic!("no flag --{long}"));
    let help = long_help(arg).replace('\n', " ");
    assert!(help.contains(claim), "--{long} no longer says {claim:?}");
}

#[test]
fn a_context_flag_after_passthru_ends_it() {
    for (long, short) in [
        ("after-context", "-A"),
        ("before-context", "-B"),
        ("context", "-C"),
    ] {
        says(long, "Given after --passthru, it ends --passthru");
        assert!(
            !parse(&["--passthru", short, "1"]).output.passthru,
            "{short}"
        );
        assert!(
            parse(&[short, "1", "--passthru"]).output.passthru,
            "{short}"
        );
    }
    says("passthru", "forgets the context flags given before it");
    let args = parse(&["-A", "3", "--passthru", "-B", "1"]);
    assert_eq!(
        (args.output.after_context, args.output.before_context),
        (None, Some(1))
    );
}

#[test]
fn quiet_wins_over_the_output_modes_whatever_their_order() {
    use crate::printer::OutputMode;
    says(
        "quiet",
        "It wins over -c, --count-matches, -l, --files-without-match and --json, whatever",
    );
    for mode in OUTPUT_MODES {
        for argv in [["-q", mode], [mode, "-q"]] {
            let config = crate::config::Config::from_args(parse(&argv), false).unwrap();
            assert_eq!(config.printer.mode, OutputMode::Quiet, "{argv:?}");
        }
    }
}

#[test]
fn the_last_of_files_type_list_and_the_output_modes_wins() {
    says("files", "Of --files, --type-list and the output modes");
    says("type-list", "Of --type-list, --files and the output modes");
    says(
        "count",
        "Of it, --files and --type-list, the last one given wins",
    );
    for mode in OUTPUT_MODES {
        assert!(parse(&[mode, "--files"]).filter.files, "{mode} --files");
        assert!(!parse(&["--files", mode]).filter.files, "--files {mode}");
        assert!(parse(&[mode, "--type-list"]).filter.type_list, "{mode}");
        assert!(!parse(&["--type-list", mode]).filter.type_list, "{mode}");
    }
    let args = parse(&["--files", "--type-list"]);
    assert!(args.filter.type_list && !args.filter.files);
    let args = parse(&["--type-list", "--files"]);
    assert!(!args.filter.type_list && args.filter.files);
}

#[test]
fn no_ignore_acts_where_it_stands() {
    says(
        "no-ignore",
        "a later --ignore-vcs turns .gitignore files back on",
    );
    let s = parse(&["--no-ignore", "--ignore-vcs"]).switches;
    assert!(!s.no_ignore_vcs && s.no_ignore_dot);
    says("unrestricted", "`-uu --no-hidden` skips hidden files again");
    assert!(!parse(&["-uu", "--no-hidden"]).switches.hidden);
    assert!(parse(&["--no-hidden", "-uu"]).switches.hidden);
}

#[test]
fn pretty_is_undone_part_by_part() {
    says("pretty", "`-p -N` prints no line numbers");
    let args = parse(&["-p", "-N"]);
    assert!(args.output.no_line_number && !args.output.line_number && args.output.heading);
}

#[test]
fn crlf_and_null_data_override_each_other_as_in_rg() {
    // Found by checking each flag's help against rg 15.2: rg's says that --crlf and
    // --null-data override each other, and `trawl --crlf --null-data 'foo$'` kept both,
    // ending records at NUL bytes and at line ends at once.
    says("crlf", "Overrides: --no-crlf, --null-data.");
    let args = parse(&["--crlf", "--null-data"]);
    assert!(args.search.null_data && !args.search.crlf);
    let args = parse(&["--null-data", "--crlf"]);
    assert!(args.search.crlf && !args.search.null_data);
}
