//! Raw Git tree objects compared byte for byte: which entries of one directory changed between
//! two versions of it, without libgit2's diff machinery.
//!
//! A records directory of 10,000 files is one ~500 KB tree object, and a commit changes one or
//! two entries of it. libgit2's tree diff parsed and compared every entry and was most of a
//! `because build` (issue 6). Here identical runs of bytes are skipped with a slice comparison
//! and entries are parsed only where the two trees differ. Finding where an entry starts needs
//! the offsets of the old tree's entries (an object id may contain any byte, so the format
//! cannot be read backwards); the comparison returns the new tree's offsets, so a chain of
//! commits parses each tree in full at most once. No git2 types here: the format is plain bytes.

use std::cmp::Ordering;

/// A tree object that does not follow `<mode> <name>\0<20-byte id>`, repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("malformed git tree object at byte {at}")]
pub struct Malformed {
    pub at: usize,
}

/// One entry of a tree, borrowed from the object's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    pub mode: &'a [u8],
    pub name: &'a [u8],
    pub id: &'a [u8; 20],
}

impl Entry<'_> {
    /// A blob or a symlink (what git2 calls a blob), not a subtree or a submodule.
    pub fn is_file(&self) -> bool {
        self.mode.starts_with(b"10") || self.mode == b"120000"
    }

    fn is_tree(&self) -> bool {
        self.mode == b"40000" || self.mode == b"040000"
    }

    /// Git's order of entries in a tree: by name, a subtree's name read as ending in `/`.
    fn order(&self, other: &Entry<'_>) -> Ordering {
        let slash = |e: &Entry<'_>| -> &'static [u8] { if e.is_tree() { b"/" } else { b"" } };
        let a = self.name.iter().chain(slash(self));
        a.cmp(other.name.iter().chain(slash(other)))
    }

    fn side(&self) -> Side {
        Side {
            id: *self.id,
            is_file: self.is_file(),
        }
    }
}

/// One version of a changed entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Side {
    pub id: [u8; 20],
    pub is_file: bool,
}

/// An entry that differs between two trees: absent on one side, or a different id or mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryChange {
    pub name: Vec<u8>,
    pub old: Option<Side>,
    pub new: Option<Side>,
}

/// What [`diff`] found, and the new tree's entry offsets for comparing it with the next one.
#[derive(Debug, Clone, Default)]
pub struct Diff {
    pub changes: Vec<EntryChange>,
    pub starts: Vec<u32>,
}

/// The offset of every entry, then the length: `starts[i]..starts[i + 1]` is entry `i`.
pub fn starts(bytes: &[u8]) -> Result<Vec<u32>, Malformed> {
    let mut starts = Vec::with_capacity(bytes.len() / 48 + 1);
    let mut at = 0;
    while at < bytes.len() {
        starts.push(offset(at)?);
        at = parse_entry(bytes, at)?.1;
    }
    starts.push(offset(at)?);
    Ok(starts)
}

/// Every entry of a tree, in order.
pub fn entries(bytes: &[u8]) -> Result<Vec<Entry<'_>>, Malformed> {
    let mut entries = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let (entry, end) = parse_entry(bytes, at)?;
        entries.push(entry);
        at = end;
    }
    Ok(entries)
}

