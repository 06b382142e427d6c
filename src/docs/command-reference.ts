/** docs/commands.md, generated from the grammar: one section per grammar file, one entry per command. */
import { helpAt } from '../grammar/help';
import { Command, PathToken } from '../grammar/types';

const SECTIONS: Record<string, string> = {
  'session.cli': 'The shell: levels, saving, console and access',
  'sip.cli': 'SIP servers and the SIP engine',
  'analog.cli': 'Dialling, phone book and telephones',
  'dns.cli': 'Names',
};

function describe(token: PathToken): string | undefined {
  if (token.kind === 'keyword' || token.kind === 'choice') return undefined;
  const shown = token.kind === 'pair' ? `${token.key}=${token.type.placeholder(token.name)}` : token.type.placeholder(token.name);
  return `| \`${shown}\` | ${token.type.spec} | ${token.help} |`;
}

/** docs/commands.md as text: one section per grammar file, one entry per command, then the first words. */
export function renderCommandReference(commands: readonly Command[]): string {
  const out: string[] = [
    '# Command reference',
    '',
    'Generated from `grammar/*.cli` by `npm run docs`; do not edit by hand (a test fails when it is stale).',
    'Keywords may be abbreviated to any unambiguous prefix; values are typed in full.',
    '`[ ]` is optional, `a|b` is one of the words, UPPER-CASE words are values.',
    '',
  ];
  const files = [...new Set(commands.map((c) => c.source.split(':')[0]?.replace('grammar/', '') ?? ''))];
  for (const file of files) {
    out.push(`## ${SECTIONS[file] ?? file}`, '');
    for (const c of commands.filter((x) => x.source.startsWith(`grammar/${file}:`))) {
      out.push(`### \`${c.syntax}\``, '', `${c.summary}.`, '', `Level: ${c.level}. Id: \`${c.id}\`.`, '');
      const rows = new Map<string, string>();
      for (const path of c.paths) for (const t of path) {
        const row = describe(t);
        if (row !== undefined) rows.set(row, row);
      }
      if (rows.size > 0) out.push('| value | type | meaning |', '|---|---|---|', ...rows.values(), '');
      if (c.examples.length > 0) out.push('Examples:', '', ...c.examples.map((e) => `    ${e}`), '');
    }
  }
  const top = helpAt(commands, '');
  out.push('## First words', '', ...top.map((e) => `- \`${e.word}\` — ${e.help}`), '');
  return out.join('\n');
}
