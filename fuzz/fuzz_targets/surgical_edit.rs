//! Fuzz surgical edits: on any text they either refuse or return text whose body is unchanged.
#![no_main]

use because::record::edit;
use because::record::text::{FrontMatterSpan, split_front_matter};
use libfuzzer_sys::fuzz_target;

fn body(text: &str) -> Option<&str> {
    match split_front_matter(text) {
        FrontMatterSpan::Found(split) => Some(&text[split.body_start..]),
        _ => None,
    }
}

fuzz_target!(|input: (&str, u8, &str)| {
    let (text, n, value) = input;
    let n = u32::from(n);
    let edits = [
        edit::set_field(text, "status", value),
        edit::add_number(text, "supersedes", n),
        edit::replace_number(text, &["supersedes", "amends"], n, n + 1),
    ];
    for edited in edits.into_iter().flatten() {
        if let (Some(before), Some(after)) = (body(text), body(&edited)) {
            assert_eq!(before, after, "an edit changed the body");
        }
    }
    let _ = edit::rewrite_links(text, "0001-a.md", "0002-a.md");
});
