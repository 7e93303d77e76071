//! Settings that several flags write, resolved as ripgrep resolves them: by applying the
//! flags in command-line order.
//!
//! Most flags set one thing, and clap's `overrides_with` lets the last of a flag and its
//! negation win. A few set several things at once: `--no-ignore` turns off all five kinds
//! of ignore file, and `-u`, `-uu` and `-uuu` act as `--no-ignore`, `--hidden` and
//! `--binary` where each `u` stands. A later flag may then undo one part only:
//! `--no-ignore --ignore-vcs` respects `.gitignore` files but not `.ignore` files, and
//! `-uu --no-hidden` skips hidden files again. No per-flag override expresses that, so
//! [`Switches`] replays the flags by their positions.
//!
//! Invariant: the result depends only on the flags' order, never on which struct a flag
//! is declared in; `Switches` reads every flag it needs from the whole command's matches.
//! clap's derive takes each field's values out of the matches as it builds that field,
//! so `Switches` must be the first field of [`super::Args`], read before any other.

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, FromArgMatches};

/// How binary files are treated, as `-a`, `--binary`, their negations and `-uuu` left it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BinarySwitch {
    /// The default rule: walked binary files are skipped.
    #[default]
    Auto,
    /// `-a`: no binary detection.
    Text,
    /// `--binary` or `-uuu`: walked binary files are searched too.
    Search,
}

/// The settings several flags write, after replaying those flags in order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Switches {
    /// Don't respect `.ignore` and `.rgignore` files.
    pub no_ignore_dot: bool,
    /// Don't respect `.gitignore`, git's exclude and global ignore files.
    pub no_ignore_vcs: bool,
    /// Don't respect ignore files in parent directories.
    pub no_ignore_parent: bool,
    /// Don't respect git's global ignore file.
    pub no_ignore_global: bool,
    /// Don't respect `.git/info/exclude`.
    pub no_ignore_exclude: bool,
    /// Search hidden files.
    pub hidden: bool,
    /// How binary files are treated.
    pub binary: BinarySwitch,
}

/// What one flag does to the switches.
#[derive(Clone, Copy, Debug)]
enum Effect {
    /// `--no-ignore` (true) or `--ignore` (false): all five ignore switches.
    AllIgnore(bool),
    Dot(bool),
    Vcs(bool),
    Parent(bool),
    Global(bool),
    Exclude(bool),
    Hidden(bool),
    Binary(BinarySwitch),
    /// One `-u`: its effect depends on how many came before it.
    Unrestricted,
}

/// The clap ids of the flags that write switches, and what each does.
const FLAGS: [(&str, Effect); 19] = [
    ("no_ignore", Effect::AllIgnore(true)),
    ("ignore", Effect::AllIgnore(false)),
    ("no_ignore_dot", Effect::Dot(true)),
    ("ignore_dot", Effect::Dot(false)),
    ("no_ignore_vcs", Effect::Vcs(true)),
    ("ignore_vcs", Effect::Vcs(false)),
    ("no_ignore_parent", Effect::Parent(true)),
    ("ignore_parent", Effect::Parent(false)),
    ("no_ignore_global", Effect::Global(true)),
    ("ignore_global", Effect::Global(false)),
    ("no_ignore_exclude", Effect::Exclude(true)),
    ("ignore_exclude", Effect::Exclude(false)),
    ("hidden", Effect::Hidden(true)),
    ("no_hidden", Effect::Hidden(false)),
    ("text", Effect::Binary(BinarySwitch::Text)),
    ("no_text", Effect::Binary(BinarySwitch::Auto)),
    ("binary", Effect::Binary(BinarySwitch::Search)),
    ("no_binary", Effect::Binary(BinarySwitch::Auto)),
    ("unrestricted", Effect::Unrestricted),
];

