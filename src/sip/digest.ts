/**
 * HTTP Digest for SIP (RFC 2617, RFC 7616, RFC 8760): MD5 and SHA-256 (and their -sess forms),
 * qop=auth or none, nc counting while a nonce is reused, a fresh cnonce, opaque echoed.
 */
import * as crypto from 'crypto';
import { Random, systemRandom } from '../util/random';
import { Challenge, detached } from './codec/header-values';

/** The digest algorithms we answer, spelled as they go back in the Authorization header. */
export type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess';

const ALGORITHMS: Record<string, DigestAlgorithm> = {
  md5: 'MD5',
  'md5-sess': 'MD5-sess',
  'sha-256': 'SHA-256',
  'sha-256-sess': 'SHA-256-sess',
};

/** A challenge we can answer, read from WWW-Authenticate or Proxy-Authenticate, with the defaults filled in (MD5, no qop). */
export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly algorithm: DigestAlgorithm;
  /** Whether the algorithm parameter was sent (echo it only then). */
  readonly algorithmGiven: boolean;
  readonly qop: 'auth' | undefined;
  readonly opaque: string | undefined;
  readonly stale: boolean;
}

/** Reads a Digest challenge we can answer; undefined for other schemes, algorithms or qop. */
export function readChallenge(c: Challenge): DigestChallenge | undefined {
  if (c.scheme !== 'digest') return undefined;
  const realm = c.params.get('realm');
  const nonce = c.params.get('nonce');
  if (realm === undefined || nonce === undefined) return undefined;
  const algName = c.params.get('algorithm');
  const algorithm = algName === undefined ? 'MD5' : ALGORITHMS[algName.toLowerCase()];
  if (algorithm === undefined) return undefined;
  const qopList = c.params.get('qop');
  let qop: 'auth' | undefined;
  if (qopList !== undefined) {
    if (!offersAuth(qopList)) return undefined;
    qop = 'auth';
  }
  // Kept for as long as the nonce is reused: copies that do not hold the whole challenge text.
  const opaque = c.params.get('opaque');
  return { realm: detached(realm), nonce: detached(nonce), algorithm, algorithmGiven: algName !== undefined, qop, opaque: opaque !== undefined ? detached(opaque) : undefined, stale: (c.params.get('stale') ?? '').toLowerCase() === 'true' };
}

/** Whether a qop list offers `auth`: `list.split(',').map((q) => q.trim().toLowerCase()).includes('auth')` without the arrays and the closure. */
function offersAuth(list: string): boolean {
  let start = 0;
  for (;;) {
    const comma = list.indexOf(',', start);
    if ((comma < 0 ? list.slice(start) : list.slice(start, comma)).trim().toLowerCase() === 'auth') return true;
    if (comma < 0) return false;
    start = comma + 1;
  }
}

/** Of several challenges, the one to answer: SHA-256 before MD5 (RFC 8760 §2.4). */
export function chooseChallenge(challenges: readonly Challenge[]): DigestChallenge | undefined {
  // The first usable SHA-256 one, else the first usable one: what a stable sort by rank put first
  // (without the arrays and the sort for the single challenge of nearly every 401).
  let first: DigestChallenge | undefined;
  for (const c of challenges) {
    const d = readChallenge(c);
    if (d === undefined) continue;
    if (d.algorithm.startsWith('SHA-256')) return d;
    first ??= d;
  }
  return first;
}

/**
 * Node's one-shot `crypto.hash` (Node >= 20.12; string data as UTF-8), else undefined: no Hash object (a JS wrapper and
 * an OpenSSL context per call) for the one hash a REGISTER with credentials computes (profile of a
 * 10,000-server run: createHash/update/digest were ~3% of the main thread).
 */
const oneShot: typeof crypto.hash | undefined = typeof crypto.hash === 'function' ? crypto.hash : undefined;

function h(algorithm: DigestAlgorithm, data: string): string {
  const name = algorithm.startsWith('SHA-256') ? 'sha256' : 'md5';
  return oneShot !== undefined ? oneShot(name, data, 'hex') : crypto.createHash(name).update(data, 'utf8').digest('hex');
}

