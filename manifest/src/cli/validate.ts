import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { readPackageEnv } from '../env.js';
import { buildManifest } from '../manifest.js';
import { ICONS_DIR, readProductVersion } from '../paths.js';
import { validateAppPackage } from '../validate.js';
import { assemblePackage, unzipPackage } from '../zip.js';
import { fromInvocationDir, reportProblems, runCli } from './run.js';

await runCli(async () => {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  if (positionals.length > 1) throw new Error('usage: validate [path/to/northstar-<version>.zip]');
  const env = readPackageEnv();
  const version = await readProductVersion();
  const context = { env, version, servedIconsDir: ICONS_DIR };
  const zipArg = positionals[0];
  if (zipArg === undefined) {
    const contents = await assemblePackage(buildManifest(env, version), ICONS_DIR);
    return reportProblems(`manifest built for ${env.hostUrl}`, await validateAppPackage(contents, context));
  }
  const unzipped = await unzipPackage(await readFile(fromInvocationDir(zipArg)));
  const problems = [...unzipped.problems];
  if (unzipped.manifest !== undefined) problems.push(...(await validateAppPackage(unzipped, context)));
  return reportProblems(zipArg, problems);
});
