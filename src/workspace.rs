//! Where things are: the repository root, `because.toml`, the records directory. Resolved once
//! per command, from `--dir`/`BECAUSE_DIR`, the config, an adr-tools `.adr-dir`, or the default.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::config::{Config, DEFAULT_RECORDS_DIR};
use crate::time::Clock;

pub mod members;
pub use members::Member;

/// Options every verb shares (set by global flags or their environment variables).
#[derive(Debug, Clone, Default)]
pub struct GlobalOptions {
    pub dir: Option<PathBuf>,
    pub now: Option<String>,
    /// The reader's zone (`--tz`); `TZ` and then the configuration when absent.
    pub tz: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Workspace {
    /// Directory holding `because.toml`, else the Git work tree's root, else the start dir.
    pub root: PathBuf,
    pub config_path: Option<PathBuf>,
    pub config: Config,
    /// Absolute path of the records directory (it may not exist yet).
    pub records_dir: PathBuf,
    /// Further folders of records: log4brains packages named in `.log4brains.yml`.
    pub package_dirs: Vec<PathBuf>,
    /// The records folder found in the repository when nothing said where records are (no
    /// config, `--dir`, `.adr-dir` or log4brains config, no default folder): `init` writes it.
    pub detected: Option<crate::store::detect::Layout>,
    /// Where the command was started; paths are shown relative to it.
    pub cwd: PathBuf,
    pub clock: Clock,
}

pub const CONFIG_FILE: &str = "because.toml";

impl Workspace {
    /// Find root, config and records directory for a command started in the current directory.
    pub fn discover(options: &GlobalOptions) -> Result<Workspace> {
        Workspace::open(options, false)
    }

    /// The workspace rooted where the command runs, for `init`: run in `services/a/` of a
    /// monorepo, the package gets its own `because.toml` and records (issue 16).
    pub fn here(options: &GlobalOptions) -> Result<Workspace> {
        Workspace::open(options, true)
    }

    fn open(options: &GlobalOptions, rooted_here: bool) -> Result<Workspace> {
        let cwd = std::env::current_dir().context("failed to read the current directory")?;
        let dir_override = options.dir.as_ref().map(|d| cwd.join(d));
        let start = dir_override.clone().unwrap_or_else(|| cwd.clone());
        if let Some(git_dir) = crate::git::bare_repository(&start) {
            bail!(
                "`{}` is a bare git repository (no work tree), so records would be written among git's own files; run because in a clone with a work tree",
                git_dir.display()
            );
        }
        let root = match rooted_here {
            true => cwd.clone(),
            false => find_root(&start).unwrap_or_else(|| start.clone()),
        };
        Workspace::at(options, cwd, root, dir_override)
    }

    /// The workspace whose root is `root` (its `because.toml`, if any, read from there), for a
    /// command started in `cwd`; a monorepo opens one per member (see [`members`]).
    fn at(
        options: &GlobalOptions,
        cwd: PathBuf,
        root: PathBuf,
        dir_override: Option<PathBuf>,
    ) -> Result<Workspace> {
        let config_path = Some(root.join(CONFIG_FILE)).filter(|p| p.is_file());
        let config = match &config_path {
            Some(path) => load_config(path)?,
            None => Config::default(),
        };
        let log4brains = Log4brains::read(&root);
        let (mut records_dir, mut package_dirs, mut detected) = (dir_override, Vec::new(), None);
        if records_dir.is_none() {
            let dir = records_dir_name(&root, &config, &log4brains)?;
            package_dirs = log4brains.packages.iter().map(|p| root.join(p)).collect();
            detected = dir
                .is_none()
                .then(|| undeclared_layout(&root, &config_path))
                .flatten();
            let dir = dir.or_else(|| Some(detected.as_ref()?.dir.clone().into()));
            records_dir = Some(root.join(dir.unwrap_or_else(|| DEFAULT_RECORDS_DIR.into())));
        }
        let records_dir = records_dir.expect("set above");
        let ws = Workspace {
            clock: clock(options, &config)?,
            root,
            config_path,
            config,
            records_dir,
            package_dirs,
            detected,
            cwd,
        };
        ws.check_records_dirs()?;
        Ok(ws)
    }

