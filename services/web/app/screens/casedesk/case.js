// One case as the liaison officer works it (/workplace/cases/:id): its
// status and SLA state, deadlines and suspension, details, the citizen (only
// when the API returns them), what can be done now (transitions with the
// case's ETag in If-Match), the messages to the citizen and the internal
// notes kept apart, referrals, the outcome, reopen requests (coordinator)
// and the timeline.
import { useState } from 'preact/hooks';
import { html, PageTitle, Resource, useResource, DataList, TextArea, RadioGroup, Button, ErrorSummary, ProblemMessage, Notice, fieldErrors } from '../../ui/index.js';
import { t, formatDateTime, formatNumber } from '../../i18n.js';
import { api } from '../../api.js';
import { hasRole } from '../../auth.js';
import { CaseStatus, SlaBadge, Due } from './common.js';
import { Messages, Notes } from './case-threads.js';
import { Referrals } from './case-referrals.js';
import { Timeline } from './case-timeline.js';
import { ReopenRequests } from './case-reopen.js';
import './texts-case.js';

// The casedesk's documented rule (api-spec/casedesk.yaml, Transition
// .explanation): a refusal needs an explanation of at least 40 characters.
// Shown while typing; the API decides, and its 422 is shown beside the field.
export const REFUSAL_MIN = 40;

// What the officer can ask for in each status (the API's lifecycle table);
// the forms ask for what a move needs.
const MOVES = {
  received: [],
  assigned: [{ to: 'in_progress', label: 'act.start' }],
  in_progress: [{ to: 'waiting', label: 'act.suspend', form: 'suspend' }, { to: 'solution_proposed', label: 'act.propose' },
    { to: 'resolved', label: 'act.resolve', form: 'resolve' }],
  waiting: [{ to: 'in_progress', label: 'act.resume' }],
  solution_proposed: [{ to: 'in_progress', label: 'act.resume' }, { to: 'resolved', label: 'act.resolve', form: 'resolve' }],
  resolved: [{ to: 'closed', label: 'act.close' }, { to: 'in_progress', label: 'act.reopen', form: 'reopen' }],
  closed: [{ to: 'in_progress', label: 'act.reopen', form: 'reopen' }],
};

async function loadCase(id, signal) {
  const c = await api.get(`/casedesk/v1/cases/${id}`, null, { signal });
  const [category, officer] = await Promise.all([
    api.get(`/casedesk/v1/categories/${c.categoryId}`, null, { signal }).catch(() => null),
    c.officerId ? api.get(`/casedesk/v1/liaison-officers/${c.officerId}`, null, { signal }).catch(() => null) : null,
  ]);
  return { c, etag: c.etag, category, officer };
}

function SuspendForm({ onSubmit, busy, errors }) {
  const [reason, setReason] = useState('');
  return html`<form class="utrecht-form koers-card" novalidate onSubmit=${(e) => { e.preventDefault(); onSubmit({ to: 'waiting', reason: reason.trim() }); }}>
    <h3 class="utrecht-heading-3">${t('suspend.legend')}</h3>
    <${TextArea} id="suspend-reason" label=${t('suspend.reason')} description=${t('suspend.help')} value=${reason} onInput=${setReason}
      error=${errors['suspend-reason']} required rows="3" maxlength="1000" />
    <${Button} type="submit" busy=${busy}>${t('suspend.submit')}<//>
  </form>`;
}

function ReopenForm({ onSubmit, busy, errors }) {
  const [reason, setReason] = useState('');
  return html`<form class="utrecht-form koers-card" novalidate onSubmit=${(e) => { e.preventDefault(); onSubmit({ to: 'in_progress', reason: reason.trim() || undefined }); }}>
    <h3 class="utrecht-heading-3">${t('reopen.legend')}</h3>
    <${TextArea} id="reopen-reason" label=${t('reopen.reason')} value=${reason} onInput=${setReason} error=${errors['reopen-reason']} rows="2" maxlength="1000" />
    <${Button} type="submit" busy=${busy}>${t('reopen.submit')}<//>
  </form>`;
}

