#!/usr/bin/env node
// Independent test-vector generator for PeerLink Servers for Java.
//
// Every expected value in the generated files is computed by JavaScript itself (JSON.parse,
// JSON.stringify, String(number), Buffer UTF-8, node:crypto Ed25519) so that the Java
// implementation can be checked against the behaviour of the original Node.js servers.
//
// Deterministic: all random data comes from seeded mulberry32 generators (one per topic) and
// Ed25519 signing is deterministic, so running this twice produces byte-identical files.
//
// Usage: node tools/vectors/generate.mjs   (node >= 20, no npm packages)

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT_DIR = path.resolve(HERE, '../../peerlink-core/src/test/resources/vectors');
const GENERATOR = 'tools/vectors/generate.mjs';

// ---------------------------------------------------------------------------------------------
// Utilities
// ---------------------------------------------------------------------------------------------

function assert(cond, msg) {
  if (!cond) throw new Error('assertion failed: ' + msg);
}

/** mulberry32 seeded PRNG. */
class Rng {
  constructor(seed) { this.s = seed >>> 0; }
  u32() {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  next() { return this.u32() / 4294967296; }
  int(n) { return Math.floor(this.next() * n); }          // 0 .. n-1
  range(a, b) { return a + this.int(b - a + 1); }         // a .. b inclusive
  chance(p) { return this.next() < p; }
  pick(arr) { return arr[this.int(arr.length)]; }
  bytes(n) { const b = Buffer.alloc(n); for (let i = 0; i < n; i++) b[i] = this.u32() & 0xff; return b; }
  shuffle(arr) {
    const a = arr.slice();
    for (let i = a.length - 1; i > 0; i--) { const j = this.int(i + 1); [a[i], a[j]] = [a[j], a[i]]; }
    return a;
  }
}

const hex = (buf) => Buffer.from(buf).toString('hex');
const utf8 = (s) => Buffer.from(s, 'utf8');
const observations = [];
function observe(msg) { if (!observations.includes(msg)) observations.push(msg); }

function uniqueNames(cases, file) {
  const seen = new Set();
  for (const c of cases) {
    assert(typeof c.name === 'string' && c.name.length > 0, `${file}: case without name`);
    assert(!seen.has(c.name), `${file}: duplicate case name ${c.name}`);
    seen.add(c.name);
  }
}

function writeVectorFile(file, description, cases, extra = {}) {
  uniqueNames([...cases, ...Object.values(extra).flat()], file);
  const doc = { description, generator: GENERATOR, cases, ...extra };
  const text = JSON.stringify(doc, null, 2) + '\n';
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, file), text, 'utf8');
  return { file, count: cases.length, extra: Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, v.length])) };
}

// ---------------------------------------------------------------------------------------------
// Strict base64 decoder (the CONTRACT, PROTOCOL.md §1) — deliberately NOT Buffer's lenient one.
// Standard (RFC 4648 §4) or URL-safe (§5) alphabet, optional but exact padding, no alphabet mixing.
// Returns a Buffer, or null when invalid. (Non-zero trailing bits are ignored, like RFC 4648 decoders
// that do not check canonical encoding; no vector depends on that.)
// ---------------------------------------------------------------------------------------------

const B64_STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function strictBase64Decode(s) {
  if (typeof s !== 'string') return null;
  let end = s.length;
  while (end > 0 && s[end - 1] === '=') end--;
  const body = s.slice(0, end);
  const pad = s.length - end;
  let std = false, url = false;
  const vals = [];
  for (const ch of body) {
    let v = B64_STD.indexOf(ch);
    if (ch === '+' || ch === '/') std = true;
    if (v < 0) {
      v = B64_URL.indexOf(ch);
      if (v < 0) return null;          // any other character ('=' in the middle, whitespace, non-ASCII)
      url = true;
    }
    vals.push(v);
  }
  if (std && url) return null;
  const rem = body.length % 4;
  if (rem === 1) return null;
  if (pad > 0 && (rem === 0 || pad !== 4 - rem)) return null;
  const out = [];
  for (let i = 0; i + 1 < vals.length; i += 4) {
    const a = vals[i], b = vals[i + 1], c = vals[i + 2], d = vals[i + 3];
    out.push(((a << 2) | (b >> 4)) & 0xff);
    if (c !== undefined) out.push(((b << 4) | (c >> 2)) & 0xff);
    if (d !== undefined) out.push(((c << 6) | d) & 0xff);
  }
  return Buffer.from(out);
}

