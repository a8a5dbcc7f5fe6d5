// One programme (/workplace/programmes/:id), for reading: the approach as a
// timeline of phases and steps with their checkpoints (GET .../approach,
// .../checkpoints) and the approach versions with why; what happened
// (GET .../timeline); groups, building blocks and proposals by state; the
// latest manifest with its support per statement (GET /manifests/{id}/support,
// small groups withheld); activities with their attendance; the goals'
// indicator trends (GET /goals/{id}/trend). Every chart has its table.
import { html, PageTitle, Resource, useResource, Table, DataList, StatusBadge } from '../../ui/index.js';
import { t, formatDate, formatDateTime, formatNumber } from '../../i18n.js';
import { api } from '../../api.js';
import { BarChart, LineChart } from '../../ui/culture_charts.js';
import { loadAll, Section, pct } from '../../ui/culture_data.js';
import { ProgrammeStatus } from './list.js';
import './texts.js';

const STEP_KIND = { planned: 'neutral', active: 'info', completed: 'ok', removed: 'neutral' };

async function loadApproach(id, signal) {
  const [approach, checkpoints, versions] = await Promise.all([
    api.get(`/programmes/v1/programmes/${id}/approach`, null, { signal }),
    loadAll(`/programmes/v1/programmes/${id}/checkpoints`, null, signal, 5).catch(() => []),
    api.get(`/programmes/v1/programmes/${id}/approach/versions`, null, { signal }).then((v) => v.items || []).catch(() => []),
  ]);
  return { approach, checkpoints: new Map(checkpoints.map((c) => [c.id, c])), versions };
}

function Approach({ id }) {
  const res = useResource((signal) => loadApproach(id, signal), [id]);
  return html`<${Section} id="pg-approach-h" title=${t('pg.approach')}>
    <${Resource} res=${res}>${({ approach, checkpoints, versions }) => html`
      <p class="utrecht-paragraph koers-muted">${t('pg.approach.version', { n: approach.version })}</p>
      <ol class="koers-timeline koers-phases">
        ${approach.phases.map((ph) => html`<li class="koers-timeline__item" key=${ph.id}>
          <h3 class="utrecht-heading-3">${ph.position}. ${ph.name}</h3>
          ${ph.description ? html`<p class="utrecht-paragraph koers-muted">${ph.description}</p>` : null}
          <ol class="utrecht-ordered-list">
            ${ph.steps.map((s) => {
              const cp = s.checkpointId && checkpoints.get(s.checkpointId);
              return html`<li class="utrecht-ordered-list__item" key=${s.id}>
                <strong>${s.name}</strong> <${StatusBadge} kind=${STEP_KIND[s.status] || 'neutral'}>${t(`pg.step.${s.status}`)}<//>
                ${s.startsOn || s.dueOn ? html` <span class="koers-muted">${t('pg.step.dates', { from: formatDate(s.startsOn) || '…', to: formatDate(s.dueOn) || '…' })}</span>` : null}
                ${cp ? html`<p class="utrecht-paragraph koers-card">
                  <strong>${t('pg.cp', { decision: t(`pg.cp.${cp.decision}`) })}</strong> ${t('pg.cp.made', { n: cp.approachVersion })} — ${formatDate(cp.decidedAt)}<br />
                  ${cp.question}${cp.rationale ? html` — ${cp.rationale}` : null}
                </p>` : null}
              </li>`;
            })}
          </ol>
        </li>`)}
      </ol>
      ${versions.length ? html`<h3 class="utrecht-heading-3">${t('pg.versions')}</h3>
        <ul class="utrecht-unordered-list">${versions.map((v) => html`<li class="utrecht-unordered-list__item" key=${v.number}>${t('pg.versions.item', { n: v.number, date: formatDate(v.createdAt), reason: v.reason })}</li>`)}</ul>` : null}`}<//>
  <//>`;
}

function timelineText(it) {
  if (it.kind === 'status_changed') return t('pg.tl.status_changed', { from: t(`pg.status.${it.from}`), to: t(`pg.status.${it.to}`) }) + (it.reason ? ` — ${it.reason}` : '');
  if (it.kind === 'checkpoint_decided') return t('pg.tl.checkpoint_decided', { decision: t(`pg.cp.${it.decision}`) });
  if (it.kind === 'approach_version') return t('pg.tl.approach_version', { number: it.number }) + (it.reason ? ` — ${it.reason}` : '');
  return t(`pg.tl.${it.kind}`, { name: it.name || '' });
}

