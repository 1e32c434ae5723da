//! Who a name in a record means: one notion of "the same person" for filters, `check` and the
//! site's page names. `@sam`, `sam` and `Sam` are one person.

use crate::record::name;

/// The key a person is known by: the name without `@`, as a slug (`@Sam Rivera` →
/// `sam-rivera`); also the file name of their page on the site.
pub fn key(name: &str) -> String {
    name::slugify(name.trim().trim_start_matches('@'))
}

/// True when `a` and `b` name the same person.
pub fn same(a: &str, b: &str) -> bool {
    key(a) == key(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_and_names_match_by_key() {
        assert!(same("@sam", "Sam"));
        assert!(same("@Sam Rivera", "sam rivera"));
        assert!(!same("@sam", "@samuel"));
        assert_eq!(key("@Sam Rivera"), "sam-rivera");
    }
}
