#!/usr/bin/env bash
# Copies: exact and near copies of the sample corpus are grouped under their
# canonical; no two seeds are copies; groups survive reopening the store.
. "$(dirname "$0")/lib.sh"

"$LEDE" add "$SHARED/seeds" >/dev/null
expect_eq "no two seeds are copies of each other" 0 "$("$LEDE" dups --json | wc -l)"

export LEDE_DB="$WORK/examples.db"
"$LEDE" add "$ROOT/examples/corpus" >/dev/null
"$LEDE" dups --json >"$WORK/groups"
python3 - "$WORK/groups" "$ROOT/examples/MANIFEST.tsv" <<'PY'
import csv, json, sys
groups = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8"), delimiter="\t"))
copies = [r for r in rows if r["copy_kind"]]
def check(name, ok):
    print(("PASS: " if ok else "FAIL: ") + name)
members = sum(len(g["members"]) for g in groups)
check(f"every copy in the manifest is in a group ({len(copies)} copies, {members} members)", members == len(copies))
titles = {r["title"]: r for r in rows}
for g in groups:
    canonical = g["canonical"]
    for m in g["members"]:
        check(f"member {m['id']} has a relation", m["relation"] in ("exact", "near", "contains", "contained-in"))
check("an exact copy is told as exact", any(m["relation"] == "exact" for g in groups for m in g["members"]))
PY

# Reopening: a new reprint of a stored wire story joins its group.
python3 - "$ROOT/examples/corpus/html/northwind-westmoor-election.html" "$WORK/reprint.html" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
html = re.sub(r"<title>.*?</title>", "<title>Election night: Solberg wins | The Reprint Gazette</title>", html, flags=re.S)
html = re.sub(r'property="og:site_name" content="[^"]*"', 'property="og:site_name" content="The Reprint Gazette"', html)
html = re.sub(r'property="og:url" content="[^"]*"', 'property="og:url" content="https://reprint.example/solberg"', html)
html = re.sub(r'<link rel="canonical" href="[^"]*"', '<link rel="canonical" href="https://reprint.example/solberg"', html)
open(sys.argv[2], "w", encoding="utf-8").write(html)
PY
"$LEDE" add "$WORK/reprint.html" >/dev/null
id=$(sqlite3 "$LEDE_DB" "SELECT id FROM articles WHERE source LIKE '%reprint.html'")
"$LEDE" article "$id" --json >"$WORK/reprint.json"
expect_contains "a reprint added after reopening is a copy" "$WORK/reprint.json" '"relation": *"(exact|near|contains|contained-in)"'
finish
