/**
 * The phone book's dial numbers stay unique: `analog extension sip address NUM DIAL_NUMBER ...`
 * refuses a dial number another entry has, naming that entry, whatever adds, replacements and
 * removals came before (the handler keeps an index instead of scanning the book each time).
 */
import fc from 'fast-check';
import { buildShell } from '../../src/shell/build';

/** The rule as it reads: scan the book in its order for another entry with the number. */
function expectedErrors(ops: ReadonlyArray<{ add: boolean; num: number; dial: number }>, book = new Map<number, string>()): Array<{ line: number; message: string }> {
  const errors: Array<{ line: number; message: string }> = [];
  ops.forEach((op, i) => {
    const dial = `${op.dial}`;
    if (!op.add) {
      book.delete(op.num);
      return;
    }
    for (const [num, d] of book) {
      if (d === dial && num !== op.num) {
        errors.push({ line: i + 1, message: `Error: Invalid parameter: number ${dial} is already entry ${num}` });
        return;
      }
    }
    book.set(op.num, dial);
  });
  return errors;
}

const line = (op: { add: boolean; num: number; dial: number }): string =>
  op.add ? `analog extension sip address ${op.num} ${op.dial} sip:p${op.dial}@example.test` : `no analog extension sip address ${op.num}`;

test('a dial number another entry has is refused, naming that entry, after any adds, replacements and removals', () => {
  const op = fc.record({ add: fc.boolean(), num: fc.integer({ min: 1, max: 6 }), dial: fc.integer({ min: 10, max: 15 }) });
  fc.assert(
    fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
      const shell = buildShell();
      const book = new Map<number, string>();
      const load = (): Array<{ line: number; message: string }> => shell.loadConfig(ops.map(line).join('\n')).map((e) => ({ line: e.line, message: e.message }));
      expect(load()).toEqual(expectedErrors(ops, book));
      expect([...shell.store.config.book.values()].map((e) => [e.num, e.dialNumber])).toEqual([...book]);
      // Loading again on top of the loaded book (a copy of it, indexed afresh) agrees too.
      expect(load()).toEqual(expectedErrors(ops, book));
    }),
    { numRuns: 400, seed: 11 },
  );
});

test('an entry keeps its own number when typed again, and frees it when renumbered or removed', () => {
  const shell = buildShell();
  const errors = shell.loadConfig(
    [
      'analog extension sip address 1 30 sip:a@example.test',
      'analog extension sip address 1 30 sip:b@example.test',
      'analog extension sip address 2 30 sip:c@example.test',
      'analog extension sip address 1 31 sip:a@example.test',
      'analog extension sip address 2 30 sip:c@example.test',
      'analog extension sip address 3 31 sip:d@example.test',
      'no analog extension sip address 1',
      'analog extension sip address 3 31 sip:d@example.test',
    ].join('\n'),
  );
  expect(errors.map((e) => [e.line, e.message])).toEqual([
    [3, 'Error: Invalid parameter: number 30 is already entry 1'],
    [6, 'Error: Invalid parameter: number 31 is already entry 1'],
  ]);
  expect([...shell.store.config.book.values()].map((e) => [e.num, e.dialNumber])).toEqual([
    [2, '30'],
    [3, '31'],
  ]);
});
