/** The running configuration, the file it is saved to, and whether it differs from what was saved. */
import * as fs from 'fs';
import { removeStaleTemporaries, writeFileAtomic } from './atomic-write';
import { Config, PhoneBookEntry, SipServerConfig, cloneConfig, emptyConfig } from './model';
import { LineSpeller } from '../grammar/spell';
import { forgetNameLine, keepBookLine, keepNameLine, keepServerLine, prepareListForms, renderConfig } from './render';
import { FileLine, KeptLine, UnloadedLine, decodeForLoader, keptBlock, keptLines, splitFileLines, unloadedOf } from './unloaded-lines';
import { DEFAULT_MODEL, Identity, configHeader, deriveIdentity } from './header';

/**
 * The running configuration and its file. What the operator wrote is never lost: the lines of the
 * file that did not load, and the operator's comments, are kept byte for byte and written back by
 * {@link ConfigStore.save} below a marker comment (see unloaded-lines.ts).
 */
export class ConfigStore {
  private current: Config = emptyConfig();
  /**
   * Bumped by every path that may edit the running configuration: a new one set here, the start
   * and the end of every command that is not a `show` (see the interpreter), and
   * {@link changed}. The rendering kept for `show config` is used only at the revision it was
   * made at, and never while such a command is under way ({@link beginEdit}).
   */
  private revision = 0;
  /** Commands that may edit the configuration, started and not ended. */
  private editing = 0;
  /** The last rendering of each kind (plain, masked) and the revision it was made at. */
  private shownPlain: { readonly revision: number; readonly lines: readonly string[] } | undefined;
  private shownMasked: { readonly revision: number; readonly lines: readonly string[] } | undefined;
  /** Whose header the saved file carries (set by the shell from `--model`). */
  identity: Identity = deriveIdentity(DEFAULT_MODEL, '');
  /**
   * The configuration last saved or loaded: a copy, until {@link dirty} first renders it, then
   * its rendering. Profile: rendering the whole configuration at load (to compare later) was
   * ~10% of loading 10,000 lines, and most runs never ask; copying the maps is a small part of it.
   */
  private saved: { readonly config: Config } | { readonly body: string };
  /** The lines of the file last read (for {@link keepUnloaded}). */
  private readLines: FileLine[] = [];
  private kept: KeptLine[] = [];
  private unloadedLines: UnloadedLine[] = [];

  /**
   * `file` undefined: an in-memory store (tests); `save` then only marks the configuration saved.
   * `spell` writes each line from its grammar declaration (the shell's wiring hands it in).
   */
  constructor(
    readonly file: string | undefined,
    readonly spell: LineSpeller,
  ) {
    this.saved = { config: cloneConfig(this.config) };
    // The long lists' forms are asked for now, when the shell is built, not in the first `show config`.
    prepareListForms(spell);
  }

  /** The running configuration; handlers change it in place (see {@link beginEdit}). */
  get config(): Config {
    return this.current;
  }

  set config(config: Config) {
    this.current = config;
    this.revision++;
  }

  /**
   * Says that the configuration may have been changed in place outside a command (the SIP
   * settings applied, a test's setup): the next {@link shown} renders it again.
   */
  changed(): void {
    this.revision++;
  }

  /**
   * A command that may change the configuration starts (every command but the `show` ones and
   * `help`, whether or not it says it is a configuration command: an interactive password
   * change edits it after its questions). Until its {@link endEdit}, {@link shown} renders
   * every time.
   */
  beginEdit(): void {
    this.editing++;
    this.revision++;
  }

  /** The command begun with {@link beginEdit} ended (done, refused or thrown). */
  endEdit(): void {
    this.editing--;
    this.revision++;
  }

  /**
   * Makes the `show config` line of server `s` now, as it is set (by its handler), and keeps it for
   * every render of a configuration that holds this entry (render.ts, keepServerLine).
   */
  keepServerLine(s: SipServerConfig): void {
    keepServerLine(this.spell, s);
  }

  /** As {@link keepServerLine}, for phone book entry `e`. */
  keepBookLine(e: PhoneBookEntry): void {
    keepBookLine(this.spell, e);
  }

  /** As {@link keepServerLine}, for static name `name` (`aaaa`: an AAAA name) set to `address`. */
  keepNameLine(aaaa: boolean, name: string, address: string): void {
    keepNameLine(this.spell, aaaa, name, address);
  }

