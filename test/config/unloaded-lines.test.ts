import * as fs from 'fs';
import * as path from 'path';
import { removeStaleTemporaries, resolveTarget, writeFileAtomic } from '../../src/config/atomic-write';
import { KEPT_MARKER, decodeForLoader, isOperatorComment, keptBlock, keptLines, splitFileLines, unloadedOf } from '../../src/config/unloaded-lines';
import { configHeader, deriveIdentity, DEFAULT_MODEL } from '../../src/config/header';
import { tempDir } from '../helpers/temp-dir';

test('lines are numbered as the loader numbers them; CR and a missing final newline are kept', () => {
  expect(splitFileLines('a\r\nb\n\nc')).toEqual([
    { line: 1, bytes: 'a\r' },
    { line: 2, bytes: 'b' },
    { line: 3, bytes: '' },
    { line: 4, bytes: 'c' },
  ]);
  expect(splitFileLines('a\n')).toEqual([{ line: 1, bytes: 'a' }]);
  expect(splitFileLines('')).toEqual([{ line: 1, bytes: '' }]);
  const utf8 = Buffer.from('# 内線\n', 'utf8').toString('latin1');
  expect(decodeForLoader(splitFileLines(`${utf8}\xff\xfe`))).toBe('# 内線\n\xff\xfe');
});

test('our own comments (header, marker) are not kept again; the operator\'s are', () => {
  for (const own of [...configHeader(new Date(0), deriveIdentity(DEFAULT_MODEL, 'x')), KEPT_MARKER]) expect(isOperatorComment(own)).toBe(false);
  expect(isOperatorComment('# the PBX in room 2')).toBe(true);
  expect(isOperatorComment('   # indented\r')).toBe(true);
  expect(isOperatorComment('sip use on')).toBe(false);
});

test('kept block: marker then the bytes as they were; unloaded list escaped for the terminal', () => {
  const lines = splitFileLines('# note\nsip use on\nsip servr \x1b[2J\xff\n');
  const kept = keptLines(lines, [{ line: 3, message: 'Error: Invalid command name at "servr"' }]);
  expect(keptBlock(kept).toString('latin1')).toBe(`${KEPT_MARKER}\n# note\nsip servr \x1b[2J\xff\n`);
  expect(unloadedOf(kept)).toEqual([{ line: 3, text: 'sip servr \\x1b[2J\\xff', message: 'Error: Invalid command name at "servr"' }]);
  expect(keptBlock([]).length).toBe(0);
});

test('symbolic links: a chain is followed, a dangling link names the file to create, a loop is an error', () => {
  const dir = tempDir('sipsh-links');
  fs.symlinkSync('b', path.join(dir, 'a'));
  fs.symlinkSync('sub/c', path.join(dir, 'b'));
  fs.mkdirSync(path.join(dir, 'sub'));
  expect(resolveTarget(path.join(dir, 'a'))).toBe(path.join(dir, 'sub', 'c'));
  writeFileAtomic(path.join(dir, 'a'), 'x\n');
  expect(fs.readFileSync(path.join(dir, 'sub', 'c'), 'utf8')).toBe('x\n');
  expect(fs.lstatSync(path.join(dir, 'a')).isSymbolicLink()).toBe(true);
  fs.symlinkSync('loop2', path.join(dir, 'loop1'));
  fs.symlinkSync('loop1', path.join(dir, 'loop2'));
  expect(() => writeFileAtomic(path.join(dir, 'loop1'), 'y')).toThrow(/too many levels of symbolic links/);
  expect(fs.readdirSync(dir).sort()).toEqual(['a', 'b', 'loop1', 'loop2', 'sub']);
  // stale temporaries next to the link and next to the file it names
  fs.writeFileSync(path.join(dir, '.a.4194303.1.tmp'), '');
  fs.writeFileSync(path.join(dir, 'sub', '.c.4194303.2.tmp'), '');
  expect(removeStaleTemporaries(path.join(dir, 'a')).sort()).toEqual([path.join(dir, '.a.4194303.1.tmp'), path.join(dir, 'sub', '.c.4194303.2.tmp')]);
});
