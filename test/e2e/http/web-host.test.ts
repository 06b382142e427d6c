/**
 * Issue 12, DNS rebinding and cross-site forms over real sockets: the pages answer only their own
 * name (the listening address, or localhost on loopback), and a POST declared by a browser as
 * coming from another site is refused even with the right form token.
 */
import * as http from 'http';
import { hashPassword } from '../../../src/config/passwords';
import { buildShell } from '../../../src/shell/build';
import { Shell } from '../../../src/shell/shell';
import { WebServer } from '../../../src/web/server';

let shell: Shell;
let web: WebServer;
let port: number;

beforeEach(async () => {
  shell = buildShell();
  web = new WebServer(shell);
  port = (await web.listen('127.0.0.1', 0)).port;
});
afterEach(async () => {
  await web.close();
});

function request(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const own = (): string => `127.0.0.1:${port}`;
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const token = async (): Promise<string> => /name="csrf" value="([0-9a-f]+)"/.exec((await request('GET', '/servers', { Host: own() })).body)?.[1] ?? '';

test('DNS rebinding: Host evil.example is refused and the page (with its form token) is not sent', async () => {
  const r = await request('GET', '/servers', { Host: `evil.example:${port}` });
  expect(r.status).toBe(403);
  expect(r.body).toContain('does not answer to the name evil.example');
  expect(r.body).not.toContain('csrf');
  expect((await request('GET', '/servers', { Host: 'evil.example' })).status).toBe(403);
  expect([400, 403]).toContain((await request('GET', '/servers', {})).status); // no Host at all (Node itself answers 400)
  expect(shell.log.entries().join('\n')).toMatch(/HTTP request refused from 127\.0\.0\.1: this server does not answer to the name evil\.example/);
});

test('a flood of refused requests does not flush the log: one line a minute per source', async () => {
  for (let i = 0; i < 50; i++) expect((await request('GET', '/servers', { Host: `evil${i}.example` })).status).toBe(403);
  expect(shell.log.entries().filter((l) => l.includes('HTTP request refused'))).toHaveLength(1);
});

test('our own address and localhost are answered', async () => {
  expect((await request('GET', '/servers', { Host: own() })).status).toBe(200);
  expect((await request('GET', '/servers', { Host: `localhost:${port}` })).status).toBe(200);
  expect((await request('GET', '/servers', { Host: `LOCALHOST:${port}` })).status).toBe(200);
});

test('a POST from another site is refused even with the right token; from our own page it works', async () => {
  const csrf = await token();
  const body = `csrf=${csrf}&prefix=9`;
  const before = shell.store.config.bookPrefix;
  const cross = await request('POST', '/prefixes/book', { ...FORM, Host: own(), Origin: 'http://evil.example' }, body);
  expect(cross.status).toBe(403);
  expect(cross.body).toContain('another site');
  const nullOrigin = await request('POST', '/prefixes/book', { ...FORM, Host: own(), Origin: 'null' }, body);
  expect(nullOrigin.status).toBe(403);
  const referer = await request('POST', '/prefixes/book', { ...FORM, Host: own(), Referer: 'http://evil.example/attack.html' }, body);
  expect(referer.status).toBe(403);
  expect(shell.store.config.bookPrefix).toBe(before);
  const same = await request('POST', '/prefixes/book', { ...FORM, Host: own(), Origin: `http://${own()}` }, body);
  expect(same.status).toBe(303);
  expect(shell.store.config.bookPrefix).toBe('9');
});

test('HTTP Basic failures and the first success are logged with the source; a known-good header is not re-checked', async () => {
  shell.store.config.adminPassword = hashPassword('adminpass');
  const auth = (p: string): Record<string, string> => ({ Host: own(), Authorization: `Basic ${Buffer.from(`admin:${p}`).toString('base64')}` });
  expect((await request('GET', '/servers', auth('wrong'))).status).toBe(401);
  expect((await request('GET', '/servers', auth('adminpass'))).status).toBe(200);
  expect((await request('GET', '/book', auth('adminpass'))).status).toBe(200);
  const log = shell.log.entries().join('\n');
  expect(log.match(/'administrator' failed for HTTP: 127\.0\.0\.1/g)).toHaveLength(1);
  expect(log.match(/'administrator' succeeded for HTTP: 127\.0\.0\.1/g)).toHaveLength(1);
});
