import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** Bundles the dev host scripts into server/dev/hosts/dist as self-contained classic scripts. */
const hostsDir = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(hostsDir, 'dist');
const entries = ['teams-host', 'outlook-host', 'office-dev'];

await rm(outDir, { recursive: true, force: true });
for (const entry of entries) {
  await build({
    configFile: false,
    root: hostsDir,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: false,
      sourcemap: true,
      target: 'es2022',
      lib: {
        entry: path.join(hostsDir, 'client', `${entry}.ts`),
        formats: ['iife'],
        name: entry.replace(/-(\w)/g, (_match: string, letter: string) => letter.toUpperCase()),
        fileName: () => `${entry}.js`,
      },
    },
  });
}
console.log(`dev hosts built into ${path.relative(process.cwd(), outDir) || outDir}`);
