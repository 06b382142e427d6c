/**
 * Hostile registrars on real UDP sockets and the real clock (issue 11): a small scripted
 * registrar in the test answers every REGISTER the same hostile way; counting REGISTERs over a
 * time window proves each bound (before: ~3,400/s for the stale loop, ~520/s for Expires 4000000).
 * The registrar is written apart from sipsh's codec: it copies the request's headers as text.
 */
import dgram from 'dgram';
import { waitFor } from '../../helpers/kamailio';
import { Router } from '../../helpers/router';

jest.setTimeout(30000);

/** Ports 32000-32099 of this developer's range. */
const PORT = 32010;

interface Registrar {
  readonly requests: string[];
  close(): Promise<void>;
}

/** Answers every REGISTER with `answer(n)` (n = 1 for the first): [status line, extra header lines]. */
async function registrar(port: number, answer: (n: number, req: string) => [string, string[]], via: (line: string) => string = (l) => l): Promise<Registrar> {
  const sock = dgram.createSocket('udp4');
  const requests: string[] = [];
  sock.on('message', (buf, rinfo) => {
    const req = buf.toString('latin1');
    if (!req.startsWith('REGISTER ')) return;
    requests.push(req);
    const [status, extra] = answer(requests.length, req);
    const copied = req.split('\r\n').filter((l) => /^(via|from|call-id|cseq):/i.test(l)).map((l) => (/^via:/i.test(l) ? via(l) : l));
    const to = (req.split('\r\n').find((l) => /^to:/i.test(l)) ?? 'To: <sip:x@y>') + ';tag=reg1';
    const res = [`SIP/2.0 ${status}`, ...copied, to, ...extra, 'Content-Length: 0', '', ''].join('\r\n');
    sock.send(Buffer.from(res, 'latin1'), rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => sock.bind(port, '127.0.0.1', resolve));
  return { requests, close: () => new Promise<void>((resolve) => sock.close(() => resolve())) };
}

let r: Router | undefined;
let reg: Registrar | undefined;
afterEach(async () => {
  await r?.stop();
  await reg?.close();
  r = undefined;
  reg = undefined;
});

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

test('401 stale=true with a new nonce on every REGISTER: at most 4 REGISTERs in 3 s (was ~3,400/s)', async () => {
  reg = await registrar(PORT, (n) => ['401 Unauthorized', [`WWW-Authenticate: Digest realm="lab", nonce="n${n}", qop="auth", stale=true`]]);
  r = await Router.start({ retryBaseMs: 5000 });
  await r.run(`sip server 1 127.0.0.1:${PORT} register udp sip:alice@example.test alice secret`);
  const failed = await waitFor('failed', async () => ((await r?.status(1))?.State === 'failed' ? r?.status(1) : undefined), 5000);
  expect(failed?.Reason).toMatch(/^401 Unauthorized \(challenged 4 times in one attempt\)$/);
  await sleep(2000);
  expect(reg.requests.length).toBe(4);
});

test('the un-REGISTER after no sip server against the same registrar: bounded, one attempt only', async () => {
  let stale = false;
  reg = await registrar(PORT, (n) => (stale ? ['401 Unauthorized', [`WWW-Authenticate: Digest realm="lab", nonce="u${n}", qop="auth", stale=true`]] : ['200 OK', ['Expires: 600']]));
  r = await Router.start({ retryBaseMs: 1000 });
  await r.run(`sip server 1 127.0.0.1:${PORT} register udp sip:alice@example.test alice secret`);
  await waitFor('registered', async () => (await r?.status(1))?.State === 'registered', 5000);
  stale = true;
  await r.run('no sip server 1');
  await sleep(3000);
  const unregisters = reg.requests.slice(1);
  expect(unregisters.length).toBeGreaterThanOrEqual(1);
  expect(unregisters.length).toBeLessThanOrEqual(4);
  expect(unregisters.every((q) => /\r\nExpires: 0\r\n/.test(q))).toBe(true);
});

test('423 with a rising Min-Expires: 4 REGISTERs, then failed with the code (was a loop)', async () => {
  reg = await registrar(PORT, (n) => ['423 Interval Too Brief', [`Min-Expires: ${1200 + 100 * n}`]]);
  r = await Router.start({ retryBaseMs: 5000 });
  await r.run(`sip server 1 127.0.0.1:${PORT} register udp sip:alice@example.test`);
  const failed = await waitFor('failed', async () => ((await r?.status(1))?.State === 'failed' ? r?.status(1) : undefined), 5000);
  expect(failed?.Reason).toBe('423 Interval Too Brief');
  await sleep(2000);
  expect(reg.requests.map((q) => /\r\nExpires: (\d+)/.exec(q)?.[1])).toEqual(['1200', '1300', '1400', '1500']);
});

test('Expires: 4000000 and Retry-After: 2147484 do not overflow Node timers: one REGISTER in 3 s each (was ~520/s)', async () => {
  reg = await registrar(PORT, () => ['200 OK', ['Expires: 4000000']]);
  const reg2 = await registrar(PORT + 1, () => ['503 Service Unavailable', ['Retry-After: 2147484']]);
  try {
    r = await Router.start();
    await r.run(`sip server 1 127.0.0.1:${PORT} register udp sip:alice@example.test`);
    await r.run(`sip server 2 127.0.0.1:${PORT + 1} register udp sip:bob@example.test`);
    const ok = await waitFor('registered', async () => ((await r?.status(1))?.State === 'registered' ? r?.status(1) : undefined), 5000);
    expect(ok?.['Refresh in']).toBe('3600000 seconds');
    const failed = await waitFor('failed', async () => ((await r?.status(2))?.State === 'failed' ? r?.status(2) : undefined), 5000);
    expect(failed?.['Retry in']).toMatch(/^214748[34] seconds$/);
    await sleep(3000);
    expect(reg.requests.length).toBe(1);
    expect(reg2.requests.length).toBe(1);
  } finally {
    await reg2.close();
  }
});

test('403, then sip server register timer NG: retried after NG seconds with Expires OK, and shown', async () => {
  reg = await registrar(PORT, (n) => (n < 2 ? ['403 Forbidden', []] : ['200 OK', []]));
  r = await Router.start();
  await r.run('sip server register timer server=1 60 60');
  await r.run(`sip server 1 127.0.0.1:${PORT} register udp sip:alice@example.test`);
  const failed = await waitFor('failed', async () => ((await r?.status(1))?.State === 'failed' ? r?.status(1) : undefined), 5000);
  expect(failed?.Reason).toBe('403 Forbidden');
  expect(failed?.['Retry in']).toMatch(/^(59|60) seconds$/);
  expect(reg.requests.length).toBe(1);
  expect(reg.requests[0]).toMatch(/\r\nExpires: 60\r\n/);
});

test('NAT: received/rport in the 200 differ from our Contact: the learned Contact is registered at once, the old one removed, once', async () => {
  reg = await registrar(PORT, () => ['200 OK', ['Expires: 600']], (l) => l.replace(/;rport\b/, ';rport=40000;received=198.51.100.7'));
  r = await Router.start();
  await r.run(`sip server 1 127.0.0.1:${PORT} register udp sip:alice@example.test`);
  await waitFor('two REGISTERs', () => reg?.requests.length === 2, 5000);
  await sleep(1500);
  expect(reg.requests.length).toBe(2);
  const contacts = (q: string) => q.split('\r\n').filter((l) => /^contact:/i.test(l));
  expect(contacts(reg.requests[1] ?? '')).toEqual([
    'Contact: <sip:alice@198.51.100.7:40000;transport=udp>',
    expect.stringMatching(/^Contact: <sip:alice@127\.0\.0\.1:\d+;transport=udp>;expires=0$/),
  ]);
  const s = await r.status(1);
  expect(s.State).toBe('registered');
  expect(s.Public).toBe('198.51.100.7:40000');
  expect(s.Contact).toBe('<sip:alice@198.51.100.7:40000;transport=udp> (granted 600 seconds)');
});

test('a reason phrase with control characters is shown escaped on the status', async () => {
  reg = await registrar(PORT, () => ['403 Go\x1b[2J\x07Away', []]);
  r = await Router.start();
  await r.run(`sip server 1 127.0.0.1:${PORT} register udp sip:alice@example.test`);
  const lines = await waitFor('failed', async () => {
    const out = await r?.run('show status sip server 1');
    return out?.some((l) => /State:\s+failed/.test(l)) ? out : undefined;
  }, 5000);
  const text = lines.join('\n');
  expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  expect(text).toContain('Reason:      403 Go\\x1b[2J\\x07Away');
  expect(text).toContain('Last response: 403 Go\\x1b[2J\\x07Away');
});
