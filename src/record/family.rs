//! The process families `because` reads as they are (issue 13): PEP, EIP, KEP, review-managed
//! bullet headers (Swift Evolution and its kin) and Rust-style RFC bullets. One row each: its
//! status words mapped onto the lifecycle, the keys it owns, the sections and fields its own
//! template requires and the file names it uses.
//!
//! `parse` reads the row of the detected family; `check` asks a record for what its family
//! asks, not for the native template's sections (decision 0010). The raw status text is kept
//! for display; only the mapped word meets the lifecycle.

use super::model::Format;

/// The sidecar metadata file of a folder-per-record layout (KEP's `kep.yaml`).
pub const SIDECAR: &str = "kep.yaml";

/// One process family.
#[derive(Debug)]
pub struct Family {
    pub format: Format,
    /// The kind its records are: every family here is an RFC process.
    pub kind: &'static str,
    /// The process's status words (cleaned, lower case) → the lifecycle's.
    pub statuses: &'static [(&'static str, &'static str)],
    /// Keys of the process's own template that no field of ours stands for: kept, shown and
    /// never `unknown-field` on this family's records.
    pub keys: &'static [&'static str],
    /// Sections the process's template requires.
    pub sections: &'static [&'static str],
    /// Fields (our names) the process's template requires.
    pub fields: &'static [&'static str],
    /// Whether the decision role is a group (KEP approvers): several names are no warning.
    pub group_decides: bool,
    /// The file names it uses, for `bad-file-name`; `None` when the native rule holds.
    pub file_name: Option<FileName>,
    /// The key stating the record's number, and the id prefix it is shown with.
    pub id: Option<(&'static str, &'static str)>,
}

/// A family's file-name rule: a test and how to say it.
#[derive(Debug)]
pub struct FileName {
    pub is_valid: fn(&str) -> bool,
    pub shape: &'static str,
}

const PEP: Family = Family {
    format: Format::Pep,
    kind: "rfc",
    statuses: &[
        ("draft", "draft"),
        ("active", "accepted"),
        ("accepted", "accepted"),
        ("provisional", "accepted"),
        ("final", "accepted"),
        ("deferred", "postponed"),
        ("rejected", "rejected"),
        ("withdrawn", "withdrawn"),
        ("superseded", "superseded"),
    ],
    keys: &[
        "pep",
        "type",
        "topic",
        "content-type",
        "python-version",
        "post-history",
        "resolution",
        "discussions-to",
        "sponsor",
        "version",
        "last-modified",
    ],
    sections: &[],
    fields: &["title", "authors", "date"],
    group_decides: false,
    file_name: Some(FileName {
        is_valid: is_pep_name,
        shape: "pep-NNNN.rst, pep-NNNN.md or pep-NNNN.txt",
    }),
    id: Some(("pep", "PEP")),
};

const EIP: Family = Family {
    format: Format::Eip,
    kind: "rfc",
    statuses: &[
        ("idea", "draft"),
        ("draft", "draft"),
        ("review", "proposed"),
        ("last call", "proposed"),
        ("final", "accepted"),
        ("living", "accepted"),
        ("stagnant", "postponed"),
        ("withdrawn", "withdrawn"),
        ("moved", "withdrawn"),
    ],
    keys: &[
        "eip",
        "erc",
        "description",
        "discussions-to",
        "type",
        "category",
        "withdrawal-reason",
    ],
    sections: &["Abstract", "Specification"],
    fields: &["title", "authors", "date"],
    group_decides: false,
    file_name: Some(FileName {
        is_valid: is_eip_name,
        shape: "eip-N.md",
    }),
    id: Some(("eip", "EIP")),
};

