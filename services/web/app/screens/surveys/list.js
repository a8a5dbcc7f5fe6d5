// The surveys (GET /surveys/v1/surveys): newest first, filtered by status,
// paged by the API's cursors.
import { useState } from 'preact/hooks';
import { html, PageTitle, Table, Pager, usePagedList, Resource, EmptyState, Select, StatusBadge } from '../../ui/index.js';
import { t, formatDate } from '../../i18n.js';
import './texts.js';

const STATUS_KIND = { draft: 'neutral', open: 'info', closed: 'ok' };

export function SurveyStatus({ status }) {
  return html`<${StatusBadge} kind=${STATUS_KIND[status] || 'neutral'}>${t(`sv.status.${status}`)}<//>`;
}

export const audiences = (list) => (list || []).map((a) => t(`sv.aud.${a}`)).join(', ');

export function SurveyListView() {
  const [status, setStatus] = useState('');
  const list = usePagedList('/surveys/v1/surveys', { status, limit: 20 });
  return html`<${PageTitle} sub=${t('sv.list.intro')}>${t('sv.list.title')}<//>
    <div class="koers-narrow">
      <${Select} id="sv-status" label=${t('sv.filter.status')} value=${status} onChange=${setStatus} required
        options=${[{ value: '', label: t('sv.filter.all') }, ...['draft', 'open', 'closed'].map((s) => ({ value: s, label: t(`sv.status.${s}`) }))]} />
    </div>
    <${Resource} res=${list.res}>${(data) => (data.items.length === 0 && !list.hasPrev
      ? html`<${EmptyState} title=${t('sv.list.empty')}>${t('sv.list.emptyText')}<//>`
      : html`<${Table} caption=${t('sv.list.caption')} rows=${data.items} columns=${[
        { label: t('sv.col.title'), rowHeader: true, render: (s) => html`<a class="utrecht-link" href=${`/workplace/surveys/${s.id}`}>${s.title}</a>` },
        { label: t('sv.col.wave'), numeric: true, render: (s) => s.wave },
        { label: t('sv.col.status'), render: (s) => html`<${SurveyStatus} status=${s.status} />` },
        { label: t('sv.col.kind'), render: (s) => t(`sv.kind.${s.kind}`) },
        { label: t('sv.col.audiences'), render: (s) => audiences(s.audiences) },
        { label: t('sv.col.opened'), render: (s) => formatDate(s.openedAt) || '—' },
        { label: t('sv.col.closed'), render: (s) => formatDate(s.closedAt) || '—' },
      ]} />
      <${Pager} list=${list} />`)}<//>`;
}
