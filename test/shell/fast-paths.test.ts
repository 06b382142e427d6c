/**
 * The console's fast paths give the same bytes as the slow ones: a run of typed characters
 * inserted as one edit, keyword-only lines whose match is remembered, the telnet wire text.
 */
import fc from 'fast-check';
import { ADMIN_ONLY } from '../../src/shell/interpreter';
import { KeyQueue } from '../../src/shell/key-queue';
import { Key } from '../../src/shell/keys';
import { MAX_LINE } from '../../src/shell/line-editor';
import { encodeData, wireText } from '../../src/telnet/codec';
import { Harness } from '../helpers/harness';

const ch = (c: string): Key => ({ t: 'char', ch: c });

/** What a session writes for `input`, fed in one read or one byte per read. */
async function transcript(input: readonly string[], byteByByte: boolean): Promise<string> {
  const h = new Harness();
  await h.settle();
  for (const chunk of input) {
    if (byteByByte) for (const b of chunk) await h.type(b);
    else await h.type(chunk);
  }
  return h.out;
}

describe('a run of characters is one edit with the echo of the keys one by one', () => {
  test.each([
    ['at the end of the line', ['show command\r']],
    ['in the middle of the line', ['show co', '\x1b[D\x1b[Dxy', '\x15', 'sh conf\x01ab\x05\r']],
    ['with ? in the run', ['show co?mm\x15']],
    ['at a password question', ['administrator\r', 'pa?ss\r']],
    ['across the longest line', ['x'.repeat(MAX_LINE - 3), 'abcdef', '\x15']],
  ])('%s', async (_name, input) => {
    expect(await transcript(input, false)).toBe(await transcript(input, true));
  });

  test('a line typed in one read (text and Enter, taken as text) is the same as its keys one by one', async () => {
    const pieces = ['show command', 'help', 'sh conf | grep prompt', 'xyz', 'show co?', 'sh\tc', '\x1b[D', '\x7f', '\x15', '\x03', '\r', '\r\n', '\n', '\r\0', 'q', ' ', 'console lines 3', 'console lines infinity', '\xe9'];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }), async (reads) => {
        const input = reads.map((r) => r.join(''));
        expect(await transcript(input, false)).toBe(await transcript(input, true));
      }),
      { numRuns: 40 },
    );
  });

  test('KeyQueue.takeChars takes the characters at the head, up to a stop character or another key', () => {
    const q = new KeyQueue();
    q.push([ch('a'), ch('b'), ch('?'), ch('c'), { t: 'enter' }, ch('d')]);
    expect(q.takeChars('?')).toBe('ab');
    expect(q.take()).toEqual(ch('?'));
    expect(q.takeChars('?')).toBe('c');
    expect(q.takeChars('?')).toBe('');
    expect(q.take()).toEqual({ t: 'enter' });
  });
});

describe('remembered keyword-only lines', () => {
  test('the level is checked on every run, not remembered with the match', async () => {
    const admin = new Harness();
    const user = new Harness({ shell: admin.shell, clock: admin.clock });
    await admin.admin();
    expect(await admin.run('save')).not.toContain(ADMIN_ONLY);
    expect(await user.run('save')).toEqual([ADMIN_ONLY]);
    expect(await admin.run('save')).not.toContain(ADMIN_ONLY);
  });

  test('a grep filter is the same on every run', async () => {
    const h = new Harness();
    await h.run('console lines infinity');
    const first = await h.run('show command | grep -i -w CONFIG');
    expect(first.length).toBeGreaterThan(0);
    expect(await h.run('show command | grep -i -w CONFIG')).toEqual(first);
  });

  test('a pipe after a command that is not a show command is refused every time', async () => {
    const h = new Harness();
    for (let i = 0; i < 2; i++) expect(await h.run('help | grep x')).toEqual(['Error: Invalid parameter: | grep follows show commands only']);
  });
});

test('wireText is encodeData as a latin1 string', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom('a', '\r', '\n', '\xff', '\u01ff', '\u010a', '\0', '\r\n', 'b')), (parts) => {
      const text = parts.join('');
      expect(Buffer.from(wireText(text), 'latin1')).toEqual(encodeData(text));
    }),
    { numRuns: 2000 },
  );
});

describe('the command loop in callbacks', () => {
  test('thousands of lines pasted in one read all run, in order, without recursing into the key queue', async () => {
    const h = new Harness();
    await h.settle();
    await h.run('console lines infinity');
    const n = 4000; // 56,000 keys: within the key queue (MAX_QUEUE)
    const before = h.out.length;
    await h.type(Array.from({ length: n }, (_, i) => `show command${i % 2 === 0 ? '' : 'x'}\r`).join(''));
    const out = h.out.slice(before);
    expect(out.split('\r\n> ').length - 1).toBe(n);
    expect(out.split('Error: Invalid command name').length - 1).toBe(n / 2);
  });

  test('a command that throws ends the session as a reported bug, whichever way its line came', async () => {
    for (const oneRead of [true, false]) {
      const h = new Harness();
      await h.settle();
      const run = h.shell.run.bind(h.shell);
      h.shell.run = (line, session, width) => (line === 'boom' ? ((): never => { throw new Error('boom bug'); })() : run(line, session, width));
      if (oneRead) await h.type('boom\r');
      else for (const ch of 'boom\r') await h.type(ch);
      expect(h.ended).toBe(true);
      expect(h.shell.log.entries().some((l) => l.includes('boom bug'))).toBe(true);
    }
  });
});
