/**
 * Issue 13: `ssh2` costs about 55 ms of module loading, so the built program loads it only when the
 * SSH console serves (src/util/ssh2-module.ts). A preloaded hook reports, as the process exits,
 * whether any file of the ssh2 package was loaded: not with an empty configuration, yes with
 * `sshd service on` and host keys.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { KeyFiles } from '../../../src/config/ssh-key-files';
import { MAIN } from '../../helpers/sipsh-process';
import { tempDir } from '../../helpers/temp-dir';

jest.setTimeout(60000);

let dir: string;
let hook: string;

beforeAll(() => {
  dir = tempDir('sipsh-ssh2-lazy');
  hook = path.join(dir, 'hook.js');
  fs.writeFileSync(
    hook,
    `process.on('exit', () => process.stderr.write('ssh2 loaded: ' + Object.keys(require.cache).some((k) => /[\\\\/]node_modules[\\\\/]ssh2[\\\\/]/.test(k)) + '\\n'));\n`,
  );
});

/** Runs the program until `ready` shows in its output, stops it by PID, and returns its output. */
async function runUntil(conf: string, ready: RegExp): Promise<string> {
  const child = spawn(process.execPath, ['--require', hook, MAIN, '--config', conf, '--telnet', '127.0.0.1:0', '--no-http', '--sip-port', '0', '--ssh', '127.0.0.1:42030'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = Date.now() + 20000;
  while (!ready.test(out)) {
    if (Date.now() > end || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`sipsh did not get ready (${ready}):\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGTERM');
  await exited;
  return out;
}

test('an empty configuration starts and stops without loading ssh2', async () => {
  const conf = path.join(dir, 'empty.conf');
  fs.writeFileSync(conf, '');
  const out = await runUntil(conf, /telnet console on/);
  expect(out).toContain('ssh2 loaded: false');
});

test('with sshd service on and host keys, ssh2 is loaded and the SSH console serves', async () => {
  const conf = path.join(dir, 'ssh.conf');
  fs.writeFileSync(conf, 'sshd service on\n', { mode: 0o600 });
  new KeyFiles(conf).generateHostKeys('test');
  // The telnet line comes in the program's last start-up write, after its signal handlers are
  // set; the SSH console's own line comes before them, and a SIGTERM sent at that line could end
  // the process before its 'exit' hook (seen once in CI).
  const out = await runUntil(conf, /telnet console on/);
  expect(out).toContain('SSH console on 127.0.0.1:42030');
  expect(out).toContain('ssh2 loaded: true');
});