function Timeline({ id }) {
  const res = useResource((signal) => loadAll(`/programmes/v1/programmes/${id}/timeline`, null, signal, 3), [id]);
  return html`<${Section} id="pg-timeline-h" title=${t('pg.timeline')}>
    <${Resource} res=${res}>${(items) => (!items.length ? html`<p class="utrecht-paragraph">${t('pg.timeline.empty')}</p>` : html`
      <ol class="koers-timeline">${items.slice().reverse().slice(0, 30).map((it, i) => html`<li class="koers-timeline__item" key=${i}>
        <time datetime=${it.at} class="koers-muted">${formatDateTime(it.at)}</time> — ${timelineText(it)}
      </li>`)}</ol>`)}<//>
  <//>`;
}

const PROPOSAL_STATES = ['draft', 'submitted', 'approved', 'rejected', 'returned', 'split', 'merged'];

async function loadWork(id, signal) {
  const [groups, blocks, proposals] = await Promise.all([
    loadAll('/programmes/v1/groups', { programmeId: id }, signal, 5),
    loadAll('/programmes/v1/building-blocks', { programmeId: id }, signal, 5),
    loadAll('/programmes/v1/proposals', { programmeId: id }, signal, 5),
  ]);
  return { groups, blocks, proposals };
}

function Work({ id }) {
  const res = useResource((signal) => loadWork(id, signal), [id]);
  return html`<${Resource} res=${res}>${({ groups, blocks, proposals }) => {
    const gname = new Map(groups.map((g) => [g.id, g.name]));
    const bname = new Map(blocks.map((b) => [b.id, b.title]));
    const counts = PROPOSAL_STATES.map((s) => ({ s, n: proposals.filter((p) => p.status === s).length })).filter((c) => c.n > 0);
    return html`<${Section} id="pg-groups-h" title=${t('pg.groups')}>
        ${!groups.length ? html`<p class="utrecht-paragraph">${t('pg.groups.empty')}</p>` : html`<${Table} caption=${t('pg.groups.caption')} rows=${groups} columns=${[
          { label: t('pg.col.group'), rowHeader: true, render: (g) => g.name },
          { label: t('pg.col.kind'), render: (g) => t(`pg.gk.${g.kind}`) },
          { label: t('pg.col.members'), numeric: true, render: (g) => formatNumber(g.membersCount) },
          { label: t('pg.col.subject'), render: (g) => g.subject || '—' },
        ]} />`}
      <//>
      <${Section} id="pg-blocks-h" title=${t('pg.blocks')}>
        ${!blocks.length ? html`<p class="utrecht-paragraph">${t('pg.blocks.empty')}</p>` : html`<${Table} caption=${t('pg.blocks.caption')} rows=${blocks} columns=${[
          { label: t('pg.col.block'), rowHeader: true, render: (b) => b.title },
          { label: t('pg.col.status'), render: (b) => html`<${StatusBadge} kind=${b.status === 'done' ? 'ok' : b.status === 'in_progress' ? 'info' : 'neutral'}>${t(`pg.bs.${b.status}`)}<//>` },
          { label: t('pg.col.wg'), render: (b) => gname.get(b.workingGroupId) || '—' },
          { label: t('pg.col.due'), render: (b) => formatDate(b.dueOn) || '—' },
        ]} />`}
      <//>
      <${Section} id="pg-props-h" title=${t('pg.props')}>
        ${!proposals.length ? html`<p class="utrecht-paragraph">${t('pg.props.empty')}</p>` : html`
          <${BarChart} label=${`${t('pg.props.chart')}: ${counts.map((c) => `${t(`pg.ps.${c.s}`)} ${c.n}`).join(', ')}`} digits=${0}
            rows=${counts.map((c) => ({ label: t(`pg.ps.${c.s}`), value: c.n }))} />
          <${Table} caption=${t('pg.props.caption')} rows=${proposals.slice().sort((a, b) => PROPOSAL_STATES.indexOf(a.status) - PROPOSAL_STATES.indexOf(b.status))} columns=${[
            { label: t('pg.col.proposal'), rowHeader: true, render: (p) => p.title },
            { label: t('pg.col.status'), render: (p) => html`<${StatusBadge} kind=${p.status === 'approved' ? 'ok' : p.status === 'rejected' ? 'danger' : p.status === 'submitted' ? 'info' : 'neutral'}>${t(`pg.ps.${p.status}`)}<//>` },
            { label: t('pg.col.block'), render: (p) => bname.get(p.buildingBlockId) || '—' },
            { label: t('pg.col.wg'), render: (p) => gname.get(p.workingGroupId) || '—' },
            { label: t('pg.col.submitted'), render: (p) => formatDate(p.submittedAt) || '—' },
          ]} />`}
      <//>`;
  }}<//>`;
}

