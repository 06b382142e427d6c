/** Registration against Kamailio started with special options: short expiry, SHA-256, stale nonces, 423, restarts. */
import { Kamailio, waitFor } from '../../helpers/kamailio';
import { Router } from '../../helpers/router';

jest.setTimeout(90000);

async function stateOf(router: Router, n: number, state: string, timeoutMs = 10000): Promise<Record<string, string>> {
  return waitFor(`server ${n} ${state}`, async () => {
    const s = await router.status(n);
    return s.State === state ? s : undefined;
  }, timeoutMs).catch(async (e: Error) => {
    throw new Error(`${e.message}; status now: ${JSON.stringify(await router.status(n))}`);
  });
}

const sentRequests = async (r: Router): Promise<string[]> => {
  const log = await r.run('show log');
  const out: string[] = [];
  log.forEach((l, i) => {
    if (/SIP sent to/.test(l)) out.push((log[i + 1] ?? '').replace(/^[^:]+:\d\d:\d\d\.\d+: /, ''));
  });
  return out;
};
const logText = async (r: Router): Promise<string> => (await r.run('show log')).join('\n');

async function withLab(port: number, extraArgs: string, body: (k: Kamailio, r: Router) => Promise<void>): Promise<void> {
  const k = await Kamailio.start(port, { extraArgs });
  const r = await Router.start();
  try {
    await r.run('sip log on');
    await body(k, r);
  } finally {
    await r.stop();
    await k.stop();
    k.cleanup();
  }
}

test('a short granted time is refreshed before it runs out, with the same Call-ID and a growing CSeq', () =>
  withLab(15220, '-A MIN_EXPIRES=5 -A MAX_EXPIRES=8', async (k, r) => {
    await r.run('sip server 1 127.0.0.1:15220 register udp sip:alice@example.test alice secret');
    const st = await stateOf(r, 1, 'registered');
    expect(parseInt(st['Refresh in'] ?? '', 10)).toBeLessThanOrEqual(4); // granted 8 s → refresh after 4 s
    await waitFor('a refresh', async () => (await sentRequests(r)).length >= 3, 9000);
    const text = await logText(r);
    const callIds = new Set([...text.matchAll(/Call-ID: (\S+)/g)].map((m) => m[1]));
    expect(callIds.size).toBe(1);
    const cseqs = [...text.matchAll(/CSeq: (\d+) REGISTER/g)].map((m) => Number(m[1]));
    expect(Math.max(...cseqs)).toBeGreaterThanOrEqual(3);
    await stateOf(r, 1, 'registered');
    expect((await k.bindingsOf('alice')).length).toBe(1);
  }));

test('a SHA-256 challenge is answered with SHA-256 and accepted', () =>
  withLab(15230, '-A WITH_SHA256', async (k, r) => {
    await r.run('sip server 1 [::1]:15230 register tcp sip:alice@example.test alice secret');
    await stateOf(r, 1, 'registered');
    const text = await logText(r);
    expect(text).toMatch(/WWW-Authenticate: Digest .*algorithm=SHA-256/);
    expect(text).toMatch(/Authorization: Digest .*algorithm=SHA-256/);
    expect((await k.bindingsOf('alice')).length).toBe(1);
  }));

test('a stale nonce is answered silently with the new one', () =>
  withLab(15240, '-A NONCE_EXPIRE=2 -A MIN_EXPIRES=5 -A MAX_EXPIRES=6', async (_k, r) => {
    await r.run('sip server 1 127.0.0.1:15240 register udp sip:alice@example.test alice secret');
    await stateOf(r, 1, 'registered');
    await waitFor('a stale challenge', async () => /stale=true/i.test(await logText(r)), 12000);
    await waitFor('registered after the stale challenge', async () => {
      const text = await logText(r);
      const after = text.slice(text.search(/stale=true/i));
      return /SIP\/2.0 200 OK/.test(after);
    }, 8000);
    expect((await r.status(1)).State).toBe('registered');
  }));

test('423 Interval Too Brief is retried at once with Min-Expires', () =>
  withLab(15250, '-A MIN_EXPIRES=1300', async (k, r) => {
    await r.run('sip server 1 127.0.0.1:15250 register udp sip:alice@example.test alice secret');
    await stateOf(r, 1, 'registered');
    const text = await logText(r);
    expect(text).toMatch(/423 Interval Too Brief/);
    expect(text).toMatch(/Expires: 1300/);
    const b = (await k.bindingsOf('alice'))[0];
    expect(b?.expires).toBeGreaterThan(1200);
  }));

test('Kamailio stopped: the state says so and retries; started again: registered again without a command', () =>
  withLab(15260, '', async (k, r) => {
    expect(await r.run('sip request retransmit timer 100 1000')).toEqual([]);
    await r.run('sip server 1 127.0.0.1:15260 register tcp sip:alice@example.test alice secret');
    await r.run('sip server 2 127.0.0.1:15260 register udp sip:bob@example.test bob bobpass');
    await stateOf(r, 1, 'registered');
    await stateOf(r, 2, 'registered');
    await k.stop();
    const tcp = await stateOf(r, 1, 'failed');
    expect(tcp.Reason).toMatch(/connection (refused|reset|closed)/);
    expect(parseInt(tcp['Retry in'] ?? '', 10)).toBeGreaterThanOrEqual(0);
    await r.run('sip server connect 2'); // UDP notices only when it sends: Timer F (64 x T1 = 6.4 s)
    const udp = await stateOf(r, 2, 'failed', 15000);
    expect(udp.Reason).toBe('no response from server');
    await k.startAgain();
    await stateOf(r, 1, 'registered', 20000);
    await stateOf(r, 2, 'registered', 20000);
    expect((await k.bindings()).length).toBe(2);
  }));
