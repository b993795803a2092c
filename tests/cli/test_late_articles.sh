#!/usr/bin/env bash
# A late article (published before the live window, added after its story
# froze) joins that story: the clusterer brings the frozen story back from
# the store instead of opening a second story for the same event.
. "$(dirname "$0")/lib.sh"
cat >"$WORK/first.jsonl" <<'JSONL'
{"id": "bridge-1", "outlet": "Eastbrook Gazette", "published": "2024-05-01T09:00:00Z", "title": "Harrow Bridge shut after inspectors find cracks in main span", "text": "Eastbrook closed the Harrow Bridge on Tuesday after city inspectors found cracks in the steel of its main span. Chief engineer Mara Voss said the crossing would stay closed for at least three weeks while crews assess the damage."}
{"id": "bridge-2", "outlet": "Northwind", "published": "2024-05-01T11:00:00Z", "title": "Cracked steel closes Harrow Bridge for weeks", "text": "Engineers have found cracks in the main span of the Harrow Bridge, and Eastbrook shut the crossing to all traffic. Mara Voss, the city's chief engineer, told reporters the repairs could take three weeks."}
{"id": "day-2", "outlet": "Coastline Daily", "published": "2024-05-02T09:00:00Z", "title": "Storm Petra floods harbour towns", "text": "Storm Petra pushed seawater into the streets of Saltmere overnight. Forecaster Tomas Grieg said gusts reached 110 kilometres an hour."}
{"id": "day-3", "outlet": "Capital Observer", "published": "2024-05-03T09:00:00Z", "title": "Valdoria central bank raises interest rate", "text": "The Central Bank of Valdoria raised its main interest rate by half a point. Governor Ilse Brandt said food and energy prices had not cooled."}
{"id": "day-4", "outlet": "Valley Ledger", "published": "2024-05-04T09:00:00Z", "title": "Orchard growers report record apple harvest", "text": "Orchard growers in the valley reported a record apple harvest, with cooperatives storing twice the usual crop."}
{"id": "day-5", "outlet": "Daily Beacon", "published": "2024-05-05T09:00:00Z", "title": "Chess club wins regional tournament", "text": "The town chess club won the regional tournament after its youngest player drew the final game against the champion."}
{"id": "day-6", "outlet": "Westmoor Times", "published": "2024-05-06T09:00:00Z", "title": "Museum reopens its restored glass gallery", "text": "The Westmoor museum reopened its glass gallery after two years of restoration, with a collection of medieval windows."}
{"id": "day-8", "outlet": "Tri-County Herald", "published": "2024-05-08T09:00:00Z", "title": "Marathon draws eleven thousand runners", "text": "Eleven thousand runners took part in the Kettle Cove marathon, won by a schoolteacher in two hours and nine minutes."}
{"id": "day-10", "outlet": "Harbor City Courier", "published": "2024-05-10T09:00:00Z", "title": "Ferry operator orders two electric vessels", "text": "The harbour ferry operator ordered two electric vessels from a northern shipyard, to enter service next spring."}
{"id": "day-12", "outlet": "Eastbrook Gazette", "published": "2024-05-12T09:00:00Z", "title": "Library extends its weekend opening hours", "text": "The city library will open on Sundays from June, after volunteers offered to staff the reading rooms."}
JSONL
cat >"$WORK/late.jsonl" <<'JSONL'
{"id": "bridge-late", "outlet": "Valley Ledger", "published": "2024-05-01T15:00:00Z", "title": "Harrow Bridge closure: commuters face weeks of detours", "text": "Commuters in Eastbrook face three weeks of detours after the Harrow Bridge was closed because of cracks in its main span. The city's chief engineer, Mara Voss, said inspectors found the cracks during a routine check."}
JSONL
story_of() {
	sqlite3 "$LEDE_DB" "SELECT s.story_id FROM story_articles s JOIN articles a ON a.id = s.article_id WHERE a.external_id = '$1'"
}
status=$(run "$LEDE" add "$WORK/first.jsonl")
expect_eq "the first ten days are added" 0 "$status"
bridge=$(story_of bridge-1)
expect_eq "the two bridge reports share a story" "$bridge" "$(story_of bridge-2)"
stories=$(sqlite3 "$LEDE_DB" 'SELECT count(*) FROM stories')
status=$(run "$LEDE" add "$WORK/late.jsonl")
expect_eq "the late report is added" 0 "$status"
expect_eq "the late report joins the frozen bridge story" "$bridge" "$(story_of bridge-late)"
expect_eq "no story is opened for it" "$stories" "$(sqlite3 "$LEDE_DB" 'SELECT count(*) FROM stories')"
status=$(run "$LEDE" story "$bridge")
expect_eq "lede story shows the story" 0 "$status"
expect_contains "the story counts three outlets" "$WORK/out" "3 outlets|outlets: 3|\"outlets\": ?3"
status=$(run "$LEDE" check)
expect_eq "the store checks clean" 0 "$status"
finish