async function loadManifest(id, signal) {
  const manifests = await loadAll(`/programmes/v1/programmes/${id}/manifests`, null, signal, 3);
  if (!manifests.length) return null;
  const m = manifests[manifests.length - 1];
  const [statements, sup] = await Promise.all([
    api.get(`/programmes/v1/manifests/${m.id}/statements`, null, { signal }).then((r) => r.items || []),
    api.get(`/programmes/v1/manifests/${m.id}/support`, null, { signal }).catch(() => ({ items: [], minGroupSize: null })),
  ]);
  const support = sup.items || [];
  const supportMin = sup.minGroupSize;
  // the latest round's figure per statement
  const latest = new Map();
  for (const f of support) {
    if (f.department) continue;
    const prev = latest.get(f.statementId);
    if (!prev || f.round > prev.round) latest.set(f.statementId, f);
  }
  return { m, statements, latest, minGroupSize: supportMin };
}

function Manifest({ id }) {
  const res = useResource((signal) => loadManifest(id, signal), [id]);
  return html`<${Section} id="pg-manifest-h" title=${t('pg.manifest')}>
    <${Resource} res=${res}>${(d) => {
      if (!d) return html`<p class="utrecht-paragraph">${t('pg.manifest.none')}</p>`;
      const { m, statements, latest, minGroupSize } = d;
      const fig = (s) => latest.get(s.id);
      return html`<h3 class="utrecht-heading-3">${t('pg.manifest.head', { n: m.number, title: m.title })} <${StatusBadge} kind=${m.status === 'adopted' ? 'ok' : 'info'}>${t(`pg.ms.${m.status}`)}<//></h3>
        ${m.preamble ? html`<p class="utrecht-paragraph">${m.preamble}</p>` : null}
        ${minGroupSize ? html`<p class="utrecht-paragraph"><strong>${t('pg.manifest.rule', { min: minGroupSize })}</strong></p>` : null}
        ${statements.length ? html`<${BarChart} label=${t('pg.manifest.chart')} max=${100} unit="%" digits=${0} withheldText=${t('pg.withheld')}
          rows=${statements.map((s) => ({ label: `${s.position}. ${s.text}`, value: fig(s) && !fig(s).withheld ? fig(s).supportShare * 100 : 0, withheld: !fig(s) || fig(s).withheld }))} />` : null}
        <${Table} caption=${t('pg.manifest.caption')} rows=${statements} columns=${[
          { label: t('pg.col.statement'), rowHeader: true, render: (s) => `${s.position}. ${s.text}` },
          { label: t('pg.col.value'), render: (s) => s.valueName },
          { label: t('pg.col.round'), numeric: true, render: (s) => (fig(s) ? fig(s).round : t('pg.noRound')) },
          { label: t('pg.col.views'), numeric: true, render: (s) => (fig(s) && !fig(s).withheld ? formatNumber(fig(s).views) : '—') },
          { label: t('pg.col.support'), numeric: true, render: (s) => (fig(s) && !fig(s).withheld ? formatNumber(fig(s).support) : '—') },
          { label: t('pg.col.remark'), numeric: true, render: (s) => (fig(s) && !fig(s).withheld ? formatNumber(fig(s).supportWithRemark) : '—') },
          { label: t('pg.col.object'), numeric: true, render: (s) => (fig(s) && !fig(s).withheld ? formatNumber(fig(s).object) : '—') },
          { label: t('pg.col.share'), render: (s) => (!fig(s) ? '—' : fig(s).withheld ? html`<span class="koers-muted">${t('pg.withheld')}</span>` : pct(fig(s).supportShare)) },
        ]} />`;
    }}<//>
  <//>`;
}

async function loadActivities(id, signal) {
  const acts = await loadAll('/programmes/v1/activities', { programmeId: id }, signal, 3);
  return Promise.all(acts.slice(0, 30).map(async (a) => ({
    a, att: await api.get(`/programmes/v1/activities/${a.id}/attendance`, null, { signal }).catch(() => null),
  })));
}

