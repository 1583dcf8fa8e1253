// The institution workspace as its people meet it, on the demo data: the Open Government Unit
// turns validation on for the Paraguay plan, an officer of the Ministerio de Justicia reports a
// result's progress with an evidence link and a file (after a refused first try), the update stays off the
// public page until the unit approves it, and then the commitment's public page shows the new
// figure, the link and the history entry under the officer's name. In Spanish and English; every
// workspace page accessible (axe, WCAG 2.1 A and AA), under 100 KB, no wider than a 360 px phone.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, checkOpenPage } from './support/page.mjs';
import { openPage, server, url, useServerAndBrowser } from './support/suite.mjs';
import { addUser } from './support/users.mjs';

const password = 'caballo-correcto-bateria';
const officer = 'ana@mj.gov.py';
const administrator = 'ugo@gov.py';
const plan = 'PY-2014-2016';
const commitment = `/plans/${plan}/commitments/1`;

useServerAndBrowser(async () => {
  await addUser(server, {
    email: officer, role: 'officer', name: 'Ana Benítez', password,
    institutions: ['Ministerio de Justicia (MJ)'],
  });
  await addUser(server, {
    email: administrator, role: 'administrator', name: 'Unidad de Gobierno Abierto', password,
  });
});

// The words of each language the flow clicks and reads, and the result each language reports on.
const words = {
  es: {
    email: 'Correo electrónico', password: 'Contraseña', signIn: 'Ingresar',
    toWorkspace: 'Ir al espacio de trabajo institucional', workspace: 'Espacio de trabajo institucional',
    validate: 'Esperan la validación de la Unidad', save: 'Guardar', saved: 'Se guardó la configuración del plan.',
    percent: 'Porcentaje cumplido', linkTitle: 'Título del enlace 1', linkUrl: 'Dirección del enlace 1',
    note: 'Nota (opcional)', send: 'Enviar el avance', tooMuch: 'El porcentaje debe ser un número de 0 a 100.',
    pending: 'Se recibió el avance.', approve: 'Aprobar y publicar', approved: 'Se aprobó la actualización',
    review: 'Revisar las actualizaciones pendientes', figure: '80,0\u00a0%', result: '1.3',
    file: 'Archivos de evidencia', fileTitle: 'Título de los archivos (opcional)',
  },
  en: {
    email: 'E-mail address', password: 'Password', signIn: 'Sign in',
    toWorkspace: 'Go to the institution workspace', workspace: 'Institution workspace',
    validate: "Wait for the unit's validation", save: 'Save', saved: "The plan's setting was saved.",
    percent: 'Percentage complete', linkTitle: 'Title of link 1', linkUrl: 'Address of link 1',
    note: 'Note (optional)', send: 'Send the progress', tooMuch: 'The percentage must be a number from 0 to 100.',
    pending: 'The progress was received.', approve: 'Approve and publish', approved: 'The update was approved',
    review: 'Review the pending updates', figure: '45.0%', result: '1.4',
    file: 'Evidence files', fileTitle: 'Title of the files (optional)',
  },
};

// A small PDF, different in each language so each run uploads its own file.
function pdf(lang) {
  return `%PDF-1.4\n% acta ${lang}\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF\n`;
}

async function submit(page, name) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
}

async function signIn(page, lang, email) {
  const w = words[lang];
  await page.goto(url(`/sign-in?lang=${lang}`));
  await page.getByLabel(w.email).fill(email);
  await page.getByLabel(w.password, { exact: true }).fill(password);
  await submit(page, w.signIn);
  assert.match(page.url(), /\/account$/);
}

// The page now open, checked as every page is (support/page.mjs), with screenshots.
const checkPage = (page, lang, name) => checkOpenPage(page, lang, `workspace-${name}-${lang}`);

async function publicPage(lang) {
  const { context, page } = await openPage();
  await page.goto(url(`${commitment}?lang=${lang}`));
  await assertAccessible(page);
  const text = await page.locator('main').innerText();
  const history = await page.locator('section[aria-labelledby="history-heading"]').innerText();
  const link = await page.locator('a[href="https://example.org/acta-mj.pdf"]').count();
  const files = await page.locator('a[href^="/files/"]').evaluateAll(
    (anchors) => anchors.map((anchor) => ({ href: anchor.getAttribute('href'), text: anchor.textContent })));
  await context.close();
  return { text, history, link, files };
}

