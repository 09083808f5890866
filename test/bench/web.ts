import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** Gzipped sizes (gzip level 9) of what a page must load before it can show content. */
export interface WebSizes {
  /** The tab's entry script and what it imports statically. */
  tabInitialKb: number;
  /** Per lazily loaded chunk of the tab (its pages): the initial set plus the chunk and its static imports. */
  tabPagesKb: Record<string, number>;
  taskPaneInitialKb: number;
  /** The Outlook send handler, a single file. */
  sendHandlerKb: number | null;
}

const STATIC_IMPORT = /(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["'`]\.\/([\w.-]+\.js)["'`]/g;
const DYNAMIC_IMPORT = /import\(\s*["'`]\.\/([\w.-]+\.js)["'`]\s*\)/g;

const gzKb = (content: Buffer): number => Math.round((gzipSync(content, { level: 9 }).length / 1024) * 10) / 10;

async function chunkSource(dir: string, file: string): Promise<string> {
  return readFile(path.join(dir, file), 'utf8');
}

/** The chunk and every chunk it imports statically, transitively. */
async function staticClosure(dir: string, entry: string, seen = new Set<string>()): Promise<Set<string>> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const source = await chunkSource(dir, entry);
  for (const match of source.matchAll(STATIC_IMPORT)) await staticClosure(dir, match[1]!, seen);
  return seen;
}

async function sizeOf(dir: string, files: Iterable<string>): Promise<number> {
  const contents = await Promise.all([...files].map((file) => readFile(path.join(dir, file))));
  return gzKb(Buffer.concat(contents));
}

/** The module script an index.html starts, relative to its assets folder. */
async function entryOf(distDir: string): Promise<{ assets: string; entry: string }> {
  const html = await readFile(path.join(distDir, 'index.html'), 'utf8');
  const src = /<script[^>]+type="module"[^>]+src="([^"]+)"/.exec(html)?.[1];
  if (!src) throw new Error(`${distDir}/index.html starts no module script`);
  const file = path.basename(src);
  return { assets: path.join(distDir, 'assets'), entry: file };
}

/** Gzipped initial JavaScript of the tab (per page), the task pane and the send handler, from the built web folders. */
export async function webSizes(repoRoot: string): Promise<WebSizes> {
  const tab = await entryOf(path.join(repoRoot, 'tab', 'dist'));
  const initial = await staticClosure(tab.assets, tab.entry);
  const tabPagesKb: Record<string, number> = {};
  const lazy = new Set<string>();
  for (const file of initial) for (const match of (await chunkSource(tab.assets, file)).matchAll(DYNAMIC_IMPORT)) lazy.add(match[1]!);
  for (const page of [...lazy].sort()) {
    const closure = new Set([...initial, ...(await staticClosure(tab.assets, page))]);
    tabPagesKb[page.replace(/-[\w-]{8}\.js$/, '')] = await sizeOf(tab.assets, closure);
  }
  const addin = await entryOf(path.join(repoRoot, 'addin', 'dist'));
  const events = path.join(repoRoot, 'addin', 'dist', 'events.js');
  return {
    tabInitialKb: await sizeOf(tab.assets, initial),
    tabPagesKb,
    taskPaneInitialKb: await sizeOf(addin.assets, await staticClosure(addin.assets, addin.entry)),
    sendHandlerKb: existsSync(events) ? gzKb(await readFile(events)) : null,
  };
}

/** The asset folders exist (the web build ran). */
export async function webBuilt(repoRoot: string): Promise<boolean> {
  const folders = ['tab/dist/assets', 'addin/dist/assets'].map((folder) => path.join(repoRoot, folder));
  return (
    await Promise.all(
      folders.map((folder) =>
        readdir(folder).then(
          () => true,
          () => false,
        ),
      ),
    )
  ).every(Boolean);
}
