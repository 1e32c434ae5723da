//! Status, date and target normalising every format shares, the native one included:
//! `**Accepted**`, `✅ Accepted`, a badge, `superseded by ADR-0012`, `31/01/2020`, `0003-x.md`.
//!
//! Pure text → cleaned values. A leaf beside `text`: the parser and the body-header readers
//! both call it, it calls neither.

use super::model::Relation;
use super::name;
use super::text::remove_comments;

/// Relation phrases, longest first so `superseded by` is not read as `supersedes`.
pub const RELATION_PHRASES: [(&str, Relation); 13] = [
    ("superseded by", Relation::SupersededBy),
    ("superceded by", Relation::SupersededBy),
    ("replaced by", Relation::SupersededBy),
    ("amended by", Relation::AmendedBy),
    ("supersedes", Relation::Supersedes),
    ("supercedes", Relation::Supersedes),
    ("replaces", Relation::Supersedes),
    ("amends", Relation::Amends),
    ("relates to", Relation::RelatesTo),
    ("related to", Relation::RelatesTo),
    ("related", Relation::RelatesTo),
    ("see also", Relation::RelatesTo),
    ("links to", Relation::RelatesTo),
];

pub fn relation_of_phrase(key: &str) -> Option<Relation> {
    RELATION_PHRASES
        .iter()
        .find(|(phrase, _)| *phrase == key)
        .map(|(_, r)| *r)
}

/// A status as written, cleaned: the lifecycle word, relations it names, a date it carries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusText {
    /// Lower-case status word(s) before the alias table (`accepted`, `in progress`).
    pub word: Option<String>,
    /// Relations named in the text with their targets as written (`0003-x.md`, `ADR-0012`).
    pub links: Vec<(Relation, String)>,
    /// A date in the text (`Accepted on 2020-01-31`), as written.
    pub date: Option<String>,
}

/// Clean a status as people write it: `**Accepted**`, `✅ Accepted`, a shields.io badge,
/// `Accepted (2020-01-31)`, `superseded by ADR-0012`, `accepted; supersedes ADR-0004`,
/// `Superseded by [3. Title](0003-title.md)`.
pub fn clean_status(raw: &str) -> StatusText {
    let mut out = StatusText::default();
    let text = remove_comments(raw);
    let (text, badge_words) = take_images(&text);
    let (text, targets) = take_links(&open_relation_asides(&text));
    let mut last_relation: Option<Relation> = None;
    // A dash between words separates too: `Deprecated — see [ADR 5](0005-x.md)`.
    for segment in text.split([';', ',', '|', '—', '–']) {
        let (segment, date) = take_date(segment);
        if out.date.is_none() {
            out.date = date;
        }
        let plain = plain_text(&segment);
        let lower = plain.to_lowercase();
        let phrase = RELATION_PHRASES.iter().find(|(p, _)| {
            lower.starts_with(p) && !lower[p.len()..].starts_with(|c: char| c.is_alphanumeric())
        });
        if let Some((p, relation)) = phrase {
            let refs = references(&plain[p.len()..], &targets);
            out.links.extend(refs.into_iter().map(|t| (*relation, t)));
            if *relation == Relation::SupersededBy && out.word.is_none() {
                out.word = Some("superseded".into());
            }
            last_relation = Some(*relation);
            continue;
        }
        let refs = references(&plain, &targets);
        if let Some(relation) = last_relation.filter(|_| !refs.is_empty() && is_only_refs(&plain)) {
            out.links.extend(refs.into_iter().map(|t| (relation, t)));
            continue;
        }
        let names_record = |t: &String| t.ends_with(".md") && target(t).is_some();
        if refs.iter().any(names_record) && marker_only(&plain) {
            // `Clarified by [4. X](0004-x.md)`-style custom adr-tools links: related records.
            out.links
                .extend(refs.into_iter().map(|t| (Relation::RelatesTo, t)));
            continue;
        }
        if out.word.is_none() {
            // Words before a link are the status; the link's label is prose about it
            // (`Accepted ✅ [PR](…)`), unless nothing comes before it (`[Accepted](…)`).
            let before = plain.split(LINK_OPEN).next().and_then(clean_word);
            out.word = before.or_else(|| clean_word(&with_labels(&plain, &targets)));
        }
    }
    if out.word.is_none() {
        out.word = badge_words.iter().find_map(|w| clean_word(w));
    }
    out
}

