/**
 * Issue 12, password guessing against the built program over real sockets. Each attacker plays one
 * host (its own 127.x source address), reconnects after every guess and uses as many connections
 * as the program lets it; the figure is the number of guesses the program actually checked in the
 * window (its log, read by the operator). Before the limiter the same attacks made 6,186 login
 * guesses a minute, 132 `administrator` guesses a second and 110 HTTP Basic guesses a second.
 *
 * The bound is the limiter's curve (src/util/guess-limiter.ts): attempts 1-3 at once, then at
 * t = 1, 3, 7, 15, 31 s … one a minute: at most 7 checks in a 16 s window, 8 in the first minute.
 */
import * as http from 'http';
import * as fs from 'fs';
import * as path from 'path';
import { hashPassword } from '../../../src/config/passwords';
import { RawTelnet } from '../../helpers/raw-telnet';
import { SipshProcess } from '../../helpers/sipsh-process';
import { tempDir } from '../../helpers/temp-dir';

jest.setTimeout(90000);

const WINDOW_MS = 16_000;
/** Attempts 1-3 free, then t = 1, 3, 7, 15 s: 7 checks within 16 s. */
const BOUND_IN_WINDOW = 7;
const LOGIN_PW = 'operator-pw';
const ADMIN_PW = 'admin-pw';

let withLogin: SipshProcess;
let noLogin: SipshProcess;
/** Ports chosen by the system (`:0`): the program prints where it listens. */
let loginTelnet: number;
let noLoginTelnet: number;
let noLoginHttp: number;

function config(dir: string, name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

beforeAll(async () => {
  const dir = tempDir('sipsh-guess');
  const a = config(dir, 'login.conf', [`login password encrypted ${hashPassword(LOGIN_PW)}`, `administrator password encrypted ${hashPassword(ADMIN_PW)}`]);
  const b = config(dir, 'nologin.conf', [`administrator password encrypted ${hashPassword(ADMIN_PW)}`]);
  withLogin = await SipshProcess.start(['--config', a, '--telnet', '127.0.0.1:0', '--no-http', '--sip-port', '0']);
  noLogin = await SipshProcess.start(['--config', b, '--telnet', '127.0.0.1:0', '--http', '127.0.0.1:0', '--sip-port', '0']);
  loginTelnet = withLogin.telnetPort;
  noLoginTelnet = noLogin.telnetPort;
  const end = Date.now() + 5000;
  while (!/web pages on/.test(noLogin.output) && Date.now() < end) await sleep(20);
  noLoginHttp = Number(/web pages on http:\/\/127\.0\.0\.1:(\d+)\//.exec(noLogin.output)?.[1]);
  expect(noLoginHttp).toBeGreaterThan(0);
});
afterAll(async () => {
  await withLogin?.stop();
  await noLogin?.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The operator (127.0.0.1) reads the log at the administrator level and counts the lines matching `re`. */
async function countInLog(port: number, re: RegExp, loginPassword?: string): Promise<number> {
  const c = await RawTelnet.connect(port);
  if (loginPassword !== undefined) {
    await c.waitFor(/Password: $/, 0, 70_000);
    c.send(`${loginPassword}\r`);
  }
  await c.waitFor(/> $/, 0, 70_000);
  let m = c.text.length;
  c.send('console lines infinity\r');
  await c.waitFor(/> $/, m);
  m = c.text.length;
  c.send('show log\r');
  const out = await c.waitFor(/\r\n> $/, m);
  c.close();
  return out.split('\r\n').filter((l) => re.test(l)).length;
}

/** One attacker connection: connect from `from`, run `guess`, hang up; again until the window ends. */
async function attackLoop(end: number, guess: () => Promise<void>): Promise<void> {
  while (Date.now() < end) {
    try {
      await guess();
    } catch {
      await sleep(20); // refused or closed: reconnect
    }
  }
}

test('guesses from one host across reconnects: telnet login, administrator with no login password, HTTP Basic', async () => {
  const end = Date.now() + WINDOW_MS;
  const left = (): number => Math.max(1, end - Date.now());
  // telnet login from 127.0.0.2, two connections at a time (the per-address cap of waiting connections)
  const loginGuess = async (): Promise<void> => {
    const c = await RawTelnet.connect(loginTelnet, true, '127.0.0.1', '127.0.0.2');
    try {
      await c.waitFor(/Password: $/, 0, left());
      const m = c.text.length;
      c.send('wrong-guess\r');
      await c.waitFor(/Password: $|closing|Error/, m, left());
    } finally {
      c.close();
    }
  };
  // administrator from 127.0.0.3 with no login password: one guess per connection
  const adminGuess = async (): Promise<void> => {
    const c = await RawTelnet.connect(noLoginTelnet, true, '127.0.0.1', '127.0.0.3');
    try {
      await c.waitFor(/> $/, 0, left());
      let m = c.text.length;
      c.send('administrator\r');
      await c.waitFor(/Password: $/, m, left());
      m = c.text.length;
      c.send('wrong-guess\r');
      await c.waitFor(/Incorrect password|# $/, m, left());
    } finally {
      c.close();
    }
  };
  // HTTP Basic from 127.0.0.4: no cap on connections, so ten requests at a time
  const httpGuess = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: noLoginHttp, localAddress: '127.0.0.4', path: '/', headers: { Authorization: `Basic ${Buffer.from('admin:wrong-guess').toString('base64')}` }, agent: false, timeout: left() },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 401 ? resolve() : reject(new Error(String(res.statusCode)))));
        },
      );
      req.on('timeout', () => req.destroy(new Error('window over')));
      req.on('error', reject);
      req.end();
    });
  await Promise.all([
    ...[1, 2].map(() => attackLoop(end, loginGuess)),
    attackLoop(end, adminGuess),
    ...Array.from({ length: 10 }, () => attackLoop(end, httpGuess)),
  ]);
  const login = await countInLog(loginTelnet, /Login failed for TELNET: 127\.0\.0\.2$/, LOGIN_PW);
  const admin = await countInLog(noLoginTelnet, /'administrator' failed for TELNET: 127\.0\.0\.3$/);
  const web = await countInLog(noLoginTelnet, /'administrator' failed for HTTP: (::ffff:)?127\.0\.0\.4$/);
  process.stdout.write(`guesses checked in ${WINDOW_MS / 1000} s: telnet login ${login}, administrator ${admin}, HTTP Basic ${web} (bound ${BOUND_IN_WINDOW} each; 8 a minute)\n`);
  for (const n of [login, admin, web]) {
    expect(n).toBeGreaterThanOrEqual(3); // the attack ran: the three free attempts were checked
    expect(n).toBeLessThanOrEqual(BOUND_IN_WINDOW);
  }
});

