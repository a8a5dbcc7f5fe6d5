// A case's referrals: the question, to whom, the deadlines to acknowledge
// and to answer, the escalation so far, the answer; a new referral to an
// official or a department (the one-time answer link shown once), and
// withdrawing an open one (If-Match with the referral's ETag).
import { useState } from 'preact/hooks';
import { html, Resource, useResource, TextArea, Select, Button, ErrorSummary, ProblemMessage, Notice, StatusBadge, DataList, fieldErrors } from '../../ui/index.js';
import { t, formatDateTime } from '../../i18n.js';
import { api } from '../../api.js';
import { Due } from './common.js';
import { loadAll } from './lists.js';

const REFERRAL_KIND = { open: 'warning', acknowledged: 'info', answered: 'ok', withdrawn: 'neutral' };

async function loadDirectory(signal) {
  const [officials, departments] = await Promise.all([
    loadAll('/casedesk/v1/officials', signal, 5),
    loadAll('/casedesk/v1/departments', signal, 5),
  ]);
  return { officials: officials.filter((o) => o.active !== false), departments };
}

function ReferralCard({ r, names, onWithdrawn }) {
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  async function withdraw() {
    setBusy(true);
    setProblem(null);
    try {
      const cur = await api.get(`/casedesk/v1/referrals/${r.id}`);
      await api.send('POST', `/casedesk/v1/referrals/${r.id}/withdrawal`, {}, { ifMatch: cur.etag });
      onWithdrawn();
    } catch (p) {
      setProblem(p);
    } finally {
      setBusy(false);
    }
  }
  const esc = r.escalation || {};
  return html`<li class="koers-card">
    <p class="utrecht-paragraph"><${StatusBadge} kind=${REFERRAL_KIND[r.status] || 'neutral'}>${t(`referral.${r.status}`)}<//>
      ${esc.level > 0 ? html` <${StatusBadge} kind="danger">${t('referrals.escalated', { rung: t(`rung.${esc.rung}`), level: esc.level })}<//>` : null}</p>
    <${DataList} items=${[
      [t('referrals.to'), names(r)],
      [t('referrals.question'), r.question],
      r.status === 'open' ? [t('referrals.acknowledgeBy'), html`<${Due} at=${r.acknowledgeBy} />`] : null,
      r.status === 'open' || r.status === 'acknowledged' ? [t('referrals.answerBy'), html`<${Due} at=${r.answerBy} />`] : null,
      r.answer ? [t('referrals.answer'), r.answer] : null,
      esc.nextAt && (r.status === 'open' || r.status === 'acknowledged') ? ['', t('referrals.escalatesAt', { date: formatDateTime(esc.nextAt) })] : null,
    ]} />
    <${ProblemMessage} problem=${problem} />
    ${r.status === 'open' || r.status === 'acknowledged'
      ? html`<${Button} kind="secondary" busy=${busy} onClick=${withdraw}>${t('referrals.withdraw')}<//>` : null}
  </li>`;
}

export function Referrals({ caseId, onChange }) {
  const res = useResource((signal) => loadAll(`/casedesk/v1/cases/${caseId}/referrals`, signal), [caseId]);
  const dir = useResource((signal) => loadDirectory(signal), []);
  const [target, setTarget] = useState('');
  const [question, setQuestion] = useState('');
  const [errors, setErrors] = useState({});
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState(null);

  const names = (r) => {
    const d = dir.data || { officials: [], departments: [] };
    const o = d.officials.find((x) => x.id === r.officialId);
    const dep = d.departments.find((x) => x.id === r.departmentId);
    return [o && o.name, dep && dep.name].filter(Boolean).join(', ') || '—';
  };

  async function submit(e) {
    e.preventDefault();
    setProblem(null);
    setCreated(null);
    const errs = {};
    if (!target) errs['referral-target'] = t('referrals.pick');
    if (!question.trim()) errs['referral-question'] = t('referrals.emptyQuestion');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    const [kind, id] = target.split(':');
    const body = { question: question.trim(), [kind === 'official' ? 'officialId' : 'departmentId']: id };
    setBusy(true);
    try {
      const r = await api.send('POST', `/casedesk/v1/cases/${caseId}/referrals`, body);
      setCreated(r.responseLink || null);
      setQuestion('');
      setTarget('');
      res.reload();
      if (onChange) onChange();
    } catch (p) {
      setProblem(p);
      setErrors(fieldErrors(p, { question: 'referral-question', officialId: 'referral-target', departmentId: 'referral-target' }));
    } finally {
      setBusy(false);
    }
  }

  const d = dir.data || { officials: [], departments: [] };
  const options = [{ value: '', label: t('referrals.pick') },
    ...d.officials.map((o) => ({ value: `official:${o.id}`, label: `${t('referrals.official')}: ${o.name}` })),
    ...d.departments.map((x) => ({ value: `department:${x.id}`, label: `${t('referrals.department')}: ${x.name}` }))];
  const errList = Object.entries(errors).map(([id, text]) => ({ id, text }));

  return html`<section class="koers-section" aria-labelledby="referrals-h">
    <h2 class="utrecht-heading-2" id="referrals-h">${t('referrals.title')}</h2>
    <p class="utrecht-paragraph">${t('referrals.explain')}</p>
    <${Resource} res=${res}>${(items) => (items.length === 0
      ? html`<p class="utrecht-paragraph koers-muted">${t('referrals.none')}</p>`
      : html`<ul class="koers-thread">${items.map((r) => html`<${ReferralCard} key=${r.id} r=${r} names=${names}
          onWithdrawn=${() => { res.reload(); if (onChange) onChange(); }} />`)}</ul>`)}<//>
    ${created ? html`<${Notice}><p class="utrecht-paragraph">${t('referrals.created')}</p>
      <p class="utrecht-paragraph koers-break"><code class="utrecht-code">${created.href}</code></p>
      <p class="utrecht-paragraph">${t('referrals.linkExpires', { date: formatDateTime(created.expiresAt) })}</p><//>` : null}
    <h3 class="utrecht-heading-3">${t('referrals.new')}</h3>
    <${ProblemMessage} problem=${dir.problem} onRetry=${dir.reload} />
    <form class="utrecht-form" novalidate onSubmit=${submit}>
      <${ErrorSummary} errors=${errList} />
      <${ProblemMessage} problem=${problem && errList.length === 0 ? problem : null} />
      <${Select} id="referral-target" label=${t('referrals.target')} value=${target} onChange=${setTarget} options=${options} error=${errors['referral-target']} required />
      <${TextArea} id="referral-question" label=${t('referrals.question')} value=${question} onInput=${setQuestion} error=${errors['referral-question']} required rows="3" maxlength="5000" />
      <${Button} type="submit" busy=${busy}>${t('referrals.ask')}<//>
    </form>
  </section>`;
}
