// Staff sign-in: the workplace is a public OpenID Connect client of the
// tenant's provider (authorization code + PKCE S256, state and nonce), with
// no Koers endpoint in between and no client secret.
//
//   GET /iam/v1/sign-in/{tenant}  -> issuer, client id, scopes, redirect URIs
//   issuer/.well-known/openid-configuration (CORS) -> the endpoints
//   authorization_endpoint (redirect) -> /workplace/callback?code&state
//   token_endpoint (CORS, code + verifier) -> access and ID token
//   GET /iam/v1/me -> sub, roles, name
//
// Storage: the tenant slug in localStorage (not a secret). The PKCE verifier,
// state and nonce in sessionStorage during the redirect only; the tokens in
// sessionStorage ('koers.session': they die with the tab), never in
// localStorage and never in a URL. Sign-out clears them and ends the
// provider's session (end_session_endpoint, id_token_hint).

const TENANT_KEY = 'koers.tenant';
const PENDING_KEY = 'koers.oidc.pending';
const SESSION_KEY = 'koers.session';
const RETURN_KEY = 'koers.returnTo';
export const CALLBACK_PATH = '/workplace/callback';
export const HOME_PATH = '/workplace/';

export class SignInError extends Error {
  constructor(message, detail) {
    super(message);
    this.name = 'SignInError';
    this.detail = detail || message;
  }
}

function b64url(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(n = 32) {
  return b64url(crypto.getRandomValues(new Uint8Array(n)));
}

async function pkceChallenge(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return b64url(new Uint8Array(digest));
}

function readJson(storage, key) {
  try {
    const v = storage.getItem(key);
    return v ? JSON.parse(v) : null;
  } catch {
    return null;
  }
}

export function getTenant() {
  try {
    return localStorage.getItem(TENANT_KEY) || '';
  } catch {
    return '';
  }
}

export function setTenant(slug) {
  try {
    localStorage.setItem(TENANT_KEY, slug);
  } catch {
    /* ignore: asked again next time */
  }
}

// The current session ({accessToken, idToken, expiresAt, tenant, ...}) or
// null when there is none or it expired.
export function session() {
  const s = readJson(sessionStorage, SESSION_KEY);
  if (!s || !s.accessToken) return null;
  if (s.expiresAt && Date.now() > s.expiresAt - 10e3) return null;
  return s;
}

export function accessToken() {
  const s = session();
  return s ? s.accessToken : null;
}

async function fetchJson(url, init, what) {
  let res;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(15e3) });
  } catch {
    throw new SignInError(`${what} is not reachable`);
  }
  let body = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const detail = (body && (body.detail || body.error_description || body.error)) || `HTTP ${res.status}`;
    throw new SignInError(`${what}: ${detail}`, detail);
  }
  return body;
}

// The tenant's providers as GET /iam/v1/sign-in/{tenant} answers them.
export async function providers(tenant) {
  const r = await fetchJson(`/iam/v1/sign-in/${encodeURIComponent(tenant)}`,
    { headers: { Accept: 'application/json' } }, 'Koers sign-in');
  return r.items || [];
}

async function discover(provider) {
  const wellKnown = provider.issuer.replace(/\/$/, '') + '/.well-known/openid-configuration';
  let doc;
  try {
    doc = await fetchJson(wellKnown, {}, 'The identity provider');
  } catch (e) {
    // The registered discovery URL may be a back-channel name the browser
    // cannot reach; the issuer's well-known document is tried first.
    if (!provider.discoveryUrl || provider.discoveryUrl === wellKnown) throw e;
    doc = await fetchJson(provider.discoveryUrl, {}, 'The identity provider');
  }
  if (doc.issuer !== provider.issuer) {
    throw new SignInError('The identity provider names another issuer');
  }
  return doc;
}

function pickUri(uris, path) {
  const list = uris || [];
  const want = location.origin + path;
  return list.find((u) => u === want) || list.find((u) => u.startsWith(location.origin + '/')) || list[0];
}

