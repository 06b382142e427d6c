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
 *   a fresh process TurboFan was about half of the console server's instructions while 200
 *   sessions ran, on the core the server shares with it; smaller compilations cut that by about
 *   a third. Measured (docs/decisions.md): the 16-session round-trip p99 lower in 17 of 20
 *   alternating runs, the 200-session p99 unchanged within the noise, the registration hot path
 *   and a 10,000-line start-up no slower, an empty start-up ~15 ms (5%) slower.
 *
 * Not here: the young generation's size. V8 sizes it when the heap is made, before this module
 * runs, and `--min-semi-space-size` / `--max-semi-space-size` set from here change nothing
 * (issue 13, round 10, node 20.20: the same 3 million small objects took 80 scavenges with them set
 * here, 79 without, 18 with them on node's command line; the new space ended at 16 MB either way
 * from here). `--semi-space-growth-factor` is read when the new space grows and does apply from
 * here, but showed nothing in the console bench's server: callgrind of the 200-session window
 * gave 22.9 and 82.8 M GC instructions with a factor of 8, 74.7, 22.4 and 75.1 M without (the
 * spread is whether the one full collection after the logins falls inside the window).
 */
export const V8_FLAGS: readonly string[] = ['--max-inlined-bytecode-size-cumulative=200'];

for (const flag of V8_FLAGS) v8.setFlagsFromString(flag);