function Activities({ id }) {
  const res = useResource((signal) => loadActivities(id, signal), [id]);
  return html`<${Section} id="pg-acts-h" title=${t('pg.acts')}>
    <${Resource} res=${res}>${(rows) => (!rows.length ? html`<p class="utrecht-paragraph">${t('pg.acts.empty')}</p>` : html`
      <${Table} caption=${t('pg.acts.caption')} rowKey=${(r) => r.a.id} rows=${rows} columns=${[
        { label: t('pg.col.activity'), rowHeader: true, render: (r) => r.a.title },
        { label: t('pg.col.kind'), render: (r) => t(`pg.ak.${r.a.kind}`) },
        { label: t('pg.col.status'), render: (r) => html`<${StatusBadge} kind=${r.a.status === 'completed' ? 'ok' : r.a.status === 'cancelled' ? 'neutral' : 'info'}>${t(`pg.as.${r.a.status}`)}<//>` },
        { label: t('pg.col.when'), render: (r) => formatDateTime(r.a.startsAt) || '—' },
        { label: t('pg.col.attendance'), render: (r) => (r.att ? t('pg.att', { attended: r.att.attended, invited: r.att.invited, registered: r.att.registered, rate: pct(r.att.rate) }) : '—') },
      ]} />`)}<//>
  <//>`;
}

async function loadGoals(id, signal) {
  const goals = await loadAll('/programmes/v1/goals', { programmeId: id }, signal, 3);
  return Promise.all(goals.slice(0, 12).map((g) => api.get(`/programmes/v1/goals/${g.id}/trend`, null, { signal }).catch(() => ({ goal: g, indicators: [] }))));
}

const isShare = (kind) => kind !== 'pulse_question';

function Goals({ id }) {
  const res = useResource((signal) => loadGoals(id, signal), [id]);
  return html`<${Section} id="pg-goals-h" title=${t('pg.goals')}>
    <${Resource} res=${res}>${(trends) => (!trends.length ? html`<p class="utrecht-paragraph">${t('pg.goals.empty')}</p>` : trends.map((tr) => html`
      <div class="koers-card" key=${tr.goal.id}>
        <h3 class="utrecht-heading-3">${tr.goal.name}</h3>
        ${tr.goal.description ? html`<p class="utrecht-paragraph">${tr.goal.description}</p>` : null}
        ${tr.indicators.map((it) => {
          const kind = t(`pg.ik.${it.indicator.kind}`);
          const show = (v) => (isShare(it.indicator.kind) ? pct(v) : formatNumber(v, 2));
          return html`<div key=${it.indicator.id}>
            <p class="utrecht-paragraph"><strong>${t('pg.ind', { kind, dir: t(`pg.ind.${it.direction}`), target: show(it.target) })}</strong>
              ${' '}<${StatusBadge} kind=${it.onTrack ? 'ok' : 'warning'}>${it.onTrack ? t('pg.ind.onTrack') : t('pg.ind.offTrack')}<//>
              ${it.latest != null ? html` ${t('pg.ind.latest', { v: show(it.latest) })}` : null}</p>
            ${it.values.length ? html`<${LineChart} label=${t('pg.ind.chart', { kind })} target=${it.target} targetText=${t('pg.target')} digits=${2}
                points=${it.values.map((v) => ({ label: v.period, value: v.value }))} />
              <${Table} caption=${t('pg.ind.caption', { kind })} rowKey=${(v) => v.period} rows=${it.values} columns=${[
                { label: t('pg.col.periodv'), rowHeader: true, render: (v) => v.period },
                { label: t('pg.col.valuev'), numeric: true, render: (v) => show(v.value) },
                { label: t('pg.col.n'), numeric: true, render: (v) => formatNumber(v.n) },
              ]} />` : html`<p class="utrecht-paragraph koers-muted">${t('pg.ind.none')}</p>`}
          </div>`;
        })}
      </div>`))}<//>
  <//>`;
}

export function ProgrammeView({ params }) {
  const res = useResource((signal) => api.get(`/programmes/v1/programmes/${params.id}`, null, { signal }), [params.id]);
  return html`<p class="utrecht-paragraph"><a class="utrecht-link" href="/workplace/programmes">${t('pg.back')}</a></p>
    ${res.data ? null : html`<${PageTitle}>${t('pg.title')}<//>`}
    <${Resource} res=${res}>${(p) => html`
      <${PageTitle} sub=${p.facilitator || ''}>${p.name}<//>
      <p class="utrecht-paragraph"><${ProgrammeStatus} status=${p.status} /></p>
      <${DataList} items=${[
        [t('pg.question'), p.question],
        [t('pg.vision'), p.vision],
        [t('pg.units'), (p.organisationUnits || []).join(', ')],
        [t('pg.col.period'), p.startsOn || p.endsOn ? `${formatDate(p.startsOn) || '…'} – ${formatDate(p.endsOn) || '…'}` : null],
      ]} />
      <${Approach} id=${p.id} />
      <${Timeline} id=${p.id} />
      <${Work} id=${p.id} />
      <${Manifest} id=${p.id} />
      <${Activities} id=${p.id} />
      <${Goals} id=${p.id} />`}<//>`;
}
