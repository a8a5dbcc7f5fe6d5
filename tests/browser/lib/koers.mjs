// Helpers of the browser tests (tests/browser/*.test.mjs, run by
// tests/browser/run.sh against the real stack):
//
//   const b = await launch();                 Debian's chromium, headless
//   const s = await open(b, t);               a new context and page per test;
//                                             s.page, s.consoleErrors(),
//                                             s.cspViolations(); closed with
//                                             the test
//   await s.goto('/workplace/');              a gateway path; returns the answer
//   await signIn(s, 'coordinator');           the start page, the provider's
//                                             form, back on /workplace/
//   await axe(s, 'start');                    axe-core on the page: any
//                                             violation fails, listed readably
//   await screenshot(s, 'start');             KOERS_BROWSER_OUT/screenshots/<name>.png
//   await screen(s, 'start');                 axe + screenshot + no CSP violation
//
// Environment (tests/browser/run.sh): KOERS_GATEWAY_URL, KOERS_BROWSER_TENANT,
// KOERS_BROWSER_PASSWORD, KOERS_IDP_URL, KOERS_BROWSER_OUT, KOERS_CHROMIUM.
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const GATEWAY = process.env.KOERS_GATEWAY_URL || 'http://127.0.0.1:8080';
export const TENANT = process.env.KOERS_BROWSER_TENANT || 'demodorp';
export const PASSWORD = process.env.KOERS_BROWSER_PASSWORD || '';
export const IDP = process.env.KOERS_IDP_URL || '';
export const OUT = process.env.KOERS_BROWSER_OUT || path.resolve('run/browser');
// how long one step may wait (a page, a sign-in round trip)
export const STEP_MS = 15000;

export async function launch() {
  return chromium.launch({
    executablePath: process.env.KOERS_CHROMIUM || '/usr/bin/chromium',
    // as root chromium needs --no-sandbox; the tests run only the
    // workplace and the local provider in it
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

// A new context (no cookies, no storage of another test) and page. Console
// errors, uncaught page errors and Content-Security-Policy violations are
// collected; t.after closes the context.
export async function open(browser, t, options = {}) {
  const context = await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(STEP_MS);
  context.setDefaultNavigationTimeout(STEP_MS);
  const page = await context.newPage();
  const console = [];
  const pageErrors = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => pageErrors.push(String(e && e.stack || e)));
  if (t && t.after) t.after(() => context.close());
  const s = {
    context,
    page,
    pageErrors,
    consoleErrors: () => console.filter((m) => m.startsWith('error:')),
    cspViolations: () => console.filter((m) => /Content Security Policy/i.test(m)),
    goto: (p, o) => page.goto(p.startsWith('http') ? p : GATEWAY + p, { waitUntil: 'load', ...o }),
  };
  return s;
}

// Signs in as a demo user (username = the Koers role) the way a person does:
// the start page, the municipality, "Aanmelden", the provider's form; ends
// back on the workplace (/workplace/...). Returns the page.
export async function signIn(s, username, { tenant = TENANT, password = PASSWORD } = {}) {
  const { page } = s;
  await s.goto('/');
  await page.getByLabel(/^Gemeente/).fill(tenant);
  await page.getByRole('button', { name: /^Aanmelden/ }).click();
  await page.waitForURL((u) => !u.href.startsWith(GATEWAY), { timeout: STEP_MS });
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await Promise.all([
    page.waitForURL((u) => u.href.startsWith(GATEWAY + '/workplace/') && !u.pathname.startsWith('/workplace/callback'),
      { timeout: STEP_MS }),
    page.locator('form button[type=submit], form input[type=submit]').first().click(),
  ]);
  await page.waitForLoadState('load');
  return page;
}

// axe-core on the page as it is now; any violation fails with a readable
// list (rule, impact, what to fix, the elements). The source is evaluated
// through the DevTools protocol, which the page's CSP does not govern (the
// page itself may not run inline scripts).
export async function axe(s, name) {
  const { page } = s;
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  });
  if (result.length) {
    const lines = [`axe-core: ${result.length} violation(s) on "${name}" (${page.url()}):`];
    for (const v of result) {
      lines.push(`  - ${v.id} [${v.impact}]: ${v.help} (${v.helpUrl})`);
      for (const n of v.nodes.slice(0, 5)) {
        lines.push(`      ${n.target}`);
        if (n.summary) lines.push(...n.summary.split('\n').map((l) => `        ${l}`));
      }
      if (v.nodes.length > 5) lines.push(`      ... and ${v.nodes.length - 5} more`);
    }
    throw new Error(lines.join('\n'));
  }
}

export async function screenshot(s, name) {
  const dir = path.join(OUT, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^A-Za-z0-9_.-]+/g, '-')}.png`);
  await s.page.screenshot({ path: file, fullPage: true });
  return file;
}

// What every screen gets: a screenshot (also when axe then fails), axe-core,
// no Content-Security-Policy violation and no uncaught error so far.
export async function screen(s, name) {
  await screenshot(s, name);
  await axe(s, name);
  const csp = s.cspViolations();
  if (csp.length) throw new Error(`Content-Security-Policy violations on "${name}":\n  ${csp.join('\n  ')}`);
  if (s.pageErrors.length) throw new Error(`uncaught errors on "${name}":\n  ${s.pageErrors.join('\n  ')}`);
}
