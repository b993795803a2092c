"""Times readability-lxml (Debian python3-readability) over pages held in memory.

    python3 readability_lxml.py LISTFILE [OUT.jsonl]

LISTFILE names one decompressed HTML file per line. Every file is read as bytes
before the clock starts; readability-lxml sniffs the encoding itself, as lede
does, so decoding is part of the timed work. The timed loop is
Document(html).summary() and nothing else. Prints one JSON object:
{pages, failed, seconds, cpu_seconds, chars}. With OUT, writes
{file, title, text} per page (text from the summary HTML, converted after
the clock stops) for bench/extract-quality --pred.
"""

import json
import sys
import time

import lxml.html
from readability import Document


def extract_all(pages):
    """Summaries (None where readability raised) and the failure count."""
    summaries, failed = [], 0
    for html in pages:
        try:
            doc = Document(html)
            summaries.append((doc.summary(), doc))
        except Exception:  # a peer's failure on one page must not end the run
            summaries.append(None)
            failed += 1
    return summaries, failed


def summary_text(summary):
    if not summary:
        return ""
    try:
        return lxml.html.fromstring(summary).text_content()
    except Exception:
        return ""


def write_predictions(path, files, summaries):
    with open(path, "w", encoding="utf-8") as out:
        for file, item in zip(files, summaries):
            title = text = None
            if item:
                summary, doc = item
                title, text = doc.short_title(), summary_text(summary)
            out.write(json.dumps({"file": file, "title": title, "text": text or ""}) + "\n")


def main():
    list_file, out_file = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None
    with open(list_file, encoding="utf-8") as f:
        files = [line for line in f.read().split("\n") if line]
    pages = []
    for file in files:
        with open(file, "rb") as f:
            pages.append(f.read())

    cpu_start, start = time.process_time(), time.perf_counter()
    summaries, failed = extract_all(pages)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start

    chars = sum(len(item[0]) for item in summaries if item)
    if out_file:
        write_predictions(out_file, files, summaries)
    print(json.dumps({"pages": len(pages), "failed": failed, "seconds": seconds,
                      "cpu_seconds": cpu, "chars": chars}))


if __name__ == "__main__":
    main()
