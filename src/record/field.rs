//! The field vocabulary: every front-matter key `because` knows, its aliases (the names
//! other tools use for it), the kind of value it holds and an example line for help texts.
//!
//! One table (issue 10): the parser, `check`, `migrate`, the writers and the site read it.
//! A key not in it is kept and shown, and `check` warns about it (`unknown-field`) unless
//! the record's process family owns it (`record::family`).
//!
//! The aliases are where the processes' own words meet ours (issue 13): every decision role
//! (MADR `Deciders`, PEP `PEP-Delegate`, Swift `Review Manager`, KEP `approvers`, a
//! `shepherd-leader`) is `decision-maker`; review roles are `consulted`; `Created`,
//! `creation-date` and `Start Date` are `date`; EIP's `last-call-deadline` is `deadline`.
//! Keys are compared after [`normalize_key`], so `Review Manager` and `review-manager` meet.

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// A word or sentence (`status`, `kind`, `title`).
    Text,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A date-time with zone: when a decision is due.
    Deadline,
    /// People or teams (`@sam`, `Sam Rivera`, `#backend`).
    People,
    /// Record numbers: a relation, written on both ends.
    Records,
    /// Free words (`tags`).
    Words,
    /// Path globs, gitignore-style, relative to the repository root (`governs`).
    Globs,
}

/// One known field.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub key: &'static str,
    /// Other names read as this field (MADR's `deciders`); `migrate` renames them to `key`.
    pub aliases: &'static [&'static str],
    pub value: Value,
}

const fn field(key: &'static str, value: Value) -> Field {
    Field {
        key,
        aliases: &[],
        value,
    }
}

/// Every field, in the order `because` writes them.
pub const FIELDS: &[Field] = &[
    field("kind", Value::Text),
    field("status", Value::Text),
    field("title", Value::Text),
    Field {
        key: "date",
        aliases: &["created", "creation-date", "start-date", "date-created"],
        value: Value::Date,
    },
    Field {
        key: "decision-maker",
        aliases: &[
            "decision-makers",
            "deciders",
            "decided-by",
            "pep-delegate",
            "bdfl-delegate",
            "review-manager",
            "review-managers",
            "approver",
            "approvers",
            "api-approvers",
            "shepherd-leader",
        ],
        value: Value::People,
    },
    Field {
        key: "consulted",
        aliases: &["reviewers", "shepherd-team"],
        value: Value::People,
    },
    // RACI's R: who does the work (defaults to the authors); decision-maker is the A.
    field("responsible", Value::People),
    field("informed", Value::People),
    Field {
        key: "authors",
        aliases: &["author"],
        value: Value::People,
    },
    Field {
        key: "deadline",
        aliases: &["last-call-deadline"],
        value: Value::Deadline,
    },
    field("decided", Value::Date),
    field("review-by", Value::Date),
    Field {
        key: "supersedes",
        aliases: &["replaces"],
        value: Value::Records,
    },
    Field {
        key: "superseded-by",
        aliases: &["replaced-by"],
        value: Value::Records,
    },
    field("amends", Value::Records),
    field("amended-by", Value::Records),
    field("relates-to", Value::Records),
    field("requires", Value::Records),
    field("required-by", Value::Records),
    field("governs", Value::Globs),
    field("tags", Value::Words),
    field("description", Value::Text),
    // Which tool's format a record was migrated from (see `record::migrate`).
    field(super::migrate::MIGRATED_FROM, Value::Text),
];

/// The field `key` names, by its own name or an alias, in any spelling [`normalize_key`]
/// folds (`Review Manager`, `PEP-Delegate`, `Author(s)`).
pub fn get(key: &str) -> Option<&'static Field> {
    let key = normalize_key(key);
    FIELDS
        .iter()
        .find(|f| f.key == key || f.aliases.contains(&key.as_str()))
}

/// A key as the table spells it: lower case, words joined by `-`, `(s)` folded into a plural
/// (`Author(s)` → `authors`, `BDFL-Delegate` → `bdfl-delegate`).
pub fn normalize_key(key: &str) -> String {
    key.trim()
        .to_lowercase()
        .replace("(s)", "s")
        .split([' ', '-', '_', '\t'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Every key and alias, for suggestions ("did you mean `decision-maker`?").
pub fn all_names() -> impl Iterator<Item = &'static str> {
    FIELDS
        .iter()
        .flat_map(|f| std::iter::once(f.key).chain(f.aliases.iter().copied()))
}

/// The key and aliases of every field holding `value`.
pub fn names_of(value: Value) -> impl Iterator<Item = &'static str> {
    FIELDS
        .iter()
        .filter(move |f| f.value == value)
        .flat_map(|f| std::iter::once(f.key).chain(f.aliases.iter().copied()))
}

/// The field's key and its aliases (the one accountable person has three names in the wild).
pub fn names(key: &str) -> Vec<&'static str> {
    get(key)
        .map(|f| {
            std::iter::once(f.key)
                .chain(f.aliases.iter().copied())
                .collect()
        })
        .unwrap_or_default()
}

impl Field {
    /// A line the user can paste for this field.
    pub fn example(&self, dates: &ExampleDates) -> String {
        let key = self.key;
        match self.value {
            Value::People if key == "decision-maker" => format!("{key}: \"@someone\""),
            Value::People | Value::Words => format!("{key}: [\"…\"]"),
            Value::Deadline => format!("{key}: {}", dates.in_a_week),
            Value::Date if key == "review-by" => format!("{key}: {}", dates.in_a_year),
            Value::Date => format!("{key}: {}", dates.today),
            Value::Records => format!("{key}: [3]"),
            Value::Globs => format!("{key}: [\"src/db/**\"]"),
            Value::Text => format!("{key}: …"),
        }
    }
}

/// Dates the examples use, computed by the caller from its clock.
pub struct ExampleDates {
    pub today: String,
    pub in_a_week: String,
    pub in_a_year: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Relation;

    #[test]
    fn every_relation_is_a_records_field() {
        for relation in Relation::ALL {
            let field = get(relation.key()).expect("a relation is a field");
            assert_eq!(field.value, Value::Records, "{}", relation.key());
        }
    }

    #[test]
    fn aliases_lead_to_their_field() {
        assert_eq!(get("deciders").unwrap().key, "decision-maker");
        assert_eq!(get("author").unwrap().key, "authors");
        assert!(get("decison-maker").is_none());
        assert_eq!(
            &names("decision-makers")[..3],
            ["decision-maker", "decision-makers", "deciders"]
        );
        assert_eq!(get("Review Manager").unwrap().key, "decision-maker");
        assert_eq!(get("PEP-Delegate").unwrap().key, "decision-maker");
        assert_eq!(get("Author(s)").unwrap().key, "authors");
        assert_eq!(get("creation-date").unwrap().key, "date");
        assert_eq!(get("last-call-deadline").unwrap().key, "deadline");
    }
}
