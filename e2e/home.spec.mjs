// The home page as a person meets it: Spanish by default, English one click away, accessible
// (WCAG 2.1 A and AA as axe checks them), light, readable without JavaScript and free of console
// errors, which is also where Content-Security-Policy violations show up.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertAccessible, assertFitsPhone, assertUnderBudget, htmlLang, screenshots,
} from './support/page.mjs';
import {
  browser, openPage, server, url, useServerAndBrowser,
} from './support/suite.mjs';

const switchToEnglish = 'a[hreflang="en"], a[href*="lang=en"]';


useServerAndBrowser();


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

  test('screenshots at 360 px and 1280 px', async () => {
    await screenshots(browser, server.url, 'home-es');
  });

  test('fits a 360 px phone without scrolling sideways', async () => {
    await assertFitsPhone(browser, server.url);
  });

  test('HTML, CSS and JavaScript weigh less than 100 KB', async () => {
    await assertUnderBudget(browser, server.url);
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