test('16 half-open logins from 16 hosts: the operator still gets in', async () => {
  const attackers = await Promise.all(Array.from({ length: 16 }, (_, i) => RawTelnet.connect(loginTelnet, true, '127.0.0.1', `127.0.1.${i + 1}`)));
  await sleep(500);
  const waiting = attackers.filter((a) => !a.closed).length;
  expect(waiting).toBeLessThanOrEqual(8);
  const op = await RawTelnet.connect(loginTelnet);
  await op.waitFor(/Password: $/);
  op.send(`${LOGIN_PW}\r`);
  await op.waitFor(/> $/, 0, 5000);
  op.close();
  for (const a of attackers) a.close();
});

test('a NUL byte every 20 s does not keep an unauthenticated connection open past the login timer (60 s)', async () => {
  // `login timer` is 60 s at least on the router (grammar), and the login deadline 60 s at most:
  // the issue's own figure, run as it is (the test mostly sleeps).
  const idler = await RawTelnet.connect(loginTelnet, true, '127.0.0.1', '127.0.2.1');
  await idler.waitFor(/Password: $/);
  const started = Date.now();
  const nul = setInterval(() => idler.send(Buffer.from([0])), 20_000);
  while (!idler.closed && Date.now() - started < 70_000) await sleep(100);
  clearInterval(nul);
  const lasted = Date.now() - started;
  expect(idler.closed).toBe(true);
  expect(idler.text).toContain('Session closed: no password within 60 seconds');
  expect(lasted).toBeGreaterThanOrEqual(59_000);
  expect(lasted).toBeLessThan(63_000);
}, 100_000);
