// Routing rules (/workplace/routing-rules), in position order: a new case
// goes to the pool of the first active rule whose set criteria (category,
// district, any keyword) all match, and inside the pool to the least loaded
// available officer. Add (POST), change (PATCH with If-Match), delete.
import { useRef, useState } from 'preact/hooks';
import { html, PageTitle, Table, Resource, useResource, TextInput, Select, Button, Notice } from '../../ui/index.js';
import { t, addTexts } from '../../i18n.js';
import { loadAll, useAreaStyles, FormProblem, intOrText, DeleteButton, useFocusOnOpen, CheckboxGroup, Checkbox, splitList, joinList, Fresh, useSave } from './common.js';

addTexts({
  nl: {
    'routing.title': 'Routeringsregels',
    'routing.intro': 'Een nieuwe melding gaat naar de groep van de eerste actieve regel die past (laagste positie eerst); binnen die groep krijgt de minst belaste beschikbare officier haar. Past geen regel, dan komt de melding in de triage.',
    'routing.position': 'Positie',
    'routing.positionHelp': 'Lagere posities worden eerst geprobeerd (0 of hoger).',
    'routing.name': 'Naam',
    'routing.category': 'Categorie',
    'routing.district': 'Wijk',
    'routing.districtHelp': 'Leeg = elke wijk.',
    'routing.keywords': 'Trefwoorden',
    'routing.keywordsHelp': 'Gescheiden door komma\u2019s; één ervan in de omschrijving is genoeg. Leeg = elke omschrijving.',
    'routing.pool': 'Groep verbindingsofficieren',
    'routing.poolHelp': 'Minstens één.',
    'routing.active': 'Actief',
    'routing.activeLabel': 'Actief (de regel wordt gebruikt)',
    'routing.new': 'Regel toevoegen',
    'routing.newTitle': 'Nieuwe routeringsregel',
    'routing.editTitle': '{name} wijzigen',
    'routing.none': 'Nog geen routeringsregels: alle nieuwe meldingen komen in de triage.',
  },
  en: {
    'routing.title': 'Routing rules',
    'routing.intro': 'A new case goes to the pool of the first active rule that fits (lowest position first); inside the pool the least loaded available officer gets it. When no rule fits, the case goes to triage.',
    'routing.position': 'Position',
    'routing.positionHelp': 'Lower positions are tried first (0 or more).',
    'routing.name': 'Name',
    'routing.category': 'Category',
    'routing.district': 'District',
    'routing.districtHelp': 'Empty = any district.',
    'routing.keywords': 'Keywords',
    'routing.keywordsHelp': 'Separated by commas; one of them in the description is enough. Empty = any description.',
    'routing.pool': 'Pool of liaison officers',
    'routing.poolHelp': 'At least one.',
    'routing.active': 'Active',
    'routing.activeLabel': 'Active (the rule is used)',
    'routing.new': 'Add a rule',
    'routing.newTitle': 'New routing rule',
    'routing.editTitle': 'Edit {name}',
    'routing.none': 'No routing rules yet: every new case goes to triage.',
  },
});

const FIELDS = {
  name: 'rule-name', position: 'rule-position', categoryId: 'rule-category', district: 'rule-district',
  keywords: 'rule-keywords', officerIds: 'rule-officers', active: 'rule-active',
};

function RuleForm({ rule, categories, officers, nextPosition, onSaved, onCancel, onReload }) {
  const [f, setF] = useState(() => ({
    name: rule ? rule.name : '', position: String(rule ? rule.position : nextPosition), categoryId: rule && rule.categoryId ? rule.categoryId : '',
    district: rule && rule.district ? rule.district : '', keywords: rule ? joinList(rule.keywords) : '',
    officerIds: rule ? rule.officerIds : [], active: rule ? rule.active : true,
  }));
  const { busy, problem, errors, save } = useSave({ collection: '/casedesk/v1/routing-rules', item: rule, fields: FIELDS, onSaved });
  const head = useRef(null);
  useFocusOnOpen(head);
  const set = (k) => (v) => setF({ ...f, [k]: v });
  async function submit(e) {
    e.preventDefault();
    const body = {
      name: f.name.trim(), position: intOrText(f.position), categoryId: f.categoryId || null, district: f.district.trim() || null,
      keywords: splitList(f.keywords), officerIds: f.officerIds, active: f.active,
    };
    await save(body);
  }
  return html`<form class="utrecht-form koers-editor" novalidate onSubmit=${submit} aria-labelledby="rule-form-h">
    <h2 class="utrecht-heading-2" id="rule-form-h" tabindex="-1" ref=${head}>${rule ? t('routing.editTitle', { name: rule.name }) : t('routing.newTitle')}</h2>
    <${FormProblem} problem=${problem} errors=${errors} onReload=${onReload} />
    <${TextInput} id=${FIELDS.name} label=${t('routing.name')} value=${f.name} onInput=${set('name')} error=${errors[FIELDS.name]} required maxlength="100" autocomplete="off" />
    <${TextInput} id=${FIELDS.position} type="number" inputmode="numeric" min="0" label=${t('routing.position')} description=${t('routing.positionHelp')}
      value=${f.position} onInput=${set('position')} error=${errors[FIELDS.position]} required />
    <${Select} id=${FIELDS.categoryId} label=${t('routing.category')} value=${f.categoryId} onChange=${set('categoryId')} error=${errors[FIELDS.categoryId]}
      options=${[{ value: '', label: t('coord.any') }, ...categories.map((c) => ({ value: c.id, label: c.name }))]} />
    <${TextInput} id=${FIELDS.district} label=${t('routing.district')} description=${t('routing.districtHelp')} value=${f.district} onInput=${set('district')} error=${errors[FIELDS.district]} maxlength="100" />
    <${TextInput} id=${FIELDS.keywords} label=${t('routing.keywords')} description=${t('routing.keywordsHelp')} value=${f.keywords} onInput=${set('keywords')} error=${errors[FIELDS.keywords]} />
    <${CheckboxGroup} id=${FIELDS.officerIds} legend=${t('routing.pool')} description=${t('routing.poolHelp')} value=${f.officerIds} onChange=${set('officerIds')}
      options=${officers.map((o) => ({ value: o.id, label: o.active ? o.name : `${o.name} (${t('coord.inactive')})` }))} error=${errors[FIELDS.officerIds]} />
    <${Checkbox} id=${FIELDS.active} label=${t('routing.activeLabel')} checked=${f.active} onChange=${set('active')} />
    <div class="koers-actions">
      <${Button} type="submit" busy=${busy}>${t('common.save')}<//>
      <${Button} kind="secondary" onClick=${onCancel}>${t('common.cancel')}<//>
    </div>
  </form>`;
}

