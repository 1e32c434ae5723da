#!/usr/bin/env python3
"""Measure how well `because` reads records as teams wrote them, against ground truth.

usage: scripts/accuracy.py EVAL_DIR [--because PATH] [--verbose] [--repo NAME]

EVAL_DIR holds one folder per repository (kept outside this project: their text is other
people's), each with:
  files/           the repository's record files, verbatim, at their paths
  records-dir      one line: the records folder relative to files/
  expected.jsonl   a line per record file, read by a person: {"path", "number", "id", "title",
                   "status", "lifecycle", "created", "decision_makers", "authors",
                   "relations": [{"type", "target"}]}, null or [] where the file states nothing

Each repository is copied into a fresh Git repository, `because init` writes its config (as a
user would run it), then `because list --format json` and `because check --format json` run.
The table gives, per field, how many records read it correctly out of those whose file
states it, the figure the process issue sets its goals in; `check`'s findings are listed by
rule, since on a corpus in its own process's shape each is a possible false positive.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIELDS = ["listed", "number", "status", "date", "decision role", "authors", "relations"]
# Relation words of the processes, as the ground truth writes them, onto because's.
RELATION_WORDS = {"replaces": "supersedes", "replaced-by": "superseded-by", "obsoletes": "supersedes"}


def run(cmd, cwd, check=True):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=check)


def prepare(repo_dir, work):
    """A Git repository holding the files, initialised by `because init` as a user would."""
    shutil.copytree(os.path.join(repo_dir, "files"), work, dirs_exist_ok=True)
    env = ["-c", "user.name=Eval", "-c", "user.email=eval@example.com"]
    run(["git", "init", "-q"], work)
    run(["git", *env, "add", "-A"], work)
    run(["git", *env, "commit", "-q", "-m", "records"], work)


def because_json(because, work, args):
    out = run([because, *args, "--format", "json"], work, check=False)
    try:
        return json.loads(out.stdout or "null")
    except json.JSONDecodeError:
        sys.exit(f"{work}: `because {' '.join(args)}` printed no JSON: {out.stderr.strip()}")


def person_key(name):
    """A name as a comparison key: links, mail addresses, handles' `@` and case set aside."""
    name = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", name)
    name = re.sub(r"<[^>]*>|\([^)]*\)", "", name)
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def same_people(expected, got):
    want = {person_key(p) for p in expected} - {""}
    have = {person_key(p) for p in got} - {""}
    return bool(want) and all(any(w == h or w in h or h in w for h in have) for w in want)


def target_number(target):
    digits = re.findall(r"\d+", str(target))
    return int(digits[-1]) if digits else None


def same_relations(expected, rec):
    """Every expected relation is read: by number, or (log4brains, records with no number yet)
    as a link to the target's file."""
    numbered, links = rec.get("relations", {}), rec.get("links", [])
    for rel in expected:
        kind = RELATION_WORDS.get(rel["type"].lower(), rel["type"].lower())
        slug = os.path.splitext(os.path.basename(str(rel["target"])))[0]
        by_file = any(l["relation"] == kind and os.path.splitext(l["target"])[0] == slug for l in links)
        if not by_file and target_number(rel["target"]) not in numbered.get(kind, []):
            return False
    return True


def score(exp, rec):
    """Field → (stated in the file, read correctly) for one record."""
    if rec is None:
        return {"listed": (True, False)}
    result = {"listed": (True, True)}
    if exp.get("number") is not None:
        result["number"] = (True, rec.get("number") == int(exp["number"]))
    if exp.get("lifecycle"):
        result["status"] = (True, rec.get("status") == exp["lifecycle"])
    if exp.get("created"):
        result["date"] = (True, rec.get("date") == exp["created"])
    if exp.get("decision_makers"):
        result["decision role"] = (True, same_people(exp["decision_makers"], rec.get("decision_makers", [])))
    if exp.get("authors"):
        result["authors"] = (True, same_people(exp["authors"], rec.get("authors", [])))
    if exp.get("relations"):
        result["relations"] = (True, same_relations(exp["relations"], rec))
    return result


def find(records, path):
    norm = os.path.normpath(path)
    for rec in records:
        if os.path.normpath(rec["path"]) == norm or rec["path"].endswith("/" + norm):
            return rec
    return None


def measure(because, repo_dir, verbose, given_dir):
    expected = [json.loads(l) for l in open(os.path.join(repo_dir, "expected.jsonl")) if l.strip()]
    with tempfile.TemporaryDirectory() as work:
        prepare(repo_dir, work)
        if given_dir:
            records_dir = open(os.path.join(repo_dir, "records-dir")).read().strip()
            init, first = None, ["--dir", records_dir]
        else:
            init, first = run([because, "init"], work, check=False), []
        records = because_json(because, work, [*first, "list"]) or []
        findings = because_json(because, work, [*first, "check"]) or []
        findings = findings.get("findings", []) if isinstance(findings, dict) else findings
    totals = {f: [0, 0] for f in FIELDS}
    misses = []
    for exp in expected:
        rec = find(records, exp["path"])
        for field, (stated, right) in score(exp, rec).items():
            totals[field][0] += stated
            totals[field][1] += right
            if not right:
                misses.append((exp["path"], field, exp, rec))
    rules = Counter(f.get("rule") for f in findings)
    if verbose:
        said = init and (init.stderr.strip() or init.stdout.strip())
        print(f"--- {os.path.basename(repo_dir)}" + (f": init said: {said}" if said else ""))
        for path, field, exp, rec in misses:
            print(f"  {path}: {field}: expected {pick(exp, field)} got {pick(rec, field)}")
        for f in findings:
            print(f"  check {f.get('rule')}: {f.get('file') or f.get('path')}:{f.get('line')}: {f.get('message')}")
    return totals, rules


def pick(item, field):
    if item is None:
        return "(not listed)"
    keys = {"listed": "path", "number": "number", "status": ("lifecycle", "status", "status_raw"),
            "date": ("created", "date", "date_raw"), "decision role": "decision_makers",
            "authors": "authors", "relations": "relations"}[field]
    keys = keys if isinstance(keys, tuple) else (keys,)
    return " / ".join(repr(item[k]) for k in keys if k in item)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("eval_dir")
    parser.add_argument("--because", default=os.path.join(ROOT, "target", "release", "because"))
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--repo", help="only the repository folder of this name")
    parser.add_argument("--given-dir", action="store_true",
                        help="pass each repository's records-dir with --dir instead of running `because init`")
    args = parser.parse_args()
    repos = sorted(d for d in os.listdir(args.eval_dir)
                   if os.path.isfile(os.path.join(args.eval_dir, d, "expected.jsonl"))
                   and (args.repo is None or d == args.repo))
    grand = {f: [0, 0] for f in FIELDS}
    all_rules = Counter()
    print(f"{'repository':40} " + " ".join(f"{f:>13}" for f in FIELDS))
    for name in repos:
        totals, rules = measure(args.because, os.path.join(args.eval_dir, name), args.verbose, args.given_dir)
        all_rules.update(rules)
        for f in FIELDS:
            grand[f][0] += totals[f][0]
            grand[f][1] += totals[f][1]
        print(f"{name:40} " + " ".join(f"{cell(totals[f]):>13}" for f in FIELDS))
    print(f"{'all':40} " + " ".join(f"{cell(grand[f]):>13}" for f in FIELDS))
    print("check findings by rule: " + (", ".join(f"{r} {n}" for r, n in all_rules.most_common()) or "none"))


def cell(pair):
    stated, right = pair
    return f"{right}/{stated} {100 * right // stated}%" if stated else "-"


if __name__ == "__main__":
    main()
