//! The file-type flags, -t, -T, --type-add and --type-clear, which act in command-line
//! order, as in ripgrep; flattened into [`super::FilterArgs`].

use clap::{Arg, ArgAction, ArgMatches, Args, FromArgMatches};

use super::FILTER;

/// One file-type flag. Their order matters, as in ripgrep: `--type-clear foo` after
/// `--type-add 'foo:*.x'` removes that glob again, `include:` copies the globs a type has
/// at that point, and when a file matches several -t/-T types the last flag wins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeChange {
    /// `-t NAME`: search files of this type.
    Select(String),
    /// `-T NAME`: don't search files of this type.
    Negate(String),
    /// `--type-add SPEC`: `name:glob` or `name:include:other,types`.
    Add(String),
    /// `--type-clear NAME`: forget the globs of this type.
    Clear(String),
}

/// The file-type flags, in command-line order.
///
/// clap's derive would hand each flag's values over separately and lose how they
/// interleave, so this part is written against clap's builder API, which keeps each
/// value's position.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TypeArgs {
    /// The changes, in the order given.
    pub changes: Vec<TypeChange>,
}

/// The id, short and long flag, value name, help and long help of each file-type argument.
type TypeFlag = (
    &'static str,
    Option<char>,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// The file-type arguments.
const TYPE_FLAGS: [TypeFlag; 4] = [
    (
        "type",
        Some('t'),
        "type",
        "TYPE",
        "Search only files of TYPE",
        "Search only files of TYPE.\n\n\
         Repeatable; --type-list shows the types. `all` selects every type defined so far, \
         so that only files of a known type are searched. -g/--glob and ignore files take \
         precedence over types, and a file named as a PATH is searched whatever its type. \
         When a file matches types of several -t and -T flags, the last flag wins.\n\n\
         Default: none: files of every type are searched.",
    ),
    (
        "type_not",
        Some('T'),
        "type-not",
        "TYPE",
        "Don't search files of TYPE",
        "Don't search files of TYPE.\n\n\
         Repeatable. `all` excludes every type defined so far, so that only files of no \
         known type are searched. When a file matches types of several -t and -T flags, \
         the last flag wins.\n\n\
         Default: none.",
    ),
    (
        "type_add",
        None,
        "type-add",
        "TYPESPEC",
        "Add a glob to a file type",
        "Add a glob to a file type: 'name:glob'.\n\n\
         Repeatable. Example: --type-add 'foo:*.foo' -t foo. 'src:include:c,rust' adds the \
         globs that the types c and rust have at that point to the type src. Type names \
         consist of Unicode letters and digits only.\n\n\
         Default: none: ripgrep's built-in types.",
    ),
    (
        "type_clear",
        None,
        "type-clear",
        "TYPE",
        "Forget the globs of a file type",
        "Forget the globs of TYPE.\n\n\
         Later --type-add flags can define it anew.\n\n\
         Default: none.",
    ),
];

impl Args for TypeArgs {
    fn augment_args(mut cmd: clap::Command) -> clap::Command {
        for (id, short, long, value_name, help, long_help) in TYPE_FLAGS {
            let mut arg = Arg::new(id)
                .long(long)
                .value_name(value_name)
                .action(ArgAction::Append)
                .help_heading(FILTER)
                .help(help)
                .long_help(long_help);
            if let Some(short) = short {
                arg = arg.short(short);
            }
            cmd = cmd.arg(arg);
        }
        cmd
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

impl FromArgMatches for TypeArgs {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut indexed: Vec<(usize, TypeChange)> = vec![];
        for (id, ..) in TYPE_FLAGS {
            let (Some(values), Some(indices)) =
                (matches.get_many::<String>(id), matches.indices_of(id))
            else {
                continue;
            };
            for (value, index) in values.zip(indices) {
                let value = value.clone();
                let change = match id {
                    "type" => TypeChange::Select(value),
                    "type_not" => TypeChange::Negate(value),
                    "type_add" => TypeChange::Add(value),
                    _ => TypeChange::Clear(value),
                };
                indexed.push((index, change));
            }
        }
        indexed.sort_by_key(|(index, _)| *index);
        Ok(TypeArgs {
            changes: indexed.into_iter().map(|(_, change)| change).collect(),
        })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}
