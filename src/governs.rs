//! `governs:` globs: which records govern which paths (issue 17, decision 0011).
//!
//! A glob is gitignore-style and relative to the repository root: `src/db/**`, `*.sql`
//! (no `/`: at any depth), `/Makefile` (anchored), `migrations/` (a directory), and `!glob`
//! takes back what an earlier glob of the same record matched (the last matching glob wins,
//! as in a `.gitignore`). A glob naming a directory governs everything under it.
//!
//! Pure: every record's globs are compiled once into one `globset` matcher, so asking about a
//! path costs one match over all records, not one per record. No IO, no git.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::index::Index;
use crate::record::Record;

/// A glob that cannot be used, and why (for `invalid-glob`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidGlob {
    pub glob: String,
    pub reason: String,
}

/// One record's glob that matched a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Index of the record in [`Index::records`].
    pub record: usize,
    /// The glob as the record writes it.
    pub glob: String,
}

/// Where one compiled pattern came from.
#[derive(Debug, Clone)]
struct Source {
    record: usize,
    /// Position of the glob in the record's list: a later glob overrides an earlier one.
    position: usize,
    negated: bool,
}

/// Every valid glob of every record, compiled together.
#[derive(Debug)]
pub struct Governs {
    set: GlobSet,
    /// Per compiled pattern (a glob compiles to one or two), where it came from.
    sources: Vec<Source>,
    /// Per record, its globs as written.
    globs: Vec<Vec<String>>,
}

impl Governs {
    /// The globs of every record in `index`; invalid ones are left out (`check` reports them).
    pub fn new(index: &Index) -> Governs {
        let mut builder = GlobSetBuilder::new();
        let mut sources = Vec::new();
        let globs: Vec<Vec<String>> = index.records().iter().map(|r| r.governs.clone()).collect();
        for (record, list) in globs.iter().enumerate() {
            for (position, glob) in list.iter().enumerate() {
                let Ok(compiled) = compile(glob) else {
                    continue;
                };
                for pattern in compiled.patterns {
                    builder.add(pattern);
                    sources.push(Source {
                        record,
                        position,
                        negated: compiled.negated,
                    });
                }
            }
        }
        let set = builder.build().unwrap_or_else(|_| GlobSet::empty());
        Governs {
            set,
            sources,
            globs,
        }
    }

    /// True when no record governs anything.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// The records governing `path` (repository-relative, `/`-separated), each with the
    /// glob that decided it, in record order.
    pub fn matches(&self, path: &str) -> Vec<Match> {
        let mut last: std::collections::BTreeMap<usize, &Source> = Default::default();
        for i in self.set.matches(path) {
            let source = &self.sources[i];
            let entry = last.entry(source.record).or_insert(source);
            if source.position > entry.position {
                *entry = source;
            }
        }
        last.into_values()
            .filter(|s| !s.negated)
            .map(|s| Match {
                record: s.record,
                glob: self.globs[s.record][s.position].clone(),
            })
            .collect()
    }
}

impl Governs {
    /// The globs (record index, position in its list) that match none of `files`.
    pub fn unmatched(&self, files: &[String]) -> Vec<(usize, usize)> {
        let mut hit = vec![false; self.sources.len()];
        for file in files {
            for i in self.set.matches(file.as_str()) {
                hit[i] = true;
            }
        }
        let mut matched = std::collections::BTreeSet::new();
        for (source, hit) in self.sources.iter().zip(&hit) {
            if *hit {
                matched.insert((source.record, source.position));
            }
        }
        let mut unmatched: Vec<(usize, usize)> = self
            .sources
            .iter()
            .map(|s| (s.record, s.position))
            .filter(|key| !matched.contains(key))
            .collect();
        unmatched.dedup();
        unmatched
    }
}

