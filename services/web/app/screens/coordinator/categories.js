// Categories and their terms (/workplace/categories): the first contact and
// resolution terms in working or calendar days, the process owner (an
// official: the escalation rung `process_owner`); add (POST), change
// (PATCH with the category's ETag in If-Match), delete (409 while cases use
// it: the API's detail is shown).
import { useRef, useState } from 'preact/hooks';
import { html, PageTitle, Table, Resource, useResource, TextInput, Select, Button, Notice } from '../../ui/index.js';
import { t, addTexts } from '../../i18n.js';
import { loadAll, useAreaStyles, FormProblem, intOrText, DeleteButton, useFocusOnOpen, Fresh, useSave } from './common.js';

addTexts({
  nl: {
    'categories.title': 'Categorieën en termijnen',
    'categories.intro': 'Elke categorie heeft een termijn voor het eerste contact en voor de afhandeling. Een wijziging geldt voor nieuwe meldingen.',
    'categories.name': 'Naam',
    'categories.firstContact': 'Eerste contact binnen',
    'categories.sla': 'Afhandelen binnen',
    'categories.unit': 'Telt in',
    'categories.days': '{n} {unit}',
    'categories.owner': 'Proceseigenaar',
    'categories.ownerHelp': 'De ambtenaar bij wie een te late doorverwijzing uiteindelijk terechtkomt.',
    'categories.noOwner': 'Geen proceseigenaar',
    'categories.new': 'Categorie toevoegen',
    'categories.newTitle': 'Nieuwe categorie',
    'categories.editTitle': '{name} wijzigen',
    'categories.daysHelp': 'Aantal dagen, 1 tot 365.',
    'categories.none': 'Nog geen categorieën',
    'categories.noneText': 'Voeg de eerste categorie toe.',
    'unit.working_days': 'werkdagen', 'unit.calendar_days': 'kalenderdagen',
  },
  en: {
    'categories.title': 'Categories and terms',
    'categories.intro': 'Each category has a term for the first contact and one for resolving. A change applies to new cases.',
    'categories.name': 'Name',
    'categories.firstContact': 'First contact within',
    'categories.sla': 'Resolve within',
    'categories.unit': 'Counts in',
    'categories.days': '{n} {unit}',
    'categories.owner': 'Process owner',
    'categories.ownerHelp': 'The official an overdue referral finally reaches.',
    'categories.noOwner': 'No process owner',
    'categories.new': 'Add a category',
    'categories.newTitle': 'New category',
    'categories.editTitle': 'Edit {name}',
    'categories.daysHelp': 'Number of days, 1 to 365.',
    'categories.none': 'No categories yet',
    'categories.noneText': 'Add the first category.',
    'unit.working_days': 'working days', 'unit.calendar_days': 'calendar days',
  },
});

const FIELDS = { name: 'category-name', slaDays: 'category-sla', firstContactDays: 'category-first', slaUnit: 'category-unit', processOwnerId: 'category-owner' };

function CategoryForm({ category, officials, onSaved, onCancel, onReload }) {
  const [f, setF] = useState(() => ({
    name: category ? category.name : '', slaDays: String(category ? category.slaDays : 10),
    firstContactDays: String(category ? category.firstContactDays : 2), slaUnit: category ? category.slaUnit : 'working_days',
    processOwnerId: category && category.processOwnerId ? category.processOwnerId : '',
  }));
  const { busy, problem, errors, save } = useSave({ collection: '/casedesk/v1/categories', item: category, fields: FIELDS, onSaved });
  const head = useRef(null);
  useFocusOnOpen(head);
  const set = (k) => (v) => setF({ ...f, [k]: v });
  async function submit(e) {
    e.preventDefault();
    const body = {
      name: f.name.trim(), slaDays: intOrText(f.slaDays), firstContactDays: intOrText(f.firstContactDays),
      slaUnit: f.slaUnit, processOwnerId: f.processOwnerId || null,
    };
    await save(body);
  }
  const unitOptions = ['working_days', 'calendar_days'].map((u) => ({ value: u, label: t(`unit.${u}`) }));
  return html`<form class="utrecht-form koers-editor" novalidate onSubmit=${submit} aria-labelledby="category-form-h">
    <h2 class="utrecht-heading-2" id="category-form-h" tabindex="-1" ref=${head}>${category ? t('categories.editTitle', { name: category.name }) : t('categories.newTitle')}</h2>
    <${FormProblem} problem=${problem} errors=${errors} onReload=${onReload} />
    <${TextInput} id=${FIELDS.name} label=${t('categories.name')} value=${f.name} onInput=${set('name')} error=${errors[FIELDS.name]} required maxlength="100" autocomplete="off" />
    <${TextInput} id=${FIELDS.firstContactDays} type="number" inputmode="numeric" min="1" max="365" label=${t('categories.firstContact')}
      description=${t('categories.daysHelp')} value=${f.firstContactDays} onInput=${set('firstContactDays')} error=${errors[FIELDS.firstContactDays]} required />
    <${TextInput} id=${FIELDS.slaDays} type="number" inputmode="numeric" min="1" max="365" label=${t('categories.sla')}
      description=${t('categories.daysHelp')} value=${f.slaDays} onInput=${set('slaDays')} error=${errors[FIELDS.slaDays]} required />
    <${Select} id=${FIELDS.slaUnit} label=${t('categories.unit')} value=${f.slaUnit} onChange=${set('slaUnit')} options=${unitOptions} error=${errors[FIELDS.slaUnit]} required />
    <${Select} id=${FIELDS.processOwnerId} label=${t('categories.owner')} description=${t('categories.ownerHelp')} value=${f.processOwnerId} onChange=${set('processOwnerId')}
      options=${[{ value: '', label: t('categories.noOwner') }, ...officials.map((o) => ({ value: o.id, label: o.name }))]} error=${errors[FIELDS.processOwnerId]} />
    <div class="koers-actions">
      <${Button} type="submit" busy=${busy}>${t('common.save')}<//>
      <${Button} kind="secondary" onClick=${onCancel}>${t('common.cancel')}<//>
    </div>
  </form>`;
}