  /** Drops the line kept for static name `name`, removed by its handler. */
  forgetNameLine(aaaa: boolean, name: string): void {
    forgetNameLine(this.spell, aaaa, name);
  }

  /** The running configuration's lines, as `show config` prints them; with `masked`, passwords are masked. */
  render(masked = false): string[] {
    return renderConfig(this.config, masked, this.spell);
  }

  /**
   * {@link render}'s lines, kept from one call to the next while the configuration is unchanged:
   * the same lines, not to be changed by the caller. Profile (issue 13, the console bench): `show
   * config | grep` rendered the whole configuration every time, a third of the in-process CPU of
   * the bench's command mix, and its renderer's compilations a sixth of the optimising compiler's
   * work while 200 sessions started.
   */
  shown(masked: boolean): readonly string[] {
    const kept = masked ? this.shownMasked : this.shownPlain;
    if (kept !== undefined && kept.revision === this.revision && this.editing === 0) return kept.lines;
    const lines = this.render(masked);
    if (this.editing === 0) {
      const made = { revision: this.revision, lines };
      if (masked) this.shownMasked = made;
      else this.shownPlain = made;
    }
    return lines;
  }

  private body(): string {
    return this.shown(false).join('\n');
  }

  /** True when the running configuration differs from the one last saved or loaded. */
  get dirty(): boolean {
    return this.body() !== this.savedBody();
  }

  /** The saved configuration's body, rendered on first use. */
  private savedBody(): string {
    const saved = this.saved;
    if ('body' in saved) return saved.body;
    const body = renderConfig(saved.config, false, this.spell).join('\n');
    this.saved = { body };
    return body;
  }

  /** Marks the current configuration as the saved one (after a load). */
  markSaved(): void {
    this.saved = { config: cloneConfig(this.config) };
  }

  /**
   * The saved file's bytes as they are on disk (SFTP's `/system/config0`), or undefined when there
   * is none; unlike {@link readFile} it remembers nothing.
   */
  savedBytes(): Buffer | undefined {
    if (this.file === undefined) return undefined;
    try {
      return fs.readFileSync(this.file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  /**
   * The file's text for the loader (each line decoded from UTF-8 when valid, else byte for byte),
   * or `undefined` when there is no file yet. Remembers the lines for {@link keepUnloaded}.
   * Throws when the file exists but cannot be read: starting empty would let `save` overwrite it.
   */
  readFile(): string | undefined {
    if (this.file === undefined) return undefined;
    let bytes: string;
    try {
      bytes = fs.readFileSync(this.file, 'latin1');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    this.readLines = splitFileLines(bytes);
    return decodeForLoader(this.readLines);
  }

  /**
   * Records which lines of the file last read did not load (the loader's errors, by line number):
   * they and the operator's comments are written back by {@link save}. Returns the lines that did
   * not load, safe to print.
   */
  keepUnloaded(errors: readonly { readonly line: number; readonly message: string }[]): readonly UnloadedLine[] {
    this.kept = keptLines(this.readLines, errors);
    this.unloadedLines = unloadedOf(this.kept);
    return this.unloadedLines;
  }

  /** The lines of the file that did not load (line number, escaped text, why), for login and `show log`. */
  get unloaded(): readonly UnloadedLine[] {
    return this.unloadedLines;
  }

  /** Removes temporary files of an interrupted save of this file by a process that is gone. */
  removeStaleTemporaries(): string[] {
    return this.file === undefined ? [] : removeStaleTemporaries(this.file);
  }

  /**
   * Writes the configuration atomically (mode 0600), through a symbolic link to the file it names;
   * the kept lines follow the rendered configuration.
   */
  save(now: Date = new Date()): void {
    // Rendered once for both the file and the body kept for `dirty` (a save runs as a command, when
    // nothing is kept by revision).
    const lines = this.shown(false);
    const body = lines.join('\n');
    if (this.file !== undefined) {
      const text = [...configHeader(now, this.identity), ...lines].join('\n') + '\n';
      writeFileAtomic(this.file, Buffer.concat([Buffer.from(text, 'utf8'), keptBlock(this.kept)]));
    }
    this.saved = { body };
  }
}
