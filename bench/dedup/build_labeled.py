#!/usr/bin/env python3
"""Builds the labeled near-duplicate set that bench/dedup/dedup_eval scores.

Originals come from ../shared/data (read at run time, never copied into the
repository): the Multi-News dev documents (clustering/multinews-dev.jsonl; the
same 268 documents as summarization/multinews-dev.jsonl) and the ground-truth
main text of the WCXB dev article pages.  Every original is copied once per
transformation below, the way syndicated copies differ on the web.  ECB+
documents and AllSides headline + lead excerpts (short texts) join as
negatives.  Hard negatives are pairs of different documents on the same event:
Multi-News clusters, ECB+ events, AllSides story triplets.

Before anything is built, the pool is cleaned with exact shingle sets (not the
sketches under test): a document sharing half of its 5-word shingles with an
earlier one is a copy already and is dropped, so that no copy hides among the
negatives.  Output: one JSON object per line, in a shuffled arrival order:
  id, doc, group, transform, source, event, published, text
then the dropped copies (transform "found", with copy_of and their exact
5-word-shingle containment), which the driver scores apart from the stream.
`group` is the original's doc key (the gold copy group); negatives have their
own doc key as group.  Deterministic for a given --seed.
"""
import argparse
import json
import os
import random
import re
import sys

TRANSFORMS = ["layout", "wrap", "truncate", "lead", "edits", "reorder", "headline",
              "spelling", "correction", "combined"]

WORD = re.compile(r"\w+")


def words_of(text):
    return WORD.findall(text.lower())


def shingle_set(text, width=5):
    w = words_of(text)
    if len(w) < width:
        return {tuple(w)} if w else set()
    return {tuple(w[i:i + width]) for i in range(len(w) - width + 1)}


def paragraphs_of(text):
    paras = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    paras = [p for p in paras if p]
    if len(paras) < 3:
        # One block of text: cut it into paragraphs of about four sentences.
        sents = [s for p in paras for s in sentences_of(p)]
        paras = [" ".join(sents[i:i + 4]) for i in range(0, len(sents), 4)]
    return paras


SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"'\u201d\u2019)]*|$)\s*")


def sentences_of(paragraph):
    sents = [s.strip() for s in SENTENCE.findall(paragraph) if s.strip()]
    return sents or [paragraph]


def join(paras):
    return "\n\n".join(p for p in paras if p)


# ---- material written for this benchmark ----

SITES = [
    ("The Valley Courier", "Home News Local Sports Business Opinion Obituaries Weather Classifieds E-Edition",
     "Copyright 2024 The Valley Courier. All rights reserved. Privacy Policy | Terms of Use | Contact Us | Advertise"),
    ("Harbor City Daily", "Latest Politics World Money Tech Health Arts Travel Video Podcasts Newsletters",
     "Harbor City Daily is part of Coastline Media Group. Cookie settings. Accessibility. Careers. Help center"),
    ("KXRB News 7", "Watch Live Weather Traffic Local News Investigations Sports Community Contests",
     "Copyright 2024 KXRB-TV. EEO report. FCC public file. Closed captioning contact. Do not sell my information"),
    ("Midland Tribune Online", "Front Page Region Nation World Sports Lifestyle Entertainment Jobs Homes Autos",
     "The Midland Tribune. 400 Main Street. Subscriber services. Place an ad. Submit a news tip. Site map"),
    ("Global Wire Report", "Top Stories Breaking Analysis Markets Energy Climate Science Culture Sport",
     "Global Wire Report uses cookies to improve your experience. Read our terms and privacy statement."),
    ("Northshore Herald", "News Schools Police Fire Courts Government Business Faith Letters Events Calendar",
     "Northshore Herald. Locally owned since 1921. Manage subscription. Report a delivery issue. FAQ"),
]

SHARE_LINES = ["Share this article: Facebook Twitter Email Print",
               "Share on Facebook Share on Twitter Share via Email",
               "Tweet Share Pin Email Comment",
               "Follow us on social media for the latest updates"]

SIGNUPS = ["Sign up for our daily newsletter to get the top stories delivered to your inbox every morning.",
           "Get breaking news alerts on your phone: download our free app today.",
           "Subscribe now for unlimited digital access. Cancel anytime.",
           "Support local journalism by becoming a member today."]

AUTHORS = ["By Staff Writer", "By Dana Whitfield, Associated Press", "By Jordan Pike", "By News Desk",
           "By Priya Raman and Tom Okafor", "By Wire Services"]

TOWNS = ["SPRINGFIELD", "RIVERTON", "MAPLEWOOD", "FAIRVIEW", "LAKESIDE", "BROOKHAVEN", "GREENVILLE"]

