import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Repository root (the folder holding `server/`). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Go module of the FerretDB launcher. */
export const embeddedDbSourceDir = path.join(repoRoot, 'server', 'embedded-db');

/** Where built launchers are kept, one file per source hash. */
export const embeddedDbCacheDir = path.join(repoRoot, '.cache', 'embedded-db');

const SOURCE_FILES = ['go.mod', 'go.sum', 'main.go', 'writes.go'] as const;
const BINARY_PREFIX = 'embedded-db-';

export interface EmbeddedDbBuild {
  /** Absolute path of the launcher executable. */
  binaryPath: string;
  /** True when this call ran `go build`, false when a cached launcher was reused. */
  built: boolean;
  /** Wall-clock milliseconds spent (hashing, plus building when `built`). */
  durationMs: number;
}

export interface BuildEmbeddedDbOptions {
  /** Environment for `go` (PATH, GOCACHE, GOFLAGS...); defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Cache folder override; defaults to `<repo>/.cache/embedded-db`. */
  cacheDir?: string;
}

/** Hash of the launcher's sources; the cached binary is named after it. */
export async function embeddedDbSourceHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const name of SOURCE_FILES) {
    hash.update(name).update('\0');
    hash.update(await readFile(path.join(embeddedDbSourceDir, name)));
    hash.update('\0');
  }
  hash.update(`${process.platform}-${process.arch}`);
  return hash.digest('hex').slice(0, 16);
}

/** Version string of the `go` tool found on PATH, or undefined when Go is not available. */
export async function goVersion(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync('go', ['version'], { env, timeout: 15_000 });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

/** Whether a usable `go` tool is on PATH. */
export async function isGoAvailable(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  return (await goVersion(env)) !== undefined;
}

/**
 * Returns the FerretDB launcher for the current sources, building it with `go build` when no
 * binary for this source hash is cached. Concurrent callers are safe: each builds to a private
 * temporary name and renames it into place atomically.
 */
export async function buildEmbeddedDb(options: BuildEmbeddedDbOptions = {}): Promise<EmbeddedDbBuild> {
  const startedAt = performance.now();
  const env = options.env ?? process.env;
  const cacheDir = options.cacheDir ?? embeddedDbCacheDir;
  const binaryName = BINARY_PREFIX + (await embeddedDbSourceHash());
  const binaryPath = path.join(cacheDir, binaryName);

  if (existsSync(binaryPath)) {
    return { binaryPath, built: false, durationMs: performance.now() - startedAt };
  }

  await mkdir(cacheDir, { recursive: true });
  const tempPath = path.join(cacheDir, `.${binaryName}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await execFileAsync('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', tempPath, '.'], {
      cwd: embeddedDbSourceDir,
      env: { ...env, CGO_ENABLED: '0', GOFLAGS: [env.GOFLAGS, '-mod=readonly'].filter(Boolean).join(' ') },
      timeout: 15 * 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    await rename(tempPath, binaryPath);
  } catch (error) {
    await rm(tempPath, { force: true });
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(
      `building the embedded database launcher in ${embeddedDbSourceDir} failed` +
        (stderr ? `:\n${stderr}` : `: ${(error as Error).message}`),
      { cause: error },
    );
  }

  await removeStaleBinaries(cacheDir, binaryName);
  return { binaryPath, built: true, durationMs: performance.now() - startedAt };
}

async function removeStaleBinaries(cacheDir: string, keep: string): Promise<void> {
  const entries = await readdir(cacheDir).catch(() => [] as string[]);
  await Promise.all(
    entries
      .filter((name) => name.startsWith(BINARY_PREFIX) && name !== keep)
      .map((name) => rm(path.join(cacheDir, name), { force: true }).catch(() => undefined)),
  );
}
