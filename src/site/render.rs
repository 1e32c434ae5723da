//! Render: the planned pages → bytes, with the embedded (or overridden) templates and assets.
//!
//! Record pages render in parallel; each renders its body once (HTML and search text together).
//! minijinja types stay in this file.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result};
use minijinja::value::{Serde, Value};
use minijinja::{Environment, context};
use rayon::prelude::*;
use serde::Serialize;

use super::plan::{PersonPage, Plan, RecordPage};
use super::{markdown, search};
use crate::workspace::Workspace;

pub use crate::templates::{ASSETS, SITE as TEMPLATES};

/// One file of the site: a `/`-separated path relative to the output directory, and its bytes.
#[derive(Debug, Clone)]
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The template environment and assets, with overrides applied.
pub struct Renderer {
    env: Environment<'static>,
    assets: Vec<(&'static str, String)>,
}

impl Renderer {
    pub fn new(ws: &Workspace) -> Result<Renderer> {
        let mut env = Environment::new();
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .build()
                .expect("default delimiters are valid"),
        );
        env.set_formatter(escape_html);
        for (name, embedded) in TEMPLATES {
            let source = ws.template_source(name, embedded)?;
            env.add_template_owned(name, source)
                .with_context(|| format!("template `{name}` does not parse"))?;
        }
        let assets = ASSETS
            .iter()
            .map(|&(name, embedded)| Ok((name, ws.template_source(name, embedded)?)))
            .collect::<Result<_>>()?;
        Ok(Renderer { env, assets })
    }

    fn page(&self, name: &str, ctx: Value) -> Result<Vec<u8>> {
        let template = self
            .env
            .get_template(name)
            .with_context(|| format!("failed to load template `{name}`"))?;
        let mut text = template
            .render(ctx)
            .with_context(|| format!("failed to render template `{name}`"))?;
        if !text.ends_with('\n') {
            text.push('\n');
        }
        Ok(text.into_bytes())
    }
}

impl Renderer {
    /// A monorepo's top page and the stylesheet it links (each member's site has its own).
    pub fn members_index(
        &self,
        title: &str,
        members: &impl Serialize,
        record_count: usize,
    ) -> Result<Vec<Output>> {
        let generator = format!("because {}", env!("CARGO_PKG_VERSION"));
        let ctx = context! { title, generator, record_count, members => Serde(members) };
        let style = self.assets.iter().find(|(name, _)| *name == "style.css");
        let style = style.map(|(name, text)| Output {
            path: (*name).into(),
            bytes: text.clone().into_bytes(),
        });
        let index = Output {
            path: "index.html".into(),
            bytes: self.page("members.html", ctx)?,
        };
        Ok(std::iter::once(index).chain(style).collect())
    }
}

