/** The shell's own commands: levels, help, save, show config / command / environment, console and access. */
import { hashPassword, isPasswordHash } from '../config/passwords';
import { safeText } from '../util/safe-text';
import { Identity, configHeader } from '../config/header';
import { CharacterSet } from '../config/model';
import { CommandContext, HandlerResult, HandlerTable, confirm, int, text } from './types';

const CHARACTER_SETS: readonly CharacterSet[] = ['ascii', 'en.ascii', 'ja.sjis', 'ja.utf8', 'sjis', 'euc', 'utf8'];

/** What `save` prints, as the router does. */
export const SAVE_LINE = 'Saving ... CONFIG0 Done .';
/** The router's answer to a wrong password. */
export const INCORRECT_PASSWORD = 'Error: Incorrect password';

const HELP_TEXT = [
  'Type a command and press Enter. Keywords may be shortened while they stay unambiguous',
  '(sh conf = show config); numbers and addresses are typed in full.',
  '  ?            list what may come next (or what the word you are typing may become)',
  '  Tab          complete the word you are typing',
  '  Up / Down    previous / next command (also ^P / ^N)',
  '  ^A ^E ^B ^F  start / end of line, back / forward one character',
  '  ^K ^U ^W     delete to the end / the whole line / the word before the cursor',
  '  ^C           drop the line     ^D on an empty line: exit',
  '  show ... | grep [-i] [-v] [-w] WORD   keep the lines with WORD (-i any case, -v without, -w whole word)',
  'At ---more--- press Space for the next page, Enter for one more line, q to stop.',
  '"administrator" gives the administrator level, needed to change the configuration;',
  '"save" writes it, "exit" leaves (asking to save unsaved changes).',
  '"show command" lists every command you may run.',
];

/** The last header `show config` printed: its lines change with the second of the Reporting Date only. */
let lastHeader: { readonly second: number; readonly identity: Identity; readonly lines: readonly string[] } | undefined;

/** {@link configHeader} at `nowMs`, made once per second and identity (the same lines). */
function headerAt(nowMs: number, identity: Identity): readonly string[] {
  const second = Math.floor(nowMs / 1000);
  const last = lastHeader;
  if (last !== undefined && last.second === second && last.identity === identity) return last.lines;
  const lines = configHeader(new Date(nowMs), identity);
  lastHeader = { second, identity, lines };
  return lines;
}

/** ` by TELNET: 127.0.0.1` for the log, when the session has a source. */
function by(ctx: CommandContext): string {
  const s = ctx.session;
  return s.source === undefined ? '' : ` by ${s.door ?? 'console'}: ${s.source}`;
}

/** Checks a password typed in this session through the shared, slowed, logged checker. */
function passwordRight(ctx: CommandContext, purpose: 'administrator' | 'password change', plain: string, stored: string | undefined): Promise<boolean> {
  return ctx.services.passwords.check(ctx.session.door ?? 'console', ctx.session.source ?? 'console', purpose, plain, stored, ctx.session.closing);
}

/** Saves the running configuration (the `save` command, and `exit` answering Y). */
export function save(ctx: CommandContext): HandlerResult {
  try {
    ctx.services.store.save(new Date(ctx.services.clock.now()));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    ctx.services.log.add(`Configuration save failed${by(ctx)}: ${why}`);
    return `Error: Cannot save the configuration: ${safeText(why)}`;
  }
  ctx.services.log.add(`Configuration saved to ${ctx.services.store.file ?? '(memory)'}${by(ctx)}`);
  ctx.session.print(SAVE_LINE);
  return undefined;
}

async function exit(ctx: CommandContext): Promise<HandlerResult> {
  if (ctx.session.level === 'user') {
    ctx.session.close();
    return undefined;
  }
  if (ctx.services.store.dirty) {
    const yes = await confirm(ctx.session, 'Save new configuration ?');
    if (yes === undefined) return undefined;
    if (yes) {
      const err = save(ctx);
      if (err) return err;
    }
  }
  ctx.session.setLevel('user');
  return undefined;
}

/**
 * Old_Password / New_Password / New_Password, as the router asks them (RTX1200 transcript; the
 * Terraform RTX provider waits for `New_Password:` twice). `alwaysAskOld`: `administrator
 * password` asks Old_Password even when none is set (Enter answers it); `login password` asks
 * it only when one is set. Any wrong answer changes nothing.
 */
async function changePassword(ctx: CommandContext, current: string | undefined, alwaysAskOld: boolean): Promise<string | { hash: string | undefined }> {
  if (current !== undefined || alwaysAskOld) {
    const old = await ctx.session.ask('Old_Password: ', false);
    if (old === undefined) return '';
    if (!(await passwordRight(ctx, 'password change', old, current))) return INCORRECT_PASSWORD;
  }
  const first = await ctx.session.ask('New_Password: ', false);
  if (first === undefined) return '';
  const second = await ctx.session.ask('New_Password: ', false);
  if (second === undefined) return '';
  if (first !== second) return 'Error: The new passwords do not match; nothing changed';
  if (first !== '' && !/^[\x21-\x7e]{1,32}$/.test(first)) return 'Error: Invalid parameter: a password is 1-32 printable ASCII characters';
  return { hash: first === '' ? undefined : hashPassword(first) };
}

