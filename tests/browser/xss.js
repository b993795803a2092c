// Article text is hostile input.  The store behind LEDE_HOSTILE_URL holds
// pages whose every field carries script, event handlers, javascript: URLs
// and attribute-breaking quotes (test_browser.sh writes them).  Every view
// (list, stories, articles, search, the JSON API) is visited twice: as served,
// and with the Content-Security-Policy bypassed, so that the escaping alone
// must keep the payloads inert.  Nothing may run (window.__xss stays
// undefined, no dialog opens) and no markup from the pages may reach the DOM.
'use strict';

const { check, assert, launch, openPage, screenshot, run } = require('./lib');

const base = process.env.LEDE_HOSTILE_URL;
let browser;
let views = [];

/* Everything in the DOM that only a payload could have put there. */
function injected() {
  const found = [];
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
      if (name.startsWith('on')) found.push(`${element.tagName} ${name}`);
      if (['href', 'src', 'action', 'formaction', 'data', 'srcdoc', 'xlink:href'].includes(name) &&
          (value.startsWith('javascript:') || value.startsWith('data:text/html') || name === 'srcdoc'))
        found.push(`${element.tagName} ${name}=${attribute.value.slice(0, 40)}`);
    }
    if (['IFRAME', 'OBJECT', 'EMBED', 'BASE', 'FORM'].includes(element.tagName) &&
        !(element.tagName === 'FORM' && element.classList.contains('search')))
      found.push(element.tagName);
    if (element.tagName === 'SCRIPT' && element.getAttribute('src') !== '/static/app.js')
      found.push('SCRIPT ' + (element.getAttribute('src') || element.textContent.slice(0, 40)));
    if (element.tagName === 'STYLE' || (element.tagName === 'LINK' && element.getAttribute('href') !== '/static/app.css' &&
        element.getAttribute('rel') !== 'icon'))
      found.push(element.tagName);
  }
  return found;
}

/*
 * Visits `url`, opens every chip, fires on every element the events that
 * handlers listen for (as a reader's mouse, keyboard and a failed image
 * would), and says what ran or got in.
 */
async function visit(page, url) {
  const reply = await page.goto(url);
  await page.$$eval('details', (all) => all.forEach((details) => { details.open = true; }));
  await page.evaluate(() => {
    for (const element of document.querySelectorAll('*'))
      for (const type of ['mouseover', 'mouseenter', 'focus', 'error', 'load', 'toggle', 'animationstart'])
        element.dispatchEvent(new Event(type));
  });
  await page.mouse.move(200, 300);
  await page.keyboard.press('Tab');
  await page.waitForTimeout(50);
  const ran = await page.evaluate(() => typeof window.__xss === 'undefined' ? null : String(window.__xss));
  const markup = await page.evaluate(injected);
  return { status: reply.status(), ran, markup, dialogs: page.dialogs.splice(0) };
}

check('hostile store: served with stories, articles and a search hit', async () => {
  assert(base, 'LEDE_HOSTILE_URL is not set');
  browser = await launch();
  const stats = await (await fetch(base + '/api/stats')).json();
  const stories = (await (await fetch(base + '/api/stories?limit=50')).json()).stories;
  assert(stats.articles >= 5, `${stats.articles} articles stored`);
  assert(stories.length >= 1, 'no stories');
  views = ['/', '/?offset=0'];
  for (const story of stories) views.push(`/stories/${story.id}`);
  for (let id = 1; id <= stats.articles; id++) views.push(`/articles/${id}`, `/articles/${id}?story=${stories[0].id}`);
  for (const q of ['pier', 'Gullhaven repairs', 'script', 'onerror', '<script>window.__xss=1;alert(1)</script>',
    '"><img src=x onerror=alert(1)>', "' onmouseover='alert(1)", 'javascript:alert(1)',
    '" autofocus onfocus="window.__xss=\'query\';alert(\'query\')'])
    views.push('/search?q=' + encodeURIComponent(q));
  views.push('/search?q=pier&outlet=' + encodeURIComponent('"><script>alert(1)</script>'));
  views.push('/stories/' + encodeURIComponent('<script>alert(1)</script>'), '/nothing/<svg onload=alert(1)>');
  const hits = await (await fetch(base + '/api/search?q=pier')).json();
  assert(hits.hits.length >= 1, 'search finds no hostile article');
});

