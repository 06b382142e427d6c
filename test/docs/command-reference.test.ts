import * as fs from 'fs';
import * as path from 'path';
import { renderCommandReference } from '../../src/docs/command-reference';
import { shippedGrammar } from '../../src/shell/build';

test('docs/commands.md is the reference generated from grammar/ (run npm run docs)', () => {
  const file = path.join(__dirname, '../../docs/commands.md');
  expect(fs.readFileSync(file, 'utf8')).toBe(renderCommandReference(shippedGrammar()));
});

test('the reference names every command of the grammar', () => {
  const text = renderCommandReference(shippedGrammar());
  for (const c of shippedGrammar()) expect(text).toContain(`\`${c.syntax}\``);
});