/// The files of `files` that `record`'s globs govern (the last matching glob wins).
pub fn files_governed<'f>(record: &Record, files: &'f [String]) -> Vec<&'f str> {
    let compiled: Vec<(Compiled, GlobSet)> = record
        .governs
        .iter()
        .filter_map(|g| compile(g).ok())
        .filter_map(|c| {
            let set = set_of(&c.patterns)?;
            Some((c, set))
        })
        .collect();
    files
        .iter()
        .filter(|file| {
            compiled
                .iter()
                .rev()
                .find(|(_, set)| set.is_match(file.as_str()))
                .is_some_and(|(c, _)| !c.negated)
        })
        .map(String::as_str)
        .collect()
}

/// Why `glob` cannot be used, or `None` when it can.
pub fn problem(glob: &str) -> Option<String> {
    compile(glob).err()
}

/// Every glob of `record` that cannot be compiled, with the reason.
pub fn invalid(record: &Record) -> Vec<InvalidGlob> {
    record
        .governs
        .iter()
        .filter_map(|glob| {
            compile(glob).err().map(|reason| InvalidGlob {
                glob: glob.clone(),
                reason,
            })
        })
        .collect()
}

fn set_of(patterns: &[globset::Glob]) -> Option<GlobSet> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        builder.add(pattern.clone());
    }
    builder.build().ok()
}

/// A glob translated to `globset` patterns.
struct Compiled {
    negated: bool,
    patterns: Vec<globset::Glob>,
}

/// Translate one gitignore-style glob: no `/` but a trailing one matches at any depth, a
/// leading `/` only anchors, a trailing `/` matches directories only, and whatever matches a
/// directory matches everything under it.
fn compile(glob: &str) -> Result<Compiled, String> {
    let (negated, rest) = match glob.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, glob),
    };
    let rest = rest.trim();
    if rest.is_empty() || rest == "/" {
        return Err("the glob is empty".into());
    }
    if rest.starts_with("../") || rest.contains("/../") || rest == ".." {
        return Err("`..` leaves the repository; globs are relative to its root".into());
    }
    let dir_only = rest.ends_with('/');
    let body = rest.trim_end_matches('/');
    let anchored = body.starts_with('/') || body.contains('/');
    let body = body.trim_start_matches('/');
    let base = match anchored || body.starts_with("**") {
        true => body.to_string(),
        false => format!("**/{body}"),
    };
    let mut texts = vec![format!("{base}/**")];
    if !dir_only {
        texts.push(base);
    }
    let patterns = texts
        .iter()
        .map(|t| {
            GlobBuilder::new(t)
                .literal_separator(true)
                .backslash_escape(true)
                .build()
                .map_err(|e| e.kind().to_string())
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Compiled { negated, patterns })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn governs(globs: &[&str], path: &str) -> bool {
        let compiled: Vec<Compiled> = globs.iter().map(|g| compile(g).unwrap()).collect();
        compiled
            .iter()
            .rev()
            .find(|c| set_of(&c.patterns).unwrap().is_match(path))
            .is_some_and(|c| !c.negated)
    }

    #[test]
    fn globs_read_like_gitignore() {
        assert!(governs(&["src/db/**"], "src/db/pool.rs"));
        assert!(governs(&["src/db"], "src/db/deep/pool.rs"));
        assert!(governs(&["*.sql"], "migrations/0001.sql"));
        assert!(!governs(&["/*.sql"], "migrations/0001.sql"));
        assert!(governs(&["/*.sql"], "seed.sql"));
        assert!(!governs(&["src/*.rs"], "src/db/pool.rs"));
        assert!(governs(&["migrations/"], "migrations/0001.sql"));
        assert!(!governs(&["pool.rs/"], "src/pool.rs"));
        assert!(!governs(&["src/**", "!src/gen/**"], "src/gen/x.rs"));
        assert!(governs(
            &["src/**", "!src/gen/**", "src/gen/keep.rs"],
            "src/gen/keep.rs"
        ));
    }

    #[test]
    fn invalid_globs_say_why() {
        assert!(compile("src/[db").is_err());
        assert!(compile("").is_err());
        assert!(compile("../elsewhere/**").is_err());
        assert!(compile("src/{a,b}/**").is_ok());
    }
}