/** `X password` (asks), `X password encrypted HASH` (configuration form) and `no X password`. */
function passwordCommands(prefix: 'login' | 'administrator', key: 'loginPassword' | 'adminPassword'): HandlerTable {
  return {
    [`${prefix}.password`]: {
      async run(ctx) {
        const r = await changePassword(ctx, ctx.config[key], prefix === 'administrator');
        if (typeof r === 'string') return r || undefined;
        ctx.config[key] = r.hash;
        return undefined;
      },
    },
    [`${prefix}.password.encrypted`]: {
      config: true,
      run(ctx) {
        const r = checkedHash(ctx);
        if (typeof r === 'string') return r;
        ctx.config[key] = r.hash;
        return undefined;
      },
    },
    [`${prefix}.password.no`]: {
      config: true,
      run(ctx) {
        ctx.config[key] = undefined;
      },
    },
  };
}

function checkedHash(ctx: CommandContext): string | { hash: string } {
  const hash = text(ctx, 'HASH');
  return isPasswordHash(hash) ? { hash } : 'Error: Invalid parameter: not a hashed password as show config prints it';
}

/** The handlers of grammar/session.cli. */
export const sessionCommands: HandlerTable = {
  administrator: {
    async run(ctx) {
      if (ctx.session.level === 'administrator') return undefined;
      const holder = ctx.services.adminHolder();
      if (holder !== undefined) {
        return `Error: Another session (#${holder.id} from ${holder.peer}) is at the administrator level`;
      }
      const pass = await ctx.session.ask('Password: ', false);
      if (pass === undefined) return undefined;
      const stored = ctx.services.store.config.adminPassword;
      if (!(await passwordRight(ctx, 'administrator', pass, stored))) return INCORRECT_PASSWORD;
      if (!ctx.session.setLevel('administrator')) {
        const h = ctx.services.adminHolder();
        return `Error: Another session (#${h?.id ?? '?'} from ${h?.peer ?? '?'}) is at the administrator level`;
      }
      return undefined;
    },
  },
  exit: { run: exit },
  quit: { run: exit },
  help: {
    // The session's printLines, not a loop or forEach here: see 'show.command'.
    run(ctx) {
      ctx.session.printLines(HELP_TEXT);
    },
  },
  save: { run: save },
  'show.config': {
    run(ctx) {
      const masked = ctx.session.level !== 'administrator';
      // Both kept from one `show config` to the next (the configuration's lines while it is
      // unchanged, see ConfigStore.shown): only the printing is done each time.
      ctx.session.printLines(headerAt(ctx.services.clock.now(), ctx.services.identity));
      ctx.session.printLines(ctx.services.store.shown(masked));
    },
  },
  'show.log.reverse': {
    run(ctx) {
      // The log's lines are stored escaped (util/event-log.ts): printed as they are.
      ctx.session.printLines([...ctx.services.log.entries()].reverse());
    },
  },
  'show.command': {
    /**
     * The lines handed to the session's printLines, whose one loop queues them. Profile (issue 13,
     * the V8 log's code creations lined up with the console bench's round trips, then --trace-opt):
     * with forEach, the callback was the hot function, and the handler itself became hot for
     * TurboFan only at the end of the 200 sessions' commands, compiled during the 16 sessions'; a
     * loop of the handler's own made it hot in the first rounds, but each such handler (help, show
     * config, show command) was then a compilation of its own with the session's and the pager's
     * print inlined; with printLines the loop is compiled once, in the pager.
     */
    run(ctx) {
      ctx.session.printLines(ctx.services.commandList(ctx.session.level));
    },
  },
  'show.environment': {
    run(ctx) {
      ctx.session.printLines(ctx.services.environment());
      ctx.session.printLines(ctx.services.sip.environment());
    },
  },
  'console.prompt': {
    config: true,
    run(ctx) {
      const name = text(ctx, 'NAME');
      if (name.length > 64) return 'Error: Invalid parameter: a prompt is at most 64 characters';
      ctx.config.prompt = name;
    },
  },
  'console.prompt.no': {
    config: true,
    run(ctx) {
      ctx.config.prompt = undefined;
    },
  },
  'console.lines': {
    config: true,
    run(ctx) {
      const lines = ctx.keywords.has('infinity') ? 'infinity' : int(ctx, 'LINES');
      ctx.session.setPageLines(lines);
      if (ctx.session.level === 'administrator') ctx.config.lines = lines;
    },
  },
  'console.lines.no': {
    config: true,
    run(ctx) {
      // At > only this session's page height goes back to the default (Ansible restores it on close).
      if (ctx.session.level === 'administrator') ctx.config.lines = undefined;
      ctx.session.setPageLines(undefined);
    },
  },
  'console.columns': {
    config: true,
    run(ctx) {
      const columns = int(ctx, 'COLUMNS');
      ctx.session.setColumns(columns);
      if (ctx.session.level === 'administrator') ctx.config.columns = columns;
    },
  },
  'console.columns.no': {
    config: true,
    run(ctx) {
      if (ctx.session.level === 'administrator') ctx.config.columns = undefined;
      ctx.session.setColumns(undefined);
    },
  },
  'console.character': {
    config: true,
    run(ctx) {
      const set = CHARACTER_SETS.find((w) => ctx.keywords.has(w));
      if (set === undefined) throw new Error('internal: console character without a character set');
      if (ctx.session.level === 'administrator') ctx.config.character = set;
    },
  },
  'console.character.no': {
    config: true,
    run(ctx) {
      if (ctx.session.level === 'administrator') ctx.config.character = undefined;
    },
  },
  ...passwordCommands('login', 'loginPassword'),
  ...passwordCommands('administrator', 'adminPassword'),
  'login.timer': {
    config: true,
    run(ctx) {
      ctx.config.loginTimer = ctx.keywords.has('clear') ? 'clear' : int(ctx, 'SECONDS');
    },
  },
  'login.timer.no': {
    config: true,
    run(ctx) {
      ctx.config.loginTimer = 300;
    },
  },
};
