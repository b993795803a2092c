#!/usr/bin/env bash
# The web page in a real browser: Debian's chromium driven by playwright-core
# (tests/browser/package.json, installed by scripts/setup).  Builds three
# stores (the seeds, the sample corpus, and hostile pages written below),
# starts `lede serve` on each and runs pages.js and xss.js against them.
# Screenshots land in $BUILD/tests/browser/ for people to look at.
#
# Without chromium, node or playwright-core every check here FAILS: a
# missing browser must never pass as a browser test.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/../api/server.sh"

HERE="$ROOT/tests/browser"
export LEDE_SHOTS="$ROOT/${BUILD:-build}/tests/browser"
export LEDE_CHROMIUM=${LEDE_CHROMIUM:-/usr/bin/chromium}

if [ ! -x "$LEDE_CHROMIUM" ]; then
	fail "chromium is installed" "$LEDE_CHROMIUM is missing: run scripts/setup (apt package chromium)"
	finish
	exit 1
fi
if ! command -v node >/dev/null; then
	fail "node is installed" "no node on PATH: run scripts/setup (apt packages nodejs npm)"
	finish
	exit 1
fi
if [ ! -d "$HERE/node_modules/playwright-core" ]; then
	fail "playwright-core is installed" "no $HERE/node_modules/playwright-core: run scripts/setup (npm ci in tests/browser)"
	finish
	exit 1
fi
if [ ! -d "$SHARED/seeds" ]; then
	fail "the seeds are there" "no $SHARED/seeds"
	finish
	exit 1
fi
rm -rf "$LEDE_SHOTS"
mkdir -p "$LEDE_SHOTS"

# ------------------------------------------------------------ hostile pages
# Every field a page can fill carries markup, event handlers, javascript:
# URLs or quotes that would break out of an attribute.  Each payload, if it
# ever ran, would set window.__xss or open a dialog; xss.js checks neither
# happens and that no such markup reaches the DOM.
mkdir -p "$WORK/hostile"
cat >"$WORK/hostile/pier-1.html" <<'EOF'
<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Old pier reopens</script><script>window.__xss='title';alert('title')</script> after repairs</title>
<meta property="og:title" content="Old pier reopens &quot;&gt;&lt;script&gt;window.__xss='og';alert('og')&lt;/script&gt; after repairs">
<meta property="og:site_name" content="Gull &lt;img src=x onerror=&quot;window.__xss='outlet';alert('outlet')&quot;&gt; Gazette">
<meta name="author" content="Ada &quot; onmouseover=&quot;window.__xss='author';alert('author')&quot; x=&quot;">
<meta property="article:published_time" content="2025-06-02T08:00:00Z">
<link rel="canonical" href="javascript:window.__xss='canonical';alert('canonical')">
<meta property="og:url" content="javascript:window.__xss='ogurl';alert('ogurl')">
<script>window.__xss='page-script';alert('page-script')</script>
</head>
<body onload="window.__xss='body';alert('body')">
<article>
<h1>Old pier reopens &lt;svg onload=&quot;window.__xss='h1';alert('h1')&quot;&gt; after repairs</h1>
<p>The old pier at Gullhaven reopened on Monday after eight months of repairs, the harbour board said. Mayor Ines Varro cut the ribbon before a crowd of about 400 people. &lt;script&gt;window.__xss='text';alert('text')&lt;/script&gt;</p>
<p>"It is a great day for the town &lt;img src=x onerror=&quot;window.__xss='quote';alert('quote')&quot;&gt;," said Ines Varro, the mayor of Gullhaven.</p>
<p>The repairs cost 2.4 million euros, the harbour board said, and replaced 120 rotten timber piles. <a href="javascript:window.__xss='link';alert('link')">Read the report</a> <img src="x" onerror="window.__xss='img';alert('img')"></p>
<p onmouseover="window.__xss='hover';alert('hover')">Fishing from the pier will be allowed again from June, the board said. '&gt;&lt;a href=javascript:alert(1)&gt;x&lt;/a&gt; ' onfocus='alert(1)' autofocus x='</p>
<iframe src="javascript:alert('iframe')"></iframe>
</article>
</body></html>
EOF
cat >"$WORK/hostile/pier-2.html" <<'EOF'
<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Gullhaven pier open again &lt;/title&gt;&lt;script&gt;window.__xss='title2';alert('title2')&lt;/script&gt;</title>
<meta property="og:site_name" content="&quot;&gt;&lt;svg/onload=alert('site')&gt;">
<meta name="author" content="&lt;/script&gt;&lt;script&gt;alert('author2')&lt;/script&gt;">
<meta property="article:published_time" content="2025-06-02T11:30:00Z">
<link rel="canonical" href="https://gull.example/pier&quot;onmouseover=&quot;alert('attr')">
</head>
<body>
<div class="story-body">
<p>The old pier at Gullhaven reopened on Monday after eight months of repairs, the harbour board said. &lt;style&gt;body{display:none}&lt;/style&gt;</p>
<p>The repairs cost 2.5 million euros, the harbour board said. &lt;a href="javascript:window.__xss='text2';alert('text2')"&gt;details&lt;/a&gt;</p>
<p>"It is a great day for the town," said Ines Varro, the mayor of Gullhaven. ${alert('template')} {{constructor.constructor('alert(1)')()}}</p>
<p>Fishing from the pier will be allowed again from June, the board said. &lt;details open ontoggle=&quot;window.__xss='toggle';alert('toggle')&quot;&gt;</p>
</div>
</body></html>
EOF
cat >"$WORK/hostile/pier.jsonl" <<'EOF'
{"id": "x-1\"><script>alert('id')</script>", "url": "javascript:window.__xss='jsonl-url';alert('jsonl-url')", "title": "</script><script>window.__xss='jsonl-title';alert('jsonl-title')</script>Pier reopens in Gullhaven", "outlet": "<img src=x onerror=\"window.__xss='jsonl-outlet';alert('jsonl-outlet')\">Harbour Post", "authors": ["\"><script>window.__xss='jsonl-author';alert('jsonl-author')</script>"], "published": "2025-06-02T13:00:00Z", "text": "The old pier at Gullhaven reopened on Monday after eight months of repairs, the harbour board said. <script>window.__xss='jsonl-text';alert('jsonl-text')</script>\n\n\"It is a great day for the town,\" said Ines Varro, the mayor of Gullhaven. <img src=x onerror=\"window.__xss='jsonl-img';alert('jsonl-img')\">\n\nThe repairs cost 2.4 million euros, the harbour board said. <a href=\"javascript:alert('jsonl-link')\">more</a>\n\nFishing from the pier will be allowed again from June, the board said. <svg onload=\"alert('jsonl-svg')\"></svg>"}
{"id": "x-2", "url": "https://harbour.example/pier\" onmouseover=\"window.__xss='jsonl-attr';alert('jsonl-attr')", "title": "Pier reopening draws crowd ' onmouseover='alert(1)' x='", "outlet": "Harbour \"Post\" <b onmouseover=alert(1)>", "published": "2025-06-02T15:00:00Z", "html": "<html><head><title>x</title></head><body><article><p>The old pier at Gullhaven reopened on Monday after eight months of repairs, the harbour board said, and about 400 people came to see it.</p><p>\"It is a great day for the town,\" said Ines Varro, the mayor of Gullhaven.<img src=x onerror=\"window.__xss='jsonl-html';alert('jsonl-html')\"></p><p>The repairs cost 2.4 million euros, the harbour board said. &lt;script&gt;alert('jsonl-html-text')&lt;/script&gt;</p><script>alert('jsonl-html-script')</script></article></body></html>"}
{"id": "x-3", "url": "JaVaScRiPt:alert('case')", "title": "Tide tables <iframe srcdoc=\"<script>parent.__xss='srcdoc'</script>\">", "outlet": "Tide \u2028Watch", "published": "2025-06-03T09:00:00Z", "text": "Tide tables for Gullhaven <object data=\"javascript:alert('object')\"></object> were published on Tuesday by the harbour board, with high water at 06:12 and 18:40.\n\nThe board said the new <embed src=\"javascript:alert('embed')\"> tables would be posted on the pier."}
EOF

