//! Rules over the relation graph and the links between records: duplicate numbers, relations
//! to records that do not exist or that are written on one end only, supersede cycles,
//! superseded records with no successor, and Markdown links to missing record files.

use std::collections::BTreeMap;

use pulldown_cmark::{Event, Parser, Tag};

use super::{Findings, Input, field_line, name_of};
use crate::index::Index;
use crate::record::{Record, Relation, name, normalize, parse};

/// Records on a supersede cycle, by number, with the cycle as seen from that record.
pub(super) type Cycles = BTreeMap<u32, Vec<u32>>;

pub(super) fn check(input: &Input<'_>, cycles: &Cycles, record: &Record, out: &mut Findings<'_>) {
    duplicate_number(input.index, record, out);
    relations(input.index, record, out);
    superseded_without_successor(input.index, record, out);
    superseded_by_unaccepted(input.index, record, out);
    stale_supersession(input.index, record, out);
    if let Some(cycle) = record.number.and_then(|n| cycles.get(&n)) {
        supersede_cycle(record, cycle, out);
    }
    markdown_links(input.index, record, out);
}

fn duplicate_number(index: &Index, record: &Record, out: &mut Findings<'_>) {
    let Some(n) = record.number else {
        return;
    };
    // `SE-0001` and `ST-0001` are two records: numbers are unique within a namespace.
    let others: Vec<String> = index
        .all_numbered(n)
        .filter(|r| r.path != record.path && r.namespace == record.namespace)
        .map(|r| format!("`{}`", r.file_name))
        .collect();
    if others.is_empty() {
        return;
    }
    out.push(
        "duplicate-number",
        1,
        format!("number {n:04} is also used by {}", others.join(", ")),
        format!(
            "give one of them a free number: `because renumber {}` renames it and rewrites links to it",
            record.file_name
        ),
    );
}

fn relations(index: &Index, record: &Record, out: &mut Findings<'_>) {
    for relation in Relation::ALL {
        let Some(field) = record.field(relation.key()) else {
            continue;
        };
        unreadable_entries(relation, field, out);
        for &target in record.related(relation) {
            relation_target(index, record, relation, target, field.line, out);
        }
    }
}

/// Entries of a relation list that are not record numbers (the parser skips them).
fn unreadable_entries(relation: Relation, field: &crate::record::Field, out: &mut Findings<'_>) {
    let items = match &field.value {
        serde_json::Value::Array(items) => items.clone(),
        serde_json::Value::Null => Vec::new(),
        other => vec![other.clone()],
    };
    for item in items {
        let names_record = parse::scalar(&item).is_some_and(|t| normalize::target(&t).is_some());
        if parse::numbers(&item).is_empty() && !names_record {
            out.push(
                "broken-link",
                field.line,
                format!(
                    "`{}` entry `{}` is not a record number",
                    relation.key(),
                    parse::scalar(&item).unwrap_or_else(|| item.to_string())
                ),
                format!("write record numbers, e.g. `{}: [3]`", relation.key()),
            );
        }
    }
}

fn relation_target(
    index: &Index,
    record: &Record,
    relation: Relation,
    target: u32,
    line: usize,
    out: &mut Findings<'_>,
) {
    let key = relation.key();
    if record.number == Some(target) {
        out.push(
            "broken-link",
            line,
            format!("record {target:04} names itself under `{key}`"),
            format!("remove {target} from `{key}`"),
        );
        return;
    }
    let targets: Vec<&Record> = index.all_numbered(target).collect();
    if targets.is_empty() {
        out.push(
            "broken-link",
            line,
            format!("`{key}` names record {target:04}, which does not exist"),
            format!("fix the number or remove it from `{key}`; `because list` shows every record"),
        );
        return;
    }
    let Some(own) = record.number.filter(|_| relation.is_mirrored()) else {
        return;
    };
    let inverse = relation.inverse().key();
    for other in targets {
        if other.related(relation.inverse()).contains(&own) {
            continue;
        }
        out.push(
            "one-sided-link",
            line,
            format!(
                "{own:04} {key} {target:04}, but {target:04} does not name {own:04} under `{inverse}`"
            ),
            format!(
                "add {own} to `{inverse}` in `{}`, or run `because link {own} {key} {target}` to write both ends",
                other.path.display()
            ),
        );
    }
}

