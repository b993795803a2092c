#!/usr/bin/env bash
# Two pages that carry the same bridge report beside other news are stories
# of their own until a later brief, the bridge report alone, makes their copy
# groups one: their stories then become one too (a recorded merge), so that
# every copy stands in its canonical's story and lede check finds nothing.
. "$(dirname "$0")/lib.sh"
python3 - "$WORK" <<'PY'
import json, os, sys
work = sys.argv[1]
bridge = ["Eastbrook closed the Harrow Bridge on Tuesday after city inspectors found cracks in the steel of its main span, and the council said the crossing would stay shut for at least three weeks while engineers assess the damage to the structure.",
          "Chief engineer Mara Voss told reporters that the cracks were found during a routine inspection of the welds under the deck, and that crews would install temporary supports before any decision on repairs is taken by the city.",
          "Commuters were told to use the ferry or the northern ring road, and bus operators said they would add extra services on the routes that cross the river further north until the bridge reopens to traffic."]
storm = ["Storm Petra hit the harbour of Saltmere overnight; in the %s district seawater reached the doors of shops, forecaster Tomas Grieg said, and coastguard crews moved families from the low streets to the sports hall before dawn." % w
         for w in "north south east west upper lower old new middle outer".split()]
vote = ["Karin Solberg won the %s county by a wide margin in the governor's race, according to official results, as turnout rose and her rival Brennick conceded in a short speech to supporters in the town hall." % w
        for w in "Ash Birch Cedar Dale Elm Fern Glen Heath Ivy Juniper".split()]
pages = [{"id": "storm-page", "published": "2024-05-01T09:00:00Z", "title": "Storm Petra floods Saltmere", "text": "\n\n".join(storm + bridge)},
         {"id": "vote-page", "published": "2024-05-01T10:00:00Z", "title": "Solberg wins the governor's race", "text": "\n\n".join(vote + bridge)}]
brief = {"id": "bridge-brief", "published": "2024-05-01T12:00:00Z", "title": "Harrow Bridge shut after cracks found", "text": "\n\n".join(bridge)}
with open(os.path.join(work, "pages.jsonl"), "w") as f:
    f.write("".join(json.dumps(p) + "\n" for p in pages))
with open(os.path.join(work, "brief.jsonl"), "w") as f:
    f.write(json.dumps(brief) + "\n")
PY
story_of() {
	sqlite3 "$LEDE_DB" "SELECT s.story_id FROM story_articles s JOIN articles a ON a.id = s.article_id WHERE a.external_id = '$1'"
}
status=$(run "$LEDE" add "$WORK/pages.jsonl")
expect_eq "the two pages are added" 0 "$status"
expect_eq "they are stories of their own" 1 "$([ "$(story_of storm-page)" != "$(story_of vote-page)" ] && echo 1)"
status=$(run "$LEDE" add "$WORK/brief.jsonl")
expect_eq "the brief is added" 0 "$status"
expect_eq "the brief makes one copy group of the three" 2 "$(sqlite3 "$LEDE_DB" 'SELECT count(*) FROM articles WHERE duplicate_of != 0')"
expect_eq "their stories are one" "$(story_of storm-page) $(story_of storm-page)" "$(story_of vote-page) $(story_of bridge-brief)"
expect_eq "the merge is recorded" 1 "$(sqlite3 "$LEDE_DB" "SELECT count(*) FROM story_merges WHERE kind = 'events'")"
expect_eq "one story is left" 1 "$(sqlite3 "$LEDE_DB" 'SELECT count(*) FROM stories')"
status=$(run "$LEDE" check)
expect_eq "the store checks clean" 0 "$status"
finish