# ------------------------------------------------------------------ stores
build_store() { # db, input
	rm -f "$1" "$1-wal" "$1-shm"
	LEDE_DB="$1" "$LEDE" add "$2" >"$WORK/add.log" 2>&1
	local status=$?
	if [ "$status" -gt 1 ]; then # 1: some inputs rejected, the rest stored
		fail "lede add $2" "exit $status: $(tail -3 "$WORK/add.log")"
		return 1
	fi
}
build_store "$WORK/seeds.db" "$SHARED/seeds" || { finish; exit 1; }
build_store "$WORK/examples.db" "$ROOT/examples/corpus" || { finish; exit 1; }
build_store "$WORK/hostile.db" "$WORK/hostile" || { finish; exit 1; }

pids=()
stop_all() {
	local pid
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
}
trap stop_all EXIT
start() { # db, then serve's options; sets URL
	LEDE_DB="$1" server_start "${@:2}" || return 1
	pids+=("$SERVER_PID")
	URL=$SERVER
}
start "$WORK/seeds.db" || { finish; exit 1; }
export LEDE_SEEDS_URL=$URL
start "$WORK/examples.db" || { finish; exit 1; }
export LEDE_EXAMPLES_URL=$URL
start "$WORK/hostile.db" --token sekret-token || { finish; exit 1; }
export LEDE_HOSTILE_URL=$URL

# ----------------------------------------------- ingest needs the token
articles_before=$(curl -s "$LEDE_HOSTILE_URL/api/stats" | grep -o '"articles":[0-9]*')
record='{"id":"nope","title":"Injected","text":"Nobody may add this article without the token."}'
expect_eq "POST /api/articles without a token is refused (401)" 401 \
	"$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary "$record" "$LEDE_HOSTILE_URL/api/articles")"
expect_eq "POST /api/articles with a wrong token is refused (401)" 401 \
	"$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Authorization: Bearer sekret-tokeN' \
		--data-binary "$record" "$LEDE_HOSTILE_URL/api/articles")"
expect_eq "POST /api/articles with the token in the query is refused (401)" 401 \
	"$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary "$record" \
		"$LEDE_HOSTILE_URL/api/articles?token=sekret-token")"
expect_eq "POST /api/articles on a server without a token is off (403)" 403 \
	"$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Authorization: Bearer sekret-token' \
		--data-binary "$record" "$LEDE_SEEDS_URL/api/articles")"
expect_eq "refused posts add nothing" "$articles_before" \
	"$(curl -s "$LEDE_HOSTILE_URL/api/stats" | grep -o '"articles":[0-9]*')"

# ------------------------------------------------------------- browser
# Each script prints its own PASS/FAIL lines; a crash without one still fails the tier.
node_status=0
( cd "$HERE" && node pages.js ) || node_status=1
( cd "$HERE" && node xss.js ) || node_status=1
stop_all
trap - EXIT
finish && [ "$node_status" -eq 0 ]
