//! The text layer every reader shares: line spans, the front-matter fences, `key:` lines,
//! ATX and setext headings, HTML comments and line endings.
//!
//! A leaf (issue 10): it knows Markdown and YAML line shapes, nothing about records, so the
//! native parser, the readers of other tools' formats, `edit` and `migrate` all build on it.

/// Where the front matter sits in a file's text (after any BOM).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// Byte range of the YAML between the fences.
    pub yaml_start: usize,
    pub yaml_end: usize,
    /// Byte offset where the body begins (after the closing fence's line ending).
    pub body_start: usize,
    /// 1-based lines of the two fences.
    pub start_line: usize,
    pub end_line: usize,
}

/// The outcome of looking for front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterSpan {
    None,
    /// Opened with `---` but never closed.
    Unclosed,
    Found(Split),
}

/// Each line of `text` as (start, end without line ending, end with line ending).
pub fn line_spans(text: &str) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let start = pos;
        let (content_end, next) = match text[start..].find('\n') {
            Some(i) => (start + i, start + i + 1),
            None => (text.len(), text.len()),
        };
        let content_end = if text[start..content_end].ends_with('\r') {
            content_end - 1
        } else {
            content_end
        };
        pos = next;
        Some((start, content_end, next))
    })
}

/// Find the `---` fenced block at the very top of `text`.
pub fn split_front_matter(text: &str) -> FrontMatterSpan {
    let mut lines = line_spans(text);
    match lines.next() {
        Some((s, e, _)) if text[s..e].trim_end() == "---" => {}
        _ => return FrontMatterSpan::None,
    }
    let yaml_start = line_spans(text).next().map(|(_, _, n)| n).unwrap_or(0);
    for (index, (s, e, next)) in lines.enumerate() {
        let line = text[s..e].trim_end();
        if line == "---" || line == "..." {
            return FrontMatterSpan::Found(Split {
                yaml_start,
                yaml_end: s,
                body_start: next,
                start_line: 1,
                end_line: index + 2,
            });
        }
    }
    FrontMatterSpan::Unclosed
}

/// Top-level keys of a YAML mapping with the 1-based line each stands on (`first_line` is the
/// line of the YAML's first line). A line-level scan, so positions survive what serde drops.
pub fn top_level_keys(yaml: &str, first_line: usize) -> Vec<(String, usize)> {
    let mut keys = Vec::new();
    for (index, (s, e, _)) in line_spans(yaml).enumerate() {
        if let Some(key) = key_of_line(&yaml[s..e]) {
            keys.push((key, first_line + index));
        }
    }
    keys
}

/// The key a top-level `key: value` line defines, if it is one.
pub fn key_of_line(line: &str) -> Option<String> {
    let first = line.chars().next()?;
    if first.is_whitespace() || matches!(first, '#' | '-' | '[' | '{' | '}' | ']') {
        return None;
    }
    if let Some(quote @ ('"' | '\'')) = line.chars().next() {
        let close = line[1..].find(quote)? + 1;
        let rest = line[close + 1..].trim_start();
        return rest.starts_with(':').then(|| line[1..close].to_string());
    }
    let colon = key_colon(line)?;
    Some(line[..colon].trim_end().to_string())
}

/// An ATX heading's level and text (`## Context` → (2, "Context")).
pub fn heading(line: &str) -> Option<(usize, &str)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let level = trimmed.chars().take_while(|&c| c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &trimmed[level..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let text = rest.trim().trim_end_matches('#').trim_end();
    Some((level, text))
}

/// A setext H1 underline (`===`) under a title line.
pub fn is_setext_underline(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3 && t.chars().all(|c| c == '=')
}

/// `----` under a line: a setext second-level heading, which some processes (gRPC's
/// proposals) use for the title on the file's first line. Elsewhere it is only a heading
/// or a rule, never the title.
pub fn is_setext_h2_underline(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3 && t.chars().all(|c| c == '-')
}

/// A line that is one whole HTML comment.
pub fn is_comment_line(trimmed: &str) -> bool {
    trimmed.starts_with("<!--") && trimmed.ends_with("-->")
}

/// Drop `<!-- … -->` comments (MADR templates end header lines with `<!-- optional -->`).
pub fn strip_trailing_comment(text: &str) -> &str {
    match text.find("<!--") {
        Some(i) => &text[..i],
        None => text,
    }
}

/// `text` without any `<!-- … -->` comment (an unclosed one runs to the end).
pub fn remove_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The line ending the file uses (that of its first line), for inserted lines.
pub fn eol(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// The `:` that ends the key, after a quoted key's closing quote when quoted.
pub fn key_colon(line: &str) -> Option<usize> {
    let from = match line.chars().next() {
        Some(q @ ('"' | '\'')) => line[1..].find(q)? + 2,
        _ => 0,
    };
    let bytes = line.as_bytes();
    (from..bytes.len()).find(|&i| {
        bytes[i] == b':' && (i + 1 == bytes.len() || bytes[i + 1] == b' ' || bytes[i + 1] == b'\t')
    })
}

/// True when `text` holds nothing but whitespace and HTML comments (MADR's `<!-- … -->` hints).
pub fn is_blank(text: &str) -> bool {
    remove_comments(text).trim().is_empty()
}
