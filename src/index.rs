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

    /// Follow `superseded-by` from `n` to the record in force now. Stops at a cycle.
    pub fn in_force(&self, n: u32) -> u32 {
        let mut current = n;
        let mut seen = vec![n];
        while let Some(&next) = self
            .related_both_ways(current, Relation::SupersededBy)
            .last()
        {
            if seen.contains(&next) {
                break;
            }
            seen.push(next);
            current = next;
        }
        current
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn record(name: &str, front: &str) -> Record {
        let text = format!("---\n{front}\n---\n# T\n");
        crate::record::parse(name.into(), text.as_bytes(), &Config::default())
    }

    #[test]
    fn reverse_edges_and_in_force() {
        let index = Index::new(vec![
            record("0001-a.md", "status: superseded\nsuperseded-by: [2]"),
            record("0002-b.md", "status: superseded\nsupersedes: [1]"),
            record("0003-c.md", "status: accepted\nsupersedes: [2]"),
        ]);
        assert_eq!(index.related_both_ways(2, Relation::SupersededBy), vec![3]);
        assert_eq!(index.in_force(1), 3);
        assert_eq!(index.edges().count(), 3);
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
