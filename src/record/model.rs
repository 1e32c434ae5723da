//! The data a parsed record carries: fields with their lines, relations, sections, problems.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// A relation between two records; each has an inverse written on the other end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    Supersedes,
    SupersededBy,
    Amends,
    AmendedBy,
    RelatesTo,
    /// PEP/EIP `Requires:`: this record builds on the other (issue 13).
    Requires,
    RequiredBy,
}

impl Relation {
    pub const ALL: [Relation; 7] = [
        Relation::Supersedes,
        Relation::SupersededBy,
        Relation::Amends,
        Relation::AmendedBy,
        Relation::RelatesTo,
        Relation::Requires,
        Relation::RequiredBy,
    ];

    /// The front-matter key this relation is written under.
    pub fn key(self) -> &'static str {
        match self {
            Relation::Supersedes => "supersedes",
            Relation::SupersededBy => "superseded-by",
            Relation::Amends => "amends",
            Relation::AmendedBy => "amended-by",
            Relation::RelatesTo => "relates-to",
            Relation::Requires => "requires",
            Relation::RequiredBy => "required-by",
        }
    }

    /// What the other record must say for the link to be two-sided.
    pub fn inverse(self) -> Relation {
        match self {
            Relation::Supersedes => Relation::SupersededBy,
            Relation::SupersededBy => Relation::Supersedes,
            Relation::Amends => Relation::AmendedBy,
            Relation::AmendedBy => Relation::Amends,
            Relation::RelatesTo => Relation::RelatesTo,
            Relation::Requires => Relation::RequiredBy,
            Relation::RequiredBy => Relation::Requires,
        }
    }

    /// Whether both ends must write the link. Processes write a requirement on the requiring
    /// end only (PEP and EIP `Requires:`), so `required-by` is derived, never demanded.
    pub fn is_mirrored(self) -> bool {
        !matches!(self, Relation::Requires | Relation::RequiredBy)
    }

    pub fn from_key(key: &str) -> Option<Relation> {
        let key = key.trim().to_lowercase().replace('_', "-");
        Relation::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// Which reader understood a record: the native format, or the layout of another tool.
///
/// Front matter that `because migrate` would rewrite (MADR's `deciders` / `decision-makers`,
/// a status phrase such as `superseded by ADR-0012`, a date not written `YYYY-MM-DD`) is
/// `madr-front-matter`; anything else with front matter is `native` (issue 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Native,
    /// MADR 3/4: YAML front matter with MADR's field names or status phrases.
    MadrFrontMatter,
    /// Front matter of RFC processes with other field names (`stage`, `start-date`).
    RfcFrontMatter,
    /// MADR 2: `* Status:` / `* Deciders:` / `* Date:` bullets under the title.
    Madr2,
    /// log4brains: a `YYYYMMDD-slug.md` file, MADR 2-like `- Status:` bullets.
    Log4brains,
    /// adr-tools: `Date:` line and a `## Status` section.
    AdrTools,
    /// RFC bullet headers: `- Feature Name:`, `- Start Date:`, `- RFC PR:`.
    RfcBullets,
    /// PEP-style RFC 822 headers (`PEP:`, `Author:`, `Status:`) at the top of `.rst` or `.md`.
    Pep,
    /// EIP-style front matter (`eip:`, `author:`, `status: Last Call`), files `eip-N.md`.
    Eip,
    /// KEP-style folder per record: `NNNN-slug/README.md` with a `kep.yaml` sidecar.
    Kep,
    /// Bullet headers with review roles: `* Proposal: [SE-0001](…)`, `* Review Manager:`.
    ReviewBullets,
    /// A Markdown file named like a record with no metadata any reader recognises.
    Plain,
}

impl Format {
    /// True for the formats `because migrate` rewrites. A process family with its own
    /// layout (PEP, EIP, KEP, review bullets) keeps it: its files are read, and checked by
    /// its rules, as they are.
    pub fn is_legacy(self) -> bool {
        !matches!(
            self,
            Format::Native | Format::Pep | Format::Eip | Format::Kep | Format::ReviewBullets
        )
    }
}

/// A relation written in a legacy record whose target has no number yet (a log4brains
/// `YYYYMMDD-slug.md` file); `migrate` resolves it once that file is numbered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub relation: Relation,
    /// The target file name as written.
    pub target: String,
    pub line: usize,
}

/// One top-level front-matter key, where it stands, and its value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub key: String,
    /// 1-based line in the file.
    pub line: usize,
    pub value: serde_json::Value,
}

/// The YAML block between the `---` fences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrontMatter {
    /// Line of the opening `---` (1-based).
    pub start_line: usize,
    /// Line of the closing `---`.
    pub end_line: usize,
    /// Top-level keys in file order; unknown keys are kept here too.
    pub fields: Vec<Field>,
}

/// A `##` section of the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub heading: String,
    /// Line of the heading (1-based).
    pub line: usize,
    /// Text between this heading and the next heading of the same or higher level.
    pub content: String,
}

/// Something the parser could not read; `check` turns these into findings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// Stable rule id, e.g. `front-matter-syntax`.
    pub rule: &'static str,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: String,
}

