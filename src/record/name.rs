//! Record file names: `NNNN-kebab-title.md`, slugs from titles, numbers from names.

/// Longest slug `new` writes; long titles are cut at a word boundary so paths stay portable.
pub const MAX_SLUG_LEN: usize = 60;

/// A kebab-case ASCII slug for `title`: transliterated, lower-case, bounded, never empty.
///
/// Because only `[a-z0-9-]` survive, a title like `../../etc/passwd` cannot leave the
/// records directory, and reserved names (`CON`) are harmless behind the number prefix.
pub fn slugify(title: &str) -> String {
    let ascii = deunicode::deunicode(title).to_lowercase();
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_end_matches('-').to_string();
    if slug.len() > MAX_SLUG_LEN {
        let cut = slug[..MAX_SLUG_LEN].rfind('-').unwrap_or(MAX_SLUG_LEN);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        "untitled".to_string()
    } else {
        slug
    }
}

/// The file name for record `number` with `slug`: four digits at least, zero-padded.
pub fn file_name(number: u32, slug: &str) -> String {
    format!("{number:04}-{slug}.md")
}

/// The number a file name starts with (`0007-x.md` → 7), if it starts with digits then `-`.
/// A date prefix (log4brains' `20200131-x.md`, `2020-01-31-x.md`) is not a number.
pub fn number_from_file_name(name: &str) -> Option<u32> {
    if date_from_file_name(name).is_some() {
        return None;
    }
    let digits: &str = &name[..name
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(name.len())];
    if digits.is_empty() || digits.len() > 9 {
        return None;
    }
    let rest = &name[digits.len()..];
    if !(rest.starts_with('-') || rest.starts_with('_') || rest.starts_with('.')) {
        return None;
    }
    digits.parse().ok()
}

/// The record number a reference names: `7`, `0007`, `ADR-0007`, `RFC 12`, `#12`,
/// `0007-use-x.md`. Anything else — prose such as `see issue 1 from 2019` — names no record,
/// so no digits are picked out of it (issue 12).
pub fn reference_number(text: &str) -> Option<u32> {
    let text = text.trim();
    let after_prefix = text.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let after_prefix = after_prefix
        .strip_prefix(['-', ' ', '_', '#'])
        .unwrap_or(after_prefix);
    let digits = after_prefix
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(after_prefix.len());
    let rest = &after_prefix[digits..];
    let prefix_ok = text.len() - after_prefix.len() <= 8;
    let rest_ok = rest.is_empty() || rest.starts_with('-') || rest.eq_ignore_ascii_case(".md");
    (digits > 0 && prefix_ok && rest_ok && !rest.contains(char::is_whitespace))
        .then(|| after_prefix[..digits].parse().ok())
        .flatten()
}

/// A process's namespaced id, in a file name or a header: `pep-0008.rst`, `eip-1559.md`,
/// `SE-0001`, `A12-slug.md`, `PEP 8`, `KEP-1234` → (prefix upper-cased, number). A prefix is
/// one to four letters; lower-case prefixes only of the processes that write them so, so that
/// `use-2-databases.md` names no record.
pub fn namespaced(text: &str) -> Option<(String, u32)> {
    const LOWER: [&str; 6] = ["pep", "eip", "erc", "kep", "rfc", "adr"];
    let text = text.trim();
    let letters = text
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    let prefix = &text[..letters];
    let known = LOWER.contains(&prefix.to_lowercase().as_str());
    if !(1..=4).contains(&letters) || !(known || prefix.chars().all(|c| c.is_ascii_uppercase())) {
        return None;
    }
    let rest = text[letters..]
        .strip_prefix(['-', ' ', '_'])
        .unwrap_or(&text[letters..]);
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let after = &rest[digits..];
    let ended = after.is_empty() || after.starts_with(['-', '.', '_']);
    let number = rest[..digits]
        .parse()
        .ok()
        .filter(|_| digits > 0 && ended)?;
    Some((prefix.to_uppercase(), number))
}

/// The number a record's path gives it before its content is read: `0042-x.md`, `pep-0008.rst`,
/// a folder `0042-x/README.md`. A family's own key may still state another (`eip: 1559`).
pub fn number_of_path(path: &std::path::Path) -> Option<u32> {
    let known_as = record_name(path);
    number_from_file_name(&known_as).or_else(|| namespaced(&known_as).map(|n| n.1))
}

/// The name a record is known by: a folder-per-record layout (`0042-slug/README.md`) names
/// the record by its folder. Borrowed from `path` when it is UTF-8: writers ask this of
/// every file name in the records directory.
pub fn record_name(path: &std::path::Path) -> std::borrow::Cow<'_, str> {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if !is_folder_record_file(&file) {
        return file;
    }
    path.parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy())
        .unwrap_or(file)
}

/// The file that holds a folder-per-record record (KEP's `README.md`).
pub fn is_folder_record_file(file_name: &str) -> bool {
    file_name.eq_ignore_ascii_case("readme.md")
}

/// The date a log4brains-style name starts with, as `YYYY-MM-DD`: `20200131-x.md` or
/// `2020-01-31-x.md`. Eight digits that are not a plausible date stay a number.
pub fn date_from_file_name(name: &str) -> Option<String> {
    let prefix_len = date_prefix_len(name)?;
    let digits: String = name[..prefix_len]
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let date = jiff::civil::Date::strptime("%Y%m%d", &digits).ok()?;
    Some(date.to_string())
}

