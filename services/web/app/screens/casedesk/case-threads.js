// A case's messages to and from the citizen, and its internal notes: two
// panels that look different (a solid blue frame for what the citizen
// reads, a dashed yellow one for staff only) and are headed as such.
import { useState } from 'preact/hooks';
import { html, Resource, useResource, TextArea, Button, ErrorSummary, ProblemMessage, Notice } from '../../ui/index.js';
import { t, formatDateTime } from '../../i18n.js';
import { api } from '../../api.js';
import { actorName } from './common.js';
import { loadAll } from './lists.js';

function Composer({ id, label, submitLabel, emptyText, onSend, okText }) {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const [ok, setOk] = useState(false);
  async function submit(e) {
    e.preventDefault();
    setOk(false);
    setProblem(null);
    if (!text.trim()) {
      setError(emptyText);
      return;
    }
    setError('');
    setBusy(true);
    try {
      await onSend(text.trim());
      setText('');
      setOk(true);
    } catch (p) {
      setProblem(p);
      setError(p.fieldError ? p.fieldError('text') : '');
    } finally {
      setBusy(false);
    }
  }
  return html`<form class="utrecht-form" novalidate onSubmit=${submit}>
    <${ErrorSummary} errors=${error ? [{ id, text: error }] : []} />
    <${ProblemMessage} problem=${problem && !error ? problem : null} />
    ${ok ? html`<${Notice}>${okText}<//>` : null}
    <${TextArea} id=${id} label=${label} value=${text} onInput=${setText} error=${error} required rows="3" maxlength="5000" />
    <${Button} type="submit" busy=${busy}>${submitLabel}<//>
  </form>`;
}

export function Messages({ caseId, onChange }) {
  const res = useResource((signal) => loadAll(`/casedesk/v1/cases/${caseId}/messages`, signal), [caseId]);
  return html`<section class="koers-section koers-panel--messages" aria-labelledby="messages-h">
    <h2 class="utrecht-heading-2" id="messages-h">${t('messages.title')}</h2>
    <p class="utrecht-paragraph">${t('messages.explain')}</p>
    <${Resource} res=${res}>${(items) => (items.length === 0
      ? html`<p class="utrecht-paragraph koers-muted">${t('messages.none')}</p>`
      : html`<ol class="koers-thread">${items.map((m) => html`<li key=${m.id}
          class=${`koers-thread__item koers-thread__item--${m.direction === 'to_citizen' ? 'outbound' : 'inbound'}`}>
          <p class="koers-thread__meta">${m.direction === 'to_citizen' ? t('messages.to') : t('messages.from')}
            · ${m.direction === 'to_citizen' ? `${actorName(m.author)} · ` : ''}<time datetime=${m.at}>${formatDateTime(m.at)}</time></p>
          <p class="koers-thread__text">${m.text}</p>
        </li>`)}</ol>`)}<//>
    <${Composer} id="message-text" label=${t('messages.new')} submitLabel=${t('messages.send')} emptyText=${t('messages.empty')}
      okText=${t('messages.sent')}
      onSend=${async (text) => {
        await api.send('POST', `/casedesk/v1/cases/${caseId}/messages`, { text });
        res.reload();
        if (onChange) onChange();
      }} />
  </section>`;
}

export function Notes({ caseId, onChange }) {
  const res = useResource((signal) => loadAll(`/casedesk/v1/cases/${caseId}/notes`, signal), [caseId]);
  return html`<section class="koers-section koers-panel--notes" aria-labelledby="notes-h">
    <h2 class="utrecht-heading-2" id="notes-h">${t('notes.title')}</h2>
    <p class="utrecht-paragraph"><strong>${t('notes.explain')}</strong></p>
    <${Resource} res=${res}>${(items) => (items.length === 0
      ? html`<p class="utrecht-paragraph koers-muted">${t('notes.none')}</p>`
      : html`<ol class="koers-thread">${items.map((n) => html`<li key=${n.id} class="koers-thread__item">
          <p class="koers-thread__meta">${t('notes.by', { who: actorName(n.author) })} · <time datetime=${n.at}>${formatDateTime(n.at)}</time></p>
          <p class="koers-thread__text">${n.text}</p>
        </li>`)}</ol>`)}<//>
    <${Composer} id="note-text" label=${t('notes.new')} submitLabel=${t('notes.add')} emptyText=${t('notes.empty')}
      okText=${t('notes.saved')}
      onSend=${async (text) => {
        await api.send('POST', `/casedesk/v1/cases/${caseId}/notes`, { text });
        res.reload();
        if (onChange) onChange();
      }} />
  </section>`;
}