/// A parsed record. Every field is optional to parse; what is required is `check`'s business.
/// It deserializes too, for the metadata cache (`store::cache`): the fields left out of the
/// JSON output when empty default to empty, the text and problems to nothing.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    /// Path as the user should see it (relative to the working directory when possible).
    pub path: PathBuf,
    pub file_name: String,
    pub number: Option<u32>,
    /// The reader that understood the file.
    pub format: Format,
    pub kind: String,
    /// Lifecycle status, lower-case and mapped through the alias table.
    pub status: Option<String>,
    /// The status exactly as written.
    pub status_raw: Option<String>,
    /// The status as a reader sees it: as written, Markdown and badges stripped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_text: Option<String>,
    pub title: Option<String>,
    pub title_line: Option<usize>,
    /// `YYYY-MM-DD` when the written date has a known form (`31/01/2020`, a timestamp), else
    /// the text as written.
    pub date: Option<String>,
    /// The date exactly as written, for display.
    pub date_raw: Option<String>,
    /// The process's own id, prefix kept for display (`SE-0001`, `PEP 8`, `EIP-1559`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The id's prefix (`SE`, `ST`, `PEP`): numbers are unique within one namespace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub decision_makers: Vec<String>,
    /// Who wrote the proposal (front matter `author(s)`, header `Author(s)`); the git
    /// creator of the file is a separate fact.
    pub authors: Vec<String>,
    pub consulted: Vec<String>,
    pub informed: Vec<String>,
    /// Who does the work (RACI's R); see [`Record::responsible`] for the default.
    pub responsible: Vec<String>,
    /// The `## Action items` section, read (issue 14).
    pub action_items: Vec<super::ActionItem>,
    pub deadline: Option<String>,
    pub decided: Option<String>,
    pub review_by: Option<String>,
    pub tags: Vec<String>,
    /// Path globs of the code this decision governs (`governs:`, see `crate::governs`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub governs: Vec<String>,
    pub relations: BTreeMap<Relation, Vec<u32>>,
    /// Header and front-matter keys no field stands for, as written: kept and shown.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
    /// Relations to records that have no number yet (log4brains file names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    #[serde(skip)]
    pub front_matter: Option<FrontMatter>,
    #[serde(skip)]
    pub body: String,
    /// Line where the body starts (1-based).
    #[serde(skip)]
    pub body_line: usize,
    #[serde(skip)]
    pub sections: Vec<Section>,
    #[serde(skip)]
    pub problems: Vec<Problem>,
}

impl Record {
    /// The record without its text (body and sections): what a reader of metadata alone
    /// (`list`, `due`, `graph`) keeps, so ten thousand records do not hold their whole
    /// bodies in memory (issue 15). Everything read from the text stays.
    pub fn without_text(mut self) -> Record {
        self.body = String::new();
        self.sections = Vec::new();
        self
    }

    /// The top-level front-matter field named `key`, if present.
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.front_matter
            .as_ref()
            .and_then(|fm| fm.fields.iter().find(|f| f.key == key))
    }

    /// Whether the record has a non-empty value for `field`, reading the typed value where
    /// there is one (so aliases such as `deciders` and legacy headers count).
    pub fn has(&self, field: &str) -> bool {
        let scalar = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
        match field {
            "decision-maker" | "decision-makers" | "deciders" => !self.decision_makers.is_empty(),
            "title" => self.title.is_some() || self.field("title").is_some(),
            "deadline" => scalar(&self.deadline),
            "decided" => scalar(&self.decided),
            "date" => scalar(&self.date),
            "review-by" => scalar(&self.review_by),
            "consulted" => !self.consulted.is_empty(),
            "authors" | "author" => !self.authors.is_empty(),
            "informed" => !self.informed.is_empty(),
            "responsible" => !self.responsible.is_empty(),
            "tags" => !self.tags.is_empty(),
            other => self.field(other).is_some_and(|f| !is_empty(&f.value)),
        }
    }

    /// Numbers this record names under `relation`.
    pub fn related(&self, relation: Relation) -> &[u32] {
        self.relations
            .get(&relation)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The first decision-maker: the accountable person.
    pub fn decision_maker(&self) -> Option<&str> {
        self.decision_makers.first().map(String::as_str)
    }

    /// Title for display: the H1 (or the title field), else the process's id (`EIP-1046`,
    /// not "Ip 1046"), else the file name's slug.
    pub fn display_title(&self) -> String {
        if let Some(title) = self.title.as_ref().or(self.id.as_ref()) {
            return title.clone();
        }
        super::name::title_from_file_name(&super::name::record_name(&self.path))
    }

    /// Every person the record names (decision-makers, authors, responsible, consulted,
    /// informed).
    pub fn people(&self) -> impl Iterator<Item = &String> {
        self.decision_makers
            .iter()
            .chain(self.authors.iter())
            .chain(self.responsible.iter())
            .chain(self.consulted.iter())
            .chain(self.informed.iter())
    }

    /// Who does the work: `responsible`, else the authors (they usually carry it out).
    pub fn responsible(&self) -> &[String] {
        match self.responsible.is_empty() {
            true => &self.authors,
            false => &self.responsible,
        }
    }

    pub fn section(&self, heading: &str) -> Option<&Section> {
        self.sections
            .iter()
            .find(|s| s.heading.eq_ignore_ascii_case(heading))
    }
}

/// A YAML value that says nothing: null, blank text, an empty list or map.
pub fn is_empty(value: &serde_json::Value) -> bool {
    use serde_json::Value;
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    }
}
