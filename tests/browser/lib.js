// A tiny runner for the browser checks: each check prints "PASS: name" or
// "FAIL: name: why" (the lines tests/run.sh counts), and the browser is
// Debian's chromium driven by playwright-core.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch (error) {
  console.log('FAIL: playwright-core is installed: run scripts/setup (npm ci in tests/browser): ' +
    error.message.split('\n')[0]);
  process.exit(1);
}

const CHROMIUM = process.env.LEDE_CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.LEDE_SHOTS || path.join(__dirname, '..', '..', 'build', 'tests', 'browser');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

const checks = [];
let failed = 0;

/* Registers a check; `fn` throws (or rejects) to fail. */
function check(name, fn) {
  checks.push({ name, fn });
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
    timeout: 60000,
  });
}

/*
 * A page in a fresh context that records console errors, page errors and
 * dialogs, so that a check can say none happened.
 */
async function openPage(browser, options = {}) {
  const context = await browser.newContext({
    viewport: options.viewport || DESKTOP,
    javaScriptEnabled: options.javaScript !== false,
    bypassCSP: !!options.bypassCSP,
    deviceScaleFactor: options.viewport === PHONE ? 2 : 1,
    isMobile: options.viewport === PHONE,
    hasTouch: options.viewport === PHONE,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.problems = [];
  page.dialogs = [];
  page.on('console', (message) => {
    if (message.type() === 'error') page.problems.push('console: ' + message.text());
  });
  page.on('pageerror', (error) => page.problems.push('page error: ' + error.message));
  page.on('dialog', async (dialog) => {
    page.dialogs.push(dialog.type() + ': ' + dialog.message());
    await dialog.dismiss().catch(() => {});
  });
  page.closeAll = () => context.close();
  return page;
}

async function screenshot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: true });
}

/* Width of the page beyond the viewport, in CSS pixels (0 when nothing overflows sideways). */
async function overflow(page) {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) -
    window.innerWidth);
}

async function run() {
  for (const { name, fn } of checks) {
    try {
      await fn();
      console.log(`PASS: ${name}`);
    } catch (error) {
      failed++;
      console.log(`FAIL: ${name}: ${String(error && error.message || error).split('\n')[0]}`);
    }
  }
  return failed;
}

module.exports = { check, assert, launch, openPage, screenshot, overflow, run, DESKTOP, PHONE, SHOTS };
