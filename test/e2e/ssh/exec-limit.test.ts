/**
 * SSH exec requests count against the shared session limit (`--max-sessions 1`): while a shell
 * holds the only place, `ssh HOST 'show config'` is refused with the limit's error and status 1;
 * exec lines give their place back, so two in a row both run and a shell opens after them.
 */
import { Client, ClientChannel } from 'ssh2';
import { requireTool } from '../../helpers/kamailio';
import { SshFixture } from './ssh-fixture';

jest.setTimeout(60000);
let f: SshFixture;
let key: string;

beforeAll(async () => {
  requireTool('ssh', 'openssh-client');
  f = await SshFixture.start(39040, [], ['--max-sessions', '1']);
  key = await f.clientKey('alice');
});

afterAll(async () => {
  await f?.stop();
});

/** An ssh2 client shell up to its first prompt; the caller ends the client. */
async function openShell(): Promise<{ client: Client; text: () => string }> {
  const client = new Client();
  let text = '';
  await new Promise<void>((resolve, reject) => {
    client.once('error', reject);
    client.once('ready', () => {
      client.shell({ term: 'vt100', rows: 24, cols: 80 }, (err: Error | undefined, ch: ClientChannel) => {
        if (err) return reject(err);
        ch.on('data', (d: Buffer) => {
          text += d.toString('latin1');
          if (/> $/.test(text)) resolve();
        });
        ch.on('close', () => reject(new Error(`shell closed: ${text}`)));
      });
    });
    client.connect({ host: '127.0.0.1', port: f.port, username: 'bob', password: 'pw-bob', readyTimeout: 10000 });
  });
  return { client, text: () => text };
}

test('an exec request while a shell holds the only place is refused with status 1', async () => {
  const shell = await openShell();
  try {
    const r = await f.execWithKey(key, 'alice', 'show config');
    expect(r.stdout).toBe('Error: Too many sessions (1 at most); try again later\n');
    expect(r.code).toBe(1);
  } finally {
    shell.client.end();
  }
});

test('exec lines give their place back: two in a row run, then a shell opens', async () => {
  // the closed shell of the test before frees its place when the server sees the close
  const end = Date.now() + 5000;
  let first = await f.execWithKey(key, 'alice', 'show config');
  while (first.code !== 0 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    first = await f.execWithKey(key, 'alice', 'show config');
  }
  expect(first.code).toBe(0);
  expect(first.stdout).toContain('login user alice');
  const second = await f.execWithKey(key, 'alice', 'show config');
  expect(second.code).toBe(0);
  const shell = await openShell();
  expect(shell.text()).toMatch(/RTX> $/);
  shell.client.end();
});
