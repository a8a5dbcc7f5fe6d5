// What the casedesk's screens share: the words for statuses, SLA states,
// outcomes and priorities, and the badges that show them.
import { html, StatusBadge } from '../../ui/index.js';
import { t, addTexts, formatDeadline, formatRelative } from '../../i18n.js';

addTexts({
  nl: {
    'status.received': 'Ontvangen', 'status.assigned': 'Toegewezen', 'status.in_progress': 'In behandeling',
    'status.waiting': 'Wacht op inwoner', 'status.solution_proposed': 'Oplossing voorgesteld',
    'status.resolved': 'Afgehandeld', 'status.closed': 'Gesloten',
    'sla.on_track': 'Op schema', 'sla.warning': 'Bijna te laat', 'sla.breached': 'Te laat', 'sla.paused': 'Gepauzeerd',
    'sla.label': 'Termijn',
    'priority.low': 'Laag', 'priority.normal': 'Normaal', 'priority.high': 'Hoog', 'priority.urgent': 'Spoed',
    'outcome.agreed': 'Toegekend', 'outcome.partly_agreed': 'Deels toegekend', 'outcome.refused': 'Afgewezen',
    'channel.web': 'Website', 'channel.app': 'App', 'channel.phone': 'Telefoon', 'channel.email': 'E-mail',
    'channel.counter': 'Balie', 'channel.letter': 'Brief',
    'referral.open': 'Open', 'referral.acknowledged': 'Bevestigd', 'referral.answered': 'Beantwoord', 'referral.withdrawn': 'Ingetrokken',
    'rung.official': 'ambtenaar', 'rung.team_manager': 'teammanager', 'rung.process_owner': 'proceseigenaar',
    'due.at': '{date} ({rel})',
  },
  en: {
    'status.received': 'Received', 'status.assigned': 'Assigned', 'status.in_progress': 'In progress',
    'status.waiting': 'Waiting on the resident', 'status.solution_proposed': 'Solution proposed',
    'status.resolved': 'Resolved', 'status.closed': 'Closed',
    'sla.on_track': 'On track', 'sla.warning': 'Nearly late', 'sla.breached': 'Late', 'sla.paused': 'Paused',
    'sla.label': 'Deadline',
    'priority.low': 'Low', 'priority.normal': 'Normal', 'priority.high': 'High', 'priority.urgent': 'Urgent',
    'outcome.agreed': 'Agreed', 'outcome.partly_agreed': 'Partly agreed', 'outcome.refused': 'Refused',
    'channel.web': 'Website', 'channel.app': 'App', 'channel.phone': 'Phone', 'channel.email': 'E-mail',
    'channel.counter': 'Counter', 'channel.letter': 'Letter',
    'referral.open': 'Open', 'referral.acknowledged': 'Acknowledged', 'referral.answered': 'Answered', 'referral.withdrawn': 'Withdrawn',
    'rung.official': 'official', 'rung.team_manager': 'team manager', 'rung.process_owner': 'process owner',
    'due.at': '{date} ({rel})',
  },
});

const STATUS_KIND = {
  received: 'info', assigned: 'info', in_progress: 'info', waiting: 'warning',
  solution_proposed: 'info', resolved: 'ok', closed: 'neutral',
};

export function CaseStatus({ status }) {
  return html`<${StatusBadge} kind=${STATUS_KIND[status] || 'neutral'}>${t(`status.${status}`)}<//>`;
}

const SLA_KIND = { on_track: 'ok', warning: 'warning', breached: 'danger' };

// The SLA state at a glance; a suspended case's clock stands still.
export function SlaBadge({ sla, suspended }) {
  const state = sla && sla.state;
  if (!state) return null;
  return html`<span class="koers-sla">
    <${StatusBadge} kind=${SLA_KIND[state] || 'neutral'}>${t(`sla.${state}`)}<//>
    ${suspended ? html` <${StatusBadge} kind="neutral">${t('sla.paused')}<//>` : null}
  </span>`;
}

export function Due({ at }) {
  if (!at) return html`<span>—</span>`;
  return html`<time datetime=${at}>${t('due.at', { date: formatDeadline(at), rel: formatRelative(at) })}</time>`;
}

// 'user:fatima' -> 'fatima'; the API's actor names as a person reads them.
export function actorName(a) {
  if (!a) return '';
  if (a === 'citizen') return t('actor.citizen');
  if (a.startsWith('user:')) return a.slice(5);
  if (a.startsWith('apikey:')) return t('actor.system');
  if (a.startsWith('link:')) return t('actor.link');
  if (a.startsWith('system')) return t('actor.koers');
  return a;
}

addTexts({
  nl: { 'actor.citizen': 'inwoner', 'actor.system': 'portaal (systeem)', 'actor.link': 'via de antwoordlink', 'actor.koers': 'Koers (automatisch)' },
  en: { 'actor.citizen': 'resident', 'actor.system': 'portal (system)', 'actor.link': 'through the answer link', 'actor.koers': 'Koers (automatic)' },
});
