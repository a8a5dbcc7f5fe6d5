// The liaison officer's day and the citizen's page, in a real browser
// against the real stack (tests/browser/run.sh):
//   - a liaison officer signs in through the local provider, finds the case
//     on the work list (nearest deadline first, SLA state shown), opens it,
//     starts it (first contact), writes an internal note, refers a question
//     to an official (the one-time link shown), suspends it with a reason,
//     resumes it, answers the citizen, tries to refuse with too short an
//     explanation (the rule shown while typing, the API's 422 beside the
//     field), then resolves it;
//   - a citizen follows another case on /volg#<token> on a phone-sized
//     screen: the question the officer asked, their answer resuming the
//     case, the outcome with its explanation, feedback;
//   - axe-core 0 violations and a screenshot on every screen (lib/koers.mjs).
// The tenant's data (a category, the officer with the demo user's sub, an
// official, the cases) is made through the API with the harness's service
// token and portal key, as the coordinator and the portal would.
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

async function fileCase(description) {
  return call('POST', '/cases', {
    categoryId: world.category.id, description, district: 'Centrum', channel: 'web',
    citizen: { name: 'J. de Vries', email: `j.devries.${uniq}@example.nl` },
  }, process.env.KEY, { 'Idempotency-Key': `web-${uniq}-${description.length}-${Math.random()}` });
}

const world = {};
let browser;

before(async () => {
  browser = await launch();
  world.category = await call('POST', '/categories', {
    name: `Afval ${uniq}`, slaDays: 10, firstContactDays: 2, slaUnit: 'working_days',
  });
  world.officer = await call('POST', '/liaison-officers', {
    name: 'Fatima el Amrani', email: `f.${uniq}@example-gemeente.nl`, userSub: 'demo-liaison-officer',
    categoryIds: [world.category.id], districts: ['Centrum'], capacity: 10,
  });
  await call('POST', '/routing-rules', {
    name: `Afval ${uniq}`, position: 1, categoryId: world.category.id, officerIds: [world.officer.id],
  });
  world.official = await call('POST', '/officials', {
    name: 'Pieter Jansen', email: `p.${uniq}@example-gemeente.nl`, userSub: `pjansen-${uniq}`,
  });
  world.officerCase = await fileCase('De container op de hoek staat al twee weken vol.');
  world.citizenCase = await fileCase('De lantaarnpaal voor nummer 12 brandt niet.');
  assert.equal(world.officerCase.status, 'assigned', 'the routing rule gave the case to the officer');
});
after(async () => { await browser?.close(); });

test('a liaison officer works a case from the work list to its resolution', async (t) => {
  const s = await open(browser, t);
  const { page } = s;
  await signIn(s, 'liaison_officer');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Mijn werkvoorraad' }).click();
  const row = page.getByRole('row').filter({ hasText: world.officerCase.reference });
  await row.waitFor();
  await row.getByText('Op schema').waitFor();
  await screen(s, 'casedesk-work-list');

  await row.getByRole('link', { name: world.officerCase.reference }).click();
  await page.getByRole('heading', { level: 1, name: `Melding ${world.officerCase.reference}` }).waitFor();
  await page.getByText('J. de Vries').waitFor(); // the citizen, for staff
  await screen(s, 'casedesk-case');

  // first contact
  await page.getByRole('button', { name: 'In behandeling nemen (eerste contact)' }).click();
  await page.getByText('De melding is bijgewerkt: In behandeling.').waitFor();

  // an internal note, in its own panel
  await page.getByLabel('Nieuwe interne notitie').fill('Reiniging bellen over het ophaalschema.');
  await page.getByRole('button', { name: 'Notitie opslaan' }).click();
  const notes = page.locator('section[aria-labelledby=notes-h]');
  await notes.getByText('Reiniging bellen over het ophaalschema.').waitFor();
  assert.equal(await page.locator('section[aria-labelledby=messages-h]').getByText('Reiniging bellen').count(), 0,
    'a note never shows among the messages to the citizen');

  // a referral to the official, with its deadlines and the one-time link
  await page.getByLabel('Aan wie stelt u de vraag?').selectOption(`official:${world.official.id}`);
  await page.getByLabel('Vraag', { exact: true }).fill('Kan Reiniging de container op de hoek extra legen?');
  await page.getByRole('button', { name: 'Vraag versturen' }).click();
  await page.getByText('De vraag is verstuurd.').waitFor();
  const referrals = page.locator('section[aria-labelledby=referrals-h]');
  await referrals.getByText('Pieter Jansen', { exact: true }).waitFor();
  await referrals.getByText('Antwoorden uiterlijk').waitFor();
  await screen(s, 'casedesk-case-referred');

  // suspend: waiting on the citizen, with the reason they will read
  await page.getByRole('button', { name: 'Wachten op de inwoner…' }).click();
  await page.getByLabel('Wat heeft u van de inwoner nodig?').fill('Wilt u een foto sturen van de container?');
  await page.getByRole('button', { name: 'Pauzeren', exact: true }).click();
  await page.getByText('Gepauzeerd: wacht op de inwoner').waitFor();
  await screen(s, 'casedesk-case-suspended');
  await page.getByRole('button', { name: 'Hervatten' }).click();
  await page.getByText('De melding is bijgewerkt: In behandeling.').waitFor();

  // answer the citizen
  await page.getByLabel('Bericht aan de inwoner').fill('Dank u. De container wordt vandaag geleegd.');
  await page.getByRole('button', { name: 'Bericht versturen' }).click();
  await page.locator('section[aria-labelledby=messages-h]').getByText('Dank u. De container wordt vandaag geleegd.').waitFor();

  // a refusal: the rule while typing, then the API's 422 beside the field
  await page.getByRole('button', { name: 'Afhandelen…' }).click();
  await page.getByLabel('Afgewezen').check();
  const explanation = page.getByLabel('Uitleg voor de inwoner');
  await explanation.fill('Dat kan niet.');
  await page.getByText(/minstens 40 tekens nodig: nog \d+ tekens/).waitFor();
  await page.getByRole('button', { name: 'Afhandelen', exact: true }).click();
  const fieldError = page.locator('#resolve-explanation-error');
  await fieldError.waitFor();
  assert.ok((await fieldError.innerText()).trim().length > 0, 'the 422 reason is shown beside the field');
  assert.equal(await explanation.getAttribute('aria-invalid'), 'true');
  await screen(s, 'casedesk-resolve-refused-too-short');

  // resolved, agreed
  await page.getByLabel('Toegekend', { exact: true }).check();
  await explanation.fill('De container is geleegd en wordt voortaan twee keer per week geleegd.');
  await page.getByRole('button', { name: 'Afhandelen', exact: true }).click();
  await page.getByText('De melding is bijgewerkt: Afgehandeld.').waitFor();
  await page.getByText('Uitkomst: Toegekend').waitFor();
  await screen(s, 'casedesk-case-resolved');

  const c = await call('GET', `/cases/${world.officerCase.id}`);
  assert.equal(c.status, 'resolved');
  assert.equal(c.outcome.result, 'agreed');
  assert.ok(c.firstContactAt, 'first contact recorded');

  // keyboard only: after a reload (the session lasts the tab) the skip link
  // is the first stop and leads to the main landmark
  await page.reload();
  await page.getByRole('heading', { level: 1, name: `Melding ${world.officerCase.reference}` }).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Direct naar de inhoud');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
});

