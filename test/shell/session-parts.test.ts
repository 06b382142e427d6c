/** The parts a Session is made of, each alone: key queue, pager, idle timer, key bindings, admin lock. */
import { AdminLock } from '../../src/shell/admin-lock';
import { IdleTimer } from '../../src/shell/idle-timer';
import { applyEdit, bindingFor } from '../../src/shell/key-bindings';
import { KeyQueue, MAX_QUEUE } from '../../src/shell/key-queue';
import { Key } from '../../src/shell/keys';
import { LineEditor } from '../../src/shell/line-editor';
import { MORE, Pager } from '../../src/shell/pager';
import { FakeClock } from '../../src/util/clock';
import fc from 'fast-check';

const ch = (c: string): Key => ({ t: 'char', ch: c });

describe('KeyQueue', () => {
  test('keys typed ahead wait for the reader, in order; a full queue drops, never grows', async () => {
    const q = new KeyQueue();
    q.push([ch('a'), ch('b')]);
    expect(await q.next()).toEqual(ch('a'));
    expect(await q.next()).toEqual(ch('b'));
    q.push(Array.from({ length: MAX_QUEUE + 10 }, () => ch('x')));
    let n = 0;
    q.consume(
      () => n++,
      () => undefined,
    );
    expect(n).toBe(MAX_QUEUE);
  });
  test('close wakes the waiting reader with undefined and later pushes are ignored', async () => {
    const q = new KeyQueue();
    const waiting = q.next();
    q.close();
    expect(await waiting).toBeUndefined();
    q.push([ch('a')]);
    expect(q.peek()).toBeUndefined();
    expect(await q.next()).toBeUndefined();
  });
});

describe('Pager', () => {
  test('stops at ---more---: Space = a page, Enter = one line, q = stop', async () => {
    const p = new Pager();
    for (let i = 1; i <= 10; i++) p.print(`l${i}`);
    let out = '';
    const keys: Key[] = [{ t: 'enter' }, ch(' '), ch('q')];
    await p.flush({ write: (t) => (out += t), writeLines: (ls) => (out += ls.map((l) => `${l}\r\n`).join('')), nextKey: () => Promise.resolve(keys.shift()), isClosed: false }, 4);
    const shown = out.split(`${MORE}\r${' '.repeat(MORE.length)}\r`).join('').split('\r\n').filter((l) => l !== '');
    expect(shown).toEqual(['l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7']);
    expect(out.split(MORE).length - 1).toBe(3);
  });
});

describe('IdleTimer', () => {
  test('fires once after the limit of no activity; activity pushes it back; stop disarms', () => {
    const clock = new FakeClock();
    let fired = 0;
    const t = new IdleTimer(clock, () => 60, () => fired++);
    t.touch();
    clock.advance(59_000);
    t.touch();
    clock.advance(59_000);
    expect(fired).toBe(0);
    clock.advance(1_000);
    expect(fired).toBe(1);
    t.touch();
    t.stop();
    clock.advance(120_000);
    expect(fired).toBe(1);
    expect(clock.pending).toBe(0);
  });
  test('clear = never', () => {
    const clock = new FakeClock();
    let fired = 0;
    new IdleTimer(clock, () => 'clear', () => fired++).touch();
    clock.advance(10 * 86400_000);
    expect(fired).toBe(0);
    expect(clock.pending).toBe(0);
  });
});

describe('key bindings', () => {
  test('the table maps keys to actions; ? is help, ^D is eof, unknown controls do nothing', () => {
    expect(bindingFor(ch('?'))).toEqual({ kind: 'help' });
    expect(bindingFor({ t: 'ctrl', c: 'D' })).toEqual({ kind: 'eof' });
    expect(bindingFor({ t: 'ctrl', c: 'Z' })).toEqual({ kind: 'none' });
    expect(bindingFor({ t: 'ctrl', c: 'A' })).toEqual({ kind: 'edit', action: 'home' });
    expect(bindingFor({ t: 'up' })).toEqual({ kind: 'history', direction: 'up' });
    const e = new LineEditor();
    e.reset(true);
    e.insert('abc def');
    applyEdit(e, 'killWord');
    expect(e.text).toBe('abc ');
  });
});

describe('AdminLock', () => {
  const holder = (id: number, closed = false) => ({ id, peer: `p${id}`, isClosed: closed });
  test('capacity 1: the second is refused and told who holds it; release frees it', () => {
    const lock = new AdminLock(1);
    const a = holder(1);
    const b = holder(2);
    expect(lock.acquire(a)).toBe(true);
    expect(lock.acquire(a)).toBe(true);
    expect(lock.acquire(b)).toBe(false);
    expect(lock.blocker(b)).toEqual({ id: 1, peer: 'p1' });
    lock.release(a);
    expect(lock.acquire(b)).toBe(true);
  });
  test('a closed holder does not block; default capacity has no limit', () => {
    const lock = new AdminLock(1);
    expect(lock.acquire(holder(1, true))).toBe(true);
    expect(lock.acquire(holder(2))).toBe(true);
    const open = new AdminLock();
    for (let i = 0; i < 5; i++) expect(open.acquire(holder(i))).toBe(true);
    expect(open.count).toBe(5);
    expect(open.blocker()).toBeUndefined();
  });
});

test('LineEditor history: the last 50 lines entered, blank lines and repeats of the last left out, browsed up and down', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom('a', 'b', 'show x', ' ', '', 'c'), { maxLength: 130 }), fc.nat(60), (lines, ups) => {
      const e = new LineEditor();
      const model: string[] = [];
      lines.forEach((l, i) => {
        const line = l === 'c' ? `c${i}` : l;
        e.remember(line);
        if (line.trim() !== '' && model[model.length - 1] !== line) model.push(line);
      });
      const kept = model.slice(-50);
      e.reset();
      e.insert('draft');
      for (let i = 1; i <= ups; i++) {
        e.historyUp();
        expect(e.text).toBe(kept[Math.max(0, kept.length - i)] ?? 'draft');
      }
      for (let i = 0; i < ups + 1; i++) e.historyDown();
      expect(e.text).toBe('draft');
    }),
    { numRuns: 500 },
  );
});
