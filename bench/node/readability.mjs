// Times Mozilla Readability (with linkedom as the DOM) over pages held in memory.
//   node readability.mjs LISTFILE [OUT.jsonl]
// LISTFILE names one decompressed HTML file per line. Every file is read and
// decoded as UTF-8 before the clock starts (all WCXB dev pages are valid
// UTF-8); the timed loop is linkedom's parse + Readability's parse().
// Prints one JSON object: {pages, failed, seconds, cpu_seconds, chars}.
// With OUT, writes {file, title, authors, text} per page for bench/extract-quality --pred.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';

const [listFile, outFile] = process.argv.slice(2);
const files = readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
const pages = files.map((file) => readFileSync(file, 'utf8'));

const results = new Array(pages.length);
let failed = 0;
let chars = 0;
const cpuStart = process.cpuUsage();
const start = process.hrtime.bigint();
for (let i = 0; i < pages.length; i++) {
  try {
    const { document } = parseHTML(pages[i]);
    const article = new Readability(document).parse();
    results[i] = article;
    // Touch the text so the work cannot be skipped and the sizes can be compared.
    chars += article && article.textContent ? article.textContent.length : 0;
  } catch (err) {
    failed++;
    results[i] = null;
  }
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpuStart);

if (outFile) {
  const lines = files.map((file, i) => JSON.stringify({
    file,
    title: results[i] ? results[i].title : null,
    authors: results[i] && results[i].byline ? [results[i].byline] : [],
    published: results[i] ? results[i].publishedTime : null,
    text: results[i] ? results[i].textContent : '',
  }));
  writeFileSync(outFile, lines.join('\n') + '\n');
}
console.log(JSON.stringify({
  pages: pages.length, failed, seconds, cpu_seconds: (cpu.user + cpu.system) / 1e6, chars,
}));
