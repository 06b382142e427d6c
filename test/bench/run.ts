/**
 * `npm run bench [-- [--json FILE] SECTION ...]`: prints the speed and memory figures, each with
 * its target and met / NOT met. Sections: grammar, startup, telnet, registration, calls (all by
 * default). `--json FILE` also writes every figure (section, name, value, unit, target, met) with
 * the machine and its load average; `--markdown FILE` writes the table docs/benchmarks.md shows.
 * Real peers (Kamailio, SIPp) run on loopback only.
 *
 * The sections that run sipsh's code in this process (grammar, views, the calls' engines) run it
 * with the V8 flags the sipsh program sets for itself (src/cli/v8-flags.ts, imported first as
 * main.ts does), so they measure the code as `npm start` runs it; the console server and the
 * registration runs are processes of their own that set them the same way.
 */
import '../../src/cli/v8-flags';
import * as fs from 'fs';
import { grammarBench } from './grammar-bench';
import { Report } from './report';
import { startupBench } from './startup-bench';
import { telnetBench } from './telnet-bench';
import { registrationBench } from './registration-bench';
import { callsBench } from './calls-bench';
import { viewsBench } from './views-bench';

const SECTIONS: Record<string, (r: Report) => Promise<void>> = {
  grammar: grammarBench,
  startup: startupBench,
  telnet: telnetBench,
  registration: registrationBench,
  calls: callsBench,
  views: viewsBench,
};

/** The sections and the JSON file asked for on the command line. */
function parseArgs(argv: readonly string[]): { wanted: string[]; json: string | undefined; markdown: string | undefined } {
  const wanted: string[] = [];
  let json: string | undefined;
  let markdown: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--json') json = argv[++i];
    else if (a.startsWith('--json=')) json = a.slice('--json='.length);
    else if (a === '--markdown') markdown = argv[++i];
    else if (!a.startsWith('-')) wanted.push(a);
  }
  for (const w of wanted) if (!(w in SECTIONS)) throw new Error(`unknown section "${w}"; sections: ${Object.keys(SECTIONS).join(', ')}`);
  if (argv.includes('--json') && !json) throw new Error('--json needs a file name');
  if (argv.includes('--markdown') && !markdown) throw new Error('--markdown needs a file name');
  return { wanted, json, markdown };
}

async function main(): Promise<void> {
  const { wanted, json, markdown } = parseArgs(process.argv.slice(2));
  const report = new Report();
  for (const [name, run] of Object.entries(SECTIONS)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    process.stdout.write(`-- ${name}\n`);
    report.load(name);
    try {
      await run(report);
    } catch (e) {
      report.note(name, `FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exitCode = 1;
    }
  }
  report.print();
  if (json) report.writeJson(json);
  if (markdown) fs.writeFileSync(markdown, report.markdown());
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
