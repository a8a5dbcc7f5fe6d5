// The bureau now and the liaison officers (/workplace/officers): the
// overview (GET /overview: open cases per status, unassigned, overdue,
// referrals, reopen requests, each officer's load) with the load as a bar
// chart, and the officers: add (POST), change (PATCH with If-Match), take
// out of routing (active: false — the API deletes no officer).
import { useRef, useState } from 'preact/hooks';
import { html, PageTitle, Table, Resource, useResource, TextInput, Button, Notice } from '../../ui/index.js';
import { BarChart } from '../../ui/chart.js';
import { t, addTexts, formatNumber } from '../../i18n.js';
import { api } from '../../api.js';
import '../casedesk/common.js'; // the words for statuses, outcomes, escalation rungs
import { loadAll, useAreaStyles, FormProblem, CheckboxGroup, Checkbox, splitList, joinList, intOrText, Load, useFocusOnOpen, Fresh, Figures, useSave } from './common.js';

addTexts({
  nl: {
    'officers.title': 'Bureau en officieren',
    'officers.intro': 'Hoe het bureau er nu voor staat, en wie welke meldingen behandelt.',
    'officers.now': 'Nu',
    'officers.openByStatus': 'Open meldingen per status',
    'officers.unassigned': 'Niet toegewezen',
    'officers.overdue': 'Te laat',
    'officers.dueSoon': 'Bijna te laat',
    'officers.suspended': 'Wacht op inwoner',
    'officers.refOpen': 'Open doorverwijzingen',
    'officers.refOverdue': 'Doorverwijzingen te laat',
    'officers.reopen': 'Heropenverzoeken',
    'officers.loadChart': 'Open meldingen per verbindingsofficier',
    'officers.loadChartDesc': 'Open meldingen, capaciteit en te late meldingen',
    'officers.list': 'Verbindingsofficieren',
    'officers.tableCaption': 'Verbindingsofficieren met hun belasting, categorieën en wijken',
    'officers.name': 'Naam',
    'officers.email': 'E-mailadres',
    'officers.load': 'Belasting (open van capaciteit)',
    'officers.capacity': 'Capaciteit',
    'officers.capacityHelp': 'Het aantal open meldingen dat deze officier kan dragen (1 tot 1000).',
    'officers.categories': 'Categorieën',
    'officers.districts': 'Wijken',
    'officers.districtsHelp': 'Gescheiden door komma\u2019s, bijvoorbeeld: Centrum, Oost',
    'officers.userSub': 'Kenmerk bij de identiteitsprovider (sub)',
    'officers.userSubHelp': 'Hiermee vindt Koers de werkvoorraad van deze persoon na het aanmelden.',
    'officers.active': 'Status',
    'officers.activeLabel': 'Actief (krijgt nieuwe meldingen via de routering)',
    'officers.new': 'Verbindingsofficier toevoegen',
    'officers.editTitle': '{name} wijzigen',
    'officers.newTitle': 'Nieuwe verbindingsofficier',
    'officers.openCases': 'Open',
    'officers.overdueCases': 'Te laat',
    'officers.status': 'Status',
  },
  en: {
    'officers.title': 'Bureau and officers',
    'officers.intro': 'How the bureau stands now, and who handles which cases.',
    'officers.now': 'Now',
    'officers.openByStatus': 'Open cases by status',
    'officers.unassigned': 'Unassigned',
    'officers.overdue': 'Late',
    'officers.dueSoon': 'Nearly late',
    'officers.suspended': 'Waiting on the resident',
    'officers.refOpen': 'Open referrals',
    'officers.refOverdue': 'Referrals late',
    'officers.reopen': 'Reopen requests',
    'officers.loadChart': 'Open cases per liaison officer',
    'officers.loadChartDesc': 'Open cases, capacity and late cases',
    'officers.list': 'Liaison officers',
    'officers.tableCaption': 'Liaison officers with their load, categories and districts',
    'officers.name': 'Name',
    'officers.email': 'E-mail address',
    'officers.load': 'Load (open of capacity)',
    'officers.capacity': 'Capacity',
    'officers.capacityHelp': 'The number of open cases this officer can carry (1 to 1000).',
    'officers.categories': 'Categories',
    'officers.districts': 'Districts',
    'officers.districtsHelp': 'Separated by commas, for example: Centrum, Oost',
    'officers.userSub': 'Id at the identity provider (sub)',
    'officers.userSubHelp': 'Koers finds this person\u2019s work list by it after sign-in.',
    'officers.active': 'Status',
    'officers.activeLabel': 'Active (gets new cases through routing)',
    'officers.new': 'Add a liaison officer',
    'officers.editTitle': 'Edit {name}',
    'officers.newTitle': 'New liaison officer',
    'officers.openCases': 'Open',
    'officers.overdueCases': 'Late',
    'officers.status': 'Status',
  },
});

