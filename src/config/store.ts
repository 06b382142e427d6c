/** The running configuration, the file it is saved to, and whether it differs from what was saved. */
import * as fs from 'fs';
import { removeStaleTemporaries, writeFileAtomic } from './atomic-write';
import { Config, cloneConfig, emptyConfig } from './model';
import { LineSpeller } from '../grammar/spell';
import { renderConfig } from './render';
import { FileLine, KeptLine, UnloadedLine, decodeForLoader, keptBlock, keptLines, splitFileLines, unloadedOf } from './unloaded-lines';
import { DEFAULT_MODEL, Identity, configHeader, deriveIdentity } from './header';

/**
 * The running configuration and its file. What the operator wrote is never lost: the lines of the
 * file that did not load, and the operator's comments, are kept byte for byte and written back by
 * {@link ConfigStore.save} below a marker comment (see unloaded-lines.ts).
 */
export class ConfigStore {
  config: Config = emptyConfig();
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
  }

  /** The running configuration's lines, as `show config` prints them; with `masked`, passwords are masked. */
  render(masked = false): string[] {
    return renderConfig(this.config, masked, this.spell);
  }

  private body(): string {
    return this.render().join('\n');
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
    const body = this.body();
    if (this.file !== undefined) {
      const text = [...configHeader(now, this.identity), ...this.render()].join('\n') + '\n';
      writeFileAtomic(this.file, Buffer.concat([Buffer.from(text, 'utf8'), keptBlock(this.kept)]));
    }
    this.saved = { body };
  }
}
