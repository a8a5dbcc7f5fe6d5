// The start page (/): choose the municipality (its slug, remembered in
// localStorage: not a secret) and sign in at its identity provider.
import { useEffect, useState } from 'preact/hooks';
import { html, Frame, PageTitle, TextInput, Button, ErrorSummary, ProblemMessage } from '../ui/index.js';
import { t, addTexts } from '../i18n.js';
import * as auth from '../auth.js';

addTexts({
  nl: {
    'signin.title': 'Aanmelden',
    'signin.busy': 'Bezig met aanmelden',
    'signin.failed': 'Aanmelden is niet gelukt',
    'signin.again': 'Opnieuw aanmelden',
    'start.title': 'Koers voor medewerkers',
    'start.intro': 'Meld u aan met het account van uw gemeente. U gaat daarvoor naar de aanmeldpagina van uw gemeente en komt daarna hier terug.',
    'start.tenant': 'Gemeente',
    'start.tenantHelp': 'De korte naam van uw gemeente in Koers, bijvoorbeeld demodorp. Deze browser onthoudt hem.',
    'start.tenantMissing': 'Vul de korte naam van uw gemeente in',
    'start.provider': 'Aanmelden via',
    'start.signIn': 'Aanmelden',
    'start.signedIn': 'U bent aangemeld.',
    'start.toWorkplace': 'Naar de werkplek',
    'start.citizen': 'Bent u inwoner? Volg uw melding met de link uit uw bevestiging.',
    'start.citizenLink': 'Uw melding volgen',
  },
  en: {
    'signin.title': 'Sign in',
    'signin.busy': 'Signing in',
    'signin.failed': 'Signing in did not work',
    'signin.again': 'Sign in again',
    'start.title': 'Koers for staff',
    'start.intro': "Sign in with your municipality's account. You go to your municipality's sign-in page and come back here.",
    'start.tenant': 'Municipality',
    'start.tenantHelp': "Your municipality's short name in Koers, for example demodorp. This browser remembers it.",
    'start.tenantMissing': "Fill in your municipality's short name",
    'start.provider': 'Sign in with',
    'start.signIn': 'Sign in',
    'start.signedIn': 'You are signed in.',
    'start.toWorkplace': 'To the workplace',
    'start.citizen': 'A resident? Follow your case with the link in your confirmation.',
    'start.citizenLink': 'Follow your case',
  },
});

export function StartPage() {
  const [tenant, setTenantValue] = useState(auth.getTenant());
  const [error, setError] = useState('');
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const [choices, setChoices] = useState(null);
  const signedIn = !!auth.session();
  useEffect(() => { document.title = `${t('start.title')} — Koers`; }, []);

  async function go(provider) {
    setProblem(null);
    const slug = tenant.trim().toLowerCase();
    if (!slug) {
      setError(t('start.tenantMissing'));
      return;
    }
    setError('');
    setBusy(true);
    try {
      auth.setTenant(slug);
      let p = provider;
      if (!p) {
        const list = await auth.providers(slug);
        if (list.length > 1) {
          setChoices(list);
          setBusy(false);
          return;
        }
        p = list[0];
      }
      await auth.signIn(slug, p, auth.HOME_PATH);
    } catch (e) {
      setProblem({ detail: e.detail || e.message });
      setBusy(false);
    }
  }

  return html`<${Frame}>
    <${PageTitle}>${t('start.title')}<//>
    ${signedIn ? html`<p class="utrecht-paragraph">${t('start.signedIn')} <a class="utrecht-link" href="/workplace/">${t('start.toWorkplace')}</a></p>` : null}
    <p class="utrecht-paragraph">${t('start.intro')}</p>
    <${ErrorSummary} errors=${error ? [{ id: 'tenant', text: error }] : []} />
    <${ProblemMessage} problem=${problem} title=${t('signin.failed')} />
    <form class="utrecht-form koers-narrow" novalidate onSubmit=${(e) => { e.preventDefault(); go(null); }}>
      <${TextInput} id="tenant" label=${t('start.tenant')} description=${t('start.tenantHelp')} required
        value=${tenant} onInput=${setTenantValue} error=${error} autocomplete="organization" autocapitalize="none" spellcheck="false" />
      ${choices ? html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
          <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t('start.provider')}</legend>
          <div class="utrecht-button-group">${choices.map((p) => html`<${Button} kind="secondary" onClick=${() => go(p)}>${p.name}<//>`)}</div>
        </fieldset>`
      : html`<${Button} type="submit" busy=${busy}>${t('start.signIn')}<//>`}
    </form>
    <p class="utrecht-paragraph koers-spaced">${t('start.citizen')} <a class="utrecht-link" href="/volg">${t('start.citizenLink')}</a></p>
  <//>`;
}