test('a citizen follows their case on /volg, answers the question and gives feedback', async (t) => {
  const token = world.citizenCase.trackingToken;
  const id = world.citizenCase.id;
  await call('POST', `/cases/${id}/transitions`, { to: 'in_progress' });
  await call('POST', `/cases/${id}/transitions`, { to: 'waiting', reason: 'Wilt u zeggen welke lantaarnpaal het is?' });

  const s = await open(browser, t, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
  const { page } = s;
  await s.goto(`/volg#${token}`);
  await page.getByRole('heading', { level: 1, name: `Uw melding ${world.citizenCase.reference}` }).waitFor();
  await page.getByText('We wachten op u').first().waitFor();
  await page.getByText('Wilt u zeggen welke lantaarnpaal het is?').waitFor();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 375, `no sideways scrolling on a phone (page is ${wide}px wide)`);
  await screen(s, 'volg-waiting');

  await page.getByLabel('Uw antwoord').fill('De paal tegenover de bakker, nummer 12.');
  await page.getByRole('button', { name: 'Bericht versturen' }).click();
  await page.getByText('We gaan weer verder met uw melding.').waitFor();
  await page.getByText('We zijn ermee bezig').first().waitFor();

  await call('POST', `/cases/${id}/transitions`, {
    to: 'resolved', outcome: 'partly_agreed',
    explanation: 'De lamp is vervangen. Een extra lantaarnpaal plaatsen we niet.',
  });
  await page.reload();
  await page.getByText('De lamp is vervangen. Een extra lantaarnpaal plaatsen we niet.').waitFor();
  await page.getByText('U krijgt een deel van wat u vroeg').waitFor();
  await screen(s, 'volg-resolved');

  await page.getByLabel('Tevreden', { exact: true }).check();
  await page.getByRole('group', { name: 'Voelde u zich behandeld als gelijkwaardige partij?' }).getByLabel('Ja').check();
  await page.getByLabel('Wilt u nog iets kwijt?').fill('Snel opgelost, dank u.');
  await page.getByRole('button', { name: 'Mening versturen' }).click();
  await page.getByText('Dank u wel voor uw mening.').waitFor();
  await screen(s, 'volg-feedback-given');

  const tracking = await (await fetch(`${CD}/tracking/${token}`)).json();
  assert.equal(tracking.feedback.satisfaction, 4);
  assert.equal(tracking.feedback.equalParty, true);
  assert.equal(tracking.canGiveFeedback, false);
});

test('the citizen\'s page without a code asks for it', async (t) => {
  const s = await open(browser, t, { viewport: { width: 375, height: 812 } });
  await s.goto('/volg');
  await s.page.getByLabel('Uw code').waitFor();
  await screen(s, 'volg-no-code');
});
