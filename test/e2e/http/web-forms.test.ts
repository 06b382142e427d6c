/**
 * Every form of the pages over HTTP, each one a grammar command run through the interpreter:
 * what the form sets is what the console line sets, and what the grammar refuses comes back
 * beside the field that carried the word.
 */
import * as http from 'http';
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

function request(method: string, path: string, body?: string): Promise<{ status: number; body: string; location?: string }> {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'Content-Type': 'application/x-www-form-urlencoded' };
    const req = http.request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ...(res.headers.location !== undefined ? { location: res.headers.location } : {}) }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const post = async (path: string, fields: Record<string, string>) => {
  const csrf = /name="csrf" value="([0-9a-f]+)"/.exec((await request('GET', '/servers')).body)?.[1] ?? '';
  return request('POST', path, new URLSearchParams({ csrf, ...fields }).toString());
};
const config = () => shell.store.render();

test('each form sets what its console line sets, and its delete form removes it', async () => {
  expect((await post('/servers/set', { n: '2', server: 'sip.example.test:5070', sipaddress: 'sip:bob@example.test', user: 'bob', password: 'pw' })).status).toBe(303);
  expect((await post('/prefixes/server', { n: '2', prefix: '3#' })).status).toBe(303);
  expect((await post('/prefixes/book', { prefix: '*9' })).status).toBe(303);
  expect((await post('/book/set', { num: '7', dial: '44', sipaddress: 'sip:carol@example.test', server: '2', name: 'carol' })).status).toBe(303);
  expect(config()).toEqual([
    'sip server 2 sip.example.test:5070 register udp sip:bob@example.test bob pw',
    'analog extension dial prefix sip server=2 prefix="3#"',
    'analog extension dial prefix sip prefix="*9"',
    'analog extension sip address 7 44 sip:carol@example.test server=2 name=carol',
  ]);
  expect((await post('/book/delete', { num: '7' })).location).toBe('/book');
  expect((await post('/prefixes/server', { n: '2', prefix: '' })).status).toBe(303);
  expect((await post('/prefixes/book', { prefix: '' })).status).toBe(303);
  expect((await post('/servers/delete', { n: '2' })).status).toBe(303);
  expect(config()).toEqual([]);
});

test('what the grammar refuses comes back beside the field of the offending word', async () => {
  await post('/servers/set', { n: '1', server: '127.0.0.1', sipaddress: 'sip:a@example.test' });
  const before = config();
  const r = await post('/book/set', { num: '1001', dial: '44', sipaddress: 'sip:carol@example.test', server: '1' });
  expect(r.status).toBe(422);
  expect(r.body).toContain('<span class="error" id="entry-num-error">Error: Parameter out of range: 1001 is out of range (1-1000)</span>');
  const p = await post('/prefixes/server', { n: '1', prefix: '2x' });
  expect(p.body).toContain('id="prefix-1-prefix-error">Error: Invalid parameter: prefix=: &quot;2x&quot; is not a dial string');
  const c = await post('/servers/connect', { n: '5' });
  expect(c.status).toBe(422);
  expect(c.body).toContain('<p class="error" id="list-error">Error: SIP server 5 is not configured');
  expect(config()).toEqual(before);
});

test('the server form sets TCP and no-register servers, and changes one without turning it into UDP', async () => {
  expect((await post('/servers/set', { n: '3', server: '[::1]:5070', mode: 'register', transport: 'tcp', sipaddress: 'sip:alice@example.test', user: 'alice', password: 'secret' })).status).toBe(303);
  expect((await post('/servers/set', { n: '4', server: 'proxy.example.test', mode: 'no-register', transport: 'udp', sipaddress: 'sip:router@example.test' })).status).toBe(303);
  expect(config()).toEqual(['sip server 3 [::1]:5070 register tcp sip:alice@example.test alice secret', 'sip server 4 proxy.example.test no-register udp sip:router@example.test']);
  // The edit form shows the server's own choices selected.
  const edit = (await request('GET', '/servers?edit=3')).body;
  expect(edit).toContain('<option value="tcp" selected>TCP</option>');
  expect(edit).toContain('<option value="register" selected>register</option>');
  // A client that sends no choice (an older page, a script) keeps the server's; the empty password keeps the stored one.
  expect((await post('/servers/set', { n: '3', server: '[::1]:5080', sipaddress: 'sip:alice@example.test', user: 'alice' })).status).toBe(303);
  expect(config()[0]).toBe('sip server 3 [::1]:5080 register tcp sip:alice@example.test alice secret');
  const bad = await post('/servers/set', { n: '3', server: '[::1]:5080', mode: 'register', transport: 'sctp', sipaddress: 'sip:alice@example.test' });
  expect(bad.status).toBe(422);
  expect(bad.body).toContain('id="server-transport-error"');
});
