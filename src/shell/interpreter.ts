/**
 * Runs command lines: match against the grammar, check the level, call the handler, print the
 * router's error lines (with a `^` under the offending word), filter `| grep WORD` output.
 */
import { safeText } from '../util/safe-text';
import { CommandContext, Handler, HandlerResult, HandlerTable, SessionControl, Services } from '../commands/types';
import { Config } from '../config/model';
import { Completion, HelpEntry, completeAt, helpAt } from '../grammar/help';
import { MatchErrorKind, MatchResult, matchWords } from '../grammar/matcher';
import { Word, tokenize } from '../grammar/tokenize';
import { Command, Level } from '../grammar/types';
import { PIPE_ENTRY, parseGrep, pipeHelp, splitPipe } from './pipe';
import { RecentMap } from './recent-map';

/** The router's error lines, by kind of grammar mismatch. */
export const ERRORS: Record<MatchErrorKind, string> = {
  unknown: 'Error: Invalid command name',
  incomplete: 'Error: Insufficient or too many parameters',
  'too-many': 'Error: Insufficient or too many parameters',
  ambiguous: 'Error: Ambiguous command',
  invalid: 'Error: Invalid parameter',
  range: 'Error: Parameter out of range',
};
/** The refusal of an administrator command at the user level. */
export const ADMIN_ONLY = 'Error: Administrator use only';

/** A bug in the grammar or the handlers (never bad input). */
export class InterpreterError extends Error {}

/** How a line ended, for callers that act on it (the web pages) instead of reading the printout. */
export type ExecuteOutcome =
  | { readonly kind: 'done' }
  /** `word`: the index of the offending word when the grammar refused the line. */
  | { readonly kind: 'refused'; readonly message: string; readonly word?: number };

const DONE: ExecuteOutcome = { kind: 'done' };
/** How many keyword-only lines the interpreter remembers matched. */
const KEYWORD_LINES = 256;

/** Prints and returns a refusal; messages quote what was typed or received (a word, a peer's reason): control characters escaped. */
function refusal(session: SessionControl, raw: string, word?: number): ExecuteOutcome {
  const message = safeText(raw);
  session.print(message);
  return word === undefined ? { kind: 'refused', message } : { kind: 'refused', message, word };
}

/**
 * After the handler: its refusal, or the configuration applied when it may have changed it (a
 * configuration command at the administrator level: below it, the few that may run there change
 * only the session's own settings, see Handler.config). Profile (issue 13): every console session
 * of the bench starts with `console lines infinity` at the user level, and each applied the
 * unchanged configuration to the SIP engine, in unoptimised code ahead of the first timed round.
 */
function finished(result: HandlerResult, handler: Handler, session: SessionControl, services: Services): ExecuteOutcome {
  if (typeof result === 'string' && result.length > 0) return refusal(session, result);
  if (handler.config === true && session.level === 'administrator') services.configChanged();
  return DONE;
}

/** A line that names a command: the match, and the grep filter or the pipe's error, if any. */
interface ParsedLine {
  readonly result: Extract<MatchResult, { kind: 'ok' }>;
  /** The command's handler, looked up once (the handler table is a large object: a megamorphic keyed load each time). */
  readonly handler: Handler | undefined;
  readonly filter: ((line: string) => boolean) | undefined;
  readonly error: string | undefined;
  /**
   * Whether the command may change the configuration: all do but the `show` ones and `help` (see
   * ConfigStore.beginEdit), and the configuration commands a user-level session may run, there.
   * Profile (issue 13, --trace-deopt of the console bench): every session's `console lines
   * infinity` at the user level bumped the store's revision, so the `show config` of the other
   * sessions rendered the configuration again, through the first round of the 200 sessions and
   * again in the 16 sessions' (where the handler's optimised code was thrown away at the render it
   * had not met, and compiled again).
   */
  readonly edits: boolean;
}

/** Whether the command `id` may change the configuration (the `show` commands and `help` only read it). */
function mayEdit(id: string): boolean {
  return !id.startsWith('show.') && id !== 'help';
}

/** The error lines for a failed match: a caret line under the word, then `Error: ...`. */
export function formatMatchError(result: Extract<MatchResult, { kind: 'error' }>, line: string, words: readonly Word[], promptWidth: number): [string, string] {
  const word = words[result.index];
  const last = words[words.length - 1];
  const column = word !== undefined ? word.start : last !== undefined ? last.start + last.text.length + 1 : 0;
  const message = ERRORS[result.error] + (result.detail !== undefined ? `: ${result.detail}` : '');
  return [' '.repeat(promptWidth + column) + '^', message];
}

/**
 * The same session, printing only the lines `keep` accepts. A class, not an object literal with a
 * getter: a literal's getter closure gives every object its own map, and the handlers' print
 * calls deoptimised on each new one (V8 --trace-deopt: "wrong map" at ctx.session.print).
 * Like the literal it replaces, it leaves out `source`, `door` and `closing`.
 */
