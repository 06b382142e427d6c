/** `--http-name`: the built program's web pages answer a name the operator gave them, and still refuse any other (DNS rebinding). */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { SipshProcess } from '../../helpers/sipsh-process';
import { tempDir } from '../../helpers/temp-dir';

let p: SipshProcess;
let port: number;

beforeAll(async () => {
  const conf = path.join(tempDir('sipsh-name'), 'sipsh.conf');
  fs.writeFileSync(conf, '');
  p = await SipshProcess.start(['--config', conf, '--telnet', '127.0.0.1:0', '--http', '127.0.0.1:0', '--http-name', 'router.localhost,Console.Localhost.', '--sip-port', '0']);
  const end = Date.now() + 5000;
  while (!/web pages on/.test(p.output) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  port = Number(/web pages on http:\/\/127\.0\.0\.1:(\d+)\//.exec(p.output)?.[1]);
});
afterAll(async () => {
  await p?.stop();
});

const status = (host: string): Promise<number> =>
  new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/servers', headers: { Host: host }, setHost: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });

test('named hosts are answered, any other name is refused', async () => {
  expect(port).toBeGreaterThan(0);
  expect(await status(`router.localhost:${port}`)).toBe(200);
  expect(await status(`console.localhost:${port}`)).toBe(200);
  expect(await status(`127.0.0.1:${port}`)).toBe(200);
  expect(await status(`evil.example:${port}`)).toBe(403);
  expect(await status(`router.localhost.evil.example:${port}`)).toBe(403);
});
