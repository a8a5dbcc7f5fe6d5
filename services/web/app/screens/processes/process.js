// One process (/workplace/processes/:id): its details; the flow picture the
// service draws (GET .../flow.svg, fetched with the user's token and shown
// as an <img> from a data: URL — no script of it runs — with the picture's
// own <title> as alt and its <desc> in words below) and the steps as a
// table; the bottleneck quadrant and the ranked backlog (GET .../backlog);
// a form to raise a bottleneck (the one action); improvements; KPI trends
// against their targets; residents' cases of the process
// (GET .../citizen-figures). Every chart has its table.
import { useState } from 'preact/hooks';
import { html, PageTitle, Resource, useResource, Table, DataList, EmptyState, StatusBadge, TextArea, Select, Button, ErrorSummary, ProblemMessage, Notice, fieldErrors } from '../../ui/index.js';
import { t, formatDate, formatNumber } from '../../i18n.js';
import { api } from '../../api.js';
import { QuadrantChart, LineChart } from '../../ui/culture_charts.js';
import { loadAll, fetchText, Section, pct } from '../../ui/culture_data.js';
import { ProcessStatus } from './list.js';
import './texts.js';

async function loadProcess(id, signal) {
  const p = await api.get(`/processes/v1/processes/${id}`, null, { signal });
  const [staff, teams] = await Promise.all([
    loadAll('/processes/v1/staff', null, signal, 10).catch(() => []),
    loadAll('/processes/v1/teams', null, signal, 10).catch(() => []),
  ]);
  return { p, staff: new Map(staff.map((s) => [s.id, s.name])), teams: new Map(teams.map((x) => [x.id, x.name])) };
}

async function loadFlow(id, signal) {
  let flow;
  try {
    flow = await api.get(`/processes/v1/processes/${id}/flow`, null, { signal });
  } catch (p) {
    if (p.status === 404) return null;
    throw p;
  }
  const svg = await fetchText(`/processes/v1/processes/${id}/flow.svg`, null, 'image/svg+xml', signal);
  const doc = new DOMParser().parseFromString(svg.text, 'image/svg+xml');
  const title = doc.querySelector('svg > title');
  const desc = doc.querySelector('svg > desc');
  return {
    flow,
    src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.text)}`,
    alt: (title && title.textContent.trim()) || t('pr.flow'),
    desc: desc ? desc.textContent.trim() : '',
  };
}

function Flow({ id }) {
  const res = useResource((signal) => loadFlow(id, signal), [id]);
  return html`<${Section} id="pr-flow-h" title=${t('pr.flow')}>
    <${Resource} res=${res}>${(d) => (!d ? html`<p class="utrecht-paragraph">${t('pr.flow.none')}</p>` : html`
      <p class="utrecht-paragraph koers-muted">${t('pr.flow.version', { n: d.flow.number, date: formatDate(d.flow.publishedAt), note: d.flow.note })}</p>
      <figure class="koers-figure koers-flow">
        <div class="koers-table-scroll" tabindex="0" role="region" aria-label=${d.alt}><img src=${d.src} alt=${d.alt} /></div>
        ${d.desc ? html`<figcaption class="utrecht-paragraph">${d.desc}</figcaption>` : null}
      </figure>
      <${Table} caption=${t('pr.flow.caption')} rows=${d.flow.steps || []} columns=${[
        { label: '#', numeric: true, render: (s) => s.position },
        { label: t('pr.flow.step'), rowHeader: false, render: (s) => s.name },
        { label: t('pr.flow.team'), render: (s) => s.teamName || s.role || '—' },
        { label: t('pr.flow.norm'), numeric: true, render: (s) => (s.normHours == null ? '—' : formatNumber(s.normHours, 2)) },
        { label: t('pr.flow.io'), render: (s) => `${(s.inputs || []).join(', ') || '—'} → ${(s.outputs || []).join(', ') || '—'}` },
      ]} />`)}<//>
  <//>`;
}

const QUADRANTS = ['quick_win', 'big_bet', 'fill_in', 'thankless'];