/// minijinja's HTML escaping also escapes `/`, which makes every URL `records&#x2f;…`: valid,
/// but noisy in the output people read. Escaping `& < > " '` is what HTML needs.
fn escape_html(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    match (state.auto_escape(), value.as_str()) {
        (minijinja::AutoEscape::Html, Some(text)) if !value.is_safe() => {
            let escaped = crate::text::escape_markup(text);
            out.write_str(&escaped).map_err(|e| {
                minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string())
            })
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// Receives each page as it is rendered (see [`Pages::stream`]).
pub type Sink<'a> = &'a (dyn Fn(&Output) -> Result<()> + Sync);

/// The planned site's pages, rendered in two parts so that no more than one page per record
/// is in memory at once (issue 6): the [`fixed`](Pages::fixed) site-wide files, then one
/// page per record and per person [`streamed`](Pages::stream) to a sink as each is rendered.
pub struct Pages<'a, 'p> {
    plan: &'a Plan<'p>,
    renderer: &'a Renderer,
    site: Value,
}

impl<'a, 'p> Pages<'a, 'p> {
    pub fn new(plan: &'a Plan<'p>, renderer: &'a Renderer) -> Pages<'a, 'p> {
        Pages {
            plan,
            renderer,
            site: Value::from(Serde(&plan.site)),
        }
    }

    /// Every page that is not one per record or person: the index, people index, timeline and
    /// feed, `decisions.json` and the assets. The search index comes from [`Pages::stream`].
    pub fn fixed(&self) -> Result<Vec<Output>> {
        let (plan, site) = (self.plan, &self.site);
        let root_pages = [
            (
                "index.html",
                "index.html",
                context! { site => site.clone(), root => "", nav => "index", records => Serde(&plan.records), filters => Serde(&plan.filters), intro => intro(plan) },
            ),
            (
                "people/index.html",
                "people.html",
                context! { site => site.clone(), root => "../", nav => "people", people => Serde(&plan.people) },
            ),
            (
                "in-force.html",
                "in-force.html",
                context! { site => site.clone(), root => "", nav => "in-force", groups => Serde(&plan.in_force) },
            ),
            (
                "timeline.html",
                "timeline.html",
                context! { site => site.clone(), root => "", nav => "timeline", groups => Serde(&plan.timeline) },
            ),
            (
                "graph.html",
                "graph.html",
                context! { site => site.clone(), root => "", nav => "graph", graph => plan.graph.clone() },
            ),
            (
                "code.html",
                "code.html",
                context! { site => site.clone(), root => "", nav => "code", paths => Serde(&plan.code) },
            ),
            (
                "feed.xml",
                "feed.xml",
                context! { site => site.clone(), root => "", entries => Serde(feed_entries(plan)), updated => feed_updated(plan) },
            ),
        ];
        let mut outputs = Vec::with_capacity(root_pages.len() + 1 + ASSETS.len());
        for (path, template, ctx) in root_pages {
            outputs.push(Output {
                path: path.into(),
                bytes: self.renderer.page(template, ctx)?,
            });
        }
        outputs.push(Output {
            path: "decisions.json".into(),
            bytes: decisions_json(plan),
        });
        outputs.extend(self.assets());
        Ok(outputs)
    }

    /// The static files: the assets, and Mermaid when a record may draw a diagram.
    fn assets(&self) -> Vec<Output> {
        let mut outputs: Vec<Output> = self
            .renderer
            .assets
            .iter()
            .map(|(name, text)| Output {
                path: (*name).into(),
                bytes: text.clone().into_bytes(),
            })
            .collect();
        let records = &self.plan.records;
        if records
            .iter()
            .any(|p| markdown::may_have_diagrams(&p.record.body))
        {
            let (name, text) = crate::templates::MERMAID;
            outputs.push(Output {
                path: name.into(),
                bytes: text.as_bytes().to_vec(),
            });
        }
        outputs
    }

    /// Render the first record page and the first person page and throw them away: a template
    /// override that fails on every page fails here, before anything is written.
    pub fn check_templates(&self) -> Result<()> {
        if let Some(page) = self.plan.records.first() {
            self.record_page(page)?;
        }
        if let Some(person) = self.plan.people.first() {
            self.person_page(person)?;
        }
        Ok(())
    }

    /// Render every record and person page in parallel, handing each to `sink` as soon as it
    /// is rendered; `progress` is called with (done, total) as record pages finish. Returns
    /// the search entry of every record page, in record order.
    pub fn stream(
        &self,
        sink: Sink<'_>,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Vec<search::Entry>> {
        let done = AtomicUsize::new(0);
        let total = self.plan.records.len();
        let entries: Vec<search::Entry> = self
            .plan
            .records
            .par_iter()
            .map(|page| {
                let (output, entry) = self.record_page(page)?;
                sink(&output)?;
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                Ok(entry)
            })
            .collect::<Result<_>>()?;
        self.plan
            .people
            .par_iter()
            .try_for_each(|person| sink(&self.person_page(person)?))?;
        Ok(entries)
    }

    fn person_page(&self, person: &PersonPage) -> Result<Output> {
        Ok(Output {
            path: person.person.url.clone(),
            bytes: self.renderer.page(
                "person.html",
                context! { site => self.site.clone(), root => "../", nav => "people", page => Serde(person) },
            )?,
        })
    }

    fn record_page(&self, page: &RecordPage<'_>) -> Result<(Output, search::Entry)> {
        record_page(self.plan, self.renderer, &self.site, page)
    }
}

fn record_page(
    plan: &Plan<'_>,
    renderer: &Renderer,
    site: &Value,
    page: &RecordPage<'_>,
) -> Result<(Output, search::Entry)> {
    let body = markdown::render(&page.record.body, &plan.links);
    let bytes = renderer
        .page(
            "record.html",
            context! {
                site => site.clone(),
                root => "../",
                nav => "index",
                page => Serde(page),
                body => Value::from_safe_string(body.html),
                diagrams => body.diagrams,
                contents => Serde(table_of_contents(&body.headings)),
            },
        )
        .with_context(|| format!("failed to render the page for `{}`", page.source))?;
    Ok((
        Output {
            path: page.r.url.clone(),
            bytes,
        },
        search::Entry::new(page, &body.text),
    ))
}

/// The home page's introduction as sanitized HTML, its links to records pointing at their pages.
fn intro(plan: &Plan<'_>) -> Option<Value> {
    let text = plan.intro.as_deref()?;
    let html = markdown::render_at(text, &plan.links, "records/").html;
    Some(Value::from_safe_string(html))
}

/// A record with this many `##`/`###` headings is long enough for a table of contents; the
/// usual three sections (context, decision, consequences) read without one.
const CONTENTS_FROM: usize = 5;

/// The headings a long record lists above its body; none for a short one.
fn table_of_contents(headings: &[markdown::Heading]) -> &[markdown::Heading] {
    match headings.len() >= CONTENTS_FROM {
        true => headings,
        false => &[],
    }
}

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    id: &'a str,
    url: &'a str,
    status: &'a str,
    kind: &'a str,
    updated: String,
    decision_makers: Vec<&'a str>,
}

/// The newest records first; a feed reader needs recent changes, not the whole archive.
const FEED_LIMIT: usize = 50;

fn feed_entries<'a>(plan: &'a Plan<'_>) -> Vec<FeedEntry<'a>> {
    let mut pages: Vec<&RecordPage<'_>> = plan
        .records
        .iter()
        .filter(|p| p.timeline_date.is_some())
        .collect();
    pages.sort_by(|a, b| {
        (&b.timeline_date, b.r.number, &b.r.url).cmp(&(&a.timeline_date, a.r.number, &a.r.url))
    });
    pages
        .into_iter()
        .take(FEED_LIMIT)
        .map(|p| FeedEntry {
            title: &p.r.title,
            id: &p.r.id,
            url: &p.r.url,
            status: &p.r.status,
            kind: &p.r.kind,
            updated: atom_time(p.timeline_date.as_deref().unwrap_or_default()),
            decision_makers: p.decision_makers.iter().map(|d| d.name.as_str()).collect(),
        })
        .collect()
}

/// The feed's `<updated>`: the build time when `SOURCE_DATE_EPOCH` sets one, else the newest
/// entry, so the same records give the same bytes.
fn feed_updated(plan: &Plan<'_>) -> String {
    if let Some(built) = &plan.site.built {
        return built.clone();
    }
    plan.records
        .iter()
        .filter_map(|p| p.timeline_date.as_deref())
        .map(atom_time)
        .max()
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}

fn atom_time(date: &str) -> String {
    match crate::time::parse_date(date) {
        Some(d) => format!("{d}T00:00:00Z"),
        None => "1970-01-01T00:00:00Z".into(),
    }
}

#[derive(Serialize)]
struct DecisionsJson<'a> {
    title: &'a str,
    generator: &'a str,
    records: Vec<DecisionJson<'a>>,
}