LOCAL_LEADS = [
    "{town} - Residents here are watching the developments closely, and several local officials said on {day} that they expect the effects to reach the county within weeks.",
    "{town} - The news drew quick reaction from community leaders, who met on {day} evening at the public library to discuss what it could mean for families in the area.",
    "{town} - For business owners along Main Street, the question on {day} was simple: what happens next, and how soon will it affect customers who already feel stretched?",
    "{town} - Local school district leaders said on {day} they would review the situation at their next board meeting and share guidance with parents afterwards.",
]

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

CORRECTIONS = [
    "Correction: An earlier version of this article misstated the date of the announcement. It was made on {day}, not the day before.",
    "Correction: This story has been updated to correct the spelling of a name and the title of an official quoted in the fifth paragraph.",
    "Editor's note: This article was updated on {day} with additional information and a response from the officials involved.",
    "Clarification: A previous version of this report did not make clear that the figures cited were preliminary estimates.",
]

CONTRIBUTED = ["The Associated Press contributed to this report.", "Reuters contributed reporting.",
               "Staff writer Lena Ortiz contributed to this story.", ""]

ENDINGS = ["Read more.", "Continue reading the full story.", "(Story continues below.)", "Click here to read more.", ""]

# US -> UK spelling pairs; the transformation uses whichever direction the text needs.
SPELLING = [("color", "colour"), ("favor", "favour"), ("honor", "honour"), ("labor", "labour"),
            ("neighbor", "neighbour"), ("behavior", "behaviour"), ("center", "centre"),
            ("theater", "theatre"), ("meter", "metre"), ("defense", "defence"), ("offense", "offence"),
            ("license", "licence"), ("program", "programme"), ("catalog", "catalogue"),
            ("analyze", "analyse"), ("traveled", "travelled"), ("traveling", "travelling"),
            ("canceled", "cancelled"), ("jewelry", "jewellery"), ("gray", "grey"), ("percent", "per cent"),
            ("toward", "towards"), ("aluminum", "aluminium"), ("fulfill", "fulfil"), ("skeptical", "sceptical"),
            ("mom", "mum"), ("tire", "tyre"), ("check", "cheque"), ("pajamas", "pyjamas")]

SYNONYMS = {"said": "says", "says": "said", "big": "large", "large": "big", "small": "little", "begin": "start",
            "start": "begin", "buy": "purchase", "help": "assist", "show": "demonstrate", "also": "too",
            "however": "but", "many": "numerous", "about": "around", "around": "about", "people": "residents",
            "new": "fresh", "important": "key", "major": "big", "government": "administration",
            "announced": "unveiled", "increase": "rise", "decrease": "drop", "told": "informed",
            "reported": "said", "officials": "authorities", "company": "firm", "during": "in",
            "before": "prior to", "after": "following", "because": "since", "despite": "in spite of"}

INSERTS = [", officials said", " on Tuesday", ", according to reports", ", sources say", " this week",
           ", the statement said", " as well"]


# ---- transformations ----

def t_layout(rng, paras, ctx):
    """The same text with other paragraph breaks, quotes, dashes and spacing: an exact copy."""
    text = " ".join(paras)
    text = text.replace('"', "\u201c").replace("'", "\u2019").replace(" - ", " \u2014 ")
    sents = sentences_of(text)
    out, cur = [], []
    for s in sents:
        cur.append(s)
        if len(cur) >= rng.randint(2, 5):
            out.append("  ".join(cur))
            cur = []
    if cur:
        out.append(" ".join(cur))
    return "\n\n".join(out)


def related_headlines(rng, ctx, count):
    heads = []
    for _ in range(count):
        other = rng.choice(ctx["others"])
        w = other.split()
        n = rng.randint(6, 12)
        start = rng.randint(0, max(0, min(20, len(w) - n)))
        heads.append(" ".join(w[start:start + n]).strip(".,;:\"'") + ("" if rng.random() < 0.5 else " (video)"))
    return heads


def wrap(rng, paras, ctx, site=None):
    name, menu, footer = site or rng.choice(SITES)
    head = [name, menu]
    if rng.random() < 0.7:
        head.append(rng.choice(AUTHORS) + " | " + rng.choice(DAYS) + ", " + ctx["date"])
    if rng.random() < 0.5:
        head.append(rng.choice(SHARE_LINES))
    body = list(paras)
    if len(body) > 2 and rng.random() < 0.7:
        at = rng.randint(1, len(body) - 1)
        body.insert(at, "Advertisement")
    if len(body) > 4 and rng.random() < 0.5:
        at = rng.randint(2, len(body) - 1)
        body.insert(at, "Related: " + related_headlines(rng, ctx, 1)[0])
    tail = []
    if rng.random() < 0.6:
        tail.append(rng.choice(SIGNUPS))
    tail.append("Related stories")
    tail.extend(related_headlines(rng, ctx, rng.randint(2, 6)))
    if rng.random() < 0.5:
        tail.append(rng.choice(SHARE_LINES))
    tail.append(footer)
    return join(head + body + tail)


