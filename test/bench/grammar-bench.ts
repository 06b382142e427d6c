/** Grammar and configuration figures: parse throughput, load/apply and render of a 10,000-line configuration. */
import { matchWords } from '../../src/grammar/matcher';
import { tokenize } from '../../src/grammar/tokenize';
import { buildShell, shippedGrammar } from '../../src/shell/build';
import { Report, atLeast, below, round, time } from './report';

const MIX = [
  'show config',
  'sh conf',
  'show status sip server 12',
  'sip server 12 192.0.2.10:5060 register udp sip:user12@example.test user12 secret12',
  'sip server 13 [2001:db8::10]:5070 register tcp sip:user13@example.test user13 secret13 name=office',
  'sip server 14 sip14.example.test no-register udp sip:proxy@example.test',
  'analog extension dial prefix sip server=1 prefix="2#"',
  'analog extension sip address 12 30 sip:UserA@there.com server=1 name=UserA',
  'no sip server 12',
  'sip server connect 1',
  'phone 1 dial 2#05012345678',
  'console lines infinity',
  'dns static a sip.example.test 192.0.2.10',
  'frobnicate the router',
  'sip server 1 ::1 register udp sip:a@b.test',
];

/** A configuration of `lines` lines: servers, phone book entries and static names. */
export function bigConfig(lines: number): string {
  const out: string[] = [];
  for (let i = 1; out.length < lines; i++) {
    out.push(`sip server ${i} 192.0.2.${(i % 250) + 1}:${5000 + (i % 1000)} register udp sip:user${i}@example.test user${i} secret${i} name=s${i}`);
    if (i <= 1000) out.push(`analog extension sip address ${i} ${1000 + i} sip:peer${i}@example.test server=${i}`);
    if (i <= 500) out.push(`dns static a host${i}.example.test 192.0.2.${(i % 250) + 1}`);
  }
  return out.slice(0, lines).join('\n');
}

/** Registers the grammar figures with `report`. */
export function grammarBench(report: Report): Promise<void> {
  const grammar = shippedGrammar();
  const n = 300_000;
  // Three rounds of 300,000 lines; the figure is the middle one, all three are noted.
  const rates: number[] = [];
  let ok = 0;
  for (let round3 = 0; round3 < 3; round3++) {
    ok = 0;
    const ms = time(() => {
      for (let i = 0; i < n; i++) if (matchWords(grammar, tokenize(MIX[i % MIX.length] as string)).kind === 'ok') ok++;
    });
    rates.push(n / (ms / 1000));
  }
  const median = [...rates].sort((a, b) => a - b)[1] as number;
  report.figure('grammar', 'parse throughput (realistic mix, middle of 3 rounds)', Math.round(median), 'lines/s', atLeast(300_000));
  report.note('grammar', `rounds: ${rates.map((r) => Math.round(r)).join(', ')} lines/s; ${ok} of ${n} lines matched a command, the rest are the mix's errors`);

  const text = bigConfig(10_000);
  const shell = buildShell();
  let errors = 0;
  const loadMs = time(() => {
    errors = shell.loadConfig(text).length;
  });
  report.figure('grammar', 'load and apply a 10,000-line configuration (first load, after the parse rounds)', round(loadMs), 'ms', below(200), errors === 0);
  let rendered = 0;
  const renderMs = time(() => {
    rendered = shell.store.render().length;
  });
  report.figure('grammar', 'render it (show config body)', round(renderMs, 1), 'ms', below(10), rendered === 10_000);
  return Promise.resolve();
}
