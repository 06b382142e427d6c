/** A configuration's lines loaded, rendered by `show config`, and loaded again: the same model both times. */
import { Config } from '../../src/config/model';
import { buildShell } from '../../src/shell/build';

/** Loads `lines`, checks each comes back in `show config` and that the rendering loads to the same model; returns it. */
export function roundTrip(lines: readonly string[]): Config {
  const shell = buildShell();
  expect(shell.loadConfig(lines.join('\n'))).toEqual([]);
  const rendered = shell.store.render();
  for (const l of lines) expect(rendered).toContain(l);
  const again = buildShell();
  expect(again.loadConfig(rendered.join('\n'))).toEqual([]);
  expect(again.store.config).toEqual(shell.store.config);
  return shell.store.config;
}
