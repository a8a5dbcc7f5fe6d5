// The one way the workplace talks to Koers: the public REST APIs through the
// gateway, with the signed-in user's access token.
//
//   api.get(path, query)                     -> parsed JSON
//   api.send(method, path, body, {ifMatch, idempotencyKey, auth}) -> parsed JSON
//   api.pages(path, query)                   -> async iterator over pages
//
// A JSON object answer carries the response's ETag as the non-enumerable
// property `etag` (send it back as ifMatch). Every failure throws an
// ApiProblem with the problem's status, title, detail and invalidParams
// (network failures and timeouts too, status 0), so a screen always has a
// detail to show. A 401 on a signed-in call starts the sign-in again and
// keeps where the user was. `auth: false` calls a public route (tracking).

import { accessToken, reauthenticate } from './auth.js';
import { t } from './i18n.js';

const TIMEOUT_MS = 20e3;

export class ApiProblem extends Error {
  constructor({ status = 0, title = '', detail = '', type = '', invalidParams = [], extra = {} } = {}) {
    super(detail || title || `HTTP ${status}`);
    this.name = 'ApiProblem';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.type = type;
    this.invalidParams = Array.isArray(invalidParams) ? invalidParams : [];
    this.extra = extra;
  }

  // The reason given for one field (a 422's invalidParams), or ''.
  fieldError(name) {
    const p = this.invalidParams.find((x) => x.name === name);
    return p ? p.reason : '';
  }
}

export function url(path, query) {
  const u = new URL(path, location.origin);
  if (query) {
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue;
      u.searchParams.set(k, String(v));
    }
  }
  return u.pathname + u.search;
}

function newKey() {
  return crypto.randomUUID ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function request(method, path, { query, body, ifMatch, idempotencyKey, auth = true, signal } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (auth) {
    const tok = accessToken();
    if (!tok) {
      reauthenticate();
      throw new ApiProblem({ status: 401, detail: t('problem.signIn') });
    }
    headers.Authorization = `Bearer ${tok}`;
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (ifMatch) headers['If-Match'] = ifMatch;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey === true ? newKey() : idempotencyKey;
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  const sig = signal && AbortSignal.any ? AbortSignal.any([signal, timeout]) : signal || timeout;
  let res;
  try {
    res = await fetch(url(path, query), {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      signal: sig, credentials: 'omit', cache: 'no-store',
    });
  } catch (e) {
    if (signal && signal.aborted) throw new ApiProblem({ status: 0, detail: t('problem.aborted'), type: 'aborted' });
    if (timeout.aborted) throw new ApiProblem({ status: 0, detail: t('problem.timeout'), type: 'timeout' });
    throw new ApiProblem({ status: 0, detail: t('problem.network'), type: 'network' });
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    if (res.status === 401 && auth) reauthenticate();
    const p = data && typeof data === 'object' ? data : {};
    const { status, title, detail, type, invalidParams, ...extra } = p;
    throw new ApiProblem({
      status: res.status, title: title || res.statusText, type, invalidParams, extra,
      detail: detail || fallbackDetail(res.status),
    });
  }
  if (data && typeof data === 'object') {
    Object.defineProperty(data, 'etag', { value: res.headers.get('ETag'), enumerable: false });
  }
  return data;
}

function fallbackDetail(status) {
  if (status === 403) return t('problem.forbidden');
  if (status === 404) return t('problem.notFound');
  if (status === 409 || status === 412) return t('problem.conflict');
  return t('problem.status', { status });
}

export const api = {
  get(path, query, opts = {}) {
    return request('GET', path, { ...opts, query });
  },
  send(method, path, body, opts = {}) {
    return request(method, path, { ...opts, body });
  },
  // Follows _links.next from page to page: for await (const page of api.pages(...)).
  async *pages(path, query, opts = {}) {
    let next = url(path, query);
    for (let i = 0; next && i < 1000; i++) {
      const page = await request('GET', next, opts);
      yield page;
      next = nextHref(page);
    }
  },
};

// The next page's path (same origin) from a list answer, or null.
export function nextHref(page) {
  const href = page && page._links && page._links.next && page._links.next.href;
  if (!href) return null;
  const u = new URL(href, location.origin);
  return u.pathname + u.search;
}
