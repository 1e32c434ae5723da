//! A record body → sanitized HTML and plain text for search.
//!
//! pulldown-cmark renders (tables, task lists, footnotes, strikethrough, heading anchors), links
//! to other records are rewritten to their pages, and ammonia removes whatever could run script:
//! a record is text a colleague wrote, not code the site should execute. Owns nothing else.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::record::name;

/// What the renderer needs to resolve links between records.
#[derive(Debug, Default)]
pub struct Links {
    /// Record file name (`0003-x.md`) → page file name (`0003-x.html`).
    pub by_file: BTreeMap<String, String>,
    /// Record number → page file name.
    pub by_number: BTreeMap<u32, String>,
    /// Page file name → how a link to it reads.
    pub targets: BTreeMap<String, Target>,
}

/// How a link to a record reads when its text only names the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `0003 Use PostgreSQL`.
    pub label: String,
    /// Struck through: the reader should not follow it as current.
    pub superseded: bool,
}

/// A rendered body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    /// The words of the body, whitespace collapsed, for the search index.
    pub text: String,
    /// The body has a ```mermaid block (the page then loads the diagram renderer).
    pub diagrams: bool,
    /// The `##` and `###` headings with their anchors, for a long record's table of contents.
    pub headings: Vec<Heading>,
}

/// A heading of the body as a table of contents lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 2 or 3.
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// Most text kept per record in the search index; enough for any real record.
const MAX_SEARCH_TEXT: usize = 20_000;

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        // Heading anchors and footnotes need ids; classes carry code languages and task lists.
        .add_generic_attributes(["id", "class"])
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled", "aria-label"])
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            // Task-list checkboxes only: any other input type is dropped to a plain checkbox.
            ("input", "type") => Some("checkbox".into()),
            (_, "class") => body_classes(value).map(Into::into),
            (_, "id") if SITE_IDS.contains(value) => None,
            _ => Some(value.into()),
        })
        .link_rel(Some("noopener noreferrer"));
    builder
});

/// Classes a body keeps: those the renderer itself writes (code languages, footnotes, heading
/// anchors). Any other class is dropped, so a record cannot dress its HTML in the site's own
/// `banner`/`badge` styles and fake a status (issue 12, item 10).
fn body_classes(value: &str) -> Option<String> {
    let kept: Vec<&str> = value
        .split_whitespace()
        .filter(|c| {
            c.starts_with("language-")
                || matches!(
                    *c,
                    "anchor"
                        | "footnote-definition"
                        | "footnote-definition-label"
                        | "footnote-reference"
                )
        })
        .collect();
    (!kept.is_empty()).then(|| kept.join(" "))
}

/// The ids the site's own templates use (`main`, `filters`, …), read from the embedded
/// templates so the list cannot drift: a body element with one is stripped of it, and a
/// heading that would get one is given another.
static SITE_IDS: LazyLock<std::collections::BTreeSet<String>> = LazyLock::new(|| {
    crate::templates::SITE
        .iter()
        .flat_map(|(_, text)| text.split(" id=\"").skip(1))
        .filter_map(|rest| rest.split('"').next())
        .filter(|id| !id.contains(['{', '}']))
        .map(str::to_string)
        .collect()
});

/// Render a record's body. The first H1 is dropped: the page shows the title in its header.
pub fn render(body: &str, links: &Links) -> Rendered {
    render_at(body, links, "")
}

/// Render Markdown on a page that is not a record's: links to record pages get `base` before
/// them (`records/` on the home page).
pub fn render_at(body: &str, links: &Links, base: &str) -> Rendered {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH;
    let events: Vec<Event<'_>> = Parser::new_ext(body, options).collect();
    let events = drop_title(events);
    let (events, headings) = anchor_headings(events);
    let text = plain_text(&events);
    let events = bound_nesting(events);
    let diagrams = events.iter().any(is_diagram);
    let events = label_record_links(events, links);
    let events = events
        .into_iter()
        .map(|e| rewrite_link(e, links, base))
        .map(label_task_box);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    Rendered {
        html: SANITIZER.clean(&html).to_string(),
        text,
        diagrams,
        headings,
    }
}

/// Whether a record may have a diagram: the cheap test a build makes before shipping Mermaid.
pub fn may_have_diagrams(body: &str) -> bool {
    body.contains("mermaid")
}

fn is_diagram(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(lang)))
            if lang.split_whitespace().next() == Some("mermaid")
    )
}

/// Deepest nesting of elements handed to the sanitizer. Its HTML parser scans the open
/// elements on every tag, so time grows with depth × tags; no real record nests this deep.
const MAX_NESTING: usize = 48;

