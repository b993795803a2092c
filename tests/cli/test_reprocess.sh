#!/usr/bin/env bash
# `lede reprocess` re-extracts every article and rebuilds the stories from
# the new extractions: the same pages give the same stories as a fresh add.
. "$(dirname "$0")/lib.sh"
members() { # one line per story: its articles' sources, sorted
	sqlite3 "$LEDE_DB" "SELECT group_concat(source, ' ') FROM (SELECT s.story_id, a.source FROM story_articles s JOIN articles a ON a.id = s.article_id ORDER BY s.story_id, a.source) GROUP BY story_id" | sort
}
status=$(run "$LEDE" add "$ROOT/examples/corpus")
expect_eq "the sample corpus is added" 0 "$status"
members >"$WORK/before"
stories=$(sqlite3 "$LEDE_DB" 'SELECT count(*) FROM stories')
# Damage the derived rows: reprocessing must rebuild them from the articles.
sqlite3 "$LEDE_DB" "DELETE FROM story_articles; UPDATE stories SET articles = 0"
status=$(run "$LEDE" reprocess)
expect_eq "reprocess exits 0" 0 "$status"
members >"$WORK/after"
expect_golden "reprocessing rebuilds the same stories" "$WORK/before" "$WORK/after"
expect_eq "no story is left over" "$stories" "$(sqlite3 "$LEDE_DB" 'SELECT count(*) FROM stories')"
expect_eq "every article is in a story or is not an article" 0 \
	"$(sqlite3 "$LEDE_DB" "SELECT count(*) FROM articles WHERE page_type = 'article' AND id NOT IN (SELECT article_id FROM story_articles)")"
status=$(run "$LEDE" add "$ROOT/examples/corpus")
expect_eq "adding the same pages after reprocess finds duplicates only" 0 "$status"
expect_contains "no article is added twice" "$WORK/out" "^added 0,"
finish
