import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** Committed PNG icons; the server serves this folder at `/icons/` (ribbon icons are URLs). */
export const ICONS_DIR = fileURLToPath(new URL('../icons/', import.meta.url));
/** Where `npm run package` writes the zip. */
export const DIST_DIR = fileURLToPath(new URL('../dist/', import.meta.url));
/** URL path under HOST_URL at which {@link ICONS_DIR} is served. */
export const ICONS_URL_PATH = '/icons/';

/** The product version: the `version` of the repository's root package.json. */
export async function readProductVersion(): Promise<string> {
  const raw = await readFile(new URL('../../package.json', import.meta.url), 'utf8');
  const { version } = JSON.parse(raw) as { version?: unknown };
  if (typeof version !== 'string' || version === '') throw new Error('The root package.json has no version');
  return version;
}