    /// `path` as the user should see it: relative to where they ran the command when possible.
    pub fn display(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.cwd)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| path.to_path_buf())
    }

    /// The directory of per-file template overrides.
    pub fn templates_dir(&self) -> PathBuf {
        self.root.join(&self.config.templates_dir)
    }

    /// A template's source: the override in the templates directory when present, else `embedded`.
    pub fn template_source(&self, name: &str, embedded: &str) -> Result<String> {
        match self.template_override(name)? {
            Some(path) => std::fs::read_to_string(&path).with_context(|| {
                format!(
                    "failed to read template `{}`",
                    self.display(&path).display()
                )
            }),
            None => Ok(embedded.to_string()),
        }
    }

    /// The override file for template `name`, if there is one. Only a regular file inside the
    /// repository counts: a symlink to `/proc/self/environ` or a `templates-dir` elsewhere
    /// would otherwise publish whatever the build can read (issue 12, item 1).
    fn template_override(&self, name: &str) -> Result<Option<PathBuf>> {
        let path = self.templates_dir().join(name);
        let shown = self.display(&path);
        if Path::new(name).components().count() != 1 || Path::new(name).is_absolute() {
            bail!("template `{name}` is not a file name; name a file in the templates directory");
        }
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            return Ok(None);
        };
        if !meta.file_type().is_file() {
            bail!(
                "refusing to read template override `{}`: it is not a regular file (a symlink, folder or device); replace it with a copy of the template",
                shown.display()
            );
        }
        if !self.is_inside_root(&path) {
            bail!(
                "refusing to read template override `{}`: it lies outside the repository `{}`; set `templates-dir` in because.toml to a folder inside it",
                shown.display(),
                self.root.display()
            );
        }
        Ok(Some(path))
    }

    /// True when `path`, symlinks resolved (as far as it exists), lies inside the root.
    pub fn is_inside_root(&self, path: &Path) -> bool {
        resolved(path).starts_with(resolved(&self.root))
    }

    /// Refuse a records directory (or log4brains package) that resolves outside the repository
    /// unless `records-outside-repository = true`: like a symlinked record, it would make every
    /// command read, write and publish files the repository does not hold (issue 12, item 9).
    fn check_records_dirs(&self) -> Result<()> {
        if self.config.records_outside_repository {
            return Ok(());
        }
        for dir in std::iter::once(&self.records_dir).chain(&self.package_dirs) {
            if !self.is_inside_root(dir) {
                bail!(
                    "the records directory `{}` lies outside the repository `{}` (it resolves to `{}`); move it inside, or set `records-outside-repository = true` in because.toml if that is intended",
                    self.display(dir).display(),
                    self.root.display(),
                    resolved(dir).display()
                );
            }
        }
        Ok(())
    }
}

/// The command's clock: `--now` or the real time, in the configured zone, shown in the
/// reader's (`--tz`, then `TZ`, then the configuration).
fn clock(options: &GlobalOptions, config: &Config) -> Result<Clock> {
    let zone = config.tz();
    let env_tz = std::env::var("TZ").ok();
    let reader = crate::time::reader_zone(options.tz.as_deref(), env_tz.as_deref())
        .map_err(|reason| anyhow::anyhow!("invalid --tz: {reason}"))?
        .unwrap_or_else(|| zone.clone());
    Clock::new(options.now.as_deref(), zone, reader).context("failed to read --now / BECAUSE_NOW")
}

/// An absolute, symlink-free form of `path`: its longest existing ancestor canonicalized, the
/// rest appended, so containment can be checked before the path exists.
pub fn resolved(path: &Path) -> PathBuf {
    let mut existing = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut rest = Vec::new();
    while std::fs::symlink_metadata(&existing).is_err() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut abs = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        abs.push(name);
    }
    abs
}

/// Walk up from `start` to the nearest directory holding `because.toml` or `.git`: a
/// repository's root is a boundary, so a repository nested in another project (a vendored
/// one, a benchmark corpus) never picks up the outer project's configuration.
fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(CONFIG_FILE).is_file() || dir.join(".git").exists())
        .map(Path::to_path_buf)
}

