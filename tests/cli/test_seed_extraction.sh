#!/usr/bin/env bash
# Every with/without snippet and the metadata of ../shared/seeds-expect.json
# hold for `lede extract --json` on the seed pages.
. "$(dirname "$0")/lib.sh"

(cd "$SHARED/seeds" && "$LEDE" extract --json *.txt) >"$WORK/seeds.jsonl"
python3 - "$SHARED/seeds-expect.json" "$WORK/seeds.jsonl" <<'PY'
import json, sys

def norm(s):
    # Apostrophes and quotes differ between scrapes; compare them folded.
    return (s or "").replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')

expect = json.load(open(sys.argv[1]))["articles"]
got = {}
for line in open(sys.argv[2], encoding="utf-8"):
    d = json.loads(line)
    got[d["file"]] = d
for name, e in sorted(expect.items()):
    g = got.get(name)
    if g is None:
        print(f"FAIL: {name} extracted")
        continue
    text = norm(g["text"])
    for snippet in e["with"]:
        ok = norm(snippet) in text
        print(f"{'PASS' if ok else 'FAIL'}: {name} keeps \"{snippet[:50]}\"")
    for snippet in e["without"]:
        ok = norm(snippet) not in text
        print(f"{'PASS' if ok else 'FAIL'}: {name} drops \"{snippet[:50]}\"")
    checks = [
        ("title", e["title"], g["title"]),
        ("outlet", e["outlet"], g["outlet"]),
        ("author", e["author"], (g["authors"] or [None])[0]),
        ("published", e["published"], (g["published"] or "")[:10] or None),
    ]
    for field, want, have in checks:
        ok = want == have
        print(f"{'PASS' if ok else 'FAIL'}: {name} {field} is {want!r}" + ("" if ok else f" (got {have!r})"))
PY
finish
