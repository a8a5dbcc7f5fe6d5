// The staff timeline of a case (GET /cases/{id}/timeline): every change,
// who made it and when; what the citizen also sees is marked.
import { html, Resource, useResource, StatusBadge } from '../../ui/index.js';
import { t, formatDateTime } from '../../i18n.js';
import { actorName } from './common.js';
import { loadAll } from './lists.js';

function detailText(d) {
  if (d == null || d === '') return '';
  if (typeof d === 'string') return d;
  if (typeof d === 'object') {
    const v = d.reason || d.text || d.explanation || d.question || d.comment || d.declineReason;
    if (typeof v === 'string') return v;
  }
  return '';
}

export function Timeline({ caseId, version }) {
  const res = useResource((signal) => loadAll(`/casedesk/v1/cases/${caseId}/timeline`, signal), [caseId, version]);
  return html`<section class="koers-section" aria-labelledby="timeline-h">
    <h2 class="utrecht-heading-2" id="timeline-h">${t('timeline.title')}</h2>
    <${Resource} res=${res}>${(items) => html`<ol class="koers-timeline">
      ${items.slice().reverse().map((e) => html`<li class="koers-timeline__item" key=${e.id}>
        <p class="utrecht-paragraph"><strong>${t(`action.${e.action}`)}</strong>
          ${e.toStatus && e.action === 'status_changed' ? html` → ${t(`status.${e.toStatus}`)}` : null}
          ${e.public ? html` <${StatusBadge} kind="info">${t('timeline.public')}<//>` : null}</p>
        <p class="utrecht-paragraph koers-muted"><time datetime=${e.at}>${formatDateTime(e.at)}</time>
          ${e.actor ? ` · ${t('timeline.by', { who: actorName(e.actor) })}` : ''}</p>
        ${detailText(e.detail) ? html`<p class="utrecht-paragraph">${detailText(e.detail)}</p>` : null}
      </li>`)}
    </ol>`}<//>
  </section>`;
}
