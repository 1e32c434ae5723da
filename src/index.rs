//! All records of a workspace and the relation graph between them, with reverse edges.
//!
//! Pure: built once from parsed records, no IO. Commands, `check` and `site` read it.

use std::collections::BTreeMap;

use crate::record::{Record, Relation};

/// A relation as written in one record's front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub from: u32,
    pub relation: Relation,
    pub to: u32,
}

#[derive(Debug, Default)]
pub struct Index {
    records: Vec<Record>,
    by_number: BTreeMap<u32, Vec<usize>>,
    /// (n, relation) → records that write `relation: [n]`: the reverse edges.
    incoming: BTreeMap<(u32, Relation), Vec<usize>>,
    /// (n, relation) → numbers related to `n` that way from either end, sorted. Built once so
    /// a whole site or a whole `check` asks in constant time instead of scanning every record.
    both: BTreeMap<(u32, Relation), Vec<u32>>,
}

impl Index {
    pub fn new(records: Vec<Record>) -> Index {
        let mut by_number: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        let mut incoming: BTreeMap<(u32, Relation), Vec<usize>> = BTreeMap::new();
        let mut both: BTreeMap<(u32, Relation), Vec<u32>> = BTreeMap::new();
        for (i, record) in records.iter().enumerate() {
            for (&relation, targets) in &record.relations {
                for &to in targets {
                    incoming.entry((to, relation)).or_default().push(i);
                }
            }
            let Some(n) = record.number else { continue };
            by_number.entry(n).or_default().push(i);
            for (&relation, targets) in &record.relations {
                for &to in targets {
                    both.entry((n, relation)).or_default().push(to);
                    both.entry((to, relation.inverse())).or_default().push(n);
                }
            }
        }
        for numbers in both.values_mut() {
            numbers.sort_unstable();
            numbers.dedup();
        }
        Index {
            records,
            by_number,
            incoming,
            both,
        }
    }

    pub fn records(&self) -> &[Record] {
        &self.records
    }

    pub fn into_records(self) -> Vec<Record> {
        self.records
    }

    /// The record numbered `n` (the first by file name when the number is duplicated).
    pub fn get(&self, n: u32) -> Option<&Record> {
        self.by_number
            .get(&n)
            .and_then(|ix| ix.first())
            .map(|&i| &self.records[i])
    }

    /// Every record numbered `n`; more than one is a `duplicate-number`.
    pub fn all_numbered(&self, n: u32) -> impl Iterator<Item = &Record> {
        self.by_number
            .get(&n)
            .into_iter()
            .flatten()
            .map(|&i| &self.records[i])
    }

    /// Numbers used by more than one record, with those records.
    pub fn duplicates(&self) -> impl Iterator<Item = (u32, Vec<&Record>)> {
        self.by_number
            .iter()
            .filter(|(_, ix)| ix.len() > 1)
            .map(|(&n, ix)| (n, ix.iter().map(|&i| &self.records[i]).collect()))
    }

    pub fn max_number(&self) -> Option<u32> {
        self.by_number.keys().next_back().copied()
    }

