// The page as a reader uses it, on the seeds (LEDE_SEEDS_URL) and on the
// sample corpus (LEDE_EXAMPLES_URL): the story list, a story with its cited
// summary, quotes, timeline, entities, facts, articles and copies, search,
// the page with JavaScript off, and a phone's screen.  Screenshots go to
// LEDE_SHOTS for people to look at.
'use strict';

const { check, assert, launch, openPage, screenshot, overflow, run, PHONE } = require('./lib');

const corpora = [
  { name: 'seeds', url: process.env.LEDE_SEEDS_URL, query: 'Xiaomi' },
  { name: 'examples', url: process.env.LEDE_EXAMPLES_URL, query: 'girder' },
];
let browser;

/* The link of the biggest story on the list (most articles), so the story page has the most to show. */
async function biggestStory(page, base) {
  await page.goto(base + '/');
  const stories = await page.$$eval('li.story', (items) => items.map((item) => ({
    href: item.querySelector('a.title').getAttribute('href'),
    articles: parseInt((item.querySelector('.meta').textContent.match(/(\d+) articles?/) || [0, 0])[1], 10),
  })));
  assert(stories.length > 0, 'no story on the list');
  stories.sort((a, b) => b.articles - a.articles);
  return base + stories[0].href;
}

/* Fails when the page logged an error, threw, or opened a dialog. */
function clean(page, what) {
  assert(page.problems.length === 0, `${what}: ${page.problems[0]}`);
  assert(page.dialogs.length === 0, `${what}: a dialog opened: ${page.dialogs[0]}`);
}

check('chromium starts headless', async () => {
  browser = await launch();
  assert(browser.version(), 'no version');
});

