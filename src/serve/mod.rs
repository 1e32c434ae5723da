//! `because serve`'s machinery: a small HTTP server for the built site, a file watcher
//! (`notify`) that rebuilds it on change, and server-sent events that reload open pages.
//!
//! Knows nothing of records or the site: the command hands in the output directory, what to
//! watch and a rebuild function. The reload script, and the `connect-src 'self'` its event
//! stream needs, are added to HTML *responses* only; the files `build` writes stay as they are
//! (decision 0009).

mod http;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use anyhow::{Context, Result};
use notify::{RecursiveMode, Watcher};

/// How many times the site was rebuilt; open pages wait on it to change.
#[derive(Clone, Default)]
pub struct Generation(Arc<(Mutex<u64>, Condvar)>);

impl Generation {
    fn current(&self) -> u64 {
        *self.0.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn bump(&self) {
        let (count, changed) = &*self.0;
        *count.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        changed.notify_all();
    }

    /// The generation once it differs from `seen`, or `seen` again after `timeout`.
    fn wait_past(&self, seen: u64, timeout: Duration) -> u64 {
        let (count, changed) = &*self.0;
        let guard = count.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = changed
            .wait_timeout_while(guard, timeout, |n| *n == seen)
            .unwrap_or_else(|e| e.into_inner());
        *guard
    }
}

/// The temp directory the preview site is built in, removed when serving ends; the
/// repository's own `site/` is left alone.
pub struct SiteDir(tempfile::TempDir);

impl SiteDir {
    pub fn new() -> Result<SiteDir> {
        let dir = tempfile::Builder::new()
            .prefix("because-serve-")
            .tempdir()
            .context("failed to create a temp directory for the site")?;
        Ok(SiteDir(dir))
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }
}

/// Bind `host:port` (port 0: a free one the system picks).
pub fn bind(host: &str, port: u16) -> Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind((host, port))
        .with_context(|| format!("failed to listen on {host}:{port}; is the port in use?"))?;
    let addr = listener
        .local_addr()
        .context("failed to read the bound address")?;
    Ok((listener, addr))
}

/// Serve `root` on `listener` until the process ends, one thread per connection.
pub fn serve(listener: TcpListener, root: &Path, generation: &Generation) -> Result<()> {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let (root, generation) = (root.to_path_buf(), generation.clone());
        std::thread::spawn(move || {
            // A client that goes away mid-response is not the server's problem.
            let _ = http::respond(stream, &root, &generation);
        });
    }
    Ok(())
}

/// Watch `paths` (those that exist) and call `rebuild` once per burst of changes, then bump
/// `generation` so open pages reload. The watcher lives as long as the returned value.
pub fn watch(
    paths: &[PathBuf],
    generation: Generation,
    mut rebuild: impl FnMut() + Send + 'static,
) -> Result<notify::RecommendedWatcher> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| !e.kind.is_access()) {
            let _ = tx.send(());
        }
    })
    .context("failed to start watching files")?;
    for path in paths.iter().filter(|p| p.exists()) {
        watcher
            .watch(path, RecursiveMode::Recursive)
            .with_context(|| format!("failed to watch `{}`", path.display()))?;
    }
    std::thread::spawn(move || {
        while rx.recv().is_ok() {
            // An editor's save is several events (temp file, rename, chmod): wait for quiet.
            while rx.recv_timeout(Duration::from_millis(100)).is_ok() {}
            rebuild();
            generation.bump();
        }
    });
    Ok(watcher)
}
