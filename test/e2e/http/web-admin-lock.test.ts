/** The web pages and the administrator lock (docs/decisions.md): one more administrator by default; refused while the console holds the only one. */
import * as http from 'http';
import { buildShell } from '../../../src/shell/build';
import { WebServer } from '../../../src/web/server';
import { Harness } from '../../helpers/harness';
import { FakeClock } from '../../../src/util/clock';

async function post(port: number, path: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function get(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    }).on('error', reject);
  });
}

test.each([
  [undefined, 303, '9'],
  [1, 422, undefined],
])('maxAdministrators %s with a console session at #: the web POST answers %s', async (max, status, prefix) => {
  const clock = new FakeClock();
  const shell = buildShell({ clock, ...(max !== undefined ? { maxAdministrators: max } : {}) });
  const web = new WebServer(shell);
  const port = (await web.listen('127.0.0.1', 0)).port;
  try {
    const h = new Harness({ shell, clock });
    await h.admin();
    expect(h.session.level).toBe('administrator');
    const csrf = /name="csrf" value="([0-9a-f]+)"/.exec(await get(port, '/prefixes'))?.[1] ?? '';
    const r = await post(port, '/prefixes/book', `csrf=${csrf}&prefix=9`);
    expect(r.status).toBe(status);
    expect(shell.store.config.bookPrefix).toBe(prefix);
    if (status === 422) expect(r.body).toContain('Another session (#1 from test) is at the administrator level');
  } finally {
    await web.close();
  }
});