/**
 * HA1 kept between the requests of one client (RFC 7616 §3.4.2: H(username:realm:password) is the
 * same for every request while the credentials and realm are): one hash fewer per request.
 */
export interface DigestMemo {
  algorithm?: DigestAlgorithm | undefined;
  username?: string | undefined;
  realm?: string | undefined;
  password?: string | undefined;
  ha1?: string | undefined;
}

/**
 * A memo with every field present from the start: one object shape for all of them (profile: a
 * memo filled field by field missed the property caches of every REGISTER with credentials).
 */
export function emptyDigestMemo(): DigestMemo {
  return { algorithm: undefined, username: undefined, realm: undefined, password: undefined, ha1: undefined };
}

/** Everything the `response` value is computed from: the challenge, our credentials, the request, nc and cnonce. */
export interface DigestInput {
  readonly challenge: DigestChallenge;
  readonly username: string;
  readonly password: string;
  readonly method: string;
  readonly uri: string;
  readonly nc: number;
  readonly cnonce: string;
  /** Where HA1 is kept between requests (optional: computed afresh without it). */
  readonly memo?: DigestMemo | undefined;
}

/** H(username:realm:password), from the memo when it holds the same inputs. */
function baseHa1(i: DigestInput): string {
  const { algorithm, realm } = i.challenge;
  const m = i.memo;
  if (m !== undefined && m.ha1 !== undefined && m.algorithm === algorithm && m.username === i.username && m.realm === realm && m.password === i.password) return m.ha1;
  const ha1 = h(algorithm, `${i.username}:${realm}:${i.password}`);
  if (m !== undefined) {
    m.algorithm = algorithm;
    m.username = i.username;
    m.realm = realm;
    m.password = i.password;
    m.ha1 = ha1;
  }
  return ha1;
}

/**
 * The last HA2 = H(method:uri): every REGISTER of one registrar has the same method and
 * Request-URI (profile: createHash/update/digest were ~6% of a 10,000-server registration run,
 * three hashes per request; with this and the HA1 memo, one).
 */
let lastHa2: { algorithm: DigestAlgorithm; method: string; uri: string; value: string } | undefined;

function ha2Of(algorithm: DigestAlgorithm, method: string, uri: string): string {
  const last = lastHa2;
  if (last !== undefined && last.algorithm === algorithm && last.method === method && last.uri === uri) return last.value;
  const value = h(algorithm, `${method}:${uri}`);
  lastHa2 = { algorithm, method, uri, value };
  return value;
}

/** The `response` value (RFC 7616 §3.4.1). */
export function digestResponse(i: DigestInput): string {
  const { algorithm, nonce, qop } = i.challenge;
  let ha1 = baseHa1(i);
  if (algorithm.endsWith('-sess')) ha1 = h(algorithm, `${ha1}:${nonce}:${i.cnonce}`);
  const ha2 = ha2Of(algorithm, i.method, i.uri);
  const ncHex = i.nc.toString(16).padStart(8, '0');
  return qop === 'auth' ? h(algorithm, `${ha1}:${nonce}:${ncHex}:${i.cnonce}:${qop}:${ha2}`) : h(algorithm, `${ha1}:${nonce}:${ha2}`);
}

/** A client nonce for qop=auth: 96 random bits as hex, from the injected source. */
export function newCnonce(random: Random = systemRandom): string {
  return random.hex(12);
}

/** The Authorization / Proxy-Authorization header value. */
export function authorizationValue(i: DigestInput): string {
  const c = i.challenge;
  // One string written in order (not an array of parts joined).
  let v = `Digest username="${i.username}", realm="${c.realm}", nonce="${c.nonce}", uri="${i.uri}", response="${digestResponse(i)}"`;
  if (c.algorithmGiven || c.algorithm !== 'MD5') v += `, algorithm=${c.algorithm}`;
  if (c.qop === 'auth') v += `, qop=auth, nc=${i.nc.toString(16).padStart(8, '0')}, cnonce="${i.cnonce}"`;
  if (c.opaque !== undefined) v += `, opaque="${c.opaque}"`;
  return v;
}
