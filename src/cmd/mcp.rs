//! `because mcp`: a Model Context Protocol server on stdio, for coding agents.
//!
//! Every tool runs the command-line verb it stands for (same filters, same refusals, same
//! messages, the same store operations for writes), with its output captured instead of
//! printed; `search` is the one tool without a verb. Write tools exist only when the server
//! was started with `--allow-write`. rmcp types stay in this file.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    InitializeResult, JsonObject, ListResourcesResult, ListToolsResult, PaginatedRequestParams,
    ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, Resource,
    ResourceContents, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};
use serde_json::{Value, json};

use super::load_index;
use crate::workspace::{GlobalOptions, Workspace};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Offer the write tools (new_record, set_status, link_records); off by default
    #[arg(long)]
    pub allow_write: bool,
}

/// The URI prefix of record resources: `because://records/0007`.
const RESOURCE_PREFIX: &str = "because://records/";

pub fn run(global: &GlobalOptions, args: &Args) -> Result<ExitCode> {
    // Fail here, on the terminal, rather than in every tool call, when there is no repository.
    Workspace::discover(global)?;
    let server = Server {
        global: global.clone(),
        allow_write: args.allow_write,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("failed to start the MCP server's runtime")?;
    runtime.block_on(async {
        let service = server.serve(rmcp::transport::stdio()).await?;
        service.waiting().await?;
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

struct Server {
    global: GlobalOptions,
    allow_write: bool,
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        let capabilities = ServerCapabilities::builder()
            .enable_tools()
            .enable_resources()
            .build();
        InitializeResult::new(capabilities)
            .with_server_info(Implementation::new("because", env!("CARGO_PKG_VERSION")))
            .with_instructions(INSTRUCTIONS)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let tools = TOOLS
            .iter()
            .filter(|spec| self.allow_write || !spec.write)
            .map(tool)
            .collect();
        Ok(ListToolsResult::with_all_items(tools))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let Some(spec) = TOOLS.iter().find(|s| s.name == request.name) else {
            let message = format!("unknown tool `{}`", request.name);
            return Err(ErrorData::invalid_params(message, None));
        };
        if spec.write && !self.allow_write {
            return Ok(failure(format!(
                "`{}` writes records, and this server is read-only: start it with `because mcp --allow-write`",
                spec.name
            ))
            .into());
        }
        let arguments = request.arguments.unwrap_or_default();
        Ok(match (spec.call)(&self.global, &arguments) {
            Ok(value) => CallToolResult::structured(value),
            Err(message) => failure(message),
        }
        .into())
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let records = list(&self.global, &JsonObject::new()).map_err(internal)?;
        let resources = records["records"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(resource)
            .collect();
        Ok(ListResourcesResult::with_all_items(resources))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let Some(number) = request.uri.strip_prefix(RESOURCE_PREFIX) else {
            let message = format!(
                "no such resource `{}`; records are {RESOURCE_PREFIX}NNNN",
                request.uri
            );
            return Err(ErrorData::resource_not_found(message, None));
        };
        let text = record_text(&self.global, number)
            .map_err(|message| ErrorData::resource_not_found(message, None))?;
        let contents = ResourceContents::text(text, request.uri);
        Ok(ReadResourceResult::new(vec![contents]).into())
    }
}

const INSTRUCTIONS: &str = "Decision records (ADRs and RFCs) of this repository. Before changing code, ask `why` which decisions govern it; `list_records`, `search` and `show_record` read records; `check` validates them. Write tools, when offered, go through the same checks as the command line.";

fn tool(spec: &Spec) -> Tool {
    let schema: JsonObject =
        serde_json::from_str(spec.schema).expect("tool schemas are valid JSON objects");
    Tool::new(spec.name, spec.description, Arc::new(schema))
}

fn failure(message: String) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(message)])
}

fn internal(message: String) -> ErrorData {
    ErrorData::internal_error(message, None)
}

/// A record of `list --format json` as an MCP resource.
fn resource(record: &Value) -> Option<Resource> {
    let number = record["number"].as_u64()?;
    let title = record["title"].as_str().unwrap_or_default();
    let resource = Resource::new(
        format!("{RESOURCE_PREFIX}{number:04}"),
        format!("{number:04} {title}"),
    );
    Some(resource.with_mime_type("text/markdown"))
}

/// The record's file, as written.
fn record_text(global: &GlobalOptions, record: &str) -> Result<String, String> {
    let shown = verb(global, &["show", record, "--format", "json"])?;
    let path = shown["path"].as_str().ok_or("the record has no path")?;
    let ws = Workspace::discover(global).map_err(|e| format!("{e:#}"))?;
    let bytes = crate::store::read_bytes(&ws, &ws.root.join(path)).map_err(|e| format!("{e:#}"))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// One tool: its name, what it does, its input schema, whether it writes, and how it runs.
struct Spec {
    name: &'static str,
    description: &'static str,
    schema: &'static str,
    write: bool,
    call: fn(&GlobalOptions, &JsonObject) -> Result<Value, String>,
}

const TOOLS: &[Spec] = &[
    Spec {
        name: "list_records",
        description: "List decision records, filtered as `because list` (status, kind, tag, person) and by words in the text.",
        schema: r#"{"type":"object","properties":{"status":{"type":"string"},"kind":{"type":"string"},"tag":{"type":"string"},"person":{"type":"string","description":"decision-maker, consulted or informed"},"text":{"type":"string","description":"words that must all appear in the record"}}}"#,
        write: false,
        call: list,
    },
    Spec {
        name: "show_record",
        description: "One record: metadata, body, relations, whether it is in force, and its problems.",
        schema: r#"{"type":"object","properties":{"record":{"type":"string","description":"number (7, 0007) or file name"}},"required":["record"]}"#,
        write: false,
        call: show,
    },
    Spec {
        name: "search",
        description: "Full-text search over titles, people, tags and bodies; every word required; title and id matches first.",
        schema: r#"{"type":"object","properties":{"query":{"type":"string"},"limit":{"type":"integer","minimum":1}},"required":["query"]}"#,
        write: false,
        call: search,
    },
    Spec {
        name: "check",
        description: "Validate records as `because check --format json`: findings with file, line, rule and a fix. Optionally only the given files.",
        schema: r#"{"type":"object","properties":{"files":{"type":"array","items":{"type":"string"}}}}"#,
        write: false,
        call: check,
    },
    Spec {
        name: "new_record",
        description: "Create a record as `because new --no-edit`; returns the path written. Fill in its sections, then set its status.",
        schema: r#"{"type":"object","properties":{"title":{"type":"string"},"kind":{"type":"string"},"decision_maker":{"type":"string"},"deadline":{"type":"string"},"supersedes":{"type":"array","items":{"type":"string"}},"tags":{"type":"array","items":{"type":"string"}}},"required":["title"]}"#,
        write: true,
        call: new_record,
    },
    Spec {
        name: "set_status",
        description: "Move a record along its lifecycle (accepted, rejected, withdrawn, deprecated, or any status of its kind), with the same refusals as the command line.",
        schema: r#"{"type":"object","properties":{"record":{"type":"string"},"status":{"type":"string"},"decision_maker":{"type":"string"}},"required":["record","status"]}"#,
        write: true,
        call: set_status,
    },
    Spec {
        name: "link_records",
        description: "Write a relation in both records: supersedes, superseded-by, amends, amended-by or relates-to.",
        schema: r#"{"type":"object","properties":{"from":{"type":"string"},"relation":{"type":"string","enum":["supersedes","superseded-by","amends","amended-by","relates-to"]},"to":{"type":"string"}},"required":["from","relation","to"]}"#,
        write: true,
        call: link_records,
    },
];

fn list(global: &GlobalOptions, args: &JsonObject) -> Result<Value, String> {
    let mut argv = vec!["list".to_string(), "--format".into(), "json".into()];
    for key in ["status", "kind", "tag", "person"] {
        if let Some(value) = text(args, key)? {
            argv.extend([format!("--{key}"), value]);
        }
    }
    let mut records = verb(global, &argv)?;
    if let Some(words) = text(args, "text")? {
        let matching = matching_files(global, &words)?;
        if let Value::Array(list) = &mut records {
            list.retain(|r| matching.iter().any(|f| r["file_name"] == *f.as_str()));
        }
    }
    Ok(json!({ "records": records }))
}

fn show(global: &GlobalOptions, args: &JsonObject) -> Result<Value, String> {
    let record = required(args, "record")?;
    verb(global, &["show", &record, "--format", "json"])
}

fn search(global: &GlobalOptions, args: &JsonObject) -> Result<Value, String> {
    let query = required(args, "query")?;
    let limit = args.get("limit").and_then(Value::as_u64).unwrap_or(20) as usize;
    let (ws, index) = load(global)?;
    let hits: Vec<Value> = crate::search::search(index.records(), &query)
        .into_iter()
        .take(limit)
        .map(|hit| {
            json!({
                "number": hit.record.number,
                "title": hit.record.title,
                "status": hit.record.status,
                "path": ws.display(&ws.root.join(&hit.record.path)),
                "score": hit.score,
            })
        })
        .collect();
    Ok(json!({ "query": query, "results": hits }))
}

fn check(global: &GlobalOptions, args: &JsonObject) -> Result<Value, String> {
    let mut argv = vec!["check".to_string(), "--format".into(), "json".into()];
    argv.extend(strings(args, "files")?);
    // Exit 1 means findings, which are this tool's answer, not a failure.
    let (_, printed) = run_verb(global, &argv)?;
    let findings: Value = serde_json::from_str(&printed)
        .map_err(|e| format!("the output of `because check` was not JSON: {e}"))?;
    Ok(json!({ "findings": findings }))
}

fn new_record(global: &GlobalOptions, args: &JsonObject) -> Result<Value, String> {
    let mut argv = vec!["new".to_string(), "--no-edit".into()];
    for key in ["kind", "decision_maker", "deadline"] {
        if let Some(value) = text(args, key)? {
            argv.extend([format!("--{}", key.replace('_', "-")), value]);
        }
    }
    for (key, flag) in [("supersedes", "--supersedes"), ("tags", "--tag")] {
        for value in strings(args, key)? {
            argv.extend([flag.to_string(), value]);
        }
    }
    argv.extend(["--".to_string(), required(args, "title")?]);
    let printed = verb_text(global, &argv)?;
    let path = printed
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    Ok(json!({ "path": path, "message": printed.trim_end() }))
}

fn set_status(global: &GlobalOptions, args: &JsonObject) -> Result<Value, String> {
    let record = required(args, "record")?;
    let mut argv = vec![
        "status".to_string(),
        record.clone(),
        required(args, "status")?,
    ];
    if let Some(person) = text(args, "decision_maker")? {
        argv.extend(["--decision-maker".to_string(), person]);
    }
    let printed = verb_text(global, &argv)?;
    Ok(json!({ "paths": paths(global, &[&record])?, "message": printed.trim_end() }))
}

fn link_records(global: &GlobalOptions, args: &JsonObject) -> Result<Value, String> {
    let (from, to) = (required(args, "from")?, required(args, "to")?);
    let argv = [
        "link".to_string(),
        from.clone(),
        required(args, "relation")?,
        to.clone(),
    ];
    let printed = verb_text(global, &argv)?;
    Ok(json!({ "paths": paths(global, &[&from, &to])?, "message": printed.trim_end() }))
}

/// The files of the named records, as `show` resolves them.
fn paths(global: &GlobalOptions, records: &[&str]) -> Result<Vec<Value>, String> {
    records
        .iter()
        .map(|r| Ok(verb(global, &["show", r, "--format", "json"])?["path"].clone()))
        .collect()
}

fn matching_files(global: &GlobalOptions, words: &str) -> Result<Vec<String>, String> {
    let (_, index) = load(global)?;
    let hits = crate::search::search(index.records(), words);
    Ok(hits.iter().map(|h| h.record.file_name.clone()).collect())
}

fn load(global: &GlobalOptions) -> Result<(Workspace, crate::index::Index), String> {
    let ws = Workspace::discover(global).map_err(|e| format!("{e:#}"))?;
    let index = load_index(&ws).map_err(|e| format!("{e:#}"))?;
    Ok((ws, index))
}

/// Run a verb and read its JSON output.
fn verb<S: AsRef<str>>(global: &GlobalOptions, argv: &[S]) -> Result<Value, String> {
    let printed = verb_text(global, argv)?;
    serde_json::from_str(&printed).map_err(|e| format!("the output of `because` was not JSON: {e}"))
}

/// Run a verb that must succeed, capturing what it prints; a refusal or an error is the
/// message the command line prints.
fn verb_text<S: AsRef<str>>(global: &GlobalOptions, argv: &[S]) -> Result<String, String> {
    match run_verb(global, argv)? {
        (true, printed) => Ok(printed),
        (false, printed) => Err(printed),
    }
}

/// Run a verb as the command line would: whether it exited 0, and what it printed.
fn run_verb<S: AsRef<str>>(global: &GlobalOptions, argv: &[S]) -> Result<(bool, String), String> {
    let mut words = vec!["because".to_string()];
    if let Some(dir) = &global.dir {
        words.extend(["--dir".to_string(), dir.display().to_string()]);
    }
    if let Some(now) = &global.now {
        words.extend(["--now".to_string(), now.clone()]);
    }
    words.extend(argv.iter().map(|a| a.as_ref().to_string()));
    let cli =
        <crate::cli::Cli as clap::Parser>::try_parse_from(&words).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    let code = crate::cli::run_into(cli, &mut out).map_err(|e| format!("{e:#}"))?;
    Ok((
        code == ExitCode::SUCCESS,
        String::from_utf8_lossy(&out).into_owned(),
    ))
}

fn text(args: &JsonObject, key: &str) -> Result<Option<String>, String> {
    match args.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(format!("`{key}` must be a string, not {other}")),
    }
}

fn required(args: &JsonObject, key: &str) -> Result<String, String> {
    text(args, key)?.ok_or_else(|| format!("`{key}` is required"))
}

fn strings(args: &JsonObject, key: &str) -> Result<Vec<String>, String> {
    match args.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                other => Err(format!("`{key}` must list strings, not {other}")),
            })
            .collect(),
        Some(other) => Err(format!("`{key}` must be a list of strings, not {other}")),
    }
}
