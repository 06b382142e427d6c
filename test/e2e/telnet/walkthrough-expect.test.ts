/**
 * The expect script documented in docs/walkthrough.md, run as written (only the port changed)
 * with the real telnet client against the built program: it passes when sipsh does what it says,
 * and fails (exit 1) when a step does not come (timeout) or sipsh refuses a line — the branches a
 * newcomer's copy would otherwise lack (issue 12).
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { requireTool } from '../../helpers/kamailio';
import { repoPath } from '../../helpers/paths';
import { SipshProcess } from '../../helpers/sipsh-process';
import { tempDir } from '../../helpers/temp-dir';

jest.setTimeout(60000);

let dir: string;
let sipsh: SipshProcess;

/** The ```tcl block after "An `expect` script" in the walkthrough. */
function documentedScript(): string {
  const doc = fs.readFileSync(repoPath('docs/walkthrough.md'), 'utf8');
  const m = /An `expect` script[\s\S]*?```tcl\n([\s\S]*?)```/.exec(doc);
  if (!m?.[1]) throw new Error('docs/walkthrough.md: the expect script block is missing');
  return m[1];
}

function runExpect(script: string): Promise<{ code: number; stderr: string }> {
  const file = path.join(dir, `script-${Date.now()}.exp`);
  fs.writeFileSync(file, script);
  return new Promise((resolve) => {
    execFile('expect', [file], { timeout: 40000 }, (err, _stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stderr });
    });
  });
}

beforeAll(async () => {
  requireTool('telnet', 'telnet');
  requireTool('expect', 'expect');
  dir = tempDir('sipsh-walk');
  const conf = path.join(dir, 'sipsh.conf');
  fs.writeFileSync(conf, '');
  sipsh = await SipshProcess.start(['--config', conf, '--telnet', '127.0.0.1:0', '--sip-port', '0', '--no-http']);
});
afterAll(async () => {
  await sipsh?.stop();
});

test('the documented script passes against sipsh', async () => {
  const script = documentedScript().replace('127.0.0.1 2323', `127.0.0.1 ${sipsh.telnetPort}`);
  const r = await runExpect(script);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
});

test('its timeout branch fails the script when a step never comes', async () => {
  const script = documentedScript()
    .replace('127.0.0.1 2323', `127.0.0.1 ${sipsh.telnetPort}`)
    .replace('set timeout 10', 'set timeout 2')
    .replace('expect "Saving ... CONFIG0 Done ."', 'expect "a line sipsh never prints"');
  const r = await runExpect(script);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('timed out waiting for sipsh');
});

test('its Error branch fails the script when sipsh refuses a line', async () => {
  const script = documentedScript()
    .replace('127.0.0.1 2323', `127.0.0.1 ${sipsh.telnetPort}`)
    .replace('sip:alice@example.test alice secret', 'sip:alice@example.test alice secret extra-word');
  const r = await runExpect(script);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('sipsh refused: Error:');
});
