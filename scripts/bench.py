#!/usr/bin/env python3
"""Benchmark `because` end to end on generated corpora and print medians and ratios.

usage: scripts/bench.py [--sizes 1000,10000] [--runs 5] [--no-build] [--peers]

For each size N it generates (once, cached under $CARGO_TARGET_DIR/bench/ or target/bench/) a Git repository with N
records and 2N commits (examples/gen-corpus), then times whole processes with hyperfine
(installed from Debian's packages if missing): `cat` of every record file as the floor,
`because list`, `because check`, `because new --no-edit`, `because build --no-history` and
`because build` (with Git history), the latter twice: with the history cache a previous
build left in the repository's git dir, and with it removed first (a first build). Peak
memory comes from GNU time. The table gives each
command's median, its ratio to the `cat` floor, its peak memory, and the target from the
performance issue.

With --peers it compares `because` with the closest peer, the Rust `adrs` crate (installed
with `cargo install --locked --root target/bench/peers` when missing), side by side on two
corpora it generates: the adr-tools body format and YAML front matter (`adrs --ng`). Each
operation runs for both tools in one hyperfine call, so machine drift hits both alike; the
table gives both medians, the ratio, and both peak memories.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Cargo's own rule: CARGO_TARGET_DIR, relative to the working directory, else ROOT/target.
TARGET = os.path.abspath(os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target"))
BENCH = os.path.join(TARGET, "bench")
BECAUSE = os.path.join(TARGET, "release", "because")
GEN = os.path.join(TARGET, "release", "examples", "gen-corpus")


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def ensure_tools():
    missing = [t for t in ("hyperfine",) if shutil.which(t) is None]
    if not os.path.exists("/usr/bin/time"):
        missing.append("time")
    if missing:
        print(f"installing {', '.join(missing)} from Debian's packages", file=sys.stderr)
        run(["apt-get", "update", "-qq"])
        run(["apt-get", "install", "-y", "-qq"] + missing)


def build():
    run(["cargo", "build", "--release", "--quiet", "--bin", "because", "--example", "gen-corpus"], cwd=ROOT)


def corpus(n):
    path = os.path.join(BENCH, f"corpus-{n}")
    if not os.path.isdir(os.path.join(path, ".git")):
        shutil.rmtree(path, ignore_errors=True)
        run([GEN, "--records", str(n), "--commits", str(2 * n), path])
    return path


# A code file of the corpus (examples/gen-corpus: src/<area>/module<i>.rs).
WHY_FILE = "src/billing/module0.rs"


def change_of(repo, files):
    """The nearest `HEAD~k` whose diff with HEAD touches at least `files` code files (record
    files are not code: `why --changed` leaves them out), and that count."""
    for k in range(5, 2000, 5):
        out = subprocess.run(["git", "diff", "--name-only", f"HEAD~{k}", "HEAD"], cwd=repo,
                             capture_output=True, text=True, check=True).stdout
        count = len([f for f in out.splitlines() if not f.startswith("docs/decisions/")])
        if count >= files:
            return f"HEAD~{k}", count
    return "HEAD~2000", count


def has_verb(verb):
    return subprocess.run([BECAUSE, verb, "--help"], capture_output=True).returncode == 0


def median_seconds(command, cwd, runs, prepare=None):
    return medians_side_by_side([command], cwd, runs, prepare)[0]


def peak_mib(command, cwd):
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", "sh", "-c", command + " >/dev/null 2>&1"],
                          cwd=cwd, capture_output=True, text=True)
    return int(proc.stderr.strip().splitlines()[-1]) / 1024


def bench(n, runs):
    repo = corpus(n)
    env_now = "BECAUSE_NOW=2026-01-01T00:00:00Z "
    clean_new = "git clean -fdq docs/decisions"
    clear_cache = "rm -rf .git/because"
    rev, changed = change_of(repo, 50)
    # (label, command, verb, prepare, cleanup, target): `prepare` runs before each timed run
    # and before the memory run, `cleanup` after the memory run. A first build clears the
    # caches before it but leaves what it built, so the `why` rows run with the history
    # cache warm, as the issue sets their targets.
    cases = [
        ("cat (floor)", "cat docs/decisions/*.md", None, None, None, None),
        ("because list", f"{BECAUSE} list", "list", None, None, "≤ 3× floor"),
        ("because check", f"{env_now}{BECAUSE} check", "check", None, None, "≤ 3× floor"),
        ("because new --no-edit", f"{BECAUSE} new --no-edit 'Bench record'", "new", clean_new, clean_new, "< 50 ms"),
        ("because build --no-history", f"{env_now}{BECAUSE} build --no-history --out {BENCH}/site-{n}", "build", None, None, "≤ 10× floor"),
        ("because build (history)", f"{env_now}{BECAUSE} build --out {BENCH}/site-{n}", "build", None, None, "< 5 s, < 500 MiB"),
        ("  first build (no cache)", f"{env_now}{BECAUSE} build --out {BENCH}/site-{n}", "build", clear_cache, None, "< 5 s, < 500 MiB"),
        ("because why FILE", f"{BECAUSE} why {WHY_FILE}", "why", None, None, "< 300 ms"),
        ("because why FILE:LINE", f"{BECAUSE} why {WHY_FILE}:5", "why", None, None, None),
        (f"because why --changed ({changed} code files)", f"{BECAUSE} why --changed --against {rev}", "why", None, None, "< 500 ms"),
    ]
    rows = []
    floor = None
    for label, command, verb, prepare, cleanup, target in cases:
        if verb and not has_verb(verb):
            rows.append((label, None, None, None, target))
            continue
        seconds = median_seconds(command, repo, runs, prepare)
        if prepare:
            subprocess.run(["sh", "-c", prepare], cwd=repo)
        memory = peak_mib(command, repo)
        if cleanup:
            subprocess.run(["sh", "-c", cleanup], cwd=repo)
        floor = floor or seconds
        rows.append((label, seconds, seconds / floor, memory, target))
    return rows


PEERS = os.path.join(BENCH, "peers")
ADRS = os.path.join(PEERS, "bin", "adrs")
BODY = ("We weigh the options against throughput, operability and what the team knows. " * 60).strip()


def ensure_adrs():
    if not os.path.exists(ADRS):
        print("installing adrs from crates.io (once)", file=sys.stderr)
        run(["cargo", "install", "--locked", "--quiet", "--root", PEERS, "adrs"])


def peer_record(n, front_matter):
    status = ["Accepted", "Proposed", "Superseded", "Deprecated"][n % 4]
    title = f"Decision number {n} about service {n % 97}"
    date = f"20{18 + n % 8}-{1 + n % 12:02}-{1 + n % 28:02}"
    body = (f"# {n}. {title}\n\nDate: {date}\n\n## Status\n\n{status}\n\n## Context\n\n{BODY}\n\n"
            f"## Decision\n\n{BODY}\n\n## Consequences\n\n{BODY}\n")
    if front_matter:
        head = f"---\nnumber: {n}\ntitle: {title}\ndate: {date}\nstatus: {status.lower()}\n---\n\n"
        body = head + body
    return f"{n:04}-decision-number-{n}-about-service-{n % 97}.md", body


def peer_corpus(n, front_matter):
    """A corpus both tools read: `doc/adr` (adr-tools' default), named for because in because.toml."""
    kind = "front-matter" if front_matter else "adr-tools"
    path = os.path.join(BENCH, f"peers-{kind}-{n}")
    records = os.path.join(path, "doc", "adr")
    if os.path.isdir(records) and len(os.listdir(records)) == n:
        return path
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(records)
    for i in range(1, n + 1):
        name, text = peer_record(i, front_matter)
        with open(os.path.join(records, name), "w") as f:
            f.write(text)
    with open(os.path.join(path, ".adr-dir"), "w") as f:
        f.write("doc/adr\n")
    with open(os.path.join(path, "because.toml"), "w") as f:
        f.write('records-dir = "doc/adr"\n')
    if front_matter:
        with open(os.path.join(path, "adrs.toml"), "w") as f:
            f.write('adr_dir = "doc/adr"\nmode = "ng"\n')
    run(["git", "init", "-q", path])
    run(["git", "-C", path, "add", "-A"])
    run(["git", "-C", path, "-c", "user.name=Bench", "-c", "user.email=bench@example.com",
         "commit", "-q", "-m", "corpus"])
    return path


def medians_side_by_side(commands, cwd, runs, prepare=None, findings_ok=False):
    """Median seconds of each command, measured in one hyperfine run (interleaved warmups).

    A non-zero exit is a failure unless `findings_ok` (a checker reporting what it found)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        cmd = ["hyperfine", "--style", "none", "--warmup", "1", "--runs", str(runs),
               "--export-json", out.name, "--ignore-failure"]
        if prepare:
            cmd += ["--prepare", prepare]
        run(cmd + commands, cwd=cwd, stdout=subprocess.DEVNULL)
        results = json.load(open(out.name))["results"]
        for r in results:
            # A command that fails fast would look fast: say so beside the figure.
            if not findings_ok and any(code != 0 for code in r.get("exit_codes", [])):
                print(f"warning: `{r['command']}` exited non-zero; its time is not a success's",
                      file=sys.stderr)
        return [r["median"] for r in results]


def bench_peers(n, runs):
    ensure_adrs()
    reset = "git checkout -q -- doc/adr && git clean -fdq doc/adr"
    rows = []
    for front_matter in (False, True):
        repo = peer_corpus(n, front_matter)
        ng = "--ng " if front_matter else ""
        kind = "front matter" if front_matter else "adr-tools"
        cases = [
            (f"list ({kind})", f"{BECAUSE} list", f"{ADRS} {ng}list -l", None),
            (f"check / doctor ({kind})", f"{BECAUSE} check", f"{ADRS} {ng}doctor", None),
        ]
        # because edits only records with front matter (an adr-tools record is migrated
        # first), so the writers are compared on that corpus alone.
        if front_matter:
            cases += [
                (f"link 6 amends 5 ({kind})", f"{BECAUSE} link 6 amends 5", f"{ADRS} {ng}link 6 Amends 5 'Amended by'", reset),
                # 0005 is proposed (see peer_record), so accepting it is a move both tools make.
                (f"status 5 accepted ({kind})", f"{BECAUSE} status 5 accepted --decision-maker @a", f"{ADRS} {ng}status 5 accepted", reset),
            ]
        floor = median_seconds("cat doc/adr/*.md", repo, runs)
        rows.append((f"cat floor ({kind})", floor, None, None, None))
        for label, ours, theirs, prepare in cases:
            a, b = medians_side_by_side([ours, theirs], repo, runs, prepare,
                                        findings_ok=label.startswith("check"))
            mem = (peak_mib(ours, repo), peak_mib(theirs, repo))
            subprocess.run(["sh", "-c", reset], cwd=repo)
            rows.append((label, a, b, mem[0], mem[1]))
    return rows


def print_peers(n, runs, rows):
    print(f"\nN = {n:,} records, because vs adrs {runs} runs each, interleaved")
    print(f"{'operation':<36} {'because':>9} {'adrs':>9} {'ratio':>7} {'MiB':>7} {'adrs MiB':>9}")
    for label, ours, theirs, mem, peer_mem in rows:
        if theirs is None:
            print(f"{label:<36} {ours * 1000:>7.1f}ms")
            continue
        print(f"{label:<36} {ours * 1000:>7.1f}ms {theirs * 1000:>7.1f}ms {ours / theirs:>6.2f}× {mem:>7.1f} {peer_mem:>9.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-build", action="store_true",
                        help="time the binaries already in the target directory (e.g. an older build)")
    parser.add_argument("--peers", action="store_true",
                        help="compare with the adrs crate on adr-tools and front-matter corpora")
    args = parser.parse_args()
    ensure_tools()
    if not args.no_build:
        build()
    os.makedirs(BENCH, exist_ok=True)
    for n in [int(s) for s in args.sizes.split(",")]:
        if args.peers:
            print_peers(n, args.runs, bench_peers(n, args.runs))
            continue
        rows = bench(n, args.runs)
        print(f"\nN = {n:,} records, {2 * n:,} commits (median of {args.runs} runs)")
        print(f"{'command':<28} {'median':>9} {'× floor':>8} {'peak MiB':>9}  target")
        for label, seconds, ratio, memory, target in rows:
            if seconds is None:
                print(f"{label:<28} {'n/a':>9} {'':>8} {'':>9}  {target or ''} (verb not built yet)")
                continue
            print(f"{label:<28} {seconds * 1000:>7.1f}ms {ratio:>7.2f}× {memory:>9.1f}  {target or ''}")


if __name__ == "__main__":
    main()