function ResolveForm({ onSubmit, busy, errors, setErrors }) {
  const [outcome, setOutcome] = useState('');
  const [explanation, setExplanation] = useState('');
  const len = explanation.trim().length;
  let hint = t('resolve.help');
  if (outcome === 'refused') {
    hint = len >= REFUSAL_MIN ? t('resolve.refusalOk', { min: REFUSAL_MIN })
      : t('resolve.refusalRule', { min: REFUSAL_MIN, left: REFUSAL_MIN - len });
  }
  function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!outcome) errs['resolve-outcome'] = t('resolve.pickOutcome');
    if (!explanation.trim()) errs['resolve-explanation'] = t('resolve.needExplanation');
    if (Object.keys(errs).length) {
      setErrors(errs);
      return;
    }
    onSubmit({ to: 'resolved', outcome, explanation: explanation.trim() });
  }
  return html`<form class="utrecht-form koers-card" novalidate onSubmit=${submit}>
    <h3 class="utrecht-heading-3">${t('resolve.legend')}</h3>
    <${RadioGroup} name="resolve-outcome" legend=${t('resolve.outcome')} value=${outcome} onChange=${setOutcome} error=${errors['resolve-outcome']}
      options=${['agreed', 'partly_agreed', 'refused'].map((o) => ({ value: o, label: t(`outcome.${o}`) }))} />
    <${TextArea} id="resolve-explanation" label=${t('resolve.explanation')} description=${hint} live value=${explanation}
      onInput=${setExplanation} error=${errors['resolve-explanation']} required rows="5" maxlength="5000" />
    <${Button} type="submit" busy=${busy}>${t('resolve.submit')}<//>
  </form>`;
}

const FIELD_IDS = {
  suspend: { reason: 'suspend-reason' },
  resolve: { outcome: 'resolve-outcome', explanation: 'resolve-explanation' },
  reopen: { reason: 'reopen-reason' },
};

