#!/usr/bin/env bash
# Browser test of the site `because build` writes: builds a sample repository's site and drives
# it in headless Chromium (Debian's package) with playwright-core. Screenshots and the sample
# site go to target/browser-test/ (or $BROWSER_TEST_OUT) for review.
#
#   scripts/browser-test.sh            # builds because (debug) first
#   BECAUSE_BIN=path/to/because scripts/browser-test.sh
#
# Exits non-zero on any failure; the last line is `browser: N passed, M failed`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
out="${BROWSER_TEST_OUT:-$root/target/browser-test}"

if [ ! -x /usr/bin/chromium ]; then
  echo "browser-test: installing chromium" >&2
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

(cd "$root/tests/browser" && npm ci --no-audit --no-fund --loglevel=error)

if [ -z "${BECAUSE_BIN:-}" ]; then
  (cd "$root" && cargo build --quiet)
  BECAUSE_BIN="$target/debug/because"
fi

rm -rf "$out"
mkdir -p "$out"
repo="$out/repo"
mkdir -p "$repo/docs/decisions"
cd "$repo"
git init -q -b main
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_COMMITTER_NAME="CI" GIT_COMMITTER_EMAIL="ci@example.com"
export BECAUSE_NOW="2026-03-01T12:00:00Z"

commit() { # author date message
  git add -A
  GIT_COMMITTER_DATE="$2" git commit -q --author "$1" --date "$2" -m "$3"
}

cat > because.toml <<'TOML'
[site]
title = "Acme decision records"

[people]
"@sam" = { name = "Sam Rivera", email = "sam@example.com" }
TOML

write() { cat > "docs/decisions/$1"; }

write 0001-record-architecture-decisions.md <<'MD'
---
status: accepted
date: 2025-01-06
decision-maker: "@sam"
decided: 2025-01-06
---
# Record architecture decisions

## Context

We need to remember why things are the way they are.

## Decision

We keep decision records in `docs/decisions/`, one Markdown file each.

## Consequences

New people can read the history of our thinking.
MD
commit "Sam Rivera <sam@example.com>" 2025-01-06T10:00:00Z "Start recording decisions"

write 0002-use-postgresql-for-events.md <<'MD'
---
status: accepted
date: 2025-02-03
decision-maker: "@sam"
consulted: ["@alex"]
decided: 2025-02-10
tags: [db]
---
# Use PostgreSQL for events

## Context

The event store needs durable, ordered writes.

## Decision

We will store events in **PostgreSQL**, one table per aggregate.

```mermaid
flowchart LR
  api[API] --> store[(PostgreSQL)]
  store --> projector[Projector]
```

## Consequences

- [x] schema written
- [ ] partitioning
MD
commit "Alex Kim <alex@example.com>" 2025-02-03T09:30:00Z "Propose PostgreSQL for events"

write 0003-use-cockroachdb.md <<'MD'
---
status: proposed
date: 2025-09-01
decision-maker: "@sam"
consulted: ["@alex", "@jordan"]
tags: [db, scale]
supersedes: [2]
---
# Use CockroachDB

## Context

PostgreSQL ([0002](0002-use-postgresql-for-events.md)) does not scale writes across regions.

| option | regions | cost |
|---|---|---|
| PostgreSQL | 1 | low |
| CockroachDB | many | high |

## Decision

We will move the event store to CockroachDB.[^bench]

[^bench]: After the benchmark in Q3.

## Consequences

Migration work for two quarters.
MD
sed -i 's/^status: accepted$/status: superseded/; s/^tags: \[db\]$/tags: [db]\nsuperseded-by: [3]/' docs/decisions/0002-use-postgresql-for-events.md
commit "Jordan Lee <jordan@example.com>" 2025-09-01T14:00:00Z "Propose CockroachDB"
sed -i 's/^status: proposed$/status: accepted\ndecided: 2025-09-15/' docs/decisions/0003-use-cockroachdb.md
commit "Sam Rivera <sam@example.com>" 2025-09-15T16:00:00Z "Accept CockroachDB"

write 0004-adopt-event-sourcing.md <<'MD'
---
kind: rfc
status: proposed
date: 2026-02-20
decision-maker: "@alex"
consulted: ["@sam"]
informed: ["#backend"]
deadline: 2026-03-05T09:00:00-08:00[America/Los_Angeles]
tags: [architecture]
relates-to: [3]
---
# Adopt event sourcing for billing

## Context

Billing needs an audit trail: an append-only ledger of every change.

## Proposal

Model invoices as streams of events.

## Alternatives considered

Audit tables written by triggers.
MD
write 0005-drop-the-soap-api.md <<'MD'
---
status: rejected
date: 2025-11-02
decision-maker: "@jordan"
decided: 2025-11-20
tags: [api]
---
# Drop the SOAP API

## Context

Three customers still call it.

## Decision

Rejected: we keep it until the contracts end.

<script>alert("records never run script")</script>
MD
write 0006-cursor-pagination.md <<'MD'
---
kind: rfc
status: accepted
date: 2025-12-01
decision-maker: "@jordan"
consulted: ["@sam"]
decided: 2025-12-12
tags: [api]
---
# Cursor pagination for the public API

## Context

Offsets get slow past page 1000.

## Proposal

Opaque cursors.

## Alternatives considered

Keyset pagination.
MD
write 0007-xml-configuration.md <<'MD'
---
status: deprecated
date: 2024-05-01
decision-maker: "Pat Old"
decided: 2024-05-02
---
# XML configuration files

## Context

Everything was XML then.

## Decision

Configuration is XML.
MD
commit "Alex Kim <alex@example.com>" 2026-02-20T11:00:00Z "Add more records"

"$BECAUSE_BIN" build --out "$out/site"
(cd "$root/tests/browser" && node run.mjs "$out/site" "$out")

# Live preview: `because serve` on a free loopback port, driven while a record is edited.
"$BECAUSE_BIN" serve --no-history > "$out/serve.log" 2>&1 &
serve_pid=$!
trap 'kill "$serve_pid" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  url="$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$out/serve.log" || true)"
  [ -n "$url" ] && break
  sleep 0.2
done
if [ -z "$url" ]; then
  echo "browser-test: because serve printed no address:" >&2
  cat "$out/serve.log" >&2
  exit 1
fi
(cd "$root/tests/browser" && node serve.mjs "$url" "$repo" "$out")
