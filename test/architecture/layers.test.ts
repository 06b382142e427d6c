/**
 * The layer rules of docs/architecture.md (.dependency-cruiser.cjs) hold on src/, and the rules
 * themselves catch what they are written to catch (a planted tree breaks each one).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, repoPath } from '../helpers/paths';

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
  readonly cycle?: ReadonlyArray<{ readonly name: string }>;
}

/** Runs the dependency-cruiser CLI (it is ESM only; jest runs CommonJS) and returns its violations. */
function cruise(cwd: string): Violation[] {
  const bin = repoPath('node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  const r = spawnSync(process.execPath, [bin, 'src', '--config', path.join(cwd, '.dependency-cruiser.cjs'), '--output-type', 'json'], { cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  if (!r.stdout.startsWith('{')) throw new Error(`dependency-cruiser gave no report (exit ${r.status}): ${r.stderr}`);
  const report: unknown = JSON.parse(r.stdout);
  const summary = typeof report === 'object' && report !== null && 'summary' in report ? report.summary : undefined;
  const violations = typeof summary === 'object' && summary !== null && 'violations' in summary ? summary.violations : undefined;
  if (!Array.isArray(violations)) throw new Error('dependency-cruiser report without summary.violations');
  return violations.map((v: unknown) => {
    if (!isViolation(v)) throw new Error(`unexpected violation shape: ${JSON.stringify(v)}`);
    return v;
  });
}

function isViolation(v: unknown): v is Violation {
  if (typeof v !== 'object' || v === null || !('from' in v) || !('to' in v) || !('rule' in v)) return false;
  const rule = v.rule;
  return typeof v.from === 'string' && typeof v.to === 'string' && typeof rule === 'object' && rule !== null && 'name' in rule && typeof rule.name === 'string';
}

const describeViolation = (v: Violation): string =>
  `${v.rule.name}: ${v.from} -> ${v.to}${v.cycle ? ` (cycle: ${v.cycle.map((c) => c.name).join(' -> ')})` : ''}`;

test('src/ keeps the layer rules (no cycles; sip/ and grammar/ independent; only cli/ wires everything)', () => {
  expect(cruise(ROOT).map(describeViolation)).toEqual([]);
}, 90_000);

test('each rule catches a planted violation', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipsh-layers-'));
  try {
    const files: Record<string, string> = {
      'src/util/clock.ts': "import { x } from '../sip/engine';\nexport const c = x;\n",
      'src/sip/engine.ts': "import { m } from '../config/model';\nexport const x = m;\n",
      'src/config/model.ts': "import { h } from '../commands/handlers';\nexport const m = h;\n",
      'src/commands/handlers.ts': "import { s } from '../shell/shell';\nexport const h = s;\n",
      'src/shell/shell.ts': "import { t } from '../telnet/server';\nexport const s = t;\n",
      'src/telnet/server.ts': "import { w } from '../web/server';\nexport const t = w;\n",
      'src/web/server.ts': "import { main } from '../cli/main';\nexport const w = main;\n",
      'src/cli/main.ts': "import { g } from '../grammar/matcher';\nexport const main = g;\n",
      'src/grammar/matcher.ts': "import { a } from '../sip/uri';\nexport const g = a;\n",
      'src/sip/uri.ts': "import { g } from '../grammar/matcher';\nexport const a = g;\n",
      'tsconfig.json': '{ "compilerOptions": { "strict": true } }\n',
    };
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    fs.copyFileSync(repoPath('.dependency-cruiser.cjs'), path.join(dir, '.dependency-cruiser.cjs'));
    const found = cruise(dir).map(describeViolation);
    for (const expected of [
      'leaves-stay-leaves: src/util/clock.ts -> src/sip/engine.ts',
      'sip-engine-is-independent: src/sip/engine.ts -> src/config/model.ts',
      'config-below-commands: src/config/model.ts -> src/commands/handlers.ts',
      'commands-below-shell: src/commands/handlers.ts -> src/shell/shell.ts',
      'shell-below-front-ends: src/shell/shell.ts -> src/telnet/server.ts',
      'front-ends-apart: src/telnet/server.ts -> src/web/server.ts',
      'only-cli-wires-everything: src/web/server.ts -> src/cli/main.ts',
      'grammar-is-domain-free: src/grammar/matcher.ts -> src/sip/uri.ts',
    ]) {
      expect(found).toContain(expected);
    }
    expect(found.some((f) => f.startsWith('no-circular:'))).toBe(true);
    // cli/ may import anything: its import of grammar/ is not reported.
    expect(found.filter((f) => f.includes('src/cli/main.ts ->'))).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 90_000);
