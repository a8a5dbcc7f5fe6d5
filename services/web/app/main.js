// The workplace's entry: routes on the path (History API).
//   /                    the start page: choose the municipality, sign in
//   /workplace/callback  the provider's answer (code -> tokens)
//   /workplace/...       the staff screens of app/screens/index.js
//   /volg#<token>        the citizen's page (public; the token stays in the fragment)
import { render } from 'preact';
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { html, Frame, PageTitle, ProblemMessage, Loading } from './ui/index.js';
import { t, pick, onLangChange } from './i18n.js';
import { api } from './api.js';
import * as auth from './auth.js';
import { match, navigate, onNavigate, interceptLinks } from './router.js';
import { screens } from './screens/index.js';
import { StartPage } from './screens/start.js';
import { lazyView } from './ui/lazy.js';

// the citizen's page loads only on /volg
const CitizenPage = lazyView(() => import('./screens/volg/volg.js').then((m) => m.CitizenPage));

function findScreen(path) {
  const p = path === '/workplace' ? '/workplace/' : path;
  for (const s of screens) {
    const params = s.path === '/workplace/' ? (p === '/workplace/' ? {} : null) : match(s.path, p);
    if (params) return { screen: s, params };
  }
  return null;
}

function useFocusOnNavigate(path) {
  const [first, setFirst] = useState(true);
  useLayoutEffect(() => {
    if (first) {
      setFirst(false);
      return;
    }
    window.scrollTo(0, 0);
    // the new page's heading, once it is there (screens render it at once)
    requestAnimationFrame(() => {
      const el = document.getElementById('page-title') || document.getElementById('main');
      if (el) el.focus({ preventScroll: true });
    });
  }, [path]);
}

function Callback() {
  const [problem, setProblem] = useState(null);
  useEffect(() => {
    document.title = `${t('signin.busy')} — Koers`;
    auth.handleCallback()
      .then((to) => navigate(to, { replace: true }))
      .catch((e) => setProblem({ detail: e.detail || e.message }));
  }, []);
  return html`<${Frame}>
    <${PageTitle}>${t('signin.title')}<//>
    ${problem
      ? html`<${ProblemMessage} problem=${problem} title=${t('signin.failed')} />
        <p class="utrecht-paragraph"><a class="utrecht-link" href="/">${t('signin.again')}</a></p>`
      : html`<${Loading} /><p class="utrecht-paragraph"><a class="utrecht-link" href="/">${t('common.cancel')}</a></p>`}
  <//>`;
}

export function DocTitle({ text }) {
  useEffect(() => { document.title = `${text} — Koers`; }, [text]);
  return null;
}

function Workplace({ path }) {
  const [state, setState] = useState({ me: null, problem: null });
  const signedIn = !!auth.session();
  useEffect(() => {
    if (!signedIn) {
      auth.reauthenticate();
      return;
    }
    auth.me(api).then((me) => setState({ me, problem: null })).catch((problem) => setState({ me: null, problem }));
  }, [signedIn]);
  if (!signedIn) {
    return html`<${Frame}><${PageTitle}>${t('signin.title')}<//><${Loading} />
      <p class="utrecht-paragraph"><a class="utrecht-link" href="/">${t('common.cancel')}</a></p><//>`;
  }
  const { me, problem } = state;
  if (!me) {
    return html`<${Frame} onSignOut=${auth.signOut}>
      <${PageTitle}>${t('app.workplace')}<//>
      ${problem ? html`<${ProblemMessage} problem=${problem} onRetry=${() => location.reload()} />` : html`<${Loading} />`}
    <//>`;
  }
  const nav = screens.filter((s) => s.nav !== false && !s.path.includes(':') && auth.hasRole(me, s.roles));
  const found = findScreen(path);
  let body;
  let title;
  if (!found) {
    title = t('notFound.title');
    body = html`<${PageTitle}>${title}<//><p class="utrecht-paragraph">${t('notFound.text')}</p>`;
  } else if (!auth.hasRole(me, found.screen.roles)) {
    title = t('forbidden.title');
    body = html`<${PageTitle}>${title}<//><p class="utrecht-paragraph">${t('forbidden.text')}</p>`;
  } else {
    title = pick(found.screen.title);
    const View = found.screen.view;
    body = html`<${View} key=${path} params=${found.params} me=${me} query=${new URLSearchParams(location.search)} />`;
  }
  return html`<${Frame} me=${me} nav=${nav} current=${path} onSignOut=${auth.signOut}><${DocTitle} text=${title} />${body}<//>`;
}

function App() {
  const [path, setPath] = useState(location.pathname);
  const [, setTick] = useState(0);
  useEffect(() => {
    const off = onNavigate(() => setPath(location.pathname));
    const pop = () => setPath(location.pathname);
    window.addEventListener('popstate', pop);
    const offLang = onLangChange(() => setTick((n) => n + 1));
    return () => { off(); offLang(); window.removeEventListener('popstate', pop); };
  }, []);
  useFocusOnNavigate(path);
  if (path === '/' || path === '/index.html') return html`<${StartPage} />`;
  if (path === '/volg' || path === '/volg/') return html`<${CitizenPage} />`;
  if (path === auth.CALLBACK_PATH) return html`<${Callback} />`;
  if (path === '/workplace' || path.startsWith('/workplace/')) return html`<${Workplace} path=${path} />`;
  return html`<${Frame}><${PageTitle}>${t('notFound.title')}<//>
    <p class="utrecht-paragraph"><a class="utrecht-link" href="/">${t('common.home')}</a></p><//>`;
}

document.documentElement.lang = localStorage.getItem('koers.lang') === 'en' ? 'en' : 'nl';
const root = document.getElementById('app');
root.textContent = '';
interceptLinks(document.body);
render(html`<${App} />`, root);