impl Switches {
    fn apply(&mut self, effect: Effect, unrestricted_seen: &mut u32) {
        match effect {
            Effect::AllIgnore(off) => {
                self.no_ignore_dot = off;
                self.no_ignore_vcs = off;
                self.no_ignore_parent = off;
                self.no_ignore_global = off;
                self.no_ignore_exclude = off;
            }
            Effect::Dot(off) => self.no_ignore_dot = off,
            Effect::Vcs(off) => self.no_ignore_vcs = off,
            Effect::Parent(off) => self.no_ignore_parent = off,
            Effect::Global(off) => self.no_ignore_global = off,
            Effect::Exclude(off) => self.no_ignore_exclude = off,
            Effect::Hidden(on) => self.hidden = on,
            Effect::Binary(mode) => self.binary = mode,
            Effect::Unrestricted => {
                *unrestricted_seen += 1;
                // A fourth -u is a configuration error, reported when the Config is built.
                match *unrestricted_seen {
                    1 => self.apply(Effect::AllIgnore(true), unrestricted_seen),
                    2 => self.hidden = true,
                    3 => self.binary = BinarySwitch::Search,
                    _ => {}
                }
            }
        }
    }
}

impl FromArgMatches for Switches {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut given: Vec<(usize, Effect)> = vec![];
        for (id, effect) in FLAGS {
            // A flag's default value has a position too; only a flag that was given counts.
            if matches.value_source(id) != Some(ValueSource::CommandLine) {
                continue;
            }
            if let Some(indices) = matches.indices_of(id) {
                given.extend(indices.map(|index| (index, effect)));
            }
        }
        given.sort_by_key(|(index, _)| *index);
        let mut switches = Switches::default();
        let mut unrestricted_seen = 0;
        for (_, effect) in given {
            switches.apply(effect, &mut unrestricted_seen);
        }
        Ok(switches)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Args for Switches {
    /// Adds nothing: the flags are declared where their help belongs, and read from there.
    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        cmd
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Args;

    fn switches(argv: &[&str]) -> Switches {
        let mut full = vec!["trawl"];
        full.extend_from_slice(argv);
        full.push("pattern");
        Args::try_parse_from_iter(full).unwrap().switches
    }

    #[test]
    fn no_ignore_sets_five_switches_that_later_flags_undo_one_by_one() {
        let s = switches(&["--no-ignore"]);
        assert!(s.no_ignore_dot && s.no_ignore_vcs && s.no_ignore_parent);
        assert!(s.no_ignore_global && s.no_ignore_exclude);
        let s = switches(&["--no-ignore", "--ignore-vcs"]);
        assert!(!s.no_ignore_vcs && s.no_ignore_dot);
        let s = switches(&["--ignore-vcs", "--no-ignore"]);
        assert!(s.no_ignore_vcs);
        let s = switches(&["--no-ignore-vcs", "--ignore"]);
        assert_eq!(s, Switches::default());
        let s = switches(&["--no-ignore", "--ignore", "--no-ignore-dot"]);
        assert!(s.no_ignore_dot && !s.no_ignore_vcs);
    }

    #[test]
    fn each_u_acts_where_it_stands() {
        let s = switches(&["-uu", "--no-hidden"]);
        assert!(s.no_ignore_vcs && !s.hidden);
        let s = switches(&["--no-hidden", "-uu"]);
        assert!(s.hidden);
        let s = switches(&["-u", "--ignore", "-u"]);
        assert!(!s.no_ignore_dot && s.hidden);
        assert_eq!(
            switches(&["-uuu", "--no-binary"]).binary,
            BinarySwitch::Auto
        );
        assert_eq!(switches(&["-a", "-uuu"]).binary, BinarySwitch::Search);
        assert_eq!(switches(&["-uuu", "-a"]).binary, BinarySwitch::Text);
        assert_eq!(switches(&["-u", "-a", "-uu"]).binary, BinarySwitch::Search);
        assert_eq!(switches(&["--no-text"]).binary, BinarySwitch::Auto);
        assert_eq!(switches(&[]), Switches::default());
    }
}