const FIELDS = {
  name: 'officer-name', email: 'officer-email', capacity: 'officer-capacity', categoryIds: 'officer-categories',
  districts: 'officer-districts', userSub: 'officer-sub', active: 'officer-active',
};


function OfficerForm({ officer, categories, onSaved, onCancel, onReload }) {
  const [f, setF] = useState(() => ({
    name: officer ? officer.name : '', email: officer ? officer.email : '', capacity: String(officer ? officer.capacity : 10),
    categoryIds: officer ? officer.categoryIds : [], districts: officer ? joinList(officer.districts) : '',
    userSub: officer && officer.userSub ? officer.userSub : '', active: officer ? officer.active : true,
  }));
  const { busy, problem, errors, save } = useSave({ collection: '/casedesk/v1/liaison-officers', item: officer, fields: FIELDS, onSaved });
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const head = useRef(null);
  useFocusOnOpen(head);
  async function submit(e) {
    e.preventDefault();
    const body = {
      name: f.name.trim(), email: f.email.trim(), capacity: intOrText(f.capacity), categoryIds: f.categoryIds,
      districts: splitList(f.districts), userSub: f.userSub.trim() || null, active: f.active,
    };
    await save(body);
  }
  return html`<form class="utrecht-form koers-editor" novalidate onSubmit=${submit} aria-labelledby="officer-form-h">
    <h3 class="utrecht-heading-3" id="officer-form-h" tabindex="-1" ref=${head}>${officer ? t('officers.editTitle', { name: officer.name }) : t('officers.newTitle')}</h3>
    <${FormProblem} problem=${problem} errors=${errors} onReload=${onReload} />
    <${TextInput} id=${FIELDS.name} label=${t('officers.name')} value=${f.name} onInput=${set('name')} error=${errors[FIELDS.name]} required maxlength="200" autocomplete="off" />
    <${TextInput} id=${FIELDS.email} type="email" label=${t('officers.email')} value=${f.email} onInput=${set('email')} error=${errors[FIELDS.email]} required autocomplete="off" />
    <${TextInput} id=${FIELDS.capacity} type="number" inputmode="numeric" min="1" max="1000" label=${t('officers.capacity')} description=${t('officers.capacityHelp')}
      value=${f.capacity} onInput=${set('capacity')} error=${errors[FIELDS.capacity]} required />
    <${CheckboxGroup} id=${FIELDS.categoryIds} legend=${t('officers.categories')} value=${f.categoryIds} onChange=${set('categoryIds')}
      options=${categories.map((c) => ({ value: c.id, label: c.name }))} error=${errors[FIELDS.categoryIds]} />
    <${TextInput} id=${FIELDS.districts} label=${t('officers.districts')} description=${t('officers.districtsHelp')} value=${f.districts} onInput=${set('districts')} error=${errors[FIELDS.districts]} />
    <${TextInput} id=${FIELDS.userSub} label=${t('officers.userSub')} description=${t('officers.userSubHelp')} value=${f.userSub} onInput=${set('userSub')} error=${errors[FIELDS.userSub]} maxlength="128" autocomplete="off" />
    <${Checkbox} id=${FIELDS.active} label=${t('officers.activeLabel')} checked=${f.active} onChange=${set('active')} />
    <div class="koers-actions">
      <${Button} type="submit" busy=${busy}>${t('common.save')}<//>
      <${Button} kind="secondary" onClick=${onCancel}>${t('common.cancel')}<//>
    </div>
  </form>`;
}

async function loadAllData(signal) {
  const [overview, officers, categories] = await Promise.all([
    api.get('/casedesk/v1/overview', null, { signal }),
    loadAll('/casedesk/v1/liaison-officers', signal, 10),
    loadAll('/casedesk/v1/categories', signal, 10),
  ]);
  return { overview, officers, categories };
}

