//! The records one writer needs, found by number from file names (issue 15): the records it
//! names and those their supersession links reach, instead of the whole directory.
//!
//! File names settle it only when every record file carries its number in its name and each
//! record read states the number its name gives; otherwise the caller reads everything.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Result;

use super::{Entry, Lock, load_entries};
use crate::record::{Record, Relation, name};
use crate::workspace::Workspace;

/// A record as a user names it on the command line.
#[derive(Debug, Clone, Copy)]
pub enum Wanted<'a> {
    Number(u32),
    FileName(&'a str),
}

/// The wanted records and every record their `supersedes` / `superseded-by` links reach,
/// transitively (what the lifecycle edits and the cycle check look at). `None` when file
/// names do not settle which files those are: a record file without a number in its name, a
/// name no file has, or a record whose content states another number than its name. The
/// files are those the writer's lock listed.
pub fn load_around(
    ws: &Workspace,
    lock: &Lock,
    wanted: &[Wanted<'_>],
) -> Result<Option<Vec<Record>>> {
    let files = &lock.entries;
    let Some(by_number) = numbered(files) else {
        return Ok(None);
    };
    let Some(mut queue) = starting_numbers(files, &by_number, wanted) else {
        return Ok(None);
    };
    let mut seen = BTreeSet::new();
    let mut records = Vec::new();
    while let Some(n) = queue.pop() {
        // A link to a number no file has is a broken link: `check` reports it.
        let Some(entries) = by_number.get(&n).filter(|_| seen.insert(n)) else {
            continue;
        };
        let entries: Vec<Entry> = entries.iter().map(|&e| e.clone()).collect();
        for record in load_entries(ws, &entries, |record| record)? {
            if record.number != Some(n) {
                return Ok(None);
            }
            queue.extend(supersession_links(&record));
            records.push(record);
        }
    }
    records.sort_by(|a, b| (a.number, &a.file_name).cmp(&(b.number, &b.file_name)));
    Ok(Some(records))
}

/// Files by the number in their names; `None` if any file has none.
fn numbered(files: &[Entry]) -> Option<BTreeMap<u32, Vec<&Entry>>> {
    let mut by_number: BTreeMap<u32, Vec<&Entry>> = BTreeMap::new();
    for file in files {
        by_number
            .entry(name::number_of_path(&file.path)?)
            .or_default()
            .push(file);
    }
    Some(by_number)
}

fn starting_numbers(
    files: &[Entry],
    by_number: &BTreeMap<u32, Vec<&Entry>>,
    wanted: &[Wanted<'_>],
) -> Option<Vec<u32>> {
    wanted
        .iter()
        .map(|w| match *w {
            Wanted::Number(n) => by_number.contains_key(&n).then_some(n),
            Wanted::FileName(wanted) => files
                .iter()
                .find(|f| f.path.file_name().is_some_and(|n| n == wanted))
                .and_then(|f| name::number_of_path(&f.path)),
        })
        .collect()
}

fn supersession_links(record: &Record) -> impl Iterator<Item = u32> + '_ {
    [Relation::Supersedes, Relation::SupersededBy]
        .into_iter()
        .flat_map(|r| record.relations.get(&r).into_iter().flatten().copied())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::GlobalOptions;

    fn workspace(files: &[(&str, &str)]) -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let options = GlobalOptions {
            dir: Some(dir.path().to_path_buf()),
            ..GlobalOptions::default()
        };
        let ws = Workspace::discover(&options).unwrap();
        (dir, ws)
    }

    fn around(ws: &Workspace, wanted: &[Wanted<'_>]) -> Option<Vec<Record>> {
        load_around(ws, &super::super::lock_records(ws).unwrap(), wanted).unwrap()
    }

    fn numbers(records: &[Record]) -> Vec<u32> {
        records.iter().filter_map(|r| r.number).collect()
    }

    const CHAIN: [(&str, &str); 4] = [
        (
            "0001-a.md",
            "---\nstatus: superseded\nsuperseded-by: [2]\n---\n# A\n",
        ),
        (
            "0002-b.md",
            "---\nstatus: accepted\nsupersedes: [1]\n---\n# B\n",
        ),
        (
            "0003-c.md",
            "---\nstatus: proposed\nsupersedes: [2]\n---\n# C\n",
        ),
        (
            "0004-d.md",
            "---\nstatus: accepted\nrelates-to: [3]\n---\n# D\n",
        ),
    ];

    #[test]
    fn reads_the_named_records_and_their_supersession_chain_only() {
        let (_dir, ws) = workspace(&CHAIN);
        let found = around(&ws, &[Wanted::Number(3)]).unwrap();
        assert_eq!(numbers(&found), [1, 2, 3]);
        let found = around(&ws, &[Wanted::FileName("0004-d.md")]);
        assert_eq!(numbers(&found.unwrap()), [4]);
    }

    #[test]
    fn leaves_it_to_a_full_read_when_file_names_do_not_settle_it() {
        let (_dir, ws) = workspace(&CHAIN);
        assert!(around(&ws, &[Wanted::Number(9)]).is_none());
        assert!(around(&ws, &[Wanted::FileName("x.md")]).is_none());
        let mut files = CHAIN.to_vec();
        files.push((
            "2024-05-01-date-named.md",
            "---\nstatus: accepted\n---\n# E\n",
        ));
        let (_dir, ws) = workspace(&files);
        assert!(around(&ws, &[Wanted::Number(1)]).is_none());
        let eip = (
            "0005-eip.md",
            "---\neip: 7\ntitle: T\nstatus: Draft\n---\n# T\n",
        );
        let (_dir, ws) = workspace(&[eip]);
        assert!(around(&ws, &[Wanted::Number(5)]).is_none());
    }
}
