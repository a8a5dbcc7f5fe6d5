// The coordinator's screens in a real browser against the real stack
// (tests/browser/run.sh):
//   - a coordinator signs in through the local provider, opens the triage
//     queue, sees the least loaded fitting officer proposed and assigns the
//     case to them by keyboard alone (the API says it is assigned);
//   - the bureau and its officers: the figures and the load chart;
//   - a category: an invalid term is refused by the API and its 422 shows
//     beside the field, then the change is saved (If-Match);
//   - a routing rule: a change someone else made meanwhile is a 412 (not
//     overwritten), the latest version loaded, then its keywords changed;
//   - the settings: saved whole with If-Match;
//   - the dashboard: the key figures of the period, the charts (SVG with
//     their tables, the course over the period drawn by uPlot), grouped by
//     category; on a 375 px screen without sideways scrolling;
//   - axe-core 0 violations and a screenshot on every screen.
// The tenant's data (categories, officers, a rule, a case no rule places)
// is made through the API with the harness's service token and portal key.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { launch, open, signIn, screen, GATEWAY } from './lib/koers.mjs';

const CD = `${GATEWAY}/casedesk/v1`;
const uniq = Date.now().toString(36);

async function call(method, path, body, cred = process.env.TOKEN, headers = {}) {
  const res = await fetch(`${CD}${path}`, {
    method,
    headers: { Authorization: `Bearer ${cred}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return data;
}

const world = {};
let browser;

before(async () => {
  browser = await launch();
  world.category = await call('POST', '/categories', { name: `Verlichting ${uniq}`, slaDays: 10, firstContactDays: 2 });
  world.spare = await call('POST', '/categories', { name: `Speeltuinen ${uniq}`, slaDays: 8, firstContactDays: 3 });
  world.anna = await call('POST', '/liaison-officers', {
    name: `Anna Bakker ${uniq}`, email: `a.${uniq}@example-gemeente.nl`, categoryIds: [world.category.id],
    districts: ['Noord'], capacity: 10,
  });
  world.bram = await call('POST', '/liaison-officers', {
    name: `Bram Claes ${uniq}`, email: `b.${uniq}@example-gemeente.nl`, categoryIds: [world.category.id],
    districts: ['Zuid'], capacity: 10,
  });
  // a rule for the spare category only: the lighting case finds no rule
  world.rule = await call('POST', '/routing-rules', {
    name: `Speeltuinen ${uniq}`, position: 900, categoryId: world.spare.id, officerIds: [world.bram.id], keywords: ['schommel'],
  });
  world.case = await call('POST', '/cases', {
    categoryId: world.category.id, description: 'De straatverlichting in de Noorderstraat is al een week uit.',
    district: 'Noord', channel: 'phone', citizen: { name: 'K. Jansen', email: `k.jansen.${uniq}@example.nl` },
  }, process.env.KEY, { 'Idempotency-Key': `coord-${uniq}` });
  assert.equal(world.case.status, 'received', 'no rule placed the case: it waits in triage');
});
after(async () => { await browser?.close(); });

test('a coordinator assigns from the triage queue, keeps categories and rules, and reads the figures', async (t) => {
  const s = await open(browser, t);
  const { page } = s;
  await signIn(s, 'coordinator');
  const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });

  // triage: the case, the proposal in words, assignment by keyboard
  await nav.getByRole('link', { name: 'Triage' }).click();
  await page.getByRole('heading', { level: 1, name: 'Triage' }).waitFor();
  const row = page.getByRole('row').filter({ hasText: world.case.reference });
  await row.waitFor();
  const select = row.getByLabel(`Verbindingsofficier voor ${world.case.reference}`);
  await row.getByText(`Voorstel: ${world.anna.name} (minst belast, 0 van 10 open)`).waitFor();
  assert.equal(await select.inputValue(), world.anna.id, 'the proposal is preselected');
  await screen(s, 'coordinator-triage');
  await select.focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Toewijzen');
  await page.keyboard.press('Enter');
  await page.getByText(`Melding ${world.case.reference} is toegewezen aan ${world.anna.name}.`).waitFor();
  const assigned = await call('GET', `/cases/${world.case.id}`);
  assert.equal(assigned.status, 'assigned');
  assert.equal(assigned.officerId, world.anna.id);
  await page.getByRole('row').filter({ hasText: world.case.reference }).waitFor({ state: 'detached' }); // gone from the queue

  // the bureau now and the officers' load
  await nav.getByRole('link', { name: 'Bureau en officieren' }).click();
  await page.getByRole('heading', { level: 1, name: 'Bureau en officieren' }).waitFor();
  const loadChart = page.locator('#chart-officer-load');
  await loadChart.locator('svg[role=img]').waitFor();
  assert.match(await loadChart.locator('desc').textContent(), new RegExp(`${world.anna.name}: Open 1`));
  await page.getByRole('row').filter({ hasText: world.anna.name }).getByText('1 van 10').waitFor();
  await screen(s, 'coordinator-officers');

  // a category: the API's 422 beside the field, then saved with If-Match
  await nav.getByRole('link', { name: 'Categorieën' }).click();
  await page.getByRole('heading', { level: 1, name: 'Categorieën en termijnen' }).waitFor();
  await page.getByRole('button', { name: `Wijzigen: ${world.spare.name}` }).click();
  const sla = page.getByLabel('Afhandelen binnen');
  await sla.fill('0');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  const slaError = page.locator('#category-sla-error');
  await slaError.waitFor();
  assert.ok((await slaError.innerText()).trim().length > 0, 'the 422 reason is shown beside the field');
  assert.equal(await sla.getAttribute('aria-invalid'), 'true');
  await page.locator('.koers-error-summary').waitFor();
  await screen(s, 'coordinator-category-invalid');
  await sla.fill('15');
  await page.getByLabel('Telt in').selectOption('calendar_days');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByText(`Opgeslagen: ${world.spare.name}.`).waitFor();
  await page.getByRole('row').filter({ hasText: world.spare.name }).getByText('15 kalenderdagen').waitFor();
  const cat = await call('GET', `/categories/${world.spare.id}`);
  assert.equal(cat.slaDays, 15);
  assert.equal(cat.slaUnit, 'calendar_days');
  await screen(s, 'coordinator-categories');

  // a routing rule: new keywords
  await nav.getByRole('link', { name: 'Routering' }).click();
  await page.getByRole('heading', { level: 1, name: 'Routeringsregels' }).waitFor();
  await page.getByRole('button', { name: `Wijzigen: ${world.rule.name}` }).click();
  await page.getByLabel('Trefwoorden').waitFor();
  // someone else changes the rule meanwhile: saving is refused (If-Match),
  // nothing is overwritten, and the latest version can be loaded
  const before = await fetch(`${CD}/routing-rules/${world.rule.id}`, { headers: { Authorization: `Bearer ${process.env.TOKEN}` } });
  await call('PATCH', `/routing-rules/${world.rule.id}`, { position: 901 }, process.env.TOKEN, { 'If-Match': before.headers.get('etag') });
  await page.getByLabel('Trefwoorden').fill('wip');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('button', { name: 'Opnieuw laden' }).waitFor();
  await screen(s, 'coordinator-routing-rule-conflict');
  await page.getByRole('button', { name: 'Opnieuw laden' }).click();
  await page.waitForFunction(() => document.getElementById('rule-position')?.value === '901');
  assert.equal(await page.getByLabel('Positie').inputValue(), '901', 'the latest version is in the form');
  assert.equal(await page.getByLabel('Trefwoorden').inputValue(), 'schommel');
  await page.getByLabel('Trefwoorden').fill('schommel, glijbaan');
  await page.getByLabel(world.anna.name, { exact: true }).check();
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByText(`Opgeslagen: ${world.rule.name}.`).waitFor();
  await page.getByRole('row').filter({ hasText: world.rule.name }).getByText('schommel, glijbaan').waitFor();
  const rule = await call('GET', `/routing-rules/${world.rule.id}`);
  assert.deepEqual(rule.keywords, ['schommel', 'glijbaan']);
  assert.deepEqual([...rule.officerIds].sort(), [world.anna.id, world.bram.id].sort());
  await screen(s, 'coordinator-routing-rules');

  // the settings
  await nav.getByRole('link', { name: 'Instellingen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Instellingen van het bureau' }).waitFor();
  await page.getByLabel('Waarschuwen hoeveel uur vóór de afhandeltermijn').waitFor();
  await screen(s, 'coordinator-settings');
  // saved whole with If-Match (the same values: other tests keep their terms)
  const settingsBefore = await call('GET', '/settings');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByText(/De instellingen zijn opgeslagen \(versie \d+\)\./).waitFor();
  const settingsAfter = await call('GET', '/settings');
  assert.ok(settingsAfter.version > settingsBefore.version, 'a new version of the settings');
  assert.equal(settingsAfter.slaWarningHours, settingsBefore.slaWarningHours);
  assert.deepEqual(settingsAfter.escalationLadder, settingsBefore.escalationLadder);

  // the dashboard: figures of the last 30 days, then per category
  await nav.getByRole('link', { name: 'Cijfers' }).click();
  await page.getByRole('heading', { level: 1, name: 'Cijfers' }).waitFor();
  const received = page.locator('.koers-figure').filter({ hasText: 'Binnengekomen' }).locator('.koers-figure__value');
  await received.waitFor();
  assert.ok(Number((await received.innerText()).replace(/\D/g, '')) >= 1, 'at least the case filed above came in');
  for (const id of ['chart-inout', 'chart-open', 'chart-sla', 'chart-first-contact', 'chart-resolution', 'chart-lead-time',
    'chart-outcomes', 'chart-satisfaction', 'chart-equal']) {
    await page.locator(`#${id}`).waitFor();
  }
  await page.locator('#chart-trend canvas').first().waitFor();
  await screen(s, 'coordinator-statistics');
  await page.getByLabel('Indelen per').selectOption('category');
  await page.getByRole('button', { name: 'Toon cijfers' }).click();
  const inout = page.locator('#chart-inout');
  await inout.locator('svg text', { hasText: world.category.name }).waitFor();
  await inout.getByText('Toon de cijfers als tabel').click();
  const cells = inout.getByRole('row').filter({ hasText: world.category.name }).getByRole('cell');
  assert.equal(await cells.first().innerText(), '1', 'one case of the category came in');
  assert.match(page.url(), /groupBy=category/);
  await screen(s, 'coordinator-statistics-by-category');
});

test('the dashboard reads on a 375 px screen', async (t) => {
  const s = await open(browser, t, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
  const { page } = s;
  await signIn(s, 'coordinator');
  await s.goto('/workplace/statistics?groupBy=district');
  await page.getByRole('heading', { level: 1, name: 'Cijfers' }).waitFor();
  await page.locator('#chart-inout svg[role=img]').waitFor();
  await page.locator('#chart-inout svg text', { hasText: 'Noord' }).waitFor();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 375, `no sideways scrolling on a phone (page is ${wide}px wide)`);
  await screen(s, 'coordinator-statistics-phone');
});