async function load(signal) {
  const [categories, officials] = await Promise.all([
    loadAll('/casedesk/v1/categories', signal, 10),
    loadAll('/casedesk/v1/officials', signal, 10).catch(() => []),
  ]);
  return { categories, officials };
}

export function CategoriesView() {
  useAreaStyles();
  const res = useResource((signal) => load(signal), []);
  const [editing, setEditing] = useState(null);
  const [done, setDone] = useState('');
  const saved = (c) => { setEditing(null); setDone(t('coord.saved', { name: c.name })); res.reload(); };
  const deleted = (name) => { setEditing(null); setDone(t('coord.deleted', { name })); res.reload(); };
  return html`<${PageTitle} sub=${t('categories.intro')}>${t('categories.title')}<//>
    ${done ? html`<${Notice}><p class="utrecht-paragraph">${done}</p><//>` : null}
    <${Resource} res=${res}>${({ categories, officials }) => {
      const owner = (id) => (officials.find((o) => o.id === id) || {}).name || '—';
      return html`${categories.length === 0 ? html`<p class="utrecht-paragraph">${t('categories.none')}. ${t('categories.noneText')}</p>` : html`
        <${Table} caption=${t('categories.title')} captionHidden rows=${categories} columns=${[
          { label: t('categories.name'), rowHeader: true, render: (c) => c.name },
          { label: t('categories.firstContact'), render: (c) => t('categories.days', { n: c.firstContactDays, unit: t(`unit.${c.slaUnit}`) }) },
          { label: t('categories.sla'), render: (c) => t('categories.days', { n: c.slaDays, unit: t(`unit.${c.slaUnit}`) }) },
          { label: t('categories.owner'), render: (c) => (c.processOwnerId ? owner(c.processOwnerId) : '—') },
          { label: t('coord.actions'), render: (c) => html`<div class="koers-actions">
            <${Button} kind="secondary" aria-label=${`${t('coord.edit')}: ${c.name}`} onClick=${() => { setDone(''); setEditing(c); }}>${t('coord.edit')}<//>
            <${DeleteButton} name=${c.name} path=${`/casedesk/v1/categories/${c.id}`} onDeleted=${deleted} />
          </div>` },
        ]} />`}
        ${editing === 'new' ? html`<${CategoryForm} key="new" category=${null} officials=${officials} onSaved=${saved} onCancel=${() => setEditing(null)} />` : null}
        ${editing && editing !== 'new' ? html`<${Fresh} key=${editing.id} path=${`/casedesk/v1/categories/${editing.id}`}>${(fresh, reload) => html`<${CategoryForm}
            key=${fresh.etag} category=${fresh} officials=${officials} onSaved=${saved} onCancel=${() => setEditing(null)} onReload=${() => { reload(); res.reload(); }} />`}<//>`
          : editing ? null : html`<${Button} kind="secondary" onClick=${() => { setDone(''); setEditing('new'); }}>${t('categories.new')}<//>`}`;
    }}<//>`;
}