fn superseded_without_successor(index: &Index, record: &Record, out: &mut Findings<'_>) {
    if record.status.as_deref() != Some("superseded") {
        return;
    }
    // A successor with no number yet (log4brains' `superseded by [slug](…)`) is named too.
    let named_by_file = record
        .links
        .iter()
        .any(|l| l.relation == Relation::SupersededBy);
    if !record.related(Relation::SupersededBy).is_empty() || named_by_file {
        return;
    }
    let named_by_successor = record
        .number
        .is_some_and(|n| index.referrers(n, Relation::Supersedes).next().is_some());
    if named_by_successor {
        return; // the successor names it; `one-sided-link` reports the missing half
    }
    let name = name_of(record);
    out.push(
        "superseded-without-successor",
        field_line(record, &["status"]).unwrap_or(1),
        format!("record {name} is superseded but does not say what replaces it"),
        format!("run `because supersede {name} --by <record>`, or add `superseded-by: [N]`"),
    );
}

/// `superseded` while no successor was ever accepted: the old decision is still in force,
/// whatever its status line says (supersession takes effect on acceptance).
fn superseded_by_unaccepted(index: &Index, record: &Record, out: &mut Findings<'_>) {
    let Some(n) = record.number else { return };
    let successors = index.related_both_ways(n, Relation::SupersededBy);
    if record.status.as_deref() != Some("superseded")
        || successors.is_empty()
        || !index.effective_successors(n).is_empty()
    {
        return;
    }
    let listed: Vec<String> = successors.iter().map(|m| describe(index, *m)).collect();
    out.push(
        "superseded-by-unaccepted",
        field_line(record, &["status"]).unwrap_or(1),
        format!(
            "{} is marked superseded, but no successor was accepted ({})",
            name_of(record),
            listed.join(", ")
        ),
        format!(
            "accept the successor (`because accept {}`), or set this record's status back",
            successors[0]
        ),
    );
}

/// A successor that was rejected or withdrawn never replaces anything: the link is stale.
fn stale_supersession(index: &Index, record: &Record, out: &mut Findings<'_>) {
    let Some(n) = record.number else { return };
    for &m in index.related_both_ways(n, Relation::SupersededBy) {
        let Some(status @ ("rejected" | "withdrawn")) = index.status(m) else {
            continue;
        };
        out.push(
            "stale-supersession",
            field_line(record, &["superseded-by", "status"]).unwrap_or(1),
            format!(
                "{} names {m:04} as its successor, but {m:04} was {status}",
                name_of(record)
            ),
            format!("remove {m} from `superseded-by` here and `supersedes` there"),
        );
    }
}

fn describe(index: &Index, n: u32) -> String {
    format!("{n:04} is {}", index.status(n).unwrap_or("missing"))
}

fn supersede_cycle(record: &Record, cycle: &[u32], out: &mut Findings<'_>) {
    let path: Vec<String> = cycle.iter().map(|n| format!("{n:04}")).collect();
    out.push(
        "supersede-cycle",
        field_line(record, &["supersedes", "superseded-by"]).unwrap_or(1),
        format!("supersede cycle: {}", path.join(" → ")),
        "a record cannot be replaced by one it replaced; remove the wrong `supersedes` or `superseded-by` entry",
    );
}

