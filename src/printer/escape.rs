//! Escaping of names for a terminal: a file name may hold bytes that a terminal obeys
//! (`ESC ] 0 ; title BEL` sets the window title, others move the cursor or rewrite the
//! screen), so a name printed to a terminal shows them as text instead, as `ls` does.
//! Piped output keeps every name byte for byte: scripts need the real names.
//!
//! Escaped: the C0 controls and DEL, the C1 controls (U+0080 to U+009F), and bytes that
//! are not part of valid UTF-8, which a terminal in a legacy mode may read as C1 controls.
//! Tab, newline and carriage return get their C escapes (`\t`, `\n`, `\r`), every other
//! escaped byte `\xHH`. Everything else, backslashes included, is left as it is.
//!
//! Messages on stderr name paths too, so they are escaped the same way when stderr is a
//! terminal ([`for_stderr`]), each line on its own: a message of several lines (a regex
//! error's diagram) keeps its line breaks.

use std::borrow::Cow;
use std::io::IsTerminal;
use std::sync::OnceLock;

/// `bytes` with every control character and invalid UTF-8 byte escaped; borrowed when
/// nothing needed escaping, which is nearly always.
pub fn escape_controls(bytes: &[u8]) -> Cow<'_, [u8]> {
    if !needs_escape(bytes) {
        return Cow::Borrowed(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len() + 16);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c.is_control() {
                let mut utf8 = [0; 4];
                for &b in c.encode_utf8(&mut utf8).as_bytes() {
                    push_escaped(&mut out, b);
                }
            } else {
                let mut utf8 = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
            }
        }
        for &b in chunk.invalid() {
            push_escaped(&mut out, b);
        }
    }
    Cow::Owned(out)
}

/// `text` escaped as [`escape_controls`] does, for messages on stderr.
pub fn escape_text(text: &str) -> Cow<'_, str> {
    match escape_controls(text.as_bytes()) {
        Cow::Borrowed(_) => Cow::Borrowed(text),
        Cow::Owned(bytes) => Cow::Owned(String::from_utf8_lossy(&bytes).into_owned()),
    }
}

/// `message` as it should be written to stderr: escaped line by line as [`escape_text`]
/// does when stderr is a terminal, untouched otherwise. Whether stderr is a terminal is
/// asked once per process.
pub fn for_stderr(message: &str) -> Cow<'_, str> {
    static TERMINAL: OnceLock<bool> = OnceLock::new();
    if !*TERMINAL.get_or_init(|| std::io::stderr().is_terminal()) {
        return Cow::Borrowed(message);
    }
    escape_lines(message)
}

/// `text` with each of its lines escaped as [`escape_text`] does, the line breaks kept.
fn escape_lines(text: &str) -> Cow<'_, str> {
    if !text.split('\n').any(|line| needs_escape(line.as_bytes())) {
        return Cow::Borrowed(text);
    }
    let lines: Vec<Cow<'_, str>> = text.split('\n').map(escape_text).collect();
    Cow::Owned(lines.join("\n"))
}

/// Writes `trawl: MESSAGE` and a newline to stderr, escaped as [`for_stderr`] says.
pub fn eprint_message(message: &str) {
    eprintln!("trawl: {}", for_stderr(message));
}

/// Whether anything in `bytes` needs escaping: a cheap scan of ASCII first, since that is
/// what almost every name is.
fn needs_escape(bytes: &[u8]) -> bool {
    if bytes.iter().all(|&b| (0x20..0x7f).contains(&b)) {
        return false;
    }
    bytes
        .utf8_chunks()
        .any(|chunk| !chunk.invalid().is_empty() || chunk.valid().chars().any(char::is_control))
}

fn push_escaped(out: &mut Vec<u8>, byte: u8) {
    match byte {
        b'\t' => out.extend_from_slice(b"\\t"),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\r' => out.extend_from_slice(b"\\r"),
        _ => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[
                b'\\',
                b'x',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xf)],
            ]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_are_borrowed() {
        assert!(matches!(escape_controls(b"src/main.rs"), Cow::Borrowed(_)));
        assert!(matches!(
            escape_controls("caf\u{e9}/\u{65e5}.txt".as_bytes()),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn controls_and_invalid_bytes_are_escaped() {
        assert_eq!(
            &*escape_controls(b"\x1b]0;pwned\x07.txt"),
            b"\\x1b]0;pwned\\x07.txt"
        );
        assert_eq!(&*escape_controls(b"a\tb\nc\rd\x7f"), b"a\\tb\\nc\\rd\\x7f");
        // U+009B, CSI, in UTF-8; and a lone 0x9b, which is not UTF-8 at all.
        assert_eq!(&*escape_controls(b"x\xc2\x9by"), b"x\\xc2\\x9by");
        assert_eq!(&*escape_controls(b"x\x9by"), b"x\\x9by");
        assert_eq!(escape_text("a\u{1b}b"), "a\\x1bb");
    }

    #[test]
    fn messages_keep_their_line_breaks_and_lose_their_controls() {
        assert!(matches!(escape_lines("a: b\n  ^\n"), Cow::Borrowed(_)));
        assert_eq!(
            escape_lines("x\u{1b}]0;t\u{7}: error\n  ^\tc"),
            "x\\x1b]0;t\\x07: error\n  ^\\tc"
        );
    }
}
