//! `because.toml` → [`Config`]: strict (unknown keys are errors), with the defaults of DESIGN.md.
//!
//! Owns kinds, lifecycles, required fields and sections, rule severities and site settings.
//! It does not find the file (see `workspace`) and does not read records.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The records directory when neither config, `.adr-dir` nor `--dir` says otherwise (MADR's default).
pub const DEFAULT_RECORDS_DIR: &str = "docs/decisions";
/// Where `build` writes the site, relative to the root (and what `init` adds to `.gitignore`).
pub const DEFAULT_SITE_DIR: &str = "site";

/// The commented default `because init` writes. Kept in sync with [`Config::default`] by a test.
pub const DEFAULT_TOML: &str = include_str!("config/default.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Config {
    /// Records directory, relative to the repository root.
    pub records_dir: Option<String>,
    /// Allow a records directory that resolves outside the repository (off: such a
    /// directory is refused, like a symlinked record pointing out of it).
    pub records_outside_repository: bool,
    /// Further records directories of a monorepo, relative to the root, each listed and
    /// checked as a member of its own (with this file's settings); nested `because.toml`
    /// files are found without being listed here (issue 16).
    pub records_dirs: Vec<String>,
    /// Folders, relative to the root, where no nested `because.toml` is looked for (test
    /// fixtures, vendored projects).
    pub members_exclude: Vec<String>,
    /// IANA zone for dates written by commands and for date-only deadlines.
    pub timezone: String,
    /// Where per-file overrides of the embedded templates live, relative to the root.
    pub templates_dir: String,
    /// Hours before a deadline at which `check` starts warning.
    pub deadline_soon_hours: u32,
    /// Kinds by name; a kind given here replaces the default of the same name whole.
    pub kinds: BTreeMap<String, KindConfig>,
    /// Rule id → severity, overriding each rule's default.
    pub rules: BTreeMap<String, Severity>,
    /// Status words from other tools mapped to lifecycle states (`approved` → `accepted`).
    pub status_aliases: BTreeMap<String, String>,
    /// Known people by handle; when non-empty, `check` can require people to be listed.
    pub people: BTreeMap<String, Person>,
    /// The status of a record whose format states none: a merged-RFC process's `text/`, where
    /// merged means accepted, says `default-status = "accepted"` once here (issue 13).
    pub default_status: Option<String>,
    pub site: SiteConfig,
    pub why: WhyConfig,
}

/// `[why]`: how `because why` finds records named in commit messages and code comments.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct WhyConfig {
    /// Regular expressions whose first capture group is a record number; replaces the
    /// default list (a path into the records directory is always recognised too).
    pub citations: Vec<String>,
}

/// The citation forms `because why` knows without configuration (decision 0011).
pub const DEFAULT_CITATIONS: &[&str] = &[
    r"(?i)\b(?:ADR|RFC)[-_ ]?#?0*([0-9]{1,6})\b",
    r"(?i)\bbecause:\s*#?0*([0-9]{1,6})\b",
];

