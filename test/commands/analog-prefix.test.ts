/** Dial prefixes stay unique across servers, through additions, replacements and removals. */
import { buildShell } from '../../src/shell/build';

const lines = (...l: string[]): string => l.join('\n');

describe('analog extension dial prefix sip: one server per prefix', () => {
  it('refuses a prefix another server has, names that server, and keeps the rest', () => {
    const shell = buildShell();
    const errors = shell.loadConfig(lines('analog extension dial prefix sip server=1 prefix="1#"', 'analog extension dial prefix sip server=2 prefix="1#"', 'analog extension dial prefix sip server=2 prefix="2#"'));
    expect(errors.map((e) => [e.line, e.message])).toEqual([[2, 'Error: Invalid parameter: prefix "1#" is already used by server 1']]);
    expect([...shell.store.config.serverPrefixes]).toEqual([
      [1, '1#'],
      [2, '2#'],
    ]);
  });

  it('frees a prefix when its server changes prefix or loses it, and lets the same server set it again', () => {
    const shell = buildShell();
    const errors = shell.loadConfig(
      lines(
        'analog extension dial prefix sip server=1 prefix="1#"',
        'analog extension dial prefix sip server=1 prefix="1#"', // same server: allowed
        'analog extension dial prefix sip server=1 prefix="9#"', // 1# is free again
        'analog extension dial prefix sip server=2 prefix="1#"',
        'analog extension dial prefix sip server=3 prefix="9#"', // still server 1's
        'no analog extension dial prefix sip server=1',
        'analog extension dial prefix sip server=3 prefix="9#"', // free now
        'analog extension dial prefix sip server=4 prefix="1#"', // server 2's
      ),
    );
    expect(errors.map((e) => [e.line, e.message])).toEqual([
      [5, 'Error: Invalid parameter: prefix "9#" is already used by server 1'],
      [8, 'Error: Invalid parameter: prefix "1#" is already used by server 2'],
    ]);
    expect([...shell.store.config.serverPrefixes].sort(([a], [b]) => a - b)).toEqual([
      [2, '1#'],
      [3, '9#'],
    ]);
  });

  it('checks each of 5,000 prefixes against all the others in one load', () => {
    const shell = buildShell();
    const text = Array.from({ length: 5000 }, (_, i) => `analog extension dial prefix sip server=${i + 1} prefix="${i + 1}#"`);
    text.push('analog extension dial prefix sip server=6000 prefix="4321#"');
    const errors = shell.loadConfig(lines(...text));
    expect(errors.map((e) => e.message)).toEqual(['Error: Invalid parameter: prefix "4321#" is already used by server 4321']);
    expect(shell.store.config.serverPrefixes.size).toBe(5000);
  });
});