/// The entries that differ between `old` (whose offsets [`starts`] gave, or an earlier
/// [`diff`]) and `new`, in tree order.
///
/// A merge of the two sorted entry lists, except that wherever both sides continue with the
/// same bytes the merge jumps, with one slice comparison, to the last old entry that starts
/// inside that identical run: entries made of identical bytes at aligned positions are the
/// same entries, so nothing between is parsed.
pub fn diff(old: &[u8], old_starts: &[u32], new: &[u8]) -> Result<Diff, Malformed> {
    let mut changes = Vec::new();
    let mut new_starts = Vec::with_capacity(old_starts.len() + 1);
    let (mut o, mut n, mut oi) = (0, 0, 0);
    loop {
        let run_end = o + common_prefix(&old[o..], &new[n..]);
        let skip_to = oi + old_starts[oi..].partition_point(|&s| s as usize <= run_end) - 1;
        for &start in &old_starts[oi..skip_to] {
            new_starts.push(offset(start as usize - o + n)?);
        }
        n += old_starts[skip_to] as usize - o;
        o = old_starts[skip_to] as usize;
        oi = skip_to;
        let old_entry = (o < old.len()).then(|| parse_entry(old, o)).transpose()?;
        let new_entry = (n < new.len()).then(|| parse_entry(new, n)).transpose()?;
        let order = match (&old_entry, &new_entry) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some((a, _)), Some((b, _))) => a.order(b),
        };
        if order.is_ge() {
            new_starts.push(offset(n)?);
        }
        let (old_side, new_side) = match (order, old_entry, new_entry) {
            (Ordering::Less, Some((a, end)), _) => {
                (o, oi) = (end, oi + 1);
                (Some(a), None)
            }
            (Ordering::Greater, _, Some((b, end))) => {
                n = end;
                (None, Some(b))
            }
            (_, Some((a, a_end)), Some((b, b_end))) => {
                (o, oi, n) = (a_end, oi + 1, b_end);
                (Some(a), Some(b))
            }
            _ => unreachable!("an entry exists on the side the order points to"),
        };
        // Equal names reach here only with different bytes: the run before stopped inside.
        let name = old_side
            .or(new_side)
            .map(|e| e.name.to_vec())
            .unwrap_or_default();
        changes.push(EntryChange {
            name,
            old: old_side.map(|e| e.side()),
            new: new_side.map(|e| e.side()),
        });
    }
    new_starts.push(offset(n)?);
    Ok(Diff {
        changes,
        starts: new_starts,
    })
}

/// How many leading bytes `a` and `b` share. Equal blocks are compared as slices (a `memcmp`),
/// so a 500 KB tree that differs in one entry costs a few hundred block comparisons.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let len = a.len().min(b.len());
    let mut at = 0;
    while at + BLOCK <= len && a[at..at + BLOCK] == b[at..at + BLOCK] {
        at += BLOCK;
    }
    at + a[at..len]
        .iter()
        .zip(&b[at..len])
        .take_while(|(x, y)| x == y)
        .count()
}

/// The entry starting at `at`, and where the next one starts.
fn parse_entry(bytes: &[u8], at: usize) -> Result<(Entry<'_>, usize), Malformed> {
    let rest = &bytes[at..];
    let malformed = Malformed { at };
    let space = rest.iter().position(|&b| b == b' ').ok_or(malformed)?;
    let nul = space
        + 1
        + rest[space + 1..]
            .iter()
            .position(|&b| b == 0)
            .ok_or(malformed)?;
    let id: &[u8; 20] = rest
        .get(nul + 1..nul + 21)
        .and_then(|id| id.try_into().ok())
        .ok_or(malformed)?;
    let (mode, name) = (&rest[..space], &rest[space + 1..nul]);
    if mode.is_empty() || !mode.iter().all(u8::is_ascii_digit) || name.is_empty() {
        return Err(malformed);
    }
    Ok((Entry { mode, name, id }, at + nul + 21))
}