/// Keep at most [`MAX_NESTING`] elements open: deeper Markdown structure loses its tags (its
/// text stays), and raw HTML that would open deeper elements is shown as text (issue 12,
/// item 6). Raw HTML's depth is estimated by [`html_depth_change`].
fn bound_nesting(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut kept: Vec<bool> = Vec::new();
    let (mut open, mut html_open) = (0usize, 0usize);
    for event in events {
        match event {
            Event::Start(tag) => {
                let keep = open + html_open < MAX_NESTING;
                kept.push(keep);
                if keep {
                    open += 1;
                    out.push(Event::Start(tag));
                }
            }
            Event::End(tag) => {
                if kept.pop().unwrap_or(true) {
                    open = open.saturating_sub(1);
                    out.push(Event::End(tag));
                }
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                let (opens, closes) = html_depth_change(html);
                if open + html_open + opens > MAX_NESTING {
                    out.push(Event::Text(html.clone()));
                } else {
                    html_open = (html_open + opens).saturating_sub(closes);
                    out.push(event);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Elements that never stay open (void) or close themselves when a sibling opens.
const NOT_NESTING: [&str; 22] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "!--",
];

/// How many elements a run of raw HTML opens and closes: a cheap count of `<name` and `</`,
/// not a parse. Only the depth bound uses it; the sanitizer still sees every tag.
fn html_depth_change(html: &str) -> (usize, usize) {
    let (mut opens, mut closes) = (0, 0);
    for piece in html.split('<').skip(1) {
        if piece.starts_with('/') {
            closes += 1;
            continue;
        }
        let name: String = piece
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!' || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        let self_closing = piece.split('>').next().is_some_and(|t| t.ends_with('/'));
        let starts_tag = piece.starts_with(|c: char| c.is_ascii_alphabetic());
        if starts_tag && !self_closing && !NOT_NESTING.contains(&name.as_str()) {
            opens += 1;
        }
    }
    (opens, closes)
}

/// Remove the first block when it is an H1 (the record's title).
fn drop_title(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let starts_with_h1 = matches!(
        events.first(),
        Some(Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        }))
    );
    if !starts_with_h1 {
        return events;
    }
    let end = events
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Heading(HeadingLevel::H1))))
        .unwrap_or(0);
    events.into_iter().skip(end + 1).collect()
}

/// Give each heading a unique id from its text and a `§` link to itself; the `##` and `###`
/// headings are also returned, for the table of contents.
fn anchor_headings(events: Vec<Event<'_>>) -> (Vec<Event<'_>>, Vec<Heading>) {
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    let mut headings = Vec::new();
    let mut out = Vec::with_capacity(events.len() + 8);
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Heading {
            level,
            id: None,
            classes,
            attrs,
        }) = &events[i]
        else {
            out.push(events[i].clone());
            i += 1;
            continue;
        };
        let end = events[i..]
            .iter()
            .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
            .map_or(events.len(), |p| i + p);
        let text = plain_text(&events[i + 1..end]);
        let mut base = name::slugify(&text);
        if SITE_IDS.contains(&base) {
            base = format!("section-{base}");
        }
        let count = used.entry(base.clone()).or_insert(0);
        let id = if *count == 0 {
            base
        } else {
            format!("{base}-{count}")
        };
        *count += 1;
        if let HeadingLevel::H2 | HeadingLevel::H3 = level {
            headings.push(Heading {
                level: *level as u8,
                id: id.clone(),
                text: text.clone(),
            });
        }
        out.push(Event::Start(Tag::Heading {
            level: *level,
            id: Some(CowStr::from(id.clone())),
            classes: classes.clone(),
            attrs: attrs.clone(),
        }));
        out.extend(events[i + 1..end].iter().cloned());
        out.push(Event::InlineHtml(CowStr::from(format!(
            " <a class=\"anchor\" href=\"#{id}\" title=\"Link to this section\">§</a>"
        ))));
        if end < events.len() {
            out.push(events[end].clone());
        }
        i = end + 1;
    }
    (out, headings)
}

/// The words of a run of events, whitespace collapsed, bounded.
fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => {
                text.push_str(t);
                text.push(' ');
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
        if text.len() > MAX_SEARCH_TEXT {
            break;
        }
    }
    let mut collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.len() > MAX_SEARCH_TEXT {
        let cut = (0..=MAX_SEARCH_TEXT)
            .rev()
            .find(|&i| collapsed.is_char_boundary(i))
            .unwrap_or(0);
        collapsed.truncate(cut);
    }
    collapsed
}

