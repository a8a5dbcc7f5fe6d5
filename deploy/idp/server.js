// Koers' local OpenID Connect provider: `oidc-provider` with the tenant's
// public client (authorization code + PKCE S256), a handful of users, JWT
// access tokens for the Koers API (aud = the configured audience; roles,
// name and email claims), signing keys kept in a data folder and rotated
// while running. For `make up`, the black-box tests and
// `docker-compose --profile idp`; NEVER for production (users and passwords
// come from a JSON file).
//
//   node server.js [--config FILE]          serve (FILE or $KOERS_IDP_CONFIG)
//   node server.js rotate [--config FILE]   rotate the signing key: a running
//       server (pid in the data folder) gets SIGHUP; otherwise the key files
//       are rotated for its next start
//   kill -HUP <pid>                          rotate while running
//
// Configuration (JSON; environment variables override):
//   issuer            KOERS_IDP_ISSUER    http://127.0.0.1:<port>
//   host              KOERS_IDP_HOST      127.0.0.1 (the address listened on)
//   port              KOERS_IDP_PORT      9400
//   data_dir          KOERS_IDP_DATA_DIR  ./data (signing and cookie keys, pid)
//   signing_alg       KOERS_IDP_SIGNING_ALG  RS256 | PS256 | ES256
//   audience          KOERS_IDP_AUDIENCE  the "aud" of every access token
//   roles_claim       "roles" (a dotted path such as "realm_access.roles"
//                     nests it the way Keycloak does)
//   access_token_ttl  seconds (3600)
//   keep_keys         signing keys kept in the JWKS, the newest signs (3)
//   clients           [{client_id, redirect_uris, post_logout_redirect_uris}]
//                     public clients: no secret, PKCE S256 required
//   users             [{username, password, roles: ["koers-coordinator"],
//                       name, email, sub (default: the username),
//                       claims: {more claims of the user's access tokens}}]
//   demo_roles        ["coordinator", ...]: one more user per role (username =
//                     role, provider role "koers-<role>", sub "demo-<role>"),
//                     password KOERS_IDP_DEMO_PASSWORD (docker-compose)
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import Provider from 'oidc-provider';

import { loadConfig } from './lib/config.js';
import { loadOrCreateKeys, rotateKeys, publicJwks } from './lib/keys.js';
import { render, loginPage, messagePage, logoutPage, STYLE } from './lib/pages.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const RESOURCE = 'urn:koers:api';
// the one scope of the Koers API as a resource server (granted at once)
const RESOURCE_SCOPE = 'koers';
const MAX_FORM_BYTES = 8192;

function log(msg) {
  process.stdout.write(`${new Date().toISOString()} idp: ${msg}\n`);
}

function argValue(argv, name) {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : undefined;
}

// Sets `value` at a dotted path ("realm_access.roles") in `obj`.
function setPath(obj, dotted, value) {
  const parts = dotted.split('.');
  let o = obj;
  for (const p of parts.slice(0, -1)) {
    if (typeof o[p] !== 'object' || o[p] === null) o[p] = {};
    o = o[p];
  }
  o[parts[parts.length - 1]] = value;
  return obj;
}

