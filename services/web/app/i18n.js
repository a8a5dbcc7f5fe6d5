// Texts of the workplace, Dutch first, English switchable. t('key', {name})
// looks the key up in the chosen language, then in Dutch, then shows the key
// itself (a missing text is visible, never an empty label). Each area adds
// its own texts with addTexts({nl: {...}, en: {...}}) in its own module, so
// areas do not edit one shared file. The choice is remembered in
// localStorage ('koers.lang': not a secret).

const texts = { nl: {}, en: {} };
const listeners = new Set();
const KEY = 'koers.lang';

function stored() {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'en' || v === 'nl' ? v : 'nl';
  } catch {
    return 'nl';
  }
}

let lang = stored();

export function addTexts(more) {
  for (const l of Object.keys(texts)) Object.assign(texts[l], more[l] || {});
}

export function getLang() {
  return lang;
}

export function setLang(l) {
  if (l !== 'nl' && l !== 'en') return;
  lang = l;
  try {
    localStorage.setItem(KEY, l);
  } catch {
    /* private mode: the choice lasts this page only */
  }
  document.documentElement.lang = l;
  for (const f of listeners) f(l);
}

export function onLangChange(f) {
  listeners.add(f);
  return () => listeners.delete(f);
}

export function t(key, vars) {
  let s = texts[lang][key] ?? texts.nl[key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

// A text in the chosen language from an object {nl, en} (screen titles).
export function pick(o) {
  if (o == null || typeof o === 'string') return o ?? '';
  return o[lang] ?? o.nl ?? '';
}

const locales = { nl: 'nl-NL', en: 'en-GB' };

export function formatDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(locales[lang], {
    timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'short', year: 'numeric',
    hour: '2-digit', minute: '2-digit',
  });
}

export function formatDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(locales[lang], {
    timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric',
  });
}

// A deadline: the API gives the end of the term's last day as the next
// local midnight; people read "uiterlijk 7 december", not "8 december 00:00".
export function formatDeadline(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const hm = d.toLocaleTimeString('nl-NL', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit' });
  if (hm === '00:00') return formatDate(new Date(d.getTime() - 1000).toISOString());
  return formatDateTime(iso);
}

export function formatNumber(n, digits = 0) {
  if (n == null || Number.isNaN(n)) return '';
  return Number(n).toLocaleString(locales[lang], { maximumFractionDigits: digits });
}

// "over 3 dagen" / "2 uur geleden": how far a deadline is from now.
export function formatRelative(iso, now = Date.now()) {
  if (!iso) return '';
  const ms = new Date(iso).getTime() - now;
  const abs = Math.abs(ms);
  const rtf = new Intl.RelativeTimeFormat(locales[lang], { numeric: 'auto' });
  if (abs < 3600e3) return rtf.format(Math.round(ms / 60e3), 'minute');
  if (abs < 48 * 3600e3) return rtf.format(Math.round(ms / 3600e3), 'hour');
  return rtf.format(Math.round(ms / 86400e3), 'day');
}

addTexts({
  nl: {
    'app.name': 'Koers',
    'app.workplace': 'Werkplek',
    'frame.skip': 'Direct naar de inhoud',
    'frame.nav': 'Hoofdmenu',
    'frame.signOut': 'Afmelden',
    'frame.language': 'Taal',
    'frame.switchTo': 'English',
    'frame.switchToLabel': 'Switch to English',
    'frame.signedInAs': 'Aangemeld als {name}',
    'frame.footer': 'Koers — werken voor inwoners',
    'common.loading': 'Bezig met laden…',
    'common.stop': 'Stoppen',
    'common.retry': 'Opnieuw proberen',
    'common.back': 'Terug',
    'common.next': 'Volgende pagina',
    'common.prev': 'Vorige pagina',
    'common.first': 'Eerste pagina',
    'common.pager': 'Paginering',
    'common.page': 'Pagina {n}',
    'common.save': 'Opslaan',
    'common.cancel': 'Annuleren',
    'common.send': 'Versturen',
    'common.none': 'Geen',
    'common.yes': 'Ja',
    'common.no': 'Nee',
    'common.required': '(verplicht)',
    'common.optional': '(niet verplicht)',
    'common.errorSummary': 'Er is iets niet goed ingevuld',
    'common.scrollTable': 'Tabel, schuif opzij voor meer kolommen',
    'common.home': 'Start',
    'problem.title': 'Dat lukte niet',
    'problem.network': 'De server is niet bereikbaar. Controleer de verbinding en probeer het opnieuw.',
    'problem.timeout': 'De server antwoordde niet op tijd. Probeer het opnieuw.',
    'problem.aborted': 'Het laden is gestopt.',
    'problem.forbidden': 'U mag dit niet zien of doen met uw rol.',
    'problem.notFound': 'Dit bestaat niet (meer).',
    'problem.conflict': 'Iemand anders heeft dit intussen gewijzigd. Laad opnieuw en probeer het nog eens.',
    'problem.status': 'Foutcode {status}',
    'problem.signIn': 'U bent niet (meer) aangemeld; u wordt doorgestuurd naar de aanmeldpagina.',
    'notFound.title': 'Pagina niet gevonden',
    'notFound.text': 'Deze pagina bestaat niet. Kies een onderdeel in het menu.',
    'forbidden.title': 'Geen toegang',
    'forbidden.text': 'Uw rollen geven geen toegang tot dit onderdeel.',
  },
  en: {
    'app.name': 'Koers',
    'app.workplace': 'Workplace',
    'frame.skip': 'Skip to content',
    'frame.nav': 'Main menu',
    'frame.signOut': 'Sign out',
    'frame.language': 'Language',
    'frame.switchTo': 'Nederlands',
    'frame.switchToLabel': 'Schakel naar Nederlands',
    'frame.signedInAs': 'Signed in as {name}',
    'frame.footer': 'Koers — working for residents',
    'common.loading': 'Loading…',
    'common.stop': 'Stop',
    'common.retry': 'Try again',
    'common.back': 'Back',
    'common.next': 'Next page',
    'common.prev': 'Previous page',
    'common.first': 'First page',
    'common.pager': 'Pagination',
    'common.page': 'Page {n}',
    'common.save': 'Save',
    'common.cancel': 'Cancel',
    'common.send': 'Send',
    'common.none': 'None',
    'common.yes': 'Yes',
    'common.no': 'No',
    'common.required': '(required)',
    'common.optional': '(optional)',
    'common.errorSummary': 'Something is not filled in correctly',
    'common.scrollTable': 'Table, scroll sideways for more columns',
    'common.home': 'Home',
    'problem.title': 'That did not work',
    'problem.network': 'The server cannot be reached. Check the connection and try again.',
    'problem.timeout': 'The server did not answer in time. Try again.',
    'problem.aborted': 'Loading was stopped.',
    'problem.forbidden': 'Your role does not allow you to see or do this.',
    'problem.notFound': 'This does not exist (any more).',
    'problem.conflict': 'Someone else changed this in the meantime. Reload and try again.',
    'problem.status': 'Error code {status}',
    'problem.signIn': 'You are not signed in (any more); you are sent to the sign-in page.',
    'notFound.title': 'Page not found',
    'notFound.text': 'This page does not exist. Choose a part in the menu.',
    'forbidden.title': 'No access',
    'forbidden.text': 'Your roles give no access to this part.',
  },
});
