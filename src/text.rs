//! Text helpers every layer shares: markup escaping and `/`-separated paths.

use std::path::Path;

/// `text` safe inside XML or HTML text and attribute values: `& < > " '` escaped, and the
/// control characters XML 1.0 forbids (all but tab and newline) replaced by U+FFFD.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// `path` with `/` separators, as git trees, reports and the site name paths on every
/// platform.
pub fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_forbidden_controls_replaced() {
        assert_eq!(escape_markup("<a & 'b'>"), "&lt;a &amp; &#39;b&#39;&gt;");
        assert_eq!(escape_markup("a\u{1b}[2J\tb\n"), "a\u{FFFD}[2J\tb\n");
    }

    #[test]
    fn paths_are_slash_joined() {
        assert_eq!(
            slash_path(Path::new("docs/decisions/0001-x.md")),
            "docs/decisions/0001-x.md"
        );
    }
}
