// The triage queue (GET /casedesk/v1/triage-queue: cases no routing rule or
// officer could take, oldest first) and assignment (PUT /cases/{id}/
// assignment with the case's ETag in If-Match). The API names no officer
// for such a case, so the screen proposes one the way routing would choose
// inside a pool (RoutingRule: "the least loaded available officer"): among
// the active officers with room (open cases below capacity), those who
// cover the case's category and district first, then the lowest share of
// their capacity in use. The proposal is preselected and said in words; the
// coordinator picks anyone, and the API decides (an inactive officer: 422).
import { useState } from 'preact/hooks';
import { html, PageTitle, Table, Pager, usePagedList, Resource, useResource, EmptyState, Select, Button, Notice } from '../../ui/index.js';
import { t, addTexts, formatDateTime } from '../../i18n.js';
import { api } from '../../api.js';
import { CaseStatus } from '../casedesk/common.js';
import { loadAll, useAreaStyles, FormProblem, invalidFields, Load } from './common.js';

addTexts({
  nl: {
    'triage.title': 'Triage',
    'triage.intro': 'Meldingen die geen routeringsregel of verbindingsofficier kon plaatsen, de oudste bovenaan. Wijs ze toe; Koers stelt de minst belaste passende officier voor.',
    'triage.caption': 'Niet toegewezen meldingen',
    'triage.reference': 'Kenmerk',
    'triage.category': 'Categorie',
    'triage.district': 'Wijk',
    'triage.what': 'Melding',
    'triage.since': 'Ontvangen',
    'triage.assign': 'Toewijzen',
    'triage.officer': 'Verbindingsofficier voor {reference}',
    'triage.pick': 'Kies een verbindingsofficier',
    'triage.suggest': 'Voorstel: {name} (minst belast, {open} van {capacity} open)',
    'triage.suggestWhy': 'behandelt deze categorie en wijk',
    'triage.suggestNone': 'Geen voorstel: geen actieve officier met ruimte.',
    'triage.assigned': 'Melding {reference} is toegewezen aan {name}.',
    'triage.empty': 'De triagewachtrij is leeg',
    'triage.emptyText': 'Alle meldingen zijn geplaatst. Nieuwe meldingen die geen regel past, verschijnen hier.',
    'triage.officers': 'Belasting van de verbindingsofficieren',
    'triage.optionLoad': '{name} — {open} van {capacity} open',
    'triage.optionInactive': '{name} — niet actief',
    'triage.optionSuggested': '{name} — voorstel, {open} van {capacity} open',
    'triage.status': 'Status',
    'triage.name': 'Naam', 'triage.load': 'Belasting (open van capaciteit)', 'triage.active': 'Actief of niet',
    'triage.taken': 'Melding {reference} was intussen al toegewezen aan {name}; er is niets veranderd.',
  },
  en: {
    'triage.title': 'Triage',
    'triage.intro': 'Cases no routing rule or liaison officer could take, the oldest first. Assign them; Koers proposes the least loaded fitting officer.',
    'triage.caption': 'Unassigned cases',
    'triage.reference': 'Reference',
    'triage.category': 'Category',
    'triage.district': 'District',
    'triage.what': 'Case',
    'triage.since': 'Received',
    'triage.assign': 'Assign',
    'triage.officer': 'Liaison officer for {reference}',
    'triage.pick': 'Choose a liaison officer',
    'triage.suggest': 'Proposal: {name} (least loaded, {open} of {capacity} open)',
    'triage.suggestWhy': 'handles this category and district',
    'triage.suggestNone': 'No proposal: no active officer with room.',
    'triage.assigned': 'Case {reference} is assigned to {name}.',
    'triage.empty': 'The triage queue is empty',
    'triage.emptyText': 'Every case has been placed. New cases no rule fits appear here.',
    'triage.officers': 'Liaison officers\u2019 load',
    'triage.optionLoad': '{name} — {open} of {capacity} open',
    'triage.optionInactive': '{name} — not active',
    'triage.optionSuggested': '{name} — proposal, {open} of {capacity} open',
    'triage.status': 'Status',
    'triage.name': 'Name', 'triage.load': 'Load (open of capacity)', 'triage.active': 'Active or not',
    'triage.taken': 'Case {reference} had meanwhile been assigned to {name}; nothing was changed.',
  },
});

// The least loaded fitting officer for a case, or null (see the top).
export function suggestOfficer(officers, c) {
  const room = officers.filter((o) => o.active && o.openCases < o.capacity);
  if (room.length === 0) return null;
  const fit = (o) => (o.categoryIds || []).includes(c.categoryId)
    + ((o.districts || []).some((d) => c.district && d.toLowerCase() === c.district.toLowerCase()) ? 1 : 0);
  const ranked = room.map((o) => ({ o, fit: fit(o), share: o.openCases / o.capacity }))
    .sort((a, b) => b.fit - a.fit || a.share - b.share || a.o.openCases - b.o.openCases || a.o.name.localeCompare(b.o.name));
  return { officer: ranked[0].o, fits: ranked[0].fit === 2 };
}

