//! Usage errors in trawl's one-line form, `trawl: <argument>: <reason>`, as ripgrep gives
//! them (`rg: error parsing flag -j: ...`), instead of clap's multi-line report with its
//! tips and usage block.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::printer::escape::escape_text;

/// What to do with a failed parse: print `text` on stdout and succeed (`--help`,
/// `--version`), or print it on stderr and fail.
pub enum UsageError {
    /// Help or version text, asked for.
    Display(String),
    /// A usage error, as one line without the `trawl: ` prefix.
    Invalid(String),
}

/// Turns clap's error into what trawl prints. The flag and the value are named; control
/// characters in them are escaped, so a binary argument cannot write raw bytes to the
/// terminal.
pub fn usage_error(err: &clap::Error) -> UsageError {
    match err.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return UsageError::Display(err.render().to_string());
        }
        _ => {}
    }
    let context = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(list)) => Some(list.join(", ")),
        _ => None,
    };
    let arg = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let line = match (err.kind(), arg, value) {
        (ErrorKind::ValueValidation | ErrorKind::InvalidValue, Some(arg), Some(value)) => {
            let valid = context(ContextKind::ValidValue).filter(|v| !v.is_empty());
            let reason = match (err.kind(), valid) {
                (ErrorKind::InvalidValue, Some(valid)) if value.is_empty() => {
                    format!("a value is required (one of {valid})")
                }
                (ErrorKind::InvalidValue, None) if value.is_empty() => {
                    "a value is required".to_string()
                }
                (ErrorKind::InvalidValue, Some(valid)) => format!("expected one of {valid}"),
                _ => std::error::Error::source(err)
                    .map_or_else(|| "invalid value".to_string(), ToString::to_string),
            };
            format!("{}: invalid value '{value}': {reason}", flag_name(&arg))
        }
        (ErrorKind::UnknownArgument, Some(arg), _) => {
            let hint = match context(ContextKind::SuggestedArg) {
                Some(similar) => format!("; did you mean {similar}?"),
                None if arg.starts_with('-') => {
                    "; to search for it, use -e or put it after --".to_string()
                }
                None => String::new(),
            };
            format!("{arg}: unknown flag{hint}")
        }
        (_, Some(arg), _) => format!("{}: {}", flag_name(&arg), first_line(err)),
        _ => first_line(err),
    };
    UsageError::Invalid(escape_text(&line).into_owned())
}

/// `--threads <NUM>` as `--threads`: the flag, without clap's value placeholder.
fn flag_name(arg: &str) -> &str {
    arg.split_once(' ').map_or(arg, |(flag, _)| flag)
}

/// The first line of clap's own message, without its `error: ` prefix.
fn first_line(err: &clap::Error) -> String {
    let text = err.render().to_string();
    let line = text.lines().next().unwrap_or("invalid arguments");
    line.strip_prefix("error: ").unwrap_or(line).to_string()
}
