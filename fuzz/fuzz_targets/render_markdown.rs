//! Fuzz the Markdown renderer and sanitizer: any body renders, and nothing executable survives.
#![no_main]

use because::site::markdown::{Links, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &str| {
    let rendered = render(body, &Links::default());
    let html = rendered.html.to_ascii_lowercase();
    for banned in ["<script", "<iframe", "<style", "<object", "<embed", "href=\"javascript:", "src=\"javascript:"] {
        assert!(!html.contains(banned), "{banned} survived in {html}");
    }
});
