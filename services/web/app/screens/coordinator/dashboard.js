// The statistics dashboard (/workplace/statistics; GET /statistics): a
// period (from, to: days) for the whole municipality or per category,
// district or liaison officer. The key figures of the period; charts of
// cases in and out, the open load, SLA compliance, the time to first
// contact and to resolution (median and 90th percentile), the lead time
// per status, the outcomes, satisfaction and the share who felt treated as
// an equal party — each an SVG bar chart with its figures as a table. The
// API gives one line per group, not a series: the course over the period is
// drawn (uPlot) from the same endpoint asked per slice (at most 8 slices).
// The choice is kept in the address (?from&to&groupBy), so a view can be
// shared and reloaded.
import { useMemo, useState } from 'preact/hooks';
import { html, PageTitle, Resource, useResource, TextInput, Select, Button, ProblemMessage, Loading } from '../../ui/index.js';
import { BarChart, TimeChart } from '../../ui/chart.js';
import { t, addTexts, formatNumber, formatDate } from '../../i18n.js';
import { api } from '../../api.js';
import '../casedesk/common.js'; // the words for statuses, outcomes, escalation rungs
import { useAreaStyles, Figures } from './common.js';

addTexts({
  nl: {
    'stats.title': 'Cijfers',
    'stats.intro': 'Hoe het bureau presteert over een periode: instroom en uitstroom, termijnen, doorlooptijden, uitkomsten en wat inwoners ervan vinden.',
    'stats.filters': 'Periode en indeling',
    'stats.from': 'Van (eerste dag)',
    'stats.to': 'Tot en met',
    'stats.groupBy': 'Indelen per',
    'group.none': 'hele gemeente', 'group.category': 'categorie', 'group.district': 'wijk', 'group.officer': 'verbindingsofficier',
    'stats.show': 'Toon cijfers',
    'stats.period': 'Periode: {from} tot en met {to}',
    'stats.all': 'Hele gemeente',
    'stats.noDistrict': '(geen wijk)',
    'stats.noOfficer': '(geen officier)',
    'stats.noGroup': '(geen)',
    'stats.casesIn': 'Binnengekomen',
    'stats.casesOut': 'Afgehandeld',
    'stats.openLoad': 'Open aan het eind',
    'stats.slaCompliance': 'Binnen de termijn afgehandeld',
    'stats.firstContactMedian': 'Eerste contact (mediaan)',
    'stats.resolutionMedian': 'Afhandeling (mediaan)',
    'stats.satisfaction': 'Tevredenheid (gemiddeld, 1–5)',
    'stats.satisfactionN': 'Tevredenheid (gemiddeld, 1–5) uit {n} reacties',
    'stats.equalParty': 'Voelde zich gelijkwaardige partij',
    'stats.chartInOut': 'Meldingen in en uit',
    'stats.chartOpen': 'Open meldingen aan het eind van de periode',
    'stats.chartSla': 'Binnen de termijn afgehandeld (procent van de afgehandelde meldingen)',
    'stats.chartFirstContact': 'Tijd tot het eerste contact (uren)',
    'stats.chartResolution': 'Tijd tot de afhandeling (uren)',
    'stats.chartLeadTime': 'Doorlooptijd per status (uren, afgehandelde meldingen, hele gemeente)',
    'stats.chartOutcomes': 'Uitkomsten',
    'stats.chartSatisfaction': 'Tevredenheid (gemiddeld, 1–5)',
    'stats.chartEqual': 'Behandeld als gelijkwaardige partij (procent van de reacties)',
    'stats.chartTrend': 'Verloop over de periode',
    'stats.trendDesc': 'Binnengekomen, afgehandeld en open aan het eind, per deel van de periode',
    'stats.median': 'Mediaan',
    'stats.p90': '90e percentiel',
    'stats.hours': '{n} uur',
    'stats.percent': '{n}%',
    'stats.responses': 'Reacties',
    'stats.mean': 'Gemiddelde',
    'stats.share': 'Aandeel',
    'stats.status': 'Status',
    'stats.keyFigures': 'Kerncijfers',
    'stats.charts': 'Grafieken',
    'stats.slice': '{from} – {to}',
  },
  en: {
    'stats.title': 'Figures',
    'stats.intro': 'How the bureau performs over a period: cases in and out, terms, lead times, outcomes and what residents think of it.',
    'stats.filters': 'Period and grouping',
    'stats.from': 'From (first day)',
    'stats.to': 'To (inclusive)',
    'stats.groupBy': 'Group by',
    'group.none': 'whole municipality', 'group.category': 'category', 'group.district': 'district', 'group.officer': 'liaison officer',
    'stats.show': 'Show figures',
    'stats.period': 'Period: {from} to {to}',
    'stats.all': 'Whole municipality',
    'stats.noDistrict': '(no district)',
    'stats.noOfficer': '(no officer)',
    'stats.noGroup': '(none)',
    'stats.casesIn': 'Received',
    'stats.casesOut': 'Resolved',
    'stats.openLoad': 'Open at the end',
    'stats.slaCompliance': 'Resolved within the term',
    'stats.firstContactMedian': 'First contact (median)',
    'stats.resolutionMedian': 'Resolution (median)',
    'stats.satisfaction': 'Satisfaction (mean, 1–5)',
    'stats.satisfactionN': 'Satisfaction (mean, 1–5) from {n} responses',
    'stats.equalParty': 'Felt treated as an equal party',
    'stats.chartInOut': 'Cases in and out',
    'stats.chartOpen': 'Open cases at the end of the period',
    'stats.chartSla': 'Resolved within the term (percent of the resolved cases)',
    'stats.chartFirstContact': 'Time to first contact (hours)',
    'stats.chartResolution': 'Time to resolution (hours)',
    'stats.chartLeadTime': 'Lead time per status (hours, resolved cases, whole municipality)',
    'stats.chartOutcomes': 'Outcomes',
    'stats.chartSatisfaction': 'Satisfaction (mean, 1–5)',
    'stats.chartEqual': 'Treated as an equal party (percent of the responses)',
    'stats.chartTrend': 'Course over the period',
    'stats.trendDesc': 'Received, resolved and open at the end, per part of the period',
    'stats.median': 'Median',
    'stats.p90': '90th percentile',
    'stats.hours': '{n} hours',
    'stats.percent': '{n}%',
    'stats.responses': 'Responses',
    'stats.mean': 'Mean',
    'stats.share': 'Share',
    'stats.status': 'Status',
    'stats.keyFigures': 'Key figures',
    'stats.charts': 'Charts',
    'stats.slice': '{from} – {to}',
  },
});