// Sends the browser to the provider's sign-in page. returnTo is the path to
// come back to after the callback.
export async function signIn(tenant, provider, returnTo) {
  const p = provider || (await providers(tenant))[0];
  if (!p) throw new SignInError('This municipality has no sign-in provider');
  const doc = await discover(p);
  const redirectUri = pickUri(p.redirectUris, CALLBACK_PATH);
  if (!redirectUri) throw new SignInError('No redirect URI is registered for the workplace');
  const verifier = randomString(48);
  const state = randomString(24);
  const nonce = randomString(24);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({
    verifier, state, nonce, tenant, issuer: p.issuer, clientId: p.clientId, redirectUri,
    tokenEndpoint: doc.token_endpoint, endSession: doc.end_session_endpoint || null,
    postLogout: pickUri(p.postLogoutRedirectUris, HOME_PATH) || null,
    returnTo: safeReturn(returnTo),
  }));
  const q = new URLSearchParams({
    response_type: 'code', client_id: p.clientId, redirect_uri: redirectUri,
    scope: p.scopes || 'openid', state, nonce,
    code_challenge: await pkceChallenge(verifier), code_challenge_method: 'S256',
  });
  location.assign(`${doc.authorization_endpoint}?${q}`);
}

function safeReturn(p) {
  return typeof p === 'string' && p.startsWith('/workplace/') && !p.startsWith(CALLBACK_PATH) ? p : HOME_PATH;
}

function jwtPayload(jwt) {
  const part = (jwt || '').split('.')[1];
  if (!part) return null;
  try {
    const s = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(decodeURIComponent(escape(s)));
  } catch {
    return null;
  }
}

// Completes the sign-in on the redirect URI; returns the path to go to.
// Throws SignInError when the answer does not belong to our request.
export async function handleCallback() {
  const q = new URLSearchParams(location.search);
  const pending = readJson(sessionStorage, PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  // The code never stays in the address bar or the history.
  history.replaceState(null, '', CALLBACK_PATH);
  if (q.get('error')) throw new SignInError(q.get('error_description') || q.get('error'));
  if (!pending) throw new SignInError('No sign-in was started in this tab');
  if (!q.get('state') || q.get('state') !== pending.state) throw new SignInError('The sign-in answer does not match (state)');
  if (q.get('iss') && q.get('iss') !== pending.issuer) throw new SignInError('The sign-in answer comes from another provider');
  const code = q.get('code');
  if (!code) throw new SignInError('The provider sent no code');
  const tokens = await fetchJson(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code, redirect_uri: pending.redirectUri,
      client_id: pending.clientId, code_verifier: pending.verifier,
    }),
  }, 'The identity provider');
  const id = jwtPayload(tokens.id_token);
  if (!id || id.nonce !== pending.nonce) throw new SignInError('The ID token does not match (nonce)');
  if (id.iss !== pending.issuer) throw new SignInError('The ID token comes from another issuer');
  if (!tokens.access_token) throw new SignInError('The provider sent no access token');
  sessionStorage.setItem(SESSION_KEY, JSON.stringify({
    accessToken: tokens.access_token, idToken: tokens.id_token,
    expiresAt: Date.now() + (Number(tokens.expires_in) || 300) * 1000,
    tenant: pending.tenant, issuer: pending.issuer, clientId: pending.clientId,
    endSession: pending.endSession, postLogout: pending.postLogout,
  }));
  meCache = null;
  const back = sessionStorage.getItem(RETURN_KEY);
  sessionStorage.removeItem(RETURN_KEY);
  return safeReturn(back || pending.returnTo);
}

let meCache = null;

// GET /iam/v1/me for the current session: {sub, tenant, roles, name, email}.
export async function me(api) {
  if (!session()) return null;
  if (!meCache) meCache = api.get('/iam/v1/me').catch((e) => { meCache = null; throw e; });
  return meCache;
}

export function clearSession() {
  sessionStorage.removeItem(SESSION_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  meCache = null;
}

// Called on a 401 from an API: forget the tokens, remember where the user
// was and start the sign-in again (silent while the provider's session lasts).
export function reauthenticate() {
  const where = location.pathname + location.search + location.hash;
  clearSession();
  sessionStorage.setItem(RETURN_KEY, safeReturn(where));
  const tenant = getTenant();
  if (tenant) {
    signIn(tenant, null, where).catch(() => location.assign('/'));
  } else {
    location.assign('/');
  }
}

// Signs out: the tokens go, then the provider ends its session and sends
// the browser to the post-logout URI.
export function signOut() {
  const s = readJson(sessionStorage, SESSION_KEY);
  clearSession();
  if (s && s.endSession) {
    const q = new URLSearchParams({ client_id: s.clientId });
    if (s.idToken) q.set('id_token_hint', s.idToken);
    if (s.postLogout) q.set('post_logout_redirect_uri', s.postLogout);
    location.assign(`${s.endSession}?${q}`);
  } else {
    location.assign('/');
  }
}

export function hasRole(meInfo, roles) {
  if (!roles || roles.length === 0) return true;
  const mine = (meInfo && meInfo.roles) || [];
  return roles.some((r) => mine.includes(r));
}
