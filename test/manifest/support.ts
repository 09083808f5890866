import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { readPackageEnv } from '../../manifest/src/env.js';
import { type AppManifest, buildManifest } from '../../manifest/src/manifest.js';
import { ICONS_DIR } from '../../manifest/src/paths.js';
import type { ValidationContext } from '../../manifest/src/validate.js';
import { type AppPackageContents, assemblePackage } from '../../manifest/src/zip.js';

/** The deployment every manifest test builds for. */
export const TEST_ENV = {
  HOST_URL: 'https://northstar.example.com',
  ENTRA_CLIENT_ID: '3f2a9c1e-7b4d-4e8a-9c2f-1a5b6d7e8f90',
} as const;

export const TEST_VERSION = '0.1.0';
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A fresh, valid package built in memory plus the context it is checked against. */
export async function validPackage(): Promise<{ contents: AppPackageContents; manifest: AppManifest; context: ValidationContext }> {
  const env = readPackageEnv(TEST_ENV);
  const manifest = buildManifest(env, TEST_VERSION);
  const contents = await assemblePackage(manifest, ICONS_DIR);
  return { contents, manifest, context: { env, version: TEST_VERSION, servedIconsDir: ICONS_DIR } };
}

/** Result of running one of the manifest CLIs in its own Node process. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `manifest/src/cli/<name>.ts` with tsx, with exactly the given manifest variables set. */
export function runManifestCli(name: 'package' | 'validate', args: string[], vars: Record<string, string>): Promise<CliResult> {
  const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['HOST_URL', 'ENTRA_CLIENT_ID', 'APP_ID', 'ENTRA_API_SCOPE', 'DEVELOPER_NAME', 'INIT_CWD']) delete env[key];
  Object.assign(env, vars);
  const script = fileURLToPath(new URL(`../../manifest/src/cli/${name}.ts`, import.meta.url));
  return new Promise((resolve) => {
    execFile(process.execPath, [tsxCli, script, ...args], { env, cwd: REPO_ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}