/// `accepted (amended by [ADR 92](…))`: an aside that names a relation becomes a segment of
/// its own, so the word before it stays the status.
fn open_relation_asides(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let after = &rest[open + 1..];
        let lower = after.trim_start().to_lowercase();
        let names_relation = RELATION_PHRASES.iter().any(|(p, _)| lower.starts_with(p));
        let close = names_relation.then(|| closing_paren(after)).flatten();
        out.push_str(&rest[..open]);
        match close {
            Some(close) => {
                out.push(';');
                out.push_str(&after[..close]);
                rest = &after[close + 1..];
            }
            None => {
                out.push('(');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `)` closing an aside whose `(` came just before `text`, nested pairs skipped.
fn closing_paren(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// A status as a reader should see it: the words as written, without Markdown emphasis,
/// badges, comments or link targets (`**Active review (July 17 - July 31)**` → `Active
/// review (July 17 - July 31)`).
pub fn display_status(raw: &str) -> String {
    let text = remove_comments(raw);
    let (text, _) = take_images(&text);
    let (text, targets) = take_links(&text);
    let text = with_labels(&text, &targets);
    let plain: String = text
        .chars()
        .filter(|c| !matches!(c, '*' | '`' | '~'))
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Placeholder for a Markdown link in a status: `\u{1}index\u{2}`.
const LINK_OPEN: char = '\u{1}';
const LINK_CLOSE: char = '\u{2}';

/// Remove `![alt](url)` and `<…>` tags; return the words a badge might carry (alt text, the
/// message of a shields.io URL).
fn take_images(text: &str) -> (String, Vec<String>) {
    let mut words = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let image = rest.find("![");
        let tag = rest.find('<');
        let start = match (image, tag) {
            (Some(i), Some(t)) => i.min(t),
            (Some(i), None) => i,
            (None, Some(t)) => t,
            (None, None) => break,
        };
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        if let Some(image) = after.strip_prefix("![") {
            let Some(close) = after.find("](") else {
                out.push_str("![");
                rest = image;
                continue;
            };
            let end = after[close..]
                .find(')')
                .map_or(after.len(), |e| close + e + 1);
            let alt = &after[2..close];
            let url = after[close + 2..end].trim_end_matches(')');
            words.push(alt.to_string());
            words.extend(badge_message(url));
            rest = &after[end..];
        } else {
            let end = after.find('>').map_or(after.len(), |e| e + 1);
            let tag = &after[..end];
            if tag.to_lowercase().starts_with("<img") {
                words.extend(attribute(tag, "alt"));
                words.extend(attribute(tag, "src").and_then(|src| badge_message(&src)));
            }
            out.push(' ');
            rest = &after[end..];
        }
    }
    out.push_str(rest);
    // A generic alt text (`status`, `badge`) says less than the badge's message.
    words.retain(|w| !matches!(w.trim().to_lowercase().as_str(), "" | "status" | "badge"));
    (out, words)
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let rest = &tag[at..];
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let end = rest[1..].find(quote)?;
    Some(rest[1..1 + end].to_string())
}

/// `https://img.shields.io/badge/status-accepted-green` → `accepted`.
fn badge_message(url: &str) -> Option<String> {
    let path = url.split("badge/").nth(1)?;
    let path = path.split(['?', '#']).next()?.trim_end_matches(".svg");
    let parts: Vec<&str> = path.split('-').filter(|p| !p.is_empty()).collect();
    let message = match parts.len() {
        0 => return None,
        1 | 2 => parts[0].to_string(),
        n => parts[1..n - 1].join(" "),
    };
    Some(message.replace("%20", " ").replace('_', " "))
}

/// Replace `[label](target)` with a placeholder; return the targets.
fn take_links(text: &str) -> (String, Vec<(String, String)>) {
    let mut targets = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open..];
        let Some(close) = after.find("](") else {
            break;
        };
        let Some(end) = after[close..].find(')') else {
            break;
        };
        let label = &after[1..close];
        let target = &after[close + 2..close + end];
        out.push_str(&rest[..open]);
        out.push(LINK_OPEN);
        out.push_str(&targets.len().to_string());
        out.push(LINK_CLOSE);
        targets.push((label.to_string(), target.trim().to_string()));
        rest = &after[close + end + 1..];
    }
    out.push_str(rest);
    (out, targets)
}

/// Put link labels back in place of their placeholders.
fn with_labels(text: &str, targets: &[(String, String)]) -> String {
    let mut out = text.to_string();
    for (i, (label, _)) in targets.iter().enumerate() {
        out = out.replace(&format!("{LINK_OPEN}{i}{LINK_CLOSE}"), label);
    }
    out
}

/// Targets a relation header names (`* Superseded by: [ADR-0005](0005-x.md)`).
pub fn relation_targets(value: &str) -> Vec<String> {
    let (text, targets) = take_links(value);
    references(&text, &targets)
}

/// Record references in a relation's text: link targets, else `ADR-0012`, `#12`, `12`.
fn references(text: &str, targets: &[(String, String)]) -> Vec<String> {
    let mut refs = Vec::new();
    let mut without_links = String::new();
    let mut rest = text;
    while let Some(open) = rest.find(LINK_OPEN) {
        without_links.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find(LINK_CLOSE).unwrap_or(after.len());
        if let Some((label, target)) = after[..close]
            .parse::<usize>()
            .ok()
            .and_then(|i| targets.get(i))
        {
            refs.push(link_reference(label, target));
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    without_links.push_str(rest);
    let mut digits = String::new();
    for c in without_links.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if !digits.is_empty() {
            refs.push(std::mem::take(&mut digits));
        }
    }
    refs
}

/// What a link names: its target, or its label (`[ADR-0003]({{< ref "…" >}})`) when the
/// target is a site generator's shortcode rather than a path. A URL is never read for its
/// label's digits: `[PR 12](https://…/pull/12)` names no record.
fn link_reference(label: &str, target: &str) -> String {
    if target.contains("://") || self::target(target).is_some() {
        return target.to_string();
    }
    // adr-tools labels a link with the record's heading: `[3. Use X](…)`.
    let numbered = label
        .split_once(". ")
        .map(|(n, _)| n.trim())
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    match numbered {
        Some(n) => n.to_string(),
        None if self::target(label).is_some() => label.to_string(),
        None => target.to_string(),
    }
}

/// True when `text` holds nothing but references (`ADR-0013`, `and #14`, a link).
fn is_only_refs(text: &str) -> bool {
    let mut stripped = text.to_lowercase();
    for word in ["adr", "rfc", "and", "&"] {
        stripped = stripped.replace(word, " ");
    }
    stripped
        .chars()
        .all(|c| !c.is_alphabetic() || c == LINK_OPEN || c == LINK_CLOSE)
}

/// True when `text` is a phrase of at most three words and one link placeholder.
fn marker_only(text: &str) -> bool {
    let before = text.split(LINK_OPEN).next().unwrap_or("");
    text.contains(LINK_OPEN) && before.split_whitespace().count() <= 3
}

/// `text` without emphasis marks and emoji: what the words say.
fn plain_text(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c.is_whitespace() || c.is_ascii() || is_placeholder(c) {
                c
            } else {
                ' '
            }
        })
        .filter(|c| !matches!(c, '*' | '`' | '~'))
        .collect();
    remove_shortcodes(&cleaned).trim().to_string()
}

fn is_placeholder(c: char) -> bool {
    c == LINK_OPEN || c == LINK_CLOSE
}

/// Drop `:white_check_mark:`-style emoji shortcodes.
fn remove_shortcodes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(':') {
        let after = &rest[start + 1..];
        let end = after.find(':');
        let is_code = end.is_some_and(|end| {
            end > 0
                && after[..end]
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_+-".contains(c))
        });
        out.push_str(&rest[..start]);
        match end {
            Some(end) if is_code => rest = &after[end + 1..],
            _ => {
                out.push(':');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The status word(s) of a segment: parenthesised asides, punctuation and connectors dropped.
fn clean_word(text: &str) -> Option<String> {
    let mut depth = 0usize;
    let mut kept = String::with_capacity(text.len());
    for c in plain_text(text).chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_alphanumeric() || c == '-' => kept.extend(c.to_lowercase()),
            _ => kept.push(' '),
        }
    }
    let mut words: Vec<&str> = kept
        .split_whitespace()
        .map(|w| w.trim_matches('-'))
        .collect();
    words.retain(|w| !w.is_empty());
    while let Some(last) = words.last() {
        if matches!(*last, "on" | "since" | "at" | "in" | "of" | "as" | "date") {
            words.pop();
        } else {
            break;
        }
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// Find a date in `segment` (one token, or three for `January 31, 2020`): the segment without
/// it, and the date as written.
fn take_date(segment: &str) -> (String, Option<String>) {
    let tokens: Vec<(usize, &str)> = segment
        .split_whitespace()
        .map(|t| (t.as_ptr() as usize - segment.as_ptr() as usize, t))
        .collect();
    for width in [3, 1] {
        for window in tokens.windows(width) {
            let start = window[0].0;
            let (last_at, last) = window[width - 1];
            let end = last_at + last.len();
            let candidate = segment[start..end].trim_matches(|c: char| "()[],*_`".contains(c));
            if normalize_date(candidate).is_some() {
                let rest = format!("{} {}", &segment[..start], &segment[end..]);
                return (rest, Some(candidate.to_string()));
            }
        }
    }
    (segment.to_string(), None)
}

/// A date in a known form as `YYYY-MM-DD`: `2020-01-31`, `2020-01-31T10:00:00Z`,
/// `31/01/2020` (day first unless the second part is above 12), `31.01.2020`, `2020/01/31`,
/// `January 31, 2020`, `31 Jan 2020`.
pub fn normalize_date(text: &str) -> Option<String> {
    use jiff::civil::Date;
    let t = text
        .trim()
        .trim_matches(|c: char| "()[]*_`\"'".contains(c))
        .trim();
    // Every form below has a day and a year: words alone (`Accepted`) are no date, and
    // trying each pattern on them was most of the time `list` spent on statuses.
    if !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let format = |d: Date| Some(d.to_string());
    // Year first only with four digits: `05/02/26` is day first with a two-digit year.
    let year_first = t.find(['-', '/', '.']) == Some(4);
    for pattern in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"] {
        if let (true, Ok(d)) = (year_first, Date::strptime(pattern, t)) {
            return format(d);
        }
    }
    // A timestamp: the calendar date it starts with.
    if t.len() > 10
        && t.is_char_boundary(10)
        && t[10..].starts_with(['T', 't', ' '])
        && let Ok(d) = Date::strptime("%Y-%m-%d", &t[..10])
    {
        return format(d);
    }
    if let Some(d) = day_month_year(t) {
        return format(d);
    }
    // PEP's `13-Jun-2000` (and `13-Jun-00`), prose dates with or without the comma.
    for pattern in [
        "%B %d, %Y",
        "%b %d, %Y",
        "%B %d %Y",
        "%b %d %Y",
        "%d %B %Y",
        "%d %b %Y",
        "%d-%b-%y",
        "%d-%b-%Y",
        "%d-%B-%Y",
    ] {
        if let Ok(d) = Date::strptime(pattern, t) {
            return format(d);
        }
    }
    None
}

/// `31/01/2020`, `31.01.2020`, `01-31-2020`: day first, month first when that is the only
/// reading.
fn day_month_year(text: &str) -> Option<jiff::civil::Date> {
    let parts: Vec<&str> = text.split(['/', '.', '-']).collect();
    let [a, b, y] = parts.as_slice() else {
        return None;
    };
    if !matches!(y.len(), 2 | 4) || a.is_empty() || b.is_empty() || a.len() > 2 || b.len() > 2 {
        return None;
    }
    let (a, b, y): (i8, i8, i16) = (a.parse().ok()?, b.parse().ok()?, y.parse().ok()?);
    let y = full_year(y);
    let (day, month) = if b > 12 { (b, a) } else { (a, b) };
    jiff::civil::Date::new(y, month, day).ok()
}

/// A two-digit year as the century it most likely means: `26` → 2026, `98` → 1998 (records
/// are not written more than a few years ahead).
fn full_year(year: i16) -> i16 {
    match year {
        0..=69 => 2000 + year,
        70..=99 => 1900 + year,
        _ => year,
    }
}

/// What a relation target names: a record number, or a file with no number yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Number(u32),
    File(String),
}

/// Read a target as written: `0003-title.md`, `../adr/0003-title.md#x`, `ADR-0012`, `12`,
/// `20200131-slug.md`.
pub fn target(text: &str) -> Option<Target> {
    let path = text.split(['#', '?']).next().unwrap_or(text).trim();
    // A URL names a record only by a record file at its end: the digits of
    // `…/pull/123` are a pull request, not record 123.
    if path.contains("://") && !path.to_lowercase().ends_with(".md") {
        return None;
    }
    let file = path.rsplit('/').next().unwrap_or(path);
    if file.to_lowercase().ends_with(".md") {
        if let Some(n) = name::number_from_file_name(file) {
            return Some(Target::Number(n));
        }
        if name::date_from_file_name(file).is_some() {
            return Some(Target::File(file.to_string()));
        }
    }
    name::reference_number(file).map(Target::Number)
}

/// People from a header or front-matter value: `A (@a), B <b@example.org>`, `[A](url) and
/// B`: link labels kept, mail addresses dropped (a handle in parentheses is kept, it is how
/// EIP authors are known).
pub fn people(value: &str) -> Vec<String> {
    let (text, targets) = take_links(value);
    let text = with_labels(&text, &targets);
    let mut kept = String::with_capacity(text.len());
    let mut in_mail = false;
    for c in text.chars() {
        match c {
            '<' => in_mail = true,
            '>' if in_mail => in_mail = false,
            _ if in_mail => {}
            c => kept.push(c),
        }
    }
    list(&kept).into_iter().map(named_mail).collect()
}

/// `barry@python.org (Barry Warsaw)`, the old RFC 822 form: the name, not the address.
fn named_mail(person: String) -> String {
    let Some((mail, name)) = person.split_once(" (") else {
        return person;
    };
    let is_mail = mail.contains('@') && !mail.starts_with('@') && !mail.contains(' ');
    match (is_mail, name.strip_suffix(')')) {
        (true, Some(name)) if !name.trim().is_empty() => name.trim().to_string(),
        _ => person,
    }
}

/// The end of a review window in a status (`Active review (July 17 - July 31, 2026)` →
/// `2026-07-31`). A window without a year takes `year` (the record's own), else gives none.
pub fn window_end(status: &str, year: Option<i32>) -> Option<String> {
    let open = status.find('(')?;
    let inside = &status[open + 1..];
    let inside = &inside[..inside.find(')')?];
    let end = inside
        .rsplit(['–', '—'])
        .next()
        .filter(|e| e.len() < inside.len())
        .or_else(|| inside.rsplit(" - ").next())
        .or_else(|| inside.rsplit(" to ").next())?
        .trim()
        .trim_matches(|c: char| "*_".contains(c));
    if end.len() == inside.trim().len() {
        return None;
    }
    normalize_date(end).or_else(|| normalize_date(&format!("{end}, {}", year?)))
}

/// People or tags from a header value: `a, b and c`, `[a, b]`.
pub fn list(value: &str) -> Vec<String> {
    let value = value.trim().trim_start_matches('[').trim_end_matches(']');
    value
        .split([',', ';'])
        .flat_map(|p| p.split(" and "))
        .map(|p| p.trim().trim_matches(['*', '_', '`', '"', '\'']).trim())
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(raw: &str) -> (Option<String>, Vec<(Relation, String)>, Option<String>) {
        let s = clean_status(raw);
        (s.word, s.links, s.date)
    }

    fn word(raw: &str) -> Option<String> {
        clean_status(raw).word
    }

    #[test]
    fn a_link_behind_a_shortcode_names_its_label_and_a_url_never_does() {
        let shortcode = r#"[3. Use external users]({{< ref "0003-x.md" >}})"#;
        assert_eq!(relation_targets(shortcode), ["3"]);
        let id = r#"[ADR-0003]({{< ref "0003-x.md" >}})"#;
        assert_eq!(relation_targets(id), ["ADR-0003"]);
        let pull = "[PR 12](https://example.com/pull/12)";
        assert_eq!(target(&relation_targets(pull)[0]), None);
        assert_eq!(relation_targets("[4. X](0004-x.md)"), ["0004-x.md"]);
    }

    #[test]
    fn decoration_is_stripped() {
        assert_eq!(word("**Accepted**").as_deref(), Some("accepted"));
        assert_eq!(word("✅ Accepted").as_deref(), Some("accepted"));
        assert_eq!(
            word(":white_check_mark: ACCEPTED").as_deref(),
            Some("accepted")
        );
        assert_eq!(word("`proposed`").as_deref(), Some("proposed"));
        assert_eq!(
            word("Accepted <!-- optional -->").as_deref(),
            Some("accepted")
        );
        assert_eq!(word("In Progress 🚧").as_deref(), Some("in progress"));
        assert_eq!(word("Accepted (by the CTO)").as_deref(), Some("accepted"));
        assert_eq!(word(""), None);
    }

    #[test]
    fn badges_give_their_message() {
        assert_eq!(
            word("![status](https://img.shields.io/badge/status-accepted-green.svg)").as_deref(),
            Some("accepted")
        );
        assert_eq!(word("![Proposed](badge.png)").as_deref(), Some("proposed"));
        assert_eq!(
            word(r#"<img src="https://img.shields.io/badge/status-rejected-red" alt="status">"#)
                .as_deref(),
            Some("rejected")
        );
    }

    #[test]
    fn trailing_dates_are_taken_out() {
        assert_eq!(
            status("Accepted 2020-01-31"),
            (Some("accepted".into()), vec![], Some("2020-01-31".into()))
        );
        assert_eq!(
            status("Accepted on 31/01/2020"),
            (Some("accepted".into()), vec![], Some("31/01/2020".into()))
        );
        assert_eq!(
            status("Accepted (2020-01-31)"),
            (Some("accepted".into()), vec![], Some("2020-01-31".into()))
        );
        assert_eq!(
            word("Accepted, January 31, 2020").as_deref(),
            Some("accepted")
        );
    }

    #[test]
    fn relation_phrases_become_links() {
        assert_eq!(
            status("superseded by ADR-0012"),
            (
                Some("superseded".into()),
                vec![(Relation::SupersededBy, "0012".into())],
                None
            )
        );
        assert_eq!(
            status("accepted; supersedes ADR-0004"),
            (
                Some("accepted".into()),
                vec![(Relation::Supersedes, "0004".into())],
                None
            )
        );
        assert_eq!(
            status("Superseded by [3. Use X, not Y](0003-use-x.md)"),
            (
                Some("superseded".into()),
                vec![(Relation::SupersededBy, "0003-use-x.md".into())],
                None
            )
        );
        assert_eq!(
            status("Amended by [4. More](0004-more.md)").1,
            vec![(Relation::AmendedBy, "0004-more.md".into())]
        );
        assert_eq!(status("Amended by [4. More](0004-more.md)").0, None);
        assert_eq!(
            status("superseded by ADR-0012, ADR-0013").1,
            vec![
                (Relation::SupersededBy, "0012".into()),
                (Relation::SupersededBy, "0013".into())
            ]
        );
        assert_eq!(
            status("**Superseded** by [20200301-new](20200301-new.md)").1,
            vec![(Relation::SupersededBy, "20200301-new.md".into())]
        );
        assert_eq!(
            status("Clarified by [5. X](0005-x.md)").1,
            vec![(Relation::RelatesTo, "0005-x.md".into())]
        );
    }

    #[test]
    fn dates_in_known_forms_are_normalized() {
        for (raw, want) in [
            ("2020-01-31", "2020-01-31"),
            ("31/01/2020", "2020-01-31"),
            ("01/31/2020", "2020-01-31"),
            ("02/03/2020", "2020-03-02"),
            ("31.01.2020", "2020-01-31"),
            ("2020/01/31", "2020-01-31"),
            ("2020-01-31T10:00:00Z", "2020-01-31"),
            ("2020-01-31 10:00", "2020-01-31"),
            ("January 31, 2020", "2020-01-31"),
            ("31 Jan 2020", "2020-01-31"),
            ("2020-1-5", "2020-01-05"),
        ] {
            assert_eq!(normalize_date(raw).as_deref(), Some(want), "{raw}");
        }
        assert_eq!(normalize_date("last week"), None);
        assert_eq!(normalize_date("2020-13-45"), None);
    }

    #[test]
    fn targets() {
        assert_eq!(target("0003-x.md"), Some(Target::Number(3)));
        assert_eq!(target("../adr/0003-x.md#status"), Some(Target::Number(3)));
        assert_eq!(target("ADR-0012"), Some(Target::Number(12)));
        assert_eq!(
            target("20200131-x.md"),
            Some(Target::File("20200131-x.md".into()))
        );
        assert_eq!(target("https://example.com"), None);
    }

    #[test]
    fn review_windows_end_the_review() {
        let end = |s: &str, y| window_end(s, y);
        assert_eq!(
            end("**Active review (July 17 - July 31, 2026)**", None).as_deref(),
            Some("2026-07-31")
        );
        assert_eq!(
            end("Active review (July 17 – July 31)", Some(2025)).as_deref(),
            Some("2025-07-31")
        );
        assert_eq!(end("Active review (July 17 - July 31)", None), None);
        assert_eq!(end("Implemented (Swift 5.9)", None), None);
    }

    #[test]
    fn people_lose_links_and_mail_addresses() {
        assert_eq!(
            people("[A B](https://x/a), C <c@x.org> and D (@d)"),
            ["A B", "C", "D (@d)"]
        );
    }

    #[test]
    fn day_first_dates_and_two_digit_years() {
        assert_eq!(normalize_date("05/02/26").as_deref(), Some("2026-02-05"));
        assert_eq!(normalize_date("13-Jun-2000").as_deref(), Some("2000-06-13"));
        assert_eq!(normalize_date("13-Jun-00").as_deref(), Some("2000-06-13"));
    }
}