#[derive(Serialize)]
struct DecisionJson<'a> {
    number: Option<u32>,
    id: &'a str,
    title: &'a str,
    kind: &'a str,
    status: &'a str,
    status_raw: Option<&'a str>,
    date: Option<&'a str>,
    decided: Option<&'a str>,
    deadline: Option<&'a str>,
    review_by: Option<&'a str>,
    decision_makers: &'a [String],
    consulted: &'a [String],
    informed: &'a [String],
    tags: &'a [String],
    /// Relations from both ends, by front-matter key.
    relations: BTreeMap<&'static str, Vec<Option<u32>>>,
    /// The record in force in this one's place (its accepted successor), if another.
    in_force: Option<u32>,
    /// This record itself is in force: accepted, and no accepted record supersedes it.
    is_in_force: bool,
    path: &'a str,
    url: String,
    created: Option<CreatedJson<'a>>,
    commits: usize,
}

#[derive(Serialize)]
struct CreatedJson<'a> {
    author: &'a str,
    date: &'a str,
    commit: &'a str,
}

/// `decisions.json`: every record's metadata and relations, for other tools (like `peps.json`).
fn decisions_json(plan: &Plan<'_>) -> Vec<u8> {
    let base = plan.site.base_url.as_deref().unwrap_or("");
    let records = plan
        .records
        .iter()
        .map(|p| {
            let r = p.record;
            DecisionJson {
                number: r.number,
                id: &p.r.id,
                title: &p.r.title,
                kind: &r.kind,
                status: &p.r.status,
                status_raw: r.status_raw.as_deref(),
                date: p.date.as_deref(),
                decided: r.decided.as_deref(),
                deadline: r.deadline.as_deref(),
                review_by: r.review_by.as_deref(),
                decision_makers: &r.decision_makers,
                consulted: &r.consulted,
                informed: &r.informed,
                tags: &r.tags,
                relations: p
                    .relations
                    .iter()
                    .map(|rel| (rel.key, rel.records.iter().map(|x| x.number).collect()))
                    .collect(),
                in_force: p
                    .banner
                    .as_ref()
                    .and_then(|b| b.in_force.as_ref())
                    .and_then(|x| x.number),
                is_in_force: p.in_force,
                path: &p.source,
                url: format!("{base}{}", p.r.url),
                created: p.history.created.as_ref().map(|c| CreatedJson {
                    author: &c.author,
                    date: &c.date,
                    commit: &c.id,
                }),
                commits: p.history.commits.len(),
            }
        })
        .collect();
    let doc = DecisionsJson {
        title: &plan.site.title,
        generator: &plan.site.generator,
        records,
    };
    let mut bytes = serde_json::to_vec_pretty(&doc).expect("plain data serializes");
    bytes.push(b'\n');
    bytes
}
