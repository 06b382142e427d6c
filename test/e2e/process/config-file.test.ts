/**
 * Issue 12, "nothing the operator wrote is ever lost", against the built program: damaged files
 * (random bytes, bad lines, 0 bytes), a symlinked file and the temporary files of an interrupted
 * save. `sipsh exec … save` is the save an operator types; `sipsh` (serve) is the start-up.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { RawTelnet } from '../../helpers/raw-telnet';
import { MAIN, SipshProcess } from '../../helpers/sipsh-process';
import { tempDir } from '../../helpers/temp-dir';
import { KEPT_MARKER } from '../../../src/config/unloaded-lines';

const run = promisify(execFile);

async function sipsh(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [MAIN, ...args], { encoding: 'latin1' });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** The file's lines after the marker, as bytes (latin1). */
function keptAfterMarker(file: string): string[] {
  const lines = fs.readFileSync(file, 'latin1').split('\n');
  const at = lines.indexOf(KEPT_MARKER);
  return at < 0 ? [] : lines.slice(at + 1, -1);
}

const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

/** A deterministic stream of bytes (a fixed-seed xorshift), so that a failure can be replayed. */
function randomBytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

test('a file of random bytes: save writes every line back byte for byte; check lists them, escaped', async () => {
  const file = path.join(tempDir('sipsh-conf'), 'sipsh.conf');
  const original = randomBytes(6000, 12345);
  fs.writeFileSync(file, original);
  const lines = original.toString('latin1').split('\n');
  const r = await sipsh(['exec', '--admin', '--config', file, 'save']);
  expect(r.stdout).toContain('Saving ... CONFIG0 Done .');
  expect(r.stderr).toMatch(/sipsh: \d+ lines of .* did not load; kept as written/);
  expect(r.stderr).not.toMatch(CONTROL); // what the operator's terminal is shown
  const nonBlank = lines.filter((l) => l.trim() !== '');
  expect(keptAfterMarker(file)).toEqual(nonBlank);
  // saving again changes nothing below the marker (the kept lines do not load again either)
  await sipsh(['exec', '--admin', '--config', file, 'save']);
  expect(keptAfterMarker(file)).toEqual(nonBlank);
  const check = await sipsh(['check', file]);
  expect(check.code).toBe(1);
  expect(check.stdout).not.toMatch(CONTROL);
  expect(check.stdout.trim().split('\n').length).toBeGreaterThan(5);
});

test('bad lines among good ones: kept in order after the running configuration, with their comments; check names the lines', async () => {
  const file = path.join(tempDir('sipsh-conf'), 'sipsh.conf');
  const text = [
    '# the office PBX',
    'sip server 1 127.0.0.1:5080 register udp sip:alice@example.test alice secret',
    'sip servr 2 127.0.0.1 register udp sip:bob@example.test bob x',
    'sip server 3 ::1 register udp sip:carol@example.test', // IPv6 without brackets
    'sip session timer 99999999',
    'analog extension dial prefix sip prefix="9#"',
    '',
  ].join('\n');
  fs.writeFileSync(file, text);
  const check = await sipsh(['check', file]);
  expect(check.stdout.split('\n').map((l) => l.replace(/: .*/, ''))).toEqual([`${file}:3`, `${file}:4`, `${file}:5`, '']);
  const r = await sipsh(['exec', '--admin', '--config', file, 'save', 'show config']);
  expect(r.stderr).toContain(`${file}:3: Error: Invalid command name at "servr"`);
  expect(r.stderr).toContain('sipsh: 3 lines of');
  const saved = fs.readFileSync(file, 'utf8');
  expect(saved).toContain('sip server 1 127.0.0.1:5080 register udp sip:alice@example.test alice secret\n');
  expect(saved).toContain('analog extension dial prefix sip prefix="9#"\n');
  expect(keptAfterMarker(file)).toEqual(['# the office PBX', 'sip servr 2 127.0.0.1 register udp sip:bob@example.test bob x', 'sip server 3 ::1 register udp sip:carol@example.test', 'sip session timer 99999999']);
  // fixing a line in the file: it loads, and the next save no longer keeps it below the marker
  fs.writeFileSync(file, saved.replace('sip servr 2', 'sip server 2'));
  await sipsh(['exec', '--admin', '--config', file, 'save']);
  expect(fs.readFileSync(file, 'utf8')).toMatch(/^sip server 2 127\.0\.0\.1 register udp sip:bob@example\.test bob x$/m);
  expect(keptAfterMarker(file)).toEqual(['# the office PBX', 'sip server 3 ::1 register udp sip:carol@example.test', 'sip session timer 99999999']);
});

test('UTF-8 is read as UTF-8: a Japanese comment and a Japanese word in a bad line survive save unchanged', async () => {
  const file = path.join(tempDir('sipsh-conf'), 'sipsh.conf');
  fs.writeFileSync(file, '# 受付の電話は内線 30\nconsole prompt RTX\nanalog extension sip address 1 30 sip:UserA@example.test name=受付\n');
  const r = await sipsh(['exec', '--admin', '--config', file, 'save']);
  expect(Buffer.from(r.stderr, 'latin1').toString('utf8')).toContain('"受付" is not a plain word');
  await sipsh(['exec', '--admin', '--config', file, 'save']);
  expect(keptAfterMarker(file).map((l) => Buffer.from(l, 'latin1').toString('utf8'))).toEqual(['# 受付の電話は内線 30', 'analog extension sip address 1 30 sip:UserA@example.test name=受付']);
});

