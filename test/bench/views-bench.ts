/**
 * View figures: the render of a 10,000-line configuration (`show config` body) timed several
 * times in a row, after one load. The grammar section's render figure is the first render after
 * the load; this one shows whether renders stay under the target once the code is warm (median)
 * and how bad the worst is (slowest: a garbage collection or a recompilation falls in it).
 */
import { buildShell } from '../../src/shell/build';
import { bigConfig } from './grammar-bench';
import { Report, below, percentile, round, time } from './report';

const RENDERS = 21;

/** Registers the view figures with `report`. */
export function viewsBench(report: Report): Promise<void> {
  const shell = buildShell();
  const errors = shell.loadConfig(bigConfig(10_000)).length;
  const ms: number[] = [];
  let lines = 0;
  for (let i = 0; i < RENDERS; i++) {
    ms.push(time(() => {
      lines = shell.store.render().length;
    }));
  }
  const ok = errors === 0 && lines === 10_000;
  report.figure('views', `render the 10,000-line configuration (show config body), median of ${RENDERS}`, round(percentile(ms, 50), 1), 'ms', below(10), ok);
  report.figure('views', `render the 10,000-line configuration, slowest of ${RENDERS}`, round(Math.max(...ms), 1), 'ms', below(10), ok);
  report.note('views', `renders: ${ms.map((m) => round(m, 1)).join(', ')} ms`);
  // What show config also does with the lines: they are sent as one text, so the strings are
  // read end to end (joined) once; timed apart so that the render figures above stay the render.
  const joined: number[] = [];
  let chars = 0;
  for (let i = 0; i < RENDERS; i++) {
    joined.push(time(() => {
      chars = shell.store.render().join('\n').length;
    }));
  }
  report.figure('views', `render and join into one text (${chars} characters), median of ${RENDERS}`, round(percentile(joined, 50), 1), 'ms');
  return Promise.resolve();
}
