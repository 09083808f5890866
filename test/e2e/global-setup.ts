import { fileURLToPath } from 'node:url';
import { ensureWebBuilt } from './build-web.js';

/** Builds the tab, add-in and dev hosts once before the browser tests, only when stale. */
export default function setup(): void {
  ensureWebBuilt(fileURLToPath(new URL('../..', import.meta.url)));
}
