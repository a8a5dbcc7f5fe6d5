// Signing keys of the local provider, kept in <data_dir>/signing-keys.json
// (private JWKs, mode 0600), the newest first: the newest signs, the older
// ones stay in the published JWKS so that tokens signed before a rotation
// still verify until they expire.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const FILE = 'signing-keys.json';

// RFC 7638 thumbprint: the kid of a key.
function thumbprint(jwk) {
  const members = jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
    : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return crypto.createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

// A new private JWK for `alg` (RS256/PS256: RSA 2048; ES256: P-256).
export function newKey(alg) {
  const { privateKey } = alg === 'ES256'
    ? crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: thumbprint(jwk), alg, use: 'sig' };
}

function save(dir, keys) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(keys), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

// The key set of `dir`; made (one key for `alg`) when there is none. A set
// whose newest key is for another alg gets a new key for `alg` in front.
export function loadOrCreateKeys(dir, alg, log) {
  const file = path.join(dir, FILE);
  let keys;
  if (fs.existsSync(file)) {
    keys = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!Array.isArray(keys.keys) || keys.keys.length === 0) throw new Error(`${file}: no keys`);
    if (keys.keys[0].alg !== alg) {
      keys = { keys: [newKey(alg), ...keys.keys] };
      save(dir, keys);
      log(`new ${alg} signing key ${keys.keys[0].kid} (the configured algorithm changed)`);
    }
  } else {
    keys = { keys: [newKey(alg)] };
    save(dir, keys);
    log(`first start: ${alg} signing key ${keys.keys[0].kid} made in ${dir}`);
  }
  return keys;
}

// Puts a new key for `alg` in front of the set of `dir`, keeping `keep` keys
// in all; returns the new set.
export function rotateKeys(dir, alg, keep, log) {
  const old = loadOrCreateKeys(dir, alg, log);
  const keys = { keys: [newKey(alg), ...old.keys].slice(0, keep) };
  save(dir, keys);
  return keys;
}

// The public half of a key set (what /jwks publishes).
export function publicJwks(keys) {
  return {
    keys: keys.keys.map((k) => {
      const pub = crypto.createPublicKey({ key: k, format: 'jwk' }).export({ format: 'jwk' });
      return { ...pub, kid: k.kid, alg: k.alg, use: 'sig' };
    }),
  };
}
