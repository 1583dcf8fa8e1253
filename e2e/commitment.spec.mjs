// The public commitment page as a person meets it, on the Paraguay demo plan: the template
// fields, the figure in Spanish and English, the date form (a plain GET form, so it works
// without JavaScript), the CSV download, accessibility (WCAG 2.1 A and AA as axe checks them),
// weight, and no console errors (where Content-Security-Policy violations show up).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertAccessible, assertUnderBudget, htmlLang, screenshots,
} from './support/page.mjs';
import {
  browser, openPage, server, url, useServerAndBrowser,
} from './support/suite.mjs';

// The report's date: commitment 8 then stands at (2.5 × 40 + 2.5 × 0) ÷ 5 = 20 %.
const reportDate = '2015-06-30';

let commitmentUrl;

useServerAndBrowser(async () => {
  // The commitment's address from the plans API, as a client would find it.
  const plan = await (await fetch(new URL('api/v1/plans/PY-2014-2016', server.url))).json();
  const commitment = plan.commitments.find((entry) => entry.code === '8');
  assert.ok(commitment, 'the demo plan has no commitment 8');
  commitmentUrl = new URL(`plans/${plan.code}/commitments/${encodeURIComponent(commitment.code)}`, server.url).href;
});

const at = (query) => `${commitmentUrl}?${query}`;
const figure = (page) => page.locator('.commitment__figure .bar__value').first().textContent();

describe('commitment page', () => {
  test('shows the template fields, results, assessments and the arithmetic in Spanish', async () => {
    const { context, page } = await openPage();
    const response = await page.goto(at(`as_of=${reportDate}`));
    assert.equal(response.status(), 200);
    assert.equal(await htmlLang(page), 'es');
    assert.match(await page.locator('h1').textContent(), /Sembrando Oportunidades/);
    assert.equal(await figure(page), '20,0\u00a0%');
    const text = await page.locator('main').innerText();
    for (const part of ['Ficha del compromiso', 'Rafael Palau', 'rpalau@stp.gov.py',
      'Resultados, hitos y actividades', 'Evaluaciones del nivel de cumplimiento', 'Limitado',
      'Todavía no evaluado', 'Sugerencia de la plataforma (no es una evaluación)',
      '¿Cómo se calcula esta cifra?', 'Historial de avances']) {
      assert.ok(text.includes(part), `missing: ${part}`);
    }
    assert.match(await page.locator('.formula').innerText(), /\(2,5 × 40\s%\s\+\s2,5 × 0\s%\)\s÷\s5 = 20\s%/);
    assert.equal(await page.locator('.tree .node').count(), 2);
    assert.equal(await page.locator('.history__entry').count(), 2);
    const breadcrumbs = page.locator('nav.breadcrumbs a');
    assert.equal(await breadcrumbs.nth(0).getAttribute('href'), '/');
    assert.equal(await breadcrumbs.nth(1).getAttribute('href'), `/plans/PY-2014-2016?as_of=${reportDate}`);
    assert.equal(await page.locator('#how a[href="/about/progress"]').count(), 1);
    await context.close();
  });

  test('shows the English figure in English', async () => {
    const { context, page } = await openPage();
    await page.goto(at(`as_of=${reportDate}&lang=en`));
    assert.equal(await htmlLang(page), 'en');
    assert.equal(await figure(page), '20.0%');
    assert.match(await page.locator('.formula').innerText(), /\(2\.5 × 40% \+ 2\.5 × 0%\) ÷ 5 = 20%/);
    assert.ok((await page.locator('main').innerText()).includes('Not assessed yet'));
    await context.close();
  });

  test('the date form shows the commitment as it stood that day, without JavaScript', async () => {
    const { context, page } = await openPage({ javaScriptEnabled: false });
    await page.goto(at(`as_of=${reportDate}`));
    assert.ok(await page.locator('h1').isVisible(), 'no visible h1 without JavaScript');
    await page.locator('#as-of-date').fill('2015-06-29');
    await Promise.all([page.waitForURL(/as_of=2015-06-29/), page.locator('.as-of-form button').click()]);
    // The day before the report nothing had been reported: 0 %, and no history.
    assert.equal(await figure(page), '0,0\u00a0%');
    assert.equal(await page.locator('.history__entry').count(), 0);
    await context.close();
  });

  test('a malformed date is the site\'s 400 page naming the parameter', async () => {
    const { context, page } = await openPage();
    const response = await page.goto(at('as_of=30-06-2015'));
    assert.equal(response.status(), 400);
    assert.ok((await page.locator('main').innerText()).includes('as_of'));
    await context.close();
  });

  test('the CSV download is the results tree as of the date, UTF-8 with a byte order mark', async () => {
    const { context, page } = await openPage();
    await page.goto(at(`as_of=${reportDate}`));
    const href = await page.locator('a[type="text/csv"]').getAttribute('href');
    const response = await fetch(new URL(href, server.url));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^text\/csv/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\n');
    assert.equal(lines[0], 'plan,commitment,as_of,code,parent,title,kind,weight,progress,status,due_date');
    assert.equal(lines.length, 3);
    assert.match(lines[1], /^PY-2014-2016,8,2015-06-30,8\.1,,.*,result,2\.5,40,in_progress,2016-06-30$/);
    const json = await page.locator('a[type="application/json"]').getAttribute('href');
    assert.equal(json, `/api/v1/plans/PY-2014-2016/commitments/8?as_of=${reportDate}`);
    await context.close();
  });

  test('has no WCAG 2.1 AA violations in Spanish', async () => {
    const { context, page } = await openPage();
    await page.goto(at(`as_of=${reportDate}`));
    await assertAccessible(page);
    await context.close();
  });

  test('has no WCAG 2.1 AA violations in English', async () => {
    const { context, page } = await openPage();
    await page.goto(at(`as_of=${reportDate}&lang=en`));
    assert.equal(await htmlLang(page), 'en');
    await assertAccessible(page);
    await context.close();
  });

  test('screenshots at 360 px and 1280 px', async () => {
    await screenshots(browser, at(`as_of=${reportDate}`), 'commitment-es');
  });

  test('HTML, CSS and JavaScript weigh less than 100 KB', async () => {
    await assertUnderBudget(browser, at(`as_of=${reportDate}`));
    // The largest demo commitment (2, fourteen results) too.
    await assertUnderBudget(browser, commitmentUrl.replace(/\/8$/, '/2'));
  });

  test('logs no console errors in either language', async () => {
    const { context, page, errors } = await openPage();
    await page.goto(at(`as_of=${reportDate}`), { waitUntil: 'networkidle' });
    await page.goto(at(`as_of=${reportDate}&lang=en`), { waitUntil: 'networkidle' });
    assert.deepEqual(errors, [], `console errors:\n${errors.join('\n')}`);
    await context.close();
  });
});
