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

step "Python's icalendar, the real parser the calendar tests read feeds with (if missing)"
python3 -c "import icalendar" 2>/dev/null || python3 -m pip install --quiet icalendar

step "cargo test"
cargo test

step "because check on because's own decisions"
cargo run --quiet -- check --deny-warnings

step "browser test of the built site (installs Debian's chromium and playwright-core if missing)"
scripts/browser-test.sh