class FilteredSession implements SessionControl {
  readonly id: number;

  constructor(
    private readonly session: SessionControl,
    private readonly keep: (line: string) => boolean,
  ) {
    this.id = session.id;
  }

  get level(): Level {
    return this.session.level;
  }

  print(line: string): void {
    if (this.keep(line)) this.session.print(line);
  }

  printLines(lines: readonly string[]): void {
    for (const line of lines) if (this.keep(line)) this.session.print(line);
  }

  ask(prompt: string, echo: boolean, eofAnswer?: string): Promise<string | undefined> {
    return this.session.ask(prompt, echo, eofAnswer);
  }

  askKey(prompt: string, accept: string): Promise<string | undefined> {
    return this.session.askKey(prompt, accept);
  }

  setLevel(level: Level): boolean {
    return this.session.setLevel(level);
  }

  close(): void {
    this.session.close();
  }

  setPageLines(lines: number | 'infinity' | undefined): void {
    this.session.setPageLines(lines);
  }

  setColumns(columns: number | undefined): void {
    this.session.setColumns(columns);
  }
}

/** Matches lines against the grammar, runs handlers, prints the router's errors; shared by every session and the web pages. */
export class Interpreter {
  private readonly byLevel: Record<Level, Command[]>;
  /** `show command`'s lines by level, made on first use. */
  private readonly commandLines = new Map<Level, readonly string[]>();
  /**
   * Recent lines of keywords only (no values): their pipe and the command they matched. The
   * split, the grep filter and the match depend on the text alone (fixed grammar, pure value types).
   */
  private readonly keywordLines = new RecentMap<string, ParsedLine>(KEYWORD_LINES);

  constructor(
    readonly commands: readonly Command[],
    private readonly handlers: HandlerTable,
  ) {
    const ids = new Set(commands.map((c) => c.id));
    const noHandler = commands.filter((c) => handlers[c.id] === undefined).map((c) => `${c.id} (${c.source})`);
    const noCommand = Object.keys(handlers).filter((id) => !ids.has(id));
    if (noHandler.length > 0) throw new InterpreterError(`grammar commands without a handler: ${noHandler.join(', ')}`);
    if (noCommand.length > 0) throw new InterpreterError(`handlers without a grammar command: ${noCommand.join(', ')}`);
    this.byLevel = {
      user: commands.filter((c) => c.level === 'user'),
      administrator: [...commands],
    };
  }

  match(line: string): MatchResult {
    return matchWords(this.commands, tokenize(line));
  }

  /** `?` at the end of `line`: the next words, the pipe after a show command, grep's options after it. */
  help(line: string, level: Level): HelpEntry[] {
    const split = splitPipe(line);
    if (split.pipe !== undefined) return this.isShowCommand(split.command) ? pipeHelp(split.pipe) : [];
    const entries = helpAt(this.byLevel[level], line);
    if (/\s$/.test(line) && entries.some((e) => e.word === '<cr>') && this.isShowCommand(line)) {
      const cr = entries.filter((e) => e.word === '<cr>');
      return [...entries.filter((e) => e.word !== '<cr>'), PIPE_ENTRY, ...cr];
    }
    return entries;
  }

  complete(line: string, level: Level): Completion {
    const pipe = splitPipe(line).pipe;
    if (pipe !== undefined) {
      // After | only grep may come: complete it.
      const m = /^\s*(\S*)$/.exec(pipe);
      const typed = m?.[1] ?? '';
      return m !== null && typed.length > 0 && 'grep'.startsWith(typed.toLowerCase()) ? { insert: `${'grep'.slice(typed.length)} `, candidates: [] } : { insert: '', candidates: [] };
    }
    return completeAt(this.byLevel[level], line);
  }

  private isShowCommand(line: string): boolean {
    const m = matchWords(this.commands, tokenize(line));
    return m.kind === 'ok' && m.command.id.startsWith('show.');
  }

  /** `show command`: every command the level may run, with its summary (made once per level: the lines depend on the level only). */
  commandList(level: Level): readonly string[] {
    let lines = this.commandLines.get(level);
    if (lines === undefined) {
      lines = this.byLevel[level].flatMap((c) => [c.syntax, `    ${c.summary}`]);
      this.commandLines.set(level, lines);
    }
    return lines;
  }

  /** Runs one line in a session; every outcome is printed (and returned), nothing throws for bad input. */
  async execute(line: string, session: SessionControl, services: Services, promptWidth: number): Promise<ExecuteOutcome> {
    return this.run(line, session, services, promptWidth);
  }