fn load_config(path: &Path) -> Result<Config> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("failed to read `{}`", path.display()))?;
    let config = Config::from_toml(&text).map_err(|err| {
        anyhow::anyhow!(
            "invalid configuration in `{}`: {}",
            path.display(),
            err.to_string().trim_end()
        )
    })?;
    if jiff::tz::TimeZone::get(&config.timezone).is_err() {
        bail!(
            "invalid configuration in `{}`: unknown time zone `{}`; use an IANA name such as \"Europe/Berlin\" or \"UTC\"",
            path.display(),
            config.timezone
        );
    }
    for (key, dirs) in [
        ("records-dirs", &config.records_dirs),
        ("members-exclude", &config.members_exclude),
    ] {
        if let Some(bad) = dirs.iter().find(|d| !is_relative_dir(d)) {
            bail!(
                "invalid configuration in `{}`: `{key}` lists `{bad}`; list folders relative to because.toml, such as \"services/a/docs/decisions\"",
                path.display()
            );
        }
    }
    if let Some(url) = &config.site.base_url
        && !is_safe_base_url(url)
    {
        bail!(
            "invalid configuration in `{}`: `site.base-url` is `{url}`; it must start with http:// or https://, or be a relative path such as \"/decisions/\"",
            path.display()
        );
    }
    Ok(config)
}

/// A folder named relative to `because.toml`: not empty, not absolute, not the root itself.
fn is_relative_dir(dir: &str) -> bool {
    let path = Path::new(dir.trim());
    use std::path::Component::{CurDir, Normal, ParentDir};
    path.components().any(|c| matches!(c, Normal(_)))
        && path
            .components()
            .all(|c| matches!(c, Normal(_) | CurDir | ParentDir))
}

/// A base URL reaches feed links and `decisions.json` as is: only web URLs and relative paths
/// are allowed, never `javascript:` or `data:` (issue 12, item 10).
fn is_safe_base_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let scheme_end = lower.find(':');
    let path_start = lower.find(['/', '?', '#']).unwrap_or(lower.len());
    match scheme_end {
        Some(colon) if colon < path_start => {
            lower.starts_with("http://") || lower.starts_with("https://")
        }
        _ => !lower.chars().any(|c| c.is_control() || c.is_whitespace()),
    }
}

/// What a log4brains project file says about where records are (`project.adrFolder` and each
/// package's `adrFolder`). An unreadable file says nothing: log4brains is a hint, not config.
#[derive(Debug, Default)]
struct Log4brains {
    adr_folder: Option<String>,
    packages: Vec<String>,
}

impl Log4brains {
    fn read(root: &Path) -> Log4brains {
        let Ok(text) = std::fs::read_to_string(root.join(".log4brains.yml")) else {
            return Log4brains::default();
        };
        let Ok(value) = serde_saphyr::from_str::<serde_json::Value>(&text) else {
            return Log4brains::default();
        };
        let folder = |v: &serde_json::Value| {
            v.get("adrFolder")
                .and_then(serde_json::Value::as_str)
                .map(|s| s.trim_start_matches("./").to_string())
        };
        let project = value.get("project");
        Log4brains {
            adr_folder: project.and_then(folder),
            packages: project
                .and_then(|p| p.get("packages"))
                .and_then(serde_json::Value::as_array)
                .map(|packages| packages.iter().filter_map(folder).collect())
                .unwrap_or_default(),
        }
    }
}

/// Records directory relative to the root as something states it: config, then adr-tools'
/// `.adr-dir`, then log4brains' `adrFolder`; `None` when nothing does.
fn records_dir_name(
    root: &Path,
    config: &Config,
    log4brains: &Log4brains,
) -> Result<Option<PathBuf>> {
    if let Some(dir) = &config.records_dir {
        return Ok(Some(PathBuf::from(dir)));
    }
    let adr_dir = root.join(".adr-dir");
    if adr_dir.is_file() {
        let text = std::fs::read_to_string(&adr_dir)
            .with_context(|| format!("failed to read `{}`", adr_dir.display()))?;
        let name = text.trim();
        if !name.is_empty() {
            return Ok(Some(PathBuf::from(name)));
        }
    }
    Ok(log4brains.adr_folder.as_ref().map(PathBuf::from))
}

/// The records folder a repository that `because` has not been set up in already has (its
/// adr-tools, MADR or process records), so that `list` reads them and `new` numbers after
/// them; none once a `because.toml` exists or the default folder does.
fn undeclared_layout(
    root: &Path,
    config_path: &Option<PathBuf>,
) -> Option<crate::store::detect::Layout> {
    if config_path.is_some() || root.join(DEFAULT_RECORDS_DIR).exists() {
        return None;
    }
    crate::store::detect::layout(root)
}
