//! The site's search index: what the search box in every page's header (and the index
//! page's filter) matches against, loaded on first use.
//!
//! Compact by design (issue 18): per record its page, id, title, people, tags and the
//! distinct words of its body, the body's words cut to a per-record share of
//! [`BUDGET`], so 10,000 records stay near 3 MB instead of the 40 MB full texts took.

use std::collections::BTreeSet;
use std::io::Write;

use super::plan::RecordPage;

/// The path of the search index in the site.
pub const PATH: &str = "search-index.js";

/// About how many bytes the whole index may take, whatever the number of records.
const BUDGET: usize = 3_000_000;

/// Most body bytes one record keeps, however few records a site has.
const MAX_BODY: usize = 4_000;

/// Fewest body bytes one record keeps, however many records a site has.
const MIN_BODY: usize = 64;

/// One record as the search box sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub url: String,
    pub id: String,
    pub title: String,
    pub people: String,
    pub tags: String,
    /// The body's distinct words, lower-case, in the order they first appear.
    pub words: String,
}

/// Short words that are in nearly every record and so find nothing.
const COMMON: [&str; 24] = [
    "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "has", "had", "was",
    "our", "its", "this", "that", "with", "from", "will", "they", "have", "which", "into",
];

impl Entry {
    /// The search entry of a record page whose body reads `text`.
    pub fn new(page: &RecordPage<'_>, text: &str) -> Entry {
        let people = [
            &page.decision_makers,
            &page.authors,
            &page.responsible,
            &page.consulted,
            &page.informed,
        ];
        let names: BTreeSet<&str> = people
            .iter()
            .flat_map(|list| list.iter())
            .flat_map(|p| [p.name.as_str(), p.key.as_str()])
            .collect();
        Entry {
            url: page.r.url.clone(),
            id: page.r.id.clone(),
            title: page.r.title.clone(),
            people: names.into_iter().collect::<Vec<_>>().join(" "),
            tags: page.tags.join(" "),
            words: distinct_words(text, MAX_BODY),
        }
    }

    fn metadata_len(&self) -> usize {
        self.url.len() + self.id.len() + self.title.len() + self.people.len() + self.tags.len()
    }
}

/// The distinct words of `text` (three letters or more, common ones left out), lower-case,
/// in order of first appearance, joined by spaces, at most `limit` bytes.
pub fn distinct_words(text: &str, limit: usize) -> String {
    let mut seen = BTreeSet::new();
    let mut out = String::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        let word = word.to_lowercase();
        if word.chars().count() < 3 || COMMON.contains(&word.as_str()) || seen.contains(&word) {
            continue;
        }
        if out.len() + word.len() + 1 > limit {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word);
        seen.insert(word);
    }
    out
}

/// Each record's share of the budget for body words, once its metadata is counted.
fn body_share(entries: &[Entry]) -> usize {
    if entries.is_empty() {
        return MAX_BODY;
    }
    let metadata: usize = entries.iter().map(|e| e.metadata_len() + 16).sum();
    (BUDGET.saturating_sub(metadata) / entries.len()).clamp(MIN_BODY, MAX_BODY)
}

/// Cut `words` to at most `limit` bytes at a word boundary.
fn cut(words: &str, limit: usize) -> &str {
    if words.len() <= limit {
        return words;
    }
    let mut end = limit;
    while !words.is_char_boundary(end) {
        end -= 1;
    }
    words[..end].rsplit_once(' ').map_or("", |(kept, _)| kept)
}

/// `search-index.js`: a script, not JSON, because `fetch()` of a file fails under `file://`.
/// One array per record: `[url, id, title, people, tags, words]`.
pub fn write(entries: &[Entry], out: &mut dyn Write) -> std::io::Result<()> {
    let share = body_share(entries);
    out.write_all(b"window.BECAUSE_SEARCH = [")?;
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            out.write_all(b",\n")?;
        }
        let row = [
            &e.url,
            &e.id,
            &e.title,
            &e.people,
            &e.tags,
            cut(&e.words, share),
        ];
        serde_json::to_writer(&mut *out, &row)?;
    }
    out.write_all(b"];\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_distinct_lower_case_and_bounded() {
        let text = "Kafka is the queue; the QUEUE is Kafka. We pick Kafka for throughput.";
        assert_eq!(distinct_words(text, 100), "kafka queue pick throughput");
        assert_eq!(distinct_words(text, 11), "kafka queue");
    }

    #[test]
    fn ten_thousand_records_fit_the_budget_and_keep_some_body_words() {
        let body: String = (0..3000).map(|i| format!("word{i} ")).collect();
        let entries: Vec<Entry> = (0..10_000)
            .map(|n| Entry {
                url: format!("records/{n:04}-decision-number-{n}-about-service.html"),
                id: format!("{n:04}"),
                title: format!("Decision number {n} about service {}", n % 97),
                people: "Sam Rivera @sam".into(),
                tags: "db scale".into(),
                words: distinct_words(&body, MAX_BODY),
            })
            .collect();
        let mut out = Vec::new();
        write(&entries, &mut out).unwrap();
        assert!(out.len() <= BUDGET + BUDGET / 20, "{} bytes", out.len());
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("word0 word1"), "body words kept");
    }

    #[test]
    fn a_small_site_keeps_whole_bodies_up_to_the_cap() {
        let entry = Entry {
            url: "records/0001-x.html".into(),
            id: "0001".into(),
            title: "X".into(),
            people: String::new(),
            tags: String::new(),
            words: "alpha beta gamma".into(),
        };
        let mut out = Vec::new();
        write(&[entry], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\"alpha beta gamma\""), "{text}");
    }
}
