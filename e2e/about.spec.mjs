// /about/progress as a person meets it: the rule and the worked example (computed by the
// server's own rules) in Spanish and English, reached from the main navigation; accessible,
// light, readable without JavaScript, no console errors.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertAccessible, assertUnderBudget, htmlLang, screenshots,
} from './support/page.mjs';
import {
  browser, openPage, server, url, useServerAndBrowser,
} from './support/suite.mjs';


useServerAndBrowser();


describe('about progress', () => {
  test('is reached from the navigation and shows the worked example, without JavaScript', async () => {
    const { context, page } = await openPage({ javaScriptEnabled: false });
    await page.goto(server.url);
    await Promise.all([
      page.waitForURL(/\/about\/progress/),
      page.getByRole('navigation', { name: 'Navegación principal' })
        .getByRole('link', { name: 'Cómo se calcula el avance' }).click(),
    ]);
    assert.equal(await htmlLang(page), 'es');
    assert.equal(await page.locator('h1').textContent(), 'Cómo se calcula el avance');
    // The example tables: a caption, a header row and one row per part, the total in the footer.
    const tables = page.locator('table.example');
    assert.equal(await tables.count(), 2);
    assert.equal(await tables.first().locator('tbody tr').count(), 5);
    assert.match(await tables.first().locator('tfoot').textContent(), /33,3\s%/);
    assert.match(await page.locator('.sums').first().textContent(), /300 ÷ 9 = 33,3\s%/);
    assert.match(await page.locator('.sums').nth(1).textContent(), /300 ÷ 6,5 = 46,2\s%/);
    await context.close();
  });

  test('reads in English', async () => {
    const { context, page } = await openPage();
    await page.goto(url('/about/progress?lang=en'));
    assert.equal(await htmlLang(page), 'en');
    assert.equal(await page.locator('h1').textContent(), 'How progress is computed');
    assert.match(await page.locator('.sums').first().textContent(), /300 ÷ 9 = 33\.3%/);
    await context.close();
  });

  test('has no WCAG 2.1 AA violations in Spanish and English', async () => {
    const { context, page } = await openPage();
    await page.goto(url('/about/progress'));
    await assertAccessible(page);
    await page.goto(url('/about/progress?lang=en'));
    await assertAccessible(page);
    await context.close();
  });

  test('screenshots at 360 px and 1280 px', async () => {
    await screenshots(browser, url('/about/progress'), 'about-progress-es');
  });

  test('HTML, CSS and JavaScript weigh less than 100 KB', async () => {
    await assertUnderBudget(browser, url('/about/progress'));
  });

  test('logs no console errors in either language', async () => {
    const { context, page, errors } = await openPage();
    await page.goto(url('/about/progress'), { waitUntil: 'networkidle' });
    await page.goto(url('/about/progress?lang=en'), { waitUntil: 'networkidle' });
    assert.deepEqual(errors, [], `console errors:\n${errors.join('\n')}`);
    await context.close();
  });
});
