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

step "pre-commit from PyPI for the hook test (installed into target/tools/ if missing)"
if ! command -v pre-commit >/dev/null 2>&1; then
  venv="$PWD/target/tools/pre-commit"
  if [ ! -x "$venv/bin/pre-commit" ]; then
    # Debian ships venv without ensurepip unless python3-venv is installed.
    if ! python3 -c "import venv, ensurepip" >/dev/null 2>&1; then
      apt-get update
      DEBIAN_FRONTEND=noninteractive apt-get install -y python3 python3-venv
    fi
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet pre-commit
  fi
  export PATH="$venv/bin:$PATH"
fi
pre-commit --version

step "cargo test"
cargo test

step "because check on because's own decisions"
cargo run --quiet -- check --deny-warnings

step "browser test of the built site (installs Debian's chromium and playwright-core if missing)"
scripts/browser-test.sh