/// A link to another record whose text only names its file (`[0003-use-x.md](0003-use-x.md)`,
/// `[0003](…)`) reads as the record's number and title instead, struck through when that
/// record is superseded. Text the author chose (`[the queue decision](…)`) is kept.
fn label_record_links<'a>(mut events: Vec<Event<'a>>, links: &Links) -> Vec<Event<'a>> {
    let found: Vec<(usize, &Target)> = events
        .windows(3)
        .enumerate()
        .filter_map(|(i, window)| match window {
            [
                Event::Start(Tag::Link { dest_url, .. }),
                Event::Text(text),
                Event::End(TagEnd::Link),
            ] => record_page(dest_url, links)
                .and_then(|page| links.targets.get(page.split('#').next()?))
                .filter(|_| only_names_file(text, dest_url))
                .map(|target| (i + 1, target)),
            _ => None,
        })
        .collect();
    // From the last, so the insertions leave the earlier positions as they were.
    for &(i, target) in found.iter().rev() {
        events[i] = Event::Text(CowStr::from(target.label.clone()));
        if target.superseded {
            events.insert(i + 1, Event::End(TagEnd::Strikethrough));
            events.insert(i, Event::Start(Tag::Strikethrough));
        }
    }
    events
}

/// Whether a link's text is just its destination: the path, the file name, its slug or its
/// number.
fn only_names_file(text: &str, dest: &str) -> bool {
    let text = text.trim();
    let path = dest.split('#').next().unwrap_or(dest);
    let file = path.rsplit('/').next().unwrap_or(path);
    let slug = file.strip_suffix(".md").unwrap_or(file);
    let number = name::number_from_file_name(file);
    text == path
        || text == file
        || text == slug
        || number.is_some_and(|n| text.parse::<u32>() == Ok(n))
}

/// A task list's checkbox says what it stands for: a screen reader otherwise announces an
/// unlabelled control (axe-core's `label` rule).
fn label_task_box(event: Event<'_>) -> Event<'_> {
    match event {
        Event::TaskListMarker(done) => Event::InlineHtml(CowStr::from(match done {
            true => "<input type=\"checkbox\" disabled checked aria-label=\"done\"> ",
            false => "<input type=\"checkbox\" disabled aria-label=\"to do\"> ",
        })),
        event => event,
    }
}

/// Point a link at another record's file (`0003-x.md`, `./0003-x.md#context`) to its page.
fn rewrite_link<'a>(event: Event<'a>, links: &Links, base: &str) -> Event<'a> {
    let Event::Start(Tag::Link {
        link_type,
        dest_url,
        title,
        id,
    }) = event
    else {
        return event;
    };
    let dest_url = match record_page(&dest_url, links) {
        Some(page) => CowStr::from(format!("{base}{page}")),
        None => dest_url,
    };
    Event::Start(Tag::Link {
        link_type,
        dest_url,
        title,
        id,
    })
}

