/**
 * CPU time read from /proc (Linux): the console server's own cost per command in the telnet bench,
 * the Kamailio lab's cost per transaction in the registration bench (which shows whether the
 * registrar, not the client, sets the rate), and the main thread's part of a registration run's
 * own CPU. Undefined where there is no /proc.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';

let hz: number | undefined;
const ticksPerSecond = (): number => (hz ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100);

/** The fields of /proc/PID/stat after the command name: state is [0], ppid [1], utime [11], stime [12]. */
function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

const ticks = (fields: readonly string[]): number => Number(fields[11]) + Number(fields[12]);

/** CPU milliseconds (user + system) process `pid` has used; undefined when it cannot be read. */
export function cpuMs(pid: number | undefined): number | undefined {
  const fields = pid === undefined ? undefined : statFields(pid);
  return fields === undefined ? undefined : (ticks(fields) * 1000) / ticksPerSecond();
}

/**
 * CPU milliseconds of process `pid` and its live children (Kamailio's workers are children of its
 * main process; their time is not in the parent's until they are reaped).
 */
export function treeCpuMs(pid: number | undefined): number | undefined {
  const own = pid === undefined ? undefined : statFields(pid);
  if (own === undefined) return undefined;
  let total = ticks(own);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || entry === String(pid)) continue;
    const fields = statFields(entry);
    if (fields !== undefined && Number(fields[1]) === pid) total += ticks(fields);
  }
  return (total * 1000) / ticksPerSecond();
}

/**
 * CPU milliseconds the threads of process `pid` have run, from each thread's
 * /proc/PID/task/TID/schedstat (nanoseconds); /proc/PID/stat's clock ticks (cpuMs) where that
 * cannot be read. The ticks are 10 ms: over the console bench's 800 commands with 16 sessions,
 * 12.5 us per command, so that figure came out as a multiple of 12.5 us (13, 25, 38, 50, 63 us in
 * the same build).
 */
export function threadsCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    let ms = 0;
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) ms += schedstatMs(pid, tid);
    return ms;
  } catch {
    return cpuMs(pid);
  }
}

/** CPU milliseconds thread `tid` of process `pid` has run, from its schedstat (nanoseconds); throws when it cannot be read. */
function schedstatMs(pid: number, tid: number | string): number {
  return Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
}

/**
 * CPU milliseconds of this process's main thread (its JavaScript and the collector's main-thread
 * work, not V8's helper threads), from its schedstat; undefined where it cannot be read.
 */
export function mainThreadCpuMs(): number | undefined {
  try {
    return schedstatMs(process.pid, process.pid);
  } catch {
    return undefined;
  }
}