const KEP: Family = Family {
    format: Format::Kep,
    kind: "rfc",
    statuses: &[
        ("provisional", "proposed"),
        ("implementable", "accepted"),
        ("implemented", "accepted"),
        ("deferred", "postponed"),
        ("rejected", "rejected"),
        ("withdrawn", "withdrawn"),
        ("replaced", "superseded"),
    ],
    keys: &[
        "kep-number",
        "owning-sig",
        "participating-sigs",
        "stage",
        "latest-milestone",
        "milestone",
        "feature-gates",
        "disable-supported",
        "metrics",
        "see-also",
        "prr-approvers",
        "tracking-link",
        "last-updated",
        "editor",
    ],
    sections: &["Summary", "Motivation", "Proposal"],
    fields: &["title", "authors", "decision-maker"],
    group_decides: true,
    file_name: Some(FileName {
        is_valid: is_kep_name,
        shape: "NNNN-slug/README.md, NNNN-slug.md or kebab-case-slug.md",
    }),
    id: Some(("kep-number", "KEP")),
};

const REVIEW_BULLETS: Family = Family {
    format: Format::ReviewBullets,
    kind: "rfc",
    statuses: &[
        ("awaiting review", "proposed"),
        ("scheduled for review", "proposed"),
        ("active review", "proposed"),
        ("in review", "proposed"),
        ("returned for revision", "draft"),
        ("awaiting implementation", "accepted"),
        ("accepted", "accepted"),
        ("accepted with modifications", "accepted"),
        ("accepted with revisions", "accepted"),
        ("implemented", "accepted"),
        ("previewing", "accepted"),
        ("partially implemented", "accepted"),
        ("rejected", "rejected"),
        ("withdrawn", "withdrawn"),
        ("deferred", "postponed"),
        ("superseded", "superseded"),
    ],
    keys: &[
        "proposal",
        "implementation",
        "decision-notes",
        "bug",
        "bugs",
        "upcoming-feature-flag",
        "previous-proposal",
        "previous-revision",
        "review",
        "vision",
        "pitch",
        "discussion",
    ],
    // Swift Evolution, gRPC and their kin share the bullets but not a template; early
    // proposals predate the Review Manager. Only what every one of them writes is asked.
    sections: &[],
    fields: &["authors"],
    group_decides: false,
    file_name: None,
    id: None,
};

const RUST_RFC: Family = Family {
    format: Format::RfcBullets,
    kind: "rfc",
    statuses: &[],
    keys: &[
        "feature-name",
        "rfc-pr",
        "rust-issue",
        "tracking-issue",
        "champion",
        "champions",
        "shepherd",
        "shepherds",
        "teams",
    ],
    // Its sections are H1s (`# Summary`) under the bullets: no `##` section to ask for.
    sections: &[],
    fields: &["date"],
    group_decides: false,
    file_name: None,
    id: None,
};

const FAMILIES: [&Family; 5] = [&PEP, &EIP, &KEP, &REVIEW_BULLETS, &RUST_RFC];

/// Other tools' ADR formats, read as teams wrote them: what each tool's own template holds,
/// so `check` asks their records for that and not for the native template (issue 13).
#[derive(Debug)]
pub struct ToolFormat {
    pub format: Format,
    /// Sections the tool's template requires; `None`: the kind's (adr-tools writes the
    /// native ADR's Context, Decision and Consequences).
    pub sections: Option<&'static [&'static str]>,
    /// Fields (our names) the format has no place for, or leaves optional.
    pub unrecorded: &'static [&'static str],
    /// The template leaves the status out (MADR 3 and later, a page that states nothing).
    pub status_optional: bool,
    /// The metadata is in the body: front-matter keys over it are a docs site's, not ours.
    pub body_metadata: bool,
    /// MADR's `Deciders` is a group: several names there are the format.
    pub group_decides: bool,
}

/// MADR's two required parts, matched as words at the start of a heading ("Context and
/// Problem Statement", "Decision Outcome").
const MADR_SECTIONS: &[&str] = &["Context", "Decision"];
const UNRECORDED: &[&str] = &["decision-maker", "decided"];

