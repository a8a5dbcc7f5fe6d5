// One survey's results (/workplace/surveys/:id): per question and audience
// with the small-group rule visible (a withheld group says so, with the
// API's reason, and shows no figures), the gap between residents and
// employees per core value (GET .../gap), the comparison with another wave
// of the series with 95% intervals (GET .../comparison), and the exports
// (GET .../export, downloaded with the user's token). Every chart has its
// table.
import { useState } from 'preact/hooks';
import { html, PageTitle, Resource, useResource, Table, Select, Button, ProblemMessage, Notice, EmptyState, StatusBadge } from '../../ui/index.js';
import { t, formatNumber } from '../../i18n.js';
import { api } from '../../api.js';
import { BarChart, DivergingChart, IntervalChart } from '../../ui/culture_charts.js';
import { loadAll, download, Section } from '../../ui/culture_data.js';
import { SurveyStatus, audiences } from './list.js';
import './texts.js';

const NUMERIC = ['likert5', 'likert7', 'nps'];

function Withheld({ reason }) {
  return html`<${StatusBadge} kind="neutral" label=${reason}>${t('sv.withheldWhy', { reason: reason || '' })}<//>`;
}

function summary(r) {
  if (r.withheld) return html`<${Withheld} reason=${r.reason} />`;
  if (r.type === 'nps') return t('sv.nps', { nps: formatNumber(r.nps, 1), p: formatNumber(r.promoters), d: formatNumber(r.detractors) });
  if (NUMERIC.includes(r.type)) return t('sv.mean', { mean: formatNumber(r.mean, 2), sd: formatNumber(r.sd, 2) });
  if (r.type === 'value_selection') return (r.values || []).slice().sort((a, b) => b.share - a.share).slice(0, 5).map((v) => `${v.name} ${formatNumber(v.share, 1)}%`).join(' · ') || '—';
  if (r.type === 'open_text') return t('sv.openAnswers', { n: (r.texts || []).length });
  const counts = r.distribution || r.choices;
  if (counts) return Object.entries(counts).map(([k, v]) => `${k}: ${v}`).join(' · ');
  if (r.ranking) return Object.entries(r.ranking).sort((a, b) => a[1] - b[1]).map(([k, v]) => `${k} ${formatNumber(v, 1)}`).join(' · ');
  return '—';
}

function Results({ survey }) {
  const [audience, setAudience] = useState('');
  const res = useResource((signal) => api.get(`/surveys/v1/surveys/${survey.id}/results`, { audience }, { signal }), [survey.id, audience]);
  const qtext = new Map((survey.questions || []).map((q) => [q.id, q.text]));
  return html`<${Section} id="sv-results-h" title=${t('sv.results')}>
    <div class="koers-narrow">
      <${Select} id="sv-audience" label=${t('sv.results.audience')} value=${audience} onChange=${setAudience} required
        options=${[{ value: '', label: t('sv.filter.all') }, ...survey.audiences.map((a) => ({ value: a, label: t(`sv.aud.${a}`) }))]} />
    </div>
    <${Resource} res=${res}>${(data) => {
      const rows = data.results || [];
      if (!rows.length) return html`<${EmptyState} title=${t('sv.results.none')} />`;
      const numeric = rows.filter((r) => NUMERIC.includes(r.type) && r.type !== 'nps');
      return html`<p class="utrecht-paragraph" id="sv-rule"><strong>${t('sv.rule', { min: data.minGroupSize })}</strong></p>
        ${numeric.length ? html`<figure class="koers-figure">
          <figcaption class="koers-muted">${t('sv.meanChart')}</figcaption>
          <${BarChart} label=${t('sv.meanChart')} withheldText=${t('sv.withheldShort')} digits=${2} max=${7}
            rows=${numeric.map((r) => ({ label: `${r.code} · ${t(`sv.aud.${r.audience}`)}`, value: r.mean, withheld: r.withheld }))} />
        </figure>` : null}
        <${Table} caption=${t('sv.results.caption')} rowKey=${(r) => `${r.questionId}-${r.audience}`} rows=${rows} columns=${[
          { label: t('sv.col.question'), rowHeader: true, render: (r) => html`${qtext.get(r.questionId) || r.code} <span class="koers-muted">(${r.code})</span>` },
          { label: t('sv.col.audience'), render: (r) => t(`sv.aud.${r.audience}`) },
          { label: t('sv.col.n'), numeric: true, render: (r) => formatNumber(r.n) },
          { label: t('sv.col.result'), render: summary },
        ]} />`;
    }}<//>
  <//>`;
}

