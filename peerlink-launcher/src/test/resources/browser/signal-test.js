'use strict';
// Two peers in one page use the signal server as a web build of the app would: each registers with an Ed25519
// key made by WebCrypto, then they connect a WebRTC data channel with nothing but signal frames between them.
// The verdict and the step log are POSTed to /result on this page's own origin, where BrowserSignalTest waits.

const STEP_TIMEOUT_MS = 10000;
const steps = [];
let fail;
// Rejected by anything that goes wrong outside the awaited path: an error frame, a signal handler, a stray exception.
const fatal = new Promise((resolve, reject) => { fail = reject; });
window.addEventListener('error', (event) => fail(event.error || new Error(event.message)));
window.addEventListener('unhandledrejection', (event) => fail(event.reason));

function step(text) {
    steps.push(text);
    document.getElementById('log').textContent += text + '\n';
}

function check(condition, message) {
    if (!condition) {
        throw new Error(message);
    }
}

function withTimeout(promise, what) {
    let timer;
    const timeout = new Promise((resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${STEP_TIMEOUT_MS} ms waiting for ${what}`)),
                           STEP_TIMEOUT_MS);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function base64(buffer) {
    return btoa(String.fromCharCode(...new Uint8Array(buffer)));
}

/** One signal WebSocket: sends frames, and hands out received frames to whoever waits for their type. */
class SignalConnection {

    static open(url, name) {
        return withTimeout(new Promise((resolve, reject) => {
            const ws = new WebSocket(url);
            let errored = false;
            ws.onerror = () => { errored = true; };
            // A refused handshake shows up only as an error event and a 1006 close; the status stays hidden from JS
            ws.onclose = (event) => reject(new Error(`${name}: the WebSocket to ${url} could not open (`
                    + `${errored ? 'error event, then ' : ''}close code ${event.code} before open)`));
            ws.onopen = () => resolve(new SignalConnection(ws, name));
        }), `${name}'s WebSocket to open`);
    }

    constructor(ws, name) {
        this.ws = ws;
        this.name = name;
        this.peerId = null;
        this.inbox = [];
        this.waiters = [];
        this.onSignal = null;
        this.sent = 0;
        this.closing = false;
        ws.onerror = null;
        ws.onclose = (event) => {
            if (!this.closing) {
                fail(new Error(`${name}: the server closed the socket (code ${event.code} ${event.reason})`));
            }
        };
        ws.onmessage = (event) => this.receive(JSON.parse(event.data));
    }

    send(type, payload) {
        this.sent += 1;
        this.ws.send(JSON.stringify({v: '1', id: `${this.name}-${this.sent}`, type, payload}));
    }

    signal(to, type, body) {
        this.send('signal', {type, from: this.peerId, to, ...body});
    }

    receive(frame) {
        if (frame.type === 'error') {
            fail(new Error(`${this.name} got error frame ${frame.id}: ${JSON.stringify(frame.payload)}`));
        } else if (frame.type === 'signal' && this.onSignal) {
            this.onSignal(frame);
        } else {
            this.inbox.push(frame);
            this.waiters = this.waiters.filter((waiter) => !waiter());
        }
    }

    /** The next frame of this type, received already or still to come. */
    expect(type) {
        return withTimeout(new Promise((resolve) => {
            const take = () => {
                const index = this.inbox.findIndex((frame) => frame.type === type);
                if (index < 0) {
                    return false;
                }
                resolve(this.inbox.splice(index, 1)[0]);
                return true;
            };
            if (!take()) {
                this.waiters.push(take);
            }
        }), `${this.name} to receive ${type}`);
    }

    close() {
        this.closing = true;
        this.ws.close(1000, 'test done');
    }
}

async function register(conn, peerId) {
    const keys = await crypto.subtle.generateKey({name: 'Ed25519'}, true, ['sign', 'verify']);
    const signingPublicKey = base64(await crypto.subtle.exportKey('raw', keys.publicKey));
    const timestampMs = Date.now();
    const nonce = 'nonce-' + crypto.randomUUID();
    // Nested, with nulls: the server must re-serialise it byte for byte to rebuild the signed text
    const identityProfile = {schemaVersion: 1, stableUserId: peerId, deviceId: peerId,
                             endpoint: {endpointId: null, push: {provider: 'none', tokenHash: null}}};
    // Only the v2 canonical payload is signed, so an ack proves the server rebuilt exactly these bytes
    // (its v1 fallback, without identityProfile, cannot match)
    const canonical = JSON.stringify({purpose: 'bootstrap-register', protocol: '1', peerId, timestampMs, nonce,
                                      signingPublicKey, identityProfile});
    const signature = base64(await crypto.subtle.sign({name: 'Ed25519'}, keys.privateKey,
                                                      new TextEncoder().encode(canonical)));
    conn.send('register', {peerId, auth: {scheme: 'peerlink-ed25519-v1', peerId, timestampMs, nonce,
                                          signingPublicKey, signature, identityProfile}});
    const ack = await conn.expect('register_ack');
    check(ack.payload.peerId === peerId, `${conn.name}: register_ack for ${JSON.stringify(ack.payload)}`);
    conn.peerId = peerId;
    step(`${conn.name} registered as ${peerId}`);
}

/** Carries a peer connection's offer/answer and ICE candidates to the other peer in signal frames. */
function signalThrough(conn, pc, otherId) {
    let candidates = 0;
    pc.onicecandidate = (event) => {
        if (event.candidate) {
            conn.signal(otherId, 'ice', {candidate: event.candidate.toJSON()});
        }
    };
    async function handle(frame) {
        const payload = frame.payload;
        check(frame.id.startsWith('srv-signal-'), `${conn.name}: forwarded signal frame id ${frame.id}`);
        check(payload.from === otherId && payload.to === conn.peerId,
              `${conn.name}: signal from ${payload.from} to ${payload.to}`);
        if (payload.type === 'offer' || payload.type === 'answer') {
            await pc.setRemoteDescription({type: payload.type, sdp: payload.sdp});
            step(`${conn.name} got the ${payload.type}`);
            if (payload.type === 'offer') {
                await pc.setLocalDescription();
                conn.signal(otherId, 'answer', {sdp: pc.localDescription.sdp});
            }
        } else if (payload.type === 'ice') {
            await pc.addIceCandidate(payload.candidate);
            candidates += 1;
            if (candidates === 1) {
                step(`${conn.name} got an ICE candidate: ${payload.candidate.candidate}`);
            }
        } else {
            throw new Error(`${conn.name}: unexpected signal type ${payload.type}`);
        }
    }
    // One at a time, in arrival order: a candidate must not be added before the description it belongs to
    let handled = Promise.resolve();
    conn.onSignal = (frame) => {
        handled = handled.then(() => handle(frame)).catch(fail);
    };
}

async function dataChannel(alice, bob) {
    // No iceServers: both ends are in this page, host (mDNS) candidates are enough
    const offerer = new RTCPeerConnection();
    const answerer = new RTCPeerConnection();
    try {
        signalThrough(alice, offerer, bob.peerId);
        signalThrough(bob, answerer, alice.peerId);
        const received = new Promise((resolve) => {
            answerer.ondatachannel = (event) => {
                event.channel.onmessage = (message) => resolve(message.data);
            };
        });
        const channel = offerer.createDataChannel('peerlink-browser-test');
        const opened = new Promise((resolve) => { channel.onopen = resolve; });
        await offerer.setLocalDescription();
        alice.signal(bob.peerId, 'offer', {sdp: offerer.localDescription.sdp});
        await withTimeout(opened, 'the data channel to open');
        step(`data channel open (ICE ${offerer.iceConnectionState})`);
        const text = 'hello over WebRTC ' + crypto.randomUUID();
        channel.send(text);
        const arrived = await withTimeout(received, 'the data channel message');
        check(arrived === text, `bob received ${JSON.stringify(arrived)} instead of ${JSON.stringify(text)}`);
        step('bob received the data channel message');
    } finally {
        offerer.close();
        answerer.close();
    }
}

async function scenario() {
    const url = new URLSearchParams(location.search).get('signal');
    check(url, 'the page URL has no ?signal=ws://HOST:PORT/');
    step(`page origin ${location.origin}, signal server ${url}`);
    const alice = await SignalConnection.open(url, 'alice');
    const bob = await SignalConnection.open(url, 'bob');
    step('both WebSockets open');

    await register(alice, 'browser-alice');
    await register(bob, 'browser-bob');
    const presence = (await alice.expect('presence_update')).payload;
    check(presence.peerId === bob.peerId && presence.status === 'online',
          `alice got presence_update ${JSON.stringify(presence)}`);
    step('alice saw bob come online');

    alice.send('ping', {});
    const pong = (await alice.expect('pong')).payload;
    check(pong.peerId === alice.peerId, `pong ${JSON.stringify(pong)}`);
    alice.send('peers_request', {});
    const peers = (await alice.expect('peers')).payload.peers;
    check(Array.isArray(peers) && peers.includes(alice.peerId) && peers.includes(bob.peerId),
          `peers ${JSON.stringify(peers)}`);
    step(`ping answered, peers ${JSON.stringify(peers)}`);

    await dataChannel(alice, bob);
    alice.close();
    bob.close();
}

function report(result) {
    return fetch('/result', {method: 'POST', headers: {'Content-Type': 'application/json'},
                             body: JSON.stringify({...result, steps})});
}

Promise.race([scenario(), fatal]).then(
    () => report({ok: true}),
    (error) => {
        const message = error instanceof Error ? error.message : String(error);
        step('FAILED: ' + message);
        return report({ok: false, error: message});
    });
