// Data helpers of the culture screens (surveys, processes, programmes):
//   loadAll(path, query, signal, maxPages)  every item of a list (cursors; bounded)
//   fetchText(path, query, accept, signal)  a non-JSON answer (an SVG, a CSV)
//                                           with the user's token; a failure
//                                           throws the API's ApiProblem
//   download(path, query, filename, accept) saves an export (a Blob link:
//                                           the API needs the bearer token,
//                                           so a plain <a href> cannot)
//   Section                                 a titled section (h2)
import { api, url, ApiProblem } from '../api.js';
import { accessToken, reauthenticate } from '../auth.js';
import { t } from '../i18n.js';
import { html } from './html.js';

export async function loadAll(path, query, signal, maxPages = 10) {
  const items = [];
  let i = 0;
  for await (const page of api.pages(path, { limit: 100, ...(query || {}) }, { signal })) {
    items.push(...(page.items || []));
    if (++i >= maxPages) break;
  }
  return items;
}

export async function fetchText(path, query, accept, signal) {
  const tok = accessToken();
  if (!tok) {
    reauthenticate();
    throw new ApiProblem({ status: 401, detail: t('problem.signIn') });
  }
  let res;
  try {
    res = await fetch(url(path, query), {
      headers: { Authorization: `Bearer ${tok}`, Accept: `${accept}, application/problem+json` },
      credentials: 'omit', cache: 'no-store', signal: signal || AbortSignal.timeout(20e3),
    });
  } catch {
    throw new ApiProblem({ status: 0, detail: t('problem.network'), type: 'network' });
  }
  const text = await res.text();
  if (!res.ok) {
    if (res.status === 401) reauthenticate();
    let p = {};
    try { p = JSON.parse(text) || {}; } catch { /* not a problem document */ }
    throw new ApiProblem({ status: res.status, title: p.title || res.statusText, detail: p.detail || t('problem.status', { status: res.status }), invalidParams: p.invalidParams });
  }
  return { text, type: res.headers.get('Content-Type') || accept };
}

export async function download(path, query, filename, accept) {
  const { text, type } = await fetchText(path, query, accept);
  const blob = new Blob([text], { type });
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10e3);
}

export function Section({ id, title, intro, children }) {
  return html`<section class="koers-section" aria-labelledby=${id}>
    <h2 class="utrecht-heading-2" id=${id}>${title}</h2>
    ${intro ? html`<p class="utrecht-paragraph koers-muted">${intro}</p>` : null}
    ${children}
  </section>`;
}

// A 0..1 share as "62%".
export function pct(v, digits = 0) {
  if (v == null || Number.isNaN(v)) return '—';
  return `${(v * 100).toFixed(digits)}%`;
}