const TOOL_FORMATS: [ToolFormat; 5] = [
    ToolFormat {
        format: Format::AdrTools,
        sections: None,
        unrecorded: UNRECORDED,
        status_optional: false,
        body_metadata: true,
        group_decides: false,
    },
    ToolFormat {
        format: Format::Madr2,
        sections: Some(MADR_SECTIONS),
        unrecorded: UNRECORDED,
        status_optional: true,
        body_metadata: true,
        group_decides: true,
    },
    ToolFormat {
        format: Format::Log4brains,
        sections: Some(MADR_SECTIONS),
        unrecorded: UNRECORDED,
        status_optional: false,
        body_metadata: true,
        group_decides: true,
    },
    ToolFormat {
        format: Format::MadrFrontMatter,
        sections: Some(MADR_SECTIONS),
        unrecorded: UNRECORDED,
        status_optional: true,
        body_metadata: false,
        // `decision-makers: [a, b]` in front matter is the native list: one decides.
        group_decides: false,
    },
    ToolFormat {
        format: Format::Plain,
        sections: Some(&[]),
        unrecorded: UNRECORDED,
        status_optional: true,
        body_metadata: true,
        group_decides: false,
    },
];

/// The ADR tool format a record is in; `None` for native records and process families.
pub fn tool(format: Format) -> Option<&'static ToolFormat> {
    TOOL_FORMATS.iter().find(|t| t.format == format)
}

/// The family a format belongs to; `None` for native records and other tools' ADR formats.
pub fn of(format: Format) -> Option<&'static Family> {
    FAMILIES.into_iter().find(|f| f.format == format)
}

impl Family {
    /// The lifecycle status a process word stands for, if the family has that word.
    pub fn status(&self, word: &str) -> Option<&'static str> {
        self.statuses
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, s)| *s)
    }

    /// Whether `key` (in any spelling) is one of the family's own keys.
    pub fn owns(&self, key: &str) -> bool {
        self.keys
            .contains(&super::field::normalize_key(key).as_str())
    }
}

/// Keys of the docs-site generators that put front matter over another tool's body (Jekyll's
/// just-the-docs, Docusaurus, Hugo): they place the page, they are not fields of the record.
const DOCS_SITE_KEYS: [&str; 11] = [
    "id",
    "nav-order",
    "parent",
    "grand-parent",
    "layout",
    "permalink",
    "has-children",
    "sidebar-position",
    "sidebar-label",
    "weight",
    "slug",
];

/// A docs generator's key (`nav_order`, `sidebar_position`, Docusaurus's `id`).
pub fn is_docs_site_key(key: &str) -> bool {
    DOCS_SITE_KEYS.contains(&super::field::normalize_key(key).as_str())
}

/// Whether `key` belongs to the record's format, so `unknown-field` must not fire on it: a
/// family's own key, any key over a body that carries the metadata itself (a docs site's
/// front matter over an adr-tools or MADR 2 body), or a docs generator's key on any record.
pub fn is_own_key(format: Format, key: &str) -> bool {
    of(format).is_some_and(|f| f.owns(key))
        || tool(format).is_some_and(|t| t.body_metadata)
        || is_docs_site_key(key)
}

fn is_pep_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    let stem = [".rst", ".md", ".txt"]
        .iter()
        .find_map(|ext| lower.strip_suffix(ext))
        .unwrap_or("");
    stem.strip_prefix("pep-")
        .is_some_and(|n| n.len() == 4 && n.chars().all(|c| c.is_ascii_digit()))
}

fn is_eip_name(name: &str) -> bool {
    let stem = name.strip_suffix(".md").unwrap_or("");
    ["eip-", "erc-"].iter().any(|p| {
        stem.strip_prefix(p)
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    })
}

/// A KEP is a numbered folder's README, a numbered file, or (OpenShift's enhancements,
/// old single-file KEPs) a lower-case kebab-case name with no number at all.
fn is_kep_name(name: &str) -> bool {
    let slug = name.strip_suffix(".md").unwrap_or("");
    let kebab = !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    name == "README.md" || super::name::is_canonical_file_name(name) || kebab
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_maps_onto_the_rfc_lifecycle() {
        let config = crate::config::Config::default();
        let rfc = config.kind("rfc").expect("rfc is built in");
        for family in FAMILIES {
            for (word, status) in family.statuses {
                assert!(rfc.has_status(status), "{word} → {status}");
            }
        }
    }

    #[test]
    fn file_names_follow_the_family() {
        assert!(is_pep_name("pep-0008.rst"));
        assert!(!is_pep_name("0008-style.rst"));
        assert!(is_eip_name("eip-1559.md"));
        assert!(!is_eip_name("eip-x.md"));
    }
}