/// The page a relative link to a record file points at, keeping its `#fragment`.
pub fn record_page(dest: &str, links: &Links) -> Option<String> {
    let (path, fragment) = match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (dest, None),
    };
    let has_scheme = path
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains('/'));
    if has_scheme || !path.ends_with(".md") {
        return None;
    }
    let file = path.rsplit('/').next().unwrap_or(path);
    let page = links
        .by_file
        .get(file)
        .or_else(|| name::number_from_file_name(file).and_then(|n| links.by_number.get(&n)))?;
    Some(match fragment {
        Some(fragment) => format!("{page}#{fragment}"),
        None => page.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links() -> Links {
        Links {
            by_file: BTreeMap::from([("0003-use-x.md".into(), "0003-use-x.html".into())]),
            by_number: BTreeMap::from([(3, "0003-use-x.html".into())]),
            targets: BTreeMap::from([(
                "0003-use-x.html".into(),
                Target {
                    label: "0003 Use X".into(),
                    superseded: true,
                },
            )]),
        }
    }

    #[test]
    fn links_that_name_a_file_read_as_its_number_and_title_struck_when_superseded() {
        let out = render(
            "See [0003-use-x.md](0003-use-x.md), [0003](./0003-use-x.md#context) and [the X decision](0003-use-x.md).\n",
            &links(),
        );
        let struck =
            "<a href=\"0003-use-x.html\" rel=\"noopener noreferrer\"><del>0003 Use X</del></a>";
        assert!(out.html.contains(struck), "{}", out.html);
        assert!(
            out.html
                .contains("<a href=\"0003-use-x.html#context\" rel=\"noopener noreferrer\"><del>0003 Use X</del></a>"),
            "{}",
            out.html
        );
        assert!(
            out.html.contains(
                "<a href=\"0003-use-x.html\" rel=\"noopener noreferrer\">the X decision</a>"
            ),
            "{}",
            out.html
        );
    }

    #[test]
    fn links_to_record_files_point_at_pages() {
        let out = render(
            "See [three](0003-use-x.md#context), [renamed](./0003-old-name.md) and [web](https://example.com/0003-use-x.md).\n",
            &links(),
        );
        assert!(
            out.html.contains("href=\"0003-use-x.html#context\""),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("href=\"0003-use-x.html\""),
            "{}",
            out.html
        );
        assert!(
            out.html
                .contains("href=\"https://example.com/0003-use-x.md\""),
            "{}",
            out.html
        );
    }

    #[test]
    fn title_is_dropped_and_headings_get_unique_anchors() {
        let out = render(
            "# Title\n\n## Context\n\ntext\n\n## Context\n",
            &Links::default(),
        );
        assert!(!out.html.contains("<h1"), "{}", out.html);
        assert!(
            out.html
                .contains("<h2 id=\"context\">Context <a class=\"anchor\" href=\"#context\""),
            "{}",
            out.html
        );
        assert!(out.html.contains("<h2 id=\"context-1\">"), "{}", out.html);
        assert_eq!(out.text, "Context text Context");
    }

    #[test]
    fn gfm_tables_task_lists_and_footnotes_render() {
        let out = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] open\n\nNote[^1].\n\n[^1]: The note.\n",
            &Links::default(),
        );
        assert!(out.html.contains("<table>"), "{}", out.html);
        // Labelled for screen readers: axe-core's `label` rule.
        let done = "<input type=\"checkbox\" disabled=\"\" checked=\"\" aria-label=\"done\"> done";
        let open = "<input type=\"checkbox\" disabled=\"\" aria-label=\"to do\"> open";
        assert!(out.html.contains(done), "{}", out.html);
        assert!(out.html.contains(open), "{}", out.html);
        assert!(
            out.html.contains("class=\"footnote-definition\""),
            "{}",
            out.html
        );
    }

    /// The sanitizer's HTML parser is quadratic in nesting depth: 40,000 levels took 57 s
    /// to build before depth was bounded (issue 12, item 6).
    #[test]
    fn forty_thousand_levels_of_nesting_render_quickly_as_text() {
        let bodies = [
            format!("{}deep", "* ".repeat(40_000)),
            format!("{}deep", "> ".repeat(40_000)),
            format!("{}deep", "<div>".repeat(40_000)),
            format!("{}deep", "<b><i>".repeat(20_000)),
        ];
        for body in bodies {
            let started = std::time::Instant::now();
            let out = render(&body, &Links::default());
            let elapsed = started.elapsed();
            // Loose (a debug build on a shared machine); unbounded, `<div>` took over 4 minutes.
            assert!(elapsed.as_secs() < 20, "{:?}…: {elapsed:?}", &body[..6]);
            assert!(
                out.html.contains("deep"),
                "{:?}…: the text is kept",
                &body[..6]
            );
            let opened = out.html.matches("<ul>").count()
                + out.html.matches("<blockquote>").count()
                + out.html.matches("<div>").count()
                + out.html.matches("<b>").count();
            assert!(opened <= MAX_NESTING, "{:?}…: {opened} levels", &body[..6]);
        }
    }

    #[test]
    fn ordinary_nesting_and_inline_html_are_kept() {
        let out = render(
            "* a\n  * b\n    > quoted <b>bold</b>\n\n<div>\n<p>html</p>\n</div>\n",
            &Links::default(),
        );
        assert_eq!(out.html.matches("<ul>").count(), 2, "{}", out.html);
        assert!(out.html.contains("<blockquote>"), "{}", out.html);
        assert!(out.html.contains("<b>bold</b>"), "{}", out.html);
        assert!(
            out.html.contains("<div>\n<p>html</p>\n</div>"),
            "{}",
            out.html
        );
    }

    #[test]
    fn body_html_cannot_use_the_sites_classes_or_ids() {
        let out = render(
            "## Main\n\n<div class=\"banner banner-accepted\" id=\"main\">Accepted</div>\n\n```rust\nfn x() {}\n```\n",
            &Links::default(),
        );
        assert!(!out.html.contains("banner"), "{}", out.html);
        assert!(!out.html.contains("id=\"main\""), "{}", out.html);
        assert!(out.html.contains("id=\"section-main\""), "{}", out.html);
        assert!(out.html.contains("class=\"language-rust\""), "{}", out.html);
    }

    #[test]
    fn script_handlers_and_javascript_urls_are_removed() {
        let out = render(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) <a href=\"JaVaScRiPt:alert(1)\">y</a>\n\n<input type=text onfocus=alert(1) autofocus>\n",
            &Links::default(),
        );
        let lower = out.html.to_lowercase();
        assert!(!lower.contains("<script"), "{}", out.html);
        assert!(!lower.contains("onerror"), "{}", out.html);
        assert!(!lower.contains("onfocus"), "{}", out.html);
        assert!(!lower.contains("javascript:"), "{}", out.html);
        assert!(!lower.contains("type=\"text\""), "{}", out.html);
    }
}