const DAY = 86400e3;
const iso = (d) => d.toISOString().slice(0, 10);
const parseDay = (s) => (/^\d{4}-\d{2}-\d{2}$/.test(s || '') ? new Date(`${s}T00:00:00Z`) : null);

function today() {
  // the municipality's day (Europe/Amsterdam), as the API counts days
  return new Date(`${new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' })}T00:00:00Z`);
}

function defaults(query) {
  const to = parseDay(query && query.get('to')) || today();
  const from = parseDay(query && query.get('from')) || new Date(to.getTime() - 29 * DAY);
  const g = query && query.get('groupBy');
  return { from: iso(from), to: iso(to), groupBy: ['none', 'category', 'district', 'officer'].includes(g) ? g : 'none' };
}

const fmtHours = (n) => (n == null ? t('chart.noData') : t('stats.hours', { n: formatNumber(n, 1) }));
const fmtPct = (n) => (n == null ? t('chart.noData') : t('stats.percent', { n: formatNumber(n, 0) }));
const fmtInt = (n) => (n == null ? t('chart.noData') : formatNumber(n));
const fmtMean = (n) => (n == null ? t('chart.noData') : formatNumber(n, 1));
const pct = (share) => (share == null ? null : share * 100);

function groupLabel(item, groupBy) {
  if (groupBy === 'none') return t('stats.all');
  if (item.label) return item.label;
  if (groupBy === 'district') return t('stats.noDistrict');
  if (groupBy === 'officer') return t('stats.noOfficer');
  return t('stats.noGroup');
}

// [from, to] in at most n consecutive slices of whole days.
export function slices(from, to, n = 8) {
  const a = parseDay(from);
  const b = parseDay(to);
  if (!a || !b || b < a) return [];
  const days = Math.round((b - a) / DAY) + 1;
  const size = Math.max(1, Math.ceil(days / n));
  const out = [];
  for (let s = 0; s < days; s += size) {
    const e = Math.min(days - 1, s + size - 1);
    out.push({ from: iso(new Date(a.getTime() + s * DAY)), to: iso(new Date(a.getTime() + e * DAY)) });
  }
  return out;
}

