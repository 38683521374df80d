#!/usr/bin/env node
// Differential compatibility check: the same requests and frames to the original Node.js servers and
// to ours, answers compared exactly (status, media type, body text, frame text) after masking only
// what must differ. Differences that PROTOCOL.md wants are known here and reported as expected.
//
// Usage: node tools/compat/compare.mjs <origRelayUrl> <oursRelayUrl> <origSignalUrl> <oursSignalUrl>
//          [--only=relay|signal] [--filter=TEXT] [--verbose] [--json=FILE]
// Node >= 20, no npm packages. Exit code 0 when every difference is an expected one.

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';

// ---------------------------------------------------------------------------------------------
// Lossless JSON tree of what a server sent: key order, number text and string escapes are kept.
// Nodes: {t:'o', e:[[key, node], …]}, {t:'a', e:[node…]}, {t:'s', v:<decoded>, raw:<token text>},
// {t:'n', raw:<token text>}, {t:'b', v}, {t:'z'} (null), {t:'m', v} (a masked value).
// ---------------------------------------------------------------------------------------------

function parseTree(text) {
  let i = 0;
  const ws = () => { while (i < text.length && ' \t\r\n'.includes(text[i])) i++; };
  const fail = () => { throw new SyntaxError(`bad JSON at ${i}`); };
  function value() {
    ws();
    const c = text[i];
    if (c === '{') {
      i++; const e = []; ws();
      if (text[i] === '}') { i++; return { t: 'o', e }; }
      for (;;) {
        ws(); if (text[i] !== '"') fail();
        const k = str().v; ws(); if (text[i] !== ':') fail(); i++;
        e.push([k, value()]); ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return { t: 'o', e }; }
        fail();
      }
    }
    if (c === '[') {
      i++; const e = []; ws();
      if (text[i] === ']') { i++; return { t: 'a', e }; }
      for (;;) {
        e.push(value()); ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return { t: 'a', e }; }
        fail();
      }
    }
    if (c === '"') return str();
    if (text.startsWith('true', i)) { i += 4; return { t: 'b', v: true }; }
    if (text.startsWith('false', i)) { i += 5; return { t: 'b', v: false }; }
    if (text.startsWith('null', i)) { i += 4; return { t: 'z' }; }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0].length === 0) fail();
    i += m[0].length;
    return { t: 'n', raw: m[0] };
  }
  function str() {
    const start = i; i++;
    while (i < text.length && text[i] !== '"') { if (text[i] === '\\') i++; i++; }
    if (i >= text.length) fail();
    i++;
    const raw = text.slice(start, i);
    return { t: 's', v: JSON.parse(raw), raw };
  }
  const v = value(); ws();
  if (i !== text.length) fail();
  return v;
}

/** Serialise a tree. mode 'exact': token texts as received; 'value': strings and numbers normalised
 *  the JavaScript way (JSON.stringify); sortKeys: object keys sorted. */
function treeText(n, mode = 'exact', sortKeys = false) {
  switch (n.t) {
    case 'o': {
      const e = sortKeys ? [...n.e].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)) : n.e;
      return '{' + e.map(([k, v]) => JSON.stringify(k) + ':' + treeText(v, mode, sortKeys)).join(',') + '}';
    }
    case 'a': return '[' + n.e.map((v) => treeText(v, mode, sortKeys)).join(',') + ']';
    case 's': return mode === 'exact' ? n.raw : JSON.stringify(n.v);
    case 'n': return mode === 'exact' ? n.raw : JSON.stringify(JSON.parse(n.raw));
    case 'b': return String(n.v);
    case 'z': return 'null';
    case 'm': return '<' + n.v + '>'; // a masked value
    default: throw new Error('bad node');
  }
}

const S = (v) => ({ t: 's', v, raw: JSON.stringify(v) });
const masked = (what) => ({ t: 'm', v: what });
function get(n, key) {
  if (!n || n.t !== 'o') return undefined;
  for (let j = n.e.length - 1; j >= 0; j--) if (n.e[j][0] === key) return n.e[j][1];
  return undefined;
}
function del(n, key) { if (n && n.t === 'o') n.e = n.e.filter(([k]) => k !== key); }
function set(n, key, v) {
  if (!n || n.t !== 'o') return;
  const slot = n.e.find(([k]) => k === key);
  if (slot) slot[1] = v; else n.e.push([key, v]);
}
/** Replace uuids in server frame ids: srv-<kind>-<uuid v4>. Anything else stays, so another id format shows. */
function maskUuids(n) {
  if (!n) return;
  if (n.t === 's') {
    const m = /^(srv-[a-z-]+?-)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.exec(n.v);
    if (m) { n.t = 'm'; n.v = m[1] + 'uuid'; }
  } else if (n.t === 'o') n.e.forEach(([, v]) => maskUuids(v));
  else if (n.t === 'a') n.e.forEach(maskUuids);
}
/** Mask a value that must be a number (timestamps): anything else stays visible. */
function maskNumber(n, key, label = key) {
  const v = get(n, key);
  if (v && v.t === 'n') set(n, key, masked(label));
}

// ---------------------------------------------------------------------------------------------
// Comparison of two answers, each {head, tree|null, text}.
// ---------------------------------------------------------------------------------------------

/** Describe how two answers differ: null when they are identical. */
function difference(a, b) {
  if (a.head !== b.head) return 'status/content-type';
  if (a.tree && b.tree) {
    if (treeText(a.tree) === treeText(b.tree)) return null;
    if (treeText(a.tree, 'value') === treeText(b.tree, 'value')) {
      const numbersOnly = treeText(a.tree, 'exact') !== treeText(b.tree, 'exact');
      return numbersOnly ? 'number text / string escapes only' : 'text';
    }
    if (treeText(a.tree, 'value', true) === treeText(b.tree, 'value', true)) return 'key order only';
    return 'body';
  }
  return a.text === b.text ? null : 'body';
}

function show(ans, max = 700) {
  const body = ans.tree ? treeText(ans.tree) : JSON.stringify(ans.text);
  const s = `${ans.head} ${body}`;
  return s.length > max ? s.slice(0, max) + `… (${s.length} chars)` : s;
}

// ---------------------------------------------------------------------------------------------
// HTTP: one connection per request with Connection: close, as the app does.
// ---------------------------------------------------------------------------------------------

function httpRequest(base, { method = 'GET', path = '/', headers = {}, body } = {}) {
  const u = new URL(base);
  return new Promise((resolve) => {
    const h = { Connection: 'close', ...headers };
    if (body !== undefined) h['Content-Length'] = Buffer.byteLength(body);
    const req = http.request({ host: u.hostname, port: u.port, method, path, headers: h, agent: false }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(parts).toString('utf8') }));
      res.on('error', (e) => resolve({ status: 0, headers: {}, text: `response error: ${e.message}` }));
    });
    req.setTimeout(30000, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: 0, headers: {}, text: `request error: ${e.code || e.message}` }));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// ---------------------------------------------------------------------------------------------
// A small WebSocket client (RFC 6455) on node:net: masked client frames, text/binary/close/ping,
// fragment reassembly, large lengths. Received messages are queued as events.
// ---------------------------------------------------------------------------------------------

class RawWs {
  static connect(url, { path, headers = {} } = {}) {
    const u = new URL(url);
    return new Promise((resolve, reject) => {
      const sock = net.connect({ host: u.hostname, port: Number(u.port) });
      const key = crypto.randomBytes(16).toString('base64');
      const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
      let buf = Buffer.alloc(0);
      let ws = null;
      const timer = setTimeout(() => { sock.destroy(); reject(new Error('handshake timeout')); }, 5000);
      sock.on('connect', () => sock.write(`GET ${path ?? (u.pathname || '/')} HTTP/1.1\r\nHost: ${u.host}\r\n` +
        `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`));
      sock.on('error', (e) => { if (!ws) { clearTimeout(timer); reject(e); } else ws._event({ type: 'error', message: e.code || e.message }); });
      sock.on('data', (d) => {
        if (ws) return ws._data(d);
        buf = Buffer.concat([buf, d]);
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        clearTimeout(timer);
        const head = buf.subarray(0, end).toString('latin1');
        const status = Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1] || 0);
        if (status !== 101) { sock.destroy(); reject(Object.assign(new Error(`handshake ${status}`), { status, head })); return; }
        const accept = crypto.createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
        if (!head.toLowerCase().includes(accept.toLowerCase())) { sock.destroy(); reject(new Error('bad Sec-WebSocket-Accept')); return; }
        ws = new RawWs(sock);
        resolve(ws);
        const rest = buf.subarray(end + 4);
        if (rest.length) ws._data(rest);
      });
    });
  }

  constructor(sock) {
    this.sock = sock; this.buf = Buffer.alloc(0); this.events = []; this.waiters = [];
    this.frag = null; this.closeSent = false; this.closeReceived = false; this.ended = false;
    sock.on('close', () => {
      this.ended = true;
      if (!this.closeReceived) this._event({ type: 'dropped' });
      this._wake();
    });
  }

  _event(ev) { ev.at = Date.now(); this.events.push(ev); this._wake(); }
  _wake() { const w = this.waiters; this.waiters = []; w.forEach((f) => f()); }

  _data(d) {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const b = this.buf;
      if (b.length < 2) return;
      const fin = (b[0] & 0x80) !== 0, op = b[0] & 0x0f, isMasked = (b[1] & 0x80) !== 0;
      let len = b[1] & 0x7f, off = 2;
      if (len === 126) { if (b.length < 4) return; len = b.readUInt16BE(2); off = 4; }
      else if (len === 127) { if (b.length < 10) return; len = Number(b.readBigUInt64BE(2)); off = 10; }
      let mask = null;
      if (isMasked) { if (b.length < off + 4) return; mask = b.subarray(off, off + 4); off += 4; }
      if (b.length < off + len) return;
      let payload = Buffer.from(b.subarray(off, off + len));
      if (mask) for (let j = 0; j < payload.length; j++) payload[j] ^= mask[j & 3];
      this.buf = b.subarray(off + len);
      this._frame(fin, op, payload, isMasked);
    }
  }

  _frame(fin, op, payload, isMasked) {
    if (isMasked) this._event({ type: 'protocol-error', message: 'server frame is masked' });
    if (op === 0x8) {
      this.closeReceived = true;
      const code = payload.length >= 2 ? payload.readUInt16BE(0) : null;
      const reason = payload.length > 2 ? payload.subarray(2).toString('utf8') : '';
      this._event({ type: 'close', code, reason });
      if (!this.closeSent) { this._send(0x8, payload.subarray(0, 2)); this.closeSent = true; }
      setTimeout(() => this.sock.end(), 50);
      return;
    }
    if (op === 0x9) { this._send(0xA, payload); return; }
    if (op === 0xA) return;
    if (op === 0x1 || op === 0x2) {
      if (fin) this._message(op, payload);
      else this.frag = { op, parts: [payload] };
      return;
    }
    if (op === 0x0 && this.frag) {
      this.frag.parts.push(payload);
      if (fin) { const f = this.frag; this.frag = null; this._message(f.op, Buffer.concat(f.parts)); }
      return;
    }
    this._event({ type: 'protocol-error', message: `opcode ${op}` });
  }

  _message(op, data) {
    this._event(op === 0x1 ? { type: 'text', text: data.toString('utf8') } : { type: 'binary', data });
  }

  _send(op, data) {
    if (this.ended) return;
    const len = data.length;
    const head = len < 126 ? Buffer.from([0x80 | op, 0x80 | len])
      : len < 65536 ? Buffer.from([0x80 | op, 0x80 | 126, len >> 8, len & 0xff])
        : (() => { const h = Buffer.alloc(10); h[0] = 0x80 | op; h[1] = 0x80 | 127; h.writeBigUInt64BE(BigInt(len), 2); return h; })();
    const mask = crypto.randomBytes(4);
    const body = Buffer.from(data);
    for (let j = 0; j < body.length; j++) body[j] ^= mask[j & 3];
    try { this.sock.write(Buffer.concat([head, mask, body])); } catch (_) { /* reported by the socket */ }
  }

  sendText(s) { this._send(0x1, Buffer.from(s, 'utf8')); }
  sendBinary(b) { this._send(0x2, Buffer.from(b)); }
  close(code = 1000, reason = '') {
    if (this.closeSent || this.ended) return;
    this.closeSent = true;
    const p = Buffer.alloc(2 + Buffer.byteLength(reason)); p.writeUInt16BE(code, 0); p.write(reason, 2);
    this._send(0x8, p);
    setTimeout(() => this.sock.destroy(), 500);
  }
  destroy() { this.sock.destroy(); }

  /** Take the events that arrive: wait until `count` events (if given) or until `quietMs` pass without one. */
  async take({ count, quietMs = 300, maxMs = 4000 } = {}) {
    const start = Date.now();
    for (;;) {
      if (count !== undefined && this.events.length >= count) {
        await new Promise((r) => setTimeout(r, 60)); // anything right behind it is reported too
        break;
      }
      const last = this.events.length ? this.events[this.events.length - 1].at : start;
      const now = Date.now();
      if (count === undefined && now - Math.max(last, start) >= quietMs) break;
      if (now - start >= maxMs) break;
      await new Promise((r) => { const t = setTimeout(r, 25); this.waiters.push(() => { clearTimeout(t); r(); }); });
    }
    const ev = this.events; this.events = [];
    return ev;
  }
}

// ---------------------------------------------------------------------------------------------
// Ed25519 and base64 helpers, as the app signs.
// ---------------------------------------------------------------------------------------------

function keypair() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const pub = publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('base64');
  return { privateKey, pub };
}
const signB64 = (bytes, kp) => crypto.sign(null, bytes, kp.privateKey).toString('base64');
const utf8 = (s) => Buffer.from(s, 'utf8');
/** Node's lenient decoder, which the original uses: what the original verifies a signature over. */
const nodeB64 = (s) => (typeof s === 'string' ? Buffer.from(s, 'base64') : Buffer.alloc(0));

/** A JSON number written with its own text (1.50, 1e3, -0): JSON text built by J() keeps it. */
class RawNum { constructor(text) { this.text = text; } }
/** String(number) as JavaScript renders the parsed number: what the signed strings contain. */
const jsNum = (x) => (x instanceof RawNum ? String(JSON.parse(x.text)) : String(x));
/** JSON.stringify that writes RawNum values with their own text. */
function J(obj) {
  const raws = [];
  const text = JSON.stringify(obj, (k, v) => {
    if (v instanceof RawNum) { raws.push(v.text); return `\u0000RAW${raws.length - 1}\u0000`; }
    return v;
  });
  return text.replace(/"\\u0000RAW(\d+)\\u0000"/g, (_, n) => raws[Number(n)]);
}
/** JSON.parse-equivalent value of a body built with RawNum (for signatures). */
const plain = (obj) => JSON.parse(J(obj));

/** Peer-id list normalisation of PROTOCOL.md §2.1 (the original's code). */
function normalise(list, drop) {
  if (!Array.isArray(list)) return [];
  return [...new Set(list.filter((x) => typeof x === 'string').map((x) => x.trim())
    .filter((x) => x.length > 0 && x !== drop))].sort();
}


const argv = process.argv.slice(2);
const flags = Object.fromEntries(argv.filter((a) => a.startsWith('--')).map((a) => {
  const [k, ...v] = a.slice(2).split('='); return [k, v.length ? v.join('=') : true];
}));
const positional = argv.filter((a) => !a.startsWith('--'));
if (positional.length !== 4) {
  console.error('usage: compare.mjs <origRelayUrl> <oursRelayUrl> <origSignalUrl> <oursSignalUrl> [--only=relay|signal] [--filter=TEXT] [--verbose] [--json=FILE]');
  process.exit(2);
}
const [ORIG_RELAY, OURS_RELAY, ORIG_SIGNAL, OURS_SIGNAL] = positional;
const RUN = 'cmp' + Date.now().toString(36) + crypto.randomBytes(2).toString('hex');
const VERBOSE = !!flags.verbose;

// ---------------------------------------------------------------------------------------------
// Verdicts
// ---------------------------------------------------------------------------------------------

// Kinds of known difference:
//   improve  — a deliberate [improve] of PROTOCOL.md (or §3.5 identity binding, itself [improve])
//   contract — PROTOCOL.md asks for something else than the original does (its quirk/bug, not to copy)
//   choice   — the contract is silent or loose; ours is documented in docs/behaviour.md or README.md
const results = [];
const counts = { same: 0, improve: 0, contract: 0, choice: 0, pending: 0, DIFF: 0, 'NOT-AS-EXPECTED': 0, ERROR: 0 };

