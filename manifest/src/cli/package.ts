import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { readPackageEnv } from '../env.js';
import { buildManifest } from '../manifest.js';
import { DIST_DIR, ICONS_DIR, readProductVersion } from '../paths.js';
import { validateAppPackage } from '../validate.js';
import { assemblePackage, packageFileName, zipPackage } from '../zip.js';
import { fromInvocationDir, reportProblems, runCli } from './run.js';

await runCli(async () => {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  if (positionals.length > 1) throw new Error('usage: package [output folder, default manifest/dist]');
  const env = readPackageEnv();
  const version = await readProductVersion();
  const contents = await assemblePackage(buildManifest(env, version), ICONS_DIR);
  const problems = await validateAppPackage(contents, { env, version, servedIconsDir: ICONS_DIR });
  const localOnly = env.hostUrl.startsWith('http:');
  if (problems.length > 0 && !localOnly) return reportProblems('app package', problems);
  if (problems.length > 0) {
    console.warn(`! HOST_URL ${env.hostUrl} is plain http: this package is for local use only (Teams and Outlook require https).`);
    for (const problem of problems) console.warn(`  - ${problem}`);
  }
  const outDir = positionals[0] === undefined ? DIST_DIR : fromInvocationDir(positionals[0]);
  await mkdir(outDir, { recursive: true });
  const zipFile = join(outDir, packageFileName(version));
  await writeFile(zipFile, await zipPackage(contents));
  const shown = relative(process.env.INIT_CWD ?? process.cwd(), zipFile);
  console.log(`✔ wrote ${shown.startsWith('..') ? zipFile : shown} (${[...contents.files.keys()].join(', ')})`);
  console.log(`  app id ${env.appId}, Entra client ${env.entraClientId}, host ${env.hostUrl}`);
  return 0;
});
