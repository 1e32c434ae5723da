//! Text from records made safe to print on a terminal: control characters, escape sequences
//! (CSI `\e[2J`, OSC 8 links, title changes) and bidirectional overrides become visible
//! `\u{…}` escapes, so a record cannot clear the screen, fake a link or reorder what
//! `list`, `show` and `check` print (issue 12, item 8). Owns nothing else: JSON output is
//! escaped by serde, HTML by `text::escape_markup`.

use std::borrow::Cow;
use std::fmt::Write;

/// `text` with every character a terminal would act on shown as `\u{…}`; line breaks and tabs
/// are kept (record bodies are multi-line), a lone `\r` is not.
pub fn safe(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

/// [`safe`] for one-line output (a table cell, a field): line breaks are escaped too.
pub fn safe_line(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

fn escape(text: &str, keep_lines: bool) -> Cow<'_, str> {
    let mut chars = text.chars().peekable();
    if !text.chars().any(is_active) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    while let Some(c) = chars.next() {
        let line_break = c == '\n' || (c == '\r' && chars.peek() == Some(&'\n'));
        if c == '\t' || (keep_lines && line_break) {
            out.push(c);
        } else if is_active(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Characters a terminal interprets rather than shows: C0 and C1 controls, DEL, and the
/// Unicode bidi and invisible formatting controls that reorder or hide text.
fn is_active(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_csi_osc_and_bidi_keeps_plain_text() {
        assert_eq!(safe("Use Postgres ✓"), "Use Postgres ✓");
        assert_eq!(safe_line("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(
            safe_line("\u{1b}]8;;http://evil\u{7}x"),
            "\\u{1b}]8;;http://evil\\u{7}x"
        );
        assert_eq!(safe_line("ab\u{202e}cd"), "ab\\u{202e}cd");
        assert_eq!(safe_line("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(
            safe("one\r\ntwo\nthree\tx\rfour"),
            "one\r\ntwo\nthree\tx\\u{d}four"
        );
        assert_eq!(safe_line("one\ntwo"), "one\\u{a}two");
    }
}
