// The local provider's settings: a JSON file (optional) overridden by
// KOERS_IDP_* environment variables, checked before anything starts.
import * as fs from 'node:fs';
import * as path from 'node:path';

const ALGS = new Set(['RS256', 'PS256', 'ES256']);

function fail(msg) {
  throw new Error(`idp configuration: ${msg}`);
}

function strings(v, what) {
  if (v === undefined) return [];
  if (typeof v === 'string') return v.split(/\s+/).filter(Boolean);
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(`${what} must be a list of strings`);
  return v;
}

function absoluteUrl(u, what) {
  let url;
  try {
    url = new URL(u);
  } catch {
    fail(`${what} is not a URL: ${u}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(`${what} must be http(s): ${u}`);
  if (url.hash) fail(`${what} must not have a fragment`);
  return u;
}

// Reads `file` (may be undefined), applies the environment `env`, fills the
// defaults and checks the result; relative data_dir is taken from `base`.
// Throws an Error naming the wrong setting (never a password).
export function loadConfig(file, env, base) {
  let cfg = {};
  if (file) {
    try {
      cfg = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      fail(`cannot read ${file}: ${e.message}`);
    }
    base = path.dirname(path.resolve(file));
  }
  const pick = (name, key) => (env[name] !== undefined && env[name] !== '' ? env[name] : cfg[key]);
  const out = {};
  out.port = parseInt(pick('KOERS_IDP_PORT', 'port') ?? 9400, 10);
  if (!(out.port > 0 && out.port < 65536)) fail('port must be 1..65535');
  out.host = pick('KOERS_IDP_HOST', 'host') || '127.0.0.1';
  out.issuer = absoluteUrl(pick('KOERS_IDP_ISSUER', 'issuer') || `http://127.0.0.1:${out.port}`, 'issuer');
  if (out.issuer.endsWith('/')) fail('issuer must not end with "/"');
  out.data_dir = path.resolve(base, pick('KOERS_IDP_DATA_DIR', 'data_dir') || 'data');
  out.signing_alg = pick('KOERS_IDP_SIGNING_ALG', 'signing_alg') || 'RS256';
  if (!ALGS.has(out.signing_alg)) fail('signing_alg must be RS256, PS256 or ES256');
  out.audience = pick('KOERS_IDP_AUDIENCE', 'audience') || 'koers-api';
  out.roles_claim = cfg.roles_claim || 'roles';
  if (!/^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*$/.test(out.roles_claim)) fail('roles_claim must be a dotted path');
  out.access_token_ttl = parseInt(cfg.access_token_ttl ?? 3600, 10);
  if (!(out.access_token_ttl >= 30 && out.access_token_ttl <= 86400)) fail('access_token_ttl must be 30..86400');
  out.keep_keys = parseInt(cfg.keep_keys ?? 3, 10);
  if (!(out.keep_keys >= 2 && out.keep_keys <= 10)) fail('keep_keys must be 2..10');

  const clients = cfg.clients || [];
  if (!Array.isArray(clients) || clients.length === 0) fail('clients: at least one client');
  out.clients = clients.map((c, i) => {
    if (!c || typeof c.client_id !== 'string' || !c.client_id) fail(`clients[${i}].client_id missing`);
    const redirect = strings(c.redirect_uris, `clients[${i}].redirect_uris`).map((u) => absoluteUrl(u, 'redirect_uri'));
    if (redirect.length === 0) fail(`clients[${i}].redirect_uris: at least one`);
    return {
      client_id: c.client_id,
      client_name: c.client_name,
      redirect_uris: redirect,
      post_logout_redirect_uris: strings(c.post_logout_redirect_uris, `clients[${i}].post_logout_redirect_uris`)
        .map((u) => absoluteUrl(u, 'post_logout_redirect_uri')),
    };
  });

  let users = cfg.users || [];
  if (!Array.isArray(users)) fail('users must be a list');
  // demo_roles: one user per role (username = role, provider role
  // "koers-<role>"), all with the password of KOERS_IDP_DEMO_PASSWORD
  if (cfg.demo_roles !== undefined) {
    const password = env.KOERS_IDP_DEMO_PASSWORD;
    if (!password) fail('demo_roles needs KOERS_IDP_DEMO_PASSWORD');
    const domain = cfg.demo_email_domain || 'example.invalid';
    users = users.concat(strings(cfg.demo_roles, 'demo_roles').map((r) => {
      const dashed = r.replace(/_/g, '-');
      return {
        username: r, password, sub: `demo-${dashed}`, roles: [`koers-${r}`],
        name: `Demo ${r.replace(/_/g, ' ')}`, email: `demo-${dashed}@${domain}`,
      };
    }));
  }
  const seen = new Set();
  out.users = users.map((u, i) => {
    if (!u || typeof u.username !== 'string' || !u.username) fail(`users[${i}].username missing`);
    if (typeof u.password !== 'string' || u.password.length < 8) fail(`users[${i}].password: 8 characters at least`);
    if (seen.has(u.username)) fail(`users[${i}]: username used twice`);
    seen.add(u.username);
    return {
      username: u.username,
      password: u.password,
      sub: u.sub || u.username,
      roles: strings(u.roles, `users[${i}].roles`),
      name: u.name || u.username,
      email: u.email || `${u.username}@example.invalid`,
      claims: typeof u.claims === 'object' && u.claims !== null && !Array.isArray(u.claims) ? u.claims : {},
    };
  });
  return out;
}
