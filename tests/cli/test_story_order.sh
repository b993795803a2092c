#!/usr/bin/env bash
# Within a batch, articles reach the clusterer in published-time order; an
# undated one keeps its place after the dated article that arrived before it.
. "$(dirname "$0")/lib.sh"
cat >"$WORK/batch.jsonl" <<'JSONL'
{"id": "late", "title": "Orchard growers report record apple harvest", "published": "2024-05-03T09:00:00Z", "text": "Orchard growers in the valley reported a record apple harvest this autumn, with cooperatives storing twice the usual crop and prices falling at the markets."}
{"id": "undated", "title": "Chess club wins regional tournament", "text": "The town chess club won the regional tournament on Sunday after its youngest player drew the final game against the defending champion."}
{"id": "early", "title": "Bridge repairs close the river road", "published": "2024-05-01T09:00:00Z", "text": "Repairs to the old stone bridge closed the river road for three weeks, and buses now take the northern route through the industrial estate."}
JSONL
status=$(run "$LEDE" add "$WORK/batch.jsonl")
expect_eq "the batch is added" 0 "$status"
order=$(sqlite3 "$LEDE_DB" 'SELECT a.external_id FROM articles a JOIN story_articles s ON s.article_id = a.id ORDER BY s.story_id' | tr '\n' ' ')
expect_eq "stories open in published-time order, the undated one after its predecessor" "early late undated " "$order"
finish