async function loadStats(q, signal) {
  const base = { from: q.from, to: q.to };
  const [totals, grouped] = await Promise.all([
    api.get('/casedesk/v1/statistics', { ...base, groupBy: 'none' }, { signal }),
    q.groupBy === 'none' ? null : api.get('/casedesk/v1/statistics', { ...base, groupBy: q.groupBy }, { signal }),
  ]);
  return { totals, grouped: grouped || totals };
}

async function loadTrend(q, signal) {
  const parts = slices(q.from, q.to);
  const answers = await Promise.all(parts.map((p) => api.get('/casedesk/v1/statistics', { ...p, groupBy: 'none' }, { signal })));
  return parts.map((p, i) => {
    const it = (answers[i].items || [])[0] || {};
    return { x: parseDay(p.to), from: p.from, to: p.to, values: { casesIn: it.casesIn, casesOut: it.casesOut, openLoad: it.openLoad } };
  });
}

function Trend({ q }) {
  const res = useResource((signal) => loadTrend(q, signal), [q.from, q.to]);
  const series = useMemo(() => [
    { key: 'casesIn', label: t('stats.casesIn') }, { key: 'casesOut', label: t('stats.casesOut') }, { key: 'openLoad', label: t('stats.openLoad') },
  ], []);
  return html`<${Resource} res=${res}>${(points) => html`<${TimeChart} id="chart-trend" title=${t('stats.chartTrend')} description=${t('stats.trendDesc')}
      series=${series} points=${points} format=${fmtInt}
      labelOf=${(p) => t('stats.slice', { from: formatDate(`${p.from}T12:00:00Z`), to: formatDate(`${p.to}T12:00:00Z`) })} />`}<//>`;
}

function Charts({ data, q }) {
  const all = (data.totals.items || [])[0] || null;
  const items = data.grouped.items || [];
  const rows = (f) => items.map((it) => ({ label: groupLabel(it, q.groupBy), values: f(it) }));
  const first = q.groupBy === 'none' ? t('stats.groupBy') : t(`group.${q.groupBy}`);
  const sat = all && all.satisfaction;
  const lead = all && all.leadTimeHours ? Object.entries(all.leadTimeHours) : [];
  return html`<p class="utrecht-paragraph"><strong>${t('stats.period', { from: formatDate(`${data.totals.from}T12:00:00Z`), to: formatDate(`${data.totals.to}T12:00:00Z`) })}</strong></p>
    ${all ? html`<section aria-labelledby="stats-key-h">
      <h2 class="utrecht-heading-2" id="stats-key-h">${t('stats.keyFigures')}</h2>
      <${Figures} items=${[
        [t('stats.casesIn'), fmtInt(all.casesIn)],
        [t('stats.casesOut'), fmtInt(all.casesOut)],
        [t('stats.openLoad'), fmtInt(all.openLoad)],
        [t('stats.slaCompliance'), fmtPct(pct(all.slaCompliance))],
        [t('stats.firstContactMedian'), fmtHours(all.firstContactHours && all.firstContactHours.median)],
        [t('stats.resolutionMedian'), fmtHours(all.resolutionHours && all.resolutionHours.median)],
        [sat ? t('stats.satisfactionN', { n: sat.n }) : t('stats.satisfaction'), fmtMean(sat && sat.mean)],
        [t('stats.equalParty'), fmtPct(pct(all.equalPartyShare))],
      ]} />
    </section>` : null}
    <section aria-labelledby="stats-charts-h">
      <h2 class="utrecht-heading-2" id="stats-charts-h">${t('stats.charts')}</h2>
      <${Trend} q=${q} />
      <div class="koers-grid-2">
        <${BarChart} id="chart-inout" title=${t('stats.chartInOut')} first=${first} format=${fmtInt}
          series=${[{ key: 'in', label: t('stats.casesIn') }, { key: 'out', label: t('stats.casesOut') }]}
          rows=${rows((it) => ({ in: it.casesIn, out: it.casesOut }))} />
        <${BarChart} id="chart-open" title=${t('stats.chartOpen')} first=${first} format=${fmtInt}
          series=${[{ key: 'open', label: t('stats.openLoad') }]} rows=${rows((it) => ({ open: it.openLoad }))} />
        <${BarChart} id="chart-sla" title=${t('stats.chartSla')} first=${first} format=${fmtPct} max=${100}
          series=${[{ key: 'sla', label: t('stats.slaCompliance'), color: '#0b5d1e' }]} rows=${rows((it) => ({ sla: pct(it.slaCompliance) }))} />
        <${BarChart} id="chart-first-contact" title=${t('stats.chartFirstContact')} first=${first} format=${fmtHours}
          series=${[{ key: 'median', label: t('stats.median') }, { key: 'p90', label: t('stats.p90') }]}
          rows=${rows((it) => ({ median: it.firstContactHours && it.firstContactHours.median, p90: it.firstContactHours && it.firstContactHours.p90 }))} />
        <${BarChart} id="chart-resolution" title=${t('stats.chartResolution')} first=${first} format=${fmtHours}
          series=${[{ key: 'median', label: t('stats.median') }, { key: 'p90', label: t('stats.p90') }]}
          rows=${rows((it) => ({ median: it.resolutionHours && it.resolutionHours.median, p90: it.resolutionHours && it.resolutionHours.p90 }))} />
        <${BarChart} id="chart-lead-time" title=${t('stats.chartLeadTime')} first=${t('stats.status')} format=${fmtHours}
          series=${[{ key: 'median', label: t('stats.median') }, { key: 'p90', label: t('stats.p90') }]}
          rows=${lead.map(([s, p]) => ({ label: t(`status.${s}`), values: { median: p.median, p90: p.p90 } }))} />
        <${BarChart} id="chart-outcomes" title=${t('stats.chartOutcomes')} first=${first} format=${fmtInt}
          series=${[{ key: 'agreed', label: t('outcome.agreed'), color: '#0b5d1e' }, { key: 'partlyAgreed', label: t('outcome.partly_agreed'), color: '#8a6a00' },
            { key: 'refused', label: t('outcome.refused'), color: '#8a1020' }]}
          rows=${rows((it) => ({ ...(it.outcomes || {}) }))} />
        <${BarChart} id="chart-satisfaction" title=${t('stats.chartSatisfaction')} first=${first} max=${5}
          format=${(n, s) => (s && s.key === 'n' ? fmtInt(n) : fmtMean(n))}
          series=${[{ key: 'mean', label: t('stats.mean') }]}
          rows=${rows((it) => ({ mean: it.satisfaction && it.satisfaction.mean }))} />
        <${BarChart} id="chart-equal" title=${t('stats.chartEqual')} first=${first} format=${fmtPct} max=${100}
          series=${[{ key: 'share', label: t('stats.share') }]} rows=${rows((it) => ({ share: pct(it.equalPartyShare) }))} />
      </div>
    </section>`;
}

