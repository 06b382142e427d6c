/**
 * V8 settings of the sipsh process, applied when this module loads: `main.ts` imports it first,
 * before the rest of the program is loaded, so that `npm start`, the `sipsh` bin and
 * `node dist/src/cli/main.js` all run with them (NODE_OPTIONS does not take these flags, and a
 * re-exec with `node --flag` would start node twice). See docs/decisions.md for the measurements.
 */
import * as v8 from 'v8';

/**
 * The flags, each with why:
 * - `--max-inlined-bytecode-size-cumulative=200` (V8's default 920): the optimising compiler
 *   (TurboFan) inlines at most 200 bytes of callee bytecode into one function instead of 920. In
 *   a fresh process, TurboFan was about half of the console server's instructions in the first
 *   thousand commands, on the core the server shares with it, and that warm-up is what the
 *   200-session round-trip p99 measures; smaller compilations cut that work by about a third,
 *   and the steady state and the registration hot path did not get slower (docs/decisions.md).
 */
export const V8_FLAGS: readonly string[] = ['--max-inlined-bytecode-size-cumulative=200'];

for (const flag of V8_FLAGS) v8.setFlagsFromString(flag);
