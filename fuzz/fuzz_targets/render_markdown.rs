//! Fuzz the Markdown renderer and sanitizer: any body renders, and no tag in the output can
//! run script (text that merely mentions `javascript:` is fine: it is escaped text).
#![no_main]

use because::site::markdown::{Links, render};
use libfuzzer_sys::fuzz_target;

const BANNED_TAGS: [&str; 7] = [
    "script", "iframe", "style", "object", "embed", "svg", "math",
];

/// Attribute names of a tag's text (after `<`, before `>`); the serializer quotes every value.
fn attribute_names(tag: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    for c in tag.chars().skip_while(|c| !c.is_whitespace()) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, c) if c == '=' || c.is_whitespace() || c == '/' => {
                if !current.is_empty() {
                    names.push(std::mem::take(&mut current));
                }
            }
            (None, c) => current.push(c),
        }
    }
    names.extend((!current.is_empty()).then_some(current));
    names
}

fuzz_target!(|body: &str| {
    let html = render(body, &Links::default()).html.to_ascii_lowercase();
    // Sanitized output escapes every `<` in text, so each `<` here opens a tag.
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        let name = tag
            .trim_start_matches('/')
            .split(char::is_whitespace)
            .next()
            .unwrap_or("");
        assert!(!BANNED_TAGS.contains(&name), "<{name}> survived: {html}");
        let urls = [
            "href=\"javascript:",
            "src=\"javascript:",
            "href=\"vbscript:",
            "href=\"data:",
        ];
        assert!(
            !urls.iter().any(|u| tag.contains(u)),
            "script URL survived: {tag}"
        );
        for attribute in attribute_names(tag) {
            assert!(
                !attribute.starts_with("on"),
                "event handler survived: {tag}"
            );
        }
    }
});
