// The plan page (/plans/{code}) as a citizen meets it: Paraguay's 2014-2016 plan at 66,3 % as of
// 30 June 2015 (its government's own report), the filters and the date picker working as plain
// forms, the language switch, zero axe violations, under 100 KB, no JavaScript needed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertAccessible, assertFitsPhone, assertUnderBudget, htmlLang, screenshots,
} from './support/page.mjs';
import {
  browser, openPage, server, url, useServerAndBrowser,
} from './support/suite.mjs';


useServerAndBrowser();

const planPath = 'plans/PY-2014-2016?as_of=2015-06-30';
const planUrl = () => new URL(planPath, server.url).href;

describe('plan page', () => {
  test('shows the report\'s 66,3 % in Spanish and 66.3% in English', async () => {
    const { context, page } = await openPage();
    const response = await page.goto(planUrl());
    assert.equal(response.status(), 200);
    assert.equal(await htmlLang(page), 'es');
    const overall = page.locator('.board-overall .bar__value');
    assert.match((await overall.textContent()).trim(), /^66,3\s%$/);
    assert.match(await page.locator('h1').textContent(), /Gobierno Abierto/);
    await page.locator('a[hreflang="en"], a[href*="lang=en"]').first().click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.equal((await page.locator('.board-overall .bar__value').textContent()).trim(), '66.3%');
    await context.close();
  });

  test('lists the nine commitments, each linking to its page', async () => {
    const { context, page } = await openPage();
    await page.goto(planUrl());
    const rows = page.locator('.commitment-row');
    assert.equal(await rows.count(), 9);
    const href = await rows.first().locator('a').getAttribute('href');
    assert.equal(href, '/plans/PY-2014-2016/commitments/1?as_of=2015-06-30');
    await context.close();
  });

  test('filters by status without JavaScript, and clears', async () => {
    const { context, page } = await openPage({ javaScriptEnabled: false });
    await page.goto(planUrl());
    await page.selectOption('#f-status', 'completed');
    await page.locator('.board-filters button[type="submit"]').click();
    await page.waitForURL(/status=completed/);
    const rows = page.locator('.commitment-row');
    const count = await rows.count();
    assert.ok(count < 9, `the filter kept ${count} of 9 commitments`);
    for (let i = 0; i < count; i += 1) {
      assert.equal((await rows.nth(i).locator('.status').textContent()).trim(), 'Completado');
    }
    // The plan's own figure does not change with the filter.
    assert.match((await page.locator('.board-overall .bar__value').textContent()).trim(), /^66,3\s%$/);
    await page.locator('.board-filters a').click();
    await page.waitForURL((url) => !url.search.includes('status='));
    assert.equal(await page.locator('.commitment-row').count(), 9);
    await context.close();
  });

  test('the as-of date picker shows the plan as it stood that day', async () => {
    const { context, page } = await openPage({ javaScriptEnabled: false });
    await page.goto(planUrl());
    await page.fill('#as_of', '2014-07-01');
    await page.locator('.board-filters button[type="submit"]').click();
    await page.waitForURL(/as_of=2014-07-01/);
    // Nothing of the report was reported yet on the plan's first day.
    assert.match((await page.locator('.board-overall .bar__value').textContent()).trim(), /^0,0\s%$/);
    await context.close();
  });

  test('offers CSV, JSON and Atom downloads of what it shows', async () => {
    const { context, page } = await openPage();
    await page.goto(new URL(`${planPath}&status=completed`, server.url).href);
    const csvHref = await page.locator('a[type="text/csv"]').getAttribute('href');
    const csv = await (await fetch(new URL(csvHref, server.url))).text();
    const lines = csv.trim().split('\n');
    assert.equal(lines.length - 1, await page.locator('.commitment-row').count());
    assert.ok(lines.slice(1).every((line) => line.includes(',completed,')), csv);
    const jsonHref = await page.locator('a[type="application/json"]').getAttribute('href');
    const json = await (await fetch(new URL(jsonHref, server.url))).json();
    assert.equal(json.as_of, '2015-06-30');
    assert.equal(json.commitments.length, lines.length - 1);
    const feedHref = await page.locator('a[type="application/atom+xml"]').getAttribute('href');
    const feed = await fetch(new URL(feedHref, server.url));
    assert.match(feed.headers.get('content-type'), /^application\/atom\+xml/);
    assert.match(await feed.text(), /<entry>/);
    await context.close();
  });

  test('has no WCAG 2.1 AA violations in Spanish and English, filtered or not', async () => {
    for (const suffix of ['', '&lang=en', '&status=delayed', '&area=nothing']) {
      const { context, page } = await openPage();
      await page.goto(planUrl() + suffix);
      await assertAccessible(page);
      await context.close();
    }
  });

  test('fits a 360 px phone without scrolling sideways', async () => {
    await assertFitsPhone(browser, planUrl());
  });

  test('HTML, CSS and JavaScript weigh less than 100 KB', async () => {
    await assertUnderBudget(browser, planUrl());
  });

  test('screenshots at 360 px and 1280 px', async () => {
    await screenshots(browser, planUrl(), 'plan-es');
  });

  test('logs no console errors', async () => {
    const { context, page, errors } = await openPage();
    await page.goto(planUrl(), { waitUntil: 'networkidle' });
    assert.deepEqual(errors, [], `console errors:\n${errors.join('\n')}`);
    await context.close();
  });
});
