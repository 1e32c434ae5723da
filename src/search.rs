//! Full-text search over records, ranked: every word of the query must appear somewhere; a
//! word in the title or the record's id counts most, then people and tags, then the body.
//!
//! Pure: records in, ranked records out. `because mcp`'s `search` tool reads it.

use crate::record::Record;

/// Weights of where a query word was found (the best place counts, once per word).
const TITLE: u32 = 100;
const PEOPLE_OR_TAG: u32 = 10;
const BODY: u32 = 1;

/// One record that matched, with its score (higher first).
#[derive(Debug, Clone, Copy)]
pub struct Hit<'a> {
    pub record: &'a Record,
    pub score: u32,
}

/// The records matching every word of `query` (case-insensitive), best first, then by number.
pub fn search<'a>(records: &'a [Record], query: &str) -> Vec<Hit<'a>> {
    let words = words(query);
    if words.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<Hit<'a>> = records
        .iter()
        .filter_map(|record| score(record, &words).map(|score| Hit { record, score }))
        .collect();
    hits.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(a.record.number.cmp(&b.record.number))
            .then(a.record.file_name.cmp(&b.record.file_name))
    });
    hits
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '@' && c != '#')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The record's score, or `None` when a word is missing from it.
fn score(record: &Record, words: &[String]) -> Option<u32> {
    let title = format!(
        "{} {} {}",
        record.number.map(|n| format!("{n:04}")).unwrap_or_default(),
        record.title.as_deref().unwrap_or_default(),
        record.file_name
    )
    .to_lowercase();
    let people = record
        .decision_makers
        .iter()
        .chain(&record.consulted)
        .chain(&record.informed)
        .chain(&record.tags)
        .map(|s| s.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    let body = record.body.to_lowercase();
    words.iter().try_fold(0, |total, word| {
        let found = [(&title, TITLE), (&people, PEOPLE_OR_TAG), (&body, BODY)]
            .into_iter()
            .find(|(text, _)| text.contains(word.as_str()))?;
        Some(total + found.1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::sample;

    #[test]
    fn every_word_is_required_and_title_hits_rank_first() {
        let mut body_only = sample("0001-queues.md", "status: accepted");
        body_only.body = "We pick PostgreSQL for the event log.".into();
        let mut title_hit = sample("0002-use-postgresql-for-events.md", "status: proposed");
        title_hit.title = Some("Use PostgreSQL for events".into());
        let records = vec![body_only, title_hit];
        let hits = search(&records, "postgresql event");
        let numbers: Vec<_> = hits.iter().map(|h| h.record.number).collect();
        assert_eq!(numbers, vec![Some(2), Some(1)]);
        assert!(search(&records, "postgresql kafka").is_empty());
    }

    #[test]
    fn people_and_tags_are_searched() {
        let records = vec![sample("0003-x.md", "decision-maker: \"@sam\"\ntags: [api]")];
        assert_eq!(search(&records, "@sam api").len(), 1);
        assert_eq!(search(&records, "").len(), 0);
    }
}
