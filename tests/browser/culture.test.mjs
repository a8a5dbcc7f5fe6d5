// The culture screens in a real browser against the real stack
// (tests/browser/run.sh):
//   - a process owner signs in through the local provider, opens their
//     process from the list: the flow the service draws (an <img> with the
//     picture's own title as alt, its steps as a table), the bottleneck
//     quadrant and ranked backlog, an improvement, a KPI against its target;
//     raises a bottleneck with the one form and sees it on the backlog;
//   - a programme lead opens a programme: the approach's phases and steps
//     with a checkpoint, groups, a building block, proposals by state, an
//     activity, a goal;
//   - a coordinator reads a survey's results: a group under the small-group
//     rule shows as withheld, the gap between residents and employees per
//     core value, the comparison with the second wave with its intervals,
//     and downloads an export;
//   - axe-core 0 violations and a screenshot on every screen (lib/koers.mjs).
// The data is made through the public APIs with the harness's service token
// (coordinator + admin), its portal key (open-link answers) and the
// surveys' one-time invitation tokens, as the black-box tests do.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { launch, open, signIn, screen, GATEWAY } from './lib/koers.mjs';

const uniq = Date.now().toString(36);

async function call(method, path, body, { cred = process.env.TOKEN, headers = {}, raw = false } = {}) {
  const res = await fetch(`${GATEWAY}${path}`, {
    method,
    headers: { ...(cred ? { Authorization: `Bearer ${cred}` } : {}), 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  const data = text ? JSON.parse(text) : null;
  return raw ? { data, etag: res.headers.get('ETag') } : data;
}

const world = {};
let browser;

async function seedProcess() {
  const P = '/processes/v1';
  const owner = await call('POST', `${P}/staff`, { name: 'Demo process owner', email: `po.${uniq}@example-gemeente.nl`, userSub: 'demo-process-owner' });
  const team = await call('POST', `${P}/teams`, { name: `Vergunningen ${uniq}`, managerId: owner.id, membersCount: 12 });
  await call('PATCH', `${P}/staff/${owner.id}`, { teamId: team.id });
  const back = await call('POST', `${P}/teams`, { name: `Juridische zaken ${uniq}`, membersCount: 5 });
  const proc = await call('POST', `${P}/processes`, {
    name: `Omgevingsvergunning ${uniq}`, ownerId: owner.id, chain: 'Vergunningen',
    purpose: 'Een vergunning binnen de termijn', serviceDelivered: 'Omgevingsvergunning', teamIds: [team.id, back.id],
  });
  const draft = await call('POST', `${P}/processes/${proc.id}/flow/draft`, undefined, { raw: true });
  const put = await call('PUT', `${P}/processes/${proc.id}/flow/draft`, { steps: [
    { name: 'Aanvraag ontvangen', teamId: team.id, inputs: ['aanvraag'], outputs: ['ontvangstbevestiging'] },
    { name: 'Beoordelen', teamId: team.id, role: 'vergunningverlener', normHours: 4 },
    { name: 'Juridisch advies', teamId: back.id, role: 'jurist', normHours: 2 },
  ] }, { raw: true, headers: { 'If-Match': draft.etag } });
  await call('POST', `${P}/processes/${proc.id}/flow/draft/publish`, { note: 'Na de werksessie' }, { headers: { 'If-Match': put.etag } });
  const flow = await call('GET', `${P}/processes/${proc.id}/flow`);
  const b = [];
  for (const [i, [impact, effort, text]] of [[5, 1, 'Dubbele invoer van de aanvraag'], [4, 4, 'Wachten op juridisch advies'], [2, 2, 'Onduidelijke ontvangstbevestiging']].entries()) {
    b.push(await call('POST', `${P}/bottlenecks`, { processId: proc.id, description: text, source: 'staff', impact, effort, stepId: flow.steps[i].id }));
  }
  await call('POST', `${P}/improvements`, { processId: proc.id, title: 'Eén invoerscherm', kind: 'uniform_working_method', bottleneckIds: [b[0].id] });
  const kpi = await call('POST', `${P}/kpis`, { processId: proc.id, name: 'Doorlooptijd', unit: 'dagen', direction: 'lower_is_better', target: 56, frequency: 'month' });
  for (const [m, v] of [['01', 70], ['02', 61], ['03', 52]]) {
    await call('POST', `${P}/kpis/${kpi.id}/measurements`, { periodStart: `2026-${m}-01`, periodEnd: `2026-${m}-28`, value: v },
      { headers: { 'Idempotency-Key': `kpi-${uniq}-${m}` } });
  }
  return { proc, flow, bottlenecks: b, kpi };
}

async function seedProgramme() {
  const G = '/programmes/v1';
  const prog = await call('POST', `${G}/programmes`, {
    name: `De Verbonden Gemeente ${uniq}`, question: 'Hoe werken we samen met inwoners?', vision: 'Samen in de wijk',
    facilitator: 'Bureau Koers', phases: [
      { name: 'Start en koers', steps: [{ name: 'Koers uitzetten' }, { name: 'Nulmeting', kind: 'survey' }] },
      { name: 'Verbeteren', steps: [{ name: 'Werkgroepen aan de slag' }] },
    ],
  });
  await call('POST', `${G}/programmes/${prog.id}/transitions`, { to: 'running' });
  const project = await call('POST', `${G}/groups`, { programmeId: prog.id, kind: 'project', name: `Projectgroep ${uniq}` });
  const working = await call('POST', `${G}/groups`, { programmeId: prog.id, kind: 'working', name: `Werkgroep wijk ${uniq}`, subject: 'Wijkgericht werken' });
  const chair = await call('POST', `${G}/people`, { name: `Voorzitter ${uniq}`, roleType: 'manager' });
  await call('PUT', `${G}/groups/${project.id}/members/${chair.id}`, { role: 'chair' });
  const approach = await call('GET', `${G}/programmes/${prog.id}/approach`);
  const steps = approach.phases.flatMap((ph) => ph.steps);
  const checkpoint = await call('POST', `${G}/programmes/${prog.id}/checkpoints`, {
    stepId: steps[0].id, question: 'Past de aanpak nog?', insights: ['De werkgroepen hebben meer tijd nodig'],
    decision: 'continue', rationale: 'Wat we nu weten', groupId: project.id, presentIds: [chair.id],
  });
  const block = await call('POST', `${G}/building-blocks`, { programmeId: prog.id, stepId: steps[2].id, workingGroupId: working.id, title: `Spreekuur in de wijk ${uniq}` });
  const p1 = await call('POST', `${G}/proposals`, { buildingBlockId: block.id, title: 'Wekelijks spreekuur in het buurthuis' });
  await call('POST', `${G}/proposals/${p1.id}/transitions`, { to: 'submitted' });
  await call('POST', `${G}/proposals`, { buildingBlockId: block.id, title: 'Wijkteam op de fiets' });
  const activity = await call('POST', `${G}/activities`, { programmeId: prog.id, kind: 'workshop', title: `Workshop verbinden ${uniq}` });
  const goal = await call('POST', `${G}/goals`, { programmeId: prog.id, name: 'Meer mensen doen mee' });
  await call('POST', `${G}/indicators`, { goalId: goal.id, kind: 'attendance_rate', target: 0.7 });
  return { prog, steps, checkpoint, block, activity, goal };
}

async function answerSurvey(s, codes, citizens, employees, managers, bump = 0) {
  const S = '/surveys/v1';
  const q = Object.fromEntries(s.questions.map((x) => [x.code, x.id]));
  const vals = world.values.map((v) => v.id);
  const answers = (i, favourB) => [
    { questionId: q.gehoord, value: 1 + ((i + bump) % 5) },
    { questionId: q.waarden, valueIds: favourB ? [vals[1], vals[2]] : [vals[0], vals[i % 2 ? 1 : 2]] },
  ];
  for (let i = 0; i < citizens; i++) {
    await call('POST', `${S}/surveys/${s.id}/responses`, { audience: 'citizens', answers: answers(i, false) }, { cred: process.env.KEY });
  }
  for (const [audience, n] of [['employees', employees], ['managers', managers]].filter(([, k]) => k > 0)) {
    const batch = await call('POST', `${S}/surveys/${s.id}/invitations`, { audience, count: n });
    for (const [i, token] of batch.tokens.entries()) {
      await call('POST', `${S}/responses`, { token, answers: answers(i, true) }, { cred: '' });
    }
  }
}

async function seedSurveys() {
  const S = '/surveys/v1';
  world.values = [];
  for (const name of ['Betrouwbaar', 'Open', 'Dichtbij']) {
    world.values.push(await call('POST', `${S}/core-values`, { name: `${name} ${uniq}` }));
  }
  const s1 = await call('POST', `${S}/surveys`, { title: `Kernwaarden ${uniq}`, kind: 'core_values', audiences: ['citizens', 'employees', 'managers'] });
  await call('POST', `${S}/surveys/${s1.id}/questions`, { code: 'gehoord', text: 'Ik voel me gehoord door de gemeente.', type: 'likert5' });
  await call('POST', `${S}/surveys/${s1.id}/questions`, { code: 'waarden', text: 'Kies twee waarden die bij de gemeente passen.', type: 'value_selection', options: { pick: 2 } });
  const open1 = await call('POST', `${S}/surveys/${s1.id}/open`);
  await answerSurvey(open1, null, 6, 6, 2);
  await call('POST', `${S}/surveys/${s1.id}/close`);
  const w2 = await call('POST', `${S}/surveys/${s1.id}/waves`);
  const open2 = await call('POST', `${S}/surveys/${w2.id}/open`);
  await answerSurvey(open2, null, 6, 6, 0, 2);
  await call('POST', `${S}/surveys/${w2.id}/close`);
  return { s1, w2 };
}

before(async () => {
  browser = await launch();
  world.process = await seedProcess();
  world.programme = await seedProgramme();
  world.survey = await seedSurveys();
});
after(async () => { await browser?.close(); });

test('a process owner walks their process: flow, backlog, improvements, KPIs; raises a bottleneck', async (t) => {
  const s = await open(browser, t);
  const { page } = s;
  const { proc } = world.process;
  await signIn(s, 'process_owner');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Processen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Processen' }).waitFor();
  const row = page.getByRole('table', { name: 'Processen' }).getByRole('row').filter({ hasText: proc.name });
  await row.getByText('Demo process owner').waitFor();
  await page.getByRole('heading', { name: 'Dekking: teammanagers als proceseigenaar' }).waitFor();
  await page.getByText(/van de \d+ teammanagers zijn eigenaar van een proces/).waitFor();
  await screen(s, 'processes-list');

  await row.getByRole('link', { name: proc.name }).click();
  await page.getByRole('heading', { level: 1, name: proc.name }).waitFor();
  // the flow the service draws, as an image with its own title as alt
  const img = page.locator('section[aria-labelledby=pr-flow-h] img');
  await img.waitFor();
  assert.ok((await img.getAttribute('src')).startsWith('data:image/svg+xml'), 'the flow is an <img> of the service\'s SVG');
  assert.ok((await img.getAttribute('alt')).length > 0, 'the flow picture has a text alternative');
  assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth > 0), 'the flow picture rendered');
  const flowTable = page.getByRole('table', { name: 'Stappen van de processtroom' });
  await flowTable.getByText('Juridisch advies').waitFor();
  // the backlog: ranked, highest priority first, and the quadrant
  const backlog = page.getByRole('table', { name: 'Backlog van knelpunten, op prioriteit' });
  const first = backlog.getByRole('row').nth(1);
  await first.getByText('Dubbele invoer van de aanvraag').waitFor();
  await first.getByText('Snel resultaat').waitFor();
  await page.getByRole('img', { name: /Knelpunten naar impact/ }).waitFor();
  await page.getByRole('table', { name: 'Verbeteringen van dit proces' }).getByText('Eén invoerscherm').waitFor();
  const kpi = page.getByRole('table', { name: 'Metingen van Doorlooptijd' });
  assert.equal(await kpi.getByRole('row').count(), 4, 'three measurements and a header');
  await page.getByText('Doel: hoogstens 56 dagen · gemeten per maand').waitFor();
  await page.getByRole('img', { name: /Doorlooptijd: gemeten waarden per periode/ }).waitFor();
  await page.getByRole('heading', { name: 'Meldingen van inwoners bij dit proces' }).waitFor();
  await screen(s, 'process');

  // the one action: raise a bottleneck; it lands on the backlog
  await page.getByLabel('Wat loopt er vast?').fill('Aanvragers bellen om de status te vragen');
  await page.getByLabel('Bij welke stap?').selectOption({ label: '2. Beoordelen' });
  await page.getByLabel('Impact (1 weinig – 5 veel)').selectOption('4');
  await page.getByLabel('Inspanning om op te lossen (1 weinig – 5 veel)').selectOption('2');
  await page.getByRole('button', { name: 'Knelpunt melden' }).click();
  await page.getByText('Het knelpunt staat op de backlog.').waitFor();
  await backlog.getByText('Aanvragers bellen om de status te vragen').waitFor();
  await screen(s, 'process-bottleneck-raised');
});

test('a programme lead walks a programme: approach, checkpoint, groups, proposals, activities, goals', async (t) => {
  const s = await open(browser, t);
  const { page } = s;
  const { prog } = world.programme;
  await signIn(s, 'programme_lead');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: "Programma's" }).click();
  const row = page.getByRole('row').filter({ hasText: prog.name });
  await row.getByText('Loopt').waitFor();
  await screen(s, 'programmes-list');

  await row.getByRole('link', { name: prog.name }).click();
  await page.getByRole('heading', { level: 1, name: prog.name }).waitFor();
  await page.getByRole('heading', { level: 3, name: '1. Start en koers' }).waitFor();
  await page.getByRole('heading', { level: 3, name: '2. Verbeteren' }).waitFor();
  await page.getByText('IJkmoment: doorgaan').waitFor();
  await page.getByText(/Versie 1 — .*/).first().waitFor();
  await page.getByText('Status Concept → Loopt').waitFor();
  await page.getByRole('table', { name: 'Groepen van het programma' }).getByRole('cell', { name: 'Projectgroep', exact: true }).waitFor();
  await page.getByRole('table', { name: 'Bouwstenen en hun werkgroep' }).getByText(`Spreekuur in de wijk ${uniq}`).waitFor();
  const props = page.getByRole('table', { name: 'Voorstellen' });
  await props.getByRole('row').filter({ hasText: 'Wekelijks spreekuur in het buurthuis' }).getByText('Ingediend').waitFor();
  await props.getByRole('row').filter({ hasText: 'Wijkteam op de fiets' }).getByText('Concept').waitFor();
  await page.getByRole('img', { name: /Aantal voorstellen per status: Concept 1, Ingediend 1/ }).waitFor();
  await page.getByRole('table', { name: 'Activiteiten' }).getByText(`Workshop verbinden ${uniq}`).waitFor();
  await page.getByRole('heading', { level: 3, name: 'Meer mensen doen mee' }).waitFor();
  await page.getByText('Opkomst: doel minstens 70%').waitFor();
  await page.getByText('Nog geen manifest.').waitFor();
  await screen(s, 'programme');
});