const b64std = (buf) => Buffer.from(buf).toString('base64');
const b64stdNoPad = (buf) => b64std(buf).replace(/=+$/, '');
const b64url = (buf) => Buffer.from(buf).toString('base64url');
const b64urlPad = (buf) => b64std(buf).replace(/\+/g, '-').replace(/\//g, '_');

// ---------------------------------------------------------------------------------------------
// Ed25519 helpers
// ---------------------------------------------------------------------------------------------

const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function keyFromSeed(seed) {
  assert(seed.length === 32, 'seed must be 32 bytes');
  const priv = crypto.createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const pub = crypto.createPublicKey(priv);
  const der = pub.export({ format: 'der', type: 'spki' });
  assert(der.length === 44 && der.subarray(0, 12).equals(SPKI_PREFIX), 'unexpected SPKI layout');
  return { seed, priv, pub, raw: Buffer.from(der.subarray(12)) };
}

function sign(key, msg) { return crypto.sign(null, msg, key.priv); }

/** Verify like a careful server would with node: raw key -> SPKI -> crypto.verify; any throw = false. */
/** SPKI DER for an Ed25519 key of any length, with correct DER lengths (no trailing garbage). */
function spkiDer(pubRaw) {
  const bitString = Buffer.concat([Buffer.from([0x03, pubRaw.length + 1, 0x00]), pubRaw]);
  const algo = Buffer.from('300506032b6570', 'hex');
  return Buffer.concat([Buffer.from([0x30, algo.length + bitString.length]), algo, bitString]);
}

function verifyRaw(pubRaw, msg, sig, notes) {
  assert(pubRaw.length < 100, 'short-form DER lengths only');
  let pub;
  try {
    pub = crypto.createPublicKey({ key: spkiDer(pubRaw), format: 'der', type: 'spki' });
  } catch (e) {
    if (notes) notes.push(`createPublicKey threw for ${pubRaw.length}-byte key: ${e.message}`);
    return false;
  }
  // The contract (PROTOCOL.md §1): a key that is not exactly 32 bytes fails verification.
  if (pubRaw.length !== 32) {
    if (notes) notes.push(`createPublicKey ACCEPTED a ${pubRaw.length}-byte key`);
    return false;
  }
  try {
    return crypto.verify(null, msg, pub, sig);
  } catch (e) {
    if (notes) notes.push(`crypto.verify threw: ${e.message}`);
    return false;
  }
}

// Curve arithmetic (only to find a y with no x, i.e. an encoding not on the curve).
const P = (1n << 255n) - 19n;
const L = (1n << 252n) + 27742317777372353535851937790883648493n;
function modpow(b, e, m) { let r = 1n; b %= m; while (e > 0n) { if (e & 1n) r = (r * b) % m; b = (b * b) % m; e >>= 1n; } return r; }
const D = ((-121665n * modpow(121666n, P - 2n, P)) % P + P) % P;
function leToBig(buf) { let x = 0n; for (let i = buf.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(buf[i]); return x; }
function bigToLe(x, n) { const b = Buffer.alloc(n); for (let i = 0; i < n; i++) { b[i] = Number(x & 0xffn); x >>= 8n; } return b; }
function isOnCurveEncoding(buf) {
  const y = leToBig(buf) & ((1n << 255n) - 1n);
  if (y >= P) return false;
  const y2 = (y * y) % P;
  const u = (y2 - 1n + P) % P;
  const v = (D * y2 + 1n) % P;
  const x2 = (u * modpow(v, P - 2n, P)) % P;
  if (x2 === 0n) return true;
  return modpow(x2, (P - 1n) / 2n, P) === 1n;
}

// ---------------------------------------------------------------------------------------------
// JSON text writer from a small AST. The AST can express what a JS object cannot (duplicate keys,
// arbitrary number text); the writer randomly uses \u escapes and whitespace so that raw inputs
// differ from the canonical JSON.stringify output. Lone surrogates are ALWAYS written as \u escapes
// (a literal lone surrogate cannot travel in UTF-8), so every input is well-formed Unicode.
// ---------------------------------------------------------------------------------------------

const N = {
  nul: () => ({ t: 'null' }),
  b: (v) => ({ t: 'bool', v }),
  n: (text) => ({ t: 'num', text: String(text) }),
  s: (v) => ({ t: 'str', v }),
  a: (items) => ({ t: 'arr', items }),
  o: (pairs) => ({ t: 'obj', pairs }),
};

/** Plain JS value -> AST (numbers written as String(n)). */
function fromJs(v) {
  if (v === null) return N.nul();
  if (typeof v === 'boolean') return N.b(v);
  if (typeof v === 'number') return N.n(String(v));
  if (typeof v === 'string') return N.s(v);
  if (Array.isArray(v)) return N.a(v.map(fromJs));
  if (typeof v === 'object') {
    if (v.t && ['null', 'bool', 'num', 'str', 'arr', 'obj'].includes(v.t)) return v; // already AST
    return N.o(Object.entries(v).map(([k, x]) => [k, fromJs(x)]));
  }
  throw new Error('fromJs: unsupported ' + typeof v);
}

const WS = [' ', '  ', '\t', '\n', '\r\n', ' \n  ', '\r'];
const SHORT = { 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r' };

function u4(c, upper) { const h = c.toString(16).padStart(4, '0'); return '\\u' + (upper ? h.toUpperCase() : h); }

/** opts: {rng, esc: probability of optional \u escape, ws: probability of whitespace} ; rng may be null => canonical-ish. */
function writeString(s, o) {
  const r = o.rng;
  const maybe = (p) => r !== null && p > 0 && r.chance(p);
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const upper = r ? r.chance(0.5) : false;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      const c2 = s.charCodeAt(i + 1);
      out += maybe(o.esc) ? u4(c, upper) + u4(c2, r.chance(0.5)) : s[i] + s[i + 1];
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += u4(c, upper);                               // lone surrogate: always escaped
    } else if (c === 0x22) {
      out += maybe(o.esc) ? u4(c, upper) : '\\"';
    } else if (c === 0x5c) {
      out += maybe(o.esc) ? u4(c, upper) : '\\\\';
    } else if (c < 0x20) {
      out += (SHORT[c] && !maybe(0.5)) ? SHORT[c] : u4(c, upper);
    } else if (c === 0x2f) {
      out += maybe(o.esc) ? '\\/' : '/';
    } else {
      out += maybe(o.esc) ? u4(c, upper) : s[i];
    }
  }
  return out + '"';
}

function writeJson(node, o = { rng: null, esc: 0, ws: 0 }) {
  const ws = () => (o.rng && o.ws > 0 && o.rng.chance(o.ws)) ? o.rng.pick(WS) : '';
  const w = (n) => {
    switch (n.t) {
      case 'null': return 'null';
      case 'bool': return n.v ? 'true' : 'false';
      case 'num': return n.text;
      case 'str': return writeString(n.v, o);
      case 'arr':
        if (n.items.length === 0) return '[' + ws() + ']';
        return '[' + n.items.map((x) => ws() + w(x) + ws()).join(',') + ']';
      case 'obj':
        if (n.pairs.length === 0) return '{' + ws() + '}';
        return '{' + n.pairs.map(([k, v]) => ws() + writeString(k, o) + ws() + ':' + ws() + w(v) + ws()).join(',') + '}';
      default: throw new Error('bad node ' + n.t);
    }
  };
  return ws() + w(node) + ws();
}

const canonicalText = (node) => writeJson(node, { rng: null, esc: 0, ws: 0 });

// Random content pools ------------------------------------------------------------------------

const STR_ATOMS = [
  'a', 'b', 'Z', '0', '9', ' ', 'hello', 'peer', 'é', 'ß', 'ж', 'ключ', 'Привет', '中', '文字', '한', 'ع',
  '😀', '🎉', '👩‍💻', '🇺🇦', '\u2028', '\u2029', '\u007f', '\u0000', '\u0001', '\u001f', '\u001c', '\b', '\f',
  '\n', '\r', '\t', '"', '\\', '/', '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', '\ude00', '\uffff',
  '\ufffe', '\ue000', '\u00a0', '\ufeff', '\u180e', '\u200b', '\u3000', '<', '>', '&', "'", '|', ',', '=',
  '+', '{', '}', '[', ']', ':', '\u0085', '\u00ff', '\u0100',
];
const KEY_POOL = [
  'a', 'b', 'c', 'id', 'name', 'type', 'value', 'peerId', 'ts', '0', '1', '2', '7', '10', '42', '100', '01',
  '00', '-1', '-0', '1.5', '1e3', ' 1', '4294967294', '4294967295', '4294967296', '9007199254740993', 'ключ',
  '键', '😀', 'é', '__proto__', 'constructor', 'toString', '', ' ', 'a\u0000b', '\ud800', 'a/b', 'x\u2028y',
];

function randomString(r, maxAtoms = 6) {
  let s = '';
  const n = r.int(maxAtoms + 1);
  for (let i = 0; i < n; i++) s += r.pick(STR_ATOMS);
  return s;
}

function randomKey(r) { return r.chance(0.75) ? r.pick(KEY_POOL) : randomString(r, 3); }

const FIXED_NUMBER_TEXTS = [
  '0', '-0', '-0.0', '1', '1.5', '1.50', '0.1', '0.2', String(0.1 + 0.2), '1e21', '1E21', '1e20', '123e18',
  '1e-6', '1e-7', '1.5e-7', '1234.5678e-10', '1741590002123', '9007199254740993', '9007199254740992',
  '123456789012345678901234567890', '5e-324', '4.9e-324', '2.2250738585072014e-308',
  '1.7976931348623157e308', '1e308', '1e400', '-1e400', '100', '1e2', '0.000001', '0.0000001',
  '123456789012345680000', '-1.5e-9', '1.0e+21', '999999999999999999999',
  // extras
  '-1', '-1.5', '1E+2', '1e+2', '1e-0', '0e10', '-0e-5', '0.0', '10e-1', '0.1e1', '-123.456e+2',
  '100000000000000000000', '1e16', '12345678901234567890', '0.000001234', '1.234e-7', '1741590002123.0',
  '1.741590002123e12', '86400', '8.64e4', '2.4703282292062327e-324', '2.4703282292062328e-324',
  '1.7976931348623158e308', '1.7976931348623159e308', '0.1000000000000000055511151231257827021181583404541015625',
  '4294967295', '4294967296', '-9007199254740993', '1e-323', '2.225073858507201e-308', '0.00001', '1e-5',
  '123.456', '3.14159265358979323846264338327950288', '1e-400', '-1e-400', '5E-1', '9.999999999999999e22', '1e23',
];

function randomNumberText(r) {
  switch (r.int(7)) {
    case 0: return r.pick(FIXED_NUMBER_TEXTS);
    case 1: return String(r.range(-1000, 100000));
    case 2: { const s = (r.chance(0.3) ? '-' : '') + r.range(0, 99999) + '.' + String(r.range(0, 999999)).padStart(r.range(1, 6), '0'); return s; }
    case 3: {
      const e = r.range(-330, 330);
      const sign = e < 0 ? '-' : r.pick(['', '+']);
      const mant = r.range(1, 9) + (r.chance(0.5) ? '.' + r.range(0, 99999) : '');
      return (r.chance(0.3) ? '-' : '') + mant + r.pick(['e', 'E']) + sign + Math.abs(e);
    }
    case 4: return String(randomBitsDouble(r, true));
    case 5: return String(r.u32() * 2097152 + (r.u32() & 0x1fffff));
    default: return String(r.range(0, 10) / r.range(1, 12));
  }
}

function randomBitsDouble(r, finiteOnly) {
  const dv = new DataView(new ArrayBuffer(8));
  for (;;) {
    dv.setUint32(0, r.u32());
    dv.setUint32(4, r.u32());
    const x = dv.getFloat64(0);
    if (!finiteOnly || Number.isFinite(x)) return x;
  }
}

function randomValue(r, depth) {
  const k = depth <= 0 ? r.int(4) : r.int(7);
  switch (k) {
    case 0: return r.chance(0.5) ? N.nul() : N.b(r.chance(0.5));
    case 1: return N.n(randomNumberText(r));
    case 2: case 3: return N.s(randomString(r));
    case 4: case 5: {
      const n = r.int(5);
      const pairs = [];
      for (let i = 0; i < n; i++) {
        // occasionally repeat an earlier key on purpose (duplicate keys)
        const key = (pairs.length > 0 && r.chance(0.12)) ? r.pick(pairs)[0] : randomKey(r);
        pairs.push([key, randomValue(r, depth - 1)]);
      }
      return N.o(pairs);
    }
    default: {
      const n = r.int(5);
      const items = [];
      for (let i = 0; i < n; i++) items.push(randomValue(r, depth - 1));
      return N.a(items);
    }
  }
}

function randomObject(r, depth, minPairs = 1, maxPairs = 6) {
  const n = r.range(minPairs, maxPairs);
  const pairs = [];
  for (let i = 0; i < n; i++) {
    const key = (pairs.length > 0 && r.chance(0.1)) ? r.pick(pairs)[0] : randomKey(r);
    pairs.push([key, randomValue(r, depth - 1)]);
  }
  return N.o(pairs);
}

// A realistic identityProfile as the Flutter client sends it (built from seeded data).
function realisticIdentityProfile(r, peerId, variant = 0) {
  const k1 = keyFromSeed(r.bytes(32));
  const agree = r.bytes(32);
  const accountId = 'acc_' + r.bytes(12).toString('hex');
  const deviceId = 'dev-' + r.bytes(8).toString('hex');
  return N.o([
    ['schemaVersion', N.n(variant === 1 ? '2' : '1')],
    ['accountId', N.s(accountId)],
    ['deviceId', N.s(deviceId)],
    ['stableUserId', N.s(peerId)],
    ['publicKey', N.s(b64std(k1.raw))],
    ['agreementPublicKey', N.s(b64std(agree))],
    ['accountIdentity', N.o([
      ['accountId', N.s(accountId)],
      ['displayName', N.s(variant === 1 ? 'Олена 🌻 "Lena"' : 'Анна Петрова 🌸')],
      ['handle', N.s('anna.p/primary')],
      ['avatarHash', N.nul()],
      ['createdAtMs', N.n('1741590000000')],
      ['rootPublicKey', N.s(b64std(r.bytes(32)))],
      ['devices', N.a([
        N.o([['deviceId', N.s(deviceId)], ['label', N.s('Pixel 8 Pro')], ['addedAtMs', N.n('1741590001000')], ['primary', N.b(true)]]),
        N.o([['deviceId', N.s('dev-' + r.bytes(8).toString('hex'))], ['label', N.s('MacBook — «work»')], ['addedAtMs', N.n('1741590001500')], ['primary', N.b(false)]]),
      ])],
      ['deviceCertificate', N.s(b64std(r.bytes(64)))],
    ])],
    ['endpoint', N.o([
      ['endpointId', N.s('ep-' + r.bytes(10).toString('hex'))],
      ['platform', N.s('android')],
      ['push', N.o([['provider', N.s('fcm')], ['tokenHash', N.nul()]])],
    ])],
  ]);
}

/**
 * The identityProfile exactly as the real app builds it (simplegear-org/peerlink, identity_service.dart
 * identityProfileJson and account_identity.dart toJson, PROTOCOL.md §3.4): deviceId == stableUserId == peerId, and
 * after a reinstall or without push the endpoint's endpointId and tokenHash are null (key kept, value null).
 */
function appIdentityProfile(r, peerId, signingKeyBase64, withPush) {
  const accountId = 'acc-' + r.bytes(16).toString('hex');
  const agreement = b64std(r.bytes(32));
  const endpointId = withPush ? crypto.createHash('sha256').update('endpoint:v2:' + peerId + ':token').digest('base64url').slice(0, 32) : null;
  const tokenHash = withPush ? crypto.createHash('sha256').update('fcm-token').digest('hex') : null;
  const device = [['deviceId', N.s(peerId)], ['peerId', N.s(peerId)], ['signingPublicKey', N.s(signingKeyBase64)],
    ['agreementPublicKey', N.s(agreement)]];
  if (withPush) device.push(['endpointId', N.s(endpointId)], ['fcmTokenHash', N.s(tokenHash)]);
  device.push(['createdAtMs', N.n('1741590000000')], ['updatedAtMs', N.n('1741590001000')], ['isCurrentDevice', N.b(true)]);
  return N.o([
    ['schemaVersion', N.n('2')],
    ['accountId', N.s(accountId)],
    ['activeAccountId', N.s(accountId)],
    ['homeAccountId', N.s(accountId)],
    ['deviceId', N.s(peerId)],
    ['stableUserId', N.s(peerId)],
    ['publicKey', N.s(signingKeyBase64)],
    ['agreementPublicKey', N.s(agreement)],
    ['deviceInstallIdHash', N.s(crypto.createHash('sha256').update('install-' + peerId).digest('hex'))],
    ['accountIdentity', N.o([
      ['schemaVersion', N.n('1')],
      ['membershipVersion', N.n('1')],
      ['accountId', N.s(accountId)],
      ['displayName', N.s('Анна')],
      ['devices', N.a([N.o(device)])],
    ])],
    ['endpoint', N.o([
      ['endpointId', withPush ? N.s(endpointId) : N.nul()],
      ['push', N.o([['provider', N.s('fcm')], ['tokenHash', withPush ? N.s(tokenHash) : N.nul()]])],
    ])],
  ]);
}

/** The app's peerId: the first 32 characters of base64url(SHA-256("uid:v2:<key>:<installId>")). */
function appPeerId(signingKeyBase64, installId) {
  return crypto.createHash('sha256').update('uid:v2:' + signingKeyBase64 + ':' + installId).digest('base64url').slice(0, 32);
}

// ---------------------------------------------------------------------------------------------
// 1. numbers.json
// ---------------------------------------------------------------------------------------------

function numberCase(name, input) {
  let v;
  try { v = JSON.parse(input); } catch (e) { throw new Error(`numbers: ${name}: JSON.parse rejected ${input}`); }
  assert(typeof v === 'number', `numbers: ${input} is not a number`);
  return { name, input, finite: Number.isFinite(v), string: String(v) };
}

function genNumbers() {
  const r = new Rng(0x4e554d31);
  const cases = [];
  FIXED_NUMBER_TEXTS.forEach((t, i) => cases.push(numberCase(`fixed-${String(i).padStart(3, '0')}-${t}`, t)));

  for (let i = 0; i < 3000; i++) {
    const x = randomBitsDouble(r, true);
    const s = String(x);
    const back = JSON.parse(s);
    assert(Object.is(back, x) || (x === 0 && back === 0), `String(x) round trip failed for ${s}`);
    cases.push(numberCase(`random-bits-${String(i).padStart(4, '0')}`, s));
  }

  for (let i = 0; i < 500; i++) {
    const x = randomBitsDouble(r, true);
    let t;
    switch (i % 4) {
      case 0: t = x.toExponential(16); break;
      case 1: t = x.toExponential(16).replace('e', 'E'); break;
      case 2: t = x.toExponential(r.range(0, 25)).replace('e', r.pick(['e', 'E'])); break;
      default: t = x.toPrecision(r.range(1, 25)).replace('e', r.pick(['e', 'E'])); break;
    }
    cases.push(numberCase(`random-alt-form-${String(i).padStart(3, '0')}`, t));
  }

  // 500 "nice" numbers: 61 powers of ten, 200 integers, 239 short decimals
  for (let e = -30; e <= 30; e++) cases.push(numberCase(`nice-pow10-${e}`, `1e${e}`));
  for (let i = 0; i < 200; i++) {
    let n;
    if (i === 0) n = 2n ** 53n;
    else if (i === 1) n = 2n ** 53n - 1n;
    else {
      const digits = r.range(1, 16);
      n = (BigInt(r.u32()) * 2097152n + BigInt(r.u32() & 0x1fffff)) % (10n ** BigInt(digits));
    }
    const t = (r.chance(0.2) ? '-' : '') + n.toString();
    cases.push(numberCase(`nice-int-${String(i).padStart(3, '0')}`, t));
  }
  for (let i = 0; i < 239; i++) {
    const intDigits = r.range(1, 10);
    let ip = String(r.range(1, 9));
    for (let j = 1; j < intDigits; j++) ip += String(r.int(10));
    if (r.chance(0.3)) ip = '0';
    const fd = r.range(1, 6);
    let fp = '';
    for (let j = 0; j < fd; j++) fp += String(r.int(10));
    const t = (r.chance(0.2) ? '-' : '') + ip + '.' + fp;
    cases.push(numberCase(`nice-dec-${String(i).padStart(3, '0')}`, t));
  }
  assert(cases.length === FIXED_NUMBER_TEXTS.length + 3000 + 500 + 500, 'numbers count');
  return writeVectorFile('numbers.json',
    'JSON number text -> String(JSON.parse(text)) as JavaScript renders it (used inside signed strings). ' +
    '"finite" is false for values that overflow to +/-Infinity.', cases);
}

// ---------------------------------------------------------------------------------------------
// 2. json-stringify.json
// ---------------------------------------------------------------------------------------------

function stringifyCase(name, input) {
  let v;
  try { v = JSON.parse(input); } catch (e) { throw new Error(`json-stringify: ${name}: JSON.parse rejected input: ${e.message}`); }
  const out = JSON.stringify(v);
  assert(typeof out === 'string', `json-stringify: ${name}: stringify gave ${out}`);
  // inputs never contain literal lone surrogates (only \u escapes), so they are valid UTF-8 text
  assert(input.isWellFormed(), `${name}: input not well-formed`);
  return { name, input, expectedHex: hex(utf8(out)) };
}

function genJsonStringify() {
  const r = new Rng(0x4a534f4e);
  const cases = [];
  const add = (name, input) => cases.push(stringifyCase(name, input));

  add('plain-object', '{"id":"m1","from":"peer-a","to":"peer-b","ts":1741590002123,"ttl":86400}');
  add('nested', '{"a":[1,null,true,false,{"b":{"c":[[],{}]}}],"d":null,"e":{"f":[null,[null]]}}');
  add('empty-object', '{}');
  add('empty-array', '[]');
  add('empty-nested', '{"a":{},"b":[],"c":[{}],"d":[[]]}');
  add('empty-string-key-and-value', '{"":""}');
  add('deep-20', '['.repeat(20) + '1' + ']'.repeat(20));
  add('deep-objects-20', '{"a":'.repeat(20) + 'null' + '}'.repeat(20));
  add('unicode-literal', '{"ru":"Привет, мир","zh":"中文字符","ko":"한국어","emoji":"😀🎉👩‍💻🇺🇦","mixed":"é ß ж ع"}');
  add('unicode-escaped', String.raw`{"ru":"\u041f\u0440\u0438\u0432\u0435\u0442","zh":"\u4E2D\u6587","emoji":"\ud83d\ude00\uD83C\uDF89","e":"\u00e9"}`);
  add('surrogate-pair-escaped', String.raw`"\ud83d\ude00"`);
  add('surrogate-pair-escaped-upper', String.raw`"\uD83D\uDE00"`);
  add('max-code-point-escaped', String.raw`"\udbff\udfff"`);
  add('max-code-point-literal', '"\u{10ffff}"');
  add('bmp-edges', String.raw`["\u0080","\u07ff","\u0800","\uffff","\ufffe","\ue000","\ufeff"]`);
  add('short-escapes', String.raw`"quote\" backslash\\ b\b f\f n\n r\r t\t"`);
  add('short-escapes-as-u', String.raw`"\u0022\u005c\u0008\u000c\u000a\u000d\u0009"`);
  // every control char U+0000..U+001F as \u escape, one per element and all in one string
  const ctl = [];
  for (let c = 0; c < 0x20; c++) ctl.push('"\\u' + c.toString(16).padStart(4, '0') + '"');
  add('control-chars-each', '[' + ctl.join(',') + ']');
  let all = '"';
  for (let c = 0; c < 0x20; c++) all += '\\u' + c.toString(16).padStart(4, '0').toUpperCase();
  add('control-chars-all-in-one', all + '"');
  add('del-literal', '"a\u007fb"');
  add('del-escaped', String.raw`"a\u007Fb"`);
  add('c1-controls-literal', '"\u0080\u0085\u009f"');
  add('solidus-escaped', String.raw`"a\/b\/\/c"`);
  add('solidus-literal', '"a/b//c</script>"');
  add('u2028-u2029-literal', '"a\u2028b\u2029c"');
  add('u2028-u2029-escaped', String.raw`"a\u2028b\u2029c"`);
  add('u2028-key', String.raw`{"k\u2028":"\u2029"}`);
  add('lone-high-surrogate', String.raw`"\ud800"`);
  add('lone-low-surrogate-dfff', String.raw`"\udfff"`);
  add('lone-low-then-char', String.raw`"\udc00x"`);
  add('high-at-end', String.raw`"x\ud83d"`);
  add('lone-surrogates-upper-hex', String.raw`"\uD800\uDBFF\uDC00\uDFFF"`);
  add('reversed-pair', String.raw`"\ude00\ud83d"`);
  add('high-high-low', String.raw`"\ud83d\ud83d\ude00"`);
  add('lone-surrogate-key', String.raw`{"\ud800":1,"a\udc00":2}`);
  add('integer-like-keys', '{"b":1,"2":2,"a":3,"1":4,"10":5,"01":6,"-1":7,"4294967294":8,"4294967295":9,"1.5":10}');
  add('integer-like-keys-more', '{"z":0,"4294967296":1,"0":2,"9007199254740993":3,"00":4," 1":5,"1 ":6,"+1":7,"1e3":8,"-0":9,"3":10}');
  add('integer-like-keys-nested', '{"x":{"b":1,"2":2,"a":3,"1":4},"0":[{"10":1,"9":2,"a":3}],"y":{"4294967295":1,"4294967294":2}}');
  add('duplicate-keys', '{"a":1,"b":2,"a":3}');
  add('duplicate-keys-nested', '{"o":{"a":1,"b":{"x":1},"a":{"y":2}},"o":{"c":3,"a":4,"c":5}}');
  add('duplicate-integer-keys', '{"b":0,"1":1,"a":2,"1":3,"0":4,"1":5}');
  add('duplicate-key-null-last', '{"a":1,"a":null}');
  add('duplicate-key-escaped-spelling', String.raw`{"a":1,"\u0061":2,"b":3}`);
  add('proto-key', '{"__proto__":{"x":1},"a":2}');
  add('proto-key-duplicate', '{"__proto__":1,"a":2,"__proto__":3}');
  add('proto-key-null', '{"a":1,"__proto__":null}');
  add('constructor-keys', '{"constructor":1,"toString":"x","hasOwnProperty":null,"valueOf":[]}');
  // numbers of every kind, inside arrays (1e400 -> null)
  for (let i = 0; i < FIXED_NUMBER_TEXTS.length; i += 10) {
    add(`numbers-array-${i}`, '[' + FIXED_NUMBER_TEXTS.slice(i, i + 10).join(',') + ']');
  }
  add('numbers-as-values', '{' + FIXED_NUMBER_TEXTS.map((t, i) => `"n${i}":${t}`).join(',') + '}');
  add('infinity-in-object', '{"a":1e400,"b":-1e400,"c":1}');
  add('whitespace-around-tokens', ' \t\r\n{ "a" :\n[ 1 ,\t2 , { "b" : null } ] ,\r\n"c":"d" }\n ');
  add('whitespace-only-allowed-kinds', '\r\n\t [\t\r\n1\n]\t');
  add('top-null', 'null');
  add('top-number', '5');
  add('top-number-exp', '1E400');
  add('top-negative-zero', '-0');
  add('top-string', '"s"');
  add('top-true', 'true');
  add('top-false', 'false');
  add('top-array', '[]');
  add('top-string-escapes', String.raw` "\u00e9\n\ud800" `);
  {
    const pr = new Rng(0x1d1d1d);
    const prof = realisticIdentityProfile(pr, 'peer-7f3c9a1e0b2d4c58');
    add('identity-profile-compact', canonicalText(prof));
    add('identity-profile-pretty', JSON.stringify(JSON.parse(canonicalText(prof)), null, 2));
    add('identity-profile-escaped', writeJson(prof, { rng: new Rng(77), esc: 0.3, ws: 0.3 }));
  }

  // random documents
  for (let i = 0; i < 200; i++) {
    const doc = r.chance(0.8) ? randomObject(r, 5) : randomValue(r, 5);
    const text = writeJson(doc, { rng: r, esc: r.pick([0, 0.05, 0.2, 0.5]), ws: r.pick([0, 0.1, 0.4]) });
    add(`random-${String(i).padStart(3, '0')}`, text);
  }

  const malformedInputs = [
    ['empty', ''], ['open-brace', '{'], ['missing-value', '{"a":}'], ['trailing-comma-array', '[1,]'],
    ['trailing-comma-object', '{"a":1,}'], ['leading-zero', '01'], ['trailing-dot', '1.'], ['leading-dot', '.5'],
    ['minus-only', '-'], ['plus-sign', '+1'], ['NaN', 'NaN'], ['Infinity', 'Infinity'], ['single-quotes', "'a'"],
    ['unquoted-key', '{a:1}'], ['hex-escape', String.raw`"\x41"`], ['raw-tab-in-string', '"tab\tinside"'],
    ['short-unicode-escape', String.raw`"\ud8"`], ['two-values', '[1] 2'], ['two-objects', '{} {}'],
    ['tru', 'tru'], ['nul', 'nul'], ['unterminated-string', '"unterminated'], ['missing-comma', '["a" "b"]'],
    // extras
    ['whitespace-only', ' \n'], ['open-bracket', '['], ['raw-newline-in-string', '"a\nb"'],
    ['raw-nul-in-string', '"a\u0000b"'], ['leading-zero-in-array', '[01]'], ['negative-leading-zero', '-01'],
    ['exp-without-digits', '1e'], ['exp-sign-only', '1e+'], ['uppercase-u-escape', String.raw`"\U0041"`],
    ['bad-escape-char', String.raw`"\a"`], ['missing-colon', '{"a" 1}'], ['bom-prefix', '\ufeff{}'],
    ['nbsp-whitespace', '\u00a0 1'], ['vertical-tab-whitespace', '\u000b1'], ['form-feed-whitespace', '\u000c1'],
    ['unicode-escape-bad-hex', String.raw`"\u00g0"`], ['True', 'True'], ['None', 'None'], ['undefined', 'undefined'],
    ['comment', '{"a":1 /* c */}'], ['line-comment', '[1]//x'], ['hex-number', '0x10'], ['nonnumeric-key', '{1:2}'],
    ['close-only', ']'], ['mismatched-brackets', '[}'], ['double-comma', '[1,,2]'], ['leading-comma', '[,1]'],
    ['dot-exp', '1.e5'], ['minus-space', '- 1'], ['infinity-negative', '-Infinity'],
  ];
  const malformed = malformedInputs.map(([name, input]) => {
    let threw = false;
    try { JSON.parse(input); } catch (e) { threw = true; }
    assert(threw, `malformed ${name}: JSON.parse accepted it`);
    return { name: `malformed-${name}`, input };
  });

  return writeVectorFile('json-stringify.json',
    'Raw JSON text -> UTF-8 hex of JSON.stringify(JSON.parse(text)) (key order of JS objects, duplicate keys, ' +
    'escaping, numbers). Lone surrogates appear in inputs only as \\u escapes. "malformed" lists texts JSON.parse rejects.',
    cases, { malformed });
}

// ---------------------------------------------------------------------------------------------
// 3. base64.json
// ---------------------------------------------------------------------------------------------

function genBase64() {
  const r = new Rng(0x42363421);
  const cases = [];
  const addValid = (name, input, bytes) => {
    const d = strictBase64Decode(input);
    assert(d !== null && d.equals(bytes), `base64 strict decoder disagrees for ${name}`);
    assert(Buffer.from(input, input.includes('-') || input.includes('_') ? 'base64url' : 'base64').equals(bytes), `Buffer disagrees for ${name}`);
    cases.push({ name, input, valid: true, bytesHex: hex(bytes) });
  };
  const lengths = [];
  for (let n = 0; n <= 70; n++) lengths.push(n);
  lengths.push(1000);
  for (const n of lengths) {
    // lengths up to 70: make sure to hit bytes that produce '+', '/' (std) and '-', '_' (url)
    const bytes = n >= 3 && n % 7 === 3 ? Buffer.concat([Buffer.from([0xfb, 0xff, 0xbf]), r.bytes(n - 3)]) : r.bytes(n);
    addValid(`len-${n}-std-padded`, b64std(bytes), bytes);
    addValid(`len-${n}-std-unpadded`, b64stdNoPad(bytes), bytes);
    addValid(`len-${n}-url-unpadded`, b64url(bytes), bytes);
    addValid(`len-${n}-url-padded`, b64urlPad(bytes), bytes);
  }
  addValid('known-QQ==', 'QQ==', Buffer.from('A'));
  addValid('known-QQ', 'QQ', Buffer.from('A'));
  addValid('known-QUI=', 'QUI=', Buffer.from('AB'));
  addValid('known-QUJD', 'QUJD', Buffer.from('ABC'));
  addValid('known-plus-slash', '+/+/', Buffer.from('fbffbf', 'hex'));
  addValid('known-dash-underscore', '-_-_', Buffer.from('fbffbf', 'hex'));

  const invalid = [
    ['pad-too-short', 'QQ='], ['pad-too-long', 'QQ==='], ['single-char', 'Q'], ['pad-on-full-quad', 'QUJD='],
    ['inner-space', 'QU JD'], ['trailing-newline', 'QUJD\n'], ['star', 'QUJ*'], ['mixed-alphabets', 'QU+_'],
    ['leading-pad', '=QUJ'], ['pad-in-middle', 'QU=J'], ['single-char-padded', 'Q==='], ['non-ascii', 'QUJé'],
    // extras
    ['pad-only', '='], ['pad-only-2', '=='], ['pad-only-4', '===='], ['mixed-slash-dash', 'ab/-'],
    ['mixed-plus-underscore', '+A_A'], ['pad-between-quads', 'QQ==QQ=='], ['five-chars', 'QUJDR'],
    ['leading-space', ' QUJD'], ['tab', 'QU\tJD'], ['crlf', 'QUJD\r\n'], ['dot', 'QUJ.'], ['padded-1-mod-4', 'QUJDR==='],
    ['fullwidth-A', 'ＱＵＪＤ'], ['percent-encoded', 'QQ%3D%3D'], ['pad-then-data', 'QUI=A'], ['nul-char', 'QU\u0000D'],
  ];
  for (const [name, input] of invalid) {
    assert(strictBase64Decode(input) === null, `strict decoder accepted invalid ${name}`);
    cases.push({ name: `invalid-${name}`, input, valid: false, bytesHex: null });
  }
  observe(`Buffer.from('QU JD','base64') silently yields ${hex(Buffer.from('QU JD', 'base64'))}, Buffer.from('QUJ*','base64') yields ${hex(Buffer.from('QUJ*', 'base64'))} and Buffer.from('QU+_','base64') yields ${hex(Buffer.from('QU+_', 'base64'))} — node\'s decoder is lenient; the vectors use the strict contract decoder.`);
  return writeVectorFile('base64.json',
    'Base64 decoding per the CONTRACT (PROTOCOL.md §1): standard or URL-safe alphabet, padding optional but exact ' +
    'when present, no mixing of +/ with -_, nothing else allowed. valid=false cases must be rejected.', cases);
}

// ---------------------------------------------------------------------------------------------
// 4. ed25519.json
// ---------------------------------------------------------------------------------------------

function genEd25519() {
  const r = new Rng(0xed25519);
  const cases = [];
  const nodeQuirks = [];
  const notes = [];
  const push = (list, name, seedHex, pubRaw, msg, sig) => {
    const valid = verifyRaw(pubRaw, msg, sig, notes);
    list.push({ name, seedHex, publicKeyBase64: b64std(pubRaw), messageHex: hex(msg), signatureBase64: b64std(sig), valid });
    return valid;
  };

  const rfc = [
    ['rfc8032-test1', '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
      'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', '',
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b'],
    ['rfc8032-test2', '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
      '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c', '72',
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00'],
    ['rfc8032-test3', 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
      'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025', 'af82',
      '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a'],
  ];
  for (const [name, seedHex, pubHex, msgHex, sigHex] of rfc) {
    const k = keyFromSeed(Buffer.from(seedHex, 'hex'));
    assert(hex(k.raw) === pubHex, `${name}: public key mismatch`);
    const msg = Buffer.from(msgHex, 'hex');
    const sig = sign(k, msg);
    assert(hex(sig) === sigHex, `${name}: signature differs from RFC 8032`);
    assert(push(cases, name, seedHex, k.raw, msg, sig) === true, `${name}: does not verify`);
  }

  for (let i = 0; i < 50; i++) {
    const seed = r.bytes(32);
    const k = keyFromSeed(seed);
    const msg = r.bytes(i === 0 ? 0 : i === 1 ? 300 : r.range(0, 300));
    const sig = sign(k, msg);
    assert(push(cases, `random-${String(i).padStart(2, '0')}`, hex(seed), k.raw, msg, sig) === true, 'random must verify');
  }

  // negative cases
  const seed = r.bytes(32);
  const k = keyFromSeed(seed);
  const other = keyFromSeed(r.bytes(32));
  const msg = utf8('m1|peer-alice|peer-bob|1741590002123|86400|');
  const sig = sign(k, msg);
  const expectFalse = (name, seedHex, pubRaw, m, s) => assert(push(cases, name, seedHex, pubRaw, m, s) === false, `${name} must be invalid`);
  assert(push(cases, 'negative-base-valid', hex(seed), k.raw, msg, sig) === true, 'base valid');
  for (const bit of [0, 7, 8 * 31 + 7, 8 * 32, 8 * 63 + 6]) {
    const s = Buffer.from(sig); s[bit >> 3] ^= 1 << (bit & 7);
    expectFalse(`flipped-signature-bit-${bit}`, hex(seed), k.raw, msg, s);
  }
  for (const bit of [0, 8 * 5 + 3]) {
    const m = Buffer.from(msg); m[bit >> 3] ^= 1 << (bit & 7);
    expectFalse(`flipped-message-bit-${bit}`, hex(seed), k.raw, m, sig);
  }
  expectFalse('message-truncated', hex(seed), k.raw, msg.subarray(0, msg.length - 1), sig);
  expectFalse('message-extended', hex(seed), k.raw, Buffer.concat([msg, Buffer.from([0])]), sig);
  expectFalse('wrong-public-key', null, other.raw, msg, sig);
  expectFalse('public-key-31-bytes', null, k.raw.subarray(0, 31), msg, sig);
  expectFalse('public-key-33-bytes', null, Buffer.concat([k.raw, Buffer.from([0])]), msg, sig);
  expectFalse('public-key-0-bytes', null, Buffer.alloc(0), msg, sig);
  expectFalse('public-key-64-bytes', null, Buffer.concat([k.raw, k.raw]), msg, sig);
  expectFalse('signature-63-bytes', hex(seed), k.raw, msg, sig.subarray(0, 63));
  expectFalse('signature-65-bytes', hex(seed), k.raw, msg, Buffer.concat([sig, Buffer.from([0])]));
  expectFalse('signature-0-bytes', hex(seed), k.raw, msg, Buffer.alloc(0));
  expectFalse('signature-all-zero', hex(seed), k.raw, msg, Buffer.alloc(64));
  expectFalse('signature-all-ff', hex(seed), k.raw, msg, Buffer.alloc(64, 0xff));
  {
    const S = leToBig(sig.subarray(32));
    assert(S < L, 'S < L');
    const s2 = Buffer.concat([sig.subarray(0, 32), bigToLe(S + L, 32)]);
    expectFalse('signature-S-plus-L', hex(seed), k.raw, msg, s2);
    const s3 = Buffer.concat([sig.subarray(0, 32), bigToLe(L, 32)]);
    expectFalse('signature-S-equals-L', hex(seed), k.raw, msg, s3);
  }
  expectFalse('signature-swapped-halves', hex(seed), k.raw, msg, Buffer.concat([sig.subarray(32), sig.subarray(0, 32)]));
  expectFalse('signature-from-other-key', hex(seed), k.raw, msg, sign(other, msg));
  // public key encodings that are not on the curve
  let found = 0;
  for (let tries = 0; found < 3 && tries < 1000; tries++) {
    const cand = r.bytes(32);
    if (isOnCurveEncoding(cand)) continue;
    let createThrew = false;
    try { crypto.createPublicKey({ key: Buffer.concat([SPKI_PREFIX, cand]), format: 'der', type: 'spki' }); } catch (e) { createThrew = true; }
    observe(`A 32-byte public key that is not on the curve: crypto.createPublicKey ${createThrew ? 'throws' : 'accepts it (no point validation at import)'}; crypto.verify returns false.`);
    expectFalse(`public-key-not-on-curve-${found}`, null, cand, msg, sig);
    found++;
  }
  assert(found === 3, 'found off-curve keys');

  // Node/OpenSSL quirks kept apart: small-order / non-canonical public keys that node ACCEPTS.
  const identity = bigToLe(1n, 32);
  const identityNonCanonical = bigToLe(P + 1n, 32);
  const zeroSigWithIdentityR = Buffer.concat([identity, Buffer.alloc(32)]);
  push(nodeQuirks, 'quirk-identity-public-key-zero-S', null, identity, msg, zeroSigWithIdentityR);
  push(nodeQuirks, 'quirk-identity-public-key-zero-S-empty-message', null, identity, Buffer.alloc(0), zeroSigWithIdentityR);
  push(nodeQuirks, 'quirk-noncanonical-identity-public-key-zero-S', null, identityNonCanonical, msg, zeroSigWithIdentityR);
  push(nodeQuirks, 'quirk-identity-public-key-noncanonical-R', null, identity, msg, Buffer.concat([identityNonCanonical, Buffer.alloc(32)]));
  push(nodeQuirks, 'quirk-all-zero-public-key-zero-signature', null, Buffer.alloc(32), msg, Buffer.alloc(64));
  for (const q of nodeQuirks) if (q.valid) observe(`node crypto.verify ACCEPTS ${q.name} (small-order/non-canonical key, cofactorless check without small-order rejection).`);
  for (const n of notes) observe(n.replace(/\d+-byte key/, 'wrong-length key'));

  return writeVectorFile('ed25519.json',
    'Ed25519 verify results from node:crypto (OpenSSL). Keys/signatures are standard padded base64 of raw bytes; ' +
    'seedHex is the RFC 8032 32-byte private seed (null when not applicable). "nodeQuirks" (same shape) records ' +
    'degenerate small-order/non-canonical public keys and what node answers for them; implementations may choose to differ there.',
    cases, { nodeQuirks });
}

// ---------------------------------------------------------------------------------------------
// 5. relay-signatures.json
// ---------------------------------------------------------------------------------------------

function normalisePeerIds(list) {
  if (!Array.isArray(list)) return [];
  const seen = new Set();
  const out = [];
  for (const v of list) {
    if (typeof v !== 'string') continue;
    const t = v.trim();
    if (t === '') continue;
    if (seen.has(t)) continue;
    seen.add(t);
    out.push(t);
  }
  out.sort();
  return out;
}

/** Signed bytes per PROTOCOL.md §2.1 from a parsed body, computed like the original Node relay. */
function relaySigned(op, b, variant = {}) {
  const str = variant.str || ((x) => x);
  const num = variant.num || ((x) => String(x));
  const norm = variant.norm || normalisePeerIds;
  const payload = () => (variant.payloadBytes ? variant.payloadBytes(b) : strictBase64Decode(b.payload));
  switch (op) {
    case 'store': {
      const p = payload(); assert(p !== null, 'payload must decode');
      return { bytes: Buffer.concat([utf8(`${str(b.id)}|${str(b.from)}|${str(b.to)}|${num(b.ts, 'ts')}|${num(b.ttl, 'ttl')}|`), p]) };
    }
    case 'groupStore': {
      const p = payload(); assert(p !== null, 'payload must decode');
      const recipients = norm(b.recipients).filter((x) => x !== b.from);
      return { bytes: Buffer.concat([utf8(`${str(b.id)}|${str(b.from)}|${str(b.groupId)}|${recipients.join(',')}|${num(b.ts, 'ts')}|${num(b.ttl, 'ttl')}|`), p]), normalised: recipients };
    }
    case 'membersUpdate': {
      const members = norm(b.memberPeerIds);
      return { bytes: utf8(`${str(b.id)}|${str(b.from)}|${str(b.groupId)}|${str(b.ownerPeerId)}|${members.join(',')}|${num(b.ts, 'ts')}|${num(b.ttl, 'ttl')}` + (variant.trailingPipe ? '|' : '')), normalised: members };
    }
    case 'ack':
      return { bytes: utf8(`${str(b.id)}|${str(b.from)}|${str(b.to)}|${num(b.ts, 'ts')}` + (variant.trailingPipe ? '|' : '')) };
    case 'blobUpload': {
      const p = payload(); assert(p !== null, 'payload must decode');
      const mime = typeof b.mimeType === 'string' ? (variant.mimeRaw ? b.mimeType : b.mimeType.trim()) : (variant.mimeNull ? String(b.mimeType) : '');
      return { bytes: Buffer.concat([utf8(`${str(b.id)}|${str(b.from)}|${str(b.groupId)}|${str(b.fileName)}|${mime}|${num(b.ts, 'ts')}|${num(b.ttl, 'ttl')}|`), p]) };
    }
    default: throw new Error('op ' + op);
  }
}

// Deliberately wrong ways to build the signed string (each yields signatureValid=false).
const JAVA_TRIM = (s) => s.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
function normaliseWith(trim, cmp) {
  return (list) => {
    if (!Array.isArray(list)) return [];
    const out = [];
    for (const v of list) { if (typeof v !== 'string') continue; const t = trim(v); if (t && !out.includes(t)) out.push(t); }
    return out.sort(cmp);
  };
}
const byCodePoint = (a, b) => { const A = [...a].map((c) => c.codePointAt(0)), B = [...b].map((c) => c.codePointAt(0)); for (let i = 0; i < Math.min(A.length, B.length); i++) if (A[i] !== B[i]) return A[i] - B[i]; return A.length - B.length; };
const WRONG_VARIANTS = {
  rawPeerList: { norm: (l) => (Array.isArray(l) ? l.map((x) => String(x)) : []) },
  javaTrim: { norm: normaliseWith(JAVA_TRIM, undefined) },
  codePointSort: { norm: normaliseWith((s) => s.trim(), byCodePoint) },
  noSort: { norm: (l) => { const n = []; for (const v of (Array.isArray(l) ? l : [])) { if (typeof v === 'string' && v.trim() && !n.includes(v.trim())) n.push(v.trim()); } return n; } },
  javaDoubleToString: { num: (x) => { if (Number.isInteger(x) && Math.abs(x) < 1e7) return Object.is(x, -0) ? '-0.0' : x.toFixed(1); const e = x.toExponential(); const [m, ex] = e.split('e'); return (m.includes('.') ? m : m + '.0') + 'E' + String(Number(ex)); } },
  negativeZero: { num: (x) => (Object.is(x, -0) ? '-0' : String(x)) },
  payloadAsText: { payloadBytes: (b) => utf8(b.payload) },
  trailingPipe: { trailingPipe: true },
  mimeUntrimmed: { mimeRaw: true },
  mimeNullText: { mimeNull: true },
  surrogateAsCesu: { str: (s) => s.replace(/[\ud800-\udfff]/g, '?') },
};

function genRelaySignatures() {
  const r = new Rng(0x52454c41);
  const keys = [0, 1, 2, 3].map(() => keyFromSeed(r.bytes(32)));
  const cases = [];

  /**
   * pairs: AST pairs of the body without sig/signingPub.
   * wrong: undefined (valid) | name of WRONG_VARIANTS | 'wrongKey' | 'rawTsText'.
   */
  function relayCase(name, op, pairs, { wrong, key = keys[0], esc = 0, ws = 0, sigFirst = false, rawTs } = {}) {
    const body0 = JSON.parse(writeJson(N.o(pairs)));
    const good = relaySigned(op, body0);
    let toSign = good.bytes;
    let signer = key;
    if (wrong === 'wrongKey') signer = keys[3];
    else if (wrong === 'rawTsText') toSign = relaySigned(op, body0, { num: (x, which) => (which === 'ts' ? rawTs : String(x)) }).bytes;
    else if (wrong) toSign = relaySigned(op, body0, WRONG_VARIANTS[wrong]).bytes;
    if (wrong && wrong !== 'wrongKey') assert(!toSign.equals(good.bytes), `${name}: wrong variant ${wrong} does not change the signed bytes`);
    const sig = sign(signer, toSign);
    const authPairs = [['signingPub', N.s(b64std(key.raw))], ['sig', N.s(b64std(sig))]];
    const all = sigFirst ? [...authPairs, ...pairs] : [...pairs, ...authPairs];
    const wr = esc > 0 || ws > 0 ? new Rng(0x1000 + cases.length) : null;
    const body = writeJson(N.o(all), { rng: wr, esc, ws });
    // independent re-check from the final text
    const parsed = JSON.parse(body);
    const res = relaySigned(op, parsed);
    const pk = strictBase64Decode(parsed.signingPub), sg = strictBase64Decode(parsed.sig);
    const ok = pk !== null && sg !== null && pk.length === 32 && sg.length === 64 && verifyRaw(pk, res.bytes, sg);
    assert(ok === !wrong, `${name}: expected signatureValid=${!wrong}, got ${ok}`);
    const c = { name, op, body };
    if (res.normalised) { c.normalisedPeerIds = res.normalised; assert(res.normalised.length > 0, `${name}: empty normalised list`); }
    c.signedHex = hex(res.bytes);
    c.signatureValid = ok;
    cases.push(c);
  }

  const payloadB64 = (n) => b64std(r.bytes(n));
  const std = (o) => Object.entries(o).map(([k, v]) => [k, fromJs(v)]);
  const TS = '1741590002123';

  // ---- store
  relayCase('store-basic', 'store', std({ id: 'msg-0001', from: 'peer-alice', to: 'peer-bob', ts: 1741590002123, ttl: 86400, payload: payloadB64(48) }));
  relayCase('store-empty-payload', 'store', std({ id: 'msg-0002', from: 'peer-alice', to: 'peer-bob', ts: 1741590002123, ttl: 86400, payload: '' }));
  for (const [tag, t] of [['1-5', '1.5'], ['1e21', '1e21'], ['neg-zero', '-0'], ['0-1', '0.1'], ['2p53p1', '9007199254740993'], ['1E21-upper', '1E21'], ['trailing-zero', '1741590002123.0'], ['exp-form', '1.741590002123e12'], ['1e-7', '1e-7'], ['negative', '-5']]) {
    relayCase(`store-ts-${tag}`, 'store', [['id', N.s(`msg-ts-${tag}`)], ['from', N.s('peer-alice')], ['to', N.s('peer-bob')], ['ts', N.n(t)], ['ttl', N.n('86400')], ['payload', N.s(payloadB64(16))]]);
  }
  relayCase('store-ttl-forms', 'store', [['id', N.s('msg-ttl')], ['from', N.s('peer-alice')], ['to', N.s('peer-bob')], ['ts', N.n(TS)], ['ttl', N.n('8.64e4')], ['payload', N.s(payloadB64(5))]]);
  relayCase('store-ttl-1e21', 'store', [['id', N.s('msg-ttl2')], ['from', N.s('peer-alice')], ['to', N.s('peer-bob')], ['ts', N.n('-0.0')], ['ttl', N.n('1e21')], ['payload', N.s(payloadB64(5))]]);
  relayCase('store-non-ascii-ids', 'store', std({ id: 'сообщение-№1', from: 'пир-Алиса', to: '对等-鲍勃', ts: 1741590002123, ttl: 86400, payload: payloadB64(20) }));
  relayCase('store-emoji-ids', 'store', std({ id: 'msg-😀-🎉', from: 'peer-👩‍💻', to: 'peer-🇺🇦', ts: 1741590002123, ttl: 86400, payload: payloadB64(20) }));
  relayCase('store-lone-surrogate-id', 'store', std({ id: 'msg-\ud800-x', from: 'peer-alice', to: 'peer-bob\udfff', ts: 1741590002123, ttl: 86400, payload: payloadB64(20) }));
  relayCase('store-pipe-in-fields', 'store', std({ id: 'a|b', from: 'peer|alice', to: '|peer-bob|', ts: 1741590002123, ttl: 86400, payload: payloadB64(20) }));
  relayCase('store-escapes-in-body', 'store', std({ id: 'msg/"quoted"\\back\n', from: 'peer-alice\u2028', to: 'peer-bob\u0000', ts: 1741590002123, ttl: 86400, payload: payloadB64(33) }), { esc: 0.5, ws: 0.5 });
  relayCase('store-sig-first-extra-fields', 'store', [['v', N.s('1')], ...std({ id: 'msg-extra', from: 'peer-alice', to: 'peer-bob', ts: 1741590002123, ttl: 86400, payload: payloadB64(40) }), ['meta', N.o([['x', N.n('1e21')]])]], { sigFirst: true });
  relayCase('store-payload-url-unpadded', 'store', [...std({ id: 'msg-url', from: 'peer-alice', to: 'peer-bob', ts: 1741590002123, ttl: 86400 }), ['payload', N.s(b64url(Buffer.from([0xfb, 0xff, 0xbf, 0x00, 0x10])))]]);
  relayCase('store-payload-std-unpadded', 'store', [...std({ id: 'msg-nopad', from: 'peer-alice', to: 'peer-bob', ts: 1741590002123, ttl: 86400 }), ['payload', N.s(b64stdNoPad(Buffer.from([0xfb, 0xff, 0xbf, 0x00])))]]);
  relayCase('store-big-payload', 'store', std({ id: 'msg-big', from: 'peer-alice', to: 'peer-bob', ts: 1741590002123, ttl: 86400, payload: payloadB64(200) }));
  relayCase('store-invalid-wrong-key', 'store', std({ id: 'msg-wk', from: 'peer-alice', to: 'peer-bob', ts: 1741590002123, ttl: 86400, payload: payloadB64(20) }), { wrong: 'wrongKey' });
  relayCase('store-invalid-ts-raw-text', 'store', [['id', N.s('msg-rawts')], ['from', N.s('peer-alice')], ['to', N.s('peer-bob')], ['ts', N.n('1.50')], ['ttl', N.n('86400')], ['payload', N.s(payloadB64(8))]], { wrong: 'rawTsText', rawTs: '1.50' });
  relayCase('store-invalid-ts-1e21-raw-text', 'store', [['id', N.s('msg-rawts2')], ['from', N.s('peer-alice')], ['to', N.s('peer-bob')], ['ts', N.n('1e21')], ['ttl', N.n('86400')], ['payload', N.s(payloadB64(8))]], { wrong: 'rawTsText', rawTs: '1e21' });
  relayCase('store-invalid-java-double', 'store', [['id', N.s('msg-jd')], ['from', N.s('peer-alice')], ['to', N.s('peer-bob')], ['ts', N.n('1e21')], ['ttl', N.n('86400')], ['payload', N.s(payloadB64(8))]], { wrong: 'javaDoubleToString' });
  relayCase('store-invalid-negative-zero', 'store', [['id', N.s('msg-nz')], ['from', N.s('peer-alice')], ['to', N.s('peer-bob')], ['ts', N.n('-0')], ['ttl', N.n('86400')], ['payload', N.s(payloadB64(8))]], { wrong: 'negativeZero' });
  relayCase('store-invalid-payload-as-text', 'store', std({ id: 'msg-pt', from: 'peer-alice', to: 'peer-bob', ts: 1741590002123, ttl: 86400, payload: payloadB64(12) }), { wrong: 'payloadAsText' });
  relayCase('store-invalid-surrogate-as-question-mark', 'store', std({ id: 'msg-\udc00', from: 'peer-alice', to: 'peer-bob', ts: 1741590002123, ttl: 86400, payload: payloadB64(12) }), { wrong: 'surrogateAsCesu' });

  // ---- groupStore
  const gs = (name, recipients, opts = {}, from = 'peer-alice', extra = {}) => relayCase(name, 'groupStore',
    [['id', N.s(extra.id || name)], ['from', N.s(from)], ['groupId', N.s(extra.groupId || 'grp-Ωmega')], ['recipients', N.a(recipients.map(fromJs))],
      ['ts', N.n(extra.ts || TS)], ['ttl', N.n(extra.ttl || '86400')], ['payload', N.s(payloadB64(extra.len ?? 24))]], opts);
  gs('group-basic', ['peer-carol', 'peer-bob']);
  gs('group-sender-among-recipients', ['peer-bob', 'peer-alice', 'peer-carol']);
  gs('group-non-strings', ['peer-bob', 1, null, { a: 1 }, ['peer-x'], true, 'peer-carol', 1.5]);
  gs('group-duplicates', ['peer-bob', 'peer-carol', 'peer-bob', ' peer-bob ', 'peer-carol\n']);
  gs('group-whitespace-js', ['\u00a0peer-bob\u00a0', '\ufeffpeer-carol\ufeff', '\u2028peer-dave\u2029', '\u3000peer-erin\u3000', '\t\u000bpeer-frank\u000c\r\n', '\u2007peer-gina\u202f', '\u1680peer-hal\u205f']);
  gs('group-whitespace-not-js', ['\u180epeer-bob\u180e', '\u001cpeer-carol\u001c', '\u001fpeer-dave', '\u0085peer-erin\u0085', '\u200bpeer-frank\u200b', 'peer-bob']);
  gs('group-whitespace-only-entries', ['   ', '\u00a0', '\ufeff\u3000', '', 'peer-bob', '\u180e']);
  gs('group-utf16-sort', ['\uffff', 'peer-😀', '\ue000', 'z', 'A', 'a', 'é', '😀', '\ud7ff', 'Z', '0', '~']);
  gs('group-astral-vs-bmp-high', ['\uffffz', '\u{1f600}', '\u{10000}', '\ufb01', '\u{10ffff}', '\ue000']);
  gs('group-lone-surrogates', ['peer-\ud800', 'peer-\udc00', 'peer-\ud83d\ude00', 'peer-\uffff']);
  gs('group-pipes-commas', ['peer,bob', 'peer|carol', 'a,b|c']);
  gs('group-sender-with-whitespace-in-recipients', ['  peer-alice  ', 'peer-bob']);
  gs('group-from-has-whitespace', ['peer-alice', 'peer-bob'], {}, ' peer-alice');
  gs('group-ts-1e21', ['peer-bob'], {}, 'peer-alice', { ts: '1e21', ttl: '0.1' });
  gs('group-ts-neg-zero', ['peer-bob'], {}, 'peer-alice', { ts: '-0', ttl: '9007199254740993' });
  gs('group-empty-payload', ['peer-bob'], {}, 'peer-alice', { len: 0 });
  gs('group-escaped-body', ['peer-bob', 'peer-\u00e9', 'peer-\u2028'], { esc: 0.6, ws: 0.5 });
  gs('group-invalid-raw-recipients', ['peer-carol', 'peer-bob'], { wrong: 'rawPeerList' });
  gs('group-invalid-java-trim', ['\u001cpeer-bob', 'peer-carol'], { wrong: 'javaTrim' });
  gs('group-invalid-java-trim-nbsp', ['\u00a0peer-bob', 'peer-carol'], { wrong: 'javaTrim' });
  gs('group-invalid-code-point-sort', ['\uffff', '😀', 'peer-bob'], { wrong: 'codePointSort' });
  gs('group-invalid-not-sorted', ['peer-zed', 'peer-bob'], { wrong: 'noSort' });
  gs('group-invalid-wrong-key', ['peer-bob'], { wrong: 'wrongKey' });

  // ---- membersUpdate
  const mu = (name, members, opts = {}, extra = {}) => relayCase(name, 'membersUpdate',
    [['id', N.s(name)], ['from', N.s(extra.from || 'peer-alice')], ['groupId', N.s('grp-1')], ['ownerPeerId', N.s(extra.owner || 'peer-alice')],
      ['memberPeerIds', N.a(members.map(fromJs))], ['ts', N.n(extra.ts || TS)], ['ttl', N.n(extra.ttl || '86400')]], opts);
  mu('members-basic', ['peer-carol', 'peer-alice', 'peer-bob']);
  mu('members-normalisation', [' peer-bob', null, 'peer-alice', 7, 'peer-bob', '\u3000peer-carol', { x: 1 }, '', '\u180epeer-x']);
  mu('members-utf16-sort', ['peer-alice', '\uffff', '😀', '\ue000', 'Ä', 'a']);
  mu('members-ts-forms', ['peer-alice'], {}, { ts: '1.5', ttl: '1e21' });
  mu('members-ts-neg-zero', ['peer-alice'], {}, { ts: '-0', ttl: '0.1' });
  mu('members-unicode-owner', ['пир-владелец', 'peer-\ud800'], {}, { from: 'пир-владелец', owner: 'пир-владелец' });
  mu('members-escaped-body', ['peer-alice', 'peer-\u00e9\u2028'], { esc: 0.5, ws: 0.5 });
  mu('members-invalid-trailing-pipe', ['peer-alice', 'peer-bob'], { wrong: 'trailingPipe' });
  mu('members-invalid-raw-list', ['peer-bob', 'peer-alice'], { wrong: 'rawPeerList' });
  mu('members-invalid-code-point-sort', ['peer-alice', '\uffff', '😀'], { wrong: 'codePointSort' });

  // ---- ack
  const ack = (name, fields, opts = {}) => relayCase(name, 'ack', fields, opts);
  ack('ack-basic', std({ id: 'msg-0001', from: 'peer-bob', to: 'peer-bob', ts: 1741590002123 }));
  ack('ack-ts-1e21', [['id', N.s('msg-a2')], ['from', N.s('peer-bob')], ['to', N.s('peer-bob')], ['ts', N.n('1e21')]]);
  ack('ack-ts-1-5', [['id', N.s('msg-a3')], ['from', N.s('peer-bob')], ['to', N.s('peer-bob')], ['ts', N.n('1.5')]]);
  ack('ack-ts-neg-zero', [['id', N.s('msg-a4')], ['from', N.s('peer-bob')], ['to', N.s('peer-bob')], ['ts', N.n('-0')]]);
  ack('ack-ts-2p53p1', [['id', N.s('msg-a5')], ['from', N.s('peer-bob')], ['to', N.s('peer-bob')], ['ts', N.n('9007199254740993')]]);
  ack('ack-unicode', std({ id: 'msg-\ud800|😀', from: 'пир', to: '对等', ts: 1741590002123 }), { esc: 0.4, ws: 0.3 });
  ack('ack-with-ignored-ttl', std({ id: 'msg-a6', from: 'peer-bob', to: 'peer-bob', ts: 1741590002123, ttl: 86400 }));
  ack('ack-invalid-trailing-pipe', std({ id: 'msg-a7', from: 'peer-bob', to: 'peer-bob', ts: 1741590002123 }), { wrong: 'trailingPipe' });
  ack('ack-invalid-wrong-key', std({ id: 'msg-a8', from: 'peer-bob', to: 'peer-bob', ts: 1741590002123 }), { wrong: 'wrongKey' });

  // ---- blobUpload
  const blob = (name, mime, opts = {}, extra = {}) => {
    const pairs = [['id', N.s(name)], ['from', N.s('peer-alice')], ['groupId', N.s('grp-1')], ['fileName', N.s(extra.fileName || 'photo.jpg')]];
    if (mime !== undefined) pairs.push(['mimeType', mime]);
    pairs.push(['ts', N.n(extra.ts || TS)], ['ttl', N.n(extra.ttl || '604800')], ['payload', N.s(payloadB64(extra.len ?? 120))]);
    relayCase(name, 'blobUpload', pairs, opts);
  };
  blob('blob-mime-plain', N.s('image/jpeg'));
  blob('blob-mime-absent', undefined);
  blob('blob-mime-null', N.nul());
  blob('blob-mime-number', N.n('5'));
  blob('blob-mime-object', N.o([['a', N.s('b')]]));
  blob('blob-mime-array', N.a([N.s('image/png')]));
  blob('blob-mime-bool', N.b(true));
  blob('blob-mime-trimmed', N.s('  image/png\u00a0\n'));
  blob('blob-mime-not-trimmed-180e', N.s('\u180eimage/png\u001c'));
  blob('blob-mime-empty', N.s(''));
  blob('blob-mime-whitespace-only', N.s(' \u3000 '));
  blob('blob-unicode-filename', N.s('text/plain; charset=utf-8'), {}, { fileName: 'Отчёт 2025 — финал 😀.pdf' });
  blob('blob-filename-pipe-surrogate', N.s('application/octet-stream'), {}, { fileName: 'a|b\ud800.bin' });
  blob('blob-ts-forms', N.s('image/gif'), {}, { ts: '1.5', ttl: '1e21' });
  blob('blob-ts-neg-zero', N.s('image/gif'), {}, { ts: '-0', ttl: '0.1', len: 0 });
  blob('blob-escaped-body', N.s('image/svg+xml'), { esc: 0.5, ws: 0.5 }, { fileName: 'dir/"x"\\y.svg' });
  blob('blob-invalid-mime-untrimmed', N.s(' image/png '), { wrong: 'mimeUntrimmed' });
  blob('blob-invalid-mime-null-text', N.nul(), { wrong: 'mimeNullText' });
  blob('blob-invalid-payload-as-text', N.s('image/png'), { wrong: 'payloadAsText' });

  // ---- random cases
  const ID_POOL = ['peer-alice', 'peer-bob', 'peer-carol', 'пир-дима', '对等-五', 'peer-😀', 'peer-\ud800', 'peer|pipe', 'peer,comma',
    ' peer-bob', 'peer-bob\u00a0', '\u180epeer-x', '\u001cpeer-y', 'peer-\uffff', 'peer-\ue000', 'PEER-BOB', 'peer-é', 'peer-e\u0301'];
  const NONSTR = [() => N.n(randomNumberText(r)), () => N.nul(), () => N.b(true), () => N.o([['id', N.s('peer-bob')]]), () => N.a([])];
  const TS_POOL = [TS, TS, TS, '1741590002123.0', '1.741590002123e12', '1.5', '1e21', '-0', '0.1', '9007199254740993', '0', '123456789012345678901234567890'];
  const TTL_POOL = ['86400', '86400', '3600', '0', '8.64e4', '1e21', '0.5', '604800'];
  const ops = ['store', 'groupStore', 'membersUpdate', 'ack', 'blobUpload'];
  const WRONG_FOR = {
    store: ['wrongKey', 'payloadAsText', 'javaDoubleToString'],
    groupStore: ['wrongKey', 'rawPeerList', 'javaTrim', 'codePointSort', 'payloadAsText', 'javaDoubleToString'],
    membersUpdate: ['wrongKey', 'rawPeerList', 'trailingPipe', 'codePointSort', 'javaDoubleToString'],
    ack: ['wrongKey', 'trailingPipe', 'javaDoubleToString'],
    blobUpload: ['wrongKey', 'payloadAsText', 'mimeUntrimmed', 'javaDoubleToString'],
  };
  const peerList = () => {
    const n = r.range(1, 7);
    const l = [];
    for (let i = 0; i < n; i++) l.push(r.chance(0.15) ? r.pick(NONSTR)() : N.s(r.chance(0.7) ? r.pick(ID_POOL) : randomString(r, 3) + 'p'));
    l.push(N.s(r.pick(ID_POOL.slice(0, 6))));
    return N.a(l);
  };
  const rid = () => (r.chance(0.6) ? 'msg-' + r.bytes(6).toString('hex') : randomString(r, 4));
  for (let i = 0; i < 100; i++) {
    const op = ops[i % ops.length];
    const from = r.pick(ID_POOL);
    const pairs = [['id', N.s(rid())], ['from', N.s(from)]];
    if (op === 'store' || op === 'ack') pairs.push(['to', N.s(r.pick(ID_POOL))]);
    if (op === 'groupStore' || op === 'membersUpdate' || op === 'blobUpload') pairs.push(['groupId', N.s('grp-' + randomString(r, 2))]);
    if (op === 'groupStore') pairs.push(['recipients', peerList()]);
    if (op === 'membersUpdate') { pairs.push(['ownerPeerId', N.s(from)]); pairs.push(['memberPeerIds', peerList()]); }
    if (op === 'blobUpload') {
      pairs.push(['fileName', N.s(randomString(r, 3) + '.bin')]);
      const m = r.int(5);
      if (m === 1) pairs.push(['mimeType', N.nul()]);
      else if (m === 2) pairs.push(['mimeType', N.s(r.pick([' image/png ', 'video/mp4', '\u00a0audio/ogg', '\u180eapp/x', '']))]);
      else if (m === 3) pairs.push(['mimeType', N.n('1')]);
      else if (m === 4) pairs.push(['mimeType', N.s('application/octet-stream')]);
    }
    pairs.push(['ts', N.n(r.pick(TS_POOL))]);
    if (op !== 'ack') pairs.push(['ttl', N.n(r.pick(TTL_POOL))]);
    if (op === 'store' || op === 'groupStore' || op === 'blobUpload') {
      const bytes = r.bytes(r.range(0, 200));
      pairs.push(['payload', N.s(r.chance(0.85) ? b64std(bytes) : r.pick([b64stdNoPad, b64url, b64urlPad])(bytes))]);
    }
    // skip degenerate cases (empty normalised list)
    const probe = JSON.parse(writeJson(N.o(pairs)));
    const pr = relaySigned(op, probe);
    if (pr.normalised && pr.normalised.length === 0) { i--; continue; }
    let wrong;
    if (r.chance(0.25)) {
      const cands = r.shuffle(WRONG_FOR[op]);
      for (const w of cands) {
        if (w === 'wrongKey') { wrong = w; break; }
        const alt = relaySigned(op, probe, WRONG_VARIANTS[w]).bytes;
        if (!alt.equals(pr.bytes)) { wrong = w; break; }
      }
    }
    relayCase(`random-${String(i).padStart(3, '0')}-${op}${wrong ? '-invalid-' + wrong : ''}`, op, r.shuffle(pairs),
      { wrong, key: r.pick(keys.slice(0, 3)), esc: r.pick([0, 0, 0.1, 0.4]), ws: r.pick([0, 0, 0.2]), sigFirst: r.chance(0.3) });
  }

  const invalidCount = cases.filter((c) => !c.signatureValid).length;
  observe(`relay-signatures: ${invalidCount} of ${cases.length} cases carry a deliberately wrong signature.`);
  return writeVectorFile('relay-signatures.json',
    'Relay signed byte strings (PROTOCOL.md §2.1) computed like the original Node relay: template string with String(number) ' +
    'for ts/ttl, UTF-8 via Buffer.from (lone surrogate -> ef bf bd), then the decoded payload bytes. body is the raw request ' +
    'text; normalisedPeerIds is present for groupStore (recipients minus from) and membersUpdate. signatureValid says whether ' +
    'sig (standard base64, over the signed bytes) verifies with signingPub.', cases);
}

// ---------------------------------------------------------------------------------------------
// 6. register.json
// ---------------------------------------------------------------------------------------------

function canonV1(a) {
  return JSON.stringify({ purpose: 'bootstrap-register', protocol: '1', peerId: a.peerId, timestampMs: a.timestampMs, nonce: a.nonce, signingPublicKey: a.signingPublicKey });
}
function canonV2(a) {
  const o = { purpose: 'bootstrap-register', protocol: '1', peerId: a.peerId, timestampMs: a.timestampMs, nonce: a.nonce, signingPublicKey: a.signingPublicKey };
  if (typeof a.legacyPeerId === 'string' && a.legacyPeerId.length > 0) o.legacyPeerId = a.legacyPeerId;
  if (a.identityProfile !== null && typeof a.identityProfile === 'object' && !Array.isArray(a.identityProfile)) o.identityProfile = a.identityProfile;
  return JSON.stringify(o);
}
function registerVerdict(a) {
  if (typeof a.signingPublicKey !== 'string' || typeof a.signature !== 'string') return 'invalid';
  const pk = strictBase64Decode(a.signingPublicKey);
  const sg = strictBase64Decode(a.signature);
  if (pk === null || sg === null || pk.length !== 32 || sg.length !== 64) return 'invalid';
  if (verifyRaw(pk, utf8(canonV2(a)), sg)) return 'v2';
  if (verifyRaw(pk, utf8(canonV1(a)), sg)) return 'v1';
  return 'invalid';
}

function genRegister() {
  const r = new Rng(0x52454749);
  const keys = [0, 1, 2].map(() => keyFromSeed(r.bytes(32)));
  const cases = [];

  /**
   * spec: {peerId, ts (number text), nonce, key, legacy (AST|undefined), profile (AST|undefined),
   *        signOver: 'v2'|'v1'|fn(parsedAuth)->string, expect, keyText(fn raw->string), sigText(fn sig->string),
   *        sigBytes(fn sig->Buffer), signer, order: array of key names, esc, ws}
   */
  function registerCase(name, s) {
    const key = s.key || keys[0];
    const keyText = (s.keyText || b64std)(s.keyRaw || key.raw);
    const base = {
      scheme: N.s('peerlink-ed25519-v1'),
      peerId: N.s(s.peerId ?? 'peer-7f3c9a1e0b2d4c58'),
      timestampMs: N.n(s.ts ?? '1741590002123'),
      nonce: N.s(s.nonce ?? ('n-' + r.bytes(12).toString('hex'))),
      signingPublicKey: N.s(keyText),
    };
    if (s.legacy !== undefined) base.legacyPeerId = s.legacy;
    if (s.profile !== undefined) base.identityProfile = s.profile;
    const order = s.order || ['scheme', 'peerId', 'timestampMs', 'nonce', 'signingPublicKey', 'legacyPeerId', 'identityProfile', 'signature'];
    const pre = JSON.parse(canonicalText(N.o(Object.entries(base))));
    const signer = s.signer || key;
    let toSign;
    if (s.signOver === 'v1') toSign = canonV1(pre);
    else if (typeof s.signOver === 'function') toSign = s.signOver(pre);
    else toSign = canonV2(pre);
    let sig = sign(signer, utf8(toSign));
    if (s.sigBytes) sig = s.sigBytes(sig);
    base.signature = N.s((s.sigText || b64std)(sig));
    const pairs = order.filter((k) => base[k] !== undefined).map((k) => [k, base[k]]);
    const wr = (s.esc || s.ws) ? new Rng(0x2000 + cases.length) : null;
    const authJson = writeJson(N.o(pairs), { rng: wr, esc: s.esc || 0, ws: s.ws || 0 });
    const a = JSON.parse(authJson);
    const v1 = canonV1(a), v2 = canonV2(a);
    const verdict = registerVerdict(a);
    assert(verdict === s.expect, `register ${name}: expected ${s.expect}, got ${verdict}`);
    cases.push({ name, authJson, v1Hex: hex(utf8(v1)), v2Hex: hex(utf8(v2)), verdict });
  }

  const peer = 'peer-7f3c9a1e0b2d4c58';
  const prof = () => realisticIdentityProfile(r, peer, 1);
  registerCase('v2-realistic-profile', { profile: prof(), expect: 'v2' });
  registerCase('v2-realistic-profile-legacy', { profile: prof(), legacy: N.s('legacy-peer-0042'), expect: 'v2' });
  registerCase('v2-no-profile-no-legacy', { expect: 'v2' });
  registerCase('v1-old-client-with-profile', { profile: prof(), signOver: 'v1', expect: 'v1' });
  registerCase('v1-old-client-with-legacy', { legacy: N.s('legacy-1'), signOver: 'v1', expect: 'v1' });
  registerCase('legacy-empty-string-omitted', { profile: prof(), legacy: N.s(''), expect: 'v2' });
  registerCase('legacy-null', { profile: prof(), legacy: N.nul(), expect: 'v2' });
  registerCase('legacy-empty-signed-with-it-invalid', {
    legacy: N.s(''), expect: 'invalid',
    signOver: (a) => JSON.stringify({ purpose: 'bootstrap-register', protocol: '1', peerId: a.peerId, timestampMs: a.timestampMs, nonce: a.nonce, signingPublicKey: a.signingPublicKey, legacyPeerId: '' }),
  });
  registerCase('profile-null', { profile: N.nul(), expect: 'v2' });
  registerCase('profile-null-legacy-set', { profile: N.nul(), legacy: N.s('legacy-2'), expect: 'v2' });
  registerCase('profile-empty-object', { profile: N.o([]), expect: 'v2' });
  registerCase('profile-integer-like-keys', {
    profile: N.o([['stableUserId', N.s(peer)], ['b', N.n('1')], ['2', N.n('2')], ['a', N.n('3')], ['1', N.n('4')], ['10', N.n('5')], ['01', N.n('6')],
      ['-1', N.n('7')], ['4294967294', N.n('8')], ['4294967295', N.n('9')], ['1.5', N.n('10')], ['0', N.o([['z', N.n('1')], ['3', N.n('2')]])]]),
    expect: 'v2',
  });
  registerCase('profile-duplicate-keys', {
    profile: N.o([['stableUserId', N.s(peer)], ['a', N.n('1')], ['b', N.n('2')], ['a', N.n('3')], ['7', N.s('x')], ['c', N.o([['k', N.n('1')], ['k', N.nul()]])], ['7', N.s('y')], ['b', N.o([])]]),
    expect: 'v2',
  });
  registerCase('profile-unicode-and-escapes', {
    profile: N.o([['stableUserId', N.s(peer)], ['name', N.s('Анна 中文 😀 é')], ['esc', N.s('q"b\\s/\b\f\n\r\t\u0000\u001f\u007f')], ['ls', N.s('a\u2028b\u2029c')],
      ['lone', N.s('\ud800 \udfff \udc00x x\ud83d')], ['pair', N.s('\ud83d\ude00')], ['k\u2028\ud800', N.b(true)]]),
    esc: 0.3, expect: 'v2',
  });
  registerCase('profile-numbers', {
    profile: N.o([['stableUserId', N.s(peer)], ['big', N.n('1e21')], ['tenth', N.n('0.1')], ['negzero', N.n('-0')], ['trailing', N.n('1.50')],
      ['upper', N.n('1E21')], ['huge', N.n('1e400')], ['int', N.n('1741590002123')], ['unsafe', N.n('9007199254740993')], ['tiny', N.n('5e-324')], ['list', N.a(['1.0', '2e0', '-0.0', '1e-7'].map(N.n))]]),
    expect: 'v2',
  });
  registerCase('profile-stable-user-id-absent', { profile: N.o([['schemaVersion', N.n('1')], ['accountId', N.s('acc-1')]]), expect: 'v2' });
  registerCase('profile-proto-key', { profile: N.o([['stableUserId', N.s(peer)], ['__proto__', N.o([['polluted', N.b(true)]])], ['x', N.n('1')]]), expect: 'v2' });
  registerCase('whitespace-and-escapes-in-auth', { profile: prof(), legacy: N.s('légacy/ид'), esc: 0.4, ws: 0.5, expect: 'v2' });
  registerCase('whitespace-and-escapes-in-auth-v1', { profile: prof(), esc: 0.6, ws: 0.7, signOver: 'v1', expect: 'v1' });
  registerCase('timestamp-trailing-zero', { ts: '1741590002123.0', profile: prof(), expect: 'v2' });
  registerCase('timestamp-exponent-form', { ts: '1.741590002123e12', profile: prof(), expect: 'v2' });
  registerCase('timestamp-exponent-upper', { ts: '174159000212.3E1', expect: 'v2' });
  registerCase('timestamp-fraction', { ts: '1741590002123.5', expect: 'v2' });
  registerCase('timestamp-neg-zero', { ts: '-0', expect: 'v2' });
  registerCase('timestamp-1e21', { ts: '1e21', expect: 'v2' });
  registerCase('timestamp-raw-text-signed-invalid', {
    ts: '1741590002123.0', expect: 'invalid',
    signOver: (a) => canonV2(a).replace('"timestampMs":1741590002123', '"timestampMs":1741590002123.0'),
  });
  registerCase('peer-id-unicode', { peerId: 'пир-😀-\ud800', profile: N.o([['stableUserId', N.s('пир-😀-\ud800')]]), esc: 0.2, expect: 'v2' });
  registerCase('nonce-escapes', { nonce: 'nonce-"\\/\u2028\u0001-é', expect: 'v2' });
  registerCase('wrong-key', { profile: prof(), signer: keys[1], expect: 'invalid' });
  registerCase('keys-in-another-order', {
    profile: prof(), expect: 'invalid',
    signOver: (a) => JSON.stringify({ protocol: '1', purpose: 'bootstrap-register', peerId: a.peerId, timestampMs: a.timestampMs, nonce: a.nonce, signingPublicKey: a.signingPublicKey, identityProfile: a.identityProfile }),
  });
  registerCase('profile-keys-sorted-invalid', {
    profile: N.o([['stableUserId', N.s(peer)], ['b', N.n('1')], ['a', N.n('2')]]), expect: 'invalid',
    signOver: (a) => canonV2(a).replace('"b":1,"a":2', '"a":2,"b":1'),
  });
  registerCase('profile-integer-keys-in-wire-order-invalid', {
    profile: N.o([['stableUserId', N.s(peer)], ['b', N.n('1')], ['2', N.n('2')]]), expect: 'invalid',
    signOver: (a) => canonV2(a).replace('{"2":2,"stableUserId":"' + peer + '","b":1}', '{"stableUserId":"' + peer + '","b":1,"2":2}'),
  });
  registerCase('profile-duplicate-first-value-invalid', {
    profile: N.o([['stableUserId', N.s(peer)], ['a', N.n('1')], ['a', N.n('2')]]), expect: 'invalid',
    signOver: (a) => canonV2(a).replace('"a":2', '"a":1'),
  });
  registerCase('profile-number-text-preserved-invalid', {
    profile: N.o([['stableUserId', N.s(peer)], ['x', N.n('1.50')]]), expect: 'invalid',
    signOver: (a) => canonV2(a).replace('"x":1.5', '"x":1.50'),
  });
  registerCase('profile-uppercase-escape-invalid', {
    profile: N.o([['stableUserId', N.s(peer)], ['x', N.s('\ud800\u0001')]]), expect: 'invalid',
    signOver: (a) => canonV2(a).replace('\\ud800\\u0001', '\\uD800\\u0001'),
  });
  registerCase('profile-escaped-u2028-invalid', {
    profile: N.o([['stableUserId', N.s(peer)], ['x', N.s('a\u2028/')]]), expect: 'invalid',
    signOver: (a) => canonV2(a).replace('a\u2028/', 'a\\u2028\\/'),
  });
  registerCase('key-31-bytes', { keyRaw: keys[0].raw.subarray(0, 31), expect: 'invalid' });
  registerCase('key-33-bytes', { keyRaw: Buffer.concat([keys[0].raw, Buffer.from([0])]), expect: 'invalid' });
  registerCase('signature-63-bytes', { sigBytes: (s) => s.subarray(0, 63), expect: 'invalid' });
  registerCase('signature-65-bytes', { sigBytes: (s) => Buffer.concat([s, Buffer.from([0])]), expect: 'invalid' });
  registerCase('signature-flipped-bit', { profile: prof(), sigBytes: (s) => { const b = Buffer.from(s); b[10] ^= 4; return b; }, expect: 'invalid' });
  registerCase('url-safe-unpadded-key-and-signature', { profile: prof(), keyText: b64url, sigText: b64url, expect: 'v2' });
  registerCase('url-safe-padded-key-and-signature', { keyText: b64urlPad, sigText: b64urlPad, expect: 'v2' });
  registerCase('std-unpadded-key-and-signature', { profile: prof(), keyText: b64stdNoPad, sigText: b64stdNoPad, expect: 'v1', signOver: 'v1' });
  registerCase('key-base64-with-whitespace', { keyText: (k) => b64std(k).slice(0, 8) + ' ' + b64std(k).slice(8), expect: 'invalid' });
  registerCase('signature-base64-mixed-alphabet', {
    expect: 'invalid',
    sigBytes: () => { for (let i = 0; ; i++) { const s = sign(keys[0], utf8('probe-' + i)); const t = b64std(s); if (t.includes('+') || t.includes('/')) return s; } },
    sigText: (s) => { const t = b64std(s); const idx = t.search(/[+/]/); const u = t.replace(/\+/g, '-').replace(/\//g, '_'); return u.slice(0, idx) + t[idx] + u.slice(idx + 1); },
  });
  {
    // a register exactly as the real app sends one: its peerId, its nonce (the time in microseconds), its profile;
    // random data from a generator of its own, so the cases after these stay as they were
    const app = new Rng(0x41505031);
    const key = keyFromSeed(app.bytes(32));
    const appPeer = appPeerId(b64std(key.raw), 'install-7f3c');
    registerCase('v2-app-profile-with-push', { key, peerId: appPeer, nonce: '1741590002123456',
      profile: appIdentityProfile(app, appPeer, b64std(key.raw), true), expect: 'v2' });
    registerCase('v2-app-profile-without-push', { key, peerId: appPeer, nonce: '1741590002123457',
      profile: appIdentityProfile(app, appPeer, b64std(key.raw), false), expect: 'v2' });
  }
  registerCase('auth-field-order-varied', { profile: prof(), legacy: N.s('legacy-3'), order: ['signature', 'identityProfile', 'nonce', 'legacyPeerId', 'signingPublicKey', 'timestampMs', 'peerId', 'scheme'], expect: 'v2' });

  // random identityProfile documents
  for (let i = 0; i < 40; i++) {
    const profile = randomObject(r, r.range(1, 5), 1, 6);
    profile.pairs.unshift(['stableUserId', N.s(peer)]);
    const mode = r.int(8);
    const spec = { profile, esc: r.pick([0, 0.1, 0.3]), ws: r.pick([0, 0.2]), key: r.pick(keys), ts: r.pick(['1741590002123', '1741590002123.0', '1.741590002123e12', '1741590012999']) };
    if (r.chance(0.3)) spec.legacy = r.pick([N.s(''), N.nul(), N.s('legacy-' + randomString(r, 2))]);
    let tag;
    if (mode <= 4) { spec.expect = 'v2'; tag = 'v2'; }
    else if (mode === 5) { spec.expect = 'v1'; spec.signOver = 'v1'; tag = 'v1'; }
    else if (mode === 6) {
      // signer re-serialised the profile with sorted keys -> only valid if nothing changes
      spec.signOver = (a) => { const sortDeep = (v) => (Array.isArray(v) ? v.map(sortDeep) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep(v[k])])) : v); return canonV2({ ...a, identityProfile: sortDeep(a.identityProfile) }); };
      const pre = JSON.parse(canonicalText(profile));
      const same = JSON.stringify(pre) === JSON.stringify((function s(v) { return Array.isArray(v) ? v.map(s) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, s(v[k])])) : v; })(pre));
      spec.expect = same ? 'v2' : 'invalid'; tag = 'sorted-' + spec.expect;
    } else { spec.expect = 'invalid'; spec.signer = keys[(keys.indexOf(spec.key) + 1) % keys.length]; tag = 'wrong-key'; }
    registerCase(`random-${String(i).padStart(2, '0')}-${tag}`, spec);
  }

  return writeVectorFile('register.json',
    'Signal register canonical payloads (PROTOCOL.md §3.1). authJson is payload.auth as the client sends it; v1Hex/v2Hex are ' +
    'the UTF-8 bytes of the v1/v2 canonical JSON built from the parsed auth with JSON.stringify; verdict is which payload the ' +
    'signature verifies against (keys/signatures decoded with the strict contract base64 decoder; wrong lengths -> invalid). ' +
    'Timestamp freshness and nonce replay are NOT part of these vectors.', cases);
}