// Compares two strings in time independent of where they differ.
function sameSecret(a, b) {
  const da = crypto.createHash('sha256').update(String(a)).digest();
  const db = crypto.createHash('sha256').update(String(b)).digest();
  return crypto.timingSafeEqual(da, db);
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    const type = (req.headers['content-type'] || '').split(';')[0].trim();
    if (type !== 'application/x-www-form-urlencoded') {
      reject(Object.assign(new Error('form expected'), { status: 415 }));
      return;
    }
    let size = 0;
    const chunks = [];
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_FORM_BYTES) {
        reject(Object.assign(new Error('form too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

// The provider for the current key set; made again on every rotation (its
// sessions, interactions and grants live in the module-wide memory adapter,
// so they survive the swap).
function makeProvider(cfg, keys, cookieKeys) {
  const users = new Map(cfg.users.map((u) => [u.sub, u]));
  const redirectOrigins = new Set();
  for (const c of cfg.clients) {
    for (const u of [...c.redirect_uris, ...c.post_logout_redirect_uris]) redirectOrigins.add(new URL(u).origin);
  }
  const signingKid = keys.keys[0].kid;

  const provider = new Provider(cfg.issuer, {
    clients: cfg.clients.map((c) => ({
      client_id: c.client_id,
      client_name: c.client_name || c.client_id,
      redirect_uris: c.redirect_uris,
      post_logout_redirect_uris: c.post_logout_redirect_uris,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: cfg.signing_alg,
    })),
    jwks: keys,
    cookies: { keys: cookieKeys },
    pkce: { methods: ['S256'], required: () => true },
    responseTypes: ['code'],
    scopes: ['openid', 'profile', 'email', 'roles', RESOURCE_SCOPE],
    claims: {
      openid: ['sub'],
      profile: ['name'],
      email: ['email'],
      roles: [cfg.roles_claim.split('.')[0]],
    },
    conformIdTokenClaims: false,
    ttl: {
      AccessToken: cfg.access_token_ttl,
      IdToken: cfg.access_token_ttl,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
    },
    async findAccount(ctx, sub) {
      const u = users.get(sub);
      if (!u) return undefined;
      return {
        accountId: sub,
        async claims() {
          return setPath({ sub, name: u.name, email: u.email }, cfg.roles_claim, u.roles);
        },
      };
    },
    async extraTokenClaims(ctx, token) {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      const u = users.get(token.accountId);
      if (!u) return undefined;
      return setPath({ ...u.claims, name: u.name, email: u.email }, cfg.roles_claim, u.roles);
    },
    // first-party clients: consent is given at once for everything asked
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      let grant = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
      if (!grant || grant.accountId !== ctx.oidc.session.accountId) {
        grant = new ctx.oidc.provider.Grant({
          clientId: ctx.oidc.client.clientId,
          accountId: ctx.oidc.session.accountId,
        });
      }
      grant.addOIDCScope('openid profile email roles');
      grant.addOIDCClaims(['sub', 'name', 'email', cfg.roles_claim.split('.')[0]]);
      grant.addResourceScope(RESOURCE, RESOURCE_SCOPE);
      await grant.save();
      return grant;
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.set('Content-Security-Policy', csp(redirectOrigins));
          ctx.body = logoutPage(form);
        },
        async postLogoutSuccessSource(ctx) {
          ctx.set('Content-Security-Policy', csp(redirectOrigins));
          ctx.body = messagePage('Signed out', 'You are signed out.');
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo(ctx, indicator) {
          if (indicator !== RESOURCE) throw new Provider.errors.InvalidTarget();
          return {
            scope: RESOURCE_SCOPE,
            audience: cfg.audience,
            accessTokenTTL: cfg.access_token_ttl,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: cfg.signing_alg, kid: signingKid } },
          };
        },
      },
    },
    // the workplace (a public client in the browser) calls the token
    // endpoint from its own origin: only the registered ones
    clientBasedCORS(ctx, origin, client) {
      return client.redirectUris.some((u) => new URL(u).origin === origin);
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.set('Content-Security-Policy', csp(redirectOrigins));
      ctx.body = messagePage('Sign-in error', `${out.error}: ${out.error_description || ''}`);
    },
  });
  return provider;
}

function csp(formOrigins) {
  // no script at all; the sign-in and sign-out forms post to this origin and
  // are then redirected to a registered client
  const targets = ["'self'", ...formOrigins].join(' ');
  return `default-src 'none'; style-src 'self'; img-src 'self'; form-action ${targets}; `
    + "frame-ancestors 'none'; base-uri 'none'";
}

function securityHeaders(res, formOrigins) {
  res.setHeader('Content-Security-Policy', csp(formOrigins));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
}

