// The administrators' pages as the Open Government Unit meets them, on the demo data: sign in,
// find the Paraguay plan on /admin, edit commitment 1's title (after a refused first try whose
// message sits beside the field), change a result's weight, and see both on the public
// commitment page. Every admin page, refused forms included, is checked as every signed-in page
// is: zero axe violations (WCAG 2.1 A and AA), under 100 KB, no wider than a 360 px phone.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkOpenPage } from './support/page.mjs';
import { openPage, server, url, useServerAndBrowser } from './support/suite.mjs';
import { addUser } from './support/users.mjs';

const password = 'caballo-correcto-bateria';
const administrator = 'ugo.admin@gov.py';
const plan = 'PY-2014-2016';

useServerAndBrowser(async () => {
  await addUser(server, {
    email: administrator, role: 'administrator', name: 'Unidad de Gobierno Abierto', password,
  });
});

const words = {
  es: {
    email: 'Correo electrónico', password: 'Contraseña', signIn: 'Ingresar',
    title: 'Título', weight: 'Peso', brief: 'Descripción breve', save: 'Guardar los cambios',
    tooLong: 'Tiene más de 140 caracteres', commitmentSaved: 'Se guardó el compromiso.',
    resultSaved: 'Se guardó el resultado.', publicPage: 'Ver la página pública',
    newPlan: 'Crear un plan', institutions: 'Ver y agregar instituciones',
    newCommitment: 'Agregar un compromiso',
  },
  en: {
    email: 'E-mail address', password: 'Password', signIn: 'Sign in',
    title: 'Title', weight: 'Weight', brief: 'Brief description', save: 'Save the changes',
    tooLong: 'It has more than 140 characters', commitmentSaved: 'The commitment was saved.',
    resultSaved: 'The result was saved.', publicPage: 'See the public page',
    newPlan: 'Create a plan', institutions: 'See and add institutions',
    newCommitment: 'Add a commitment',
  },
};

async function submit(page, name) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).first().click()]);
}

async function follow(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

// The page now open, checked as every page is (support/page.mjs), with screenshots.
const checkPage = (page, lang, name) => checkOpenPage(page, lang, `admin-${name}-${lang}`);

async function publicText(target) {
  const { context, page } = await openPage();
  await page.goto(url(target));
  const text = await page.locator('main').innerText();
  await context.close();
  return text;
}

for (const lang of ['es', 'en']) {
  const w = words[lang];
  describe(`the admin pages in ${lang}`, () => {
    test('edit a commitment and a weight; the public page shows them', async () => {
      const { context, page, errors } = await openPage();
      await page.goto(url(`/sign-in?lang=${lang}&next=/admin`));
      await page.getByLabel(w.email).fill(administrator);
      await page.getByLabel(w.password, { exact: true }).fill(password);
      await submit(page, w.signIn);
      assert.match(page.url(), /\/admin$/);
      await checkPage(page, lang, 'index');

      // The other pages reachable from /admin, each checked once.
      for (const [link, name] of [[w.newPlan, 'plan-new'], [w.institutions, 'institutions']]) {
        await follow(page, page.getByRole('link', { name: link }));
        await checkPage(page, lang, name);
        await page.goto(url(`/admin?lang=${lang}`));
      }

      await follow(page, page.locator(`a[href^="/admin/plans/${plan}?"]`));
      await checkPage(page, lang, 'plan');
      await follow(page, page.getByRole('link', { name: w.newCommitment }));
      await checkPage(page, lang, 'commitment-new');
      await page.goBack();
      await follow(page, page.locator(`a[href^="/admin/plans/${plan}/commitments/1?"]`));
      await checkPage(page, lang, 'commitment');

      // A brief description over the OGP template's 140 characters comes back with the message
      // beside the field and what was typed kept.
      const commitmentForm = page.locator(`form[action^="/admin/plans/${plan}/commitments/1?"]`);
      const title = `Compromiso editado (${lang})`;
      await commitmentForm.getByLabel(w.title, { exact: true }).fill(title);
      await commitmentForm.getByLabel(w.brief).fill('x'.repeat(141));
      const [refused] = await Promise.all([
        page.waitForResponse((response) => response.request().method() === 'POST'),
        commitmentForm.getByRole('button', { name: w.save }).click(),
      ]);
      assert.equal(refused.status(), 400);
      await page.waitForLoadState();
      assert.ok((await page.getByRole('alert').first().textContent()).includes(w.tooLong));
      const form = page.locator(`form[action^="/admin/plans/${plan}/commitments/1?"]`);
      assert.equal(await form.getByLabel(w.brief).getAttribute('aria-invalid'), 'true');
      assert.equal(await form.getByLabel(w.title, { exact: true }).inputValue(), title);
      await checkPage(page, lang, 'commitment-error');

      await form.getByLabel(w.brief).fill(`Una descripción breve (${lang})`);
      await Promise.all([page.waitForNavigation(), form.getByRole('button', { name: w.save }).click()]);
      assert.match(page.url(), /\/commitments\/1\?saved=commitment$/);
      assert.equal(await page.getByRole('status').textContent(), w.commitmentSaved);

      // The first result's weight.
      const resultLink = page.locator(`a[href^="/admin/plans/${plan}/commitments/1/results/"]`).first();
      await follow(page, resultLink);
      await checkPage(page, lang, 'result');
      const resultForm = page.locator('form').filter({ has: page.locator('#result-weight') });
      const weight = lang === 'es' ? '7,5' : '7.5';
      await resultForm.getByLabel(w.weight).fill(weight);
      await Promise.all([page.waitForNavigation(), resultForm.getByRole('button', { name: w.save }).click()]);
      assert.match(page.url(), /\?saved=result$/);
      assert.equal(await page.getByRole('status').textContent(), w.resultSaved);
      assert.equal(await page.locator('#result-weight').inputValue(), '7.5');

      // The public page: the new title, and the weight in how the figure is computed.
      const publicUrl = `/plans/${plan}/commitments/1?lang=${lang}`;
      await follow(page, page.getByRole('link', { name: w.publicPage }));
      assert.ok(page.url().startsWith(url(`/plans/${plan}/commitments/1`)), page.url());
      const text = await publicText(publicUrl);
      assert.ok(text.includes(title), 'the new title is not on the public page');
      assert.ok(text.includes(lang === 'es' ? '7,5' : '7.5'), 'the new weight is not on the public page');

      const unexpected = errors.filter((error) => !error.includes('status of 400 (Bad Request)'));
      assert.deepEqual(unexpected, [], `console errors:\n${unexpected.join('\n')}`);
      await context.close();
    });
  });
}
