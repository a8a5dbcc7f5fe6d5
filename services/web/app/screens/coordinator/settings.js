// The bureau's settings (/workplace/settings; GET/PUT /settings with the
// settings' ETag in If-Match): the calendar (days off for deadlines in
// working days), the SLA warning, referral terms and reminders, the
// escalation ladder, reopening on unhappy feedback, retention, Open311.
// PUT replaces the whole document, so the form sends every member.
import { useState } from 'preact/hooks';
import { html, PageTitle, Resource, useResource, TextInput, TextArea, Select, Button, Notice } from '../../ui/index.js';
import { t, addTexts, formatDateTime } from '../../i18n.js';
import { api } from '../../api.js';
import '../casedesk/common.js'; // the words for statuses, outcomes, escalation rungs
import { useAreaStyles, FormProblem, invalidFields, intOrText, Checkbox } from './common.js';

addTexts({
  nl: {
    'settings.title': 'Instellingen van het bureau',
    'settings.intro': 'Termijnen, agenda en regels die voor alle meldingen van uw gemeente gelden. Een wijziging geldt voor termijnen die daarna worden berekend.',
    'settings.calendar': 'Agenda',
    'settings.goodFriday': 'Goede Vrijdag is een vrije dag',
    'settings.liberationDay': 'Bevrijdingsdag (5 mei) is vrij',
    'lib.every_year': 'elk jaar', 'lib.lustrum': 'alleen in lustrumjaren (2025, 2030, …)', 'lib.never': 'nooit',
    'settings.closingDays': 'Eigen sluitingsdagen',
    'settings.closingDaysHelp': 'Eén datum per regel, als JJJJ-MM-DD (bijvoorbeeld 2026-05-15).',
    'settings.sla': 'Termijnen',
    'settings.slaWarningHours': 'Waarschuwen hoeveel uur vóór de afhandeltermijn',
    'settings.referrals': 'Doorverwijzingen',
    'settings.referralAcknowledgeDays': 'Bevestigen binnen (werkdagen)',
    'settings.referralAnswerDays': 'Beantwoorden binnen (werkdagen)',
    'settings.referralReminderHours': 'Herinneren hoeveel uur vóór de termijn',
    'settings.escalation': 'Escalatie',
    'settings.rung1': 'Eerste trede na de geadresseerde',
    'settings.rung2': 'Tweede trede',
    'settings.noRung': 'geen',
    'settings.escalationIntervalDays': 'Werkdagen tussen twee escalaties',
    'settings.reopen': 'Heropenen na feedback',
    'settings.reopenSatisfactionMax': 'Heropenverzoek bij een tevredenheid van ten hoogste',
    'settings.reopenSatisfactionHelp': '0 tot 5; 0 = nooit alleen op het cijfer.',
    'settings.reopenOnNotEqual': 'Heropenverzoek als de inwoner zich niet als gelijkwaardige partij behandeld voelde',
    'settings.privacy': 'Bewaren en Open311',
    'settings.retentionDays': 'Persoonsgegevens anonimiseren na (dagen na sluiten)',
    'settings.retentionHelp': '30 tot 3650 dagen.',
    'settings.open311JurisdictionId': 'Open311 jurisdiction_id',
    'settings.open311Help': 'Leeg = geen. Letters, cijfers en . _ : -',
    'settings.open311PublicReads': 'Open311 mag zonder API-sleutel gelezen worden',
    'settings.saved': 'De instellingen zijn opgeslagen (versie {version}).',
    'settings.version': 'Versie {version}, gewijzigd {date}',
    'settings.defaults': 'De standaardinstellingen: nog nooit gewijzigd.',
  },
  en: {
    'settings.title': 'Bureau settings',
    'settings.intro': 'Terms, calendar and rules for all cases of your municipality. A change applies to deadlines computed from then on.',
    'settings.calendar': 'Calendar',
    'settings.goodFriday': 'Good Friday is a day off',
    'settings.liberationDay': 'Liberation Day (5 May) is off',
    'lib.every_year': 'every year', 'lib.lustrum': 'only in lustrum years (2025, 2030, …)', 'lib.never': 'never',
    'settings.closingDays': 'Own closing days',
    'settings.closingDaysHelp': 'One date a line, as YYYY-MM-DD (for example 2026-05-15).',
    'settings.sla': 'Terms',
    'settings.slaWarningHours': 'Warn how many hours before the resolution deadline',
    'settings.referrals': 'Referrals',
    'settings.referralAcknowledgeDays': 'Acknowledge within (working days)',
    'settings.referralAnswerDays': 'Answer within (working days)',
    'settings.referralReminderHours': 'Remind how many hours before the deadline',
    'settings.escalation': 'Escalation',
    'settings.rung1': 'First rung after the addressee',
    'settings.rung2': 'Second rung',
    'settings.noRung': 'none',
    'settings.escalationIntervalDays': 'Working days between two escalations',
    'settings.reopen': 'Reopening after feedback',
    'settings.reopenSatisfactionMax': 'Reopen request at a satisfaction of at most',
    'settings.reopenSatisfactionHelp': '0 to 5; 0 = never on the score alone.',
    'settings.reopenOnNotEqual': 'Reopen request when the resident did not feel treated as an equal party',
    'settings.privacy': 'Retention and Open311',
    'settings.retentionDays': 'Anonymise personal data after (days after closing)',
    'settings.retentionHelp': '30 to 3650 days.',
    'settings.open311JurisdictionId': 'Open311 jurisdiction_id',
    'settings.open311Help': 'Empty = none. Letters, digits and . _ : -',
    'settings.open311PublicReads': 'Open311 may be read without an API key',
    'settings.saved': 'The settings are saved (version {version}).',
    'settings.version': 'Version {version}, changed {date}',
    'settings.defaults': 'The default settings: never changed.',
  },
});

