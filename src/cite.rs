//! Citations: the record numbers a commit message or a code comment names (issue 17).
//!
//! The forms come from `[why] citations` in because.toml (regular expressions whose first
//! group is the number; defaults in [`crate::config::DEFAULT_CITATIONS`]: `ADR-7`,
//! `ADR 0007`, `RFC 12`, `because: 7`), plus a path into the records directory
//! (`docs/decisions/0007-use-postgresql.md`), which is always recognised. Which numbers are
//! records is the caller's business: a number no record has ties nothing.
//!
//! Pure: text in, numbers out.

use anyhow::{Result, anyhow};
use regex::Regex;

/// The compiled citation forms.
#[derive(Debug, Clone)]
pub struct Citations {
    patterns: Vec<Regex>,
}

/// A comment line naming a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// 1-based line.
    pub line: usize,
    pub number: u32,
    /// The comment as written, trimmed (at most 120 characters).
    pub text: String,
}

/// Where a comment starts on a line, in the syntaxes most code uses. `;` and `%` are left
/// out: they end statements in too many languages to mean a comment.
const COMMENT_MARKERS: &[&str] = &["//", "/*", "#", "--", "<!--"];

impl Citations {
    /// `patterns` as configured, and the records directory relative to the repository root.
    pub fn new(patterns: &[String], records_dir: &str) -> Result<Citations> {
        let mut compiled = Vec::with_capacity(patterns.len() + 1);
        for pattern in patterns {
            let regex = Regex::new(pattern).map_err(|e| {
                anyhow!("invalid citation pattern `{pattern}` under [why] in because.toml: {e}")
            })?;
            if regex.captures_len() < 2 {
                return Err(anyhow!(
                    "citation pattern `{pattern}` under [why] in because.toml has no group; put the record number in parentheses, e.g. `ADR-([0-9]+)`"
                ));
            }
            compiled.push(regex);
        }
        compiled.push(path_pattern(records_dir));
        Ok(Citations { patterns: compiled })
    }

    /// Every record number `text` cites, sorted, without repeats.
    pub fn numbers(&self, text: &str) -> Vec<u32> {
        let mut numbers: Vec<u32> = self
            .patterns
            .iter()
            .flat_map(|p| p.captures_iter(text))
            .filter_map(|c| c.get(1)?.as_str().parse().ok())
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        numbers
    }

    /// Every comment in `source` that cites a record, one entry per (line, number).
    pub fn comments(&self, source: &str) -> Vec<Comment> {
        let mut found = Vec::new();
        for (i, line) in source.lines().enumerate() {
            let Some(comment) = comment_part(line) else {
                continue;
            };
            for number in self.numbers(comment) {
                found.push(Comment {
                    line: i + 1,
                    number,
                    text: comment.trim().chars().take(120).collect(),
                });
            }
        }
        found
    }
}

/// The part of `line` from its first comment marker on (a line opening with `*` continues a
/// block comment). A marker inside a string literal (an odd number of `"` before it) is not
/// one: `"// see ADR-7"` in code is data, not a comment.
fn comment_part(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    if trimmed.starts_with('*') {
        return Some(trimmed);
    }
    let start = line
        .char_indices()
        .filter(|&(i, _)| COMMENT_MARKERS.iter().any(|m| line[i..].starts_with(m)))
        .map(|(i, _)| i)
        .find(|&i| quotes_before(&line[..i]).is_multiple_of(2))?;
    Some(&line[start..])
}

/// Unescaped double quotes in `text`.
fn quotes_before(text: &str) -> usize {
    let mut count = 0;
    let mut escaped = false;
    for c in text.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => count += 1,
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    count
}

/// `docs/decisions/0007-anything.md`: the records directory, a number, a slug.
fn path_pattern(records_dir: &str) -> Regex {
    let dir = records_dir.trim_matches('/');
    let prefix = match dir.is_empty() {
        true => r"(?:^|[\s(\[</])".to_string(),
        false => format!("{}/", regex::escape(dir)),
    };
    Regex::new(&format!(r"{prefix}0*([0-9]{{1,6}})-[A-Za-z0-9._-]*\.md"))
        .expect("the path pattern is valid")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::WhyConfig;

    fn citations() -> Citations {
        Citations::new(&WhyConfig::default().citations, "docs/decisions").unwrap()
    }

    #[test]
    fn messages_cite_by_id_number_or_path() {
        let c = citations();
        assert_eq!(c.numbers("Tune pool (ADR-7)"), [7]);
        assert_eq!(c.numbers("per ADR 0007 and rfc 12"), [7, 12]);
        assert_eq!(c.numbers("See docs/decisions/0009-use-kafka.md"), [9]);
        assert_eq!(c.numbers("adr_0003, RFC#4"), [3, 4]);
        assert!(c.numbers("Bump version to 0007; fix 12 tests").is_empty());
        assert!(c.numbers("ADRIFT 7, RFC-less").is_empty());
    }

    #[test]
    fn comments_are_found_after_a_comment_marker_only() {
        let c = citations();
        let source = "fn main() {}\n    // see ADR-0007\nlet s = \"ADR-3\";\n# because: 5\n * RFC 2 applies\n";
        let found: Vec<(usize, u32)> = c
            .comments(source)
            .iter()
            .map(|c| (c.line, c.number))
            .collect();
        assert_eq!(found, [(2, 7), (4, 5), (5, 2)]);
        assert_eq!(c.comments(source)[0].text, "// see ADR-0007");
        let in_a_string = "let s = \"// see ADR-7\"; // because: 9";
        let found: Vec<u32> = c.comments(in_a_string).iter().map(|c| c.number).collect();
        assert_eq!(found, [9]);
    }

    #[test]
    fn a_pattern_without_a_group_is_refused() {
        let err = Citations::new(&["ADR-[0-9]+".into()], "docs").unwrap_err();
        assert!(err.to_string().contains("no group"), "{err}");
    }
}