impl Default for WhyConfig {
    fn default() -> Self {
        WhyConfig {
            citations: DEFAULT_CITATIONS.iter().map(|s| s.to_string()).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct KindConfig {
    /// States a record is still being decided in (deadlines apply).
    pub open: Vec<String>,
    /// Final states.
    pub closed: Vec<String>,
    /// Status `new` writes.
    #[serde(default = "default_initial")]
    pub initial: String,
    /// from-status → allowed to-statuses.
    #[serde(default)]
    pub transitions: BTreeMap<String, Vec<String>>,
    /// status → fields a record in that status must have.
    #[serde(default)]
    pub required: BTreeMap<String, Vec<String>>,
    /// Sections a record of this kind must have, non-empty.
    #[serde(default)]
    pub sections: Vec<String>,
    /// status → further sections a record in that status must have (a proposed RFC states
    /// its open questions and decision criteria, issue 14).
    #[serde(default)]
    pub status_sections: BTreeMap<String, Vec<String>>,
    /// Embedded template name (`adr` or `rfc`) or a file in the templates directory.
    #[serde(default)]
    pub template: Option<String>,
    /// Fields `check --against` protects on a record closed on the revision.
    #[serde(default = "default_protected")]
    pub protected: Vec<String>,
}

/// A configured kind that names no protected fields protects what the built-in ones do.
fn default_protected() -> Vec<String> {
    default_kinds()
        .remove("adr")
        .map(|adr| adr.protected)
        .unwrap_or_default()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Off,
    /// Information only, never a failure (`because why --changed` reports its findings so).
    Notice,
    Warning,
    Error,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Person {
    pub name: Option<String>,
    pub email: Option<String>,
    /// Other names the person goes by (a git name, a nickname): filters and pages join them.
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct SiteConfig {
    pub title: String,
    pub base_url: Option<String>,
    /// Where a record's source is shown on the forge, `{path}` standing for its path in the
    /// repository (`https://github.com/acme/app/blob/main/{path}`); default: from the `origin`
    /// remote when it is on GitHub, GitLab, Codeberg or a Gitea-like host.
    pub source_url: Option<String>,
}

fn default_initial() -> String {
    "proposed".to_string()
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Decision records".to_string(),
            base_url: None,
            source_url: None,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            records_dir: None,
            records_outside_repository: false,
            records_dirs: Vec::new(),
            members_exclude: Vec::new(),
            timezone: "UTC".to_string(),
            templates_dir: ".because/templates".to_string(),
            deadline_soon_hours: 48,
            kinds: default_kinds(),
            rules: BTreeMap::new(),
            status_aliases: default_status_aliases(),
            people: BTreeMap::new(),
            default_status: None,
            site: SiteConfig::default(),
            why: WhyConfig::default(),
        }
    }
}

/// The built-in kinds and lifecycles, written once, in TOML (`config/kinds.toml`).
const DEFAULT_KINDS: &str = include_str!("config/kinds.toml");

/// The default lifecycles of DESIGN.md ("Lifecycles").
pub fn default_kinds() -> BTreeMap<String, KindConfig> {
    #[derive(Deserialize)]
    struct Kinds {
        kinds: BTreeMap<String, KindConfig>,
    }
    // Parsed once per process: the history reads thousands of blobs with the defaults.
    static KINDS: std::sync::LazyLock<BTreeMap<String, KindConfig>> =
        std::sync::LazyLock::new(|| {
            toml::from_str::<Kinds>(DEFAULT_KINDS)
                .expect("the built-in kinds parse (tested)")
                .kinds
        });
    KINDS.clone()
}

/// Status words other tools and processes write, mapped onto the default lifecycles (issue 5).
/// Keys are lower-case; `because.toml`'s `[status-aliases]` adds to this table.
fn default_status_aliases() -> BTreeMap<String, String> {
    [
        // accepted
        ("approved", "accepted"),
        ("adopted", "accepted"),
        ("final", "accepted"),
        ("done", "accepted"),
        ("implemented", "accepted"),
        ("active", "accepted"),
        ("agreed", "accepted"),
        ("decided", "accepted"),
        ("ratified", "accepted"),
        ("merged", "accepted"),
        ("released", "accepted"),
        ("recommended", "accepted"),
        ("ready for release", "accepted"),
        // rejected
        ("declined", "rejected"),
        ("refused", "rejected"),
        // deprecated
        ("obsolete", "deprecated"),
        ("discontinued", "deprecated"),
        ("retired", "deprecated"),
        ("archived", "deprecated"),
        // superseded
        ("replaced", "superseded"),
        ("superceded", "superseded"),
        // withdrawn
        ("abandoned", "withdrawn"),
        ("cancelled", "withdrawn"),
        ("canceled", "withdrawn"),
        // proposed
        ("open", "proposed"),
        ("proposal", "proposed"),
        ("pending", "proposed"),
        ("in review", "proposed"),
        ("under review", "proposed"),
        ("under discussion", "proposed"),
        ("exploring", "proposed"),
        ("rfc", "proposed"),
        // draft
        ("wip", "draft"),
        ("in progress", "draft"),
        ("work in progress", "draft"),
        // postponed
        ("deferred", "postponed"),
        ("on hold", "postponed"),
        ("paused", "postponed"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect()
}

impl Config {
    /// Parse `because.toml` text; defaults fill what is absent, user kinds replace default ones.
    pub fn from_toml(text: &str) -> Result<Config, toml::de::Error> {
        let mut config: Config = toml::from_str(text)?;
        let mut kinds = default_kinds();
        kinds.append(&mut config.kinds);
        config.kinds = kinds;
        let mut aliases = default_status_aliases();
        aliases.append(&mut config.status_aliases);
        config.status_aliases = aliases;
        Ok(config)
    }

    pub fn kind(&self, name: &str) -> Option<&KindConfig> {
        self.kinds.get(name)
    }

    /// Names of the configured kinds, for messages.
    pub fn kind_names(&self) -> Vec<&str> {
        self.kinds.keys().map(String::as_str).collect()
    }

    /// The severity configured for `rule`, or `default` when the config is silent.
    pub fn severity(&self, rule: &str, default: Severity) -> Severity {
        self.rules.get(rule).copied().unwrap_or(default)
    }

    /// The parsed time zone; validated when the workspace loads, so this cannot fail later.
    pub fn tz(&self) -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::get(&self.timezone).unwrap_or(jiff::tz::TimeZone::UTC)
    }

    /// Whether `status` is open (awaiting a decision) for a record of `kind`. A kind the
    /// config does not define is judged by every kind's open states (`check` reports it).
    pub fn is_open(&self, kind: &str, status: &str) -> bool {
        match self.kind(kind) {
            Some(config) => config.is_open(status),
            None => self.kinds.values().any(|k| k.is_open(status)),
        }
    }

    /// Map a status word through the alias table (`approved` → `accepted`).
    pub fn canonical_status(&self, status: &str) -> String {
        let lower = status.trim().to_lowercase();
        if let Some(status) = self.status_aliases.get(&lower) {
            return status.clone();
        }
        // A qualified state (`Partially Implemented`, `provisionally accepted`) is the state;
        // the qualifier stays in the raw text shown beside it.
        match lower.split_once(' ') {
            Some((qualifier, state)) if qualifier.ends_with("ly") => self.canonical_status(state),
            _ => lower,
        }
    }
}

impl KindConfig {
    /// Every status of the lifecycle, open states first.
    pub fn statuses(&self) -> impl Iterator<Item = &String> {
        self.open.iter().chain(self.closed.iter())
    }

    pub fn has_status(&self, status: &str) -> bool {
        self.statuses().any(|s| s == status)
    }

    pub fn is_open(&self, status: &str) -> bool {
        self.open.iter().any(|s| s == status)
    }

    /// Statuses reachable from `from`; empty when the lifecycle lists none.
    pub fn allowed_from(&self, from: &str) -> &[String] {
        self.transitions.get(from).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Sections a record in `status` must have: the kind's, then the status's own.
    pub fn required_sections(&self, status: Option<&str>) -> impl Iterator<Item = &String> {
        let extra = status
            .and_then(|s| self.status_sections.get(s))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        self.sections.iter().chain(extra)
    }

    pub fn required_fields(&self, status: &str) -> &[String] {
        self.required.get(status).map(Vec::as_slice).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_toml_parses_to_the_defaults() {
        let parsed = Config::from_toml(DEFAULT_TOML).expect("default config parses");
        let defaults = Config::default();
        assert_eq!(parsed.timezone, defaults.timezone);
        assert_eq!(parsed.templates_dir, defaults.templates_dir);
        assert_eq!(parsed.deadline_soon_hours, defaults.deadline_soon_hours);
        assert_eq!(parsed.site.title, defaults.site.title);
        assert_eq!(parsed.why.citations, defaults.why.citations);
        assert_eq!(parsed.kinds, defaults.kinds);
    }

    /// The kinds `init` documents (commented) in the because.toml it writes are the built-in
    /// ones, uncommented and parsed: the documentation cannot drift from the behaviour.
    #[test]
    fn documented_kinds_are_the_built_in_kinds() {
        let start = DEFAULT_TOML.find("# [kinds.").expect("kinds documented");
        let uncommented: String = DEFAULT_TOML[start..]
            .lines()
            .map(|l| l.strip_prefix("# ").unwrap_or(l.trim_start_matches('#')))
            .collect::<Vec<_>>()
            .join("\n");
        let documented = Config::from_toml(&uncommented).expect("documented kinds parse");
        assert_eq!(documented.kinds, default_kinds());
        assert!(default_kinds()["adr"].has_status("superseded"));
    }

    #[test]
    fn unknown_key_is_an_error() {
        let err = Config::from_toml("timezon = \"UTC\"\n").unwrap_err();
        assert!(err.to_string().contains("timezon"), "{err}");
    }

    #[test]
    fn user_kind_replaces_default_and_keeps_others() {
        let config =
            Config::from_toml("[kinds.adr]\nopen = [\"open\"]\nclosed = [\"done\"]\n").unwrap();
        assert_eq!(config.kinds["adr"].open, vec!["open"]);
        assert!(config.kinds.contains_key("rfc"));
    }
}