check('hostile story: the payloads show as text on the page', async () => {
  const page = await openPage(browser);
  const stories = (await (await fetch(base + '/api/stories?limit=50')).json()).stories;
  const story = stories.find((item) => item.articles.length >= 3) || stories[0];
  await page.goto(`${base}/stories/${story.id}`);
  const text = await page.textContent('main');
  assert(/<script>|onerror=|javascript:/.test(text), 'the hostile text is not shown as text');
  await page.$$eval('details', (all) => all.forEach((details) => { details.open = true; }));
  await screenshot(page, 'hostile-desktop-story');
  await page.goto(`${base}/search?q=${encodeURIComponent('<script>window.__xss=1</script>')}`);
  assert((await page.inputValue('form.search input[name=q]')) === '<script>window.__xss=1</script>',
    'the search box does not hold the query as typed');
  await page.closeAll();
});

for (const bypass of [false, true]) {
  const how = bypass ? 'with the CSP bypassed' : 'as served';

  check(`no payload runs or reaches the DOM in any view (${how})`, async () => {
    const page = await openPage(browser, { bypassCSP: bypass });
    const bad = [];
    for (const view of views) {
      const result = await visit(page, base + view);
      if (result.ran) bad.push(`${view}: window.__xss=${result.ran}`);
      if (result.dialogs.length) bad.push(`${view}: dialog ${result.dialogs[0]}`);
      if (result.markup.length) bad.push(`${view}: ${result.markup.slice(0, 3).join(', ')}`);
      if (result.status >= 500) bad.push(`${view}: status ${result.status}`);
    }
    const errors = page.problems.filter((problem) => !/status of 404/.test(problem));
    if (errors.length) bad.push(errors[0]);
    assert(bad.length === 0, `${bad.length} problems; first: ${bad[0]}`);
    await page.closeAll();
  });

  check(`the JSON API's hostile strings stay data (${how})`, async () => {
    const page = await openPage(browser, { bypassCSP: bypass });
    const stats = await (await fetch(base + '/api/stats')).json();
    for (let id = 1; id <= stats.articles; id++) {
      const reply = await page.goto(`${base}/api/articles/${id}`);
      assert(/^application\/json/.test(reply.headers()['content-type']), `/api/articles/${id} is not JSON`);
      assert(reply.headers()['x-content-type-options'] === 'nosniff', 'no nosniff');
      const ran = await page.evaluate(() => typeof window.__xss === 'undefined' ? null : String(window.__xss));
      assert(!ran && page.dialogs.length === 0, `/api/articles/${id} ran ${ran || page.dialogs[0]}`);
      assert((await page.$$('script, img, svg, iframe')).length === 0, `/api/articles/${id} became markup`);
    }
    await page.closeAll();
  });
}

check('every page and API answer carries a CSP that forbids inline script', async () => {
  const paths = ['/', '/stories/1', '/articles/1', '/search?q=pier', '/api/stories', '/api/stories/1',
    '/api/articles/1', '/api/search?q=pier', '/healthz', '/static/app.js', '/nothing'];
  for (const path of paths) {
    const reply = await fetch(base + path);
    const policy = reply.headers.get('content-security-policy') || '';
    const script = (policy.match(/script-src ([^;]*)/) || [])[1] || (policy.match(/default-src ([^;]*)/) || [])[1];
    assert(script, `${path}: no script-src or default-src in [${policy}]`);
    assert(!/unsafe-inline|unsafe-eval|unsafe-hashes|\*|data:|http:|https:/.test(script), `${path}: script-src ${script}`);
    assert(/default-src 'none'/.test(policy), `${path}: default-src is not 'none'`);
    assert(!/style-src[^;]*unsafe-inline/.test(policy), `${path}: inline style allowed`);
    assert(reply.headers.get('x-content-type-options') === 'nosniff', `${path}: no nosniff`);
  }
});

check('the browser enforces the CSP: an inline script added to a page does not run', async () => {
  const page = await openPage(browser);
  await page.goto(base + '/');
  const outcome = await page.evaluate(() => new Promise((resolve) => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective));
    const script = document.createElement('script');
    script.textContent = 'window.__inline = 1;';
    document.body.appendChild(script);
    const handler = document.createElement('img');
    handler.setAttribute('onerror', 'window.__handler = 1');
    handler.src = '/static/missing.png';
    document.body.appendChild(handler);
    setTimeout(() => resolve({ inline: window.__inline, handler: window.__handler, violations }), 500);
  }));
  assert(outcome.inline === undefined, 'the inline script ran');
  assert(outcome.handler === undefined, 'the inline event handler ran');
  assert(outcome.violations.some((directive) => directive.startsWith('script-src')),
    `no script-src violation reported: ${outcome.violations.join(', ')}`);
  await page.closeAll();
});

(async () => {
  const failed = await run();
  if (browser) await browser.close();
  process.exit(failed ? 1 : 0);
})();
