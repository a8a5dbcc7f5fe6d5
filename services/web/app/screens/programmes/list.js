// The programmes (GET /programmes/v1/programmes), paged by the cursors.
import { html, PageTitle, Table, Pager, usePagedList, Resource, EmptyState, StatusBadge } from '../../ui/index.js';
import { t, formatDate } from '../../i18n.js';
import './texts.js';

const STATUS_KIND = { draft: 'neutral', running: 'info', completed: 'ok', stopped: 'warning' };

export function ProgrammeStatus({ status }) {
  return html`<${StatusBadge} kind=${STATUS_KIND[status] || 'neutral'}>${t(`pg.status.${status}`)}<//>`;
}

export function ProgrammeListView() {
  const list = usePagedList('/programmes/v1/programmes', { limit: 20 });
  return html`<${PageTitle} sub=${t('pg.list.intro')}>${t('pg.list.title')}<//>
    <${Resource} res=${list.res}>${(data) => (data.items.length === 0 && !list.hasPrev
      ? html`<${EmptyState} title=${t('pg.list.empty')} />`
      : html`<${Table} caption=${t('pg.list.caption')} rows=${data.items} columns=${[
        { label: t('pg.col.name'), rowHeader: true, render: (p) => html`<a class="utrecht-link" href=${`/workplace/programmes/${p.id}`}>${p.name}</a>` },
        { label: t('pg.col.status'), render: (p) => html`<${ProgrammeStatus} status=${p.status} />` },
        { label: t('pg.col.period'), render: (p) => (p.startsOn || p.endsOn ? `${formatDate(p.startsOn) || '…'} – ${formatDate(p.endsOn) || '…'}` : '—') },
        { label: t('pg.col.facilitator'), render: (p) => p.facilitator || '—' },
        { label: t('pg.col.version'), numeric: true, render: (p) => p.approachVersion },
      ]} />
      <${Pager} list=${list} />`)}<//>`;
}
