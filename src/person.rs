//! Who a name in a record means: one notion of "the same person" for filters, `check` and the
//! site's page names. `@sam`, `sam` and `Sam` are one person; with the `[people]` table of
//! `because.toml`, so are their name, their email (a git identity) and any alias listed there.
//! Teams and channels (`#api-guild`, `@acme/platform`) are teams, not people.

use std::collections::BTreeMap;

use crate::config;
use crate::record::name;

/// The key a person is known by: the name without `@`, as a slug (`@Sam Rivera` →
/// `sam-rivera`); also the file name of their page on the site.
pub fn key(name: &str) -> String {
    name::slugify(name.trim().trim_start_matches('@'))
}

/// A team or channel rather than one person: `#channel` or `@org/team`.
pub fn is_team(name: &str) -> bool {
    let name = name.trim();
    name.starts_with('#') || (name.starts_with('@') && name.contains('/'))
}

/// The people of the `[people]` table, each one identity under every name they go by.
#[derive(Debug, Clone, Default)]
pub struct People {
    /// Key of a name, alias or handle, or a lower-cased email → the key of the handle.
    aliases: BTreeMap<String, String>,
    /// Key of the handle → `Name (@handle)`, for display.
    names: BTreeMap<String, String>,
}

impl People {
    pub fn new(table: &BTreeMap<String, config::Person>) -> People {
        let mut people = People::default();
        for (handle, person) in table {
            let canonical = key(handle);
            people.aliases.insert(canonical.clone(), canonical.clone());
            for alias in person.name.iter().chain(&person.aliases) {
                people.aliases.insert(key(alias), canonical.clone());
            }
            if let Some(email) = &person.email {
                people
                    .aliases
                    .insert(email.trim().to_lowercase(), canonical.clone());
            }
            if let Some(name) = &person.name {
                people.names.insert(canonical, format!("{name} ({handle})"));
            }
        }
        people
    }

    /// The key `name` is known by: the handle's key for anyone in the table.
    pub fn key(&self, name: &str) -> String {
        let own = key(name);
        self.aliases
            .get(&own)
            .or_else(|| self.aliases.get(&name.trim().to_lowercase()))
            .cloned()
            .unwrap_or(own)
    }

    /// The key of a git identity: by email first (a commit's name is often not the handle).
    pub fn author_key(&self, name: &str, email: &str) -> String {
        match self.aliases.get(&email.trim().to_lowercase()) {
            Some(key) => key.clone(),
            None => self.key(name),
        }
    }

    /// `Name (@handle)` for someone in the table.
    pub fn display(&self, key: &str) -> Option<&str> {
        self.names.get(key).map(String::as_str)
    }

    /// True when `a` and `b` are the same person under any of their names.
    pub fn same(&self, a: &str, b: &str) -> bool {
        self.key(a) == self.key(b)
    }

    /// True when `name` is in the table under any of its names.
    pub fn knows(&self, name: &str) -> bool {
        self.aliases.contains_key(&key(name))
            || self.aliases.contains_key(&name.trim().to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> BTreeMap<String, config::Person> {
        let sam = config::Person {
            name: Some("Sam Rivera".into()),
            email: Some("sam@example.com".into()),
            aliases: vec!["srivera".into()],
        };
        BTreeMap::from([("@sam".to_string(), sam)])
    }

    #[test]
    fn every_name_of_a_person_is_one_identity() {
        let people = People::new(&table());
        for name in [
            "@sam",
            "Sam Rivera",
            "sam rivera",
            "srivera",
            "sam@example.com",
        ] {
            assert!(people.same(name, "@sam"), "{name}");
            assert!(people.knows(name), "{name}");
        }
        assert_eq!(people.author_key("S. R.", "SAM@example.com"), "sam");
        assert_eq!(people.display("sam"), Some("Sam Rivera (@sam)"));
        assert!(!people.same("@alex", "@sam") && !people.knows("@alex"));
    }

    #[test]
    fn channels_and_org_teams_are_teams() {
        assert!(is_team("#api-guild") && is_team("@acme/platform"));
        assert!(!is_team("@sam") && !is_team("Sam Rivera"));
    }

    #[test]
    fn handles_and_names_match_by_key() {
        let same = |a, b| People::default().same(a, b);
        assert!(same("@sam", "Sam"));
        assert!(same("@Sam Rivera", "sam rivera"));
        assert!(!same("@sam", "@samuel"));
        assert_eq!(key("@Sam Rivera"), "sam-rivera");
    }
}
