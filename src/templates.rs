//! The templates users can override, embedded from the top-level `templates/` folder: record
//! templates, site templates and site assets. Each is overridden by a file of the same name in
//! the templates directory (`.because/templates/`); `because build --eject-templates` copies
//! every one of them out.

/// Record templates by name: `adr.md`, `rfc.md`, MADR 4's `madr-full.md` and `madr-minimal.md`,
/// `init.md`, and [`GENERIC`] for a kind defined
/// in config with neither a template of its own nor an override file.
pub const RECORD: [(&str, &str); 6] = [
    ("adr.md", include_str!("../templates/record/adr.md")),
    ("rfc.md", include_str!("../templates/record/rfc.md")),
    // MADR 4's own templates (`new --template madr-full`), for teams that keep MADR files.
    (
        "madr-full.md",
        include_str!("../templates/record/madr-full.md"),
    ),
    (
        "madr-minimal.md",
        include_str!("../templates/record/madr-minimal.md"),
    ),
    ("init.md", include_str!("../templates/record/init.md")),
    (GENERIC, include_str!("../templates/record/kind.md")),
];

/// The record template of a configured kind that has none: its own `kind:` and sections.
pub const GENERIC: &str = "kind.md";

/// Site page templates.
pub const SITE: [(&str, &str); 11] = [
    ("base.html", include_str!("../templates/site/base.html")),
    ("index.html", include_str!("../templates/site/index.html")),
    ("record.html", include_str!("../templates/site/record.html")),
    ("people.html", include_str!("../templates/site/people.html")),
    ("person.html", include_str!("../templates/site/person.html")),
    (
        "timeline.html",
        include_str!("../templates/site/timeline.html"),
    ),
    ("graph.html", include_str!("../templates/site/graph.html")),
    (
        "in-force.html",
        include_str!("../templates/site/in-force.html"),
    ),
    ("code.html", include_str!("../templates/site/code.html")),
    ("feed.xml", include_str!("../templates/site/feed.xml")),
    // A monorepo's top page, listing every member's records (issue 16).
    (
        "members.html",
        include_str!("../templates/site/members.html"),
    ),
];

/// Static files copied to the site root.
pub const ASSETS: [(&str, &str); 5] = [
    ("style.css", include_str!("../templates/assets/style.css")),
    ("app.js", include_str!("../templates/assets/app.js")),
    ("search.js", include_str!("../templates/assets/search.js")),
    (
        "deadlines.js",
        include_str!("../templates/assets/deadlines.js"),
    ),
    (
        "diagrams.js",
        include_str!("../templates/assets/diagrams.js"),
    ),
];

/// Mermaid, pinned and vendored from npm (`mermaid@12.3.0`, MIT, `templates/vendor/`), written
/// to a site only when a record has a diagram: the site draws diagrams offline.
pub const MERMAID: (&str, &str) = (
    "mermaid.min.js",
    include_str!("../templates/vendor/mermaid.min.js"),
);

/// The embedded record template `name`, if there is one.
pub fn record(name: &str) -> Option<&'static str> {
    find(&RECORD, name)
}

/// Every overridable file, record templates first: what `--eject-templates` writes.
pub fn all() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    RECORD.iter().chain(SITE.iter()).chain(ASSETS.iter())
}

fn find(list: &[(&'static str, &'static str)], name: &str) -> Option<&'static str> {
    list.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_across_kinds() {
        let mut names: Vec<&str> = all().map(|(n, _)| *n).collect();
        let count = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), count, "two templates share an override name");
    }
}