def t_wrap(rng, paras, ctx):
    """Boilerplate the extractor left: site menu, byline, share links, ads, related links, footer."""
    return wrap(rng, paras, ctx)


def truncate(rng, paras, low, high):
    sents = [(i, s) for i, p in enumerate(paras) for s in sentences_of(p)]
    total = sum(len(s.split()) for _, s in sents)
    keep_words = total * rng.uniform(low, high)
    kept, n = [], 0
    for i, s in sents:
        if n >= keep_words and kept:
            break
        kept.append((i, s))
        n += len(s.split())
    out = {}
    for i, s in kept:
        out.setdefault(i, []).append(s)
    return [" ".join(out[i]) for i in sorted(out)]


def t_truncate(rng, paras, ctx):
    """A trimmed version: the first 40 to 90% of the text, sometimes with a "read more" line."""
    kept = truncate(rng, paras, 0.4, 0.9)
    ending = rng.choice(ENDINGS)
    return join(kept + ([ending] if ending else []))


def local_lead(rng, ctx):
    lead = [rng.choice(LOCAL_LEADS).format(town=rng.choice(TOWNS), day=rng.choice(DAYS))]
    if rng.random() < 0.6:
        other = sentences_of(rng.choice(ctx["others"]))
        start = rng.randint(0, max(0, len(other) - 2))
        lead.append(" ".join(other[start:start + rng.randint(1, 2)]))
    return lead


def t_lead(rng, paras, ctx):
    """The outlet's own paragraphs on top of the wire text."""
    return join(local_lead(rng, ctx) + list(paras))


def edit_sentence(rng, s):
    w = s.split()
    if len(w) < 4:
        return s
    op = rng.random()
    if op < 0.3:
        del w[rng.randint(1, len(w) - 1)]
    elif op < 0.6:
        for _ in range(3):
            i = rng.randint(0, len(w) - 1)
            key = w[i].lower().strip(".,;:")
            if key in SYNONYMS:
                w[i] = SYNONYMS[key] + w[i][len(w[i].rstrip(".,;:")):]
                break
        else:
            i = rng.randint(1, len(w) - 1)
            w[i] = rng.choice(["the", "a", "new", "local", "first"])
    elif op < 0.8:
        nums = [i for i, x in enumerate(w) if re.fullmatch(r"\d+[.,]?", x)]
        if nums:
            i = rng.choice(nums)
            digits = re.match(r"\d+", w[i]).group(0)
            w[i] = str(int(digits) + rng.randint(1, 9)) + w[i][len(digits):]
        else:
            del w[rng.randint(1, len(w) - 1)]
    else:
        i = rng.randint(1, len(w) - 1)
        w[i] = w[i].rstrip(".,;:") + rng.choice(INSERTS) + w[i][len(w[i].rstrip(".,;:")):]
    return " ".join(w)


def edits(rng, paras, rate):
    out = []
    for p in paras:
        sents = []
        for s in sentences_of(p):
            r = rng.random()
            if r < rate * 0.15:
                continue  # sentence dropped
            sents.append(edit_sentence(rng, s) if r < rate else s)
        if sents:
            out.append(" ".join(sents))
    return out


def t_edits(rng, paras, ctx):
    """A copy editor's pass: a fifth to a third of the sentences get a word dropped, swapped or added, a number changed, or are cut."""
    return join(edits(rng, paras, rng.uniform(0.2, 0.35)))


def t_reorder(rng, paras, ctx):
    """Paragraphs moved: swaps of neighbours and a paragraph moved elsewhere."""
    out = list(paras)
    for _ in range(rng.randint(1, 3)):
        if len(out) < 2:
            break
        if rng.random() < 0.5:
            i = rng.randint(0, len(out) - 2)
            out[i], out[i + 1] = out[i + 1], out[i]
        else:
            p = out.pop(rng.randint(0, len(out) - 1))
            out.insert(rng.randint(0, len(out)), p)
    return join(out)