export function DashboardView({ query }) {
  useAreaStyles();
  const [form, setForm] = useState(() => defaults(query));
  const [q, setQ] = useState(form);
  const res = useResource((signal) => loadStats(q, signal), [q.from, q.to, q.groupBy]);
  const set = (k) => (v) => setForm({ ...form, [k]: v });
  function submit(e) {
    e.preventDefault();
    const next = { ...form };
    setQ(next);
    const u = new URL(location.href);
    for (const [k, v] of Object.entries(next)) u.searchParams.set(k, v);
    history.replaceState(null, '', u.pathname + u.search);
  }
  return html`<${PageTitle} sub=${t('stats.intro')}>${t('stats.title')}<//>
    <form class="utrecht-form koers-card" novalidate onSubmit=${submit} aria-labelledby="stats-filters-h">
      <h2 class="utrecht-heading-3" id="stats-filters-h">${t('stats.filters')}</h2>
      <div class="koers-filters">
        <${TextInput} id="stats-from" type="date" label=${t('stats.from')} value=${form.from} onInput=${set('from')} required />
        <${TextInput} id="stats-to" type="date" label=${t('stats.to')} value=${form.to} onInput=${set('to')} required />
        <${Select} id="stats-groupBy" label=${t('stats.groupBy')} value=${form.groupBy} onChange=${set('groupBy')} required
          options=${['none', 'category', 'district', 'officer'].map((g) => ({ value: g, label: t(`group.${g}`) }))} />
        <div class="utrecht-form-field utrecht-form-field--distanced"><${Button} type="submit" busy=${res.loading}>${t('stats.show')}<//></div>
      </div>
    </form>
    ${res.problem ? html`<${ProblemMessage} problem=${res.problem} onRetry=${res.reload} />` : null}
    ${res.loading ? html`<${Loading} onStop=${res.stop} />` : null}
    ${res.data ? html`<${Charts} key=${`${q.from}-${q.to}-${q.groupBy}`} data=${res.data} q=${q} />` : null}`;
}