export function OfficersView() {
  useAreaStyles();
  const res = useResource((signal) => loadAllData(signal), []);
  const [editing, setEditing] = useState(null); // null | 'new' | officer
  const [done, setDone] = useState('');
  const saved = (o) => {
    setEditing(null);
    setDone(t('coord.saved', { name: o.name }));
    res.reload();
  };
  return html`<${PageTitle} sub=${t('officers.intro')}>${t('officers.title')}<//>
    ${done ? html`<${Notice}><p class="utrecht-paragraph">${done}</p><//>` : null}
    <${Resource} res=${res}>${({ overview: ov, officers, categories }) => {
      const catName = (id) => (categories.find((c) => c.id === id) || {}).name || id;
      return html`<section class="koers-section" aria-labelledby="now-h">
        <h2 class="utrecht-heading-2" id="now-h">${t('officers.now')}</h2>
        <${Figures} items=${[
          [t('officers.unassigned'), html`<a class="utrecht-link" href="/workplace/triage">${formatNumber(ov.unassigned)}</a>`],
          [t('officers.overdue'), formatNumber(ov.overdue)],
          [t('officers.dueSoon'), formatNumber(ov.dueSoon)],
          [t('officers.suspended'), formatNumber(ov.suspended)],
          [t('officers.refOpen'), formatNumber(ov.referrals && ov.referrals.open)],
          [t('officers.refOverdue'), formatNumber(ov.referrals && ov.referrals.overdue)],
          [t('officers.reopen'), formatNumber(ov.reopenRequestsPending)],
        ]} />
        <${BarChart} id="chart-open-status" title=${t('officers.openByStatus')} first=${t('officers.status')}
          series=${[{ key: 'n', label: t('officers.openCases') }]}
          rows=${Object.entries(ov.openByStatus || {}).map(([s, n]) => ({ label: t(`status.${s}`), values: { n } }))}
          format=${(n) => formatNumber(n)} />
        <${BarChart} id="chart-officer-load" title=${t('officers.loadChart')} description=${t('officers.loadChartDesc')} first=${t('officers.name')}
          series=${[{ key: 'open', label: t('officers.openCases') }, { key: 'capacity', label: t('officers.capacity') }, { key: 'overdue', label: t('officers.overdueCases'), color: '#8a1020' }]}
          rows=${(ov.officers || []).map((o) => ({ label: o.active ? o.name : `${o.name} (${t('coord.inactive')})`, values: { open: o.openCases, capacity: o.capacity, overdue: o.overdue } }))}
          format=${(n) => formatNumber(n)} />
      </section>
      <section class="koers-section" aria-labelledby="officers-h">
        <h2 class="utrecht-heading-2" id="officers-h">${t('officers.list')}</h2>
        <${Table} caption=${t('officers.tableCaption')} captionHidden rows=${officers} columns=${[
          { label: t('officers.name'), rowHeader: true, render: (o) => o.name },
          { label: t('officers.load'), render: (o) => html`<${Load} open=${o.openCases} capacity=${o.capacity} />` },
          { label: t('officers.categories'), render: (o) => (o.categoryIds || []).map(catName).join(', ') || '—' },
          { label: t('officers.districts'), render: (o) => joinList(o.districts) || '—' },
          { label: t('officers.active'), render: (o) => (o.active ? t('coord.active') : t('coord.inactive')) },
          { label: t('coord.actions'), render: (o) => html`<${Button} kind="secondary" aria-label=${`${t('coord.edit')}: ${o.name}`}
              onClick=${() => { setDone(''); setEditing(o); }}>${t('coord.edit')}<//>` },
        ]} />
        ${editing === 'new' ? html`<${OfficerForm} key="new" officer=${null} categories=${categories} onSaved=${saved} onCancel=${() => setEditing(null)} />` : null}
        ${editing && editing !== 'new' ? html`<${Fresh} key=${editing.id} path=${`/casedesk/v1/liaison-officers/${editing.id}`}>${(fresh, reload) => html`<${OfficerForm}
            key=${fresh.etag} officer=${fresh} categories=${categories} onSaved=${saved} onCancel=${() => setEditing(null)} onReload=${() => { reload(); res.reload(); }} />`}<//>`
          : editing ? null : html`<${Button} kind="secondary" onClick=${() => { setDone(''); setEditing('new'); }}>${t('officers.new')}<//>`}
      </section>`;
    }}<//>`;
}

