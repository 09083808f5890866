import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderIcons } from '../../manifest/src/icons.js';
import { MANIFEST_SCHEMA_VERSION, MEETING_MEMBERS_PERMISSION } from '../../manifest/src/manifest.js';
import { ICONS_DIR } from '../../manifest/src/paths.js';
import { bundledSchemaFile, validateAppPackage } from '../../manifest/src/validate.js';
import { validPackage } from './support.js';

const solidPng = (size: number, colour: { r: number; g: number; b: number; alpha: number }) =>
  sharp({ create: { width: size, height: size, channels: 4, background: colour } })
    .png()
    .toBuffer();

const extensionOf = (manifest: Awaited<ReturnType<typeof validPackage>>['manifest']) => {
  const extension = manifest.extensions?.[0];
  if (!extension) throw new Error('the built manifest has no extension');
  return extension;
};

describe('validateAppPackage', () => {
  it('passes the manifest built from the environment, on a released schema bundled offline', async () => {
    const { contents, context, manifest } = await validPackage();
    expect(await validateAppPackage(contents, context)).toEqual([]);
    expect(manifest.manifestVersion).toBe(MANIFEST_SCHEMA_VERSION);
    expect(Number(MANIFEST_SCHEMA_VERSION)).toBeGreaterThanOrEqual(1.22);
    expect(await readFile(bundledSchemaFile(MANIFEST_SCHEMA_VERSION), 'utf8')).toContain('nestedAppAuthInfo');
  });

  it("applies Microsoft's JSON schema", async () => {
    const { contents, context } = await validPackage();
    Object.assign(contents.manifest as object, { notAManifestProperty: true });
    const problems = await validateAppPackage(contents, context);
    expect(problems.some((p) => p.startsWith(`schema v${MANIFEST_SCHEMA_VERSION}:`) && p.includes('additional properties'))).toBe(true);
  });

  it('refuses a devPreview schema', async () => {
    const { contents, context } = await validPackage();
    Object.assign(contents.manifest as object, {
      $schema: 'https://developer.microsoft.com/json-schemas/teams/vDevPreview/MicrosoftTeams.schema.json',
      manifestVersion: 'devPreview',
    });
    expect(await validateAppPackage(contents, context)).toContainEqual(expect.stringMatching(/devPreview schemas are not allowed/));
  });

  it('refuses a schema older than 1.22 and a $schema that does not match manifestVersion', async () => {
    const old = await validPackage();
    Object.assign(old.contents.manifest as object, {
      $schema: 'https://developer.microsoft.com/json-schemas/teams/v1.21/MicrosoftTeams.schema.json',
      manifestVersion: '1.21',
    });
    expect(await validateAppPackage(old.contents, old.context)).toContainEqual(
      expect.stringMatching(/"1.21" is not a released schema version 1.22 or newer/),
    );

    const mismatched = await validPackage();
    Object.assign(mismatched.contents.manifest as object, { manifestVersion: '1.24' });
    expect(await validateAppPackage(mismatched.contents, mismatched.context)).toContainEqual(
      expect.stringMatching(/^\$schema must be .*v1.24/),
    );
  });

  it('refuses the block send mode', async () => {
    const { contents, context, manifest } = await validPackage();
    const event = extensionOf(manifest).autoRunEvents?.[0]?.events?.[0];
    if (!event?.options) throw new Error('no messageSending event');
    event.options.sendMode = 'block';
    expect(await validateAppPackage(contents, context)).toContainEqual(
      expect.stringMatching(/sendMode "block" is not allowed; use softBlock or promptUser/),
    );
  });

  it('refuses a Mailbox requirement too old for OnMessageSend', async () => {
    const { contents, context, manifest } = await validPackage();
    const mailbox = extensionOf(manifest).requirements?.capabilities?.[0];
    if (!mailbox) throw new Error('no Mailbox capability');
    mailbox.minVersion = '1.3';
    expect(await validateAppPackage(contents, context)).toContainEqual(
      "Mailbox minVersion 1.3 is too old: the add-in's features need 1.12",
    );
  });

  it('refuses a URL off HOST_URL and a foreign valid domain', async () => {
    const { contents, context, manifest } = await validPackage();
    const tab = manifest.staticTabs?.[0];
    if (!tab) throw new Error('no static tab');
    tab.contentUrl = 'https://evil.example.net/tab/';
    manifest.validDomains?.push('evil.example.net');
    const problems = await validateAppPackage(contents, context);
    expect(problems).toContainEqual(
      'staticTabs[0].contentUrl: "https://evil.example.net/tab/" is not on HOST_URL https://northstar.example.com',
    );
    expect(problems).toContainEqual(expect.stringMatching(/validDomains: "evil.example.net" does not match/));
  });

  it('refuses a same-host URL on another scheme or port', async () => {
    const { contents, context, manifest } = await validPackage();
    const runtime = extensionOf(manifest).runtimes?.[1];
    if (!runtime) throw new Error('no event runtime');
    runtime.code.script = 'https://northstar.example.com:8443/addin/events.js';
    expect(await validateAppPackage(contents, context)).toContainEqual(expect.stringMatching(/code\.script: .* is not on HOST_URL/));
  });

  it('refuses a version other than the root package version and ids other than the configured ones', async () => {
    const { contents, context, manifest } = await validPackage();
    manifest.version = '9.9.9';
    manifest.id = '00000000-0000-4000-8000-000000000000';
    const problems = await validateAppPackage(contents, context);
    expect(problems).toContainEqual('version is "9.9.9", expected "0.1.0" (the root package.json version)');
    expect(problems).toContainEqual(expect.stringMatching(/^id is .* expected APP_ID/));
  });

  it('refuses an icon of the wrong size', async () => {
    const { contents, context } = await validPackage();
    const files = new Map(contents.files);
    files.set('color.png', await solidPng(100, { r: 31, g: 58, b: 147, alpha: 1 }));
    expect(await validateAppPackage({ ...contents, files }, context)).toEqual([
      'icons.color "color.png" is 100×100 px; it must be 192×192 px',
    ]);
  });

  it('refuses an icon that is not a PNG and a missing icon', async () => {
    const { contents, context } = await validPackage();
    const files = new Map(contents.files);
    files.set(
      'color.png',
      await sharp({ create: { width: 192, height: 192, channels: 3, background: '#1F3A93' } })
        .jpeg()
        .toBuffer(),
    );
    files.delete('outline.png');
    const problems = await validateAppPackage({ ...contents, files }, context);
    expect(problems).toEqual(['icons.color "color.png" is not a PNG file', 'icons.outline "outline.png" is missing']);
  });

  it('refuses an outline icon that is not white on transparent', async () => {
    const { contents, context } = await validPackage();
    const files = new Map(contents.files);
    const grey = await solidPng(1, { r: 128, g: 128, b: 128, alpha: 0.5 });
    files.set(
      'outline.png',
      await sharp(files.get('outline.png'))
        .composite([{ input: grey, left: 0, top: 0 }])
        .png()
        .toBuffer(),
    );
    const problems = await validateAppPackage({ ...contents, files }, context);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^icons.outline "outline.png" must be white on transparent: 1 pixel\(s\).*x=0, y=0/);
  });

  it('offers the 1:1 agenda in meetings: side panel and details tab on the group-chat tab, with the chat-members RSC permission', async () => {
    const { contents, context, manifest } = await validPackage();
    const tab = manifest.configurableTabs?.[0];
    expect(tab?.context).toEqual(expect.arrayContaining(['meetingSidePanel', 'meetingDetailsTab', 'meetingChatTab']));
    expect(tab?.scopes).toContain('groupChat');
    expect(manifest.authorization?.permissions?.resourceSpecific).toContainEqual({ name: MEETING_MEMBERS_PERMISSION, type: 'Application' });
    expect(await validateAppPackage(contents, context)).toEqual([]);
  });

  it('refuses a meeting side panel without the groupChat scope or without the chat-members permission', async () => {
    const { contents, context, manifest } = await validPackage();
    const tab = manifest.configurableTabs?.[0];
    if (!tab) throw new Error('no configurable tab');
    tab.scopes = ['team'];
    const permissions = manifest.authorization?.permissions;
    if (!permissions) throw new Error('no permissions');
    permissions.resourceSpecific = permissions.resourceSpecific?.filter((p) => p.name !== MEETING_MEMBERS_PERMISSION);
    const problems = await validateAppPackage(contents, context);
    expect(problems).toContainEqual(
      expect.stringMatching(/^configurableTabs\[0\]: contexts .*meetingSidePanel.* need the groupChat scope/),
    );
    expect(problems).toContainEqual(expect.stringMatching(/resourceSpecific must include ChatMember\.Read\.Chat \(Application\)/));
  });

  it('refuses the chat-members permission as a delegated one and a meeting context the schema does not know', async () => {
    const { contents, context, manifest } = await validPackage();
    const grant = manifest.authorization?.permissions?.resourceSpecific?.find((p) => p.name === MEETING_MEMBERS_PERMISSION);
    if (!grant) throw new Error('no chat-members permission');
    grant.type = 'Delegated';
    (manifest.configurableTabs![0]!.context as string[]).push('meetingSidebar');
    const problems = await validateAppPackage(contents, context);
    expect(problems).toContainEqual(expect.stringMatching(/ChatMember\.Read\.Chat \(Application\)/));
    expect(problems.some((p) => p.startsWith(`schema v${MANIFEST_SCHEMA_VERSION}:`) && p.includes('context'))).toBe(true);
  });

  describe('ribbon icons served from the icons folder', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'northstar-icons-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('checks each ribbon icon file against the size its URL declares', async () => {
      const { contents, context } = await validPackage();
      for (const size of [16, 32, 80])
        await writeFile(join(dir, `ribbon-${size}.png`), await readFile(join(ICONS_DIR, `ribbon-${size}.png`)));
      await writeFile(join(dir, 'ribbon-16.png'), await solidPng(32, { r: 31, g: 58, b: 147, alpha: 1 }));
      const problems = await validateAppPackage(contents, { ...context, servedIconsDir: dir });
      expect(problems.length).toBe(2);
      for (const problem of problems) expect(problem).toMatch(/icons\[0\]\.url .*ribbon-16\.png\) is 32×32 px; it must be 16×16 px/);
    });

    it('accepts icons freshly rendered by the icon generator', async () => {
      await renderIcons(dir);
      const { contents, context } = await validPackage();
      const files = new Map(contents.files);
      for (const name of ['color.png', 'outline.png']) files.set(name, await readFile(join(dir, name)));
      expect(await validateAppPackage({ ...contents, files }, { ...context, servedIconsDir: dir })).toEqual([]);
    });
  });
});
