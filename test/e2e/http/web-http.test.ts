/** The web pages over plain HTTP: authentication, the form token, malformed and oversized requests. */
import * as http from 'http';
import { hashPassword } from '../../../src/config/passwords';
import { buildShell } from '../../../src/shell/build';
import { Shell } from '../../../src/shell/shell';
import { WebServer } from '../../../src/web/server';
import { captureStderr } from '../../helpers/stderr';

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

function request(method: string, path: string, opts: { body?: string | Buffer; headers?: Record<string, string> } = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const basic = (pass: string) => ({ Authorization: `Basic ${Buffer.from(`admin:${pass}`).toString('base64')}` });
const token = async (headers: Record<string, string> = {}) => /name="csrf" value="([0-9a-f]+)"/.exec((await request('GET', '/servers', { headers })).body)?.[1] ?? '';
const configText = () => JSON.stringify([...shell.store.config.servers.entries()]) + shell.store.config.bookPrefix;

test('once an administrator password is set, every page asks for it (HTTP Basic)', async () => {
  expect((await request('GET', '/servers')).status).toBe(200);
  shell.store.config.adminPassword = hashPassword('adminpass');
  const denied = await request('GET', '/servers');
  expect(denied.status).toBe(401);
  expect(denied.headers['www-authenticate']).toMatch(/^Basic realm="sipsh"/);
  expect((await request('GET', '/book', { headers: basic('wrong') })).status).toBe(401);
  expect((await request('GET', '/servers/rows')).status).toBe(401);
  expect((await request('POST', '/save', { headers: FORM, body: 'csrf=x' })).status).toBe(401);
  expect((await request('GET', '/book', { headers: basic('adminpass') })).status).toBe(200);
});

test('a POST without the form token (or with a wrong one) is refused and changes nothing', async () => {
  const before = configText();
  const body = 'n=1&server=192.0.2.1&sipaddress=sip%3Aa%40example.test';
  expect((await request('POST', '/servers/set', { headers: FORM, body })).status).toBe(403);
  expect((await request('POST', '/servers/set', { headers: FORM, body: `${body}&csrf=00` })).status).toBe(403);
  expect(configText()).toBe(before);
  const ok = await request('POST', '/servers/set', { headers: FORM, body: `${body}&csrf=${await token()}` });
  expect(ok.status).toBe(303);
  expect(shell.store.config.servers.get(1)?.sipAddress).toBe('sip:a@example.test');
});

test('malformed bodies are 400, oversized 413, other types 415; nothing changes', async () => {
  const t = await token();
  const before = configText();
  expect((await request('POST', '/prefixes/book', { headers: FORM, body: `csrf=${t}&prefix=%E0%A4%A` })).status).toBe(400);
  expect((await request('POST', '/prefixes/book', { headers: FORM, body: `csrf=${t}&prefix=1&prefix=2` })).status).toBe(400);
  expect((await request('POST', '/prefixes/book', { headers: FORM, body: `csrf=${t}&prefix=${'9'.repeat(20000)}` })).status).toBe(413);
  expect((await request('POST', '/prefixes/book', { headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(415);
  expect((await request('DELETE', '/servers')).status).toBe(405);
  expect((await request('GET', '/nowhere')).status).toBe(404);
  expect(configText()).toBe(before);
});

test('a form value cannot smuggle extra words into the command line', async () => {
  const t = await token();
  const r = await request('POST', '/servers/set', { headers: FORM, body: `csrf=${t}&n=1&server=192.0.2.1+no-register+tcp&sipaddress=sip%3Aa%40example.test` });
  expect(r.status).toBe(422);
  expect(r.body).toContain('must be one word');
  expect(shell.store.config.servers.size).toBe(0);
});

test('errors from the interpreter are shown beside the field, with the values kept', async () => {
  const t = await token();
  const r = await request('POST', '/servers/set', { headers: FORM, body: `csrf=${t}&n=70000&server=192.0.2.1&sipaddress=sip%3Aa%40example.test` });
  expect(r.status).toBe(422);
  expect(r.body).toMatch(/id="server-n" type="text" value="70000"[^>]*> <span class="error" id="server-n-error">Error: Parameter out of range: 70000 is out of range \(1-65535\)/);
  expect(r.body).toContain('value="192.0.2.1"');
});

test('the password is never sent back into a page', async () => {
  await request('POST', '/servers/set', { headers: FORM, body: `csrf=${await token()}&n=1&server=192.0.2.1&sipaddress=sip%3Aa%40example.test&user=a&password=topsecret` });
  for (const p of ['/servers', '/servers?edit=1', '/servers/rows', '/prefixes', '/book']) expect((await request('GET', p)).body).not.toContain('topsecret');
  // an empty password on change keeps the old one
  await request('POST', '/servers/set', { headers: FORM, body: `csrf=${await token()}&n=1&server=192.0.2.2&sipaddress=sip%3Aa%40example.test&user=a&password=` });
  expect(shell.store.config.servers.get(1)?.password).toBe('topsecret');
  expect(shell.store.config.servers.get(1)?.server.host.address).toBe('192.0.2.2');
});

test('serving the pages on a non-loopback address without an administrator password is refused', async () => {
  const { runServe } = await import('../../../src/cli/serve');
  const { result, stderr } = await captureStderr(() => runServe({ config: '/nonexistent/sipsh.conf', telnet: '127.0.0.1:0', http: '192.0.2.1:8080', sipPort: 0, maxSessions: 16 }));
  expect(result).toBe(2);
  expect(stderr).toContain('refusing to serve the web pages on 192.0.2.1 with no administrator password set');
});
