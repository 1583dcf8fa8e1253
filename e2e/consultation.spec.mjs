// A public consultation as its people meet it, on the demo data (serve --demo opens one on
// Paraguay's plan with every phase open): a citizen signs up, verifies the address with the link
// Tablero logs when no mail server is configured, comments on a paragraph of the draft on that
// paragraph's comments page (the draft shows each paragraph's first threads and links there),
// replies to the comment, proposes
// a commitment and votes on it; the Open Government Unit answers the proposal "not accepted" with
// a justification; the public summary then lists the proposal, the answer, the justification and
// the comment, and the Markdown and CSV exports carry them too. Every page on the way is checked:
// zero axe violations (WCAG 2.1 A and AA), under 100 KB, no wider than a 360 px phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, assertUnderBudget, checkOpenPage } from './support/page.mjs';
import { browser, openPage, server, url, useServerAndBrowser } from './support/suite.mjs';
import { addUser } from './support/users.mjs';
import { logMark, verificationLink } from './support/mail.mjs';

const password = 'caballo-correcto-bateria';
const administrator = 'ugo@gov.py';
const citizen = 'rosa.citizen@example.org';
const consultation = '/consultations/1';
const comment = 'El calendario de talleres debería incluir el interior del país.';
const reply = 'Y publicar las actas de cada taller.';
const proposalTitle = 'Datos abiertos de los hospitales públicos';
const justification = 'Ya lo cubre el compromiso 3 del plan vigente; se sumará a su seguimiento.';

useServerAndBrowser(async () => {
  await addUser(server, {
    email: administrator, role: 'administrator', name: 'Unidad de Gobierno Abierto', password,
  });
});