// ---------------------------------------------------------------------------------------------
// coercion.json — String(v) and Boolean(v) of parsed JSON values: the original signal server builds
// error texts with template literals (`Unknown frame type: ${type}`) and tests fields for truthiness
// (`id || fallback`, `!payload.to`).
// ---------------------------------------------------------------------------------------------

function genCoercion() {
  const r = new Rng(0x434f4552);
  const cases = [];
  const add = (name, input) => {
    const v = JSON.parse(input);
    cases.push({ name, input, string: String(v), truthy: Boolean(v) });
  };
  const fixed = [
    ['string', '"offer"'], ['empty-string', '""'], ['string-with-escapes', '"a\\u0000\\n\\u2028"'],
    ['zero', '0'], ['negative-zero', '-0'], ['one-and-half', '1.50'], ['exponent', '1e21'], ['tiny', '5e-324'],
    ['huge', '1e400'], ['negative-huge', '-1e400'], ['integer', '1741590002123'],
    ['true', 'true'], ['false', 'false'], ['null', 'null'],
    ['empty-object', '{}'], ['object', '{"a":1}'], ['empty-array', '[]'], ['array', '[1,"b",true]'],
    ['array-with-nulls', '[null,1,null]'], ['nested-arrays', '[[1,[2,3]],[],[null]]'],
    ['array-of-objects', '[{},{"a":1}]'], ['array-of-numbers', '[1.50,-0,1e21]'], ['array-of-empty-string', '[""]'],
  ];
  for (const [name, input] of fixed) add(name, input);
  // Objects with their own toString/valueOf keys make String(v) throw in JavaScript (the original server then fails
  // on that frame); Java renders them as "[object Object]", so such values are left out here.
  for (let i = 0; cases.length < fixed.length + 40; i++) {
    const input = canonicalText(randomValue(r, r.range(0, 3)));
    try { String(JSON.parse(input)); } catch (e) { continue; }
    add(`random-${String(i).padStart(2, '0')}`, input);
  }
  return writeVectorFile('coercion.json',
    'JavaScript String(v) and Boolean(v) of JSON.parse(input). A missing property (undefined) is not representable in ' +
    'JSON; String(undefined) is "undefined" and Boolean(undefined) is false.', cases);
}

