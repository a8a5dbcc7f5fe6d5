// The workplace's first walk in a real browser: the start page, the sign-in
// round trip through the tenant's provider back to /workplace/ with the
// user's name, the citizen's page with a token that is not valid, and the
// gateway's Content-Security-Policy on every page with no violation in the
// console. axe-core and a screenshot on every screen (lib/koers.mjs).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { launch, open, signIn, screen, GATEWAY, IDP } from './lib/koers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function cspOf(answer) {
  const value = answer.headers()['content-security-policy'] || '';
  return Object.fromEntries(value.split(';').map((p) => p.trim().split(/\s+/)).filter((w) => w[0])
    .map(([k, ...v]) => [k, v]));
}

test('the start page asks for the municipality, with the strict policy', async (t) => {
  const s = await open(browser, t);
  const answer = await s.goto('/');
  assert.equal(answer.status(), 200);
  const csp = cspOf(answer);
  assert.deepEqual(csp['default-src'], ["'self'"]);
  assert.equal(csp['script-src'].length, 2, 'script-src: self and the import map only');
  assert.match(csp['script-src'][1], /^'sha256-[A-Za-z0-9+/]{43}='$/);
  assert.deepEqual(csp['frame-ancestors'], ["'none'"]);
  assert.ok(csp['connect-src'].includes(new URL(IDP).origin), 'the provider may be called (token endpoint)');
  assert.equal(answer.headers()['x-content-type-options'], 'nosniff');
  assert.equal(answer.headers()['referrer-policy'], 'no-referrer');
  await s.page.getByLabel(/^Gemeente/).waitFor();
  await s.page.getByRole('button', { name: /^Aanmelden/ }).waitFor();
  await screen(s, 'start');
});

test('signing in through the provider lands on the workplace with the user\'s name', async (t) => {
  const s = await open(browser, t);
  await signIn(s, 'coordinator');
  const url = new URL(s.page.url());
  assert.equal(url.origin, GATEWAY);
  assert.ok(url.pathname.startsWith('/workplace/'), url.href);
  assert.equal(url.search, '', 'no code or state left in the address');
  await s.page.getByText('Demo coordinator').first().waitFor();
  // the tokens live in sessionStorage only: nothing in localStorage but
  // the municipality and the language
  const local = await s.page.evaluate(() => Object.keys(localStorage).map((k) => k + '=' + localStorage.getItem(k)));
  for (const entry of local) assert.doesNotMatch(entry, /eyJ[\w-]+\.[\w-]+/, 'a token in localStorage: ' + entry);
  await screen(s, 'workplace-home');
});

test('the citizen\'s page with a token that is not valid says so plainly', async (t) => {
  const s = await open(browser, t, { viewport: { width: 390, height: 844 } });
  const answer = await s.goto('/volg#dit-is-geen-geldige-code-0000000000');
  assert.equal(answer.status(), 200);
  assert.ok(answer.headers()['content-security-policy'], 'the citizen page has the policy too');
  const message = s.page.locator('[role=alert], .utrecht-alert, .koers-problem').first();
  await message.waitFor();
  const text = (await message.innerText()).trim();
  assert.match(text, /niet|geen|onbekend|ongeldig/i, `a plain Dutch message, got: ${text}`);
  await screen(s, 'volg-bad-token');
});
