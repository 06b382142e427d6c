/** The running configuration, the file it is saved to, and whether it differs from what was saved. */
import * as fs from 'fs';
import { writeFileAtomic } from './atomic-write';
import { Config, emptyConfig } from './model';
import { renderConfig } from './render';
import { DEFAULT_MODEL, Identity, configHeader, deriveIdentity } from './header';

export class ConfigStore {
  config: Config = emptyConfig();
  /** Whose header the saved file carries (set by the shell from `--model`). */
  identity: Identity = deriveIdentity(DEFAULT_MODEL, '');
  private savedBody: string;

  /** `file` undefined: an in-memory store (tests); `save` then only marks the configuration saved. */
  constructor(readonly file: string | undefined) {
    this.savedBody = this.body();
  }

  private body(): string {
    return renderConfig(this.config).join('\n');
  }

  /** True when the running configuration differs from the one last saved or loaded. */
  get dirty(): boolean {
    return this.body() !== this.savedBody;
  }

  /** Marks the current configuration as the saved one (after a load). */
  markSaved(): void {
    this.savedBody = this.body();
  }

  /** The file's text, or `undefined` when there is none yet. */
  readFile(): string | undefined {
    if (this.file === undefined || !fs.existsSync(this.file)) return undefined;
    return fs.readFileSync(this.file, 'latin1');
  }

  /** Writes the configuration atomically (mode 0600). */
  save(now: Date = new Date()): void {
    const body = this.body();
    if (this.file !== undefined) {
      const text = [...configHeader(now, this.identity), ...renderConfig(this.config)].join('\n') + '\n';
      writeFileAtomic(this.file, text);
    }
    this.savedBody = body;
  }
}