function short(s, n = 80) {
  return s && s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function AssignCell({ c, officers, onAssigned }) {
  const sug = suggestOfficer(officers, c);
  const [officerId, setOfficerId] = useState(sug ? sug.officer.id : '');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const [errors, setErrors] = useState({});
  const fieldId = `assign-${c.id}`;
  async function assign(e) {
    e.preventDefault();
    setProblem(null);
    setErrors({});
    if (!officerId) {
      setErrors({ [fieldId]: t('triage.pick') });
      return;
    }
    setBusy(true);
    try {
      const cur = await api.get(`/casedesk/v1/cases/${c.id}`);
      if (cur.officerId) {
        // someone else placed it since the queue was loaded: not overwritten
        const other = officers.find((x) => x.id === cur.officerId);
        onAssigned(t('triage.taken', { reference: c.reference, name: other ? other.name : cur.officerId }));
        return;
      }
      const updated = await api.send('PUT', `/casedesk/v1/cases/${c.id}/assignment`, { officerId }, { ifMatch: cur.etag });
      const o = officers.find((x) => x.id === updated.officerId);
      onAssigned(t('triage.assigned', { reference: c.reference, name: o ? o.name : updated.officerId }));
    } catch (p) {
      setProblem(p);
      setErrors(invalidFields(p, { officerId: fieldId }));
    } finally {
      setBusy(false);
    }
  }
  const options = [{ value: '', label: t('triage.pick') }, ...officers.map((o) => ({
    value: o.id,
    label: !o.active ? t('triage.optionInactive', { name: o.name })
      : t(sug && sug.officer.id === o.id ? 'triage.optionSuggested' : 'triage.optionLoad', { name: o.name, open: o.openCases, capacity: o.capacity }),
  }))];
  return html`<form class="koers-assign" novalidate onSubmit=${assign}>
    <div>
      <${Select} id=${fieldId} label=${t('triage.officer', { reference: c.reference })} value=${officerId} onChange=${setOfficerId}
        options=${options} error=${errors[fieldId]} required
        description=${sug ? `${t('triage.suggest', { name: sug.officer.name, open: sug.officer.openCases, capacity: sug.officer.capacity })}${sug.fits ? ` — ${t('triage.suggestWhy')}` : ''}` : t('triage.suggestNone')} />
    </div>
    <${Button} type="submit" busy=${busy}>${t('triage.assign')}<//>
    ${problem && !errors[fieldId] ? html`<div><${FormProblem} problem=${problem} /></div>` : null}
  </form>`;
}

export function TriageView() {
  useAreaStyles();
  const [done, setDone] = useState('');
  const [version, setVersion] = useState(0);
  const list = usePagedList('/casedesk/v1/triage-queue', { limit: 20 }, [version]);
  const officers = useResource((signal) => loadAll('/casedesk/v1/liaison-officers', signal, 10), [version]);
  const onAssigned = (msg) => {
    setDone(msg);
    setVersion((v) => v + 1);
  };
  return html`<${PageTitle} sub=${t('triage.intro')}>${t('triage.title')}<//>
    ${done ? html`<${Notice}><p class="utrecht-paragraph">${done}</p><//>` : null}
    <${Resource} res=${officers}>${(offs) => html`<${Resource} res=${list.res}>${(data) => (data.items.length === 0 && !list.hasPrev
      ? html`<${EmptyState} title=${t('triage.empty')}>${t('triage.emptyText')}<//>`
      : html`<${Table} caption=${t('triage.caption')} rows=${data.items} columns=${[
        { label: t('triage.reference'), rowHeader: true, render: (c) => html`<a class="utrecht-link" href=${`/workplace/cases/${c.id}`}>${c.reference}</a>` },
        { label: t('triage.since'), render: (c) => html`<time datetime=${c.createdAt}>${formatDateTime(c.createdAt)}</time>` },
        { label: t('triage.category'), render: (c) => c.categoryName || '—' },
        { label: t('triage.district'), render: (c) => c.district || '—' },
        { label: t('triage.what'), render: (c) => short(c.description) },
        { label: t('triage.status'), render: (c) => html`<${CaseStatus} status=${c.status} />` },
        { label: t('triage.assign'), render: (c) => html`<${AssignCell} key=${`${c.id}-${version}`} c=${c} officers=${offs} onAssigned=${onAssigned} />` },
      ]} />
      <${Pager} list=${list} />`)}<//>
      <h2 class="utrecht-heading-2">${t('triage.officers')}</h2>
      <${Table} caption=${t('triage.officers')} captionHidden rows=${offs} columns=${[
        { label: t('triage.name'), rowHeader: true, render: (o) => o.name },
        { label: t('triage.load'), render: (o) => html`<${Load} open=${o.openCases} capacity=${o.capacity} />` },
        { label: t('triage.active'), render: (o) => (o.active ? t('coord.active') : t('coord.inactive')) },
      ]} />`}<//>`;
}