function Gap({ survey }) {
  const both = survey.audiences.includes('citizens') && survey.audiences.includes('employees');
  const res = useResource((signal) => (both
    ? api.get(`/surveys/v1/surveys/${survey.id}/gap`, { audienceA: 'citizens', audienceB: 'employees' }, { signal })
    : Promise.resolve(null)), [survey.id, both]);
  return html`<${Section} id="sv-gap-h" title=${t('sv.gap')} intro=${both ? t('sv.gap.intro') : null}>
    ${both ? html`<${Resource} res=${res}>${(data) => {
      const items = (data && data.items) || [];
      if (!items.length) return html`<${EmptyState} title=${t('sv.gap.empty')} />`;
      const qtext = new Map((survey.questions || []).map((q) => [q.code, q.text]));
      const name = (it) => (it.kind === 'value' ? it.name : `${qtext.get(it.code) || it.code}`);
      const values = items.filter((it) => it.kind === 'value');
      const unit = (it) => (it.kind === 'value' ? '%' : '');
      return html`${values.length ? html`<figure class="koers-figure">
          <figcaption class="koers-muted">${t('sv.gap.chart')}</figcaption>
          <${DivergingChart} label=${t('sv.gap.chart')} leftName=${t('sv.gap.moreB')} rightName=${t('sv.gap.moreA')} unit=" pp"
            withheldText=${t('sv.withheldShort')} rows=${values.map((it) => ({ label: it.name, value: it.difference, withheld: it.withheld }))} />
        </figure>` : null}
        <${Table} caption=${t('sv.gap.caption')} rowKey=${(it) => it.valueId || it.questionId} rows=${items} columns=${[
          { label: t('sv.gap.item'), rowHeader: true, render: name },
          { label: t('sv.gap.a'), numeric: true, render: (it) => (it.a.score == null ? html`<span class="koers-muted">${t('sv.withheld')} (n=${it.a.n})</span>` : `${formatNumber(it.a.score, 1)}${unit(it)} (n=${it.a.n})`) },
          { label: t('sv.gap.b'), numeric: true, render: (it) => (it.b.score == null ? html`<span class="koers-muted">${t('sv.withheld')} (n=${it.b.n})</span>` : `${formatNumber(it.b.score, 1)}${unit(it)} (n=${it.b.n})`) },
          { label: t('sv.gap.diff'), numeric: true, render: (it) => (it.withheld || it.difference == null ? html`<${Withheld} reason=${it.reason} />` : `${it.difference > 0 ? '+' : ''}${formatNumber(it.difference, 1)}`) },
        ]} />`;
    }}<//>` : html`<p class="utrecht-paragraph">${t('sv.gap.none')}</p>`}
  <//>`;
}

function Comparison({ survey, waves }) {
  const others = waves.filter((w) => w.id !== survey.id).sort((a, b) => a.wave - b.wave);
  const next = others.find((w) => w.wave > survey.wave) || others[others.length - 1];
  const [withId, setWithId] = useState(next ? next.id : '');
  const other = others.find((w) => w.id === withId);
  // the comparison runs from the earlier wave to the later one
  const [fromS, toS] = other && other.wave < survey.wave ? [other, survey] : [survey, other];
  const res = useResource((signal) => (other
    ? api.get(`/surveys/v1/surveys/${fromS.id}/comparison`, { with: toS.id }, { signal })
    : Promise.resolve(null)), [survey.id, withId]);
  if (!others.length) {
    return html`<${Section} id="sv-waves-h" title=${t('sv.waves')}><p class="utrecht-paragraph">${t('sv.waves.only')}</p><//>`;
  }
  const qtext = new Map((survey.questions || []).map((q) => [q.code, q.text]));
  const label = (it) => `${it.name || (it.option ? `${it.code}: ${it.option}` : qtext.get(it.code) || it.code)} · ${t(`sv.aud.${it.audience}`)}`;
  const stat = (s) => (s ? (s.mean ?? s.share ?? s.meanPosition) : null);
  return html`<${Section} id="sv-waves-h" title=${t('sv.waves')}>
    <div class="koers-narrow">
      <${Select} id="sv-with" label=${t('sv.waves.with')} value=${withId} onChange=${setWithId} required
        options=${others.map((w) => ({ value: w.id, label: `${t('sv.waves.waveN', { n: w.wave })} (${t(`sv.status.${w.status}`)})` }))} />
    </div>
    <${Resource} res=${res}>${(data) => {
      if (!data) return null;
      const items = data.items || [];
      const f = data.fromWave ?? fromS.wave;
      const to = data.toWave ?? toS.wave;
      if (!items.length) return html`<p class="utrecht-paragraph">${t('sv.waves.empty')}</p>`;
      return html`<p class="utrecht-paragraph">${t('sv.waves.intro', { from: f, to })}</p>
        <figure class="koers-figure">
          <figcaption class="koers-muted">${t('sv.waves.chart', { from: f, to })}</figcaption>
          <${IntervalChart} label=${t('sv.waves.chart', { from: f, to })} withheldText=${t('sv.withheldShort')}
            rows=${items.map((it) => ({ label: label(it), value: it.difference, lo: it.ci95 && it.ci95[0], hi: it.ci95 && it.ci95[1], significant: it.significant, withheld: it.withheld }))} />
        </figure>
        <${Table} caption=${t('sv.waves.caption')} rowKey=${(it) => `${it.code}-${it.audience}-${it.option || ''}`} rows=${items} columns=${[
          { label: t('sv.col.question'), rowHeader: true, render: label },
          { label: t('sv.col.from', { n: f }), numeric: true, render: (it) => `${formatNumber(stat(it.from), 2)} (n=${it.from.n})` },
          { label: t('sv.col.to', { n: to }), numeric: true, render: (it) => `${formatNumber(stat(it.to), 2)} (n=${it.to.n})` },
          { label: t('sv.col.diff'), numeric: true, render: (it) => (it.withheld ? html`<${Withheld} reason=${it.reason} />` : `${it.difference > 0 ? '+' : ''}${formatNumber(it.difference, 2)}`) },
          { label: t('sv.col.ci'), render: (it) => (it.ci95 ? `${formatNumber(it.ci95[0], 2)} … ${formatNumber(it.ci95[1], 2)}` : '—') },
          { label: t('sv.col.sig'), render: (it) => (it.withheld ? '—' : it.significant ? t('common.yes') : t('common.no')) },
        ]} />`;
    }}<//>
  <//>`;
}

