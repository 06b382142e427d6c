/**
 * The key bindings table: which key does what on a console line. One table for the arrows and
 * the control keys, so `help`, the docs and the session agree on what a key means.
 */
import { Key } from './keys';
import { LineEditor } from './line-editor';

/** Edits that only move or change the line; each returns the text that redraws it. */
export type EditorAction = 'backspace' | 'delete' | 'left' | 'right' | 'home' | 'end' | 'killToEnd' | 'killLine' | 'killWord';

/** What a key asks the session to do. */
export type KeyAction =
  | { readonly kind: 'enter' }
  | { readonly kind: 'insert'; readonly ch: string }
  | { readonly kind: 'help' }
  | { readonly kind: 'complete' }
  | { readonly kind: 'edit'; readonly action: EditorAction }
  | { readonly kind: 'history'; readonly direction: 'up' | 'down' }
  /** ^C: drop the line. */
  | { readonly kind: 'interrupt' }
  /** ^D: delete forward, or `exit` on an empty line. */
  | { readonly kind: 'eof' }
  | { readonly kind: 'none' };

/** The control keys, by letter (`A` = ^A). */
export const CTRL_BINDINGS: Readonly<Record<string, KeyAction>> = {
  A: { kind: 'edit', action: 'home' },
  E: { kind: 'edit', action: 'end' },
  B: { kind: 'edit', action: 'left' },
  F: { kind: 'edit', action: 'right' },
  K: { kind: 'edit', action: 'killToEnd' },
  U: { kind: 'edit', action: 'killLine' },
  W: { kind: 'edit', action: 'killWord' },
  P: { kind: 'history', direction: 'up' },
  N: { kind: 'history', direction: 'down' },
  C: { kind: 'interrupt' },
  D: { kind: 'eof' },
};

const ENTER: KeyAction = Object.freeze({ kind: 'enter' });
const HELP: KeyAction = Object.freeze({ kind: 'help' });
const COMPLETE: KeyAction = Object.freeze({ kind: 'complete' });
const NONE: KeyAction = Object.freeze({ kind: 'none' });
/** The actions of the keys that carry no data, shared (an action is immutable). */
const EDITS: Readonly<Record<EditorAction, KeyAction>> = {
  backspace: Object.freeze({ kind: 'edit', action: 'backspace' }),
  delete: Object.freeze({ kind: 'edit', action: 'delete' }),
  left: Object.freeze({ kind: 'edit', action: 'left' }),
  right: Object.freeze({ kind: 'edit', action: 'right' }),
  home: Object.freeze({ kind: 'edit', action: 'home' }),
  end: Object.freeze({ kind: 'edit', action: 'end' }),
  killToEnd: Object.freeze({ kind: 'edit', action: 'killToEnd' }),
  killLine: Object.freeze({ kind: 'edit', action: 'killLine' }),
  killWord: Object.freeze({ kind: 'edit', action: 'killWord' }),
};
const UP: KeyAction = Object.freeze({ kind: 'history', direction: 'up' });
const DOWN: KeyAction = Object.freeze({ kind: 'history', direction: 'down' });

/** What `key` means on a console line. */
export function bindingFor(key: Key): KeyAction {
  switch (key.t) {
    case 'enter':
      return ENTER;
    case 'char':
      return key.ch === '?' ? HELP : { kind: 'insert', ch: key.ch };
    case 'tab':
      return COMPLETE;
    case 'backspace':
    case 'delete':
    case 'left':
    case 'right':
    case 'home':
    case 'end':
      return EDITS[key.t];
    case 'up':
      return UP;
    case 'down':
      return DOWN;
    case 'ctrl':
      return CTRL_BINDINGS[key.c] ?? NONE;
  }
}

/** Runs an editor action; returns the text that shows it. */
export function applyEdit(editor: LineEditor, action: EditorAction): string {
  switch (action) {
    case 'backspace':
      return editor.backspace();
    case 'delete':
      return editor.deleteForward();
    case 'left':
      return editor.left();
    case 'right':
      return editor.right();
    case 'home':
      return editor.home();
    case 'end':
      return editor.end();
    case 'killToEnd':
      return editor.killToEnd();
    case 'killLine':
      return editor.killLine();
    case 'killWord':
      return editor.killWord();
  }
}