def headline(rng, paras):
    w = [x.strip(".,;:\"'()\u201c\u201d") for x in sentences_of(paras[0])[0].split()]
    w = [x for x in w if len(x) > 3][:rng.randint(5, 9)] or ["Update"]
    if len(w) > 3 and rng.random() < 0.5:
        i = rng.randint(0, len(w) - 2)
        w[i], w[i + 1] = w[i + 1], w[i]
    title = " ".join(w)
    title = title[:1].upper() + title[1:]
    return rng.choice(["", "UPDATE: ", "WATCH: ", "BREAKING: "]) + title + rng.choice(["", " | Local News", " - Report"])


def t_headline(rng, paras, ctx):
    """A different headline on top, replacing a title-like first line."""
    body = list(paras)
    if len(body) > 1 and len(body[0].split()) <= 15 and not body[0].rstrip().endswith("."):
        body = body[1:]
    return join([headline(rng, paras)] + body)


def t_spelling(rng, paras, ctx):
    """US and UK spelling, -ize/-ise, per cent, numbers and abbreviations written another way."""
    text = join(paras)
    low = text.lower()
    to_uk = sum(low.count(us) for us, _ in SPELLING) >= sum(low.count(uk) for _, uk in SPELLING)
    for us, uk in SPELLING:
        a, b = (us, uk) if to_uk else (uk, us)
        text = re.sub(r"\b" + a + r"\b", b, text)
        text = re.sub(r"\b" + a.capitalize() + r"\b", b.capitalize(), text)
    if to_uk:
        text = re.sub(r"\b(\w{3,})iz(e|es|ed|ing|ation|ations)\b", r"\1is\2", text)
    else:
        text = re.sub(r"\b(\w{3,})is(e|es|ed|ing|ation|ations)\b", r"\1iz\2", text)
    text = re.sub(r"(\d),(\d{3})\b", r"\1\2", text)
    text = text.replace("U.S.", "US").replace("U.K.", "UK").replace("Mr.", "Mr").replace("Dr.", "Dr")
    text = text.replace(" and ", " & ") if rng.random() < 0.3 else text
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")
    return text


def t_correction(rng, paras, ctx):
    """A correction or editor's note and a credit line at the bottom."""
    tail = [rng.choice(CORRECTIONS).format(day=rng.choice(DAYS))]
    credit = rng.choice(CONTRIBUTED)
    return join(list(paras) + tail + ([credit] if credit else []))


def t_combined(rng, paras, ctx):
    """What a syndicating site does at once: its headline, a trim or a local lead, light edits, its template."""
    body = truncate(rng, paras, 0.6, 0.95) if rng.random() < 0.5 else local_lead(rng, ctx) + list(paras)
    body = edits(rng, body, 0.1)
    return wrap(rng, [headline(rng, paras)] + body, ctx)


FUNCS = {"layout": t_layout, "wrap": t_wrap, "truncate": t_truncate, "lead": t_lead, "edits": t_edits,
         "reorder": t_reorder, "headline": t_headline, "spelling": t_spelling, "correction": t_correction,
         "combined": t_combined}


# ---- the pool ----

def load_pool(data):
    pool = []  # (doc, source, event, text)
    gold = {}
    with open(os.path.join(data, "clustering/multinews-dev.gold.tsv")) as f:
        for line in f:
            a, b = line.rstrip("\n").split("\t")
            gold[a] = b
    with open(os.path.join(data, "clustering/multinews-dev.jsonl")) as f:
        for line in f:
            d = json.loads(line)
            pool.append(("mn:" + d["id"], "multinews", "mn:" + gold[d["id"]], d["text"]))
    gt = os.path.join(data, "extraction/wcxb-dev/ground-truth")
    for name in sorted(os.listdir(gt)):
        with open(os.path.join(gt, name)) as f:
            d = json.load(f)
        if d["_internal"]["page_type"]["primary"] != "article":
            continue
        text = d["ground_truth"].get("main_content") or ""
        pool.append(("wcxb:" + name.split(".")[0], "wcxb", "", text))
    ecb_gold = {}
    with open(os.path.join(data, "clustering/ecbplus.gold.tsv")) as f:
        for line in f:
            a, b = line.rstrip("\n").split("\t")
            ecb_gold[a] = b
    with open(os.path.join(data, "clustering/ecbplus.jsonl")) as f:
        for line in f:
            d = json.loads(line)
            pool.append(("ecb:" + d["id"], "ecbplus", "ecb:" + ecb_gold[d["id"]], d["text"]))
    # Short texts: headline and lead of one story from three outlets (AllSides triplets).
    as_gold = {}
    with open(os.path.join(data, "clustering/allsides-train.gold.tsv")) as f:
        for line in f:
            a, b = line.rstrip("\n").split("\t")
            as_gold[a] = b
    with open(os.path.join(data, "clustering/allsides-train.jsonl")) as f:
        for line in f:
            d = json.loads(line)
            text = (d.get("title") or "") + "\n\n" + (d.get("text") or "")
            pool.append(("as:" + d["id"], "allsides", "as:" + as_gold[d["id"]], text))
    return pool


