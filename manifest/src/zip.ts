import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSZip from 'jszip';
import { APP_ICONS } from './icons.js';
import type { AppManifest } from './manifest.js';

/** Fixed timestamp of every zip entry, so that the same inputs give the same bytes. */
const ENTRY_DATE = new Date(Date.UTC(2020, 0, 1));

/** What an app package holds: the parsed manifest and every file by its name in the zip. */
export interface AppPackageContents {
  manifest: unknown;
  files: ReadonlyMap<string, Buffer>;
}

/** File name of the package zip for one version. */
export function packageFileName(version: string): string {
  return `northstar-${version}.zip`;
}

/** Reads the icons the manifest packages (colour and outline) from `iconsDir`. */
export async function readPackagedIcons(iconsDir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const icon of Object.values(APP_ICONS)) files.set(icon.file, await readFile(join(iconsDir, icon.file)));
  return files;
}

/** The in-memory package for a manifest and the icons in `iconsDir`, as the zip would hold it. */
export async function assemblePackage(manifest: AppManifest, iconsDir: string): Promise<AppPackageContents> {
  const files = await readPackagedIcons(iconsDir);
  files.set('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  return { manifest, files };
}

/** Zips the package: `manifest.json` and the icons at the root of the archive. */
export async function zipPackage(contents: AppPackageContents): Promise<Buffer> {
  const zip = new JSZip();
  const names = [...contents.files.keys()].sort((a, b) => (a === 'manifest.json' ? -1 : b === 'manifest.json' ? 1 : a.localeCompare(b)));
  for (const name of names) zip.file(name, contents.files.get(name) as Buffer, { date: ENTRY_DATE });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 }, platform: 'UNIX' });
}

/** Opens a package zip; `manifest` is the parsed `manifest.json` (undefined when missing or not JSON). */
export async function unzipPackage(zipBytes: Buffer): Promise<AppPackageContents & { problems: string[] }> {
  const problems: string[] = [];
  const zip = await JSZip.loadAsync(zipBytes);
  const files = new Map<string, Buffer>();
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    if (entry.name.includes('/')) problems.push(`zip: "${entry.name}" is in a folder; every file must be at the root of the package`);
    files.set(entry.name, await entry.async('nodebuffer'));
  }
  let manifest: unknown;
  const manifestBytes = files.get('manifest.json');
  if (!manifestBytes) problems.push('zip: manifest.json is missing at the root of the package');
  else {
    try {
      manifest = JSON.parse(manifestBytes.toString('utf8').replace(/^\uFEFF/, ''));
    } catch (error) {
      problems.push(`zip: manifest.json is not valid JSON (${(error as Error).message})`);
    }
  }
  return { manifest, files, problems };
}