// ---------------------------------------------------------------------------------------------
// Extra observations about JavaScript behaviour worth knowing on the Java side
// ---------------------------------------------------------------------------------------------

function collectObservations() {
  {
    const k = keyFromSeed(Buffer.alloc(32, 7));
    const m = utf8('x');
    const sg = sign(k, m);
    for (const [label, raw] of [['33-byte (valid key + 1 junk byte)', Buffer.concat([k.raw, Buffer.from([0])])], ['31-byte', k.raw.subarray(0, 31)]]) {
      try {
        const pk = crypto.createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
        observe(`Naive SPKI-prefix concat with a ${label} key: createPublicKey accepts it and crypto.verify returns ${crypto.verify(null, m, pk, sg)} (OpenSSL ignores trailing DER bytes). The vectors follow the contract: not 32 bytes => invalid.`);
      } catch (e) {
        observe(`Naive SPKI-prefix concat with a ${label} key: createPublicKey throws (${e.message}).`);
      }
    }
  }
  const trimmed = [];
  for (let c = 0; c < 0x10000; c++) if (String.fromCharCode(c).trim() === '') trimmed.push(c.toString(16).padStart(4, '0'));
  observe(`String.prototype.trim removes exactly these BMP code units: ${trimmed.join(' ')} (no U+180E, no U+001C..U+001F, no U+0085, no U+200B; but U+00A0, U+2007, U+202F, U+FEFF which Java's Character.isWhitespace does not treat as whitespace).`);
  observe(`JSON.stringify(JSON.parse('{"b":1,"4294967295":2,"4294967294":3,"1":4}')) = ${JSON.stringify(JSON.parse('{"b":1,"4294967295":2,"4294967294":3,"1":4}'))} (4294967294 is the largest index ordered first).`);
  observe(`JSON.parse keeps "__proto__" as an own data property: JSON.stringify(JSON.parse('{"__proto__":1,"a":2,"__proto__":3}')) = ${JSON.stringify(JSON.parse('{"__proto__":1,"a":2,"__proto__":3}'))}.`);
  observe(`Buffer.from('\\ud800','utf8') = ${hex(utf8('\ud800'))}; String(-0) = "${String(-0)}"; String(1e21) = "${String(1e21)}"; String(JSON.parse('999999999999999999999')) = "${String(JSON.parse('999999999999999999999'))}"; String(JSON.parse('1.7976931348623159e308')) = "${String(JSON.parse('1.7976931348623159e308'))}".`);
}