/// Every record on a supersede cycle. Edges run from a record to its successor, written on
/// either end (`superseded-by` here, or `supersedes` there). One depth-first pass.
pub(super) fn cycles(index: &Index) -> Cycles {
    // The index already holds successors written on either end, sorted and deduplicated.
    let successors = |n: u32| index.related_both_ways(n, Relation::SupersededBy);
    let mut found = Cycles::new();
    let mut done = std::collections::BTreeSet::new();
    let mut starts: Vec<u32> = index.edges().flat_map(|e| [e.from, e.to]).collect();
    starts.sort_unstable();
    starts.dedup();
    for start in starts {
        if done.contains(&start) {
            continue;
        }
        // Iterative DFS: the stack holds (node, next successor to visit).
        let mut stack: Vec<(u32, usize)> = vec![(start, 0)];
        let mut on_stack = vec![start];
        while let Some((node, i)) = stack.last_mut() {
            let node = *node;
            let next = successors(node).get(*i).copied();
            *i += 1;
            match next {
                None => {
                    stack.pop();
                    on_stack.pop();
                    done.insert(node);
                }
                Some(next) if on_stack.contains(&next) => {
                    let from = on_stack.iter().position(|&n| n == next).unwrap_or(0);
                    let members = &on_stack[from..];
                    for (k, &member) in members.iter().enumerate() {
                        let mut cycle: Vec<u32> = members[k..].to_vec();
                        cycle.extend_from_slice(&members[..=k]);
                        found.entry(member).or_insert(cycle);
                    }
                }
                Some(next) if done.contains(&next) => {}
                Some(next) => {
                    stack.push((next, 0));
                    on_stack.push(next);
                }
            }
        }
    }
    found
}

/// Markdown links from this record to record files (`[…](0007-x.md)`) that do not exist.
/// Only links into the records directory that look like record file names are checked: the
/// index knows those without touching the file system.
fn markdown_links(index: &Index, record: &Record, out: &mut Findings<'_>) {
    if !record.body.contains("](") && !record.body.contains("]:") {
        return;
    }
    for (event, range) in Parser::new(&record.body).into_offset_iter() {
        let Event::Start(Tag::Link { dest_url, .. }) = event else {
            continue;
        };
        let Some((file, n)) = record_target(&dest_url) else {
            continue;
        };
        if index.all_numbered(n).any(|r| r.file_name == file) {
            continue;
        }
        let (line, column) = position(&record.body, range.start);
        let help = match index.get(n) {
            Some(actual) => format!("did you mean `{}`? fix the link", actual.file_name),
            None => format!("there is no record {n:04}; fix or remove the link"),
        };
        out.push_at(
            "broken-link",
            record.body_line + line,
            column,
            format!("link to `{file}`, which does not exist"),
            help,
        );
    }
}

/// The record file a link points at, if it is a sibling `NNNN-….md` file.
fn record_target(dest: &str) -> Option<(String, u32)> {
    if dest.contains("://") || dest.starts_with('#') {
        return None;
    }
    let path = dest.split(['#', '?']).next()?;
    let file = path.strip_prefix("./").unwrap_or(path);
    if file.contains('/') || !file.ends_with(".md") {
        return None;
    }
    let n = name::number_from_file_name(file)?;
    Some((file.to_string(), n))
}

/// 0-based line offset and 1-based column (in characters) of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::record::sample as record;

    #[test]
    fn cycles_are_found_from_either_end() {
        let index = Index::new(vec![
            record("0001-a.md", "superseded-by: [2]"),
            record("0002-b.md", "supersedes: [1]\nsuperseded-by: [3]"),
            record("0003-c.md", "supersedes: [2]\nsuperseded-by: [1]"),
            record("0004-d.md", "supersedes: [3]"),
        ]);
        let cycles = cycles(&index);
        assert_eq!(cycles.get(&1), Some(&vec![1, 2, 3, 1]));
        assert_eq!(cycles.get(&3), Some(&vec![3, 1, 2, 3]));
        assert!(!cycles.contains_key(&4));
    }

    #[test]
    fn only_sibling_record_files_are_link_targets() {
        assert_eq!(
            record_target("./0007-x.md#why"),
            Some(("0007-x.md".into(), 7))
        );
        assert_eq!(record_target("https://example.com/0007-x.md"), None);
        assert_eq!(record_target("../0007-x.md"), None);
        assert_eq!(record_target("README.md"), None);
    }
}