test('a coordinator reads a survey: the small-group rule, the gap, the waves, an export', async (t) => {
  const s = await open(browser, t, { acceptDownloads: true });
  const { page } = s;
  const { s1 } = world.survey;
  await signIn(s, 'coordinator');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Onderzoeken' }).click();
  const row = page.getByRole('row').filter({ hasText: s1.title }).filter({ has: page.getByRole('cell', { name: '1', exact: true }) });
  await row.first().waitFor();
  await screen(s, 'surveys-list');

  await row.first().getByRole('link', { name: s1.title }).click();
  await page.getByRole('heading', { level: 1, name: s1.title }).waitFor();
  await page.getByText(/minder dan 5 respondenten toont Koers geen cijfers/).waitFor();
  const results = page.getByRole('table', { name: 'Resultaten per vraag en doelgroep' });
  const mgr = results.getByRole('row').filter({ hasText: 'Ik voel me gehoord' }).filter({ hasText: 'leidinggevenden' });
  await mgr.getByText(/Verborgen: te weinig respondenten/).waitFor();
  const cit = results.getByRole('row').filter({ hasText: 'Ik voel me gehoord' }).filter({ hasText: 'inwoners' });
  await cit.getByText(/gemiddeld/).waitFor();
  const gap = page.getByRole('table', { name: 'Kloof per kernwaarde en stelling' });
  await gap.getByText(`Betrouwbaar ${uniq}`).waitFor();
  await page.getByRole('img', { name: /Verschil in procentpunten tussen inwoners en medewerkers/ }).waitFor();
  const waves = page.getByRole('table', { name: 'Verschillen tussen de golven' });
  await waves.getByRole('row').nth(1).waitFor();
  await page.getByRole('img', { name: /tussen golf 1 en golf 2 met 95%-betrouwbaarheidsinterval/ }).waitFor();
  await screen(s, 'survey-results');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Resultaten (CSV)' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /results\.csv$/);
  const file = await download.path();
  const { readFileSync } = await import('node:fs');
  assert.match(readFileSync(file, 'utf8'), /^code,type,audience,n,withheld/);
  await page.getByText(/De download .* is gestart/).waitFor();
});
