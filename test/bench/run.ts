/**
 * `npm run bench [-- SECTION ...]`: prints the speed and memory figures. Sections: grammar, telnet,
 * registration, calls (all by default). Real peers (Kamailio, SIPp) run on loopback only.
 */
import { grammarBench } from './grammar-bench';
import { Report } from './report';
import { telnetBench } from './telnet-bench';
import { registrationBench } from './registration-bench';
import { callsBench } from './calls-bench';

const SECTIONS: Record<string, (r: Report) => Promise<void>> = {
  grammar: grammarBench,
  telnet: telnetBench,
  registration: registrationBench,
  calls: callsBench,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const report = new Report();
  for (const [name, run] of Object.entries(SECTIONS)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    process.stdout.write(`-- ${name}\n`);
    try {
      await run(report);
    } catch (e) {
      report.note(name, `FAILED: ${(e as Error).stack ?? String(e)}`);
      process.exitCode = 1;
    }
  }
  report.print();
}

void main();