function Backlog({ id, version }) {
  const res = useResource((signal) => loadAll(`/processes/v1/processes/${id}/backlog`, { status: 'proposed,open' }, signal, 5), [id, version]);
  const names = Object.fromEntries(QUADRANTS.map((q) => [q, t(`pr.q.${q}`)]));
  return html`<${Section} id="pr-backlog-h" title=${t('pr.backlog')} intro=${t('pr.backlog.intro')}>
    <${Resource} res=${res}>${(items) => (!items.length ? html`<${EmptyState} title=${t('pr.backlog.empty')} />` : html`
      <div class="koers-grid-2">
        <figure class="koers-figure">
          <figcaption class="koers-muted">${t('pr.backlog.chart')}</figcaption>
          <${QuadrantChart} label=${t('pr.backlog.chart')} names=${names} xLabel=${t('pr.x.effort')} yLabel=${t('pr.x.impact')}
            points=${items.map((b) => ({ n: b.rank, impact: b.impact, effort: b.effort }))} />
        </figure>
        <div>
          <${Table} caption=${t('pr.backlog.caption')} rows=${items} columns=${[
            { label: t('pr.col.rank'), numeric: true, render: (b) => b.rank },
            { label: t('pr.col.description'), render: (b) => b.description },
            { label: t('pr.col.score'), numeric: true, render: (b) => formatNumber(b.score, 0) },
            { label: t('pr.col.quadrant'), render: (b) => html`${names[b.quadrant]} <span class="koers-muted">(${b.impact}/${b.effort})</span>` },
            { label: t('pr.col.step'), render: (b) => b.stepName || '—' },
            { label: t('pr.col.source'), render: (b) => t(`pr.src.${b.source}`) },
            { label: t('pr.col.bstatus'), render: (b) => html`<${StatusBadge} kind=${b.status === 'open' ? 'info' : 'neutral'}>${t(`pr.b.${b.status}`)}<//>` },
          ]} />
        </div>
      </div>`)}<//>
  <//>`;
}

function RaiseBottleneck({ id, onDone }) {
  const steps = useResource((signal) => api.get(`/processes/v1/processes/${id}/flow`, null, { signal }).then((f) => f.steps || []).catch(() => []), [id]);
  const [description, setDescription] = useState('');
  const [stepId, setStepId] = useState('');
  const [impact, setImpact] = useState('3');
  const [effort, setEffort] = useState('3');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState({});
  const [problem, setProblem] = useState(null);
  const [done, setDone] = useState('');
  const scale = [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }));
  async function submit(e) {
    e.preventDefault();
    setDone('');
    setProblem(null);
    if (!description.trim()) {
      setErrors({ 'pr-raise-description': t('pr.raise.need') });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await api.send('POST', '/processes/v1/bottlenecks', {
        processId: id, description: description.trim(), source: 'staff', impact: Number(impact), effort: Number(effort),
        ...(stepId ? { stepId } : {}),
      }, { idempotencyKey: true });
      setDescription('');
      setDone(t('pr.raise.done'));
      onDone();
    } catch (p) {
      setProblem(p);
      setErrors(fieldErrors(p, { description: 'pr-raise-description', stepId: 'pr-raise-step', impact: 'pr-raise-impact', effort: 'pr-raise-effort' }));
    } finally {
      setBusy(false);
    }
  }
  const errList = Object.entries(errors).map(([fid, text]) => ({ id: fid, text }));
  return html`<${Section} id="pr-raise-h" title=${t('pr.raise')}>
    <form class="utrecht-form koers-card koers-narrow" novalidate onSubmit=${submit}>
      <${ErrorSummary} errors=${errList} />
      ${problem && !errList.length ? html`<${ProblemMessage} problem=${problem} />` : null}
      <${TextArea} id="pr-raise-description" label=${t('pr.raise.description')} value=${description} onInput=${setDescription}
        error=${errors['pr-raise-description']} required rows="3" maxlength="2000" />
      <${Select} id="pr-raise-step" label=${t('pr.raise.step')} value=${stepId} onChange=${setStepId} error=${errors['pr-raise-step']}
        options=${[{ value: '', label: t('pr.raise.noStep') }, ...((steps.data || []).map((s) => ({ value: s.id, label: `${s.position}. ${s.name}` })))]} />
      <${Select} id="pr-raise-impact" label=${t('pr.raise.impact')} value=${impact} onChange=${setImpact} required options=${scale} error=${errors['pr-raise-impact']} />
      <${Select} id="pr-raise-effort" label=${t('pr.raise.effort')} value=${effort} onChange=${setEffort} required options=${scale} error=${errors['pr-raise-effort']} />
      <${Button} type="submit" busy=${busy}>${t('pr.raise.submit')}<//>
      ${done ? html`<${Notice}>${done}<//>` : null}
    </form>
  <//>`;
}