function Actions({ data, onCase, reload }) {
  const { c, etag } = data;
  const [form, setForm] = useState(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const [errors, setErrors] = useState({});
  const [done, setDone] = useState('');
  const moves = MOVES[c.status] || [];

  async function move(body) {
    setBusy(true);
    setProblem(null);
    setErrors({});
    setDone('');
    try {
      const updated = await api.send('POST', `/casedesk/v1/cases/${c.id}/transitions`, body, { ifMatch: etag });
      setForm(null);
      setDone(t('act.done', { status: t(`status.${updated.status}`) }));
      onCase(updated);
    } catch (p) {
      setProblem(p);
      setErrors(fieldErrors(p, FIELD_IDS[form] || {}));
    } finally {
      setBusy(false);
    }
  }
  const errList = Object.entries(errors).map(([id, text]) => ({ id, text }));
  return html`<section class="koers-section" aria-labelledby="actions-h">
    <h2 class="utrecht-heading-2" id="actions-h">${t('case.actions')}</h2>
    ${done ? html`<${Notice}>${done}<//>` : null}
    ${c.status === 'received' ? html`<p class="utrecht-paragraph">${t('case.received.note')}</p>` : null}
    ${moves.length === 0 && c.status !== 'received' ? html`<p class="utrecht-paragraph">${t('case.noActions')}</p>` : null}
    <div class="koers-actions">
      ${moves.map((m) => html`<${Button} kind=${m.form ? 'secondary' : 'primary'} busy=${busy && !m.form}
        aria-expanded=${m.form ? String(form === m.form) : undefined}
        onClick=${() => { setDone(''); setProblem(null); setErrors({}); if (m.form) setForm(form === m.form ? null : m.form); else move({ to: m.to }); }}>${t(m.label)}<//>`)}
    </div>
    <${ErrorSummary} errors=${errList} />
    ${problem && errList.length === 0 ? html`<${ProblemMessage} problem=${problem} />
      ${problem.status === 412 || problem.status === 409 ? html`<p class="utrecht-paragraph"><${Button} kind="secondary" onClick=${reload}>${t('act.reload')}<//></p>` : null}` : null}
    ${form === 'suspend' ? html`<${SuspendForm} onSubmit=${move} busy=${busy} errors=${errors} />` : null}
    ${form === 'resolve' ? html`<${ResolveForm} onSubmit=${move} busy=${busy} errors=${errors} setErrors=${setErrors} />` : null}
    ${form === 'reopen' ? html`<${ReopenForm} onSubmit=${move} busy=${busy} errors=${errors} />` : null}
  </section>`;
}

function Citizen({ c }) {
  if (!('citizen' in c)) return null; // the API did not give them to this caller
  return html`<section class="koers-section" aria-labelledby="citizen-h">
    <h2 class="utrecht-heading-2" id="citizen-h">${t('case.citizen')}</h2>
    ${c.citizen ? html`<${DataList} items=${[
      [t('case.citizen.name'), c.citizen.name],
      [t('case.citizen.email'), c.citizen.email ? html`<a class="utrecht-link" href=${`mailto:${c.citizen.email}`}>${c.citizen.email}</a>` : null],
      [t('case.citizen.phone'), c.citizen.phone],
      [t('case.citizen.address'), c.citizen.address],
    ]} />` : html`<p class="utrecht-paragraph">${t('case.anonymised')}</p>`}
  </section>`;
}

function CaseBody({ data, me, onCase, reload, version, bump }) {
  const { c, category, officer } = data;
  return html`<${PageTitle} sub=${category ? category.name : ''}>${t('case.title', { reference: c.reference })}<//>
    <p class="utrecht-paragraph"><${CaseStatus} status=${c.status} /> <${SlaBadge} sla=${c.sla} suspended=${!!c.suspension} /></p>
    ${c.suspension ? html`<div class="utrecht-alert utrecht-alert--warning" role="status"><div class="utrecht-alert__content"><div class="utrecht-alert__message">
      <p class="utrecht-paragraph"><strong>${t('case.suspended')}</strong></p>
      <p class="utrecht-paragraph">${t('case.suspendedReason')}: ${c.suspension.reason || '—'}</p>
      <p class="utrecht-paragraph">${t('case.suspendedSince', { date: formatDateTime(c.suspension.since) })}</p>
    </div></div></div>` : null}
    <div class="koers-grid-2">
      <section class="koers-section" aria-labelledby="deadlines-h">
        <h2 class="utrecht-heading-2" id="deadlines-h">${t('case.deadlines')}</h2>
        <${DataList} items=${[
          c.firstContactAt ? [t('case.firstContactAt'), formatDateTime(c.firstContactAt)] : [t('case.firstContactDue'), html`<${Due} at=${c.firstContactDue} />`],
          [t('case.resolutionDue'), html`<${Due} at=${c.resolutionDue} />`],
        ]} />
        ${c.outcome ? html`<h3 class="utrecht-heading-3">${t('case.outcome')}: ${t(`outcome.${c.outcome.result}`)}</h3>
          <${DataList} items=${[[t('case.explanation'), c.outcome.explanation], [t('case.resolvedAt'), formatDateTime(c.outcome.resolvedAt)]]} />` : null}
      </section>
      <section class="koers-section" aria-labelledby="details-h">
        <h2 class="utrecht-heading-2" id="details-h">${t('case.details')}</h2>
        <${DataList} items=${[
          [t('case.description'), c.description],
          [t('case.category'), category && category.name],
          [t('case.district'), c.district],
          [t('case.channel'), t(`channel.${c.channel}`)],
          [t('case.priority'), t(`priority.${c.priority}`)],
          [t('case.createdAt'), formatDateTime(c.createdAt)],
          [t('case.officer'), officer && officer.name],
          c.location ? [t('case.location'), c.location.address || `${c.location.latitude}, ${c.location.longitude}`] : null,
          c.reopenCount ? [t('case.reopenCount'), formatNumber(c.reopenCount)] : null,
        ]} />
      </section>
    </div>
    <${Citizen} c=${c} />
    <${Actions} data=${data} onCase=${onCase} reload=${reload} />
    ${hasRole(me, ['coordinator', 'admin']) ? html`<${ReopenRequests} caseId=${c.id} onChange=${reload} />` : null}
    <div class="koers-grid-2">
      <${Messages} caseId=${c.id} onChange=${bump} />
      <${Notes} caseId=${c.id} onChange=${bump} />
    </div>
    <${Referrals} caseId=${c.id} onChange=${bump} />
    <${Timeline} caseId=${c.id} version=${version} />`;
}

export function CaseView({ params, me }) {
  const res = useResource((signal) => loadCase(params.id, signal), [params.id]);
  const [version, setVersion] = useState(0);
  const bump = () => {
    setVersion((v) => v + 1);
    // a message to the citizen may be the first contact: the case changes
    api.get(`/casedesk/v1/cases/${params.id}`).then((c) => res.setData({ ...res.data, c, etag: c.etag })).catch(() => {});
  };
  const onCase = (c) => {
    res.setData({ ...res.data, c, etag: c.etag });
    setVersion((v) => v + 1);
  };
  return html`<p class="utrecht-paragraph"><a class="utrecht-link" href="/workplace/work-list">${t('case.back')}</a></p>
    ${res.data ? null : html`<${PageTitle}>${t('case.title', { reference: '' })}<//>`}
    <${Resource} res=${res}>${(data) => html`<${CaseBody} data=${data} me=${me} onCase=${onCase} reload=${res.reload} version=${version} bump=${bump} />`}<//>`;
}
