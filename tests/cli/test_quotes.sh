#!/usr/bin/env bash
# `lede quotes` finds the seeds' quotations with their speakers and relays,
# and keeps offsets into a JSONL record's text exact.
. "$(dirname "$0")/lib.sh"

"$LEDE" quotes --json "$SHARED/seeds" >"$WORK/seeds.jsonl"
expect_eq "one line per seed" 5 "$(wc -l <"$WORK/seeds.jsonl")"
python3 - "$WORK/seeds.jsonl" <<'PY'
import json, sys
quotes = {}
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    quotes[d["id"].rsplit("/", 1)[-1][:3]] = d["quotes"]
def check(name, ok):
    print(("PASS: " if ok else "FAIL: ") + name)
def find(seed, words):
    return [q for q in quotes[seed] if words in q["text"].replace("\u2019", "'")]
for seed in ("001", "003", "004"):
    q = find(seed, "We've always been considering entering the U")
    check(f"{seed}: the Lei Jun quotation is found", len(q) == 1)
    check(f"{seed}: it is Lei Jun's", bool(q) and q[0]["name"] == "Lei Jun")
    check(f"{seed}: via The Wall Street Journal", bool(q) and q[0]["via"] == "The Wall Street Journal")
for words in ("Next year we hope to be able to do something", "We see no reason for us"):
    q = find("002", words)
    check(f"002: \"{words[:20]}\" is Wang Xiang's via Reuters",
          len(q) == 1 and q[0]["name"] == "Wang Xiang" and q[0]["via"] == "Reuters")
q = find("000", "a big loss for us")
check("000: \"a big loss for us\" is Richard Yu's", len(q) == 1 and q[0]["name"] == "Richard Yu")
PY

printf '%s\n' '{"id": "r1", "text": "Caf\u00e9 owners met on Monday. \u201cWe need the bridge open,\u201d said Ana Lind, who runs the Blue Door.\n\nLind added: \u201cEvery week closed costs us customers.\u201d"}' >"$WORK/record.jsonl"
"$LEDE" quotes --json "$WORK/record.jsonl" >"$WORK/record.out"
python3 - "$WORK/record.jsonl" "$WORK/record.out" <<'PY'
import json, sys
text = json.loads(open(sys.argv[1], encoding="utf-8").readline())["text"]
out = json.loads(open(sys.argv[2], encoding="utf-8").readline())
ok = len(out["quotes"]) == 2 and all(text[q["start"]:q["end"]] == q["text"] for q in out["quotes"])
print(("PASS: " if ok else "FAIL: ") + "offsets count code points into the record's text")
ok = all(q["name"] == "Ana Lind" for q in out["quotes"])
print(("PASS: " if ok else "FAIL: ") + "a bare surname resolves to the full name")
PY
finish
