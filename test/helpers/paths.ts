/** Paths in the repository, whether the helpers run from test/ (jest) or from dist/test/ (benchmarks). */
import * as fs from 'fs';
import * as path from 'path';

function findRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'grammar'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error('cannot find the repository root');
}

export const ROOT = findRoot();
export const repoPath = (...parts: string[]): string => path.join(ROOT, ...parts);
