// What every browser suite checks the same way: a page opened in a fresh context that records
// console errors, zero axe violations (WCAG 2.1 A and AA), the weight of a page's HTML, CSS and
// JavaScript, and screenshots at a phone's and a desktop's width saved under e2e/screenshots/.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';

export const screenshotDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// A page of an open-government site should reach people on slow, metered connections.
export const pageBudgetBytes = 100 * 1024;
export const viewports = { phone: { width: 360, height: 740 }, desktop: { width: 1280, height: 800 } };

// A fresh context and page that records console errors and uncaught exceptions. The browser
// prefers Spanish as the site's visitors' browsers do: the server negotiates Accept-Language.
export async function openPage(browser, options = {}) {
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

export async function htmlLang(page) {
  return page.locator('html').getAttribute('lang');
}

function describeViolations(violations) {
  return violations.map((violation) => {
    const targets = violation.nodes.map((node) => `    ${node.target.join(' ')}`).join('\n');
    return `${violation.id} (${violation.impact}): ${violation.help}\n  ${violation.helpUrl}\n${targets}`;
  }).join('\n');
}

export async function assertAccessible(page) {
  const results = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
  assert.equal(results.violations.length, 0,
    `axe found ${results.violations.length} violation(s) on ${page.url()}:\n` +
    describeViolations(results.violations));
}

// Loads url and returns the bytes of HTML, CSS and JavaScript it transferred, with a breakdown
// for the failure message.
export async function pageWeight(browser, url) {
  const { context, page } = await openPage(browser);
  const responses = [];
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (type === 'document' || type === 'stylesheet' || type === 'script') {
      responses.push(response);
    }
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  const sizes = [];
  for (const response of responses) {
    // The decoded body: the budget is for what the browser must parse, whatever the wire size.
    const bytes = (await response.body()).length;
    sizes.push({ url: response.url(), bytes });
  }
  await context.close();
  const total = sizes.reduce((sum, entry) => sum + entry.bytes, 0);
  const breakdown = sizes.map((entry) => `  ${entry.bytes} B  ${entry.url}`).join('\n');
  return { total, breakdown, count: sizes.length };
}

export async function assertUnderBudget(browser, url) {
  const { total, breakdown, count } = await pageWeight(browser, url);
  assert.ok(count > 0, `no HTML response was seen for ${url}`);
  assert.ok(total < pageBudgetBytes,
    `${url} has ${total} B of HTML, CSS and JS (budget ${pageBudgetBytes} B):\n${breakdown}`);
}

// Full-page screenshots at 360 px and 1280 px: <name>-360.png and <name>-1280.png.
export async function screenshots(browser, url, name) {
  await mkdir(screenshotDir, { recursive: true });
  for (const viewport of Object.values(viewports)) {
    const { context, page } = await openPage(browser, { viewport });
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.screenshot({ path: path.join(screenshotDir, `${name}-${viewport.width}.png`), fullPage: true });
    await context.close();
  }
}

// The page is readable at a phone's 360 px: nothing makes it scroll sideways.
export async function assertFitsPhone(browser, url) {
  const { context, page } = await openPage(browser, { viewport: viewports.phone });
  await page.goto(url);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  await context.close();
  assert.ok(width <= viewports.phone.width,
    `${url} is ${width} px wide at a ${viewports.phone.width} px screen`);
}

// The page open in a browser (signed in or not), checked as every page is: its language, zero
// axe violations, its HTML and stylesheets under the budget (fetched with the page's own session,
// which a fresh context would not have), no sideways scrolling at 360 px, and, when a name is
// given, full-page screenshots at both widths: <name>-360.png and <name>-1280.png.
export async function checkOpenPage(page, lang, name) {
  assert.equal(await htmlLang(page), lang);
  await assertAccessible(page);
  let bytes = Buffer.byteLength(await page.content());
  const sheets = await page.locator('link[rel="stylesheet"]').evaluateAll(
    (links) => links.map((link) => link.href));
  for (const sheet of sheets) {
    bytes += (await (await page.context().request.get(sheet)).body()).length;
  }
  assert.ok(bytes < pageBudgetBytes, `${page.url()} weighs ${bytes} B`);
  await page.setViewportSize(viewports.phone);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= viewports.phone.width, `${page.url()} is ${width} px wide at 360 px`);
  if (name) {
    await mkdir(screenshotDir, { recursive: true });
    await page.screenshot({ path: path.join(screenshotDir, `${name}-360.png`), fullPage: true });
  }
  await page.setViewportSize(viewports.desktop);
  if (name) {
    await page.screenshot({ path: path.join(screenshotDir, `${name}-1280.png`), fullPage: true });
  }
}