async function serve(cfg) {
  fs.mkdirSync(cfg.data_dir, { recursive: true, mode: 0o700 });
  const cookieKeysFile = path.join(cfg.data_dir, 'cookie-keys.json');
  if (!fs.existsSync(cookieKeysFile)) {
    fs.writeFileSync(cookieKeysFile, JSON.stringify([crypto.randomBytes(32).toString('base64url')]), { mode: 0o600 });
  }
  const cookieKeys = JSON.parse(fs.readFileSync(cookieKeysFile, 'utf8'));
  let keys = loadOrCreateKeys(cfg.data_dir, cfg.signing_alg, log);
  let provider = makeProvider(cfg, keys, cookieKeys);
  let callback = provider.callback();
  const users = new Map(cfg.users.map((u) => [u.username, u]));
  const formOrigins = new Set();
  for (const c of cfg.clients) {
    for (const u of [...c.redirect_uris, ...c.post_logout_redirect_uris]) formOrigins.add(new URL(u).origin);
  }

  function rotate() {
    try {
      keys = rotateKeys(cfg.data_dir, cfg.signing_alg, cfg.keep_keys, log);
      provider = makeProvider(cfg, keys, cookieKeys);
      callback = provider.callback();
      log(`signing key rotated: now ${keys.keys[0].kid} (${keys.keys.length} keys in the JWKS)`);
    } catch (e) {
      log(`rotation failed: ${e.message}`);
    }
  }
  process.on('SIGHUP', rotate);

  async function interaction(req, res, url) {
    const m = url.pathname.match(/^\/interaction\/([A-Za-z0-9_-]{1,64})(\/login|\/abort)?$/);
    if (!m) return false;
    securityHeaders(res, formOrigins);
    const p = provider;
    let details;
    try {
      details = await p.interactionDetails(req, res);
    } catch (e) {
      render(res, 400, messagePage('Sign-in expired', 'This sign-in has expired or is unknown: start again from the application.'));
      return true;
    }
    if (details.uid !== m[1]) {
      render(res, 400, messagePage('Sign-in expired', 'This sign-in does not match: start again from the application.'));
      return true;
    }
    const action = `/interaction/${details.uid}/login`;
    const clientId = details.params.client_id;
    if (m[2] === '/abort') {
      await p.interactionFinished(req, res, { error: 'access_denied', error_description: 'sign-in cancelled' },
        { mergeWithLastSubmission: false });
      return true;
    }
    if (details.prompt.name !== 'login') {
      // consent (only when the grant lacks something): first-party, granted
      const grant = details.grantId ? await p.Grant.find(details.grantId)
        : new p.Grant({ accountId: details.session.accountId, clientId });
      grant.addOIDCScope('openid profile email roles');
      grant.addResourceScope(RESOURCE, RESOURCE_SCOPE);
      const grantId = await grant.save();
      await p.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return true;
    }
    if (req.method === 'GET' && !m[2]) {
      render(res, 200, loginPage({ action, clientId, abort: `/interaction/${details.uid}/abort` }));
      return true;
    }
    if (req.method !== 'POST' || m[2] !== '/login') {
      res.setHeader('Allow', 'GET, POST');
      render(res, 405, messagePage('Not allowed', 'Use the sign-in form.'));
      return true;
    }
    let form;
    try {
      form = await readForm(req);
    } catch (e) {
      render(res, e.status || 400, messagePage('Sign-in', 'The form could not be read.'));
      return true;
    }
    const username = form.get('username') || '';
    const password = form.get('password') || '';
    const user = users.get(username);
    // the password is compared even for an unknown user: the same work
    const ok = sameSecret(password, user ? user.password : crypto.randomBytes(16).toString('hex')) && user;
    if (!ok) {
      log('sign-in refused (wrong username or password)');
      render(res, 401, loginPage({
        action, clientId, abort: `/interaction/${details.uid}/abort`, username, error: 'Wrong username or password.',
      }));
      return true;
    }
    log(`signed in: ${user.sub}`);
    await p.interactionFinished(req, res, { login: { accountId: user.sub, remember: false } },
      { mergeWithLastSubmission: false });
    return true;
  }

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://x');
      if (url.pathname === '/healthz') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('ok\n');
        return;
      }
      if (url.pathname === '/idp-assets/style.css') {
        res.writeHead(200, { 'Content-Type': 'text/css', 'Cache-Control': 'max-age=3600' });
        res.end(STYLE);
        return;
      }
      if (url.pathname.startsWith('/interaction/')) {
        if (await interaction(req, res, url)) return;
      }
      callback(req, res);
    } catch (e) {
      log(`error: ${e.message}`);
      if (!res.headersSent) render(res, 500, messagePage('Error', 'Something went wrong.'));
      else res.end();
    }
  });
  server.requestTimeout = 30000;
  server.headersTimeout = 10000;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.port, cfg.host, resolve);
  });
  const pidFile = path.join(cfg.data_dir, 'idp.pid');
  fs.writeFileSync(pidFile, `${process.pid}\n`);
  log(`listening on ${cfg.host}:${cfg.port}, issuer ${cfg.issuer}, signing ${cfg.signing_alg} key ${keys.keys[0].kid}, `
    + `${cfg.clients.length} client(s), ${cfg.users.length} user(s)`);

  const stop = (sig) => {
    log(`${sig}: stopping`);
    try { fs.unlinkSync(pidFile); } catch { /* gone */ }
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

function rotateCommand(cfg) {
  const pidFile = path.join(cfg.data_dir, 'idp.pid');
  let pid = 0;
  try { pid = parseInt(fs.readFileSync(pidFile, 'utf8'), 10); } catch { /* not running */ }
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGHUP');
      console.log(`idp: asked the running provider (pid ${pid}) to rotate its signing key`);
      return;
    } catch { /* stale pid file */ }
  }
  const keys = rotateKeys(cfg.data_dir, cfg.signing_alg, cfg.keep_keys, log);
  console.log(`idp: rotated in ${cfg.data_dir}: ${keys.keys[0].kid} signs from the next start`);
}

const argv = process.argv.slice(2);
const cfg = loadConfig(argValue(argv, '--config') || process.env.KOERS_IDP_CONFIG, process.env, here);
if (argv[0] === 'rotate') {
  rotateCommand(cfg);
} else if (argv[0] === 'jwks') {
  console.log(JSON.stringify(publicJwks(loadOrCreateKeys(cfg.data_dir, cfg.signing_alg, () => {})), null, 2));
} else {
  serve(cfg).catch((e) => {
    log(`cannot start: ${e.message}`);
    process.exit(1);
  });
}