async function submit(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

// The page now open, checked as every page is (support/page.mjs), with screenshots.
const checkPage = (page, name) => checkOpenPage(page, 'es', `consultation-${name}`);

async function signIn(page, email) {
  await page.goto(url('/sign-in'));
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña', { exact: true }).fill(password);
  await submit(page, page.getByRole('button', { name: 'Ingresar', exact: true }));
  assert.match(page.url(), /\/account$/);
}

test('a citizen signs up, verifies, comments on a paragraph, proposes and votes; the unit answers; the summary shows it', async () => {
  const { page } = await openPage();

  // Sign up, then verify the address with the link the server logged.
  await page.goto(url('/sign-up'));
  await page.getByLabel('Correo electrónico').fill(citizen);
  await page.getByLabel('Nombre', { exact: true }).fill('Rosa Citizen');
  await page.getByLabel('Contraseña', { exact: true }).fill(password);
  await page.getByLabel('Repita la contraseña').fill(password);
  const mark = logMark(server);
  await submit(page, page.getByRole('button', { name: 'Crear la cuenta' }));
  const link = await verificationLink(server, mark);
  await page.goto(link);
  await checkPage(page, 'verified');

  // The list, the consultation and its draft.
  await page.goto(url('/consultations'));
  await checkPage(page, 'list');
  await submit(page, page.locator(`main a[href="${consultation}"]`));
  await checkPage(page, 'overview');
  await submit(page, page.locator('main a[href^="/consultations/1/documents/"]').first());
  await checkPage(page, 'document');

  const documentUrl = page.url();

  // A comment on the first paragraph, declaring a stance, on the paragraph's own comments page.
  const paragraph = page.locator('.consultation-paragraph').first();
  const place = (await paragraph.locator('.consultation-paragraph__place').innerText()).trim();
  assert.match(place, /^§\d+\.\d+$/);
  await submit(page, paragraph.getByRole('link', { name: 'Comentar este párrafo' }));
  assert.match(page.url(), /\/documents\/\d+\/paragraphs\/\d+\/comments#comment-form-p\d+$/);
  assert.equal(await page.locator('h1').innerText(), `Comentarios al ${place}`);
  await checkPage(page, 'paragraph-comments');
  await page.getByLabel('Su postura').selectOption('in_favour');
  await page.getByLabel('Comentario', { exact: true }).fill(comment);
  await submit(page, page.getByRole('button', { name: 'Publicar comentario' }));
  assert.match(page.url(), /\/paragraphs\/\d+\/comments(\?page=\d+)?#comment-\d+$/);
  const commentsUrl = page.url().replace(/#.*$/, '');
  const posted = page.locator(new URL(page.url()).hash);
  assert.ok((await posted.innerText()).includes(comment), 'the comment is on its paragraph\'s page');
  assert.ok((await posted.innerText()).includes('Rosa Citizen'), 'under its author\'s name');

  // A reply: the link opens the comment's reply form on the same page.
  await submit(page, posted.getByRole('link', { name: 'Responder' }));
  assert.match(page.url(), /[?&]reply=\d+#comment-form-r\d+$/);
  const form = page.locator(new URL(page.url()).hash);
  await form.getByLabel('Comentario', { exact: true }).fill(reply);
  await submit(page, form.getByRole('button', { name: 'Publicar comentario' }));
  assert.match(page.url(), /\/paragraphs\/\d+\/comments(\?page=\d+)?#comment-\d+$/);
  assert.ok((await page.locator(new URL(page.url()).hash).innerText()).includes(reply));
  await checkPage(page, 'paragraph-commented');

  // The draft shows the paragraph's first threads and links to all of its comments.
  await page.goto(documentUrl);
  const preview = await page.locator('.consultation-paragraph').first().innerText();
  assert.match(preview, /Ver (el comentario|los \d+ comentarios) de este párrafo/);
  await checkPage(page, 'document-commented');

  // The paragraph's comments page as a visitor sees it: accessible and under the budget.
  const reader = await openPage();
  await reader.page.goto(commentsUrl);
  assert.ok((await reader.page.locator('main').innerText()).includes(comment));
  await assertAccessible(reader.page);
  await assertUnderBudget(browser, commentsUrl);

  // A proposal, then a vote on it.
  await page.goto(url(consultation));
  await submit(page, page.getByRole('link', { name: 'Presentar una propuesta' }));
  await checkPage(page, 'proposal-new');
  await page.getByLabel('Título').fill(proposalTitle);
  await page.getByLabel('Problema').fill('Los datos de atención y espera no se publican.');
  await page.getByLabel('Propuesta', { exact: true }).fill('Publicar cada mes los datos de espera por hospital.');
  await submit(page, page.getByRole('button', { name: 'Enviar la propuesta' }));
  assert.match(page.url(), /\/consultations\/1\/proposals\/\d+/);
  const proposalUrl = new URL(page.url()).pathname;
  assert.equal(await page.locator('h1').innerText(), proposalTitle);
  await page.locator('.consultation-vote__form').getByLabel('A favor').check();
  await submit(page, page.getByRole('button', { name: 'Votar' }));
  assert.match(await page.locator('.consultation-vote__mine').innerText(), /Su voto:\s*A favor/);
  assert.match(await page.locator('.consultation-vote__counts').innerText(), /A favor:\s*1\b/);
  await checkPage(page, 'proposal-voted');

  // The unit answers it: not accepted, with a justification.
  const unit = await openPage();
  await signIn(unit.page, administrator);
  await unit.page.goto(url('/admin/consultations/1/inputs?filter=awaiting'));
  await checkPage(unit.page, 'admin-inputs');
  // Each answer form lists the other proposals (to merge into), so the article is found by its
  // heading, not by the text it contains.
  const article = unit.page.getByRole('article', { name: new RegExp(proposalTitle) });
  await article.getByLabel('Resultado').selectOption('not_accepted');
  await article.getByLabel('Justificación').fill(justification);
  await submit(unit.page, article.getByRole('button', { name: /Guardar la respuesta/ }));
  assert.match(unit.page.url(), /\/admin\/consultations\/1\/inputs/);

  // The citizen's proposal page shows the answer.
  await page.goto(url(proposalUrl));
  const answered = await page.locator('main').innerText();
  assert.ok(answered.includes(justification), 'the proposal page shows the justification');

  // The summary, seen by a visitor who is not signed in, and its exports.
  const visitor = await openPage();
  await visitor.page.goto(url(`${consultation}/summary`));
  await checkPage(visitor.page, 'summary');
  const summary = await visitor.page.locator('main').innerText();
  assert.ok(summary.includes(proposalTitle), 'the summary lists the proposal');
  assert.ok(summary.includes(justification), 'with the justification for not adopting it');
  assert.ok(summary.includes(comment), 'and the comment');
  const markdown = await (await visitor.page.request.get(url(`${consultation}/summary.md`))).text();
  assert.ok(markdown.includes(proposalTitle) && markdown.includes(justification));
  const csv = await (await visitor.page.request.get(url(`${consultation}/summary.csv`))).text();
  assert.ok(csv.includes(proposalTitle) && csv.includes(justification) && csv.includes(comment));
});
