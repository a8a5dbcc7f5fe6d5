// The page frame of the workplace: skip link, the NL Design System header
// with the app's name and the user, the nav (only the screens the user's
// roles meet), the main landmark (#main, its h1 takes the focus on every
// page change) and a footer with the language switch.
import { html } from './html.js';
import { t, getLang, setLang, pick } from '../i18n.js';

export function Frame({ me, nav, current, onSignOut, children, home = '/workplace/', sub }) {
  return html`<div class="utrecht-page koers-page">
    <a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#main">${t('frame.skip')}</a>
    <header class="utrecht-page-header koers-header">
      <div class="utrecht-page-header__content koers-header__content">
        <a class="koers-brand" href=${home}>${t('app.name')} <span class="koers-brand__sub">${sub || t('app.workplace')}</span></a>
        <div class="koers-header__user">
          ${me ? html`<span class="koers-header__name">${t('frame.signedInAs', { name: me.name || me.sub })}</span>` : null}
          <${LangSwitch} />
          ${onSignOut ? html`<button type="button" class="utrecht-button utrecht-button--secondary-action" onClick=${onSignOut}>${t('frame.signOut')}</button>` : null}
        </div>
      </div>
    </header>
    ${nav && nav.length ? html`<nav class="utrecht-nav-bar koers-nav" aria-label=${t('frame.nav')}>
      <div class="utrecht-nav-bar__content">
        <ul class="utrecht-nav-list koers-nav__list">
          ${nav.map((s) => html`<li class="utrecht-nav-list__item">
            <a class="utrecht-nav-list__link koers-nav__link" href=${s.path} aria-current=${isCurrent(s, current) ? 'page' : undefined}>${pick(s.title)}</a>
          </li>`)}
        </ul>
      </div>
    </nav>` : null}
    <main id="main" class="utrecht-page-content koers-main" tabindex="-1">${children}</main>
    <footer class="utrecht-page-footer koers-footer"><p class="utrecht-paragraph">${t('frame.footer')}</p></footer>
  </div>`;
}

function isCurrent(screen, current) {
  if (!current) return false;
  return current === screen.path || (screen.path !== '/workplace/' && current.startsWith(screen.path.replace(/\/?$/, '/')));
}

export function LangSwitch() {
  const other = getLang() === 'nl' ? 'en' : 'nl';
  return html`<button type="button" class="utrecht-button utrecht-button--subtle koers-lang" lang=${other}
    aria-label=${t('frame.switchToLabel')} onClick=${() => setLang(other)}>${t('frame.switchTo')}</button>`;
}

// The page's heading; takes the focus after navigation (main.js).
export function PageTitle({ children, sub }) {
  return html`<div class="koers-title">
    <h1 class="utrecht-heading-1" tabindex="-1" id="page-title">${children}</h1>
    ${sub ? html`<p class="utrecht-paragraph koers-muted">${sub}</p>` : null}
  </div>`;
}
