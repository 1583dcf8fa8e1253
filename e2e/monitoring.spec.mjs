// Civil society beside the government, as a monitor meets it on the demo data: a monitor of
// Semillas signs in, follows the public commitment page's link to the assessment form, is sent
// back once for a missing justification, records a level and then dissent, and the public page
// shows both beside the government's assessment, with the public record naming the organisation
// and never an e-mail address. The Open Government Unit then reads the audit log. Every form page
// and the audit page have zero axe violations (WCAG 2.1 A and AA), weigh under 100 KB with their
// stylesheets, and fit a 360 px phone.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, checkOpenPage } from './support/page.mjs';
import { openPage, server, url, useServerAndBrowser } from './support/suite.mjs';
import { addUser } from './support/users.mjs';

const password = 'caballo-correcto-bateria';
const monitor = 'sara@semillas.org.py';
const administrator = 'ugo@gov.py';
const commitment = '/plans/PY-2014-2016/commitments/2';

useServerAndBrowser(async () => {
  await addUser(server, {
    email: monitor, role: 'monitor', name: 'Sara Gómez', password, organisation: 'Semillas',
  });
  await addUser(server, {
    email: administrator, role: 'administrator', name: 'Unidad de Gobierno Abierto', password,
  });
});

async function submit(page, name) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
}

async function signIn(page, email) {
  await page.goto(url('/sign-in?lang=es'));
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña', { exact: true }).fill(password);
  await submit(page, 'Ingresar');
  assert.match(page.url(), /\/account$/);
}

// The page now open, checked as every page is (support/page.mjs), with screenshots.
const checkPage = (page, name) => checkOpenPage(page, 'es', `monitoring-${name}`);

describe('civil society on a commitment', () => {
  test('a monitor records an assessment and dissent; the public page shows them beside the government', async () => {
    const { context, page } = await openPage();
    await signIn(page, monitor);

    await page.goto(url(commitment));
    const government = await page.locator('.assessment').first().innerText();
    await Promise.all([page.waitForNavigation(),
      page.getByRole('link', { name: 'registrar una evaluación' }).click()]);
    assert.match(page.url(), /\/assessment$/);
    await checkPage(page, 'assessment');

    await page.getByLabel('Nivel de cumplimiento').selectOption('limited');
    const [refused] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      submit(page, 'Publicar la evaluación'),
    ]);
    assert.equal(refused.status(), 400);
    assert.ok((await page.getByRole('alert').innerText()).includes('Escriba la justificación'));
    assert.equal(await page.getByLabel('Justificación').getAttribute('aria-invalid'), 'true');
    await checkPage(page, 'assessment-error');

    await page.getByLabel('Justificación').fill('La ley de acceso sigue sin reglamento.');
    await submit(page, 'Publicar la evaluación');
    assert.ok(page.url().startsWith(url(commitment)));

    await page.goto(url(`${commitment}/dissent`));
    await checkPage(page, 'dissent');
    await page.getByLabel('Declaración de disenso').fill('La consulta no incluyó al interior del país.');
    await submit(page, 'Publicar el disenso');
    await context.close();

    // The public page, as anyone sees it.
    const visitor = await openPage();
    await visitor.page.goto(url(commitment));
    const cards = visitor.page.locator('.assessment');
    assert.equal(await cards.first().innerText(), government, "the government's assessment is unchanged");
    const assessed = await visitor.page.locator('section[aria-labelledby="assessments-heading"]').innerText();
    assert.ok(assessed.includes('Sociedad civil: Semillas'));
    assert.ok(assessed.includes('La ley de acceso sigue sin reglamento.'));
    assert.ok(assessed.includes('La consulta no incluyó al interior del país.'));
    const record = await visitor.page.locator('section[aria-labelledby="record-heading"]').innerText();
    assert.ok(record.includes('Evaluación registrada'));
    assert.ok(record.includes('Disenso registrado'));
    assert.ok(record.includes('Sara Gómez, sociedad civil (Semillas)'));
    assert.ok(!(await visitor.page.content()).includes(monitor), 'an e-mail address on a public page');
    await assertAccessible(visitor.page);
    await visitor.context.close();
  });

  test('the Open Government Unit reads the audit log, filtered', async () => {
    const { context, page } = await openPage();
    await signIn(page, administrator);
    await page.goto(url('/admin/audit?action=record_dissent'));
    await checkPage(page, 'audit');
    const entries = page.locator('.audit-entry');
    assert.ok(await entries.count() >= 1);
    assert.ok((await entries.first().innerText()).includes(monitor));
    const csv = await page.context().request.get(url('/admin/audit.csv?action=record_dissent'));
    assert.equal(csv.status(), 200);
    assert.ok((await csv.text()).includes('record_dissent'));
    await context.close();
  });
});
