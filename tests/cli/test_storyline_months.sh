#!/usr/bin/env bash
# Storylines over months: the seed pages with the dates they were published
# (the Reuters interview, 002, came fourteen months after the others), added
# as the news came, with other news between: the interview opens an event of
# its own in the same storyline.  A story that shares only a name does not.
. "$(dirname "$0")/lib.sh"
python3 - "$SHARED/seeds" "$WORK" <<'PY'
import json, os, sys
seeds, work = sys.argv[1], sys.argv[2]
dates = {"000": "2018-03-05T10:00:00Z", "001": "2018-03-05T14:00:00Z", "003": "2018-03-06T08:00:00Z",
         "004": "2018-03-06T12:00:00Z", "002": "2019-05-24T09:00:00Z"}
for name in sorted(os.listdir(seeds)):
    key = name[:3]
    with open(os.path.join(seeds, name), encoding="utf-8") as f:
        record = {"id": key, "published": dates[key], "text": f.read()}
    batch = "late.jsonl" if key == "002" else "early.jsonl"
    with open(os.path.join(work, batch), "a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")
PY
cat >"$WORK/between.jsonl" <<'JSONL'
{"id": "orchard", "published": "2018-06-01T09:00:00Z", "title": "Orchard growers report record apple harvest", "text": "Orchard growers in the valley reported a record apple harvest, with cooperatives storing twice the usual crop and prices falling at the markets."}
{"id": "ferry", "published": "2018-11-20T09:00:00Z", "title": "Ferry operator orders two electric vessels", "text": "The harbour ferry operator ordered two electric vessels from a northern shipyard, to enter service next spring."}
{"id": "xiaomi-fans", "published": "2019-02-10T09:00:00Z", "title": "Fan club meets in Madrid", "text": "A fan club of Xiaomi owners met in Madrid on Sunday to swap stickers and play board games, the organisers said."}
JSONL
storyline_of() {
	sqlite3 "$LEDE_DB" "SELECT st.storyline FROM stories st JOIN story_articles s ON s.story_id = st.id JOIN articles a ON a.id = s.article_id WHERE a.external_id = '$1'"
}
story_of() {
	sqlite3 "$LEDE_DB" "SELECT s.story_id FROM story_articles s JOIN articles a ON a.id = s.article_id WHERE a.external_id = '$1'"
}
for batch in early between late; do
	status=$(run "$LEDE" add "$WORK/$batch.jsonl")
	expect_eq "the $batch news is added" 0 "$status"
done
first=$(storyline_of 000)
expect_eq "000, 001, 003 and 004 are one event" "$(story_of 000) $(story_of 000) $(story_of 000)" "$(story_of 001) $(story_of 003) $(story_of 004)"
expect_eq "the interview fourteen months later is an event of its own" 1 "$([ "$(story_of 002)" != "$(story_of 000)" ] && echo 1)"
expect_eq "the five seeds are one storyline" "$first" "$(storyline_of 002)"
expect_eq "a story that only names Xiaomi is not in it" 1 "$([ "$(storyline_of xiaomi-fans)" != "$first" ] && echo 1)"
status=$(run "$LEDE" check)
expect_eq "the store checks clean" 0 "$status"
finish