function Improvements({ id, staff, version }) {
  const res = useResource((signal) => loadAll('/processes/v1/improvements', { processId: id }, signal, 5), [id, version]);
  return html`<${Section} id="pr-impr-h" title=${t('pr.impr')}>
    <${Resource} res=${res}>${(items) => (!items.length ? html`<p class="utrecht-paragraph">${t('pr.impr.empty')}</p>` : html`
      <${Table} caption=${t('pr.impr.caption')} rows=${items} columns=${[
        { label: t('pr.col.title'), rowHeader: true, render: (i) => i.title },
        { label: t('pr.col.bstatus'), render: (i) => html`<${StatusBadge} kind=${i.status === 'done' ? 'ok' : i.status === 'dropped' ? 'neutral' : 'info'}>${t(`pr.is.${i.status}`)}<//>` },
        { label: t('pr.col.kind'), render: (i) => t(`pr.ik.${i.kind}`) },
        { label: t('pr.col.owner'), render: (i) => (i.ownerId && staff.get(i.ownerId)) || '—' },
        { label: t('pr.col.due'), render: (i) => formatDate(i.dueOn) || '—' },
        { label: t('pr.col.solves'), render: (i) => t('pr.nBottlenecks', { n: (i.bottleneckIds || []).length }) },
        { label: t('pr.col.effect'), render: (i) => (i.kpiBefore != null || i.kpiAfter != null ? `${formatNumber(i.kpiBefore, 2)} → ${formatNumber(i.kpiAfter, 2)}` : '—') },
      ]} />`)}<//>
  <//>`;
}

const KPI_KIND = { on_target: 'ok', off_target: 'danger', unknown: 'neutral' };

function periodLabel(m) {
  return m.periodStart === m.periodEnd ? m.periodStart : `${m.periodStart} – ${m.periodEnd}`;
}

async function loadKpis(id, signal) {
  const kpis = await loadAll('/processes/v1/kpis', { processId: id }, signal, 3);
  return Promise.all(kpis.slice(0, 12).map(async (k) => ({
    k, ms: (await loadAll(`/processes/v1/kpis/${k.id}/measurements`, null, signal, 3)).slice().reverse(),
  })));
}

function Kpis({ id }) {
  const res = useResource((signal) => loadKpis(id, signal), [id]);
  return html`<${Section} id="pr-kpi-h" title=${t('pr.kpi')}>
    <${Resource} res=${res}>${(list) => (!list.length ? html`<p class="utrecht-paragraph">${t('pr.kpi.empty')}</p>` : list.map(({ k, ms }) => html`
      <div class="koers-card" key=${k.id}>
        <h3 class="utrecht-heading-3">${t('pr.kpi.head', { name: k.name, unit: k.unit })} <${StatusBadge} kind=${KPI_KIND[k.status] || 'neutral'}>${t(`pr.kpi.${k.status}`)}<//></h3>
        <p class="utrecht-paragraph">${t('pr.kpi.target', { dir: t(`pr.kpi.${k.direction}`), target: formatNumber(k.target, 2), unit: k.unit, freq: t(`pr.kpi.freq.${k.frequency}`) })}</p>
        ${ms.length ? html`<${LineChart} label=${t('pr.kpi.chart', { name: k.name })} target=${k.target} targetText=${t('pr.kpi.targetLine')} digits=${2}
            points=${ms.map((m) => ({ label: m.periodStart.slice(0, 7), value: m.value }))} />
          <${Table} caption=${t('pr.kpi.caption', { name: k.name })} rows=${ms} columns=${[
            { label: t('pr.kpi.period'), rowHeader: true, render: periodLabel },
            { label: t('pr.kpi.value'), numeric: true, render: (m) => `${formatNumber(m.value, 2)} ${k.unit}` },
            { label: t('pr.kpi.ok'), render: (m) => (m.onTarget ? t('common.yes') : t('common.no')) },
          ]} />` : html`<p class="utrecht-paragraph">${t('pr.kpi.none')}</p>`}
      </div>`))}<//>
  <//>`;
}

