// The pending reopen requests of one case, for the coordinator (the API
// lists them to coordinator and admin only): accept (the case reopens) or
// decline with a reason the citizen reads; If-Match with the request's ETag.
import { useState } from 'preact/hooks';
import { html, Resource, useResource, TextArea, Button, ProblemMessage, Notice, ErrorSummary } from '../../ui/index.js';
import { t, formatDateTime } from '../../i18n.js';
import { api } from '../../api.js';

async function pendingFor(caseId, signal) {
  const out = [];
  let i = 0;
  for await (const page of api.pages('/casedesk/v1/reopen-requests', { status: 'pending', limit: 100 }, { signal })) {
    out.push(...page.items.filter((r) => r.caseId === caseId));
    if (++i >= 10) break;
  }
  return out;
}

function Request({ r, onDone }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const [error, setError] = useState('');
  const id = `reopen-reason-${r.id}`;
  async function decide(kind) {
    setProblem(null);
    setError('');
    if (kind === 'decline' && !reason.trim()) {
      setError(t('reopenReq.needReason'));
      return;
    }
    setBusy(true);
    try {
      const cur = await api.get(`/casedesk/v1/reopen-requests/${r.id}`);
      const body = reason.trim() ? { reason: reason.trim() } : {};
      await api.send('POST', `/casedesk/v1/reopen-requests/${r.id}/${kind}`, body, { ifMatch: cur.etag });
      onDone();
    } catch (p) {
      setProblem(p);
      setError(p.fieldError ? p.fieldError('reason') : '');
    } finally {
      setBusy(false);
    }
  }
  const f = r.feedback;
  return html`<li class="koers-card">
    <p class="utrecht-paragraph"><time datetime=${r.createdAt}>${formatDateTime(r.createdAt)}</time>
      ${f ? ` — ${t('reopenReq.item', { satisfaction: f.satisfaction, equal: f.equalParty ? t('common.yes') : t('common.no') })}` : ''}</p>
    <${ErrorSummary} errors=${error ? [{ id, text: error }] : []} />
    <${ProblemMessage} problem=${problem && !error ? problem : null} />
    <${TextArea} id=${id} label=${t('reopenReq.reason')} value=${reason} onInput=${setReason} error=${error} rows="2" maxlength="1000" />
    <div class="koers-actions">
      <${Button} busy=${busy} onClick=${() => decide('acceptance')}>${t('reopenReq.accept')}<//>
      <${Button} kind="secondary" busy=${busy} onClick=${() => decide('decline')}>${t('reopenReq.decline')}<//>
    </div>
  </li>`;
}

export function ReopenRequests({ caseId, onChange }) {
  const res = useResource((signal) => pendingFor(caseId, signal), [caseId]);
  const [done, setDone] = useState(false);
  return html`<section class="koers-section" aria-labelledby="reopen-h">
    <h2 class="utrecht-heading-2" id="reopen-h">${t('reopenReq.title')}</h2>
    ${done ? html`<${Notice}>${t('reopenReq.done')}<//>` : null}
    <${Resource} res=${res}>${(items) => (items.length === 0
      ? html`<p class="utrecht-paragraph koers-muted">${t('reopenReq.none')}</p>`
      : html`<ul class="koers-thread">${items.map((r) => html`<${Request} key=${r.id} r=${r}
          onDone=${() => { setDone(true); res.reload(); onChange(); }} />`)}</ul>`)}<//>
  </section>`;
}
