#!/usr/bin/env bash
# The seeds' digest: the Lei Jun quotation is one quotation with three
# sources via The Wall Street Journal; Wang Xiang's go via Reuters; every
# expected entity is found and "Jun" is no separate person; the agreed fact
# (late 2018 or early 2019) shows its four sources.
. "$(dirname "$0")/lib.sh"

"$LEDE" add "$SHARED/seeds" >/dev/null
story=$("$LEDE" stories --json | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["id"])')
"$LEDE" story "$story" --json >"$WORK/digest.json"
python3 - "$WORK/digest.json" "$SHARED/seeds-expect.json" <<'PY'
import json, sys
digest = json.load(open(sys.argv[1], encoding="utf-8"))
expect = json.load(open(sys.argv[2], encoding="utf-8"))["story"]
ids = {}
for article in digest["articles"]:
    ids[article["id"]] = article
def check(name, ok):
    print(("PASS: " if ok else "FAIL: ") + name)
def norm(s):
    return (s or "").replace("\u2019", "'").lower()
for q in expect["quotes"]:
    found = [d for d in digest["quotes"] if norm(q["text"]) in norm(d["text"]) or norm(d["text"]) in norm(q["text"])]
    check(f"quotation \"{q['text'][:30]}\" is one quotation", len(found) == 1)
    if found:
        d = found[0]
        check(f"  its speaker is {q['speaker']}", d["speaker"] == q["speaker"])
        check(f"  via {q['via']}", d["via"] == q["via"])
        check(f"  with {len(q['found_in'])} sources", len(d["sources"]) == len(q["found_in"]))
names = {(e["name"], e["type"]) for e in digest["entities"]}
for kind, wanted in expect["entities"].items():
    for name in wanted:
        check(f"entity {name} ({kind}) is found", (name, kind) in names)
check("\"Jun\" is not a separate person", ("Jun", "person") not in names)
agreed = [c for c in digest["claims"] if not c["disputed"] and "late 2018" in c["values"][0]["value"]
          and "early 2019" in c["values"][0]["value"]]
check("the agreed fact (late 2018 or early 2019) is found", len(agreed) >= 1)
if agreed:
    check("  with its four sources", len(agreed[0]["values"][0]["sources"]) == len(expect["agreed_fact"]["found_in"]))
check("every summary sentence names its sources", all(s["sources"] for s in digest["summary"]) and digest["summary"])
check("the timeline has each outlet once", len(digest["timeline"]) >= 3)
PY
finish
