//! Rendering record templates (the embedded ones in `crate::templates`, or an override the
//! caller read) with minijinja, at the command edge: the record core never sees a template
//! engine, and this module does no IO.

use serde::Serialize;

/// What a template can use.
#[derive(Debug, Clone, Serialize, Default)]
pub struct NewRecord {
    pub number: u32,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub date: String,
    pub decision_maker: Option<String>,
    pub deadline: Option<String>,
    /// The deadline for the body: `Thu 12 Mar 2026 17:00 PDT (America/Los_Angeles)`.
    pub deadline_shown: Option<String>,
    pub decided: Option<String>,
    pub consulted: Vec<String>,
    pub informed: Vec<String>,
    pub tags: Vec<String>,
    pub supersedes: Vec<u32>,
    pub amends: Vec<u32>,
    /// The kind's required sections (what the generic template writes).
    pub sections: Vec<String>,
    /// `new --template NAME`: the template to render instead of the kind's; not for templates.
    #[serde(skip)]
    pub template: Option<String>,
}

/// Render `source` (a template's text) for `record`. Errors carry minijinja's line.
pub fn render(name: &str, source: &str, record: &NewRecord) -> Result<String, String> {
    let mut env = minijinja::Environment::new();
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .keep_trailing_newline(true)
        .build()
        .map_err(|e| describe(&e))?;
    env.set_syntax(syntax);
    env.add_filter("yaml", yaml_filter);
    env.add_template(name, source).map_err(|e| describe(&e))?;
    let template = env.get_template(name).map_err(|e| describe(&e))?;
    template
        .render(minijinja::value::Serde(record))
        .map_err(|e| describe(&e))
}

fn describe(err: &minijinja::Error) -> String {
    match err.line() {
        Some(line) => format!("line {line}: {err}"),
        None => err.to_string(),
    }
}

/// Values in front matter are written as JSON, which is valid YAML and quotes `@sam` safely.
fn yaml_filter(value: minijinja::Value) -> Result<String, minijinja::Error> {
    serde_json::to_string(&value)
        .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, e.to_string()))
}

/// The placeholder text of the embedded template for `kind`, per section heading, so `check`
/// can tell a section the author never touched.
pub fn placeholder_sections(source: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in source.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            out.push((heading.trim().to_string(), String::new()));
        } else if let Some((_, text)) = out.last_mut()
            && !line.trim().is_empty()
        {
            text.push_str(line.trim());
            text.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adr_template_renders_parseable_front_matter() {
        let record = NewRecord {
            number: 7,
            title: "Use: colons".into(),
            kind: "adr".into(),
            status: "proposed".into(),
            date: "2026-01-02".into(),
            decision_maker: Some("@sam".into()),
            tags: vec!["api".into()],
            supersedes: vec![3],
            ..Default::default()
        };
        let text = render(
            "adr.md",
            crate::templates::record("adr.md").unwrap(),
            &record,
        )
        .unwrap();
        let parsed = crate::record::parse(
            "0007-use-colons.md".into(),
            text.as_bytes(),
            &crate::config::Config::default(),
        );
        assert!(parsed.problems.is_empty(), "{:?}\n{text}", parsed.problems);
        assert_eq!(parsed.decision_makers, vec!["@sam"]);
        assert_eq!(parsed.title.as_deref(), Some("Use: colons"));
        assert_eq!(parsed.tags, vec!["api"]);
    }

    #[test]
    fn placeholders_are_found_per_section() {
        let sections = placeholder_sections(crate::templates::record("adr.md").unwrap());
        assert!(
            sections
                .iter()
                .any(|(h, t)| h == "Context" && !t.is_empty())
        );
    }
}
