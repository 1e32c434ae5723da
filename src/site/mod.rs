//! The static site `because build` writes: plan pages → render → write, as named steps.
//!
//! [`plan`] turns the index (and Git history, when read) into page data; [`render`] turns that
//! into bytes with the embedded templates (each overridable from the templates directory) and
//! renders record bodies through [`markdown`], which sanitizes them; [`write`] replaces the
//! output directory, refusing one it did not create. Same repository in, same bytes out: no
//! build time is written unless `SOURCE_DATE_EPOCH` asks for one.

pub mod calendars;
pub mod code;
pub mod markdown;
pub mod monorepo;
pub mod plan;
pub mod render;
pub mod search;
pub mod write;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::git::History;
use crate::index::Index;
use crate::workspace::Workspace;
use plan::HistorySource;

/// What `because build` asked for.
#[derive(Debug, Clone)]
pub struct Options {
    pub out: PathBuf,
    /// Read Git history (off with `--no-history`).
    pub history: bool,
}

/// Reports progress as (step, done, total); `total` is 0 for a step without a count.
pub type Progress<'a> = &'a (dyn Fn(&str, usize, usize) + Sync);

/// What a build did, for the closing summary line.
#[derive(Debug, Clone)]
pub struct Summary {
    /// HTML pages written.
    pub pages: usize,
    /// Every file written.
    pub files: usize,
    pub elapsed: Duration,
    /// `read`, `shallow`, `skipped` or `unavailable`.
    pub history: &'static str,
    /// Every file written (marker excluded), absolute.
    pub written: Vec<PathBuf>,
}

/// Build the site for every record in `index` into `options.out`.
pub fn build(
    ws: &Workspace,
    index: &Index,
    options: &Options,
    progress: Progress<'_>,
) -> Result<Summary> {
    let started = Instant::now();
    let history = read_history(ws, options, progress)?;
    progress("reading code ties", 0, 0);
    let code = code::read(ws, index, history.as_ref())?;
    let inputs = inputs(ws, index, &history, &code, options.history)?;
    let plan = plan::plan(&inputs);
    // Templates load, and every site-wide page and one page of each per-record and per-person
    // template render, before the old site is touched, so a broken override keeps it.
    let renderer = render::Renderer::new(ws)?;
    let pages = render::Pages::new(&plan, &renderer);
    let mut fixed = pages.fixed()?;
    fixed.extend(calendars::feeds(&plan, &ws.config, calendar_stamp(&plan)));
    pages.check_templates()?;
    let shown = ws.display(&options.out);
    let templates = ws.templates_dir();
    write::prepare(
        &options.out,
        &shown,
        &[&ws.root, &ws.records_dir, &templates],
    )?;
    let site = write::Site::new(&options.out)?;
    let written = match write_pages(&pages, &fixed, &site, progress) {
        Ok(()) => site.finish()?,
        Err(err) => {
            // Keep what was written listed, so the next build can clear it; the first error
            // is the one to report.
            let _ = site.abandon();
            return Err(err);
        }
    };
    Ok(Summary {
        pages: written
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .count(),
        files: written.len() + 1,
        elapsed: started.elapsed(),
        history: plan.site.history,
        written,
    })
}

/// What the plan needs: the index, the config, the history as far as it could be read.
fn inputs<'a>(
    ws: &'a Workspace,
    index: &'a Index,
    history: &'a Option<History>,
    code: &'a code::CodeTies,
    wanted: bool,
) -> Result<plan::Inputs<'a>> {
    let source = match (history, wanted) {
        (Some(history), _) => HistorySource::Read(history),
        (None, true) => HistorySource::Unavailable,
        (None, false) => HistorySource::Skipped,
    };
    Ok(plan::Inputs {
        index,
        config: &ws.config,
        history: source,
        now: ws.clock.now,
        records_rel: crate::text::slash_path(
            ws.records_dir
                .strip_prefix(&ws.root)
                .unwrap_or(&ws.records_dir),
        ),
        built: source_date_epoch()?,
        source_url: source_url(ws)?,
        code,
        intro: intro(ws)?,
    })
}

/// Names of the records directory's own page, shown as the site's introduction.
const INTRO_FILES: [&str; 3] = ["index.md", "README.md", "readme.md"];

/// The records directory's own page, if it has one. Only a regular file is read: a symlink
/// could publish whatever it points at (`/proc/self/environ` in CI).
fn intro(ws: &Workspace) -> Result<Option<String>> {
    for name in INTRO_FILES {
        let path = ws.records_dir.join(name);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let shown = ws.display(&path);
        if !meta.file_type().is_file() || meta.len() > crate::store::MAX_RECORD_BYTES {
            eprintln!(
                "note: `{}` is not shown as the site's introduction: only a regular file of at most {} MiB is",
                shown.display(),
                crate::store::MAX_RECORD_BYTES / 1024 / 1024
            );
            continue;
        }
        return crate::store::read_text(ws, &path).map(Some);
    }
    Ok(None)
}

