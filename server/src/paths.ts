import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository (or deployment) root: the nearest folder above this module holding `server/` and `tab/`. */
export function findRepoRoot(start: string = import.meta.dirname): string {
  let dir = start;
  while (!(existsSync(path.join(dir, 'server')) && existsSync(path.join(dir, 'tab')))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No Northstar root above ${start}`);
    dir = parent;
  }
  return dir;
}