function figureItems(f) {
  return [
    [t('pr.cit.cases'), formatNumber(f.cases)],
    [t('pr.cit.lead'), f.leadTimeDays && f.leadTimeDays.median != null ? t('pr.cit.days', { median: formatNumber(f.leadTimeDays.median, 1), p90: formatNumber(f.leadTimeDays.p90, 1) }) : '—'],
    [t('pr.cit.breaches'), formatNumber(f.slaBreaches)],
    [t('pr.cit.reopen'), pct(f.reopenShare)],
    [t('pr.cit.sat'), f.satisfaction && f.satisfaction.mean != null ? t('pr.cit.satv', { mean: formatNumber(f.satisfaction.mean, 1), count: f.satisfaction.count }) : '—'],
    [t('pr.cit.equal'), pct(f.equalPartyShare)],
  ];
}

function CitizenFigures({ id }) {
  const res = useResource((signal) => api.get(`/processes/v1/processes/${id}/citizen-figures`, { groupBy: 'month' }, { signal }), [id]);
  return html`<${Section} id="pr-cit-h" title=${t('pr.cit')}>
    <${Resource} res=${res}>${(f) => (!(f.categoryIds || []).length ? html`<p class="utrecht-paragraph">${t('pr.cit.none')}</p>` : html`
      <p class="utrecht-paragraph koers-muted">${t('pr.cit.intro', { from: formatDate(f.from), to: formatDate(f.to) })}</p>
      <${DataList} items=${figureItems(f)} />
      ${(f.months || []).length ? html`<${Table} caption=${t('pr.cit.caption')} rowKey=${(m) => m.month} rows=${f.months} columns=${[
        { label: t('pr.cit.month'), rowHeader: true, render: (m) => m.month },
        { label: t('pr.cit.cases'), numeric: true, render: (m) => formatNumber(m.cases) },
        { label: t('pr.cit.lead'), render: (m) => (m.leadTimeDays && m.leadTimeDays.median != null ? t('pr.cit.days', { median: formatNumber(m.leadTimeDays.median, 1), p90: formatNumber(m.leadTimeDays.p90, 1) }) : '—') },
        { label: t('pr.cit.breaches'), numeric: true, render: (m) => formatNumber(m.slaBreaches) },
        { label: t('pr.cit.equal'), numeric: true, render: (m) => pct(m.equalPartyShare) },
      ]} />` : null}`)}<//>
  <//>`;
}

function ProcessBody({ data }) {
  const { p, staff, teams } = data;
  const [version, setVersion] = useState(0);
  return html`<${PageTitle} sub=${p.chain || ''}>${p.name}<//>
    <p class="utrecht-paragraph"><${ProcessStatus} status=${p.status} /></p>
    <${Section} id="pr-details-h" title=${t('pr.details')}>
      <${DataList} items=${[
        [t('pr.purpose'), p.purpose],
        [t('pr.service'), p.serviceDelivered],
        [t('pr.col.owner'), staff.get(p.ownerId)],
        [t('pr.col.manager'), p.managerId && staff.get(p.managerId)],
        [t('pr.teams'), (p.teamIds || []).map((x) => teams.get(x) || x).join(', ')],
        [t('pr.selectedAt'), formatDate(p.selectedAt)],
      ]} />
    <//>
    <${Flow} id=${p.id} />
    <${Backlog} id=${p.id} version=${version} />
    <${RaiseBottleneck} id=${p.id} onDone=${() => setVersion((v) => v + 1)} />
    <${Improvements} id=${p.id} staff=${staff} version=${version} />
    <${Kpis} id=${p.id} />
    <${CitizenFigures} id=${p.id} />`;
}

export function ProcessView({ params }) {
  const res = useResource((signal) => loadProcess(params.id, signal), [params.id]);
  return html`<p class="utrecht-paragraph"><a class="utrecht-link" href="/workplace/processes">${t('pr.back')}</a></p>
    ${res.data ? null : html`<${PageTitle}>${t('pr.title')}<//>`}
    <${Resource} res=${res}>${(data) => html`<${ProcessBody} data=${data} />`}<//>`;
}
