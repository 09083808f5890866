import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPackageEnv } from '../../manifest/src/env.js';
import { buildManifest } from '../../manifest/src/manifest.js';
import { readProductVersion } from '../../manifest/src/paths.js';
import { packageFileName, zipPackage } from '../../manifest/src/zip.js';
import { TEST_ENV, runManifestCli, validPackage } from './support.js';

describe('npm run package / manifest:validate (real processes)', () => {
  let outDir: string;
  let zipFile: string;
  let version: string;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'northstar-package-'));
    version = await readProductVersion();
    zipFile = join(outDir, packageFileName(version));
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('writes northstar-<version>.zip holding manifest.json and the two icons', async () => {
    const result = await runManifestCli('package', [outDir], TEST_ENV);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const zip = await JSZip.loadAsync(await readFile(zipFile));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifestFile = zip.file('manifest.json');
    if (!manifestFile) throw new Error('manifest.json missing');
    const manifest: unknown = JSON.parse(await manifestFile.async('string'));
    expect(manifest).toEqual(buildManifest(readPackageEnv(TEST_ENV), version));
  });

  it('validates the written zip offline', async () => {
    const result = await runManifestCli('validate', [zipFile], TEST_ENV);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('is valid');
  });

  it('validates without a zip by building from the environment', async () => {
    const result = await runManifestCli('validate', [], TEST_ENV);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('manifest built for https://northstar.example.com is valid');
  });

  it('lists every problem of a tampered zip and exits 1', async () => {
    const zip = await JSZip.loadAsync(await readFile(zipFile));
    const manifest = JSON.parse(await (zip.file('manifest.json')?.async('string') ?? 'null'));
    manifest.extensions[0].autoRunEvents[0].events[0].options.sendMode = 'block';
    manifest.staticTabs[0].contentUrl = 'https://elsewhere.example.org/tab/';
    zip.file('manifest.json', JSON.stringify(manifest));
    zip.remove('outline.png');
    const tampered = join(outDir, 'tampered.zip');
    await writeFile(tampered, await zip.generateAsync({ type: 'nodebuffer' }));
    const result = await runManifestCli('validate', [tampered], TEST_ENV);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('3 problem(s)');
    expect(result.stderr).toContain('sendMode "block" is not allowed');
    expect(result.stderr).toContain('staticTabs[0].contentUrl: "https://elsewhere.example.org/tab/" is not on HOST_URL');
    expect(result.stderr).toContain('icons.outline "outline.png" is missing');
  });

  it('exits 1 with a clear message when ENTRA_CLIENT_ID is missing, and writes nothing', async () => {
    const emptyDir = join(outDir, 'nothing');
    const result = await runManifestCli('package', [emptyDir], { HOST_URL: TEST_ENV.HOST_URL });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ENTRA_CLIENT_ID is required: the application (client) id of the Entra app registration');
    await expect(readFile(join(emptyDir, packageFileName(version)))).rejects.toThrow(/ENOENT/);
  });
});

describe('zipPackage', () => {
  it('gives the same bytes for the same inputs', async () => {
    const { contents } = await validPackage();
    const [first, second] = await Promise.all([zipPackage(contents), zipPackage(contents)]);
    expect(first.equals(second)).toBe(true);
  });
});
