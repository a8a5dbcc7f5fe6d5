// The workplace's home (/workplace/: the parts the user's roles open) and
// "my account" (/workplace/me: who Koers takes the user for, from /me).
import { html, PageTitle, DataList } from '../../ui/index.js';
import { t, addTexts, pick } from '../../i18n.js';
import { hasRole } from '../../auth.js';
import { screens } from '../index.js';

addTexts({
  nl: {
    'home.intro': 'Kies waar u mee aan de slag gaat.',
    'home.none': 'Uw rollen geven (nog) geen toegang tot een onderdeel van de werkplek. Vraag uw beheerder om een rol.',
    'me.name': 'Naam',
    'me.email': 'E-mailadres',
    'me.sub': 'Kenmerk bij uw gemeente',
    'me.tenant': 'Gemeente (kenmerk)',
    'me.roles': 'Rollen',
    'me.explain': 'Wat u in Koers mag, volgt uit de rollen die uw gemeente u geeft. Koers controleert dit bij elk verzoek.',
    'role.admin': 'beheerder', 'role.coordinator': 'coördinator', 'role.liaison_officer': 'verbindingsofficier',
    'role.official': 'ambtenaar', 'role.process_owner': 'proceseigenaar', 'role.process_manager': 'procesmanager',
    'role.programme_lead': 'programmaleider', 'role.programme_member': 'programmalid', 'role.core_team': 'kernteam',
    'role.survey_manager': 'onderzoeksbeheerder', 'role.integration_admin': 'koppelingsbeheerder',
    'role.employee': 'medewerker', 'role.privacy_officer': 'privacyfunctionaris',
  },
  en: {
    'home.intro': 'Choose what to work on.',
    'home.none': 'Your roles give no access to any part of the workplace (yet). Ask your administrator for a role.',
    'me.name': 'Name',
    'me.email': 'E-mail address',
    'me.sub': 'Your id at your municipality',
    'me.tenant': 'Municipality (id)',
    'me.roles': 'Roles',
    'me.explain': 'What you may do in Koers follows from the roles your municipality gives you. Koers checks them on every request.',
    'role.admin': 'administrator', 'role.coordinator': 'coordinator', 'role.liaison_officer': 'liaison officer',
    'role.official': 'official', 'role.process_owner': 'process owner', 'role.process_manager': 'process manager',
    'role.programme_lead': 'programme lead', 'role.programme_member': 'programme member', 'role.core_team': 'core team',
    'role.survey_manager': 'survey manager', 'role.integration_admin': 'integration administrator',
    'role.employee': 'employee', 'role.privacy_officer': 'privacy officer',
  },
});

function HomeView({ me }) {
  const open = screens.filter((s) => s.nav !== false && !s.path.includes(':') && s.path !== '/workplace/' && hasRole(me, s.roles));
  return html`<${PageTitle}>${t('app.workplace')}<//>
    ${open.length
      ? html`<p class="utrecht-paragraph">${t('home.intro')}</p>
        <ul class="utrecht-link-list koers-tiles">${open.map((s) => html`<li class="utrecht-link-list__item">
          <a class="utrecht-link koers-tile" href=${s.path}>${pick(s.title)}</a>
        </li>`)}</ul>`
      : html`<p class="utrecht-paragraph">${t('home.none')}</p>`}`;
}

function MeView({ me }) {
  return html`<${PageTitle}>${pick(meScreen.title)}<//>
    <${DataList} items=${[
      [t('me.name'), me.name],
      [t('me.email'), me.email],
      [t('me.roles'), (me.roles || []).map((r) => t(`role.${r}`)).join(', ')],
      [t('me.sub'), me.sub],
      [t('me.tenant'), me.tenant],
    ]} />
    <p class="utrecht-paragraph">${t('me.explain')}</p>`;
}

export const home = {
  path: '/workplace/',
  title: { nl: 'Werkplek', en: 'Workplace' },
  roles: [],
  view: HomeView,
};

const meScreen = {
  path: '/workplace/me',
  title: { nl: 'Mijn account', en: 'My account' },
  roles: [],
  view: MeView,
};
export const me = meScreen;
