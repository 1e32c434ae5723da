//! The site of a monorepo (issue 16, decision 0014): each member's own site in a subfolder of
//! the output (`services-a/`, the root member in `root/`), and a top `index.html` listing
//! every record of every member, with a member filter.
//!
//! Each member's site is built as it would be alone (its own config, templates, history), so
//! its pages and links do not change with the members beside it. The output directory lists
//! in its marker what every member wrote as well as the top page, so a rebuild removes only
//! what builds wrote, a member that is gone included (decision 0007).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Result;
use serde::Serialize;

use super::plan::{RecordRef, record_refs};
use super::{Options, Progress, Summary, render, write};
use crate::index::Index;
use crate::record::name;
use crate::workspace::{Member, Workspace, members::ROOT};

/// A member and its records, to build.
pub struct Part<'a> {
    pub member: &'a Member,
    pub index: &'a Index,
}

/// One member on the top page.
#[derive(Debug, Serialize)]
struct MemberView {
    name: String,
    /// What the page calls it: its name, `root` for the root member (`.` reads as nothing).
    label: String,
    /// The member's subfolder of the site, also its anchor on the top page.
    folder: String,
    /// Links into the member's site, relative to the top page.
    records: Vec<RecordRef>,
}

/// Build every part's site below `options.out` and the top page listing them all.
pub fn build(
    top: &Workspace,
    parts: &[Part<'_>],
    options: &Options,
    progress: Progress<'_>,
) -> Result<Summary> {
    let started = Instant::now();
    let folders = folders(parts);
    let views = views(parts, &folders);
    let count = views.iter().map(|v| v.records.len()).sum();
    // Rendered before the old site is touched, so a broken override keeps it.
    let outputs =
        render::Renderer::new(top)?.members_index(&top.config.site.title, &views, count)?;
    let keep = kept_paths(parts);
    let keep: Vec<&Path> = keep.iter().map(PathBuf::as_path).collect();
    write::prepare(&options.out, &top.display(&options.out), &keep)?;
    let site = write::Site::new(&options.out)?;
    let built = build_members(parts, &folders, options, progress, &site).and_then(|summaries| {
        outputs
            .iter()
            .try_for_each(|o| site.write(o))
            .map(|_| summaries)
    });
    let summaries = match built {
        Ok(summaries) => summaries,
        Err(err) => {
            // Keep what was written listed, so the next build can clear it.
            let _ = site.abandon();
            return Err(err);
        }
    };
    let written = site.finish()?;
    Ok(Summary {
        pages: summaries.iter().map(|s| s.pages).sum::<usize>() + 1,
        files: written.len() + 1,
        elapsed: started.elapsed(),
        history: worst_history(&summaries),
        written,
    })
}

/// Each member's site, built into its folder; what it wrote is listed as the site's own.
fn build_members(
    parts: &[Part<'_>],
    folders: &[String],
    options: &Options,
    progress: Progress<'_>,
    site: &write::Site,
) -> Result<Vec<Summary>> {
    let mut summaries = Vec::new();
    for (part, folder) in parts.iter().zip(folders) {
        let out = options.out.join(folder);
        let member = Options {
            out: out.clone(),
            history: options.history,
        };
        let summary = super::build(&part.member.ws, part.index, &member, progress)?;
        site.adopt(summary.written.iter().cloned());
        site.adopt([out.join(write::MARKER)]);
        summaries.push(summary);
    }
    Ok(summaries)
}

/// The subfolder of each member: a slug of its name (`services/a` → `services-a`), `root` for
/// the root member, made unique with `-2`, `-3`.
fn folders(parts: &[Part<'_>]) -> Vec<String> {
    let mut used = BTreeSet::new();
    parts
        .iter()
        .map(|part| {
            let stem = match part.member.name.as_str() {
                ROOT => "root".to_string(),
                name => name::slugify(name),
            };
            let mut folder = stem.clone();
            let mut i = 2;
            while !used.insert(folder.clone()) {
                folder = format!("{stem}-{i}");
                i += 1;
            }
            folder
        })
        .collect()
}

/// The top page's members, each record linked into the member's folder.
fn views(parts: &[Part<'_>], folders: &[String]) -> Vec<MemberView> {
    parts
        .iter()
        .zip(folders)
        .map(|(part, folder)| {
            let mut records = record_refs(part.index.records());
            for r in &mut records {
                r.url = format!("{folder}/{}", r.url);
            }
            let name = part.member.name.clone();
            MemberView {
                label: if name == ROOT {
                    "root".into()
                } else {
                    name.clone()
                },
                name,
                folder: folder.clone(),
                records,
            }
        })
        .collect()
}

/// What no build may delete: every member's root, records and templates.
fn kept_paths(parts: &[Part<'_>]) -> Vec<PathBuf> {
    parts
        .iter()
        .flat_map(|p| {
            let ws = &p.member.ws;
            [ws.root.clone(), ws.records_dir.clone(), ws.templates_dir()]
        })
        .collect()
}

/// The history the summary reports: the least complete any member had.
fn worst_history(summaries: &[Summary]) -> &'static str {
    ["unavailable", "shallow", "skipped"]
        .into_iter()
        .find(|h| summaries.iter().any(|s| s.history == *h))
        .unwrap_or("read")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_least_complete_history_is_reported() {
        let summary = |history| Summary {
            pages: 0,
            files: 0,
            elapsed: Default::default(),
            history,
            written: Vec::new(),
        };
        assert_eq!(
            worst_history(&[summary("read"), summary("shallow")]),
            "shallow"
        );
        assert_eq!(worst_history(&[summary("read")]), "read");
    }
}
