#!/usr/bin/env bash
# Run every fuzz target for SECONDS each (default 180). cargo-fuzz needs nightly features;
# RUSTC_BOOTSTRAP lets the stable toolchain build with them. Crashes land in
# fuzz/artifacts/<target>/; add each as a regression test before fixing it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-180}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
targets="${FUZZ_TARGETS:-$(cargo fuzz list)}"
failed=0
for target in $targets; do
  echo "== fuzzing $target for ${seconds}s"
  cargo fuzz run -O "$target" -- -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 || failed=$((failed + 1))
done
echo "fuzz: $failed target(s) found a crash"
[ "$failed" -eq 0 ]