function matches(ans, m) {
  try { return matches0(ans, m); } catch (_) { return false; }
}
function matches0(ans, m) {
  if (m === undefined) return true;
  if (typeof m === 'function') return !!m(ans);
  if (typeof m === 'number') return ans.status === m;
  if (typeof m === 'string') return ans.json?.error === m;
  if (m.status !== undefined && ans.status !== m.status) return false;
  if (m.error !== undefined && ans.json?.error !== m.error) return false;
  if (m.text !== undefined && (ans.tree ? treeText(ans.tree) : ans.text) !== m.text) return false;
  if (m.fn && !m.fn(ans)) return false;
  return true;
}

function judge(name, request, o, u, expect) {
  const diff = difference(o, u);
  let verdict;
  if (!diff) verdict = expect ? 'NOT-AS-EXPECTED' : 'same';
  else if (expect && matches(o, expect.orig) && matches(u, expect.ours) && (!expect.diffIs || expect.diffIs === diff)) verdict = expect.kind;
  else verdict = expect ? 'NOT-AS-EXPECTED' : 'DIFF';
  // a difference the contract asks for that an open issue is to bring (expect.pending names it)
  if (verdict === 'NOT-AS-EXPECTED' && expect.pending) verdict = 'pending';
  counts[verdict]++;
  const r = { name, verdict, diff, request, original: show(o, 100000), ours: show(u, 100000), why: expect?.why };
  results.push(r);
  const tag = { same: 'same', improve: 'expected', contract: 'expected', choice: 'expected' }[verdict] || verdict;
  if (verdict === 'same') {
    if (VERBOSE) console.log(`[same]     ${name}`);
  } else if (verdict === 'pending') {
    console.log(`[pending ${expect.pending}] ${name} — to come: ${expect.why}`);
  } else if (tag === 'expected') {
    console.log(`[expected] ${name} — expected difference (${verdict}): ${expect.why}`);
    if (VERBOSE) { console.log(`    original: ${show(o)}`); console.log(`    ours:     ${show(u)}`); }
  } else {
    console.log(`[${verdict}] ${name}${diff ? ` (${diff})` : ''}${expect ? ` — expected: ${expect.why}` : ''}`);
    console.log(`    request:  ${request.length > 700 ? request.slice(0, 700) + '…' : request}`);
    console.log(`    original: ${show(o)}`);
    console.log(`    ours:     ${show(u)}`);
  }
  return verdict;
}

function recordError(name, e) {
  counts.ERROR++;
  results.push({ name, verdict: 'ERROR', error: String(e?.stack || e) });
  console.log(`[ERROR] ${name}: ${e?.stack || e}`);
}