/// The configured `source-url`, else one made from the `origin` remote of a known forge.
fn source_url(ws: &Workspace) -> Result<Option<String>> {
    if let Some(url) = &ws.config.site.source_url {
        let web = url.starts_with("https://") || url.starts_with("http://");
        if !web || !url.contains("{path}") {
            anyhow::bail!(
                "`source-url = \"{url}\"` in because.toml must be an http(s) URL with `{{path}}` where the file's path goes"
            );
        }
        return Ok(Some(url.clone()));
    }
    let origin = crate::git::Repo::discover(&ws.records_dir).and_then(|r| r.origin_url());
    Ok(origin.and_then(|o| forge_source_url(&o)))
}

/// `git@github.com:acme/app.git` or `https://github.com/acme/app` → the file-view URL pattern
/// of that forge, for hosts whose URL scheme is known; `None` for anything else.
fn forge_source_url(origin: &str) -> Option<String> {
    let origin = origin.trim().trim_end_matches('/').trim_end_matches(".git");
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("ssh://git@"))
        .or_else(|| origin.strip_prefix("git@"))?;
    let (host, path) = rest.split_once([':', '/'])?;
    let path = path.trim_start_matches('/');
    let valid = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._/".contains(c))
    };
    if !valid(host) || !valid(path) || path.split('/').count() < 2 {
        return None;
    }
    let view = match host {
        "github.com" | "codeberg.org" => "blob/HEAD",
        h if h.contains("gitlab") => "-/blob/HEAD",
        h if h.contains("gitea") || h.contains("forgejo") => "src/branch/HEAD",
        _ => return None,
    };
    Some(format!("https://{host}/{path}/{view}/{{path}}"))
}

/// Stream every page into `site`, then the search index and the site-wide files.
fn write_pages(
    pages: &render::Pages<'_, '_>,
    fixed: &[render::Output],
    site: &write::Site,
    progress: Progress<'_>,
) -> Result<()> {
    let entries = pages.stream(&|output| site.write(output), &|done, total| {
        progress("rendering", done, total)
    })?;
    progress("writing", 0, 0);
    site.write_with(search::PATH, &mut |out| search::write(&entries, out))?;
    drop(entries);
    for output in fixed {
        site.write(output)?;
    }
    Ok(())
}

fn read_history(
    ws: &Workspace,
    options: &Options,
    progress: Progress<'_>,
) -> Result<Option<History>> {
    if !options.history {
        return Ok(None);
    }
    progress("reading git history", 0, 0);
    match crate::git::Repo::discover(&ws.records_dir) {
        // A partial or damaged clone lacks objects history needs; the site can still be built.
        Some(repo) => repo.history().context(
            "failed to read the git history of the records (a missing object means a partial or damaged clone); run `git fsck`, or build without history: `because build --no-history`",
        ),
        None => Ok(None),
    }
}

/// DTSTAMP of the feeds: the build time when `SOURCE_DATE_EPOCH` gives one, else the epoch,
/// so the same repository builds the same bytes.
fn calendar_stamp(plan: &plan::Plan<'_>) -> jiff::Timestamp {
    plan.site
        .built
        .as_deref()
        .and_then(|t| t.parse().ok())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

/// The build time to show, only when `SOURCE_DATE_EPOCH` is set (reproducible-builds.org).
fn source_date_epoch() -> Result<Option<String>> {
    let Ok(text) = std::env::var("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    if text.trim().is_empty() {
        return Ok(None);
    }
    let seconds: i64 = text.trim().parse().with_context(|| {
        format!("SOURCE_DATE_EPOCH is `{text}`; it must be whole seconds since 1970")
    })?;
    let time = jiff::Timestamp::from_second(seconds)
        .ok()
        .with_context(|| format!("SOURCE_DATE_EPOCH `{text}` is out of range"))?;
    Ok(Some(time.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()))
}

/// Copy the default templates and assets into the templates directory, keeping any file that
/// is already there. Returns each path and whether it was written (false: kept).
pub fn eject_templates(ws: &Workspace) -> Result<Vec<(PathBuf, bool)>> {
    let dir = ws.templates_dir();
    if !ws.is_inside_root(&dir) {
        anyhow::bail!(
            "refusing to write templates to `{}`: it lies outside the repository; set `templates-dir` in because.toml to a folder inside it",
            ws.display(&dir).display()
        );
    }
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("failed to create `{}`", ws.display(&dir).display()))?;
    let mut results = Vec::new();
    for (name, text) in crate::templates::all() {
        let path = dir.join(name);
        if path.exists() {
            results.push((path, false));
            continue;
        }
        crate::store::create_file(&path, text)?;
        results.push((path, true));
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forge_urls_come_from_known_remotes_only() {
        assert_eq!(
            forge_source_url("git@github.com:acme/app.git").as_deref(),
            Some("https://github.com/acme/app/blob/HEAD/{path}")
        );
        assert_eq!(
            forge_source_url("https://gitlab.com/acme/group/app").as_deref(),
            Some("https://gitlab.com/acme/group/app/-/blob/HEAD/{path}")
        );
        assert_eq!(forge_source_url("/srv/git/app.git"), None);
        assert_eq!(forge_source_url("https://example.com/acme/app"), None);
        assert_eq!(forge_source_url("https://github.com/acme/\"onerror"), None);
    }
}
