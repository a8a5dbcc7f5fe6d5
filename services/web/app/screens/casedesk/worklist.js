// The liaison officer's work list (GET /casedesk/v1/work-list): their open
// cases, the nearest resolution deadline first, the SLA state at a glance;
// paged by the API's cursors.
import { html, PageTitle, Table, Pager, usePagedList, Resource, EmptyState } from '../../ui/index.js';
import { t, addTexts } from '../../i18n.js';
import { CaseStatus, SlaBadge, Due } from './common.js';

addTexts({
  nl: {
    'worklist.intro': 'Uw open meldingen, de eerstvolgende termijn bovenaan.',
    'worklist.caption': 'Open meldingen op volgorde van termijn',
    'worklist.reference': 'Kenmerk',
    'worklist.category': 'Categorie',
    'worklist.what': 'Melding',
    'worklist.status': 'Status',
    'worklist.sla': 'Termijn',
    'worklist.due': 'Afhandelen uiterlijk',
    'worklist.firstContact': 'Eerste contact uiterlijk',
    'worklist.contacted': 'gehad',
    'worklist.empty': 'Geen open meldingen',
    'worklist.emptyText': 'Er staat niets voor u klaar. Nieuwe meldingen verschijnen hier vanzelf.',
  },
  en: {
    'worklist.intro': 'Your open cases, the nearest deadline first.',
    'worklist.caption': 'Open cases by deadline',
    'worklist.reference': 'Reference',
    'worklist.category': 'Category',
    'worklist.what': 'Case',
    'worklist.status': 'Status',
    'worklist.sla': 'Deadline',
    'worklist.due': 'Resolve by',
    'worklist.firstContact': 'First contact by',
    'worklist.contacted': 'done',
    'worklist.empty': 'No open cases',
    'worklist.emptyText': 'Nothing is waiting for you. New cases appear here.',
  },
});

function short(s, n = 80) {
  return s && s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function WorkListView() {
  const list = usePagedList('/casedesk/v1/work-list', { limit: 20 });
  return html`<${PageTitle} sub=${t('worklist.intro')}>${t('worklist.title')}<//>
    <${Resource} res=${list.res}>${(data) => (data.items.length === 0 && !list.hasPrev
      ? html`<${EmptyState} title=${t('worklist.empty')}>${t('worklist.emptyText')}<//>`
      : html`<${Table} caption=${t('worklist.caption')} rows=${data.items} columns=${[
        { label: t('worklist.reference'), rowHeader: true, render: (c) => html`<a class="utrecht-link" href=${`/workplace/cases/${c.id}`}>${c.reference}</a>` },
        { label: t('worklist.sla'), render: (c) => html`<${SlaBadge} sla=${c.sla} suspended=${!!c.suspension} />` },
        { label: t('worklist.due'), render: (c) => html`<${Due} at=${c.resolutionDue} />` },
        { label: t('worklist.status'), render: (c) => html`<${CaseStatus} status=${c.status} />` },
        { label: t('worklist.category'), render: (c) => c.categoryName || '—' },
        { label: t('worklist.what'), render: (c) => short(c.description) },
        { label: t('worklist.firstContact'), render: (c) => (c.firstContactAt ? t('worklist.contacted') : html`<${Due} at=${c.firstContactDue} />`) },
      ]} />
      <${Pager} list=${list} />`)}<//>`;
}

addTexts({ nl: { 'worklist.title': 'Mijn werkvoorraad' }, en: { 'worklist.title': 'My work list' } });
