/**
 * `show environment`, starting as the router's does (model and revision, the main board line,
 * firmware and configuration files, boot and elapsed time), then the emulator's own facts.
 */
import { Identity, mainLine, revisionLine } from '../config/header';
import { formatRouterTime } from '../util/event-log';
import { PRODUCT, VERSION } from '../version';

/** The facts `show environment` prints. */
export interface EnvironmentFacts {
  readonly identity: Identity;
  /** Now and the start time, ms since the epoch. */
  readonly now: number;
  readonly started: number;
  readonly configFile: string | undefined;
  readonly dirty: boolean;
  readonly sessions: number;
  readonly maxSessions: number;
}

/** `0days 00:41:18`, as `Elapsed time from boot:` prints it. */
export function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number): string => n.toString().padStart(2, '0');
  return `${Math.floor(s / 86400)}days ${pad(Math.floor(s / 3600) % 24)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

/** The lines of `show environment` (the SIP engine adds its own after them). */
export function environmentLines(f: EnvironmentFacts): string[] {
  // With node --expose-gc (benchmarks), collect first so that the heap figure is what is live.
  (globalThis as { gc?: () => void }).gc?.();
  const mem = process.memoryUsage();
  return [
    revisionLine(f.identity),
    `  ${mainLine(f.identity)}`,
    `Firmware: exec0  Config. file: config0`,
    `Default firmware: exec0  Default config file: config0`,
    `Boot time: ${formatRouterTime(f.started)}`,
    `Current time: ${formatRouterTime(f.now)}`,
    `Elapsed time from boot: ${elapsed(f.now - f.started)}`,
    `${PRODUCT} Rev.${VERSION} on Node.js ${process.version} ${process.platform}/${process.arch}`,
    `Memory: rss ${Math.round(mem.rss / 1048576)} MB, heap ${Math.round(mem.heapUsed / 1024)} KB`,
    `Configuration file: ${f.configFile ?? '(in memory)'}${f.dirty ? ' (unsaved changes)' : ''}`,
    `Sessions: ${f.sessions} of ${f.maxSessions}`,
  ];
}