/// Length of a `YYYYMMDD` or `YYYY-MM-DD` prefix followed by `-`, `_` or `.`, if any.
fn date_prefix_len(name: &str) -> Option<usize> {
    let bytes = name.as_bytes();
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let len = if (0..8).all(digit) {
        8
    } else if (0..4).all(digit)
        && bytes.get(4) == Some(&b'-')
        && (5..7).all(digit)
        && bytes.get(7) == Some(&b'-')
        && (8..10).all(digit)
    {
        10
    } else {
        return None;
    };
    let separated = matches!(bytes.get(len), Some(b'-' | b'_' | b'.'));
    let year: u32 = name[..4].parse().ok()?;
    (separated && (1970..=2200).contains(&year)).then_some(len)
}

/// The slug part of a record file name (`0007-use-x.md` → `use-x`, `20200131-use-x.md` →
/// `use-x`).
pub fn slug_from_file_name(name: &str) -> &str {
    let stem = name
        .strip_suffix(".md")
        .or_else(|| name.strip_suffix(".rst"))
        .unwrap_or(name);
    if let Some(len) = date_prefix_len(stem) {
        return stem.get(len + 1..).unwrap_or("");
    }
    let start = stem
        .find(|c: char| !c.is_ascii_digit())
        .map(|i| i + 1)
        .unwrap_or(stem.len());
    stem.get(start..).unwrap_or("")
}

/// A readable title from a file name, for records whose body has no H1.
pub fn title_from_file_name(name: &str) -> String {
    let slug = slug_from_file_name(name);
    let words = slug.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name.to_string(),
    }
}

/// True for `NNNN-kebab-case.md`: four or more digits, then a lower-case kebab slug.
pub fn is_canonical_file_name(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".md") else {
        return false;
    };
    let digits = stem.chars().take_while(char::is_ascii_digit).count();
    let slug = &stem[digits..];
    digits >= 4
        && slug.len() > 1
        && slug.starts_with('-')
        && slug[1..].split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn references_are_numbers_or_record_ids_never_prose() {
        for (text, n) in [
            ("7", 7),
            ("0007", 7),
            ("ADR-0007", 7),
            ("RFC 12", 12),
            ("#12", 12),
        ] {
            assert_eq!(reference_number(text), Some(n), "{text}");
        }
        assert_eq!(reference_number("0007-use-x.md"), Some(7));
        assert_eq!(reference_number("see issue 1 from 2019"), None);
        assert_eq!(reference_number("https://example.com/7"), None);
        assert_eq!(reference_number("v2 api"), None);
    }

    use super::*;

    #[test]
    fn slug_is_kebab_ascii() {
        assert_eq!(
            slugify("Use PostgreSQL for events"),
            "use-postgresql-for-events"
        );
        assert_eq!(slugify("Ünïcödé & “quotes”"), "unicode-quotes");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("🎉🎉"), "tada-tada");
        assert_eq!(slugify("!!!"), "untitled");
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let slug = slugify(&"word ".repeat(100));
        assert!(slug.len() <= MAX_SLUG_LEN);
        assert!(!slug.ends_with('-'));
    }

    #[test]
    fn numbers_come_from_the_prefix() {
        assert_eq!(number_from_file_name("0007-x.md"), Some(7));
        assert_eq!(number_from_file_name("12-x.md"), Some(12));
        assert_eq!(number_from_file_name("README.md"), None);
        assert_eq!(number_from_file_name("2020abc.md"), None);
        assert_eq!(number_from_file_name("001-x.md"), Some(1));
        assert_eq!(number_from_file_name("0000-x.md"), Some(0));
    }

    #[test]
    fn date_prefixes_are_not_numbers() {
        assert_eq!(number_from_file_name("20200131-use-x.md"), None);
        assert_eq!(number_from_file_name("2020-01-31-use-x.md"), None);
        assert_eq!(
            date_from_file_name("20200131-use-x.md").as_deref(),
            Some("2020-01-31")
        );
        assert_eq!(slug_from_file_name("20200131-use-x.md"), "use-x");
        assert_eq!(slug_from_file_name("2020-01-31-use-x.md"), "use-x");
        // Eight digits that are no date stay a number.
        assert_eq!(number_from_file_name("12345678-x.md"), Some(12345678));
        assert_eq!(date_from_file_name("0007-x.md"), None);
    }

    #[test]
    fn canonical_names() {
        assert!(is_canonical_file_name("0007-use-x.md"));
        assert!(!is_canonical_file_name("7-use-x.md"));
        assert!(!is_canonical_file_name("0007-Use_X.md"));
        assert_eq!(title_from_file_name("0007-use-x.md"), "Use x");
    }

    #[test]
    fn namespaced_ids_keep_their_prefix() {
        assert_eq!(namespaced("pep-0008.rst"), Some(("PEP".into(), 8)));
        assert_eq!(namespaced("eip-1559.md"), Some(("EIP".into(), 1559)));
        assert_eq!(namespaced("SE-0001"), Some(("SE".into(), 1)));
        assert_eq!(
            namespaced("A12-graceful-shutdown.md"),
            Some(("A".into(), 12))
        );
        assert_eq!(namespaced("use-2-databases.md"), None);
        assert_eq!(namespaced("0007-x.md"), None);
    }
}