for (const lang of ['es', 'en']) {
  const w = words[lang];
  const note = `Oficinas abiertas (${lang})`;
  describe(`the workspace in ${lang}`, () => {
    test('validation on, an officer reports with a link, the unit approves, the public page shows it', async () => {
      const admin = await openPage();
      await signIn(admin.page, lang, administrator);
      await Promise.all([admin.page.waitForNavigation(),
        admin.page.getByRole('link', { name: w.toWorkspace }).click()]);
      assert.equal(await admin.page.locator('h1').textContent(), w.workspace);
      await checkPage(admin.page, lang, 'administrator');
      await Promise.all([admin.page.waitForNavigation(),
        admin.page.locator(`a[href="/workspace/plans/${plan}/settings"]`).click()]);
      await checkPage(admin.page, lang, 'settings');
      await admin.page.getByLabel(w.validate).check();
      await submit(admin.page, w.save);
      assert.match(admin.page.url(), /\/workspace\?done=settings$/);
      assert.equal(await admin.page.getByRole('status').textContent(), w.saved);

      const ana = await openPage();
      await signIn(ana.page, lang, officer);
      await Promise.all([ana.page.waitForNavigation(),
        ana.page.getByRole('link', { name: w.toWorkspace }).click()]);
      await checkPage(ana.page, lang, 'officer');
      // The workspace lists the plans; a plan's page lists the results to report on.
      await Promise.all([ana.page.waitForNavigation(),
        ana.page.locator(`a[href="/workspace/plans/${plan}"]`).click()]);
      await checkPage(ana.page, lang, 'officer-plan');
      const report = `/workspace/plans/${plan}/commitments/1/results/${w.result}`;
      await Promise.all([ana.page.waitForNavigation(), ana.page.locator(`a[href="${report}"]`).click()]);
      await checkPage(ana.page, lang, 'report');

      // A first try over 100 % comes back with the message beside the field.
      await ana.page.getByLabel(w.percent).fill('150');
      await ana.page.getByLabel(w.note).fill(note);
      await ana.page.getByLabel(w.linkTitle).fill('Acta de apertura');
      await ana.page.getByLabel(w.linkUrl).fill('https://example.org/acta-mj.pdf');
      const [refused] = await Promise.all([
        ana.page.waitForResponse((response) => response.request().method() === 'POST'),
        submit(ana.page, w.send),
      ]);
      assert.equal(refused.status(), 400);
      assert.ok((await ana.page.getByRole('alert').textContent()).includes(w.tooMuch));
      assert.equal(await ana.page.getByLabel(w.percent).getAttribute('aria-invalid'), 'true');
      assert.equal(await ana.page.getByLabel(w.note).inputValue(), note);
      await checkPage(ana.page, lang, 'report-error');

      // Browsers never keep a chosen file when the form comes back: the file goes now.
      await ana.page.getByLabel(w.percent).fill(lang === 'es' ? '80' : '45');
      await ana.page.getByLabel(w.fileTitle).fill(`Acta firmada (${lang})`);
      await ana.page.getByLabel(w.file).setInputFiles({
        name: 'acta-firmada.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf(lang)),
      });
      await submit(ana.page, w.send);
      assert.match(ana.page.url(), /\/workspace\?done=pending$/);
      assert.ok((await ana.page.getByRole('status').textContent()).startsWith(w.pending));
      assert.ok((await ana.page.locator('main').innerText()).includes(w.figure));

      // Pending: not on the public page.
      const before = await publicPage(lang);
      assert.ok(!before.text.includes(note), 'a pending update is on the public page');

      await admin.page.goto(url(`/workspace?lang=${lang}`));
      await Promise.all([admin.page.waitForNavigation(),
        admin.page.getByRole('link', { name: w.review }).click()]);
      const queue = await admin.page.locator('main').innerText();
      assert.ok(queue.includes(note) && queue.includes(officer) && queue.includes(w.figure), queue);
      await checkPage(admin.page, lang, 'review');
      await submit(admin.page, w.approve);
      assert.match(admin.page.url(), /\/workspace\/review\?done=approved$/);
      assert.ok((await admin.page.getByRole('status').textContent()).startsWith(w.approved));
      await assertAccessible(admin.page);

      const after = await publicPage(lang);
      assert.ok(after.text.includes(w.figure), 'the new figure is not on the public page');
      // The history entry: the figure, the date's result and the note, with the link.
      assert.ok(after.history.includes(note) && after.history.includes(w.figure) &&
        after.history.includes(w.result), `the history has no entry for the update:\n${after.history}`);
      assert.ok(after.link >= 1, 'the evidence link is not on the public page');
      // The uploaded file: linked under its title and served back as it was sent.
      const file = after.files.find((item) => item.text.includes(`Acta firmada (${lang})`));
      assert.ok(file, `the uploaded file is not linked: ${JSON.stringify(after.files)}`);
      assert.match(file.href, /^\/files\/[0-9a-f]{64}$/);
      const served = await ana.context.request.get(url(file.href));
      assert.equal(served.status(), 200);
      assert.equal(served.headers()['content-type'], 'application/pdf');
      assert.equal((await served.body()).toString(), pdf(lang));
      // The officer is named by name, never by address.
      assert.ok(after.history.includes('Ana Benítez'), after.history);
      assert.ok(!after.text.includes(officer), "the officer's address is on the public page");
      // The reviewer's address is not on the public page.
      assert.ok(!after.text.includes(administrator), "the reviewer's address is on the public page");

      const unexpected = ana.errors.filter((error) => !error.includes('status of 400 (Bad Request)'));
      assert.deepEqual(unexpected, [], `console errors:\n${unexpected.join('\n')}`);
      assert.deepEqual(admin.errors, [], `console errors:\n${admin.errors.join('\n')}`);
      await ana.context.close();
      await admin.context.close();
    });
  });
}