// ---------------------------------------------------------------------------------------------

const t0 = Date.now();
const results = [genNumbers(), genJsonStringify(), genBase64(), genEd25519(), genRelaySignatures(), genRegister(), genCoercion()];
collectObservations();

// Sanity check: read every file back and re-validate basic shape.
for (const res of results) {
  const doc = JSON.parse(fs.readFileSync(path.join(OUT_DIR, res.file), 'utf8'));
  assert(doc.generator === GENERATOR && typeof doc.description === 'string' && Array.isArray(doc.cases), `${res.file}: shape`);
  assert(doc.cases.length === res.count, `${res.file}: count`);
  // raw texts never carry a literal lone surrogate, so converting them to UTF-8 bytes is lossless
  for (const c of [...doc.cases, ...(doc.malformed || [])]) {
    for (const f of ['input', 'body', 'authJson']) {
      if (typeof c[f] === 'string') assert(c[f].isWellFormed(), `${res.file}: ${c.name}.${f} has a literal lone surrogate`);
    }
  }
}

console.log(`vectors written to ${path.relative(process.cwd(), OUT_DIR) || '.'}`);
for (const res of results) {
  const extra = Object.entries(res.extra).map(([k, v]) => `, ${k}: ${v}`).join('');
  console.log(`  ${res.file.padEnd(24)} cases: ${res.count}${extra}`);
}
if (process.argv.includes('--notes')) {
  console.log('\nobservations:');
  for (const o of observations) console.log('  - ' + o);
}
console.log(`done in ${Date.now() - t0} ms`);