function selected(name) {
  if (flags.only && !name.startsWith(flags.only)) return false;
  if (flags.filter && !name.includes(flags.filter)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Relay checks
// ---------------------------------------------------------------------------------------------

function httpAnswer(res, maskKeys = []) {
  const media = String(res.headers['content-type'] || '-').split(';')[0].trim().toLowerCase();
  // Connection: close is part of the head: the app sends it on every request and waits for the end (§3.4)
  const conn = String(res.headers.connection || '').toLowerCase() === 'close' ? ' (Connection: close)' : ' (keep-alive)';
  const ans = { status: res.status, head: `${res.status} ${media}${conn}`, text: res.text, tree: null, json: undefined };
  try { ans.tree = parseTree(res.text); ans.json = JSON.parse(res.text); } catch (_) { /* not JSON */ }
  if (ans.tree) {
    for (const k of maskKeys) {
      if (k === 'ts') maskNumber(ans.tree, 'ts');
      else del(ans.tree, k);
    }
  }
  return ans;
}

/** Send one request to both relays and compare. body: an object (sent as J(body)), or a string/Buffer as is. */
async function rcheck(name, req, opts = {}) {
  name = `relay ${name}`;
  if (!selected(name)) return null;
  const method = req.method || (req.body !== undefined ? 'POST' : 'GET');
  const body = req.body === undefined ? undefined
    : (typeof req.body === 'string' || Buffer.isBuffer(req.body)) ? req.body : J(req.body);
  const headers = { ...(req.headers || {}) };
  if (body !== undefined && req.contentType !== null) headers['Content-Type'] = req.contentType || 'application/json';
  const send = (base) => httpRequest(base, { method, path: req.path, headers, body });
  try {
    // attempts > 1: repeat, and judge the first attempt where a side lost its answer (status 0), so a
    // race (an answer lost while the body is still being written) is reported every run, not now and then
    let ro, ru;
    for (let n = 0; n < (opts.attempts || 1); n++) {
      [ro, ru] = await Promise.all([send(ORIG_RELAY), send(OURS_RELAY)]);
      if (ro.status === 0 || ru.status === 0) break;
    }
    const o = httpAnswer(ro, opts.mask), u = httpAnswer(ru, opts.mask);
    const shown = body === undefined ? '' : ` ${headers['Content-Type'] ? `[${headers['Content-Type']}] ` : '[no Content-Type] '}${Buffer.isBuffer(body) ? `<${body.length} bytes>` : body.length > 2000 ? body.slice(0, 600) + `… (${body.length} chars)` : body}`;
    judge(name, `${method} ${req.path}${shown}`, o, u, opts.expect);
    return { o, u };
  } catch (e) { recordError(name, e); return null; }
}

// Keys and ids of this run (every id carries RUN: ours keeps its data across runs, the original does not).
const KEYS = {};
const key = (who) => (KEYS[who] ||= keypair());
const pid = (who) => `${RUN}-${who}`;
let seq = 0;
const mid = (what = 'm') => `${RUN}-${what}-${++seq}`;
const B64 = (s) => Buffer.from(s, 'utf8').toString('base64');
const NOW = Date.now();

function storeBody({ id = mid(), from = pid('alice'), to = pid('bob'), ts = NOW, ttl = 3600, payload = B64('hello'), signer = from, extra = {}, signingPub } = {}) {
  const kp = key(signer);
  const sig = signB64(Buffer.concat([utf8(`${id}|${from}|${to}|${jsNum(ts)}|${jsNum(ttl)}|`), nodeB64(payload)]), kp);
  return { id, from, to, ts, ttl, payload, ...extra, sig, signingPub: signingPub ?? kp.pub };
}
function ackBody({ id, from = pid('bob'), to = from, ts = NOW, signer = from } = {}) {
  const kp = key(signer);
  return { id, from, to, ts, sig: signB64(utf8(`${id}|${from}|${to}|${jsNum(ts)}`), kp), signingPub: kp.pub };
}
function groupBody({ id = mid('g'), from = pid('alice'), groupId, recipients, ts = NOW, ttl = 3600, payload = B64('group hello'), signer = from } = {}) {
  const kp = key(signer);
  const norm = normalise(recipients, from);
  const sig = signB64(Buffer.concat([utf8(`${id}|${from}|${groupId}|${norm.join(',')}|${jsNum(ts)}|${jsNum(ttl)}|`), nodeB64(payload)]), kp);
  return { id, from, groupId, recipients, ts, ttl, payload, sig, signingPub: kp.pub };
}
function membersBody({ id = mid('mu'), from = pid('alice'), groupId, ownerPeerId = from, memberPeerIds, ts = NOW, ttl = 3600, signer = from } = {}) {
  const kp = key(signer);
  const norm = normalise(memberPeerIds);
  const sig = signB64(utf8(`${id}|${from}|${groupId}|${ownerPeerId}|${norm.join(',')}|${jsNum(ts)}|${jsNum(ttl)}`), kp);
  return { id, from, groupId, ownerPeerId, memberPeerIds, ts, ttl, sig, signingPub: kp.pub };
}
const mimeSigned = (m) => (typeof m === 'string' ? m.trim() : '');
function uploadBody({ id = mid('blob'), from = pid('alice'), groupId = `dm:${pid('alice')}|${pid('bob')}`, fileName = 'photo.jpg', mimeType, omitMime = false, ts = NOW, ttl = 3600, payload = B64('blob bytes'), signer = from, bytes } = {}) {
  const kp = key(signer);
  const sig = signB64(Buffer.concat([utf8(`${id}|${from}|${groupId}|${fileName}|${mimeSigned(mimeType)}|${jsNum(ts)}|${jsNum(ttl)}|`), bytes ?? nodeB64(payload)]), kp);
  const b = { id, from, groupId, fileName };
  if (!omitMime) b.mimeType = mimeType;
  return { ...b, ts, ttl, payload, sig, signingPub: kp.pub };
}
function chunkBody({ id, from = pid('alice'), groupId = `dm:${pid('alice')}|${pid('bob')}`, fileName = 'big.bin', mimeType, omitMime = false, ts = NOW, ttl = 3600, chunkIndex, totalChunks, payload }) {
  const b = { id, from, groupId, fileName };
  if (!omitMime) b.mimeType = mimeType;
  return { ...b, ts, ttl, chunkIndex, totalChunks, payload };
}
function completeBody({ id, from = pid('alice'), groupId = `dm:${pid('alice')}|${pid('bob')}`, fileName = 'big.bin', mimeType, omitMime = false, ts = NOW, ttl = 3600, totalChunks, bytes, signer = from }) {
  const kp = key(signer);
  const sig = signB64(Buffer.concat([utf8(`${id}|${from}|${groupId}|${fileName}|${mimeSigned(mimeType)}|${jsNum(ts)}|${jsNum(ttl)}|`), bytes]), kp);
  const b = { id, from, groupId, fileName };
  if (!omitMime) b.mimeType = mimeType;
  return { ...b, ts, ttl, totalChunks, sig, signingPub: kp.pub };
}
const without = (o, k) => { const c = { ...o }; delete c[k]; return c; };
const withv = (o, k, v) => ({ ...o, [k]: v });
const enc = encodeURIComponent;

// Expectations used in many places
const X = {
  sigType: {
    kind: 'improve', why: '§2.2 [improve]: a non-string sig/signingPub is a 400 (the original answers 401)',
    orig: { status: 401, error: 'invalid signature' }, ours: 400,
  },
  junkPayload: {
    kind: 'improve', why: '§2.2 [improve]: a payload that is not valid base64 is a 400 (the original skips junk characters)',
    ours: { status: 400, error: 'invalid payload encoding' }, orig: (a) => a.status === 200,
  },
  badKeyChars: {
    kind: 'contract', why: '§1: a key/signature with characters outside base64 is an invalid field, 400 on relay (the original skips the junk characters and accepts it)',
    orig: 200, ours: 400,
  },
  mimeType: {
    kind: 'improve', why: '§2.2 [improve]: mimeType other than absent/null/string is a 400 (the original ignores it)',
    orig: 200, ours: 400,
  },
  html404: (why) => ({ kind: 'contract', why: `§1 "Errors are JSON" (${why}): the original answers Express's HTML page`, orig: (a) => a.status === 404 && !a.tree, ours: { status: 404, error: 'not found' } }),
  html405: {
    kind: 'contract', why: '§1/§2.3: a wrong method is 405 {"error":"method not allowed"}; the original answers Express\'s HTML 404 "Cannot <METHOD> <path>"',
    orig: (a) => a.status === 404 && !a.tree, ours: { status: 405, error: 'method not allowed' },
  },
  htmlBody: (why) => ({ kind: 'contract', why: `§2.2 Request bodies (${why}): 400 {"error":"invalid body"}; the original answers Express's HTML 400 page`, orig: (a) => a.status === 400 && !a.tree, ours: { status: 400, error: 'invalid body' } }),
  arrayBody: (origError) => ({ kind: 'contract', why: '§2.2 Request bodies: `[]` is not an object → 400 invalid body; the original lets an array through its typeof check', orig: origError, ours: { status: 400, error: 'invalid body' } }),
  textPlain: (origErr = 'invalid body') => ({ kind: 'contract', why: '§2.2 Request bodies: the body is parsed as JSON whatever its Content-Type; the original\'s express.json() ignores text/plain (req.body undefined)', orig: { status: 400, error: origErr } }),
  numberText: {
    kind: 'contract', why: '§1/§2.2: a stored envelope comes back with its numbers as sent; the original re-serialises them with JSON.stringify',
    diffIs: 'number text / string escapes only',
  },
  deep: {
    kind: 'contract', why: '§1 Bounded nesting: JSON deeper than 64 levels is rejected (400); the original stores it',
    orig: 200, ours: { status: 400, error: 'invalid body' },
  },
};

async function relayBattery() {
  const alice = pid('alice'), bob = pid('bob'), carol = pid('carol'), dave = pid('dave');
  const dm = `dm:${alice}|${bob}`;

  // --- health, capabilities, probe, routes -----------------------------------------------------
  await rcheck('GET /health', { path: '/health' }, { mask: ['ts', 'source'] });
  await rcheck('GET /health?x=1', { path: '/health?x=1' }, { mask: ['ts', 'source'] });
  await rcheck('GET /relay/capabilities', { path: '/relay/capabilities' }, { mask: ['ts', 'source', 'limits'] });
  await rcheck('GET /.well-known/peerlink-source', { path: '/.well-known/peerlink-source' }, {
    expect: { kind: 'choice', why: 'the original\'s AGPL source-offer endpoint; not part of PROTOCOL.md', orig: 200, ours: 404 },
  });
  await rcheck('GET /health/ (trailing slash)', { path: '/health/' }, { mask: ['ts', 'source'] });
  await rcheck('GET //health (double slash)', { path: '//health' }, { mask: ['ts', 'source'],
    expect: { kind: 'choice', why: 'docs/behaviour.md Routes: Helidon collapses repeated slashes, so //health is /health; Express answers 404', orig: 404, ours: 200 } });
  await rcheck('POST /relay/probe/ (trailing slash)', { path: '/relay/probe/', body: { v: '1' } }, { mask: ['ts'] });
  await rcheck('GET /relay/Capabilities (case)', { path: '/relay/Capabilities' }, { mask: ['ts', 'source', 'limits'] });
  await rcheck('GET /HEALTH (case)', { path: '/HEALTH' }, { mask: ['ts', 'source'] });
  await rcheck('HEAD /health', { method: 'HEAD', path: '/health' }, {
    expect: { kind: 'choice', why: 'docs/behaviour.md Routes: "HEAD is not served (405, without a body)"; Express answers HEAD like GET', orig: 200, ours: 405 },
  });
  await rcheck('GET /nope (unknown route)', { path: '/nope' }, { expect: X.html404('unknown route') });
  await rcheck('GET / (unknown route)', { path: '/' }, { expect: X.html404('unknown route') });
  await rcheck('GET /relay (unknown route)', { path: '/relay' }, { expect: X.html404('unknown route') });
  await rcheck('POST /relay/unknown', { path: '/relay/unknown', body: {} }, { expect: X.html404('unknown route') });
  await rcheck('POST /health (wrong method)', { path: '/health', body: {} }, { expect: X.html405 });
  await rcheck('GET /relay/store (wrong method)', { path: '/relay/store' }, { expect: X.html405 });
  await rcheck('PUT /relay/store (wrong method)', { method: 'PUT', path: '/relay/store', body: {} }, { expect: X.html405 });
  await rcheck('DELETE /relay/blob/x (wrong method)', { method: 'DELETE', path: '/relay/blob/x' }, { expect: X.html405 });
  await rcheck('GET /relay/probe (wrong method)', { path: '/relay/probe' }, { expect: X.html405 });
  await rcheck('POST /relay/fetch (wrong method)', { path: '/relay/fetch?to=x', body: {} }, { expect: X.html405 });
  await rcheck('GET /relay/blob/upload (blob named upload)', { path: '/relay/blob/upload' });
  await rcheck('GET /relay/blob/ (empty id)', { path: '/relay/blob/' }, { expect: X.html404('GET /relay/blob/') });

  const probeMask = { mask: ['ts'] };
  await rcheck('probe {}', { path: '/relay/probe', body: {} }, probeMask);
  await rcheck('probe app body', { path: '/relay/probe', body: { v: '1', client: 'peerlink-health-check' } }, probeMask);
  await rcheck('probe v null', { path: '/relay/probe', body: { v: null } }, probeMask);
  await rcheck('probe v "2"', { path: '/relay/probe', body: { v: '2' } }, probeMask);
  await rcheck('probe v 1 (number)', { path: '/relay/probe', body: { v: 1 } }, probeMask);
  await rcheck('probe v ""', { path: '/relay/probe', body: { v: '' } }, probeMask);
  await rcheck('probe v ["1"]', { path: '/relay/probe', body: { v: ['1'] } }, probeMask);
  await rcheck('probe charset=utf-8', { path: '/relay/probe', body: { v: '1' }, contentType: 'application/json; charset=utf-8' }, probeMask);

  // Bodies that are no JSON object, on every POST endpoint.
  const posts = ['/relay/probe', '/relay/store', '/relay/ack', '/relay/group/store', '/relay/group/members/update',
    '/relay/blob/upload', '/relay/blob/upload/chunk', '/relay/blob/upload/complete'];
  const firstKey = { '/relay/probe': null, '/relay/store': 'missing id', '/relay/ack': 'missing id', '/relay/group/store': 'missing id',
    '/relay/group/members/update': 'missing id', '/relay/blob/upload': 'missing id', '/relay/blob/upload/chunk': 'missing id', '/relay/blob/upload/complete': 'missing id' };
  for (const p of posts) {
    await rcheck(`${p} empty body [application/json]`, { path: p, body: '' }, {
      mask: ['ts'],
      expect: { kind: 'contract', why: '§2.2 Request bodies: an empty body is 400 invalid body; the original\'s express.json() turns it into {}', ours: { status: 400, error: 'invalid body' } },
    });
    await rcheck(`${p} empty body [no Content-Type]`, { path: p, body: '', contentType: null });
    await rcheck(`${p} malformed JSON`, { path: p, body: '{"id":' }, { expect: X.htmlBody('malformed JSON') });
    await rcheck(`${p} null`, { path: p, body: 'null' }, { expect: X.htmlBody('null') });
    await rcheck(`${p} 5`, { path: p, body: '5' }, { expect: X.htmlBody('5') });
    await rcheck(`${p} "x"`, { path: p, body: '"x"' }, { expect: X.htmlBody('"x"') });
    await rcheck(`${p} []`, { path: p, body: '[]' }, {
      mask: ['ts'],
      expect: X.arrayBody(p === '/relay/probe' ? 200 : { status: 400, error: firstKey[p] }),
    });
    await rcheck(`${p} text/plain non-JSON`, { path: p, body: 'hello', contentType: 'text/plain' });
    await rcheck(`${p} text/plain {}`, { path: p, body: '{}', contentType: 'text/plain' }, {
      mask: ['ts'],
      expect: { ...X.textPlain(), ours: p === '/relay/probe' ? 200 : { status: 400, error: firstKey[p] } },
    });
  }
  await rcheck('probe text/plain {"v":"1"}', { path: '/relay/probe', body: '{"v":"1"}', contentType: 'text/plain' }, { mask: ['ts'], expect: { ...X.textPlain(), ours: 200 } });
  await rcheck('probe no Content-Type {"v":"1"}', { path: '/relay/probe', body: '{"v":"1"}', contentType: null }, { mask: ['ts'], expect: { ...X.textPlain(), ours: 200 } });
  await rcheck('probe BOM + JSON', { path: '/relay/probe', body: '\ufeff{"v":"1"}' }, { mask: ['ts'] });
  await rcheck('probe JSON with trailing garbage', { path: '/relay/probe', body: '{"v":"1"} x' }, { expect: X.htmlBody('trailing garbage') });

  // --- store ----------------------------------------------------------------------------------
  const base = storeBody({ id: mid('s'), to: pid('base') });
  const storeKeys = ['id', 'from', 'to', 'ts', 'ttl', 'payload', 'sig', 'signingPub'];
  for (const k of storeKeys) await rcheck(`store missing ${k}`, { path: '/relay/store', body: without(base, k) });
  await rcheck('store {}', { path: '/relay/store', body: {} });
  await rcheck('store only sig', { path: '/relay/store', body: { sig: 'x' } });
  const badStrings = [['null', null], ['5', 5], ['true', true], ['{}', {}], ['[]', []]];
  for (const k of ['id', 'from', 'to']) for (const [n, v] of badStrings) await rcheck(`store ${k}=${n}`, { path: '/relay/store', body: withv(base, k, v) });
  const badNums = [['null', null], ['"1"', '1'], ['true', true], ['{}', {}], ['[]', []], ['""', '']];
  for (const k of ['ts', 'ttl']) for (const [n, v] of badNums) await rcheck(`store ${k}=${n}`, { path: '/relay/store', body: withv(base, k, v) });
  const badPayloads = [['null', null], ['5', 5], ['""', ''], ['true', true], ['{}', {}], ['[]', []]];
  for (const [n, v] of badPayloads) await rcheck(`store payload=${n}`, { path: '/relay/store', body: withv(base, 'payload', v) });
  for (const k of ['sig', 'signingPub']) {
    for (const [n, v] of [['null', null], ['5', 5], ['{}', {}], ['[]', []], ['true', true]]) {
      await rcheck(`store ${k}=${n}`, { path: '/relay/store', body: withv(base, k, v) }, { expect: X.sigType });
    }
    await rcheck(`store ${k}=""`, { path: '/relay/store', body: withv(base, k, '') });
  }
  // Validation order: keys → names → ts/ttl → payload → signature.
  await rcheck('store order: missing sig + id=5', { path: '/relay/store', body: withv(without(base, 'sig'), 'id', 5) });
  await rcheck('store order: id=5 + ts="x"', { path: '/relay/store', body: { ...base, id: 5, ts: 'x' } });
  await rcheck('store order: ts="x" + payload=""', { path: '/relay/store', body: { ...base, ts: 'x', payload: '' } });
  await rcheck('store order: payload="" + bad sig', { path: '/relay/store', body: { ...base, payload: '', sig: 'AAAA' } });
  // Signatures
  await rcheck('store bad signature', { path: '/relay/store', body: withv(base, 'sig', storeBody({ id: 'other' }).sig) });
  await rcheck('store signature of another key', { path: '/relay/store', body: withv(base, 'signingPub', key('mallory').pub) });
  await rcheck('store signingPub 31 bytes', { path: '/relay/store', body: withv(base, 'signingPub', Buffer.alloc(31, 7).toString('base64')) });
  await rcheck('store sig 63 bytes', { path: '/relay/store', body: withv(base, 'sig', Buffer.alloc(63, 7).toString('base64')) });
  {
    const j1 = storeBody({ id: mid('s'), to: pid('q-junk-key') }), j2 = storeBody({ id: mid('s'), to: pid('q-junk-key') });
    await rcheck('store signingPub with junk chars', { path: '/relay/store', body: withv(j1, 'signingPub', '***' + j1.signingPub) }, { expect: X.badKeyChars });
    await rcheck('store sig with junk chars', { path: '/relay/store', body: withv(j2, 'sig', j2.sig + '!!') }, { expect: X.badKeyChars });
  }
  await rcheck('store sig urlsafe no padding', { path: '/relay/store', body: storeBodyUrlSafe() });
  {
    const small = Buffer.alloc(32); small[0] = 1;
    const b = storeBody({ id: mid('small'), to: pid('q-small') });
    await rcheck('store small-order key + forged signature', { path: '/relay/store', body: { ...b, signingPub: small.toString('base64'), sig: Buffer.concat([small, Buffer.alloc(32)]).toString('base64') } }, {
      expect: { kind: 'choice', why: 'README "Test vectors": Ed25519 keys of small order (node accepts a forged signature) are rejected', orig: 200, ours: { status: 401, error: 'invalid signature' } },
    });
  }
  // Happy path, duplicates, payload forms
  const q = pid('q1'); // a fresh queue for the fetch checks
  const stored = [];
  const s1 = storeBody({ id: mid('s'), to: q });
  await rcheck('store happy', { path: '/relay/store', body: s1 }); stored.push(s1);
  await rcheck('store duplicate', { path: '/relay/store', body: s1 });
  await rcheck('store same id, other body (duplicate)', { path: '/relay/store', body: storeBody({ id: s1.id, to: q, payload: B64('changed') }) });
  const variants = [
    ['payload unpadded', { payload: 'aGk' }],
    ['payload url-safe', { payload: '-_8=' }],
    ['payload with whitespace', { payload: 'aGVs bG8=' }, X.junkPayload],
    ['payload with junk', { payload: 'aGVsbG8=!!' }, X.junkPayload],
    ['payload only junk', { payload: '!!!!' }, X.junkPayload],
    ['payload "="', { payload: '=' }, X.junkPayload],
    ['payload mixed alphabets', { payload: 'ab+_' }, X.junkPayload],
    ['ts 1.5', { ts: 1.5 }],
    ['ts -0', { ts: new RawNum('-0') }, X.numberText],
    ['ts 1e21', { ts: 1e21 }],
    ['ts as 1.7963e12', { ts: new RawNum('1.7963e12') }, X.numberText],
    ['ts 1741590002123.0', { ts: new RawNum('1741590002123.0') }, X.numberText],
    ['ts 2^53+1', { ts: new RawNum('9007199254740993') }, X.numberText],
    ['ttl 0', { ttl: 0 }],
    ['ttl -1', { ttl: -1 }],
    ['ttl 1.50', { ttl: new RawNum('1.50') }, X.numberText],
    ['ts negative', { ts: -5 }],
    ['extra fields kept', { extra: { zeta: { a: [1, 2, { b: null }], n: new RawNum('10.0') }, 'ünï': '€ \u2028 😀', 7: 'seven', alpha: true } }, X.numberText],
    ['unicode ids', { id: `${RUN}-ïd-😀`, from: `${alice}-é` }],
  ];
  const qn = pid('q-numbers'), qj = pid('q-junk'), qe = pid('q-escapes');
  for (const [n, v, exp] of variants) {
    const b = storeBody({ id: mid('s'), to: exp === X.numberText ? qn : exp ? qj : q, ...v });
    const r = await rcheck(`store ${n}`, { path: '/relay/store', body: b }, { expect: exp && exp !== X.numberText ? exp : undefined });
    if (r && r.o.status === 200) stored.push(b);
  }
  await rcheck('store payload 1 MiB', { path: '/relay/store', body: storeBody({ id: mid('s'), to: pid('q-big'), payload: crypto.randomBytes(1 << 20).toString('base64') }) }, {
    expect: { kind: 'choice', why: 'docs/behaviour.md "Caps": --envelope-limit is 1 MiB of envelope text and a 1 MiB payload is 1.4 MB of base64 (the app sends only text in envelopes; media goes as blobs)', orig: 200, ours: { status: 413, error: 'envelope too large' } },
  });
  await rcheck('fetch stored forms', { path: `/relay/fetch?to=${enc(q)}` });
  await rcheck('fetch stored number forms', { path: `/relay/fetch?to=${enc(qn)}` }, { expect: X.numberText });
  await rcheck('fetch stored junk payloads', { path: `/relay/fetch?to=${enc(qj)}` }, {
    expect: { ...X.junkPayload, why: X.junkPayload.why + ' (the original queued them, ours refused them)', orig: (a) => a.json.messages.length > 0, ours: (a) => a.json.messages.length === 0 },
  });
  {
    // escapes and key order in the posted text; duplicate keys
    const b = storeBody({ id: mid('s'), to: qe, payload: B64('esc') });
    const text = J(b).replace('{"id"', '{"\\u0069d"').replace('"payload"', '"pay\\u006coad"').replace(/}$/, ',"note":"\\u00e9\\/\\ud83d\\ude00\\u2028\\u0001","10":"ten","2":"two"}');
    await rcheck('store \\u escapes in keys and values, integer keys late', { path: '/relay/store', body: text });
    await rcheck('fetch escapes queue', { path: `/relay/fetch?to=${enc(qe)}` });
    const qd = pid('q-dup');
    const b2 = storeBody({ id: mid('s'), to: qd });
    await rcheck('store duplicate key (last wins)', { path: '/relay/store', body: J(b2).replace('{', `{"id":"first-${RUN}",`) });
    const b3 = storeBody({ id: mid('s'), to: qd });
    await rcheck('store whitespace around tokens', { path: '/relay/store', body: '\n ' + JSON.stringify(b3, null, 2) + ' \n' });
    await rcheck('fetch duplicate-key/whitespace queue', { path: `/relay/fetch?to=${enc(qd)}` });
    const deep = storeBody({ id: mid('deep'), to: pid('deepq'), extra: { deep: JSON.parse('['.repeat(100) + ']'.repeat(100)) } });
    await rcheck('store 100-deep extra field', { path: '/relay/store', body: deep }, { expect: X.deep });
    const d64 = storeBody({ id: mid('deep'), to: pid('deepq'), extra: { deep: JSON.parse('['.repeat(62) + ']'.repeat(62)) } });
    await rcheck('store 63-deep body', { path: '/relay/store', body: d64 });
    await rcheck('fetch deep queue', { path: `/relay/fetch?to=${enc(pid('deepq'))}` }, {
      expect: { kind: 'contract', why: '§1 Bounded nesting: the original stored the 100-deep envelope, ours refused it', orig: (a) => a.json?.messages?.length === 2, ours: (a) => a.json?.messages?.length === 1 },
    });
  }

  // --- fetch ----------------------------------------------------------------------------------
  const fq = pid('fq');
  const fids = [];
  for (let i = 0; i < 12; i++) { const b = storeBody({ id: mid('f'), to: fq, payload: B64(`m${i}`) }); fids.push(b.id); await rcheck(`store for fetch #${i}`, { path: '/relay/store', body: b }); }
  await rcheck('fetch missing to', { path: '/relay/fetch' });
  await rcheck('fetch to= (empty)', { path: '/relay/fetch?to=' });
  await rcheck('fetch to twice', { path: `/relay/fetch?to=${enc(fq)}&to=${enc(fq)}` });
  await rcheck('fetch to[]=x', { path: `/relay/fetch?to[]=${enc(fq)}` }, {
    expect: { kind: 'choice', why: 'docs/behaviour.md Routes: unencoded [] in a query is refused before routing (400 bad request); the original\'s qs makes an array of it (400 missing to)', orig: { status: 400, error: 'missing to' }, ours: { status: 400, error: 'bad request' } } });
  await rcheck('fetch unknown recipient', { path: `/relay/fetch?to=${enc(pid('nobody'))}` });
  await rcheck('fetch all', { path: `/relay/fetch?to=${enc(fq)}` });
  const limitCases = ['3', '7x', '0', '', 'abc', '9999', '500', '501', '3.9', ' 4', '+2', '0x10', '1e3', '00005', '12', '13', '1'];
  for (const l of limitCases) await rcheck(`fetch limit=${JSON.stringify(l)}`, { path: `/relay/fetch?to=${enc(fq)}&limit=${enc(l)}` });
  for (const l of ['-5', '-1', '-0', '-50']) {
    await rcheck(`fetch limit=${l}`, { path: `/relay/fetch?to=${enc(fq)}&limit=${l}` }, l === '-0' ? {} : {
      expect: { kind: 'improve', why: '§2.2 Fetch [improve: negative limit → 50]; the original slices with a negative end', ours: (a) => a.json?.messages?.length === 12 },
    });
  }
  await rcheck('fetch limit twice', { path: `/relay/fetch?to=${enc(fq)}&limit=2&limit=3` });
  await rcheck('fetch cursor= (empty)', { path: `/relay/fetch?to=${enc(fq)}&cursor=&limit=2` });
  await rcheck('fetch cursor= on empty queue', { path: `/relay/fetch?to=${enc(pid('nobody'))}&cursor=` });
  await rcheck('fetch unknown cursor', { path: `/relay/fetch?to=${enc(fq)}&cursor=nope&limit=2` });
  await rcheck('fetch unknown cursor, empty queue', { path: `/relay/fetch?to=${enc(pid('nobody'))}&cursor=nope` });
  await rcheck('fetch cursor=#3 limit=2', { path: `/relay/fetch?to=${enc(fq)}&cursor=${enc(fids[2])}&limit=2` });
  await rcheck('fetch cursor=last', { path: `/relay/fetch?to=${enc(fq)}&cursor=${enc(fids[11])}` });
  await rcheck('fetch cursor twice', { path: `/relay/fetch?to=${enc(fq)}&cursor=${enc(fids[2])}&cursor=${enc(fids[5])}` });
  await rcheck('fetch to with spaces (+)', { path: `/relay/fetch?to=a+b` });

  // --- ack -------------------------------------------------------------------------------------
  const a0 = ackBody({ id: fids[0], from: fq });
  const ackKeys = ['id', 'from', 'to', 'ts', 'sig', 'signingPub'];
  for (const k of ackKeys) await rcheck(`ack missing ${k}`, { path: '/relay/ack', body: without(a0, k) });
  for (const k of ['id', 'from', 'to']) for (const [n, v] of badStrings) await rcheck(`ack ${k}=${n}`, { path: '/relay/ack', body: withv(a0, k, v) });
  for (const [n, v] of badNums) await rcheck(`ack ts=${n}`, { path: '/relay/ack', body: withv(a0, 'ts', v) });
  await rcheck('ack ttl ignored (ttl="x")', { path: '/relay/ack', body: withv(ackBody({ id: fids[1], from: fq }), 'ttl', 'x') });
  for (const [n, v] of [['null', null], ['5', 5]]) await rcheck(`ack sig=${n}`, { path: '/relay/ack', body: withv(a0, 'sig', v) }, { expect: X.sigType });
  await rcheck('ack bad signature', { path: '/relay/ack', body: withv(a0, 'sig', ackBody({ id: 'zz', from: fq }).sig) });
  await rcheck('ack happy (from == to)', { path: '/relay/ack', body: a0 });
  await rcheck('ack again', { path: '/relay/ack', body: a0 });
  await rcheck('ack unknown id', { path: '/relay/ack', body: ackBody({ id: mid('never'), from: fq }) });
  await rcheck('fetch after ack', { path: `/relay/fetch?to=${enc(fq)}&limit=3` });
  await rcheck('fetch cursor=acked id', { path: `/relay/fetch?to=${enc(fq)}&cursor=${enc(fids[0])}&limit=2` });
  await rcheck('store acked id again (duplicate)', { path: '/relay/store', body: storeBody({ id: fids[0], to: fq, payload: B64('m0') }) });
  await rcheck('ack from != to (sender acks)', { path: '/relay/ack', body: ackBody({ id: fids[3], from: alice, to: fq }) }, {
    expect: { kind: 'improve', pending: 'issue 13 (identity binding)', why: '§3.5 [improve]: an ack must have from == to (403 ack must come from the recipient)', orig: 200, ours: { status: 403, error: 'ack must come from the recipient' } },
  });
  await rcheck('fetch after foreign ack', { path: `/relay/fetch?to=${enc(fq)}&limit=3` }, {
    expect: { kind: 'improve', pending: 'issue 13 (identity binding)', why: '§3.5 [improve]: the original let a foreign ack delete the envelope', orig: (a) => !a.json.messages.some((m) => m.id === fids[3]), ours: (a) => a.json.messages.some((m) => m.id === fids[3]) },
  });
  await rcheck('ack ts 1.5', { path: '/relay/ack', body: ackBody({ id: fids[4], from: fq, ts: 1.5 }) });
  await rcheck('ack ts as 1.0e3 text', { path: '/relay/ack', body: ackBody({ id: fids[5], from: fq, ts: new RawNum('1.0e3') }) });

  // --- group store ---------------------------------------------------------------------------
  const g1 = `${RUN}-group-1`;
  const gb = groupBody({ groupId: g1, recipients: [` ${bob} `, carol, bob, '', 5, alice, null, `${carol}`] });
  const groupKeys = ['id', 'from', 'groupId', 'recipients', 'ts', 'ttl', 'payload', 'sig', 'signingPub'];
  for (const k of groupKeys) await rcheck(`group store missing ${k}`, { path: '/relay/group/store', body: without(gb, k) });
  for (const k of ['id', 'from', 'groupId']) for (const [n, v] of badStrings) await rcheck(`group store ${k}=${n}`, { path: '/relay/group/store', body: withv(gb, k, v) });
  for (const [n, v] of [['null', null], ['"x"', bob], ['5', 5], ['{}', {}], ['true', true]]) await rcheck(`group store recipients=${n}`, { path: '/relay/group/store', body: withv(gb, 'recipients', v) });
  for (const k of ['ts', 'ttl']) for (const [n, v] of badNums) await rcheck(`group store ${k}=${n}`, { path: '/relay/group/store', body: withv(gb, k, v) });
  for (const [n, v] of [['[]', []], ['[from]', [alice]], ['["", " ", 5]', ['', ' ', 5]], ['[" from "]', [` ${alice} `]]]) await rcheck(`group store recipients=${n}`, { path: '/relay/group/store', body: withv(gb, 'recipients', v) });
  for (const [n, v] of badPayloads) await rcheck(`group store payload=${n}`, { path: '/relay/group/store', body: withv(gb, 'payload', v) });
  for (const [n, v] of [['null', null], ['5', 5]]) await rcheck(`group store signingPub=${n}`, { path: '/relay/group/store', body: withv(gb, 'signingPub', v) }, { expect: X.sigType });
  await rcheck('group store order: recipients="x" + ts="x"', { path: '/relay/group/store', body: { ...gb, recipients: 'x', ts: 'x' } });
  await rcheck('group store order: id=5 + recipients="x"', { path: '/relay/group/store', body: { ...gb, id: 5, recipients: 'x' } });
  await rcheck('group store order: ts="x" + recipients=[]', { path: '/relay/group/store', body: { ...gb, ts: 'x', recipients: [] } });
  await rcheck('group store order: recipients=[] + payload=""', { path: '/relay/group/store', body: { ...gb, recipients: [], payload: '' } });
  await rcheck('group store order: payload="" + bad sig', { path: '/relay/group/store', body: { ...gb, payload: '', sig: 'AAAA' } });
  await rcheck('group store signed over raw recipients (401)', { path: '/relay/group/store', body: { ...gb, sig: signB64(Buffer.concat([utf8(`${gb.id}|${alice}|${g1}|${gb.recipients.join(',')}|${gb.ts}|${gb.ttl}|`), nodeB64(gb.payload)]), key(alice)) } });
  await rcheck('group store junk payload', { path: '/relay/group/store', body: groupBody({ groupId: `${RUN}-group-junk`, recipients: [pid('junk-member')], payload: 'aGk!!' }) }, { expect: X.junkPayload });
  await rcheck('group store happy (new group, provisional)', { path: '/relay/group/store', body: gb });
  await rcheck('group store resend (duplicates)', { path: '/relay/group/store', body: gb });
  await rcheck('fetch bob: fan-out envelope', { path: `/relay/fetch?to=${enc(bob)}` });
  await rcheck('fetch carol: fan-out envelope', { path: `/relay/fetch?to=${enc(carol)}` });
  await rcheck('ack carol group message', { path: '/relay/ack', body: ackBody({ id: gb.id, from: carol }) });
  await rcheck('group store resend after one ack', { path: '/relay/group/store', body: gb });
  await rcheck('group store: recipient subset', { path: '/relay/group/store', body: groupBody({ groupId: g1, recipients: [bob] }) });
  await rcheck('group store: member bob sends', { path: '/relay/group/store', body: groupBody({ from: bob, groupId: g1, recipients: [alice, carol] }) });
  await rcheck('group store: sender not member', { path: '/relay/group/store', body: groupBody({ from: dave, groupId: g1, recipients: [alice] }) });
  await rcheck('group store: recipients not members', { path: '/relay/group/store', body: groupBody({ groupId: g1, recipients: [pid('zed'), bob, dave, pid('amy')] }) });
  await rcheck('group store: 403 before dup', { path: '/relay/group/store', body: { ...gb, from: dave, sig: groupBody({ id: gb.id, from: dave, groupId: g1, recipients: gb.recipients }).sig, signingPub: key(dave).pub } });
  await rcheck('group store: bad sig on known group (401 before 403)', { path: '/relay/group/store', body: { ...groupBody({ from: dave, groupId: g1, recipients: [alice] }), sig: gb.sig } });

  // --- peer-id list normalisation (JavaScript trim and UTF-16 sort, PROTOCOL.md §2.1) ------------
  {
    const odd = [`\u00a0${RUN}-nb\u3000`, `\ufeff${RUN}-bom`, `${RUN}-\u{1F600}`, `${RUN}-\uff46`, `${RUN}-Z`, `${RUN}-a`, `\u2028${RUN}-ls\u2029`, `\t${RUN}-tab\n`, `\u180e${RUN}-mvs`, `\u200b${RUN}-zwsp`, `\u0085${RUN}-nel`];
    const ng = groupBody({ groupId: `${RUN}-norm`, recipients: odd });
    await rcheck('group store: unicode whitespace and UTF-16 order', { path: '/relay/group/store', body: ng });
    await rcheck('fetch a normalised recipient (\u00a0…\u3000 trimmed)', { path: `/relay/fetch?to=${enc(`${RUN}-nb`)}` });
    await rcheck('fetch a recipient kept with U+180E (not whitespace for JS)', { path: `/relay/fetch?to=${enc(`\u180e${RUN}-mvs`)}` });
    await rcheck('fetch a recipient kept with U+0085 (not trimmed by JS)', { path: `/relay/fetch?to=${enc(`\u0085${RUN}-nel`)}` });
    const nm = membersBody({ groupId: `${RUN}-norm-m`, memberPeerIds: [...odd, alice] });
    await rcheck('members: unicode whitespace and UTF-16 order', { path: '/relay/group/members/update', body: nm });
    const gsp = groupBody({ from: `${alice} `, groupId: `${RUN}-norm-from`, recipients: [alice, bob] });
    await rcheck('group store: from with a trailing space is not dropped from recipients', { path: '/relay/group/store', body: gsp });
    const long = 'x'.repeat(1025);
    const ours1024 = (field) => ({ kind: 'choice', why: `docs/behaviour.md "Ids": ${field} longer than 1024 characters is refused (the original stores any length)`, orig: 200, ours: 400 });
    await rcheck('store id of 1025 chars', { path: '/relay/store', body: storeBody({ id: `${RUN}-${long}`, to: pid('q-long') }) }, { expect: ours1024('an id') });
    await rcheck('store to of 1025 chars', { path: '/relay/store', body: storeBody({ id: mid('s'), to: `${RUN}-${long}` }) }, { expect: ours1024('a to') });
    await rcheck('group store recipient of 1025 chars', { path: '/relay/group/store', body: groupBody({ groupId: `${RUN}-long`, recipients: [bob, `${RUN}-${long}`] }) }, { expect: ours1024('a recipient') });
    await rcheck('members entry of 1025 chars', { path: '/relay/group/members/update', body: membersBody({ groupId: `${RUN}-long-m`, memberPeerIds: [alice, `${RUN}-${long}`] }) }, { expect: ours1024('a member id') });
    await rcheck('upload fileName of 1025 chars', { path: '/relay/blob/upload', body: uploadBody({ id: mid('blob'), fileName: long }) }, { expect: ours1024('a fileName') });
    await rcheck('store id of 1024 chars', { path: '/relay/store', body: storeBody({ id: `${RUN}-${long}`.slice(0, 1024), to: pid('q-long') }) });
  }

  // --- members update -------------------------------------------------------------------------
  const g2 = `${RUN}-group-2`;
  const mb = membersBody({ groupId: g2, memberPeerIds: [bob, ` ${alice}`, carol, carol, '', 7] });
  const memberKeys = ['id', 'from', 'groupId', 'ownerPeerId', 'memberPeerIds', 'ts', 'ttl', 'sig', 'signingPub'];
  for (const k of memberKeys) await rcheck(`members missing ${k}`, { path: '/relay/group/members/update', body: without(mb, k) });
  for (const k of ['id', 'from', 'groupId', 'ownerPeerId']) for (const [n, v] of badStrings) await rcheck(`members ${k}=${n}`, { path: '/relay/group/members/update', body: withv(mb, k, v) });
  for (const k of ['ts', 'ttl']) for (const [n, v] of badNums) await rcheck(`members ${k}=${n}`, { path: '/relay/group/members/update', body: withv(mb, k, v) });
  for (const [n, v] of [['null', null], ['"x"', alice], ['5', 5], ['{}', {}], ['[]', []], ['["", 5]', ['', 5]], ['[bob] (owner missing)', [bob]], ['[" "]', [' ']]]) {
    await rcheck(`members memberPeerIds=${n}`, { path: '/relay/group/members/update', body: withv(mb, 'memberPeerIds', v) });
  }
  await rcheck('members from != owner (403 before list and signature)', { path: '/relay/group/members/update', body: { ...mb, ownerPeerId: bob, memberPeerIds: [], sig: 'x' } });
  await rcheck('members order: ts="x" + from != owner', { path: '/relay/group/members/update', body: { ...mb, ownerPeerId: bob, ts: 'x' } });
  await rcheck('members order: empty list + bad sig', { path: '/relay/group/members/update', body: { ...mb, memberPeerIds: [], sig: 'AAAA' } });
  await rcheck('members order: owner missing + sig=5', { path: '/relay/group/members/update', body: { ...mb, memberPeerIds: [bob], sig: 5 } });
  for (const [n, v] of [['null', null], ['5', 5]]) await rcheck(`members sig=${n}`, { path: '/relay/group/members/update', body: withv(mb, 'sig', v) }, { expect: X.sigType });
  await rcheck('members bad signature', { path: '/relay/group/members/update', body: withv(mb, 'sig', membersBody({ groupId: 'x', memberPeerIds: [alice] }).sig) });
  await rcheck('members happy (new group)', { path: '/relay/group/members/update', body: mb });
  await rcheck('members same again', { path: '/relay/group/members/update', body: mb });
  await rcheck('members other owner (409)', { path: '/relay/group/members/update', body: membersBody({ from: bob, groupId: g2, memberPeerIds: [bob, alice] }) });
  await rcheck('members other owner, bad sig (401 before 409)', { path: '/relay/group/members/update', body: { ...membersBody({ from: bob, groupId: g2, memberPeerIds: [bob, alice] }), sig: mb.sig } });
  await rcheck('members shrink', { path: '/relay/group/members/update', body: membersBody({ groupId: g2, memberPeerIds: [alice, bob] }) });
  await rcheck('group store to removed member', { path: '/relay/group/store', body: groupBody({ groupId: g2, recipients: [bob, carol] }) });
  await rcheck('group store by removed member', { path: '/relay/group/store', body: groupBody({ from: carol, groupId: g2, recipients: [bob] }) });
  await rcheck('group store in updated group', { path: '/relay/group/store', body: groupBody({ groupId: g2, recipients: [bob] }) });
  // a provisional group (made by a group store) can be taken over by a members update of another owner
  await rcheck('members update of provisional group by another owner', { path: '/relay/group/members/update', body: membersBody({ from: bob, groupId: g1, memberPeerIds: [bob, dave] }) });
  await rcheck('group store by old provisional owner now outside', { path: '/relay/group/store', body: groupBody({ groupId: g1, recipients: [bob] }) });
  await rcheck('members update ts 1.5 ttl 1e21', { path: '/relay/group/members/update', body: membersBody({ groupId: `${RUN}-group-3`, memberPeerIds: [alice], ts: 1.5, ttl: 1e21 }) });

  // --- blob upload and download ---------------------------------------------------------------
  const ub = uploadBody({ id: mid('blob'), mimeType: 'image/jpeg' });
  const uploadKeys = ['id', 'from', 'groupId', 'fileName', 'ts', 'ttl', 'payload', 'sig', 'signingPub'];
  for (const k of uploadKeys) await rcheck(`upload missing ${k}`, { path: '/relay/blob/upload', body: without(ub, k) });
  for (const k of ['id', 'from', 'groupId', 'fileName']) for (const [n, v] of badStrings) await rcheck(`upload ${k}=${n}`, { path: '/relay/blob/upload', body: withv(ub, k, v) });
  for (const k of ['ts', 'ttl']) for (const [n, v] of badNums) await rcheck(`upload ${k}=${n}`, { path: '/relay/blob/upload', body: withv(ub, k, v) });
  for (const [n, v] of badPayloads) await rcheck(`upload payload=${n}`, { path: '/relay/blob/upload', body: withv(ub, 'payload', v) });
  for (const [n, v] of [['null', null], ['5', 5]]) await rcheck(`upload sig=${n}`, { path: '/relay/blob/upload', body: withv(ub, 'sig', v) }, { expect: X.sigType });
  await rcheck('upload bad signature', { path: '/relay/blob/upload', body: withv(ub, 'sig', uploadBody({ id: 'x' }).sig) });
  await rcheck('upload signed with untrimmed mimeType (401)', { path: '/relay/blob/upload', body: { ...uploadBody({ id: `${RUN}-untrimmed`, mimeType: ' a/b ' }), sig: signB64(Buffer.concat([utf8(`${RUN}-untrimmed|${alice}|${dm}|photo.jpg| a/b |${NOW}|3600|`), nodeB64(ub.payload)]), key(alice)) } });
  await rcheck('upload happy', { path: '/relay/blob/upload', body: ub });
  await rcheck('upload duplicate', { path: '/relay/blob/upload', body: ub });
  await rcheck('upload same id other content (duplicate)', { path: '/relay/blob/upload', body: uploadBody({ id: ub.id, payload: B64('other') }) });
  await rcheck('download happy', { path: `/relay/blob/${enc(ub.id)}` });
  await rcheck('download unknown', { path: `/relay/blob/${enc(mid('nope'))}` });
  await rcheck('download with query', { path: `/relay/blob/${enc(ub.id)}?x=1` });
  const mimeCases = [
    ['absent', { omitMime: true }],
    ['null', { mimeType: null }],
    ['" image/png " padded', { mimeType: ' image/png ' }],
    ['""', { mimeType: '' }],
    ['unicode', { mimeType: 'text/plain; charset=ünï' }],
    ['5', { mimeType: 5 }, X.mimeType],
    ['{}', { mimeType: {} }, X.mimeType],
    ['true', { mimeType: true }, X.mimeType],
  ];
  for (const [n, v, exp] of mimeCases) {
    const b = uploadBody({ id: mid('blob'), ...v });
    await rcheck(`upload mimeType ${n}`, { path: '/relay/blob/upload', body: b }, { expect: exp });
    await rcheck(`download mimeType ${n}`, { path: `/relay/blob/${enc(b.id)}` }, exp ? { expect: { ...exp, orig: 200, ours: 404, why: exp.why + ' (so nothing to download on ours)' } } : {});
  }
  for (const [n, p, exp] of [['unpadded', 'aGk'], ['url-safe', '-_8='], ['junk', 'aGk!!', X.junkPayload], ['empty after decode (=)', '====', X.junkPayload]]) {
    const b = uploadBody({ id: mid('blob'), payload: p });
    await rcheck(`upload payload ${n}`, { path: '/relay/blob/upload', body: b }, { expect: exp });
    await rcheck(`download payload ${n}`, { path: `/relay/blob/${enc(b.id)}` }, exp ? { expect: { ...exp, orig: 200, ours: 404, why: exp.why + ' (so nothing to download on ours)' } } : {
      expect: { kind: 'choice', why: 'docs/behaviour.md Blobs "Download is streamed … the base64 payload encoded on the fly": canonical padded standard base64 of the same bytes; the original echoes the uploaded text', diffIs: 'body', orig: (a) => a.json.sizeBytes === 2, ours: (a) => a.json.payload === Buffer.from(p, 'base64').toString('base64') },
    });
  }
  for (const [n, id] of [['slash', `${RUN}/a/b`], ['space+unicode', `${RUN} é😀`], ['percent', `${RUN}%41`], ['dots', `${RUN}..`]]) {
    const b = uploadBody({ id });
    await rcheck(`upload id with ${n}`, { path: '/relay/blob/upload', body: b });
    await rcheck(`download id with ${n}`, { path: `/relay/blob/${enc(id)}` });
  }
  await rcheck('download id with raw slash', { path: `/relay/blob/${RUN}/a/b` }, { expect: X.html404('GET /relay/blob/a/b') });
  await rcheck('upload profile: groupId', { path: '/relay/blob/upload', body: uploadBody({ id: mid('avatar'), groupId: `profile:${alice}`, fileName: 'avatar.png', mimeType: 'image/png' }) });
  await rcheck('upload into a group alice is not in (no membership check)', { path: '/relay/blob/upload', body: uploadBody({ id: mid('blob'), from: carol, groupId: g2 }) });
  await rcheck('upload ttl 0', { path: '/relay/blob/upload', body: uploadBody({ id: `${RUN}-ttl0`, ttl: 0 }) });
  await rcheck('download ttl 0 blob', { path: `/relay/blob/${enc(`${RUN}-ttl0`)}` });

  // --- chunked upload -------------------------------------------------------------------------
  const cid = mid('chunked');
  const partA = Buffer.from('first chunk|'), partB = Buffer.from('second chunk');
  const c0 = chunkBody({ id: cid, mimeType: 'text/plain', chunkIndex: 0, totalChunks: 2, payload: partA.toString('base64') });
  const chunkKeys = ['id', 'from', 'groupId', 'fileName', 'ts', 'ttl', 'chunkIndex', 'totalChunks', 'payload'];
  for (const k of chunkKeys) await rcheck(`chunk missing ${k}`, { path: '/relay/blob/upload/chunk', body: without(c0, k) });
  for (const k of ['id', 'from', 'groupId', 'fileName']) for (const [n, v] of badStrings) await rcheck(`chunk ${k}=${n}`, { path: '/relay/blob/upload/chunk', body: withv(c0, k, v) });
  for (const k of ['ts', 'ttl']) for (const [n, v] of badNums) await rcheck(`chunk ${k}=${n}`, { path: '/relay/blob/upload/chunk', body: withv(c0, k, v) });
  const badInts = [['null', null], ['"0"', '0'], ['1.5', 1.5], ['true', true], ['{}', {}], ['[]', []], ['1e400', new RawNum('1e400')]];
  for (const k of ['chunkIndex', 'totalChunks']) for (const [n, v] of badInts) await rcheck(`chunk ${k}=${n}`, { path: '/relay/blob/upload/chunk', body: withv(c0, k, v) });
  for (const [n, ci, tc] of [['index -1', -1, 2], ['index == total', 2, 2], ['index > total', 5, 2], ['total 0', 0, 0], ['total -1', 0, -1], ['total 10001', 0, 10001], ['index 10000 total 10000', 10000, 10000]]) {
    await rcheck(`chunk range: ${n}`, { path: '/relay/blob/upload/chunk', body: { ...c0, id: mid('range'), chunkIndex: ci, totalChunks: tc } });
  }
  await rcheck('chunk range: index 9999 total 10000 (ok)', { path: '/relay/blob/upload/chunk', body: { ...c0, id: mid('range'), chunkIndex: 9999, totalChunks: 10000 } });
  await rcheck('chunk 1.0 and 2.0 (integers as 1.0)', { path: '/relay/blob/upload/chunk', body: { ...c0, id: mid('float'), chunkIndex: new RawNum('1.0'), totalChunks: new RawNum('2.0') } });
  await rcheck('chunk 1e0 and 2E0', { path: '/relay/blob/upload/chunk', body: { ...c0, id: mid('float'), chunkIndex: new RawNum('1e0'), totalChunks: new RawNum('2E0') } });
  await rcheck('chunk -0', { path: '/relay/blob/upload/chunk', body: { ...c0, id: mid('float'), chunkIndex: new RawNum('-0'), totalChunks: 1 } });
  for (const [n, v] of badPayloads) await rcheck(`chunk payload=${n}`, { path: '/relay/blob/upload/chunk', body: withv(c0, 'payload', v) });
  await rcheck('chunk payload junk', { path: '/relay/blob/upload/chunk', body: { ...c0, id: mid('junk'), payload: 'aGk!!' } }, { expect: X.junkPayload });
  await rcheck('chunk order: ts="x" + chunkIndex="x"', { path: '/relay/blob/upload/chunk', body: { ...c0, ts: 'x', chunkIndex: 'x' } });
  await rcheck('chunk order: chunkIndex="x" + payload=""', { path: '/relay/blob/upload/chunk', body: { ...c0, chunkIndex: 'x', payload: '' } });
  await rcheck('chunk order: range + payload=""', { path: '/relay/blob/upload/chunk', body: { ...c0, chunkIndex: 9, payload: '' } });
  await rcheck('chunk mimeType=5 (ignored by the original)', { path: '/relay/blob/upload/chunk', body: { ...c0, id: mid('mime5'), mimeType: 5 } }, { expect: X.mimeType });
  await rcheck('chunk 0 of 2', { path: '/relay/blob/upload/chunk', body: c0 });
  await rcheck('chunk 0 again (replace)', { path: '/relay/blob/upload/chunk', body: c0 });
  await rcheck('chunk totalChunks mismatch', { path: '/relay/blob/upload/chunk', body: { ...c0, chunkIndex: 1, totalChunks: 3 } });
  await rcheck('chunk order: payload="" + totalChunks mismatch', { path: '/relay/blob/upload/chunk', body: { ...c0, chunkIndex: 1, totalChunks: 3, payload: '' } });
  await rcheck('chunk other from = other session', { path: '/relay/blob/upload/chunk', body: { ...c0, from: bob, totalChunks: 5 } });
  const full = Buffer.concat([partA, partB]);
  const cc = completeBody({ id: cid, mimeType: 'text/plain', totalChunks: 2, bytes: full });
  const completeKeys = ['id', 'from', 'groupId', 'fileName', 'ts', 'ttl', 'totalChunks', 'sig', 'signingPub'];
  for (const k of completeKeys) await rcheck(`complete missing ${k}`, { path: '/relay/blob/upload/complete', body: without(cc, k) });
  for (const k of ['id', 'from', 'groupId', 'fileName']) for (const [n, v] of badStrings) await rcheck(`complete ${k}=${n}`, { path: '/relay/blob/upload/complete', body: withv(cc, k, v) });
  for (const k of ['ts', 'ttl']) for (const [n, v] of badNums) await rcheck(`complete ${k}=${n}`, { path: '/relay/blob/upload/complete', body: withv(cc, k, v) });
  for (const [n, v] of [...badInts, ['0', 0], ['-1', -1], ['10001', 10001]]) await rcheck(`complete totalChunks=${n}`, { path: '/relay/blob/upload/complete', body: withv(cc, 'totalChunks', v) });
  await rcheck('complete order: totalChunks=0 + no session', { path: '/relay/blob/upload/complete', body: { ...cc, id: mid('nosession'), totalChunks: 0 } });
  await rcheck('complete no session', { path: '/relay/blob/upload/complete', body: { ...cc, id: mid('nosession') } });
  await rcheck('complete no session + bad sig (404 first)', { path: '/relay/blob/upload/complete', body: { ...cc, id: mid('nosession'), sig: 'AAAA' } });
  await rcheck('complete missing chunks', { path: '/relay/blob/upload/complete', body: cc });
  await rcheck('complete missing chunks + bad sig (409 first)', { path: '/relay/blob/upload/complete', body: { ...cc, sig: 5 } });
  await rcheck('chunk 1 of 2', { path: '/relay/blob/upload/chunk', body: { ...c0, chunkIndex: 1, payload: partB.toString('base64'), mimeType: 'application/ignored', fileName: 'ignored.bin' } });
  await rcheck('complete totalChunks 3 (more than the session)', { path: '/relay/blob/upload/complete', body: completeBody({ id: cid, mimeType: 'text/plain', totalChunks: 3, bytes: full }) });
  await rcheck('complete bad signature', { path: '/relay/blob/upload/complete', body: withv(cc, 'sig', completeBody({ id: cid, totalChunks: 2, bytes: partA }).sig) });
  await rcheck('complete sig=5', { path: '/relay/blob/upload/complete', body: withv(cc, 'sig', 5) }, { expect: X.sigType });
  await rcheck('complete happy', { path: '/relay/blob/upload/complete', body: cc });
  await rcheck('complete again (session gone)', { path: '/relay/blob/upload/complete', body: cc });
  await rcheck('download chunked blob', { path: `/relay/blob/${enc(cid)}` });
  // a second session for an existing blob id → duplicate:true on complete
  await rcheck('chunk for existing blob id', { path: '/relay/blob/upload/chunk', body: chunkBody({ id: cid, mimeType: 'text/plain', chunkIndex: 0, totalChunks: 1, payload: B64('again') }) });
  await rcheck('complete for existing blob id (duplicate)', { path: '/relay/blob/upload/complete', body: completeBody({ id: cid, mimeType: 'text/plain', totalChunks: 1, bytes: Buffer.from('again') }) });
  await rcheck('download existing blob kept', { path: `/relay/blob/${enc(cid)}` });
  // metadata: the first chunk fixes it (PROTOCOL.md §2.2 mimeType)
  {
    const id = mid('meta');
    await rcheck('meta: chunk 0 mimeType " text/plain "', { path: '/relay/blob/upload/chunk', body: chunkBody({ id, mimeType: ' text/plain ', fileName: 'a.txt', chunkIndex: 0, totalChunks: 1, payload: B64('meta') }) });
    await rcheck('meta: complete with mimeType "application/pdf", fileName b.pdf', { path: '/relay/blob/upload/complete', body: completeBody({ id, mimeType: 'application/pdf', fileName: 'b.pdf', totalChunks: 1, bytes: Buffer.from('meta') }) });
    await rcheck('meta: download', { path: `/relay/blob/${enc(id)}` }, {
      expect: { kind: 'contract', why: '§2.2 mimeType: "for a chunked upload the session\'s first chunk fixes the metadata"; the original takes fileName/mimeType from the complete request', orig: (a) => a.json?.mimeType === 'application/pdf', ours: (a) => a.json?.mimeType === ' text/plain ' && a.json?.fileName === 'a.txt' },
    });
    const id2 = mid('meta');
    await rcheck('meta2: chunk 0 without mimeType', { path: '/relay/blob/upload/chunk', body: chunkBody({ id: id2, omitMime: true, chunkIndex: 0, totalChunks: 1, payload: B64('meta2') }) });
    await rcheck('meta2: complete without mimeType', { path: '/relay/blob/upload/complete', body: completeBody({ id: id2, omitMime: true, totalChunks: 1, bytes: Buffer.from('meta2') }) });
    await rcheck('meta2: download (mimeType null)', { path: `/relay/blob/${enc(id2)}` });
    const id3 = mid('meta');
    await rcheck('meta3: chunk 0 mimeType image/png', { path: '/relay/blob/upload/chunk', body: chunkBody({ id: id3, mimeType: 'image/png', chunkIndex: 0, totalChunks: 1, payload: B64('meta3') }) });
    await rcheck('meta3: complete same mimeType', { path: '/relay/blob/upload/complete', body: completeBody({ id: id3, mimeType: 'image/png', totalChunks: 1, bytes: Buffer.from('meta3') }) });
    await rcheck('meta3: download', { path: `/relay/blob/${enc(id3)}` });
  }
  // out-of-order chunks; a gap the original reports as "missing chunk i"
  {
    const id = mid('ooo');
    const parts = ['AAA', 'BBB', 'CCC'].map((s) => Buffer.from(s));
    for (const i of [2, 0, 1]) await rcheck(`ooo: chunk ${i} of 3`, { path: '/relay/blob/upload/chunk', body: chunkBody({ id, mimeType: 'x/y', chunkIndex: i, totalChunks: 3, payload: parts[i].toString('base64') }) });
    await rcheck('ooo: complete', { path: '/relay/blob/upload/complete', body: completeBody({ id, mimeType: 'x/y', totalChunks: 3, bytes: Buffer.concat(parts) }) });
    await rcheck('ooo: download', { path: `/relay/blob/${enc(id)}` });
    const sid = mid('short');
    await rcheck('short: chunk 0 of 2', { path: '/relay/blob/upload/chunk', body: chunkBody({ id: sid, chunkIndex: 0, totalChunks: 2, payload: B64('AAA') }) });
    await rcheck('short: complete totalChunks 1 over a session of 2', { path: '/relay/blob/upload/complete', body: completeBody({ id: sid, totalChunks: 1, bytes: Buffer.from('AAA') }) }, {
      expect: { kind: 'choice', why: 'the original materialises a truncated blob when complete names fewer chunks than the session; ours refuses (409 totalChunks mismatch); PROTOCOL.md is silent', orig: 200, ours: { status: 409, error: 'totalChunks mismatch' } },
    });
    await rcheck('short: download', { path: `/relay/blob/${enc(sid)}` }, { expect: { kind: 'choice', why: '(the truncated blob of the previous check exists only on the original)', orig: 200, ours: { status: 404, error: 'blob not found' } } });
    const gid = mid('gap');
    await rcheck('gap: chunk 0 of 3', { path: '/relay/blob/upload/chunk', body: chunkBody({ id: gid, chunkIndex: 0, totalChunks: 3, payload: B64('AAA') }) });
    await rcheck('gap: chunk 2 of 3', { path: '/relay/blob/upload/chunk', body: chunkBody({ id: gid, chunkIndex: 2, totalChunks: 3, payload: B64('CCC') }) });
    await rcheck('gap: complete totalChunks 2 over chunks {0,2}', { path: '/relay/blob/upload/complete', body: completeBody({ id: gid, totalChunks: 2, bytes: Buffer.from('AAACCC') }) }, {
      expect: { kind: 'choice', why: 'the original\'s 409 "missing chunk 1" is not a text of §2.3; ours answers the listed 409 totalChunks mismatch (complete names another count than the session)', orig: { status: 409, error: 'missing chunk 1' }, ours: { status: 409, error: 'totalChunks mismatch' } },
    });
  }

  // --- body size ------------------------------------------------------------------------------
  {
    const big = storeBody({ id: mid('big'), to: pid('bigq'), payload: Buffer.alloc(21 * 1024 * 1024, 1).toString('base64').slice(0, 21 * 1024 * 1024) });
    await rcheck('store 21 MiB body (413)', { path: '/relay/store', body: J(big) }, {
      attempts: 5,
      expect: { kind: 'contract', why: '§1/§2.2: 413 with a JSON body {"error":"payload too large"}; the original answers Express\'s HTML 413 page', orig: (a) => a.status === 413 && !a.tree, ours: { status: 413, error: 'payload too large' } },
    });
  }
}

function storeBodyUrlSafe() {
  const b = storeBody({ id: mid('s'), to: pid('base') });
  return { ...b, sig: b.sig.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), signingPub: b.signingPub.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') };
}

// ---------------------------------------------------------------------------------------------
// Signal checks: a scenario opens connection pairs (one to each server), sends the same frames on
// both and compares what each connection receives.
// ---------------------------------------------------------------------------------------------

let scenarioNo = 0;
let nonceCounter = 0;
const freshNonce = () => String(Date.now() * 1000 + (++nonceCounter % 1000));

function maskFrameTree(t, ctx) {
  maskUuids(t);
  const type = get(t, 'type');
  const payload = get(t, 'payload');
  if (type?.v === 'register_ack' && payload?.t === 'o') {
    del(payload, 'source');
    const sid = get(payload, 'sessionId');
    if (sid && (sid.t === 's' || sid.t === 'z')) set(payload, 'sessionId', masked('sessionId'));
  }
  if (type?.v === 'presence_update') maskNumber(payload, 'lastSeenMs');
  if (type?.v === 'peers' && payload?.t === 'o') {
    const peers = get(payload, 'peers');
    if (peers?.t === 'a') {
      peers.e = peers.e.filter((p) => p.t !== 's' || ctx.peers.has(p.v)).sort((a, b) => (a.v < b.v ? -1 : a.v > b.v ? 1 : 0));
    }
    const ls = get(payload, 'lastSeenMsByPeer');
    if (ls?.t === 'o') {
      ls.e = ls.e.filter(([k]) => ctx.peers.has(k)).sort((a, b) => (a[0] < b[0] ? -1 : 1))
        .map(([k, v]) => [k, v.t === 'n' ? masked('ms') : v]);
    }
  }
}

function eventNode(ev, ctx) {
  if (ev.type === 'text') {
    try { const t = parseTree(ev.text); maskFrameTree(t, ctx); return t; } catch (_) { return S(`text (not JSON): ${ev.text}`); }
  }
  if (ev.type === 'binary') return S(`binary frame: ${ev.data.toString('hex').slice(0, 200)}`);
  if (ev.type === 'close') return S(`close ${ev.code} ${JSON.stringify(ev.reason)}`);
  return S(ev.type + (ev.message ? `: ${ev.message}` : ''));
}

function framesAnswer(events, ctx) {
  const tree = { t: 'a', e: events.map((ev) => eventNode(ev, ctx)) };
  return { head: `${events.length} event(s)`, tree, text: treeText(tree), status: events.length, events, json: undefined };
}

class PairConn {
  constructor(ctx, label, o, u) { this.ctx = ctx; this.label = label; this.o = o; this.u = u; this.log = []; }
  send(text) { this.o.sendText(text); this.u.sendText(text); this.log.push(text); return this; }
  sendBinary(buf) { this.o.sendBinary(buf); this.u.sendBinary(buf); this.log.push(`<binary ${buf.length} bytes> ${buf.toString('utf8').slice(0, 300)}`); return this; }
  close(code, reason) { this.o.close(code, reason); this.u.close(code, reason); }
  destroy() { this.o.destroy(); this.u.destroy(); }
  /** Receive on both and compare. opts: count (events expected), quietMs, expect. */
  async expect(name, opts = {}) {
    const [eo, eu] = await Promise.all([this.o.take(opts), this.u.take(opts)]);
    const full = `signal ${this.ctx.name} / ${name} [${this.label}]`;
    const request = this.log.length ? this.log.map((s) => (s.length > 900 ? s.slice(0, 900) + `… (${s.length} chars)` : s)).join('\n              ') : '(nothing sent on this connection)';
    this.log = [];
    judge(full, request, framesAnswer(eo, this.ctx), framesAnswer(eu, this.ctx), opts.expect);
    return { eo, eu };
  }
}

async function scenario(name, fn) {
  const full = `signal ${name}`;
  if (!selected(full)) return;
  const ctx = {
    name, no: ++scenarioNo, peers: new Set(), conns: [],
    peer(who) { const p = `${RUN}-s${this.no}-${who}`; this.peers.add(p); return p; },
    async open(label, { path = '/', headers = {} } = {}) {
      const [o, u] = await Promise.all([RawWs.connect(ORIG_SIGNAL, { path, headers }), RawWs.connect(OURS_SIGNAL, { path, headers })]);
      const c = new PairConn(this, label, o, u); this.conns.push(c); return c;
    },
  };
  try {
    await fn(ctx);
  } catch (e) {
    recordError(full, e);
  } finally {
    for (const c of ctx.conns) c.destroy();
    await new Promise((r) => setTimeout(r, 80));
  }
}

function identityProfile(peerId, kp, extra = {}) {
  return {
    schemaVersion: 2, accountId: `acc-${peerId}`, activeAccountId: `acc-${peerId}`, homeAccountId: `acc-${peerId}`,
    deviceId: peerId, stableUserId: peerId, deviceInstallIdHash: crypto.createHash('sha256').update(peerId).digest('hex'),
    publicKey: kp.pub, agreementPublicKey: crypto.randomBytes(32).toString('base64'),
    accountIdentity: { accountId: `acc-${peerId}`, displayName: 'Ünïcode Näme 😀', createdAtMs: 1741590002123 },
    endpoint: { endpointId: null, push: { provider: 'fcm', tokenHash: null } },
    ...extra,
  };
}

/**
 * A register frame signed as the app signs it (PROTOCOL.md §3.1, v2 canonical payload).
 * opts: id, kp, ts, nonce, legacyPeerId, identityProfile (object; or a raw JSON text via profileText),
 * signOver ('v2' | 'v1' | Buffer), mutate(auth) after signing, frameExtra.
 */
function registerFrame(peerId, kp, opts = {}) {
  const ts = opts.ts ?? Date.now();
  const nonce = opts.nonce ?? freshNonce();
  const auth = { scheme: 'peerlink-ed25519-v1', peerId, timestampMs: ts, nonce, signingPublicKey: kp.pub, signature: '' };
  if (opts.legacyPeerId !== undefined) auth.legacyPeerId = opts.legacyPeerId;
  if (opts.identityProfile !== undefined) auth.identityProfile = opts.identityProfile;
  const canon = { purpose: 'bootstrap-register', protocol: '1', peerId, timestampMs: plain({ x: ts }).x, nonce, signingPublicKey: kp.pub };
  const v1 = JSON.stringify(canon);
  if (typeof auth.legacyPeerId === 'string' && auth.legacyPeerId.length > 0) canon.legacyPeerId = auth.legacyPeerId;
  const prof = opts.profileText !== undefined ? JSON.parse(opts.profileText) : (auth.identityProfile !== undefined ? plain({ x: auth.identityProfile }).x : undefined);
  if (prof && typeof prof === 'object') canon.identityProfile = prof;
  const v2 = JSON.stringify(canon);
  const bytes = Buffer.isBuffer(opts.signOver) ? opts.signOver : utf8(opts.signOver === 'v1' ? v1 : opts.signOverText ?? v2);
  auth.signature = signB64(bytes, kp);
  if (opts.mutate) opts.mutate(auth);
  let text = J({ v: '1', id: opts.id ?? 'reg-1', type: 'register', payload: { peerId, auth }, ...(opts.frameExtra || {}) });
  if (opts.profileText !== undefined) text = text.replace('"__PROFILE__"', opts.profileText);
  return text;
}

const F = (type, payload, id = `c-${type}`) => JSON.stringify({ v: '1', id, type, payload });
const errIs = (code, message) => (a) => a.events.length >= 1 && (() => { const f = JSON.parse(a.events[0].text); return f.type === 'error' && f.payload.code === code && (message === undefined || f.payload.message === message); })();

async function signalBattery() {
  // --- frames on an unregistered connection ---------------------------------------------------
  await scenario('frames before register', async (ctx) => {
    const c = await ctx.open('c');
    const one = { count: 1 };
    for (const [n, t] of [['"{"', '{'], ['empty text', ''], ['truncated object', '{"v":"1"'], ['bare word', 'hello'], ['NaN', 'NaN'], ['trailing comma', '{"v":"1",}'], ['single quotes', "{'v':'1'}"]]) {
      c.send(t); await c.expect(`not JSON: ${n}`, one);
    }
    for (const [n, t] of [['5', '5'], ['[]', '[]'], ['"x"', '"x"'], ['true', 'true'], ['[1,2]', '[1,2]'], ['{}', '{}'], ['{"id":"a"} (no v)', '{"id":"a","type":"ping"}']]) {
      c.send(t); await c.expect(`INVALID_VERSION: ${n}`, one);
    }
    for (const [n, v] of [['"2"', '2'], ['1 (number)', 1], ['" 1"', ' 1'], ['null', null], ['["1"]', ['1']]]) {
      c.send(JSON.stringify({ v, id: `ver-${n}`, type: 'ping' })); await c.expect(`INVALID_VERSION: v=${n}`, one);
    }
    const ids = [['"abc"', '"abc"'], ['42', '42'], ['1.50', '1.50'], ['""', '""'], ['0', '0'], ['false', 'false'], ['null', 'null'], ['true', 'true'], ['{"a":1}', '{"a":1}'], ['[1]', '[1]'], ['[]', '[]'], ['"é😀"', '"\\u00e9😀"'], ['-0', '-0'], ['1e2', '1e2']];
    for (const [n, idText] of ids) {
      c.send(`{"v":"2","id":${idText},"type":"ping"}`);
      await c.expect(`error frame id reuse: id=${n}`, one);
    }
    c.send('{"v":"2","type":"ping"}'); await c.expect('error frame id reuse: id missing', one);
    for (const [n, typeText] of [['"foo"', '"foo"'], ['missing', undefined], ['5', '5'], ['["a","b"]', '["a","b"]'], ['[]', '[]'], ['null', 'null'], ['{}', '{}'], ['"PING"', '"PING"'], ['"register "', '"register "'], ['"pong"', '"pong"'], ['"register_ack"', '"register_ack"'], ['"error"', '"error"'], ['true', 'true'], ['1.50', '1.50'], ['"é\\u2028"', '"é\\u2028"'], ['[[1,2],null,3]', '[[1,2],null,3]']]) {
      c.send(`{"v":"1","id":"u-${n.replace(/"/g, '')}"${typeText === undefined ? '' : `,"type":${typeText}`},"payload":{}}`);
      await c.expect(`UNKNOWN_TYPE: type=${n}`, one);
    }
    for (const t of ['signal', 'ping', 'peers_request']) {
      c.send(F(t, { to: 'x' }, `nr-${t}`)); await c.expect(`NOT_REGISTERED: ${t}`, one);
      c.send(JSON.stringify({ v: '1', type: t })); await c.expect(`NOT_REGISTERED: ${t} without id/payload`, one);
    }
    c.sendBinary(Buffer.from(F('ping', {}, 'bin-1'))); await c.expect('binary frame: ping before register', one);
    c.sendBinary(Buffer.from('{nope')); await c.expect('binary frame: not JSON', one);
    c.sendBinary(Buffer.from([0xff, 0xfe, 0x7b])); await c.expect('binary frame: invalid UTF-8', one);
    c.send('  {"v":"1" , "id":"ws-1", "type":"ping"}  '); await c.expect('whitespace around the frame', one);
    c.send('{"v":"1","id":"dup","id":"dup2","type":"ping","type":"peers_request"}'); await c.expect('duplicate keys (last wins)', one);
    c.send('{"\\u0076":"1","id":"esc","\\u0074ype":"ping"}'); await c.expect('escaped keys', one);
    c.send(JSON.stringify({ v: '1', id: 'deep64', type: 'ping', payload: JSON.parse('['.repeat(62) + ']'.repeat(62)) })); await c.expect('63-deep frame', one);
    c.send(JSON.stringify({ v: '1', id: 'deep100', type: 'ping', payload: JSON.parse('['.repeat(100) + ']'.repeat(100)) }));
    await c.expect('100-deep frame', { ...one, expect: { kind: 'contract', why: '§1 Bounded nesting: a frame nested deeper than 64 levels is INVALID_JSON; the original parses it', orig: errIs('NOT_REGISTERED'), ours: errIs('INVALID_JSON', 'Invalid JSON format') } });
    c.send(JSON.stringify({ v: '1', id: 'big', type: 'ping', pad: 'x'.repeat(1_200_000) }));
    await c.expect('1.2 M-character frame', { ...one, maxMs: 8000, expect: { kind: 'choice', why: '§3 / README: a message over the server\'s limit (ours: 1 Mi characters) gets INVALID_JSON; the original\'s limit is 100 MiB', orig: errIs('NOT_REGISTERED'), ours: errIs('INVALID_JSON', 'Invalid JSON format') } });
    c.send('{"v":"1","id":"still-open","type":"ping"}'); await c.expect('connection still usable', one);
    c.close(1000, 'bye'); await c.expect('client close 1000', { count: 1 });
  });

  await scenario('frame too large to read', async (ctx) => {
    const c = await ctx.open('c');
    c.send(JSON.stringify({ v: '1', id: 'huge', type: 'ping', pad: 'x'.repeat(4 * 1024 * 1024) }));
    await c.expect('4 MiB frame', { count: 1, maxMs: 8000, expect: { kind: 'choice', why: '§3 / README: a single frame over 3 MiB is refused with close 1009; the original\'s limit is 100 MiB', orig: errIs('NOT_REGISTERED'), ours: (a) => a.events.some((e) => e.type === 'close' && e.code === 1009) } });
  });

  // --- register checks, in order --------------------------------------------------------------
  await scenario('register failures', async (ctx) => {
    const c = await ctx.open('c');
    const p = ctx.peer('p'), kp = key(p);
    const one = { count: 1 };
    const reg = (n, text, expect) => { c.send(text); return c.expect(n, { ...one, expect }); };
    const R = (opts) => registerFrame(p, kp, { id: `r-${++seq}`, ...opts });
    const rawPayload = (payloadText) => `{"v":"1","id":"rp-${++seq}","type":"register","payload":${payloadText}}`;
    await reg('payload missing', '{"v":"1","id":"rp-0","type":"register"}');
    for (const [n, t] of [['null', 'null'], ['"x"', '"x"'], ['5', '5'], ['true', 'true'], ['0', '0']]) await reg(`payload=${n}`, rawPayload(t));
    await reg('payload=[]', rawPayload('[]'), { kind: 'choice', why: 'docs/behaviour.md "Register payloads": an array is no object (§3.1 "payload is an object"); the original\'s typeof lets it through to the peerId check', orig: errIs('INVALID_REGISTER', 'peerId is required'), ours: errIs('INVALID_REGISTER', 'register payload is required') });
    for (const [n, t] of [['missing', '{}'], ['""', '{"peerId":""}'], ['0', '{"peerId":0}'], ['null', '{"peerId":null}'], ['false', '{"peerId":false}']]) await reg(`peerId ${n}`, rawPayload(t));
    for (const [n, t] of [['missing', undefined], ['null', 'null'], ['"x"', '"x"'], ['5', '5'], ['true', 'true']]) await reg(`auth ${n}`, rawPayload(`{"peerId":"${p}"${t === undefined ? '' : `,"auth":${t}`}}`));
    await reg('auth []', rawPayload(`{"peerId":"${p}","auth":[]}`), { kind: 'choice', why: 'docs/behaviour.md: an array auth is no object; the original\'s typeof lets it through to the scheme check', orig: errIs('INVALID_REGISTER_AUTH', 'unsupported auth scheme'), ours: errIs('INVALID_REGISTER_AUTH', 'auth is required') });
    await reg('auth {}', rawPayload(`{"peerId":"${p}","auth":{}}`));
    await reg('scheme wrong', R({ mutate: (a) => { a.scheme = 'peerlink-ed25519-v2'; } }));
    await reg('scheme missing', R({ mutate: (a) => { delete a.scheme; } }));
    await reg('auth.peerId other', R({ mutate: (a) => { a.peerId = 'other'; } }));
    await reg('auth.peerId missing', R({ mutate: (a) => { delete a.peerId; } }));
    for (const [n, v] of [['5', 5], ['{}', {}], ['true', true], ['[]', []]]) await reg(`legacyPeerId=${n}`, R({ legacyPeerId: v }));
    for (const [n, v] of [['"x"', 'x'], ['5', 5], ['true', true]]) await reg(`identityProfile=${n}`, R({ identityProfile: v }));
    await reg('identityProfile=[]', R({ identityProfile: [] }), { kind: 'choice', why: 'docs/behaviour.md: an array identityProfile is no object; the original\'s typeof lets it through (and signs it as [])', orig: (a) => JSON.parse(a.events[0].text).type === 'register_ack', ours: errIs('INVALID_REGISTER_AUTH', 'identityProfile must be object') });
    await reg('identityProfile.stableUserId other', R({ identityProfile: { stableUserId: 'other' } }));
    await reg('identityProfile.stableUserId "" ', R({ identityProfile: { stableUserId: '' } }));
    await reg('order: stableUserId other + timestampMs missing', R({ identityProfile: { stableUserId: 'other' }, mutate: (a) => { delete a.timestampMs; } }));
    await reg('order: legacyPeerId 5 + identityProfile "x"', R({ legacyPeerId: 5, identityProfile: 'x' }));
    for (const [n, f] of [['missing', (a) => { delete a.timestampMs; }], ['"123"', (a) => { a.timestampMs = String(a.timestampMs); }], ['null', (a) => { a.timestampMs = null; }], ['{}', (a) => { a.timestampMs = {}; }]]) await reg(`timestampMs ${n}`, R({ mutate: f }));
    for (const [n, f] of [['missing', (a) => { delete a.nonce; }], ['12345678 (number)', (a) => { a.nonce = 12345678; }], ['7 chars', (a) => { a.nonce = '1234567'; }], ['null', (a) => { a.nonce = null; }]]) await reg(`nonce ${n}`, R({ mutate: f }));
    for (const [n, f] of [['key missing', (a) => { delete a.signingPublicKey; }], ['key 5', (a) => { a.signingPublicKey = 5; }], ['signature missing', (a) => { delete a.signature; }], ['signature null', (a) => { a.signature = null; }]]) await reg(`${n}`, R({ mutate: f }));
    await reg('order: nonce short + key missing', R({ mutate: (a) => { a.nonce = 'short'; delete a.signingPublicKey; } }));
    await reg('order: key missing + skew', R({ ts: Date.now() - 60000, mutate: (a) => { delete a.signingPublicKey; } }));
    await reg('timestamp 60 s old', R({ ts: Date.now() - 60000 }));
    await reg('timestamp 60 s ahead', R({ ts: Date.now() + 60000 }));
    await reg('timestamp 0', R({ ts: 0 }));
    await reg('key with junk characters', R({ mutate: (a) => { a.signingPublicKey = '***'; } }), { kind: 'contract', why: '§1/§3.3: a key that is no base64 is "invalid base64 auth fields"; the original decodes leniently (empty) and says "invalid signing public key length"', orig: errIs('INVALID_REGISTER_AUTH', 'invalid signing public key length'), ours: errIs('INVALID_REGISTER_AUTH', 'invalid base64 auth fields') });
    await reg('signature with junk characters', R({ mutate: (a) => { a.signature = '!' + a.signature; } }), { kind: 'contract', why: '§1/§3.3: a signature that is no base64 is "invalid base64 auth fields"; the original skips the junk character and verifies', orig: (a) => JSON.parse(a.events[0].text).type === 'register_ack', ours: errIs('INVALID_REGISTER_AUTH', 'invalid base64 auth fields') });
    await reg('key 31 bytes', R({ mutate: (a) => { a.signingPublicKey = Buffer.alloc(31, 9).toString('base64'); } }));
    await reg('key 33 bytes', R({ mutate: (a) => { a.signingPublicKey = Buffer.alloc(33, 9).toString('base64'); } }));
    await reg('key empty', R({ mutate: (a) => { a.signingPublicKey = ''; } }));
    const notPoint = Buffer.alloc(32); notPoint[0] = 2;
    await reg('key 32 bytes, not a curve point', R({ mutate: (a) => { a.signingPublicKey = notPoint.toString('base64'); } }), { kind: 'contract', why: '§3.3 lists "invalid public key" for a 32-byte value that is not a usable key; the original only fails the verification', orig: errIs('INVALID_REGISTER_AUTH', 'signature verification failed'), ours: errIs('INVALID_REGISTER_AUTH', 'invalid public key') });
    await reg('signature of another text', R({ signOver: utf8('something else') }));
    await reg('signature 63 bytes', R({ mutate: (a) => { a.signature = Buffer.alloc(63, 1).toString('base64'); } }));
    await reg('signature empty', R({ mutate: (a) => { a.signature = ''; } }));
    await reg('signature by another key', R({ mutate: (a) => { a.signingPublicKey = key('other-key').pub; } }));
    await reg('v2 over a changed profile', R({ identityProfile: { a: 1 }, mutate: (a) => { a.identityProfile = { a: 2 }; } }));
    // the nonce of a failed register is not consumed
    const n1 = freshNonce();
    await reg('failed register with nonce N', R({ nonce: n1, signOver: utf8('wrong') }));
    await reg('same nonce N, valid (not consumed)', R({ nonce: n1 }));
    await reg('same nonce N again (nonce already used)', R({ nonce: n1 }));
    await reg('order: skew + nonce used', R({ nonce: n1, ts: Date.now() - 60000 }));
    await reg('order: nonce used (same key) + bad signature', R({ nonce: n1, signOver: utf8('wrong') }));
    await reg('order: nonce used (by another key) + bad key length', R({ nonce: n1, mutate: (a) => { a.signingPublicKey = 'AAAA'; } }), {
      kind: 'improve', why: '§3.1 [improve]: the nonce window is keyed by (signing key, nonce), so a nonce used by another key is not "already used" and the next check (key length) answers',
      orig: errIs('INVALID_REGISTER_AUTH', 'nonce already used'), ours: errIs('INVALID_REGISTER_AUTH', 'invalid signing public key length'),
    });
  });

  await scenario('register successes', async (ctx) => {
    const one = { count: 1 };
    const c = await ctx.open('c');
    const p = ctx.peer('p'), kp = key(p);
    c.send(registerFrame(p, kp, { id: 'ok-plain' })); await c.expect('v2 without profile', one);
    c.send(registerFrame(p, kp, { id: 'ok-v1', identityProfile: identityProfile(p, kp), legacyPeerId: 'legacy-x', signOver: 'v1' })); await c.expect('v1 signature with profile in the frame', one);
    c.send(registerFrame(p, kp, { id: 'ok-app', identityProfile: identityProfile(p, kp), legacyPeerId: 'legacy-id-1' })); await c.expect('v2 app-like profile + legacyPeerId', one);
    c.send(registerFrame(p, kp, { id: 'ok-legacy-empty', legacyPeerId: '' })); await c.expect('legacyPeerId "" (not signed)', one);
    c.send(registerFrame(p, kp, { id: 'ok-legacy-null', legacyPeerId: null, identityProfile: null })); await c.expect('legacyPeerId null, identityProfile null', one);
    c.send(registerFrame(p, kp, { id: 'ok-stable-null', identityProfile: { stableUserId: null, x: 1 } })); await c.expect('stableUserId null', one);
    c.send(registerFrame(p, kp, { id: 'ok-stable-5', identityProfile: { stableUserId: 5 } }));
    await c.expect('stableUserId 5 (not a string)', { ...one, expect: { kind: 'improve', why: '§3.1 [improve]: stableUserId is compared whenever present and not null; the original only compares strings', orig: (a) => JSON.parse(a.events[0].text).type === 'register_ack', ours: errIs('INVALID_REGISTER_AUTH', 'identityProfile stableUserId mismatch') } });
    const tricky = '{"b":1,"a":[1,{"z":null,"y":[]}],"10":"ten","2":"two","é":"\\u00e9\\u2028\\ud800","esc":"\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f/","neg":-0,"big":1e21,"dup":1,"dup":2,"stableUserId":"' + p + '"}';
    c.send(registerFrame(p, kp, { id: 'ok-tricky', identityProfile: '__PROFILE__', profileText: tricky })); await c.expect('profile: integer keys, escapes, lone surrogate, -0, 1e21, duplicate key (signed as JS re-serialises)', one);
    c.send(registerFrame(p, kp, { id: 'ok-150-js', identityProfile: '__PROFILE__', profileText: `{"n":1.50,"stableUserId":"${p}"}` }));
    // §3.1 says both "serialised exactly as JavaScript JSON.stringify would" and "preserving its … number text";
    // JSON.stringify writes 1.50 as 1.5, so the two cannot both hold: ours follows JSON.stringify, as the original
    // does and as the core's register vectors (computed by node) require — no difference expected
    await c.expect('profile number 1.50, signed as JS renders it (1.5)', one);
    {
      const ts = Date.now(), nonce = freshNonce();
      const canon = `{"purpose":"bootstrap-register","protocol":"1","peerId":"${p}","timestampMs":${ts},"nonce":"${nonce}","signingPublicKey":"${kp.pub}","identityProfile":{"n":1.50}}`;
      c.send(registerFrame(p, kp, { id: 'ok-150-text', ts, nonce, identityProfile: '__PROFILE__', profileText: '{"n":1.50}', signOver: utf8(canon) }));
      await c.expect('profile number 1.50, signed with its text', one);
    }
    c.send(registerFrame(p, kp, { id: 'ok-ts-frac', ts: Date.now() + 0.5 })); await c.expect('timestampMs with a fraction', one);
    c.send(registerFrame(p, kp, { id: 'ok-ts-text', ts: new RawNum(`${Date.now()}.0`) })); await c.expect('timestampMs written as 1796….0', one);
    c.send(registerFrame(p, kp, { id: 'ok-ts-exp', ts: new RawNum(`${(Date.now() / 1000).toFixed(3)}e3`) })); await c.expect('timestampMs written as 1.796…e3 × 1000', one);
    c.send(registerFrame(p, kp, { id: 'ok-nonce-8', nonce: `${RUN}`.slice(0, 8) + (++seq % 10) })); await c.expect('nonce of 9 chars', one);
    c.send(registerFrame(p, kp, { id: 'ok-urlsafe', mutate: (a) => { a.signingPublicKey = a.signingPublicKey.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''); a.signature = a.signature.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''); } }));
    await c.expect('key and signature url-safe without padding (signed over the standard form)', one);
    c.send(registerFrame(p, kp, { id: 'ok-extra', frameExtra: { extra: 1 } })); await c.expect('extra frame keys', one);
    c.send(registerFrame(p, kp, { id: 7 })); await c.expect('numeric frame id', one);
    c.sendBinary(Buffer.from(registerFrame(p, kp, { id: 'ok-binary' }))); await c.expect('register as a binary frame', one);
    c.send(F('ping', {}, 'after')); await c.expect('ping after registers', one);
    const small = Buffer.alloc(32); small[0] = 1;
    const q = ctx.peer('small');
    c.send(registerFrame(q, kp, { id: 'small-order', mutate: (a) => { a.signingPublicKey = small.toString('base64'); a.signature = Buffer.concat([small, Buffer.alloc(32)]).toString('base64'); } }));
    await c.expect('small-order key + forged signature', { ...one, expect: { kind: 'choice', why: 'README "Test vectors": Ed25519 keys of small order, which node accepts with a forged signature, are rejected', orig: (a) => JSON.parse(a.events[0].text).type === 'register_ack', ours: (a) => JSON.parse(a.events[0].text).type === 'error' } });
  });

  // --- presence, ping, peers, signal forwarding ------------------------------------------------
  await scenario('session', async (ctx) => {
    const A = ctx.peer('A'), B = ctx.peer('B'), kA = key(A), kB = key(B);
    const a = await ctx.open('a'), b = await ctx.open('b');
    a.send(registerFrame(A, kA, { id: 'reg-a' })); await a.expect('register A: ack', { count: 1 });
    await b.expect('register A: nothing for unregistered b');
    b.send(registerFrame(B, kB, { id: 'reg-b', identityProfile: identityProfile(B, kB) })); await b.expect('register B: ack', { count: 1 });
    await a.expect('register B: presence online', { count: 1 });
    a.send(F('ping', {}, 'p1')); await a.expect('ping → pong', { count: 1 });
    a.send(JSON.stringify({ v: '1', type: 'ping' })); await a.expect('ping without id/payload', { count: 1 });
    a.send(F('ping', { peerId: 'someone-else' }, 'p2')); await a.expect('ping with a payload', { count: 1 });
    a.send(F('peers_request', {}, 'q1')); await a.expect('peers_request → peers', { count: 1 });
    const sendSig = (n, text, expB, expA, opts = {}) => {
      a.send(text);
      return Promise.all([b.expect(`${n}: at target`, { ...(expB !== undefined ? { count: expB } : {}), expect: opts.expectB }), a.expect(`${n}: at sender`, { ...(expA !== undefined ? { count: expA } : {}), expect: opts.expectA })]);
    };
    await sendSig('signal offer (app-like)', F('signal', { type: 'offer', from: A, to: B, sdp: 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n', callId: 'call-1' }, 's1'), 1);
    await sendSig('signal ice', F('signal', { type: 'ice', from: A, to: B, candidate: { candidate: 'candidate:1 1 udp 2122260223 192.168.1.2 54400 typ host', sdpMid: '0', sdpMLineIndex: 0 } }, 's2'), 1);
    for (const t of ['answer', 'call_invite', 'call_accept', 'call_reject', 'call_end', 'call_busy', 'call_media_ready', 'call_video_state', 'call_video_state_ack', 'call_video_flow_ack']) {
      await sendSig(`signal ${t}`, F('signal', { type: t, from: A, to: B, callId: 'call-1', enabled: true }, `s-${t}`), 1);
    }
    await sendSig('signal without from', F('signal', { type: 'offer', to: B }, 's3'), 1);
    // "exactly as sent" (§3.2) is the payload as the original forwards it: parsed and written again by JSON.stringify
    await sendSig('signal numbers 1.50, 1e3, -0, escapes, integer keys', `{"v":"1","id":"s4","type":"signal","payload":{"to":"${B}","n":1.50,"e":1e3,"z":-0,"big":12345678901234567890,"u":"\\u00e9 ☃ 😀 \\u2028 \\/","10":"x","2":"y","nested":{"b":[1,{"c":null}],"a":true}}}`, 1);
    await sendSig('signal duplicate key in payload', `{"v":"1","id":"s5","type":"signal","payload":{"to":"${B}","k":1,"k":2}}`, 1);
    await sendSig('signal with __proto__ key', `{"v":"1","id":"s6","type":"signal","payload":{"to":"${B}","__proto__":{"x":1}}}`, 1);
    a.sendBinary(Buffer.from(F('signal', { type: 'offer', from: A, to: B, sdp: 'bin' }, 's7'))); await b.expect('binary signal: at target', { count: 1 });
    a.sendBinary(Buffer.concat([Buffer.from(`{"v":"1","id":"s8","type":"signal","payload":{"to":"${B}","bad":"`), Buffer.from([0xff, 0xc3]), Buffer.from('"}}')]));
    await b.expect('binary signal with invalid UTF-8: at target', { count: 1 });
    await sendSig('signal to self', F('signal', { type: 'offer', from: A, to: A }, 's9'), undefined, 1);
    await sendSig('signal spoofed from', F('signal', { type: 'offer', from: 'mallory', to: B }, 's10'), undefined, undefined, {
      expectB: { kind: 'improve', why: '§3.2 [improve]: payload.from must equal the sender\'s peerId; the original forwards the spoof', orig: (x) => x.events.length === 1, ours: (x) => x.events.length === 0 },
      expectA: { kind: 'improve', why: '§3.2 [improve]: a spoofed from is INVALID_SIGNAL', orig: (x) => x.events.length === 0, ours: errIs('INVALID_SIGNAL') },
    });
    const nf = { kind: 'improve', why: '§3.2 [improve]: PEER_NOT_FOUND says "(peer_not_connected)" and carries payload.peerId and payload.to', orig: errIs('PEER_NOT_FOUND'), ours: (x) => { const f = JSON.parse(x.events[0].text); return f.payload.code === 'PEER_NOT_FOUND' && / \(peer_not_connected\)$/.test(f.payload.message) && 'peerId' in f.payload && 'to' in f.payload; } };
    for (const [n, toText] of [['unknown', '"nobody"'], ['5', '5'], ['{}', '{}'], ['[1,2]', '[1,2]'], ['true', 'true'], ['" B" (untrimmed)', `" ${B}"`], ['unicode', '"é😀"']]) {
      a.send(`{"v":"1","id":${JSON.stringify(`nf-${n}`)},"type":"signal","payload":{"type":"offer","to":${toText}}}`); await a.expect(`PEER_NOT_FOUND to=${n}`, { count: 1, expect: nf });
    }
    for (const [n, payText] of [['missing', undefined], ['null', 'null'], ['"x"', '"x"'], ['{}', '{}'], ['to ""', '{"to":""}'], ['to null', '{"to":null}'], ['to 0', '{"to":0}'], ['to false', '{"to":false}'], ['[]', '[]']]) {
      a.send(`{"v":"1","id":${JSON.stringify(`is-${n}`)},"type":"signal"${payText === undefined ? '' : `,"payload":${payText}`}}`); await a.expect(`INVALID_SIGNAL payload ${n}`, { count: 1 });
    }
    a.send('{"v":"1","type":"signal","payload":{}}'); await a.expect('INVALID_SIGNAL without frame id', { count: 1 });
    a.send(`{"v":"1","type":"signal","payload":{"to":"nobody"}}`); await a.expect('PEER_NOT_FOUND without frame id', { count: 1, expect: nf });
    a.send(F('peers_request', {}, 'q2')); await a.expect('peers_request with both online', { count: 1 });
    b.send(F('peers_request', null, 'q3')); await b.expect('peers_request with payload null', { count: 1 });
    a.send(F('nope', {}, 'u1')); await a.expect('UNKNOWN_TYPE when registered', { count: 1 });
    a.send('{'); await a.expect('INVALID_JSON when registered', { count: 1 });
    b.close(1000, ''); await b.expect('B closes', { count: 1 });
    await a.expect('B closed: presence offline with lastSeenMs', { count: 1 });
    a.send(F('peers_request', {}, 'q4')); await a.expect('peers after B left (lastSeenMsByPeer)', { count: 1 });
    await sendSig('signal to B after it left', F('signal', { type: 'offer', from: A, to: B }, 's11'), undefined, 1, { expectA: nf });
    const b2 = await ctx.open('b2');
    b2.send(registerFrame(B, kB, { id: 'reg-b2' })); await b2.expect('B registers again: ack', { count: 1 });
    await a.expect('B back: presence online', { count: 1 });
    a.send(F('peers_request', {}, 'q5')); await a.expect('peers after B came back (last-seen cleared)', { count: 1 });
    b2.destroy(); await a.expect('B drops TCP without close frame: presence offline', { count: 1 });
  });

  await scenario('takeover', async (ctx) => {
    const A = ctx.peer('A'), O = ctx.peer('O'), kA = key(A), kO = key(O);
    const o = await ctx.open('observer'), a1 = await ctx.open('a1'), a2 = await ctx.open('a2');
    o.send(registerFrame(O, kO, { id: 'reg-o' })); await o.expect('observer registers', { count: 1 });
    a1.send(registerFrame(A, kA, { id: 'reg-a1' })); await a1.expect('A on a1: ack', { count: 1 });
    await o.expect('A online', { count: 1 });
    a2.send(registerFrame(A, kA, { id: 'reg-a2' })); await a2.expect('A on a2: ack', { count: 1 });
    await a1.expect('a1 replaced: SESSION_REPLACED then close 4001', { count: 2 });
    await o.expect('observer sees A online again, no offline', { quietMs: 400 });
    a1.destroy(); await o.expect('closing the replaced a1 changes nothing', { quietMs: 400 });
    a2.send(F('ping', {}, 'p')); await a2.expect('a2 ping', { count: 1 });
    o.send(F('peers_request', {}, 'q')); await o.expect('peers: A online', { count: 1 });
    o.send(F('signal', { type: 'offer', from: O, to: A }, 's')); await a2.expect('signal to A reaches a2', { count: 1 });
    a2.send(registerFrame(A, kA, { id: 'reg-a2-again' })); await a2.expect('A registers again on the same connection', { count: 1 });
    await o.expect('observer on same-connection re-register', { quietMs: 400 });
    a2.close(1000, 'bye'); await a2.expect('a2 closes', { count: 1 });
    await o.expect('A offline', { count: 1 });
  });

  await scenario('one peerId per connection', async (ctx) => {
    const X = ctx.peer('X'), Y = ctx.peer('Y'), O = ctx.peer('O');
    const o = await ctx.open('observer'), c = await ctx.open('c');
    o.send(registerFrame(O, key(O), { id: 'reg-o' })); await o.expect('observer registers', { count: 1 });
    c.send(registerFrame(X, key(X), { id: 'reg-x' })); await c.expect('X: ack', { count: 1 });
    await o.expect('X online', { count: 1 });
    c.send(registerFrame(Y, key(Y), { id: 'reg-y' })); await c.expect('Y on the same connection: ack', { count: 1 });
    await o.expect('observer on X → Y', {
      quietMs: 400,
      expect: { kind: 'contract', why: '§3.1 "One connection holds at most one peerId": the old id goes offline first; the original keeps X as a ghost', orig: (x) => x.events.length === 1, ours: (x) => x.events.length === 2 && JSON.parse(x.events[0].text).payload.status === 'offline' },
    });
    o.send(F('peers_request', {}, 'q')); await o.expect('peers after X → Y', {
      count: 1,
      expect: { kind: 'contract', why: '§3.1: the original lists the ghost X as online', orig: (x) => JSON.parse(x.events[0].text).payload.peers.includes(X), ours: (x) => !JSON.parse(x.events[0].text).payload.peers.includes(X) },
    });
    o.send(F('signal', { type: 'offer', from: O, to: X }, 's')); await c.expect('signal to the released X', {
      quietMs: 400,
      expect: { kind: 'contract', why: '§3.1: X was released; the original still forwards to the ghost', orig: (x) => x.events.length === 1, ours: (x) => x.events.length === 0 },
    });
    await o.expect('signal to the released X: sender', {
      quietMs: 100,
      expect: { kind: 'contract', why: '§3.1: X was released, so it is PEER_NOT_FOUND', orig: (x) => x.events.length === 0, ours: errIs('PEER_NOT_FOUND') },
    });
    c.close(1000, ''); await c.expect('c closes', { count: 1 });
    await o.expect('Y offline (and nothing more for X)', { quietMs: 400 });
  });

  await scenario('identity binding', async (ctx) => {
    const P = ctx.peer('P'), k1 = key(P), k2 = keypair(), O = ctx.peer('O');
    const o = await ctx.open('observer'), p1 = await ctx.open('p1'), p2 = await ctx.open('p2');
    o.send(registerFrame(O, key(O), { id: 'reg-o' })); await o.expect('observer registers', { count: 1 });
    p1.send(registerFrame(P, k1, { id: 'reg-k1' })); await p1.expect('P with key 1: ack', { count: 1 });
    await o.expect('P online', { count: 1 });
    p2.send(registerFrame(P, k2, { id: 'reg-k2' }));
    await p2.expect('P with key 2', { count: 1, expect: { kind: 'improve', pending: 'issue 13 (identity binding)', why: '§3.5 [improve]: a peerId is bound to its first key ("peerId is bound to another key")', orig: (x) => JSON.parse(x.events[0].text).type === 'register_ack', ours: errIs('INVALID_REGISTER_AUTH', 'peerId is bound to another key') } });
    await p1.expect('live session of key 1', { quietMs: 400, expect: { kind: 'improve', pending: 'issue 13 (identity binding)', why: '§3.5 [improve]: the live session is untouched', orig: (x) => x.events.length === 2, ours: (x) => x.events.length === 0 } });
    await o.expect('observer on the key-2 register', { quietMs: 400, expect: { kind: 'improve', pending: 'issue 13 (identity binding)', why: '§3.5 [improve]: no takeover, so no presence', orig: (x) => x.events.length === 1, ours: (x) => x.events.length === 0 } });
    // relay writes from a pinned peerId with another key (PROTOCOL.md §3.5)
    if (selected('relay')) {
      KEYS['k2-signer'] = k2;
      await rcheck('pinned sender, other key: store', { path: '/relay/store', body: storeBody({ id: mid('pin'), from: P, to: pid('bob'), signer: 'k2-signer' }) }, {
        expect: { kind: 'improve', pending: 'issue 13 (identity binding)', why: '§3.5 [improve]: relay writes whose from is pinned must be signed by the pinned key', orig: 200, ours: { status: 401, error: 'invalid signature' } },
      });
      await rcheck('pinned sender, its key: store', { path: '/relay/store', body: storeBody({ id: mid('pin'), from: P, to: pid('bob') }) });
      const env = storeBody({ id: mid('pin'), from: pid('bob'), to: P });
      await rcheck('store to pinned peer', { path: '/relay/store', body: env });
      await rcheck('pinned recipient, other key: ack', { path: '/relay/ack', body: ackBody({ id: env.id, from: P, signer: 'k2-signer' }) }, {
        expect: { kind: 'improve', pending: 'issue 13 (identity binding)', why: '§3.5 [improve]: an ack to a pinned peer must be signed by its key', orig: 200, ours: { status: 401, error: 'invalid signature' } },
      });
      await rcheck('pinned recipient, its key: ack', { path: '/relay/ack', body: ackBody({ id: env.id, from: P }) });
      await rcheck('pinned owner, other key: members update', { path: '/relay/group/members/update', body: membersBody({ from: P, groupId: `${RUN}-pin-group`, memberPeerIds: [P], signer: 'k2-signer' }) }, {
        expect: { kind: 'improve', pending: 'issue 13 (identity binding)', why: '§3.5 [improve]: a members update naming a pinned owner must be signed by the owner\'s key', orig: 200, ours: { status: 401, error: 'invalid signature' } },
      });
      await rcheck('pinned sender, other key: group store', { path: '/relay/group/store', body: groupBody({ from: P, groupId: `${RUN}-pin-group-2`, recipients: [pid('bob')], signer: 'k2-signer' }) }, {
        expect: { kind: 'improve', pending: 'issue 13 (identity binding)', why: '§3.5 [improve]: relay writes whose from is pinned must be signed by the pinned key', orig: 200, ours: { status: 401, error: 'invalid signature' } },
      });
      await rcheck('pinned sender, other key: blob upload', { path: '/relay/blob/upload', body: uploadBody({ id: mid('pinblob'), from: P, signer: 'k2-signer' }) }, {
        expect: { kind: 'improve', pending: 'issue 13 (identity binding)', why: '§3.5 [improve]: relay writes whose from is pinned must be signed by the pinned key', orig: 200, ours: { status: 401, error: 'invalid signature' } },
      });
    }
  });

  await scenario('nonce window per key', async (ctx) => {
    const Q1 = ctx.peer('Q1'), Q2 = ctx.peer('Q2');
    const c1 = await ctx.open('c1'), c2 = await ctx.open('c2');
    const nonce = freshNonce();
    c1.send(registerFrame(Q1, key(Q1), { id: 'n1', nonce })); await c1.expect('Q1 with nonce N', { count: 1 });
    c2.send(registerFrame(Q2, key(Q2), { id: 'n2', nonce }));
    await c2.expect('Q2 (another key) with the same nonce N', { count: 1, expect: { kind: 'improve', why: '§3.1 [improve]: the nonce window is keyed by (signing key, nonce)', orig: errIs('INVALID_REGISTER_AUTH', 'nonce already used'), ours: (x) => JSON.parse(x.events[0].text).type === 'register_ack' } });
    await c1.expect('Q1 after Q2', { quietMs: 300, expect: { kind: 'improve', why: '§3.1 [improve]: (Q2 registered on ours, so Q1 sees it online)', orig: (x) => x.events.length === 0, ours: (x) => x.events.length === 1 } });
    c1.send(registerFrame(Q1, key(Q1), { id: 'n3', nonce })); await c1.expect('Q1 replays its nonce N', { count: 1 });
  });

  await scenario('numeric peerId', async (ctx) => {
    const numeric = { kind: 'choice', why: '§3.1 "payload.peerId non-empty" (peer ids are strings, §3.4): ours refuses a number with "peerId is required"; the original registers the number as a peerId (not in docs/behaviour.md)' };
    const c = await ctx.open('c');
    const kp = keypair();
    const n = 700000 + Math.floor(Math.random() * 1000);
    const ts = Date.now(), nonce = freshNonce();
    const canon = JSON.stringify({ purpose: 'bootstrap-register', protocol: '1', peerId: n, timestampMs: ts, nonce, signingPublicKey: kp.pub });
    const auth = { scheme: 'peerlink-ed25519-v1', peerId: n, timestampMs: ts, nonce, signingPublicKey: kp.pub, signature: signB64(utf8(canon), kp) };
    c.send(JSON.stringify({ v: '1', id: 'num', type: 'register', payload: { peerId: n, auth } }));
    await c.expect('register with peerId a number', { count: 1, expect: { ...numeric, orig: (a) => JSON.parse(a.events[0].text).type === 'register_ack', ours: errIs('INVALID_REGISTER', 'peerId is required') } });
    c.send(JSON.stringify({ v: '1', id: 'num-ping', type: 'ping' })); await c.expect('ping after numeric register', { count: 1, expect: { ...numeric, orig: (a) => JSON.parse(a.events[0].text).type === 'pong', ours: errIs('NOT_REGISTERED') } });
  });

  await scenario('handshake', async (ctx) => {
    for (const [n, opts] of [['path /foo', { path: '/foo' }], ['path /?x=1', { path: '/?x=1' }], ['Origin https://evil.example', { headers: { Origin: 'https://evil.example' } }], ['Origin null', { headers: { Origin: 'null' } }], ['subprotocol requested', { headers: { 'Sec-WebSocket-Protocol': 'peerlink' } }]]) {
      let c;
      try { c = await ctx.open(n, opts); } catch (e) {
        const name = `signal handshake / ${n}`;
        const [ro, ru] = await Promise.allSettled([RawWs.connect(ORIG_SIGNAL, opts), RawWs.connect(OURS_SIGNAL, opts)]);
        const a = (r) => ({ head: r.status === 'fulfilled' ? 'open' : String(r.reason?.message), tree: null, text: '', status: 0 });
        judge(name, JSON.stringify(opts), a(ro), a(ru), n === 'path /foo' ? { kind: 'choice', why: 'README "Signal options": the signal socket is a WebSocket on path / (where the app connects, §3.4); the original\'s ws server upgrades on any path', orig: (x) => x.head === 'open', ours: (x) => x.head === 'handshake 404' } : undefined);
        for (const r of [ro, ru]) if (r.status === 'fulfilled') r.value.destroy();
        continue;
      }
      c.send(F('ping', {}, 'hs')); await c.expect(`${n}: ping`, { count: 1 });
    }
    // a plain HTTP request on the signal port
    const name = 'signal handshake / plain GET / without upgrade';
    if (selected(name)) {
      const toHttp = (u) => u.replace(/^ws/, 'http');
      const [ro, ru] = await Promise.all([httpRequest(toHttp(ORIG_SIGNAL), { path: '/' }), httpRequest(toHttp(OURS_SIGNAL), { path: '/' })]);
      judge(name, 'GET / HTTP/1.1 (no Upgrade)', httpAnswer(ro), httpAnswer(ru), { kind: 'choice', why: 'not a WebSocket request; PROTOCOL.md is silent: ws answers 426 text/plain "Upgrade Required", ours a JSON 404', orig: 426, ours: 404 });
    }
  });
}

// ---------------------------------------------------------------------------------------------

const t0 = Date.now();
console.log(`compat run ${RUN}: original ${ORIG_RELAY} ${ORIG_SIGNAL}, ours ${OURS_RELAY} ${OURS_SIGNAL}`);
if (!flags.only || flags.only === 'relay') await relayBattery();
if (!flags.only || flags.only === 'signal') await signalBattery();
const total = results.length;
console.log(`\n${total} checks in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${counts.same} same, ` +
  `${counts.improve + counts.contract + counts.choice} expected differences (${counts.improve} [improve], ${counts.contract} contract, ${counts.choice} documented choice), ` +
  `${counts.pending} pending an open issue, ${counts.DIFF} unexpected differences, ${counts['NOT-AS-EXPECTED']} not as expected, ${counts.ERROR} errors`);
if (flags.json) fs.writeFileSync(flags.json, JSON.stringify({ run: RUN, counts, results }, null, 2));
process.exit(counts.DIFF + counts['NOT-AS-EXPECTED'] + counts.ERROR > 0 ? 1 : 0);
