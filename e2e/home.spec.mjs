// The home page as a person meets it: Spanish by default, English one click away, accessible
// (WCAG 2.1 A and AA as axe checks them), light, readable without JavaScript and free of console
// errors, which is also where Content-Security-Policy violations show up.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const screenshotDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// A page of an open-government site should reach people on slow, metered connections.
const pageBudgetBytes = 100 * 1024;
const switchToEnglish = 'a[hreflang="en"], a[href*="lang=en"]';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// A fresh context and page that records console errors and uncaught exceptions. The browser
// prefers Spanish as the site's visitors' browsers do: the server negotiates Accept-Language.
async function openPage(options = {}) {
  const context = await browser.newContext({ locale: 'es-PY', ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      errors.push(`console: ${message.text()} (${message.location().url})`);
    }
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return { context, page, errors };
}

async function htmlLang(page) {
  return page.locator('html').getAttribute('lang');
}

function describeViolations(violations) {
  return violations.map((violation) => {
    const targets = violation.nodes.map((node) => `    ${node.target.join(' ')}`).join('\n');
    return `${violation.id} (${violation.impact}): ${violation.help}\n  ${violation.helpUrl}\n${targets}`;
  }).join('\n');
}

async function assertAccessible(page) {
  const results = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
  assert.equal(results.violations.length, 0,
    `axe found ${results.violations.length} violation(s) on ${page.url()}:\n` +
    describeViolations(results.violations));
}

describe('home page', () => {
  test('is in Spanish by default (a German browser), with a heading', async () => {
    const { context, page } = await openPage({ locale: 'de-DE' });
    const response = await page.goto(server.url);
    assert.equal(response.status(), 200);
    assert.equal(await htmlLang(page), 'es');
    assert.ok(await page.locator('h1').first().isVisible(), 'the page has no visible h1');
    await context.close();
  });

  test('the language switcher leads to English', async () => {
    const { context, page } = await openPage();
    await page.goto(server.url);
    const link = page.locator(switchToEnglish).first();
    assert.equal(await link.count(), 1, `no link to English matches ${switchToEnglish}`);
    await link.click();
    await page.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: 10_000 });
    assert.equal(await htmlLang(page), 'en');
    assert.ok(await page.locator('h1').first().isVisible(), 'the English page has no visible h1');
    await context.close();
  });

  test('has no WCAG 2.1 AA violations in Spanish', async () => {
    const { context, page } = await openPage();
    await page.goto(server.url);
    await assertAccessible(page);
    await context.close();
  });

  test('has no WCAG 2.1 AA violations in English', async () => {
    const { context, page } = await openPage();
    await page.goto(new URL('?lang=en', server.url).href);
    assert.equal(await htmlLang(page), 'en');
    await assertAccessible(page);
    await context.close();
  });

  test('full-page screenshot', async () => {
    const { context, page } = await openPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url, { waitUntil: 'networkidle' });
    await mkdir(screenshotDir, { recursive: true });
    await page.screenshot({ path: path.join(screenshotDir, 'home-es.png'), fullPage: true });
    await context.close();
  });

  test('HTML, CSS and JavaScript weigh less than 100 KB', async () => {
    const { context, page } = await openPage();
    const responses = [];
    page.on('response', (response) => {
      const type = response.request().resourceType();
      if (type === 'document' || type === 'stylesheet' || type === 'script') {
        responses.push(response);
      }
    });
    await page.goto(server.url, { waitUntil: 'networkidle' });
    const sizes = [];
    for (const response of responses) {
      // Bytes on the wire (compressed if the server compressed); the decoded body when the
      // browser reports no transfer size.
      const { responseBodySize } = await response.request().sizes();
      const bytes = responseBodySize > 0 ? responseBodySize : (await response.body()).length;
      sizes.push({ url: response.url(), bytes });
    }
    const total = sizes.reduce((sum, entry) => sum + entry.bytes, 0);
    const breakdown = sizes.map((entry) => `  ${entry.bytes} B  ${entry.url}`).join('\n');
    assert.ok(sizes.length > 0, 'no HTML response was seen');
    assert.ok(total < pageBudgetBytes,
      `the home page transfers ${total} B of HTML, CSS and JS (budget ${pageBudgetBytes} B):\n${breakdown}`);
    await context.close();
  });

  test('works without JavaScript', async () => {
    const { context, page } = await openPage({ javaScriptEnabled: false });
    const response = await page.goto(server.url);
    assert.equal(response.status(), 200);
    assert.ok(await page.locator('h1').first().isVisible(), 'no visible h1 without JavaScript');
    await context.close();
  });

  test('logs no console errors in either language', async () => {
    const { context, page, errors } = await openPage();
    await page.goto(server.url, { waitUntil: 'networkidle' });
    await page.goto(new URL('?lang=en', server.url).href, { waitUntil: 'networkidle' });
    assert.deepEqual(errors, [], `console errors:\n${errors.join('\n')}`);
    await context.close();
  });
});
