/**
 * `show … | grep [-i] [-v] [-w] PATTERN`: the output filter of a real RT, its parsing and its
 * `?` help. PATTERN is matched as a literal string (a regular expression typed by a client
 * could take exponential time on a shared console; a literal cannot).
 */
import { HelpEntry } from '../grammar/help';
import { tokenize } from '../grammar/tokenize';

/** The grep options, as the router's grep takes them. */
export const GREP_OPTIONS: readonly HelpEntry[] = [
  { word: '-i', help: 'Ignore upper and lower case' },
  { word: '-v', help: 'Keep the lines that do NOT match' },
  { word: '-w', help: 'Match whole words only' },
];
const PIPE_HELP: HelpEntry = { word: 'grep', help: 'Keep only the lines that match a pattern' };
const PATTERN_HELP: HelpEntry = { word: 'PATTERN', help: 'The text to look for (a word, or "quoted text")' };
const CR: HelpEntry = { word: '<cr>', help: 'Run the command' };
/** What `?` lists after a complete show command: the pipe. */
export const PIPE_ENTRY: HelpEntry = { word: '|', help: 'Filter the output: | grep [-i] [-v] [-w] PATTERN' };
/** The error for anything after `|` but a well-formed grep. */
export const PIPE_SYNTAX_ERROR = 'Error: Invalid parameter: after | use grep [-i] [-v] [-w] PATTERN';

/** A line split at its pipe. */
export interface PipedLine {
  readonly command: string;
  /** The text after `|`, undefined when there is no pipe. */
  readonly pipe: string | undefined;
}

/** Splits at the first `|` outside double quotes. */
export function splitPipe(line: string): PipedLine {
  let inQuote = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x22) inQuote = !inQuote;
    if (c === 0x7c && !inQuote) return { command: line.slice(0, i), pipe: line.slice(i + 1) };
  }
  return { command: line, pipe: undefined };
}

/** The filter a pipe text describes, or the error line. */
export function parseGrep(pipe: string): { keep: (line: string) => boolean } | { error: string } {
  const words = tokenize(pipe).map((w) => w.text);
  if (words[0]?.toLowerCase() !== 'grep') return { error: PIPE_SYNTAX_ERROR };
  const flags = new Set<string>();
  let i = 1;
  while (i < words.length && /^-[ivw]+$/.test(words[i] ?? '')) {
    for (const f of (words[i] ?? '').slice(1)) flags.add(f);
    i++;
  }
  const typed = words[i];
  // A quoted pattern keeps its spaces: grep "sip use".
  const pattern = typed !== undefined && isQuoted(typed) ? typed.slice(1, -1) : typed;
  if (pattern === undefined || i !== words.length - 1 || pattern.length === 0) return { error: PIPE_SYNTAX_ERROR };
  const fold = flags.has('i');
  const whole = flags.has('w');
  const needle = fold ? pattern.toLowerCase() : pattern;
  const matches = (line: string): boolean => {
    const hay = fold ? line.toLowerCase() : line;
    if (!whole) return hay.includes(needle);
    for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
      const before = hay[at - 1];
      const after = hay[at + needle.length];
      if (!isWordChar(before) && !isWordChar(after)) return true;
    }
    return false;
  };
  const invert = flags.has('v');
  return { keep: (line) => matches(line) !== invert };
}

function isWordChar(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f;
}

/**
 * `"text"`: two quotes or more, first and last, with no line break between them (what the
 * regular expression /^".*"$/ accepts, `.` stopping at \n, \r, U+2028 and U+2029).
 */
function isQuoted(word: string): boolean {
  if (word.length < 2 || word.charCodeAt(0) !== 0x22 || word.charCodeAt(word.length - 1) !== 0x22) return false;
  for (let i = 1; i < word.length - 1; i++) {
    const c = word.charCodeAt(i);
    if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) return false;
  }
  return true;
}

/** `?` after the pipe: what may follow at the cursor. */
export function pipeHelp(pipe: string): HelpEntry[] {
  const words = tokenize(pipe).map((w) => w.text);
  const endsInSpace = pipe.length === 0 || /\s$/.test(pipe);
  const done = endsInSpace ? words : words.slice(0, -1);
  const partial = endsInSpace ? '' : (words[words.length - 1] ?? '');
  if (done.length === 0) return 'grep'.startsWith(partial.toLowerCase()) ? [PIPE_HELP] : [];
  if (done[0]?.toLowerCase() !== 'grep') return [];
  const rest = done.slice(1);
  const options = rest.filter((w) => /^-[ivw]+$/.test(w));
  if (options.length < rest.length) {
    // The pattern is typed: only Enter may follow.
    return partial === '' && rest.length === options.length + 1 ? [CR] : [];
  }
  if (partial.startsWith('-')) return GREP_OPTIONS.filter((o) => o.word.startsWith(partial));
  const used = new Set(options.join('').replace(/-/g, ''));
  return partial === '' ? [...GREP_OPTIONS.filter((o) => !used.has(o.word.slice(1))), PATTERN_HELP] : [PATTERN_HELP];
}