async function load(signal) {
  const [rules, categories, officers] = await Promise.all([
    loadAll('/casedesk/v1/routing-rules', signal, 10),
    loadAll('/casedesk/v1/categories', signal, 10),
    loadAll('/casedesk/v1/liaison-officers', signal, 10),
  ]);
  return { rules, categories, officers };
}

export function RoutingView() {
  useAreaStyles();
  const res = useResource((signal) => load(signal), []);
  const [editing, setEditing] = useState(null);
  const [done, setDone] = useState('');
  const saved = (r) => { setEditing(null); setDone(t('coord.saved', { name: r.name })); res.reload(); };
  const deleted = (name) => { setEditing(null); setDone(t('coord.deleted', { name })); res.reload(); };
  return html`<${PageTitle} sub=${t('routing.intro')}>${t('routing.title')}<//>
    ${done ? html`<${Notice}><p class="utrecht-paragraph">${done}</p><//>` : null}
    <${Resource} res=${res}>${({ rules, categories, officers }) => {
      const cat = (id) => (id ? (categories.find((c) => c.id === id) || {}).name || id : t('coord.any'));
      const pool = (ids) => ids.map((id) => (officers.find((o) => o.id === id) || {}).name || id).join(', ');
      const nextPosition = rules.reduce((m, r) => Math.max(m, r.position + 10), 10);
      return html`${rules.length === 0 ? html`<p class="utrecht-paragraph">${t('routing.none')}</p>` : html`
        <${Table} caption=${t('routing.title')} captionHidden rows=${rules} columns=${[
          { label: t('routing.position'), numeric: true, render: (r) => r.position },
          { label: t('routing.name'), render: (r) => r.name },
          { label: t('routing.category'), render: (r) => cat(r.categoryId) },
          { label: t('routing.district'), render: (r) => r.district || t('coord.any') },
          { label: t('routing.keywords'), render: (r) => joinList(r.keywords) || '—' },
          { label: t('routing.pool'), render: (r) => pool(r.officerIds) },
          { label: t('routing.active'), render: (r) => (r.active ? t('coord.active') : t('coord.inactive')) },
          { label: t('coord.actions'), render: (r) => html`<div class="koers-actions">
            <${Button} kind="secondary" aria-label=${`${t('coord.edit')}: ${r.name}`} onClick=${() => { setDone(''); setEditing(r); }}>${t('coord.edit')}<//>
            <${DeleteButton} name=${r.name} path=${`/casedesk/v1/routing-rules/${r.id}`} onDeleted=${deleted} />
          </div>` },
        ]} />`}
        ${editing === 'new' ? html`<${RuleForm} key="new" rule=${null} categories=${categories} officers=${officers} nextPosition=${nextPosition}
            onSaved=${saved} onCancel=${() => setEditing(null)} />` : null}
        ${editing && editing !== 'new' ? html`<${Fresh} key=${editing.id} path=${`/casedesk/v1/routing-rules/${editing.id}`}>${(fresh, reload) => html`<${RuleForm}
            key=${fresh.etag} rule=${fresh} categories=${categories} officers=${officers} nextPosition=${nextPosition}
            onSaved=${saved} onCancel=${() => setEditing(null)} onReload=${() => { reload(); res.reload(); }} />`}<//>`
          : editing ? null : html`<${Button} kind="secondary" onClick=${() => { setDone(''); setEditing('new'); }}>${t('routing.new')}<//>`}`;
    }}<//>`;
}

