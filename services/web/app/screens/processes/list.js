// The processes (GET /processes/v1/processes) with their owner and phase,
// and the coverage of team managers as process owners in a year
// (GET /processes/v1/coverage).
import { useState } from 'preact/hooks';
import { html, PageTitle, Table, Resource, useResource, EmptyState, StatusBadge, Select } from '../../ui/index.js';
import { t, formatNumber } from '../../i18n.js';
import { api } from '../../api.js';
import { loadAll, Section, pct } from '../../ui/culture_data.js';
import { BarChart } from '../../ui/culture_charts.js';
import './texts.js';

const STATUS_KIND = { selected: 'neutral', analysing: 'info', improving: 'warning', monitoring: 'ok', archived: 'neutral' };

export function ProcessStatus({ status }) {
  return html`<${StatusBadge} kind=${STATUS_KIND[status] || 'neutral'}>${t(`pr.status.${status}`)}<//>`;
}

async function loadList(signal) {
  const [processes, staff] = await Promise.all([
    loadAll('/processes/v1/processes', null, signal, 10),
    loadAll('/processes/v1/staff', null, signal, 10).catch(() => []),
  ]);
  return { processes, names: new Map(staff.map((s) => [s.id, s.name])) };
}

function Coverage() {
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(String(thisYear));
  const res = useResource((signal) => api.get('/processes/v1/coverage', { year }, { signal }), [year]);
  return html`<${Section} id="pr-cov-h" title=${t('pr.cov')}>
    <div class="koers-narrow">
      <${Select} id="pr-year" label=${t('pr.cov.year')} value=${year} onChange=${setYear} required
        options=${[thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: String(y), label: String(y) }))} />
    </div>
    <${Resource} res=${res}>${(c) => html`
      <p class="utrecht-paragraph"><strong>${t('pr.cov.share', { with: c.teamManagersWithProcess, all: c.teamManagers, share: pct(c.share) })}</strong>
        ${' '}${c.target.met ? t('pr.cov.met', { target: c.target.teamManagers }) : t('pr.cov.target', { target: c.target.teamManagers, remaining: c.target.remaining })}</p>
      <${BarChart} label=${t('pr.cov.share', { with: c.teamManagersWithProcess, all: c.teamManagers, share: pct(c.share) })} max=${Math.max(1, c.teamManagers)} digits=${0}
        rows=${[{ label: t('pr.cov.owners'), value: c.teamManagersWithProcess }, { label: t('pr.cov.without'), value: c.teamManagersWithoutProcess.length }]} />
      ${c.owners.length ? html`<${Table} caption=${t('pr.cov.owners')} rowKey=${(o) => o.staffId} rows=${c.owners} columns=${[
        { label: t('pr.col.owner'), rowHeader: true, render: (o) => o.name },
        { label: t('pr.cov.teamManager'), render: (o) => (o.teamManager ? t('common.yes') : t('common.no')) },
        { label: t('pr.cov.processes'), render: (o) => o.processes.map((p, i) => html`${i ? ', ' : ''}<a class="utrecht-link" href=${`/workplace/processes/${p.id}`}>${p.name}</a>`) },
      ]} />` : null}
      ${c.teamManagersWithoutProcess.length ? html`<h3 class="utrecht-heading-3">${t('pr.cov.without')} (${formatNumber(c.teamManagersWithoutProcess.length)})</h3>
        <ul class="utrecht-unordered-list">${c.teamManagersWithoutProcess.map((m) => html`<li class="utrecht-unordered-list__item" key=${m.staffId}>${m.name}</li>`)}</ul>` : null}
      ${c.processesWithoutManager.length ? html`<h3 class="utrecht-heading-3">${t('pr.cov.noManager')}</h3>
        <ul class="utrecht-unordered-list">${c.processesWithoutManager.map((p) => html`<li class="utrecht-unordered-list__item" key=${p.id}><a class="utrecht-link" href=${`/workplace/processes/${p.id}`}>${p.name}</a></li>`)}</ul>` : null}
    `}<//>
  <//>`;
}

export function ProcessListView() {
  const res = useResource((signal) => loadList(signal), []);
  return html`<${PageTitle} sub=${t('pr.list.intro')}>${t('pr.list.title')}<//>
    <${Resource} res=${res}>${({ processes, names }) => (processes.length === 0
      ? html`<${EmptyState} title=${t('pr.list.empty')} />`
      : html`<${Table} caption=${t('pr.list.caption')} rows=${processes} columns=${[
        { label: t('pr.col.name'), rowHeader: true, render: (p) => html`<a class="utrecht-link" href=${`/workplace/processes/${p.id}`}>${p.name}</a>` },
        { label: t('pr.col.status'), render: (p) => html`<${ProcessStatus} status=${p.status} />` },
        { label: t('pr.col.chain'), render: (p) => p.chain || '—' },
        { label: t('pr.col.owner'), render: (p) => names.get(p.ownerId) || '—' },
        { label: t('pr.col.manager'), render: (p) => (p.managerId && names.get(p.managerId)) || '—' },
      ]} />`)}<//>
    <${Coverage} />`;
}