fn offset(at: usize) -> Result<u32, Malformed> {
    u32::try_from(at).map_err(|_| Malformed { at })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    /// A tree object from (mode, name, id byte) triples, sorted as git sorts them.
    fn tree(entries: &[(&str, &str, u8)]) -> Vec<u8> {
        let mut sorted: Vec<_> = entries.to_vec();
        let key = |(mode, name, _): &(&str, &str, u8)| {
            let mut key = name.as_bytes().to_vec();
            if *mode == "40000" {
                key.push(b'/');
            }
            key
        };
        sorted.sort_by_key(key);
        let mut bytes = Vec::new();
        for (mode, name, id) in sorted {
            bytes.extend_from_slice(format!("{mode} {name}\0").as_bytes());
            bytes.extend_from_slice(&[id; 20]);
        }
        bytes
    }

    fn blobs(entries: &[(&str, u8)]) -> Vec<u8> {
        let entries: Vec<_> = entries.iter().map(|&(n, id)| ("100644", n, id)).collect();
        tree(&entries)
    }

    /// The obvious comparison: parse both trees in full and compare by name.
    fn full_compare(old: &[u8], new: &[u8]) -> Vec<EntryChange> {
        let side = |bytes| -> BTreeMap<(Vec<u8>, bool), (Vec<u8>, Side)> {
            entries(bytes)
                .unwrap()
                .into_iter()
                .map(|e| ((e.name.to_vec(), e.is_tree()), (e.mode.to_vec(), e.side())))
                .collect()
        };
        let (old, new) = (side(old), side(new));
        let mut keys: Vec<_> = old.keys().chain(new.keys()).cloned().collect();
        keys.sort_by(|(a, a_tree), (b, b_tree)| {
            let tail = |t: bool| if t { &b"/"[..] } else { &b""[..] };
            a.iter()
                .chain(tail(*a_tree))
                .cmp(b.iter().chain(tail(*b_tree)))
        });
        keys.dedup();
        keys.into_iter()
            .filter(|k| old.get(k) != new.get(k))
            .map(|k| EntryChange {
                old: old.get(&k).map(|(_, s)| *s),
                new: new.get(&k).map(|(_, s)| *s),
                name: k.0,
            })
            .collect()
    }

    fn check(old: &[u8], new: &[u8]) -> Vec<EntryChange> {
        let diff = diff(old, &starts(old).unwrap(), new).unwrap();
        assert_eq!(diff.starts, starts(new).unwrap(), "offsets of the new tree");
        assert_eq!(diff.changes, full_compare(old, new));
        diff.changes
    }

    fn names(changes: &[EntryChange]) -> Vec<(&str, bool, bool)> {
        changes
            .iter()
            .map(|c| {
                let name = std::str::from_utf8(&c.name).unwrap();
                (name, c.old.is_some(), c.new.is_some())
            })
            .collect()
    }

    fn as_refs(entries: &[(String, u8)]) -> Vec<(&str, u8)> {
        entries.iter().map(|(n, i)| (n.as_str(), *i)).collect()
    }

    const BASE: [(&str, u8); 5] = [
        ("0001-a.md", 1),
        ("0002-b.md", 2),
        ("0003-c.md", 3),
        ("0004-d.md", 4),
        ("0005-e.md", 5),
    ];

    #[test]
    fn identical_trees_have_no_changes() {
        let t = blobs(&BASE);
        assert!(check(&t, &t).is_empty());
        assert!(check(&[], &[]).is_empty());
    }

    #[test]
    fn one_modified_entry_is_found() {
        let mut changed = BASE;
        changed[2].1 = 9;
        let changes = check(&blobs(&BASE), &blobs(&changed));
        assert_eq!(names(&changes), [("0003-c.md", true, true)]);
        assert_eq!(changes[0].new.unwrap().id, [9; 20]);
    }

    #[test]
    fn added_and_deleted_entries_are_found() {
        let mut more = BASE.to_vec();
        more.push(("0003-ca.md", 7));
        assert_eq!(
            names(&check(&blobs(&BASE), &blobs(&more))),
            [("0003-ca.md", false, true)]
        );
        assert_eq!(
            names(&check(&blobs(&more), &blobs(&BASE))),
            [("0003-ca.md", true, false)]
        );
    }

    #[test]
    fn first_and_last_entries_and_whole_trees() {
        let mut changed = BASE;
        changed[0].1 = 8;
        changed[4].1 = 8;
        assert_eq!(
            names(&check(&blobs(&BASE), &blobs(&changed))),
            [("0001-a.md", true, true), ("0005-e.md", true, true)]
        );
        assert_eq!(check(&[], &blobs(&BASE)).len(), 5);
        assert_eq!(check(&blobs(&BASE), &[]).len(), 5);
    }

    #[test]
    fn scattered_changes_are_all_found() {
        let old: Vec<(String, u8)> = (0..200).map(|i| (format!("{i:04}-r.md"), 1)).collect();
        let mut new = old.clone();
        new[3].1 = 2;
        new[199].1 = 4;
        new.remove(90);
        new.push(("0150-new.md".into(), 3));
        let changes = check(&blobs(&as_refs(&old)), &blobs(&as_refs(&new)));
        assert_eq!(
            names(&changes),
            [
                ("0003-r.md", true, true),
                ("0090-r.md", true, false),
                ("0150-new.md", false, true),
                ("0199-r.md", true, true)
            ]
        );
    }

    #[test]
    fn names_that_are_prefixes_of_each_other_stay_apart() {
        let old = blobs(&[("0001-a.md", 1), ("0001-a.md.bak", 1)]);
        let new = blobs(&[("0001-a.md.bak", 1)]);
        assert_eq!(names(&check(&old, &new)), [("0001-a.md", true, false)]);
        let new = blobs(&[("0001-a.md", 1), ("0001-a.md.bak", 2), ("0001-a.mdx", 1)]);
        assert_eq!(
            names(&check(&old, &new)),
            [("0001-a.md.bak", true, true), ("0001-a.mdx", false, true)]
        );
    }

    #[test]
    fn a_mode_change_is_a_change_and_subtrees_sort_with_a_slash() {
        let old = tree(&[
            ("100644", "a.md", 1),
            ("40000", "a", 1),
            ("100644", "a.b", 1),
        ]);
        let new = tree(&[
            ("100755", "a.md", 1),
            ("40000", "a", 1),
            ("100644", "a.b", 1),
        ]);
        let changes = check(&old, &new);
        assert_eq!(names(&changes), [("a.md", true, true)]);
        assert!(changes[0].new.unwrap().is_file);
        let new = tree(&[
            ("100644", "a.md", 1),
            ("100644", "a", 1),
            ("100644", "a.b", 1),
        ]);
        let changes = check(&old, &new);
        assert_eq!(names(&changes), [("a", false, true), ("a", true, false)]);
    }

    #[test]
    fn an_id_holding_what_looks_like_an_entry_does_not_confuse_it() {
        // An id is any 20 bytes, so one may contain a NUL and a mode: only offsets are trusted.
        let mut old = b"100644 a.md\0".to_vec();
        old.extend_from_slice(b"\x00100644 b.md\0xxxxxxx");
        old.extend_from_slice(b"100644 c.md\0");
        old.extend_from_slice(&[7; 20]);
        let mut new = old.clone();
        let last = new.len() - 1;
        new[last] = 8;
        assert_eq!(names(&check(&old, &new)), [("c.md", true, true)]);
    }

    #[test]
    fn truncated_trees_are_malformed() {
        let t = blobs(&BASE);
        assert!(starts(&t[..t.len() - 1]).is_err());
        assert!(diff(&t, &starts(&t).unwrap(), &t[..t.len() - 3]).is_err());
    }

    fn arb_tree() -> impl Strategy<Value = BTreeMap<String, (bool, u8)>> {
        // Few names and ids, so the two trees share entries, prefixes and collisions.
        let name = prop::sample::select(vec![
            "a", "a.md", "a.md.bak", "ab", "b", "b.md", "c", "c-d.md", "c.md", "z.md",
        ]);
        prop::collection::btree_map(name.prop_map(String::from), (any::<bool>(), 0u8..3), 0..10)
    }

    fn build(entries: &BTreeMap<String, (bool, u8)>) -> Vec<u8> {
        let entries: Vec<_> = entries
            .iter()
            .map(|(n, &(is_tree, id))| (if is_tree { "40000" } else { "100644" }, n.as_str(), id))
            .collect();
        tree(&entries)
    }

    proptest! {
        #[test]
        fn diff_agrees_with_a_full_parse(old in arb_tree(), new in arb_tree()) {
            check(&build(&old), &build(&new));
        }
    }
}