for (const corpus of corpora) {
  const base = corpus.url;

  check(`${corpus.name}: the story list shows stories with outlet counts and sparklines`, async () => {
    assert(base, `no server for ${corpus.name}`);
    const page = await openPage(browser);
    const reply = await page.goto(base + '/');
    assert(reply.status() === 200, `status ${reply.status()}`);
    const stories = await page.$$eval('li.story', (items) => items.map((item) => ({
      title: item.querySelector('a.title') && item.querySelector('a.title').textContent.trim(),
      count: item.querySelector('.count') && item.querySelector('.count').textContent,
      bars: item.querySelectorAll('svg.spark rect:not(.base)').length,
      outlets: item.querySelectorAll('.outlets .chip').length,
    })));
    assert(stories.length >= 1, 'no stories');
    for (const story of stories) {
      assert(story.title, 'a story without a title');
      assert(/^\d+ outlets?$/.test(story.count || ''), `outlet count is [${story.count}]`);
    }
    assert(stories.some((story) => story.bars > 0), 'no sparkline has a bar');
    assert(stories.some((story) => story.outlets > 0), 'no outlet chips');
    await screenshot(page, `${corpus.name}-desktop-list`);
    clean(page, 'the list');
    await page.closeAll();
  });

  check(`${corpus.name}: the story page shows the cited summary; a source chip reveals the sentence`, async () => {
    const page = await openPage(browser);
    await page.goto(await biggestStory(page, base));
    assert((await page.textContent('h1')).trim().length > 0, 'no title');
    const sentences = await page.$$('#summary .sentence');
    assert(sentences.length >= 2, `${sentences.length} summary sentences`);
    for (const sentence of sentences)
      assert(await sentence.$('details.cite > summary'), 'a summary sentence without a source chip');
    const cite = page.locator('#summary details.cite').first();
    const reveal = cite.locator('.reveal');
    assert(!(await reveal.isVisible()), 'the sentence shows before the chip is clicked');
    await cite.locator('summary').click();
    await reveal.waitFor({ state: 'visible' });
    const quoted = (await reveal.locator('blockquote').textContent()).trim();
    assert(quoted.length > 20, `the revealed sentence is [${quoted}]`);
    const link = await reveal.locator('a.read').getAttribute('href');
    assert(/^\/articles\/\d+/.test(link), `the chip links to [${link}]`);
    // With script, a sentence's chips open one at a time.
    const group = page.locator('#summary .cites:has(details.cite + details.cite)').first();
    if (await group.count()) {
      await page.$$eval('details[open]', (all) => all.forEach((details) => { details.open = false; }));
      await group.locator('details.cite > summary').nth(0).click();
      await group.locator('details.cite > summary').nth(1).click();
      await page.waitForFunction((node) => node.querySelectorAll('details.cite[open]').length === 1,
        await group.elementHandle(), { timeout: 2000 }).catch(() => {});
      const open = await group.locator('details.cite[open]').count();
      assert(open === 1 && await group.locator('details.cite').nth(1).evaluate((node) => node.open),
        `${open} chips of one sentence open at once`);
      await group.locator('details.cite > summary').nth(1).click();
    }
    await cite.locator('summary').click();
    await screenshot(page, `${corpus.name}-desktop-story`);
    clean(page, 'the story page');

    // The link opens the article, whose text holds the sentence.
    await page.click('#summary details.cite[open] a.read');
    await page.waitForURL(/\/articles\/\d+/);
    const text = await page.textContent('.article-page .text');
    const start = quoted.slice(0, 30);
    assert(text.replace(/\s+/g, ' ').includes(start.replace(/\s+/g, ' ')), `the article lacks [${start}]`);
    await screenshot(page, `${corpus.name}-desktop-article`);
    clean(page, 'the article page');
    await page.closeAll();
  });

  check(`${corpus.name}: the story page shows quotes with speaker and sources`, async () => {
    const page = await openPage(browser);
    await page.goto(await biggestStory(page, base));
    const quotes = await page.$$eval('#quotes figure.quote', (items) => items.map((item) => ({
      text: item.querySelector('blockquote').textContent.trim(),
      speaker: item.querySelector('.speaker').textContent.trim(),
      sources: item.querySelectorAll('details.cite').length,
    })));
    assert(quotes.length >= 1, 'no quotes');
    assert(quotes.every((quote) => quote.text && quote.sources >= 1), 'a quote without text or sources');
    assert(quotes.some((quote) => quote.speaker && !/not named/.test(quote.speaker)), 'no quote names its speaker');
    await page.closeAll();
  });

  check(`${corpus.name}: the story page shows the timeline chart`, async () => {
    const page = await openPage(browser);
    await page.goto(await biggestStory(page, base));
    const rows = await page.$$('#timeline .chart li:not(.axis)');
    assert(rows.length >= 2, `${rows.length} timeline rows`);
    // A dot is a zero-length line with a wide round cap: drawn when the track has a width and the cap a size.
    const dots = await page.$$eval('#timeline svg.track line.dot', (lines) => lines.map((line) => ({
      track: line.ownerSVGElement.getBoundingClientRect().width,
      stroke: parseFloat(getComputedStyle(line).strokeWidth),
      cap: getComputedStyle(line).strokeLinecap,
      x: parseFloat(line.getAttribute('x1')),
    })));
    assert(dots.length >= 1, 'no dot on the timeline');
    assert(dots.every((dot) => dot.track > 50 && dot.stroke >= 6 && dot.cap === 'round' && dot.x >= 0 && dot.x <= 1000),
      `a dot is not drawn: ${JSON.stringify(dots[0])}`);
    const names = await page.$$eval('#timeline .who', (items) => items.map((item) => item.textContent.trim()));
    assert(names.every((name) => name.length > 0), 'a timeline row without a name');
    await page.closeAll();
  });

  check(`${corpus.name}: the story page shows entities, facts and articles`, async () => {
    const page = await openPage(browser);
    await page.goto(await biggestStory(page, base));
    const entities = await page.$$eval('#entities .chip', (items) => items.map((item) => item.textContent.trim()));
    assert(entities.length >= 3, `${entities.length} entities`);
    const claims = await page.$$eval('#facts .claim', (items) => items.map((item) => ({
      values: [...item.querySelectorAll('.value')].map((value) => value.textContent.trim()),
      sources: item.querySelectorAll('details.cite').length,
    })));
    assert(claims.length >= 1, 'no facts');
    assert(claims.every((claim) => claim.values.length >= 1 && claim.values.every(Boolean) && claim.sources >= 1),
      'a fact without a value or a source');
    const articles = await page.$$eval('#articles li[id^="article-"]', (items) => items.map((item) => ({
      headline: item.querySelector('a.headline').textContent.trim(),
      href: item.querySelector('a.headline').getAttribute('href'),
    })));
    assert(articles.length >= 2, `${articles.length} articles`);
    assert(articles.every((article) => article.headline && /^\/articles\/\d+(\?story=\d+)?$/.test(article.href)),
      'an article without a headline linking to it');
    await page.closeAll();
  });

  check(`${corpus.name}: search finds an article`, async () => {
    const page = await openPage(browser);
    await page.goto(base + '/');
    await page.fill('form.search input[name=q]', corpus.query);
    await Promise.all([page.waitForURL(/\/search\?q=/), page.press('form.search input[name=q]', 'Enter')]);
    const hits = await page.$$('ol.hits > li');
    assert(hits.length >= 1, 'no hits');
    const marked = await page.$$eval('ol.hits mark', (marks) => marks.map((mark) => mark.textContent.toLowerCase()));
    assert(marked.some((word) => word.startsWith(corpus.query.toLowerCase().slice(0, 4))), 'no highlighted match');
    await screenshot(page, `${corpus.name}-desktop-search`);
    await Promise.all([page.waitForURL(/\/articles\/\d+/), page.click('ol.hits > li a.title')]);
    const text = (await page.textContent('main')).toLowerCase();
    assert(text.includes(corpus.query.toLowerCase()), `the article found does not say ${corpus.query}`);
    clean(page, 'search');
    await page.closeAll();
  });

  check(`${corpus.name}: with JavaScript off the list, a story and search are served as HTML`, async () => {
    const page = await openPage(browser, { javaScript: false });
    await page.goto(base + '/');
    const titles = await page.$$eval('li.story a.title', (links) => links.map((link) => link.textContent.trim()));
    assert(titles.length >= 1 && titles.every(Boolean), 'no stories without script');
    await screenshot(page, `${corpus.name}-nojs-list`);
    await page.click('li.story a.title');
    await page.waitForURL(/\/stories\/\d+/);
    assert((await page.$$('#summary .sentence')).length >= 1, 'no summary without script');
    // <details> needs no script: a chip still opens on its sentence.
    await page.click('#summary details.cite > summary');
    assert(await page.isVisible('#summary details.cite[open] .reveal blockquote'), 'a chip does not open without script');
    await page.goto(base + '/search?q=' + encodeURIComponent(corpus.query));
    assert((await page.$$('ol.hits > li')).length >= 1, 'no search hits without script');
    await page.closeAll();
  });

  check(`${corpus.name}: on a phone (390x844) the pages fit the screen and read at a normal size`, async () => {
    const page = await openPage(browser, { viewport: PHONE });
    const story = await biggestStory(page, base);
    const pages = [['list', base + '/'], ['story', story], ['search', base + '/search?q=' + encodeURIComponent(corpus.query)]];
    for (const [name, url] of pages) {
      await page.goto(url);
      if (name === 'story') {
        // Open one chip of each kind, as a reader would, before measuring.
        for (const selector of ['#summary details.cite > summary', '#quotes details.cite > summary', '#facts details.cite > summary'])
          if (await page.$(selector)) await page.click(selector);
      }
      const wide = await overflow(page);
      assert(wide <= 0, `the ${name} page is ${wide}px wider than the screen`);
      const size = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main p, main li')).fontSize));
      assert(size >= 14, `the ${name} page's text is ${size}px`);
      await screenshot(page, `${corpus.name}-phone-${name}`);
    }
    clean(page, 'the phone pages');
    await page.closeAll();
  });
}

check('examples: copies are listed under their original', async () => {
  const page = await openPage(browser);
  await page.goto(process.env.LEDE_EXAMPLES_URL + '/');
  const links = await page.$$eval('li.story a.title', (items) => items.map((item) => item.href));
  let copies = 0;
  for (const link of links) {
    await page.goto(link);
    copies += (await page.$$('#articles .copies > li .relation')).length;
  }
  assert(copies >= 3, `${copies} copies shown (the sample corpus has 5)`);
  await page.closeAll();
});

(async () => {
  const failed = await run();
  if (browser) await browser.close();
  process.exit(failed ? 1 : 0);
})();
