/**
 * The newcomer's frictions (issue 12): `npm start` builds only when a source file changed, and
 * `npm start` / `npm test` run `npm ci` only when package-lock.json changed since the last install.
 * The real scripts run in a scratch copy of the repository with an `npm` on PATH that records what
 * it is asked to do (no network, no real install).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { repoPath } from '../../helpers/paths';
import { tempDir } from '../../helpers/temp-dir';

const FAKE_NPM = `#!/usr/bin/env bash
echo "$*" >>"$NPM_LOG"
case "$1 $2" in
  "ci --no-audit") mkdir -p node_modules && echo '{}' >node_modules/.package-lock.json ;;
  "run build")
    [ -f src/broken ] && exit 2
    mkdir -p dist/src/cli && echo 'console.log("started " + process.argv.slice(2).join(" "))' >dist/src/cli/main.js ;;
esac
`;

function scratch(): { dir: string; log: string; env: NodeJS.ProcessEnv } {
  const dir = tempDir('sipsh-scripts');
  fs.mkdirSync(path.join(dir, 'scripts'));
  for (const f of ['start.sh', 'deps.sh']) fs.copyFileSync(repoPath('scripts', f), path.join(dir, 'scripts', f));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.mkdirSync(path.join(dir, 'test'));
  fs.writeFileSync(path.join(dir, 'src', 'a.ts'), 'export const a = 1;\n');
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), '{}\n');
  fs.writeFileSync(path.join(dir, 'package-lock.json'), '{"lockfileVersion": 3}\n');
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.writeFileSync(path.join(dir, 'bin', 'npm'), FAKE_NPM, { mode: 0o755 });
  const log = path.join(dir, 'npm.log');
  return { dir, log, env: { ...process.env, PATH: `${path.join(dir, 'bin')}:${process.env.PATH ?? ''}`, NPM_LOG: log } };
}

/** Runs `npm start` (scripts/start.sh); returns what npm was asked to do and what the program printed. */
function start(s: { dir: string; log: string; env: NodeJS.ProcessEnv }): { npm: string[]; out: string } {
  fs.rmSync(s.log, { force: true });
  const out = execFileSync('bash', ['scripts/start.sh', '--version'], { cwd: s.dir, env: s.env, encoding: 'utf8' });
  const npm = fs.existsSync(s.log) ? fs.readFileSync(s.log, 'utf8').trim().split('\n') : [];
  return { npm, out };
}

/** Moves the stamps of the last build and install 10 s into the past, then "edits" `file` now. */
function editAfterwards(dir: string, file: string): void {
  const past = new Date(Date.now() - 10000);
  for (const stamp of ['dist/.build-stamp', 'node_modules/.package-lock.json', 'node_modules/.sipsh-lock.sha256']) {
    if (fs.existsSync(path.join(dir, stamp))) fs.utimesSync(path.join(dir, stamp), past, past);
  }
  const now = new Date();
  fs.utimesSync(file, now, now);
}

test('npm start: install and build the first time; nothing the second time; build after an edit; install after a lock change', () => {
  const s = scratch();
  expect(start(s)).toEqual({ npm: ['ci --no-audit --no-fund --loglevel=error', 'run build --silent'], out: 'started --version\n' });
  expect(start(s)).toEqual({ npm: [], out: 'started --version\n' });
  editAfterwards(s.dir, path.join(s.dir, 'src', 'a.ts'));
  expect(start(s).npm).toEqual(['run build --silent']);
  expect(start(s).npm).toEqual([]);
  fs.writeFileSync(path.join(s.dir, 'package-lock.json'), '{"lockfileVersion": 3, "packages": {}}\n');
  editAfterwards(s.dir, path.join(s.dir, 'package-lock.json'));
  expect(start(s).npm).toEqual(['ci --no-audit --no-fund --loglevel=error', 'run build --silent']);
  expect(start(s).npm).toEqual([]);
  // a lock file touched but not changed (a checkout) does not reinstall
  editAfterwards(s.dir, path.join(s.dir, 'package-lock.json'));
  expect(start(s).npm).toEqual(['run build --silent']);
});

test('a failed build is tried again at the next start (the stamp is written only after a good build)', () => {
  const s = scratch();
  start(s);
  fs.writeFileSync(path.join(s.dir, 'src', 'broken'), '');
  editAfterwards(s.dir, path.join(s.dir, 'src', 'a.ts'));
  expect(() => start(s)).toThrow();
  fs.rmSync(path.join(s.dir, 'src', 'broken'));
  expect(start(s).npm).toEqual(['run build --silent']);
  expect(fs.readdirSync(path.join(s.dir, 'dist')).filter((n) => n.startsWith('.build-stamp.'))).toEqual([]);
});

test('npm test uses the same rule: scripts/test.sh installs through ensure_deps, not npm ci every time', () => {
  const text = fs.readFileSync(repoPath('scripts/test.sh'), 'utf8');
  expect(text).toContain('. scripts/deps.sh');
  expect(text).toMatch(/ensure_deps \|\|/);
  expect(text).not.toMatch(/^npm ci/m);
  const s = scratch();
  const deps = (): string[] => {
    fs.rmSync(s.log, { force: true });
    execFileSync('bash', ['-c', '. scripts/deps.sh && ensure_deps'], { cwd: s.dir, env: s.env });
    return fs.existsSync(s.log) ? fs.readFileSync(s.log, 'utf8').trim().split('\n') : [];
  };
  expect(deps()).toEqual(['ci --no-audit --no-fund --loglevel=error']);
  expect(deps()).toEqual([]);
});

test('npm test runs jest in a temporary folder of its own, names what a test left there, and removes it', () => {
  const s = scratch();
  for (const f of ['test.sh', 'summary.js']) fs.copyFileSync(repoPath('scripts', f), path.join(s.dir, 'scripts', f));
  const outer = path.join(s.dir, 'tmp');
  fs.mkdirSync(outer);
  // a jest that leaves a directory behind, as a leaking test would, and reports 2 passed
  fs.writeFileSync(
    path.join(s.dir, 'bin', 'npx'),
    `#!/usr/bin/env bash\necho "npx $*" >>"$NPM_LOG"\nmkdir "$TMPDIR/sipsh-leak-1"\nmkdir -p test-output && echo '{"numPassedTests":2,"numFailedTests":0,"numPendingTests":0,"numRuntimeErrorTestSuites":0}' >test-output/jest.json\n`,
    { mode: 0o755 },
  );
  fs.writeFileSync(path.join(s.dir, 'bin', 'apt-get'), '#!/usr/bin/env bash\necho "apt-get $*" >>"$NPM_LOG"\n', { mode: 0o755 });
  const out = execFileSync('bash', ['scripts/test.sh'], { cwd: s.dir, env: { ...s.env, TMPDIR: outer }, encoding: 'utf8' });
  expect(out).toMatch(/test: the tests left in the temporary folder \(removed now\): sipsh-leak-1 \n/);
  expect(out.trim().split('\n').pop()).toBe('2 passed, 0 failed');
  expect(fs.readdirSync(outer)).toEqual([]);
  const npm = fs.readFileSync(s.log, 'utf8');
  expect(npm).toMatch(new RegExp(`npx jest --cacheDirectory ${outer}/jest_\\w+ --json`));
});
