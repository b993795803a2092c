#!/usr/bin/env bash
# lede check: a clean store checks clean; a store damaged with sqlite3 (search index rows
# deleted, dangling story rows, wrong counters, broken derived columns and copies) is
# reported, `--repair` fixes every finding, and a second check is clean.
. "$(dirname "$0")/lib.sh"

# The seeds check clean.
status=$(run "$LEDE" --db "$WORK/seeds.db" add "$SHARED/seeds")
expect_eq "the seeds are added" 0 "$status"
status=$(run "$LEDE" --db "$WORK/seeds.db" check)
expect_eq "the seeds' store checks clean (exit 0)" 0 "$status"
expect_contains "lede check says clean" "$WORK/out" "5 articles, 1 stories: clean"
expect_eq "a clean check prints nothing on stderr" "" "$(cat "$WORK/err")"

status=$(run "$LEDE" --db "$WORK/missing.db" check)
expect_eq "checking a missing store exits 1" 1 "$status"
expect_eq "and creates no store" "no" "$([ -e "$WORK/missing.db" ] && echo yes || echo no)"
status=$(run "$LEDE" check --bogus)
expect_eq "an unknown option is a usage error" 2 "$status"

# The sample corpus: copies and stories of several articles.
DB="$WORK/damaged.db"
status=$(run "$LEDE" --db "$DB" add "$ROOT/examples")
expect_eq "the examples are added" 0 "$status"
status=$(run "$LEDE" --db "$DB" check --json)
expect_eq "the examples' store checks clean" 0 "$status"
expect_contains "--json ends with a clean summary" "$WORK/out" '"findings":0,"repaired":0,"clean":true'
cp "$DB" "$WORK/pristine.db"

story=$(sqlite3 "$DB" 'SELECT id FROM stories ORDER BY articles DESC, id LIMIT 1')
# A story whose members are all dated: its span follows from them.
other=$(sqlite3 "$DB" "SELECT s.id FROM stories s WHERE s.id != $story AND NOT EXISTS (SELECT 1 FROM story_articles m JOIN articles a ON a.id = m.article_id WHERE m.story_id = s.id AND a.published_time = 0) ORDER BY s.id LIMIT 1")
copy=$(sqlite3 "$DB" 'SELECT min(id) FROM articles WHERE duplicate_of != 0')
loner=$(sqlite3 "$DB" 'SELECT min(id) FROM articles WHERE duplicate_of = 0 AND id NOT IN (SELECT duplicate_of FROM articles)')
sqlite3 "$DB" "
	INSERT INTO articles_fts(articles_fts, rowid, title, text) SELECT 'delete', id, title, text FROM articles WHERE id IN (1, 2);
	INSERT INTO story_articles (article_id, story_id) VALUES (99001, $story);
	INSERT INTO story_articles (article_id, story_id) VALUES (99002, 99999);
	UPDATE stories SET articles = articles + 4, outlets = 40 WHERE id = $story;
	UPDATE stories SET first_seen = 7, last_seen = 8 WHERE id = $other;
	INSERT INTO stories (id, storyline, title) VALUES (99998, 99998, 'nothing in it');
	UPDATE articles SET content_hash = 42 WHERE id = 3;
	UPDATE articles SET place_key = 'elsewhere' WHERE id = 4;
	UPDATE articles SET raw_size = 1 WHERE id = 5;
	UPDATE articles SET fingerprint = NULL WHERE id = 6;
	UPDATE articles SET duplicate_of = 98765 WHERE id = $copy;
	UPDATE articles SET relation = 'near' WHERE id = $loner;
"

status=$(run "$LEDE" --db "$DB" check)
expect_eq "the damaged store fails the check (exit 1)" 1 "$status"
cp "$WORK/err" "$WORK/findings"
expect_contains "unindexed articles are reported" "$WORK/findings" "^search: article 1 is not in the search index"
expect_contains "every unindexed article is named" "$WORK/findings" "^search: article 2 is not in the search index"
expect_contains "a row naming a missing article is reported" "$WORK/findings" "^member: story $story lists article 99001, which does not exist"
expect_contains "a row naming a missing story is reported" "$WORK/findings" "^member: missing article 99002 is listed in story 99999, which does not exist"
expect_contains "wrong article and outlet counts are reported" "$WORK/findings" "^story: story $story: [0-9]+ articles recorded, [0-9]+ members; 40 outlets recorded"
expect_contains "a wrong first/last seen is reported" "$WORK/findings" "^story: story $other: first seen 7 recorded.*last seen 8 recorded"
expect_contains "an empty story is reported" "$WORK/findings" "^story: story 99998 has no articles"
expect_contains "a wrong content hash is reported" "$WORK/findings" "^article: article 3: content hash 000000000000002a"
expect_contains "a wrong place key is reported" "$WORK/findings" "^article: article 4: place key \"elsewhere\""
expect_contains "a wrong raw size is reported" "$WORK/findings" "^article: article 5: raw size 1, its raw page has"
expect_contains "a missing fingerprint is reported" "$WORK/findings" "^article: article 6: no fingerprint"
expect_contains "a copy of a missing canonical is reported" "$WORK/findings" "^copy: article $copy is a copy of 98765, which does not exist"
expect_contains "a relation without a canonical is reported" "$WORK/findings" "^copy: article $loner is no copy but has relation near"
expect_contains "the summary names the count and the way out" "$WORK/findings" "problems found, 0 repaired \(lede check --repair"