    /// Every relation written in any record.
    pub fn edges(&self) -> impl Iterator<Item = Edge> + '_ {
        self.records
            .iter()
            .filter_map(|r| r.number.map(|n| (n, r)))
            .flat_map(|(from, r)| {
                r.relations.iter().flat_map(move |(&relation, tos)| {
                    tos.iter().map(move |&to| Edge { from, relation, to })
                })
            })
    }

    /// Records that name `n` under `relation` (the reverse edges of the graph).
    pub fn referrers(&self, n: u32, relation: Relation) -> impl Iterator<Item = &Record> {
        self.incoming
            .get(&(n, relation))
            .into_iter()
            .flatten()
            .map(|&i| &self.records[i])
    }

    /// Every number related to `n` in `relation`, from either end: what `n` writes, plus
    /// records whose inverse relation names `n`. Sorted, without repeats.
    pub fn related_both_ways(&self, n: u32, relation: Relation) -> &[u32] {
        self.both.get(&(n, relation)).map_or(&[], Vec::as_slice)
    }

    /// The status of record `n`, when it exists and has one.
    pub fn status(&self, n: u32) -> Option<&str> {
        self.get(n).and_then(|r| r.status.as_deref())
    }

    /// Records that supersede `n` (from either end) and took effect — accepted, or accepted
    /// and since superseded themselves: only these replace it. A proposed one is pending.
    pub fn effective_successors(&self, n: u32) -> Vec<u32> {
        self.related_both_ways(n, Relation::SupersededBy)
            .iter()
            .copied()
            .filter(|&m| self.status(m).is_some_and(took_effect))
            .collect()
    }

    /// A record is in force when it is accepted and no accepted record supersedes it
    /// (DESIGN.md, "In force"). Nothing else is ever called in force.
    pub fn is_in_force(&self, n: u32) -> bool {
        self.status(n) == Some(ACCEPTED) && self.effective_successors(n).is_empty()
    }

    /// The record in force in place of `n`: `n` itself when in force, else the newest accepted
    /// successor that is, following the chain; `None` when nothing replaces it in force.
    pub fn in_force(&self, n: u32) -> Option<u32> {
        let mut current = n;
        let mut seen = vec![n];
        loop {
            if self.is_in_force(current) {
                return Some(current);
            }
            let next = *self.effective_successors(current).last()?;
            if seen.contains(&next) {
                return None;
            }
            seen.push(next);
            current = next;
        }
    }

    /// True when `from` reaches `to` by following `supersedes` (from either end): linking
    /// `to` supersedes `from` would then close a cycle.
    pub fn supersedes_transitively(&self, from: u32, to: u32) -> bool {
        let mut stack = vec![from];
        let mut seen = vec![from];
        while let Some(n) = stack.pop() {
            for &next in self.related_both_ways(n, Relation::Supersedes) {
                if next == to {
                    return true;
                }
                if !seen.contains(&next) {
                    seen.push(next);
                    stack.push(next);
                }
            }
        }
        false
    }
}

/// The one status that puts a decision in force.
pub const ACCEPTED: &str = "accepted";

/// A status a decision reaches once accepted: it replaced what it supersedes. (Deprecated
/// counts: a successor retired later still ended its predecessor.)
pub fn took_effect(status: &str) -> bool {
    matches!(status, ACCEPTED | "superseded" | "deprecated")
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::record::sample as record;

    #[test]
    fn reverse_edges_and_in_force() {
        let index = Index::new(vec![
            record("0001-a.md", "status: superseded\nsuperseded-by: [2]"),
            record("0002-b.md", "status: superseded\nsupersedes: [1]"),
            record("0003-c.md", "status: accepted\nsupersedes: [2]"),
        ]);
        assert_eq!(index.related_both_ways(2, Relation::SupersededBy), vec![3]);
        assert_eq!(index.in_force(1), Some(3));
        assert_eq!(index.edges().count(), 3);
        assert!(index.supersedes_transitively(3, 1));
        assert!(!index.supersedes_transitively(1, 3));
    }

    #[test]
    fn only_an_accepted_record_not_superseded_by_an_accepted_one_is_in_force() {
        let index = Index::new(vec![
            record("0001-a.md", "status: superseded\nsuperseded-by: [2]"),
            record(
                "0002-b.md",
                "status: accepted\nsupersedes: [1]\nsuperseded-by: [3]",
            ),
            record("0003-c.md", "status: proposed\nsupersedes: [2]"),
            record("0004-d.md", "status: deprecated"),
        ]);
        assert!(!index.is_in_force(1));
        assert!(
            index.is_in_force(2),
            "a proposed successor does not replace it"
        );
        assert!(!index.is_in_force(3));
        assert!(!index.is_in_force(4));
        assert_eq!(index.in_force(1), Some(2));
        assert_eq!(index.in_force(4), None);
    }

    #[test]
    fn duplicates_are_listed() {
        let index = Index::new(vec![
            record("0001-a.md", "status: accepted"),
            record("0001-b.md", "status: accepted"),
        ]);
        let dups: Vec<_> = index.duplicates().collect();
        assert_eq!(dups.len(), 1);
        assert_eq!(dups[0].1.len(), 2);
    }
}