  /**
   * {@link execute} without a promise when the handler returns at once (most do): the outcome
   * itself, or a promise of it when the handler is asynchronous. A handler's throw is thrown.
   */
  run(line: string, session: SessionControl, services: Services, promptWidth: number): ExecuteOutcome | Promise<ExecuteOutcome> {
    const parsed = this.keywordLines.get(line) ?? this.parse(line, session, promptWidth);
    if ('kind' in parsed) return parsed;
    const { result, handler, filter, error, edits } = parsed;
    if (error !== undefined) return refusal(session, error);
    if (filter !== undefined && !result.command.id.startsWith('show.')) return refusal(session, 'Error: Invalid parameter: | grep follows show commands only');
    if (result.command.level === 'administrator' && session.level !== 'administrator') return refusal(session, ADMIN_ONLY);
    if (handler === undefined) throw new InterpreterError(`no handler for ${result.command.id}`);
    const out = filter === undefined ? session : new FilteredSession(session, filter);
    const ctx: CommandContext = { values: result.values, keywords: result.keywords, config: services.store.config, services, session: out };
    // A configuration command below the administrator level changes only the session's own
    // settings (Handler.config), not the configuration: its kept rendering stays good.
    if (edits && (handler.config !== true || session.level === 'administrator')) return this.runEditing(handler, ctx, session, services);
    const ran = handler.run(ctx);
    // A synchronous handler's outcome is used at once: no promise, no turn of the microtask queue.
    return ran instanceof Promise ? ran.then((r) => finished(r, handler, session, services)) : finished(ran, handler, session, services);
  }

  /**
   * The parse of a line {@link run} has not kept: its match, or the outcome of a line that runs
   * nothing (empty, or refused by the grammar or the pipe). A method of its own, not written in
   * `run`: TurboFan compiled `run` with this path in it (the tokenizer, the matcher and the pipe's
   * parse, run once per distinct line) on the server's core. Profile (issue 13, `--trace-opt` of
   * the console bench's server): `run` was the largest of the command path's compilations.
   */
  private parse(line: string, session: SessionControl, promptWidth: number): ParsedLine | ExecuteOutcome {
    const split = splitPipe(line);
    const grep = split.pipe === undefined ? undefined : parseGrep(split.pipe);
    const filter = grep !== undefined && 'keep' in grep ? grep.keep : undefined;
    const error = grep !== undefined && 'error' in grep ? grep.error : undefined;
    const words = tokenize(split.command);
    if (words.length === 0) {
      if (filter !== undefined || error !== undefined) return refusal(session, ERRORS.unknown);
      return DONE;
    }
    const matched = matchWords(this.commands, words);
    if (matched.kind === 'error') {
      const [caret, message] = formatMatchError(matched, split.command, words, promptWidth);
      session.print(caret);
      return refusal(session, message, matched.index);
    }
    const parsed: ParsedLine = { result: matched, handler: this.handlers[matched.command.id], filter, error, edits: mayEdit(matched.command.id) };
    if (matched.values.size === 0) this.keywordLines.set(line, parsed);
    return parsed;
  }

  /**
   * Runs a handler that may change the configuration between the store's beginEdit and endEdit,
   * however it ends (done, refused, thrown, now or after its questions): the store's kept
   * rendering of the configuration is neither used nor kept meanwhile, and is made again after.
   */
  private runEditing(handler: Handler, ctx: CommandContext, session: SessionControl, services: Services): ExecuteOutcome | Promise<ExecuteOutcome> {
    const store = services.store;
    store.beginEdit();
    let ran: HandlerResult | Promise<HandlerResult>;
    try {
      ran = handler.run(ctx);
    } catch (e) {
      store.endEdit();
      throw e;
    }
    if (!(ran instanceof Promise)) {
      store.endEdit();
      return finished(ran, handler, session, services);
    }
    return ran.then(
      (r) => {
        store.endEdit();
        return finished(r, handler, session, services);
      },
      (e: unknown) => {
        store.endEdit();
        throw e;
      },
    );
  }

  /**
   * Applies one configuration-file line to `config` (administrator level, no session I/O).
   * Returns the error text, or undefined when the line was applied.
   */
  applyConfigLine(line: string, config: Config, services: Services, session: SessionControl): string | undefined {
    const words = tokenize(line);
    if (words.length === 0 || line.trimStart().startsWith('#')) return undefined;
    const result = matchWords(this.commands, words);
    if (result.kind === 'error') {
      const w = words[result.index];
      // The message quotes the file's line: escaped, for stderr, `sipsh check` and `show log`.
      return safeText(ERRORS[result.error] + (result.detail !== undefined ? `: ${result.detail}` : w !== undefined ? ` at "${w.text}"` : ''));
    }
    const handler = this.handlers[result.command.id];
    if (handler?.config !== true) return `Error: Invalid command name: "${result.command.syntax}" is not a configuration command`;
    const r = handler.run({ values: result.values, keywords: result.keywords, config, services, session });
    // The running configuration itself (not a copy being loaded): its kept rendering is stale.
    if (config === services.store.config) services.store.changed();
    if (r instanceof Promise) throw new InterpreterError(`configuration handler ${result.command.id} is asynchronous`);
    return typeof r === 'string' && r.length > 0 ? safeText(r) : undefined;
  }
}