status=$(run "$LEDE" --db "$DB" check --repair --json)
expect_eq "--repair fixes everything (exit 0)" 0 "$status"
expect_eq "no finding is left unrepaired" 0 "$(grep -c '"repaired":false' "$WORK/out")"
expect_contains "the repair summary counts what it fixed" "$WORK/out" '"findings":([1-9][0-9]*),"repaired":\1,"clean":true'
status=$(run "$LEDE" --db "$DB" check)
expect_eq "a second check is clean" 0 "$status"
expect_contains "the second check says clean" "$WORK/out" "clean$"

# The repaired rows are the pristine ones again.
for query in \
	"SELECT id, articles, outlets, first_seen, last_seen FROM stories ORDER BY id" \
	"SELECT article_id, story_id FROM story_articles ORDER BY article_id" \
	"SELECT id, content_hash, place_key, raw_size, hex(fingerprint), duplicate_of, relation FROM articles ORDER BY id"; do
	expect_eq "repaired: $query" "$(sqlite3 "$WORK/pristine.db" "$query" | md5sum)" "$(sqlite3 "$DB" "$query" | md5sum)"
done
expect_eq "the search index is whole again" "$(sqlite3 "$DB" 'SELECT count(*) FROM articles')" \
	"$(sqlite3 "$DB" "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'the OR a OR of'")"

# The repaired store keeps working: more articles join, and it still checks clean.
status=$(run "$LEDE" --db "$DB" add "$ROOT/tests/fixtures/pages")
expect_eq "the repaired store takes more articles" 0 "$status"
status=$(run "$LEDE" --db "$DB" check)
expect_eq "and still checks clean" 0 "$status"

# A copy moved out of its canonical's story is moved back, with both stories recounted.
cp "$WORK/pristine.db" "$DB"
target=$(sqlite3 "$DB" "SELECT story_id FROM story_articles WHERE article_id != (SELECT duplicate_of FROM articles WHERE id = $copy) LIMIT 1")
home=$(sqlite3 "$DB" "SELECT story_id FROM story_articles WHERE article_id = $copy")
if [ "$target" = "$home" ]; then
	target=$(sqlite3 "$DB" "SELECT id FROM stories WHERE id != $home LIMIT 1")
fi
sqlite3 "$DB" "UPDATE story_articles SET story_id = $target WHERE article_id = $copy"
status=$(run "$LEDE" --db "$DB" check)
expect_eq "a copy outside its canonical's story fails the check" 1 "$status"
expect_contains "the copy is named with both stories" "$WORK/err" "^member: copy $copy is in story $target, its canonical [0-9]+ in story $home"
status=$(run "$LEDE" --db "$DB" check --repair)
expect_eq "--repair moves it back" 0 "$status"
status=$(run "$LEDE" --db "$DB" check)
expect_eq "and the check is clean after" 0 "$status"
expect_eq "the copy is in its canonical's story again" "$home" \
	"$(sqlite3 "$DB" "SELECT story_id FROM story_articles WHERE article_id = $copy")"

# A damaged file is reported and nothing is repaired: the page header of an index overwritten.
cp "$WORK/pristine.db" "$DB"
root=$(sqlite3 "$DB" "SELECT rootpage FROM sqlite_master WHERE name = 'articles_published'")
size=$(sqlite3 "$DB" 'PRAGMA page_size')
printf '\x0d\xff\xff\xff\xff\xff\xff\xff' | dd of="$DB" bs=1 seek=$(( (root - 1) * size )) conv=notrunc 2>/dev/null
cp "$DB" "$WORK/broken.db"
status=$(run "$LEDE" --db "$DB" check --repair)
expect_eq "a damaged file fails the check even with --repair" 1 "$status"
expect_contains "the damage is named" "$WORK/err" "^file: integrity_check: Page $root"
expect_contains "the way out is named" "$WORK/err" "^file: the file is damaged: nothing else was checked or repaired"
expect_eq "the damaged file is left as it was" "$(md5sum <"$WORK/broken.db")" "$(md5sum <"$DB")"
finish
