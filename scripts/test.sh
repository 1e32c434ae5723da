#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it (.ci/run calls this script).
# Installs what a fresh machine lacks; needs only the Rust toolchain to start.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets -- -D warnings

step "Python test clients (tests/requirements.txt: the MCP client, the iCalendar parser, pre-commit)"
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r tests/requirements.txt
pre-commit --version

step "cargo test"
cargo test

step "because check on because's own decisions"
cargo run --quiet -- check --deny-warnings

step "browser test of the built site (installs Debian's chromium and playwright-core if missing)"
scripts/browser-test.sh