function Exports({ survey, minGroupSize }) {
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState('');
  const [done, setDone] = useState('');
  const go = async (what, format) => {
    const name = `${survey.title.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 60)}-golf${survey.wave}-${what}.${format}`;
    setBusy(`${what}.${format}`);
    setProblem(null);
    setDone('');
    try {
      await download(`/surveys/v1/surveys/${survey.id}/export`, { what, format }, name, format === 'csv' ? 'text/csv' : 'application/json');
      setDone(t('sv.export.done', { name }));
    } catch (p) {
      setProblem(p);
    } finally {
      setBusy('');
    }
  };
  return html`<${Section} id="sv-export-h" title=${t('sv.export')} intro=${t('sv.export.intro', { min: minGroupSize ?? 5, id: survey.id })}>
    <div class="koers-actions">
      ${[['responses', 'csv', 'sv.export.responsesCsv'], ['responses', 'json', 'sv.export.responsesJson'],
        ['results', 'csv', 'sv.export.resultsCsv'], ['results', 'json', 'sv.export.resultsJson']].map(([what, format, label]) => html`<${Button}
        kind="secondary" busy=${busy === `${what}.${format}`} onClick=${() => go(what, format)}>${t(label)}<//>`)}
    </div>
    ${done ? html`<${Notice}>${done}<//>` : null}
    <${ProblemMessage} problem=${problem} />
  <//>`;
}

async function loadSurvey(id, signal) {
  const survey = await api.get(`/surveys/v1/surveys/${id}`, null, { signal });
  const [waves, settings] = await Promise.all([
    loadAll('/surveys/v1/surveys', { seriesId: survey.seriesId }, signal, 5).catch(() => [survey]),
    api.get('/surveys/v1/settings', null, { signal }).catch(() => null),
  ]);
  return { survey, waves, minGroupSize: settings ? settings.minGroupSize : null };
}

export function SurveyView({ params }) {
  const res = useResource((signal) => loadSurvey(params.id, signal), [params.id]);
  return html`<p class="utrecht-paragraph"><a class="utrecht-link" href="/workplace/surveys">${t('sv.back')}</a></p>
    ${res.data ? null : html`<${PageTitle}>${t('sv.title')}<//>`}
    <${Resource} res=${res}>${({ survey, waves, minGroupSize }) => html`
      <${PageTitle} sub=${t('sv.waveOf', { wave: survey.wave, kind: t(`sv.kind.${survey.kind}`), status: t(`sv.status.${survey.status}`) })}>${survey.title}<//>
      <p class="utrecht-paragraph"><${SurveyStatus} status=${survey.status} /> ${audiences(survey.audiences)}</p>
      <${Results} survey=${survey} />
      <${Gap} survey=${survey} />
      <${Comparison} survey=${survey} waves=${waves} />
      <${Exports} survey=${survey} minGroupSize=${minGroupSize} />`}<//>`;
}
