// The Open Government Unit's consultation pages in the browser: every page, refused forms
// included, with zero axe violations, under 100 KB and no wider than a 360 px phone.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { checkOpenPage, screenshotDir } from './support/page.mjs';
import { openPage, server, url, useServerAndBrowser } from './support/suite.mjs';
import { addUser } from './support/users.mjs';

const password = 'caballo-correcto-bateria';
const admin = 'ugo.admin@gov.py';
const citizen = 'carla@example.org';

useServerAndBrowser(async () => {
  await addUser(server, { email: admin, role: 'administrator', name: 'Unidad', password });
  await addUser(server, { email: citizen, role: 'citizen', name: 'Carla', password });
});

// The page now open, checked as every page is (support/page.mjs).
const check = (page, lang) => checkOpenPage(page, lang);

async function signIn(email) {
  const { context, page } = await openPage();
  await page.goto(url('/sign-in?lang=en'));
  await page.locator('[name=email]').fill(email);
  await page.locator('[name=password]').fill(password);
  await Promise.all([page.waitForNavigation(), page.locator('form:has([name=password]) button[type=submit]').click()]);
  return { context, page };
}

const pad = (n) => String(n).padStart(2, '0');
const local = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;

async function submitForm(page, selector) {
  await Promise.all([page.waitForNavigation(), page.locator(`${selector} button[type=submit]`).first().click()]);
}

describe('the unit\'s consultation pages', () => {
  test('every page and refused form is accessible', async () => {
    const { context, page } = await signIn(admin);
    for (const lang of ['en', 'es']) {
      await page.goto(url(`/admin/consultations?lang=${lang}`));
      await check(page, lang);
    }
    await page.goto(url('/admin/consultations/new?lang=en'));
    await check(page, 'en');
    await page.locator('#consultation-title').fill('Consulta de prueba');
    await page.locator('#consultation-voting_opens').fill('2026-04-01T00:00');
    await submitForm(page, 'form[action^="/admin/consultations/new"]');
    assert.match(await page.locator('main').innerText(), /Give both when the phase opens/);
    await check(page, 'en');
    const now = Date.now();
    await page.locator('#consultation-voting_opens').fill('');
    await page.locator('#consultation-proposals_opens').fill(local(new Date(now - 86400000)));
    await page.locator('#consultation-proposals_closes').fill(local(new Date(now + 86400000)));
    await page.locator('#consultation-comments_opens').fill(local(new Date(now - 86400000)));
    await page.locator('#consultation-comments_closes').fill(local(new Date(now + 86400000)));
    await submitForm(page, 'form[action^="/admin/consultations/new"]');
    const edit = new URL(page.url()).pathname;
    assert.match(edit, /^\/admin\/consultations\/\d+$/);
    const id = edit.split('/').pop();
    await page.goto(url(`${edit}?lang=en`));
    await check(page, 'en');
    // A refused draft, then a published one.
    await page.locator('#document-title').fill('Borrador');
    await page.locator('#document-markdown').fill('# Solo un título');
    await submitForm(page, 'form:has(#document-markdown)');
    await check(page, 'en');
    await page.locator('#document-markdown').fill('# Uno\n\nPárrafo uno.\n\n- a\n- b\n\n## Dos\n\nPárrafo dos.');
    await submitForm(page, 'form:has(#document-markdown)');
    assert.match(page.url(), new RegExp(`/consultations/${id}/documents/\\d+`));
    await page.goto(url(`${edit}?lang=es`));
    await check(page, 'es');
    await page.screenshot({ path: path.join(screenshotDir, 'consultation-admin-edit.png'), fullPage: true });

    // A citizen proposes and flags, through the public routes.
    const visitor = await signIn(citizen);
    await visitor.page.goto(url('/account'));
    const csrf = await visitor.page.locator('input[name=csrf]').first().getAttribute('value');
    let pid;
    for (const title of ['Compras abiertas', 'Compras en municipios', ...Array.from({ length: 10 }, (_, i) => `Propuesta ${i + 3}`)]) {
      const made = await visitor.page.request.post(url(`/consultations/${id}/proposals`), {
        form: { csrf, title, problem: 'Nadie sabe qué se compra', proposal: 'Publicar cada compra', institution: 'DNCP' },
        maxRedirects: 0,
      });
      assert.equal(made.status(), 303, await made.text());
      pid ??= made.headers().location.split('/').pop().split('#')[0].split('?')[0];
    }
    const flagged = await visitor.page.request.post(url(`/consultations/${id}/flags`), {
      form: { csrf, kind: 'proposal', id: pid, reason: 'Repetida' }, maxRedirects: 0,
    });
    assert.equal(flagged.status(), 303, await flagged.text());
    await visitor.context.close();

    await page.goto(url(`${edit}/inputs?lang=en`));
    await check(page, 'en');
    await page.locator(`#answer-proposal-${pid}-outcome`).selectOption('not_accepted');
    await submitForm(page, `form:has(#answer-proposal-${pid}-outcome)`);
    assert.match(await page.locator('main').innerText(), /justification is required/);
    await check(page, 'en');
    await page.locator(`#answer-proposal-${pid}-justification`).fill('Ya está en el compromiso 1');
    await submitForm(page, `form:has(#answer-proposal-${pid}-outcome)`);
    assert.match(page.url(), new RegExp(`inputs#proposal-${pid}$`));
    await check(page, 'en');
    await page.screenshot({ path: path.join(screenshotDir, 'consultation-admin-inputs.png'), fullPage: true });
    await page.goto(url(`${edit}/inputs?filter=awaiting&lang=es`));
    await check(page, 'es');
    await page.goto(url(`${edit}/inputs?page=2&lang=en`));
    assert.match(await page.locator('main').innerText(), /Page 2 of 2/);
    await check(page, 'en');
    await page.screenshot({ path: path.join(screenshotDir, 'consultation-admin-inputs2.png'), fullPage: true });

    await page.goto(url(`${edit}/moderation?lang=en`));
    await check(page, 'en');
    // The browser would refuse an empty reason itself (required): the server's refusal is checked.
    await page.locator(`#moderate-proposal-${pid}-reason`).evaluate((field) => field.removeAttribute('required'));
    await submitForm(page, `form:has(#moderate-proposal-${pid}-reason)`);
    assert.match(await page.locator('main').innerText(), /Write the reason/);
    await check(page, 'en');
    await page.locator(`#moderate-proposal-${pid}-reason`).fill('Contenido repetido');
    await submitForm(page, `form:has(#moderate-proposal-${pid}-reason)`);
    await check(page, 'en');
    assert.match(await page.locator('main').innerText(), /Hidden by moderation/);
    await page.screenshot({ path: path.join(screenshotDir, 'consultation-admin-moderation.png'), fullPage: true });
    await context.close();
  });
});