def clean_pool(pool, min_words, min_words_negative, log):
    """Drops short documents and every document that half-overlaps an earlier one (exact shingle sets).

    Returns the kept documents and the dropped copies as (doc, kept doc key, containment).
    """
    kept, sets, posting, found = [], [], {}, []
    dropped_short = dropped_copy = 0
    dropped_by = {}
    for doc in pool:
        if len(words_of(doc[3])) < (min_words if doc[1] in ("multinews", "wcxb") else min_words_negative):
            dropped_short += 1
            continue
        s = shingle_set(doc[3])
        common = {}
        for sh in s:
            for k in posting.get(sh, ()):
                common[k] = common.get(k, 0) + 1
        copy_of = [k for k, c in common.items() if c >= 0.5 * min(len(s), len(sets[k]))]
        if copy_of:
            k = max(copy_of, key=lambda k: common[k] / min(len(s), len(sets[k])))
            found.append((doc, kept[k][0], common[k] / min(len(s), len(sets[k]))))
            dropped_copy += 1
            same_event = any(doc[2] and kept[k][2] == doc[2] for k in copy_of)
            key = doc[1] + (" (same event)" if same_event else "")
            dropped_by[key] = dropped_by.get(key, 0) + 1
            continue
        for sh in s:
            posting.setdefault(sh, []).append(len(kept))
        kept.append(doc)
        sets.append(s)
    log("pool: %d documents kept, %d too short (originals %d words, negatives %d), %d copies of an earlier one" %
        (len(kept), dropped_short, min_words, min_words_negative, dropped_copy))
    log("copies dropped by source: " + ", ".join("%s %d" % kv for kv in sorted(dropped_by.items())))
    return kept, found


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../../shared/data"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=20240305)
    ap.add_argument("--min-words", type=int, default=80, help="shortest original")
    ap.add_argument("--min-words-negative", type=int, default=20, help="shortest negative")
    ap.add_argument("--max-originals", type=int, default=0, help="0: every eligible document")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    log = lambda m: print("build_labeled: " + m, file=sys.stderr)

    pool, found = clean_pool(load_pool(args.data), args.min_words, args.min_words_negative, log)
    originals = [d for d in pool if d[1] in ("multinews", "wcxb")]
    negatives = [d for d in pool if d[1] in ("ecbplus", "allsides")]
    if args.max_originals:
        originals = originals[:args.max_originals]
    # Borrowed material (a local lead's second sentence, related headlines) comes from long documents
    # only, so that it is a small part of its source and the copy does not "contain" that source.
    texts = [d[3] for d in pool if len(words_of(d[3])) >= 400]

    records = []
    base = 1_500_000_000
    for n, (doc, source, event, text) in enumerate(originals):
        paras = paragraphs_of(text)
        if not paras:
            continue
        t0 = base + n * 86400 + rng.randint(0, 3600)
        ctx = {"others": [texts[rng.randrange(len(texts))] for _ in range(8)],
               "date": "March %d, 2018" % rng.randint(1, 28)}
        records.append(dict(doc=doc, group=doc, transform="original", source=source, event=event,
                            published=t0, text=text))
        for name in TRANSFORMS:
            out = FUNCS[name](random.Random("%d:%s:%s" % (args.seed, doc, name)), paras, ctx)
            records.append(dict(doc=doc + "/" + name, group=doc, transform=name, source=source, event="",
                                published=t0 + rng.randint(600, 3 * 86400), text=out))
    for n, (doc, source, event, text) in enumerate(negatives):
        records.append(dict(doc=doc, group=doc, transform="negative", source=source, event=event,
                            published=base + rng.randint(0, 400 * 86400), text=text))
    rng.shuffle(records)
    # The copies the source data holds, for a table of their own (not part of the stream).
    for (doc, source, event, text), partner, containment in found:
        records.append(dict(doc=doc, group=doc, transform="found", source=source, event="", published=0,
                            text=text, copy_of=partner, containment=round(containment, 4)))
    with open(args.out, "w") as f:
        for i, r in enumerate(records, 1):
            r = dict(id=i, **r)
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    log("%d records (%d originals x %d transformations, %d negatives) in %s" %
        (len(records), len(originals), len(TRANSFORMS), len(negatives), args.out))


if __name__ == "__main__":
    main()
