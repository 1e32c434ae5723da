//! Property tests for surgical edits: parse → edit → parse changes the intended field and
//! nothing else, for front matter in many hand-written shapes.

use proptest::prelude::*;
use serde_json::Value;

use super::edit::{add_number, set_field};
use super::parse;
use super::text::{FrontMatterSpan, split_front_matter};
use crate::config::Config;

const KEYS: [&str; 8] = [
    "status",
    "date",
    "decision-maker",
    "tags",
    "supersedes",
    "custom",
    "amends",
    "review-by",
];

/// One front-matter field as a user might write it.
fn field_line() -> impl Strategy<Value = (usize, String)> {
    let plain = "[a-z][a-z0-9 ._-]{0,12}[a-z0-9]".prop_map(|v| v);
    let quoted = "[a-zA-Z@#: ]{1,10}".prop_map(|v| format!("\"{v}\""));
    let single = "[a-zA-Z@ ]{1,10}".prop_map(|v| format!("'{v}'"));
    let flow = prop::collection::vec(1u32..50, 0..4).prop_map(|v| {
        format!(
            "[{}]",
            v.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
        )
    });
    let block = prop::collection::vec(1u32..50, 1..3)
        .prop_map(|v| v.iter().map(|n| format!("\n  - {n}")).collect::<String>());
    let value = prop_oneof![plain, quoted, single, flow, block];
    let comment = prop::option::of(" +# [a-z ]{0,8}");
    (0..KEYS.len(), value, comment).prop_map(|(k, v, c)| {
        let line = if v.starts_with('\n') {
            format!("{}:{}{v}", KEYS[k], c.clone().unwrap_or_default())
        } else {
            format!("{}: {v}{}", KEYS[k], c.unwrap_or_default())
        };
        (k, line)
    })
}

/// A record: unique keys, optional comment lines, CRLF or LF, and a body.
fn record_text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(field_line(), 0..7),
        prop::bool::ANY,
        prop::collection::vec("[a-zA-Z #*-]{0,30}", 0..6),
        prop::bool::ANY,
    )
        .prop_map(|(fields, crlf, body, comment)| {
            let mut seen = std::collections::HashSet::new();
            let mut lines = vec!["---".to_string()];
            if comment {
                lines.push("# a comment".into());
            }
            for (k, line) in fields {
                if seen.insert(k) {
                    lines.extend(line.split('\n').map(String::from));
                }
            }
            lines.push("---".into());
            lines.push("# Title".into());
            lines.extend(body.into_iter().filter(|l| l.trim() != "---"));
            let eol = if crlf { "\r\n" } else { "\n" };
            lines.join(eol) + eol
        })
}

fn fields(text: &str) -> serde_json::Map<String, Value> {
    let record = parse::parse("0001-x.md".into(), text.as_bytes(), &Config::default());
    assert!(record.problems.is_empty(), "{:?}\n{text}", record.problems);
    let FrontMatterSpan::Found(split) = split_front_matter(text) else {
        panic!("no front matter")
    };
    let yaml = &text[split.yaml_start..split.yaml_end];
    serde_saphyr::from_str::<Value>(yaml)
        .ok()
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default()
}

fn body(text: &str) -> &str {
    match split_front_matter(text) {
        FrontMatterSpan::Found(split) => &text[split.body_start..],
        _ => panic!("no front matter"),
    }
}

proptest! {
    #[test]
    fn set_field_changes_only_that_field(text in record_text(), key in 0..KEYS.len(), value in "[a-zA-Z0-9@:#' -]{1,16}") {
        let before = fields(&text);
        let value = value.trim().to_string();
        prop_assume!(!value.is_empty());
        let edited = set_field(&text, KEYS[key], &value).unwrap();
        let mut after = fields(&edited);
        // Compared as because reads values: `123` and "123" are the same text.
        prop_assert_eq!(after.remove(KEYS[key]).as_ref().and_then(parse::scalar), Some(value.clone()));
        let mut expected = before.clone();
        expected.remove(KEYS[key]);
        prop_assert_eq!(after, expected);
        prop_assert_eq!(body(&edited), body(&text));
    }

    #[test]
    fn add_number_appends_once_and_changes_nothing_else(text in record_text(), n in 1u32..60) {
        let before = fields(&text);
        let key = "supersedes";
        let old = before.get(key).map(parse::numbers).unwrap_or_default();
        let is_list = before.get(key).is_none_or(|v| v.is_array() || v.is_number() || v.is_null());
        prop_assume!(is_list);
        let edited = add_number(&text, key, n).unwrap();
        let mut after = fields(&edited);
        let mut expected_numbers = old.clone();
        if !expected_numbers.contains(&n) { expected_numbers.push(n); }
        prop_assert_eq!(after.remove(key).map(|v| parse::numbers(&v)).unwrap_or_default(), expected_numbers);
        let mut expected = before.clone();
        expected.remove(key);
        prop_assert_eq!(after, expected);
        prop_assert_eq!(body(&edited), body(&text));
        prop_assert_eq!(add_number(&edited, key, n).unwrap(), edited.clone(), "idempotent");
    }
}
