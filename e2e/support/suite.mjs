// The setup every browser suite shares: one real Tablero (server.mjs) and one Chromium
// (browser.mjs) for the suite's file, started before its first test and stopped after its
// last. `server` and `browser` are live bindings: read them inside tests and hooks.
import { after, before } from 'node:test';
import { launchBrowser } from './browser.mjs';
import { openPage as openIn } from './page.mjs';
import { startServer } from './server.mjs';

export let server;
export let browser;

// Call once at the top of a spec file. `setUp`, if given, runs once both are up (to look up
// what the tests need from the server).
export function useServerAndBrowser(setUp) {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    await setUp?.();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
}

// openPage (page.mjs) in the suite's browser.
export const openPage = (options) => openIn(browser, options);

// An absolute URL on the suite's server.
export const url = (target) => new URL(target, server.url).href;
