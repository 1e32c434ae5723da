//! `because serve`: loopback by default on a free port it prints, pages served with the reload
//! script, nothing outside the site served. (The reload itself is driven in a real browser by
//! scripts/browser-test.sh.)

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::Stdio;

use crate::support::TestRepo;

fn get(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn serve_listens_on_loopback_and_adds_live_reload_to_pages_only() {
    let repo = TestRepo::initialized();
    let mut child = repo
        .command()
        .args(["serve", "--no-history"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .strip_prefix("serving http://")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address printed: {line:?}"))
        .to_string();
    let result = std::panic::catch_unwind(|| {
        assert!(addr.starts_with("127.0.0.1:"), "{addr}");
        assert_ne!(addr, "127.0.0.1:0");
        let index = get(&addr, "/");
        assert!(index.starts_with("HTTP/1.1 200 OK"), "{index}");
        assert!(index.contains("<script src=\"/__because/live.js\"></script>"));
        assert!(index.contains("connect-src 'self'"));
        assert!(get(&addr, "/../because.toml").starts_with("HTTP/1.1 404"));
        assert!(get(&addr, "/%2e%2e/because.toml").starts_with("HTTP/1.1 404"));
        assert!(get(&addr, "/__because/live.js").contains("EventSource"));
    });
    child.kill().ok();
    child.wait().ok();
    result.unwrap();
    // The repository's own site/ is not written by a preview.
    assert!(!repo.exists("site"));
}