const NUMS = ['slaWarningHours', 'referralAcknowledgeDays', 'referralAnswerDays', 'referralReminderHours', 'escalationIntervalDays', 'reopenSatisfactionMax', 'retentionDays'];
const FIELDS = {
  goodFriday: 'set-goodFriday', liberationDay: 'set-liberationDay', closingDays: 'set-closingDays', escalationLadder: 'set-rung1',
  reopenOnNotEqual: 'set-reopenOnNotEqual', open311JurisdictionId: 'set-open311JurisdictionId', open311PublicReads: 'set-open311PublicReads',
  ...Object.fromEntries(NUMS.map((n) => [n, `set-${n}`])),
};

function toForm(s) {
  const f = {
    goodFriday: !!s.goodFriday, liberationDay: s.liberationDay, closingDays: (s.closingDays || []).join('\n'),
    rung1: (s.escalationLadder || [])[0] || '', rung2: (s.escalationLadder || [])[1] || '',
    reopenOnNotEqual: !!s.reopenOnNotEqual, open311JurisdictionId: s.open311JurisdictionId || '', open311PublicReads: !!s.open311PublicReads,
  };
  for (const n of NUMS) f[n] = String(s[n]);
  return f;
}

function SettingsForm({ settings, onSaved }) {
  const [f, setF] = useState(() => toForm(settings));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const [errors, setErrors] = useState({});
  const set = (k) => (v) => setF({ ...f, [k]: v });
  async function submit(e) {
    e.preventDefault();
    setProblem(null);
    setErrors({});
    const body = {
      goodFriday: f.goodFriday, liberationDay: f.liberationDay,
      closingDays: f.closingDays.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean),
      escalationLadder: [f.rung1, f.rung2].filter(Boolean),
      reopenOnNotEqual: f.reopenOnNotEqual, open311JurisdictionId: f.open311JurisdictionId.trim() || null, open311PublicReads: f.open311PublicReads,
    };
    for (const n of NUMS) body[n] = intOrText(f[n]);
    setBusy(true);
    try {
      const saved = await api.send('PUT', '/casedesk/v1/settings', body, { ifMatch: settings.etag });
      onSaved(saved);
    } catch (p) {
      setProblem(p);
      setErrors(invalidFields(p, FIELDS));
    } finally {
      setBusy(false);
    }
  }
  const num = (n, extra = {}) => html`<${TextInput} id=${`set-${n}`} type="number" inputmode="numeric" label=${t(`settings.${n}`)} value=${f[n]} onInput=${set(n)}
    error=${errors[`set-${n}`]} required ...${extra} />`;
  const rungs = [{ value: '', label: t('settings.noRung') }, { value: 'team_manager', label: t('rung.team_manager') }, { value: 'process_owner', label: t('rung.process_owner') }];
  return html`<form class="utrecht-form" novalidate onSubmit=${submit}>
    <${FormProblem} problem=${problem} errors=${errors} />
    ${problem && (problem.status === 412 || problem.status === 409) ? html`<p class="utrecht-paragraph"><${Button} kind="secondary" onClick=${() => onSaved(null)}>${t('coord.reload')}<//></p>` : null}
    <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset koers-card">
      <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t('settings.calendar')}</legend>
      <${Checkbox} id="set-goodFriday" label=${t('settings.goodFriday')} checked=${f.goodFriday} onChange=${set('goodFriday')} />
      <${Select} id="set-liberationDay" label=${t('settings.liberationDay')} value=${f.liberationDay} onChange=${set('liberationDay')} error=${errors['set-liberationDay']}
        options=${['every_year', 'lustrum', 'never'].map((v) => ({ value: v, label: t(`lib.${v}`) }))} required />
      <${TextArea} id="set-closingDays" label=${t('settings.closingDays')} description=${t('settings.closingDaysHelp')} value=${f.closingDays} onInput=${set('closingDays')}
        error=${errors['set-closingDays']} rows="3" />
    </fieldset>
    <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset koers-card">
      <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t('settings.sla')}</legend>
      ${num('slaWarningHours', { min: 1, max: 720 })}
    </fieldset>
    <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset koers-card">
      <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t('settings.referrals')}</legend>
      ${num('referralAcknowledgeDays', { min: 1, max: 60 })}
      ${num('referralAnswerDays', { min: 1, max: 120 })}
      ${num('referralReminderHours', { min: 1, max: 720 })}
    </fieldset>
    <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset koers-card">
      <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t('settings.escalation')}</legend>
      <${Select} id="set-rung1" label=${t('settings.rung1')} value=${f.rung1} onChange=${set('rung1')} options=${rungs} error=${errors['set-rung1']} />
      <${Select} id="set-rung2" label=${t('settings.rung2')} value=${f.rung2} onChange=${set('rung2')} options=${rungs} />
      ${num('escalationIntervalDays', { min: 1, max: 60 })}
    </fieldset>
    <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset koers-card">
      <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t('settings.reopen')}</legend>
      ${num('reopenSatisfactionMax', { min: 0, max: 5, description: t('settings.reopenSatisfactionHelp') })}
      <${Checkbox} id="set-reopenOnNotEqual" label=${t('settings.reopenOnNotEqual')} checked=${f.reopenOnNotEqual} onChange=${set('reopenOnNotEqual')} />
    </fieldset>
    <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset koers-card">
      <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t('settings.privacy')}</legend>
      ${num('retentionDays', { min: 30, max: 3650, description: t('settings.retentionHelp') })}
      <${TextInput} id="set-open311JurisdictionId" label=${t('settings.open311JurisdictionId')} description=${t('settings.open311Help')} value=${f.open311JurisdictionId}
        onInput=${set('open311JurisdictionId')} error=${errors['set-open311JurisdictionId']} maxlength="100" autocomplete="off" />
      <${Checkbox} id="set-open311PublicReads" label=${t('settings.open311PublicReads')} checked=${f.open311PublicReads} onChange=${set('open311PublicReads')} />
    </fieldset>
    <${Button} type="submit" busy=${busy}>${t('common.save')}<//>
  </form>`;
}

export function SettingsView() {
  useAreaStyles();
  const res = useResource((signal) => api.get('/casedesk/v1/settings', null, { signal }), []);
  const [done, setDone] = useState('');
  const [key, setKey] = useState(0);
  const onSaved = (s) => {
    if (s) {
      res.setData(s);
      setDone(t('settings.saved', { version: s.version }));
    } else {
      setDone('');
      res.reload();
    }
    setKey((k) => k + 1);
  };
  return html`<${PageTitle} sub=${t('settings.intro')}>${t('settings.title')}<//>
    ${done ? html`<${Notice}><p class="utrecht-paragraph">${done}</p><//>` : null}
    <${Resource} res=${res}>${(s) => html`<p class="utrecht-paragraph koers-muted">${s.updatedAt ? t('settings.version', { version: s.version, date: formatDateTime(s.updatedAt) }) : t('settings.defaults')}</p>
      <${SettingsForm} key=${`${key}-${s.version}`} settings=${s} onSaved=${onSaved} />`}<//>`;
}