test('a 0-byte file loads as empty and is written whole by save', async () => {
  const file = path.join(tempDir('sipsh-conf'), 'sipsh.conf');
  fs.writeFileSync(file, '');
  const r = await sipsh(['exec', '--admin', '--config', file, 'console prompt RTX', 'save']);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  expect(fs.readFileSync(file, 'utf8')).toMatch(/^# NVR510 Rev\.[\s\S]*\nconsole prompt RTX\n$/);
});

test('a symlinked file: save replaces the file it points to (mode 0600) and the link stays a link', async () => {
  const dir = tempDir('sipsh-conf');
  fs.mkdirSync(path.join(dir, 'real'));
  const target = path.join(dir, 'real', 'router.conf');
  fs.writeFileSync(target, 'console prompt OLD\nsip servr 9 x\n', { mode: 0o644 });
  const link = path.join(dir, 'sipsh.conf');
  fs.symlinkSync('real/router.conf', link);
  const r = await sipsh(['exec', '--admin', '--config', link, 'console prompt NEW', 'save']);
  expect(r.stdout).toContain('Done');
  expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
  expect(fs.readlinkSync(link)).toBe('real/router.conf');
  const saved = fs.readFileSync(target, 'utf8');
  expect(saved).toContain('console prompt NEW\n');
  expect(saved).toContain('sip servr 9 x\n');
  expect(fs.statSync(target).mode & 0o777).toBe(0o600);
  expect(fs.readdirSync(path.join(dir, 'real')).sort()).toEqual(['router.conf']);
  expect(fs.readdirSync(dir).sort()).toEqual(['real', 'sipsh.conf']);
});

test('a file that exists but cannot be read: no start (a save would replace it)', async () => {
  const dir = tempDir('sipsh-conf');
  const file = path.join(dir, 'sipsh.conf');
  fs.mkdirSync(file); // a directory where the file should be: EISDIR, for root too
  const r = await sipsh(['exec', '--admin', '--config', file, 'save']);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/cannot read/);
  const s = await sipsh(['--config', file, '--telnet', '127.0.0.1:0', '--no-http', '--sip-port', '0']);
  expect(s.code).toBe(2);
  expect(s.stderr).toMatch(/cannot read: .*not starting/);
});

test('stale temporary files of an interrupted save are removed at start: only ours, only of dead processes', async () => {
  const dir = tempDir('sipsh-conf');
  const file = path.join(dir, 'sipsh.conf');
  fs.writeFileSync(file, 'console prompt A\n');
  const dead = 4194303; // above the default pid_max: no such process
  const stale = [`.sipsh.conf.${dead}.1764000000000.tmp`, `.sipsh.conf.${dead - 1}.1764000000001.tmp`];
  const keep = [`.sipsh.conf.${process.pid}.1764000000002.tmp`, `.other.conf.${dead}.1764000000000.tmp`, '.sipsh.conf.bak.tmp', `sipsh.conf.${dead}.1.tmp`];
  for (const n of [...stale, ...keep]) fs.writeFileSync(path.join(dir, n), 'login password encrypted s1.x\n');
  fs.mkdirSync(path.join(dir, `.sipsh.conf.${dead}.5.tmp`)); // the name, but a directory: not ours
  const p = await SipshProcess.start(['--config', file, '--telnet', '127.0.0.1:0', '--no-http', '--sip-port', '0']);
  try {
    expect(p.output).toContain(`removed ${path.join(dir, stale[0] as string)}`);
    expect(fs.readdirSync(dir).sort()).toEqual([...keep, `.sipsh.conf.${dead}.5.tmp`, 'sipsh.conf'].sort());
  } finally {
    await p.stop();
  }
});

test('start-up with bad lines: stderr says so, and show log names the file, the line and "not loaded", escaped', async () => {
  const file = path.join(tempDir('sipsh-conf'), 'sipsh.conf');
  fs.writeFileSync(file, 'console prompt RTX\nsip servr 2 \x1b]0;pwned\x07\x1b[2J\n');
  const p = await SipshProcess.start(['--config', file, '--telnet', '127.0.0.1:0', '--no-http', '--sip-port', '0']);
  try {
    expect(p.output).toContain('sipsh: 1 line of');
    const t = await RawTelnet.connect(p.telnetPort);
    await t.waitFor(/RTX> $/);
    const from = t.text.length;
    t.send('show log\r\n');
    const out = await t.waitFor(/RTX> $/, from);
    expect(out).toContain(`${file}:2: not loaded: Error: Invalid command name at "servr"`);
    expect(out).not.toContain('\x1b');
    t.close();
  } finally {
    await p.stop();
  }
});
