//! `--hyperlink-format`: OSC 8 hyperlinks around the paths (and numbers) of the output, as
//! ripgrep writes them.
//!
//! Invariants:
//! - A format holds `{path}` and starts with a URL scheme; `{column}` needs `{line}`.
//!   Aliases name the formats of common editors.
//! - `{path}` is the file's absolute path, canonical where the file can be resolved, with
//!   every ASCII byte except letters, digits and `/:-._~` percent-encoded. Bytes beyond
//!   ASCII are written as they are, as ripgrep writes them.
//! - Links are written only when colors are (`--color`), since both are escape codes.

use std::ffi::OsStr;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// The aliases ripgrep knows, and the formats they stand for.
const ALIASES: &[(&str, &str)] = &[
    ("default", "file://{host}{path}"),
    ("file", "file://{host}{path}"),
    ("cursor", "cursor://file{path}:{line}:{column}"),
    ("grep+", "grep+://{path}:{line}"),
    ("kitty", "file://{host}{path}#{line}"),
    (
        "macvim",
        "mvim://open?url=file://{path}&line={line}&column={column}",
    ),
    (
        "textmate",
        "txmt://open?url=file://{path}&line={line}&column={column}",
    ),
    ("vscode", "vscode://file{path}:{line}:{column}"),
    (
        "vscode-insiders",
        "vscode-insiders://file{path}:{line}:{column}",
    ),
    ("vscodium", "vscodium://file{path}:{line}:{column}"),
];

/// One piece of a format.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    Path,
    Host,
    Line,
    Column,
    WslPrefix,
}

/// A parsed format, with the values that do not change from link to link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hyperlinks {
    pieces: Vec<Piece>,
    host: String,
    wsl_prefix: String,
    cwd: PathBuf,
}

impl Hyperlinks {
    /// Parses `format` (or an alias). `None` for an empty format or `none`: no links.
    /// `host` gives the host name, asked only if the format uses it.
    pub fn parse(
        format: &str,
        host: impl FnOnce() -> String,
    ) -> Result<Option<Hyperlinks>, String> {
        let format = ALIASES
            .iter()
            .find(|(alias, _)| *alias == format)
            .map_or(format, |(_, expanded)| expanded);
        if format.is_empty() || format == "none" {
            return Ok(None);
        }
        let pieces = pieces(format)?;
        if !pieces.contains(&Piece::Path) {
            return Err("the {path} variable is required".to_string());
        }
        if pieces.contains(&Piece::Column) && !pieces.contains(&Piece::Line) {
            return Err("the {column} variable needs {line}".to_string());
        }
        let scheme = format.split(':').next().unwrap_or_default();
        if !format.contains(':')
            || scheme.is_empty()
            || !scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        {
            return Err("the format must start with a URL scheme, such as file:".to_string());
        }
        let host = if pieces.contains(&Piece::Host) {
            host()
        } else {
            String::new()
        };
        let wsl_prefix = std::env::var("WSL_DISTRO_NAME")
            .map(|name| format!("wsl$/{name}"))
            .unwrap_or_default();
        Ok(Some(Hyperlinks {
            pieces,
            host,
            wsl_prefix,
            cwd: std::env::current_dir().unwrap_or_default(),
        }))
    }

    /// Whether the links point at lines, so that a line's number is linked even where
    /// its path is not printed (under `--heading`).
    pub fn has_line(&self) -> bool {
        self.pieces.contains(&Piece::Line)
    }

    /// Opens a link to `path` at `line` and `column`.
    pub fn open(&self, out: &mut Vec<u8>, path: &[u8], line: u64, column: u64) {
        out.extend_from_slice(b"\x1b]8;;");
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => out.extend_from_slice(text.as_bytes()),
                Piece::Path => self.push_path(out, path),
                Piece::Host => out.extend_from_slice(self.host.as_bytes()),
                Piece::Line => {
                    let _ = write!(out, "{line}");
                }
                Piece::Column => {
                    let _ = write!(out, "{column}");
                }
                Piece::WslPrefix => out.extend_from_slice(self.wsl_prefix.as_bytes()),
            }
        }
        out.extend_from_slice(b"\x1b\\");
    }

    /// Closes the open link.
    pub fn close(out: &mut Vec<u8>) {
        out.extend_from_slice(b"\x1b]8;;\x1b\\");
    }

    /// The absolute path of `path`, percent-encoded.
    fn push_path(&self, out: &mut Vec<u8>, path: &[u8]) {
        let path = Path::new(OsStr::from_bytes(path));
        let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| self.cwd.join(path));
        for &b in absolute.as_os_str().as_bytes() {
            if b.is_ascii_alphanumeric() || b"/:-._~".contains(&b) || !b.is_ascii() {
                out.push(b);
            } else {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
}

/// The pieces of `format`: text, and `{name}` variables.
fn pieces(format: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut rest = format;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            pieces.push(Piece::Text(rest[..open].to_string()));
        }
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| format!("unclosed variable at {:?}", &rest[open..]))?;
        let name = &rest[open + 1..open + close];
        pieces.push(match name {
            "path" => Piece::Path,
            "host" => Piece::Host,
            "line" => Piece::Line,
            "column" => Piece::Column,
            "wslprefix" => Piece::WslPrefix,
            other => return Err(format!("unknown variable {{{other}}}")),
        });
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_string()));
    }
    Ok(pieces)
}

/// This machine's host name: what `--hostname-bin` prints (trimmed), or the system's when
/// there is no such program, or it fails or prints nothing, as in rg.
pub fn host_name(hostname_bin: Option<&OsStr>) -> String {
    let printed = hostname_bin
        .filter(|p| !p.is_empty())
        .and_then(|program| std::process::Command::new(program).output().ok())
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .filter(|name| !name.is_empty());
    if let Some(name) = printed {
        return name;
    }
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its length, and gethostname writes at most that.
    let ok = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } == 0;
    if !ok {
        return String::new();
    }
    let len = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..len]).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(format: &str) -> Result<Option<Hyperlinks>, String> {
        Hyperlinks::parse(format, || "host1".to_string())
    }

    #[test]
    fn aliases_expand_and_none_turns_links_off() {
        assert_eq!(parse("none").unwrap(), None);
        assert_eq!(parse("").unwrap(), None);
        let vscode = parse("vscode").unwrap().unwrap();
        assert!(vscode.has_line());
        assert!(!parse("default").unwrap().unwrap().has_line());
    }

    #[test]
    fn bad_formats_are_refused() {
        assert!(parse("file://{host}").is_err());
        assert!(parse("{path}").is_err());
        assert!(parse("x://{path}:{column}").is_err());
        assert!(parse("x://{path}{nope}").is_err());
        assert!(parse("x://{path").is_err());
    }

    #[test]
    fn a_link_has_the_absolute_encoded_path_and_the_numbers() {
        let links = parse("x://{host}{path}:{line}:{column}").unwrap().unwrap();
        let mut out = Vec::new();
        links.open(&mut out, b"/no/such dir/a#b\xc3\xa9.txt", 3, 7);
        Hyperlinks::close(&mut out);
        assert_eq!(
            out,
            b"\x1b]8;;x://host1/no/such%20dir/a%23b\xc3\xa9.txt:3:7\x1b\\\x1b]8;;\x1b\\"
        );
    }
}
