//! Color: ripgrep's `--colors` specs, and the ANSI escapes it writes around each field.
//!
//! Every colored field is written as ripgrep writes it with termcolor: a reset, the spec's
//! codes, the text, a reset. A field whose spec is empty is still wrapped in resets,
//! except a match, which is then written plain.

use std::io::Write;

use termcolor::{Ansi, Color, ColorSpec, WriteColor};

/// The colors of each kind of field.
#[derive(Clone, Debug)]
pub struct Colors {
    /// File paths.
    pub path: ColorSpec,
    /// Line numbers.
    pub line: ColorSpec,
    /// Columns and byte offsets.
    pub column: ColorSpec,
    /// Matched text.
    pub matched: ColorSpec,
}

impl Default for Colors {
    /// ripgrep's defaults on Unix: magenta paths, green line numbers, bold red matches.
    fn default() -> Colors {
        let mut path = ColorSpec::new();
        path.set_fg(Some(Color::Magenta));
        let mut line = ColorSpec::new();
        line.set_fg(Some(Color::Green));
        let mut matched = ColorSpec::new();
        matched.set_fg(Some(Color::Red)).set_bold(true);
        Colors {
            path,
            line,
            column: ColorSpec::new(),
            matched,
        }
    }
}

impl Colors {
    /// Applies one `--colors` spec: `TYPE:none`, or `TYPE:fg:COLOR`, `TYPE:bg:COLOR`,
    /// `TYPE:style:STYLE`, where TYPE is path, line, column or match.
    pub fn apply(&mut self, spec: &str) -> Result<(), String> {
        let parts: Vec<&str> = spec.split(':').collect();
        let target = match parts[0] {
            "path" => &mut self.path,
            "line" => &mut self.line,
            "column" => &mut self.column,
            "match" => &mut self.matched,
            "highlight" => return Err("the highlight type is not supported yet".into()),
            other => {
                return Err(format!(
                    "unrecognized output type '{other}': choose from path, line, column, match"
                ));
            }
        };
        match parts[1..] {
            ["none"] => *target = ColorSpec::new(),
            ["fg", value] => {
                target.set_fg(Some(parse_color(value)?));
            }
            ["bg", value] => {
                target.set_bg(Some(parse_color(value)?));
            }
            ["style", value] => match value {
                "bold" => drop(target.set_bold(true)),
                "nobold" => drop(target.set_bold(false)),
                "intense" => drop(target.set_intense(true)),
                "nointense" => drop(target.set_intense(false)),
                "underline" => drop(target.set_underline(true)),
                "nounderline" => drop(target.set_underline(false)),
                "italic" => drop(target.set_italic(true)),
                "noitalic" => drop(target.set_italic(false)),
                other => return Err(format!("unrecognized style '{other}'")),
            },
            _ => {
                return Err(format!(
                    "'{spec}' is not TYPE:none or TYPE:(fg|bg|style):VALUE"
                ));
            }
        }
        Ok(())
    }
}

fn parse_color(value: &str) -> Result<Color, String> {
    let named = match value {
        "black" => Some(Color::Black),
        "blue" => Some(Color::Blue),
        "green" => Some(Color::Green),
        "red" => Some(Color::Red),
        "cyan" => Some(Color::Cyan),
        "magenta" => Some(Color::Magenta),
        "yellow" => Some(Color::Yellow),
        "white" => Some(Color::White),
        _ => None,
    };
    if let Some(color) = named {
        return Ok(color);
    }
    if let Ok(n) = value.parse::<u8>() {
        return Ok(Color::Ansi256(n));
    }
    let rgb: Vec<Result<u8, _>> = value.split(',').map(str::parse::<u8>).collect();
    if let [Ok(r), Ok(g), Ok(b)] = rgb[..] {
        return Ok(Color::Rgb(r, g, b));
    }
    Err(format!(
        "unrecognized color '{value}': use a name (black, blue, green, red, cyan, magenta, \
         yellow, white), a number 0-255, or r,g,b"
    ))
}

/// Writes `text` in `spec`'s colors.
pub fn write_colored(out: &mut Vec<u8>, spec: &ColorSpec, text: &[u8]) {
    let mut ansi = Ansi::new(out);
    // Writing into memory cannot fail.
    let _ = ansi.set_color(spec);
    let _ = ansi.write_all(text);
    let _ = ansi.reset();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colored(spec: &ColorSpec, text: &str) -> String {
        let mut out = vec![];
        write_colored(&mut out, spec, text.as_bytes());
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn defaults_write_ripgreps_escapes() {
        let colors = Colors::default();
        assert_eq!(colored(&colors.path, "a"), "\x1b[0m\x1b[35ma\x1b[0m");
        assert_eq!(
            colored(&colors.matched, "x"),
            "\x1b[0m\x1b[1m\x1b[31mx\x1b[0m"
        );
        assert_eq!(colored(&colors.column, "5"), "\x1b[0m5\x1b[0m");
    }

    #[test]
    fn specs_parse_like_ripgreps() {
        let mut colors = Colors::default();
        colors.apply("match:bg:yellow").unwrap();
        colors.apply("match:style:underline").unwrap();
        colors.apply("path:fg:255").unwrap();
        colors.apply("line:fg:10,20,30").unwrap();
        assert_eq!(
            colored(&colors.matched, "f"),
            "\x1b[0m\x1b[1m\x1b[4m\x1b[31m\x1b[43mf\x1b[0m"
        );
        assert_eq!(colored(&colors.path, "c"), "\x1b[0m\x1b[38;5;255mc\x1b[0m");
        assert_eq!(
            colored(&colors.line, "1"),
            "\x1b[0m\x1b[38;2;10;20;30m1\x1b[0m"
        );
        colors.apply("path:none").unwrap();
        assert_eq!(colored(&colors.path, "c"), "\x1b[0mc\x1b[0m");
        assert!(colors.apply("bogus:fg:red").is_err());
        assert!(colors.apply("match:fg:intense").is_err());
        assert!(colors.apply("match:fg").is_err());
    }
}
