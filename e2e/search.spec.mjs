// Search as a person meets it, on the demo data (Paraguay's 2014-2016 plan and Chile's Congress
// plan): the box in the header of the home page works without JavaScript, a word typed without
// its accent finds the demo commitment that has it ("asuncion" finds "Asunción" in Paraguay's
// commitment 4), in Spanish and English; accessible, light, no console errors.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertAccessible, assertUnderBudget, htmlLang, screenshots,
} from './support/page.mjs';
import {
  browser, openPage, server, url, useServerAndBrowser,
} from './support/suite.mjs';


useServerAndBrowser();

const withoutAccent = '/search?q=asuncion';
const expectedLink = '/plans/PY-2014-2016/commitments/4';

describe('search', () => {
  test('the header box of the home page finds a word typed without its accent, without JavaScript', async () => {
    const { context, page } = await openPage({ javaScriptEnabled: false });
    await page.goto(server.url);
    const box = page.getByRole('search').getByLabel('Buscar compromisos');
    await box.fill('ASUNCION');
    await Promise.all([page.waitForURL(/\/search\?/), page.getByRole('search').getByRole('button').click()]);
    assert.match(page.url(), /q=ASUNCION/);
    assert.match(page.url(), /lang=es/);
    assert.equal(await htmlLang(page), 'es');
    const result = page.locator(`.search-result a[href="${expectedLink}"]`);
    assert.equal(await result.count(), 1, 'the commitment with "Asunción" is not among the results');
    assert.equal(await page.locator('.search-result mark').first().textContent(), 'Asunción');
    const item = page.locator('.search-result').filter({ has: page.locator(`a[href="${expectedLink}"]`) });
    assert.match(await item.locator('.search-result__plan').textContent(), /2014-2016/);
    assert.match(await item.locator('.bar__value').textContent(), /\d\s%|no aplica/);
    assert.equal(await item.locator('.status').count(), 1);
    await context.close();
  });

  test('in English the box keeps the language and the page reads in English', async () => {
    const { context, page } = await openPage({ javaScriptEnabled: false });
    await page.goto(url('/?lang=en'));
    await page.getByRole('search').getByLabel('Search commitments').fill('asuncion');
    await Promise.all([page.waitForURL(/\/search\?/), page.getByRole('search').getByRole('button').click()]);
    assert.match(page.url(), /lang=en/);
    assert.equal(await htmlLang(page), 'en');
    assert.match(await page.locator('.search-summary').textContent(), /Commitments found:/);
    assert.equal(await page.locator(`.search-result a[href="${expectedLink}"]`).count(), 1);
    await context.close();
  });

  test('an empty query shows the box, a query with no match says so', async () => {
    const { context, page } = await openPage();
    await page.goto(url('/search'));
    assert.ok(await page.locator('h1').isVisible());
    assert.equal(await page.locator('.search-result').count(), 0);
    assert.equal(await page.getByRole('search').count(), 1);
    await page.goto(url('/search?q=zzzzqqq'));
    assert.match(await page.locator('.empty-state').textContent(), /Ningún compromiso/);
    await context.close();
  });

  test('has no WCAG 2.1 AA violations in Spanish and English', async () => {
    const { context, page } = await openPage();
    for (const target of [withoutAccent, `${withoutAccent}&lang=en`, '/search?q=zzzzqqq', '/search']) {
      await page.goto(url(target));
      await assertAccessible(page);
    }
    await context.close();
  });

  test('at 360 px the header box fits the screen and the results page does not scroll sideways', async () => {
    const { context, page } = await openPage({ viewport: { width: 360, height: 740 } });
    await page.goto(server.url);
    await assertAccessible(page);
    for (const selector of ['.site-search__input', '.site-search__button']) {
      const box = await page.locator(selector).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 360, `${selector} is outside the screen: ${JSON.stringify(box)}`);
    }
    await page.goto(url(withoutAccent));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the search page is ${overflow} px wider than the screen`);
    await context.close();
  });

  test('screenshots at 360 px and 1280 px', async () => {
    await screenshots(browser, url(withoutAccent), 'search-es');
    await screenshots(browser, server.url, 'search-box-home-es');
  });

  test('HTML, CSS and JavaScript weigh less than 100 KB', async () => {
    await assertUnderBudget(browser, url('/search?q=a'));
  });

  test('logs no console errors in either language', async () => {
    const { context, page, errors } = await openPage();
    await page.goto(url(withoutAccent), { waitUntil: 'networkidle' });
    await page.goto(url(`${withoutAccent}&lang=en`), { waitUntil: 'networkidle' });
    assert.deepEqual(errors, [], `console errors:\n${errors.join('\n')}`);
    await context.close();
  });
});
