//! Just enough HTTP/1.1 for a local preview: GET and HEAD of files under the site root, the
//! reload script, and its event stream. Anything else is refused; nothing outside the root is
//! ever read.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use super::Generation;

const LIVE_JS: &str = "/__because/live.js";
const EVENTS: &str = "/__because/events";

/// Reload the page when `because serve` says the site was rebuilt (served in serve mode only).
const LIVE_SCRIPT: &str = "// because serve: reload when the site is rebuilt.\nnew EventSource(\"/__because/events\").addEventListener(\"rebuilt\", () => location.reload());\n";

pub(super) fn respond(
    stream: TcpStream,
    root: &Path,
    generation: &Generation,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Headers are read and ignored: nothing here depends on them.
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let mut out = stream;
    if method != "GET" && method != "HEAD" {
        return send(
            &mut out,
            "405 Method Not Allowed",
            "text/plain",
            b"GET only\n",
            true,
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let head_only = method == "HEAD";
    match path {
        EVENTS => events(&mut out, generation),
        LIVE_JS => send(
            &mut out,
            "200 OK",
            "text/javascript",
            LIVE_SCRIPT.as_bytes(),
            !head_only,
        ),
        _ => file(&mut out, root, path, !head_only),
    }
}

fn file(out: &mut TcpStream, root: &Path, url_path: &str, body: bool) -> std::io::Result<()> {
    let Some(mut path) = resolve(root, url_path) else {
        return send(out, "404 Not Found", "text/plain", b"not found\n", body);
    };
    if path.is_dir() {
        path.push("index.html");
    }
    let Ok(bytes) = std::fs::read(&path) else {
        return send(out, "404 Not Found", "text/plain", b"not found\n", body);
    };
    let kind = content_type(&path);
    if kind.starts_with("text/html") {
        let page = with_live_reload(&String::from_utf8_lossy(&bytes));
        return send(out, "200 OK", kind, page.as_bytes(), body);
    }
    send(out, "200 OK", kind, &bytes, body)
}

/// The file a URL path names under `root`: percent-decoded, and only plain names (no `..`,
/// no absolute parts), so a request can never leave the site.
fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    let relative = Path::new(decoded.trim_start_matches('/'));
    relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| root.join(relative))
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A page as served: the reload script added, and the page's policy allowing exactly the one
/// connection it needs (its own event stream).
fn with_live_reload(page: &str) -> String {
    let tag = format!("<script src=\"{LIVE_JS}\"></script>");
    let page = page.replacen("connect-src 'none'", "connect-src 'self'", 1);
    match page.rfind("</body>") {
        Some(at) => format!("{}{tag}\n{}", &page[..at], &page[at..]),
        None => format!("{page}{tag}\n"),
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/atom+xml",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

fn send(
    out: &mut TcpStream,
    status: &str,
    kind: &str,
    bytes: &[u8],
    body: bool,
) -> std::io::Result<()> {
    write!(
        out,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        bytes.len()
    )?;
    if body {
        out.write_all(bytes)?;
    }
    out.flush()
}

/// Server-sent events: `rebuilt` after each rebuild, a comment every 15 s to keep it open.
fn events(out: &mut TcpStream, generation: &Generation) -> std::io::Result<()> {
    write!(
        out,
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: connected\n\n"
    )?;
    out.flush()?;
    let mut seen = generation.current();
    loop {
        let now = generation.wait_past(seen, Duration::from_secs(15));
        if now == seen {
            out.write_all(b": still here\n\n")?;
        } else {
            write!(out, "event: rebuilt\ndata: {now}\n\n")?;
            seen = now;
        }
        out.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_never_leave_the_root() {
        let root = Path::new("/srv/site");
        assert_eq!(resolve(root, "/a%20b.html"), Some(root.join("a b.html")));
        assert_eq!(resolve(root, "/../etc/passwd"), None);
        assert_eq!(resolve(root, "/%2e%2e/x"), None);
        assert_eq!(resolve(root, "/"), Some(root.join("")));
    }

    #[test]
    fn served_pages_get_the_script_and_only_a_same_origin_connection() {
        let page = "<meta content=\"connect-src 'none'; x\"><body>hi</body>";
        let served = with_live_reload(page);
        assert!(served.contains("connect-src 'self'; x"));
        assert!(served.contains("<script src=\"/__because/live.js\"></script>\n</body>"));
    }
}
