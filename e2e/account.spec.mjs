// Accounts as a person meets them: sign up, see the account page, sign out, sign in again, and a
// wrong password's message, in Spanish and English; each page accessible (axe, WCAG 2.1 A and
// AA), light, free of console errors (where CSP violations show up) and usable without
// JavaScript.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  assertAccessible, assertFitsPhone, assertUnderBudget, htmlLang, pageBudgetBytes, screenshotDir,
  screenshots,
} from './support/page.mjs';
import { logMark, verificationLink } from './support/mail.mjs';
import { browser, openPage, server, url, useServerAndBrowser } from './support/suite.mjs';

useServerAndBrowser();

const password = 'caballo-correcto-bateria';

// The words of each language the flow clicks and reads.
const words = {
  es: {
    email: 'Correo electrónico', name: 'Nombre', password: 'Contraseña', repeat: 'Repita la contraseña',
    signUp: 'Crear la cuenta', signIn: 'Ingresar', signOut: 'Cerrar la sesión', account: 'Mi cuenta',
    citizen: 'Ciudadano', signedOut: 'Cerró su sesión.',
    wrong: 'El correo o la contraseña no son correctos.',
    notVerified: '(sin verificar)', verified: '(verificado)', verifiedHeading: 'Su correo está verificado',
  },
  en: {
    email: 'E-mail address', name: 'Name', password: 'Password', repeat: 'Repeat the password',
    signUp: 'Create the account', signIn: 'Sign in', signOut: 'Sign out', account: 'My account',
    citizen: 'Citizen', signedOut: 'You have signed out.',
    wrong: 'The e-mail address or the password is not right.',
    notVerified: '(not verified)', verified: '(verified)', verifiedHeading: 'Your e-mail address is verified',
  },
};

// The bytes of the HTML and CSS the page loaded, for pages behind a session that
// assertUnderBudget (a fresh context) cannot reach.
function weigh(page) {
  const responses = [];
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (type === 'document' || type === 'stylesheet' || type === 'script') responses.push(response);
  });
  return async () => {
    let total = 0;
    for (const response of responses) {
      if (response.status() === 200) total += (await response.body()).length;
    }
    return total;
  };
}

async function submit(page, name) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
}

for (const lang of ['es', 'en']) {
  const w = words[lang];
  describe(`accounts in ${lang}`, () => {
    test('sign up, the account page, sign out, a wrong password, sign in again', async () => {
      const { context, page, errors } = await openPage();
      const email = `ana.${lang}@example.org`;

      await page.goto(url(`/sign-up?lang=${lang}`));
      assert.equal(await htmlLang(page), lang);
      await assertAccessible(page);
      // The header's link is how people find their way here.
      assert.equal(await page.getByRole('navigation').getByRole('link', { name: w.account }).count(), 1);
      await page.getByLabel(w.email).fill(email);
      await page.getByLabel(w.name, { exact: true }).fill('Ana Pérez');
      await page.getByLabel(w.password, { exact: true }).fill(password);
      await page.getByLabel(w.repeat).fill(password);
      const weight = weigh(page);
      const mark = logMark(server);
      await submit(page, w.signUp);

      assert.match(page.url(), /\/account\?sent=verification$/);
      assert.equal(await page.locator('h1').textContent(), w.account);
      const facts = await page.locator('.account-facts').textContent();
      assert.ok(facts.includes(email) && facts.includes('Ana Pérez') && facts.includes(w.citizen), facts);
      assert.ok(facts.includes(w.notVerified), facts);
      await assertAccessible(page);
      const bytes = await weight();
      assert.ok(bytes > 0 && bytes < pageBudgetBytes, `the account page weighs ${bytes} B`);
      await page.screenshot({ path: path.join(screenshotDir, `account-${lang}-1280.png`), fullPage: true });

      // Without a mail server the link goes to the log; opening it verifies the address.
      const link = await verificationLink(server, mark);
      assert.ok(link.startsWith(url('/verify-email?token=')), link);
      await page.goto(link);
      assert.equal(await page.locator('h1').textContent(), w.verifiedHeading);
      await assertAccessible(page);
      await page.screenshot({ path: path.join(screenshotDir, `account-verified-${lang}-1280.png`), fullPage: true });
      await page.goto(url(`/account?lang=${lang}`));
      const verifiedFacts = await page.locator('.account-facts').textContent();
      assert.ok(verifiedFacts.includes(w.verified) && !verifiedFacts.includes(w.notVerified), verifiedFacts);
      await assertAccessible(page);

      await submit(page, w.signOut);
      assert.match(page.url(), /\/sign-in\?signed_out=1$/);
      assert.equal(await page.getByRole('status').textContent(), w.signedOut);
      await assertAccessible(page);
      // Signed out, the account page sends the visitor to sign in.
      await page.goto(url('/account'));
      assert.match(page.url(), /\/sign-in\?next=\/account$/);

      await page.getByLabel(w.email).fill(email);
      await page.getByLabel(w.password, { exact: true }).fill('no-es-la-clave');
      const [refused] = await Promise.all([
        page.waitForResponse((response) => response.request().method() === 'POST'),
        submit(page, w.signIn),
      ]);
      // A refused form comes back as 400, which Chromium reports on the console; that one line
      // is expected, any other is not.
      assert.equal(refused.status(), 400);
      const expected = `status of 400 (Bad Request) (${url(`/sign-in?lang=${lang}`)})`;
      const alert = page.getByRole('alert');
      assert.ok((await alert.textContent()).includes(w.wrong));
      assert.equal(await page.getByLabel(w.email).inputValue(), email);
      assert.equal(await page.getByLabel(w.password, { exact: true }).inputValue(), '');
      await assertAccessible(page);
      await page.screenshot({ path: path.join(screenshotDir, `account-sign-in-error-${lang}-1280.png`), fullPage: true });

      await page.getByLabel(w.password, { exact: true }).fill(password);
      await submit(page, w.signIn);
      assert.match(page.url(), /\/account$/);
      assert.equal(await page.locator('h1').textContent(), w.account);

      const unexpected = errors.filter((error) => !error.endsWith(expected));
      assert.deepEqual(unexpected, [], `console errors:\n${unexpected.join('\n')}`);
      await context.close();
    });

    test('the sign-in and sign-up pages: light, fit a phone, screenshots', async () => {
      for (const target of [`/sign-in?lang=${lang}`, `/sign-up?lang=${lang}`]) {
        await assertUnderBudget(browser, url(target));
        await assertFitsPhone(browser, url(target));
      }
      await screenshots(browser, url(`/sign-in?lang=${lang}`), `account-sign-in-${lang}`);
      await screenshots(browser, url(`/sign-up?lang=${lang}`), `account-sign-up-${lang}`);
    });
  });
}

describe('accounts without JavaScript', () => {
  test('sign up and sign out work as plain forms', async () => {
    const { context, page } = await openPage({ javaScriptEnabled: false });
    await page.goto(url('/sign-up'));
    await page.getByLabel('Correo electrónico').fill('sin.js@example.org');
    await page.getByLabel('Nombre', { exact: true }).fill('Sin JavaScript');
    await page.getByLabel('Contraseña', { exact: true }).fill(password);
    await page.getByLabel('Repita la contraseña').fill(password);
    await submit(page, 'Crear la cuenta');
    assert.match(page.url(), /\/account\?sent=verification$/);
    await submit(page, 'Cerrar la sesión');
    assert.match(page.url(), /\/sign-in\?signed_out=1$/);
    await context.close();
  });
});
