import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import sharp from 'sharp';
import type { PackageEnv } from './env.js';
import { APP_ICONS } from './icons.js';
import { type AppManifest, MAILBOX_PERMISSION, MEETING_MEMBERS_PERMISSION } from './manifest.js';
import { ICONS_URL_PATH } from './paths.js';
import type { AppPackageContents } from './zip.js';

/** Oldest schema accepted: 1.22 brought `webApplicationInfo.nestedAppAuthInfo`. */
const MIN_SCHEMA = [1, 22] as const;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Mailbox requirement sets the add-in's features need. */
const MAILBOX_FOR_TASKPANE = '1.3';
const MAILBOX_FOR_SEND_EVENT = '1.12';
const ALLOWED_SEND_MODES = new Set(['softBlock', 'promptUser']);
/** Contexts of a configurable tab inside a meeting; meetings are group chats, so they need the `groupChat` scope. */
const MEETING_CONTEXTS = ['meetingChatTab', 'meetingDetailsTab', 'meetingSidePanel', 'meetingStage'];
/** Contexts in which the tab finds the 1:1 pair from the meeting's members. */
const PAIR_FROM_MEMBERS_CONTEXTS = ['meetingDetailsTab', 'meetingSidePanel'];

/** What a package is checked against: the deployment it was built for. */
export interface ValidationContext {
  env: PackageEnv;
  /** Expected manifest `version` (the root package.json version). */
  version: string;
  /** Folder served at `${HOST_URL}/icons/`; ribbon icon URLs are checked against its files. */
  servedIconsDir: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asObjects = (value: unknown): Json[] => asArray(value).filter(isObject);

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Path of the copy of a released Teams schema inside `@microsoft/app-manifest`. */
export function bundledSchemaFile(manifestVersion: string): string {
  const packageMain = createRequire(import.meta.url).resolve('@microsoft/app-manifest');
  return join(dirname(packageMain), 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
}

/** Schema version rules, then Microsoft's JSON schema (offline, from the copy the package bundles). */
async function schemaProblems(manifest: Json): Promise<string[]> {
  const { manifestVersion, $schema } = manifest;
  if (typeof manifestVersion !== 'string') return ['manifestVersion is missing'];
  if (/preview/i.test(manifestVersion) || (typeof $schema === 'string' && /preview/i.test($schema))) {
    return [
      `manifestVersion "${manifestVersion}" / $schema "${String($schema)}": devPreview schemas are not allowed; use a released schema (${MIN_SCHEMA.join('.')} or newer)`,
    ];
  }
  const match = /^(\d+)\.(\d+)$/.exec(manifestVersion);
  if (!match || compareVersions(manifestVersion, MIN_SCHEMA.join('.')) < 0) {
    return [`manifestVersion "${manifestVersion}" is not a released schema version ${MIN_SCHEMA.join('.')} or newer`];
  }
  const expectedUrl = `https://developer.microsoft.com/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`;
  if ($schema !== expectedUrl) return [`$schema must be ${expectedUrl} (found ${JSON.stringify($schema)})`];
  if (!existsSync(bundledSchemaFile(manifestVersion))) {
    return [`schema v${manifestVersion} is not bundled by @microsoft/app-manifest, so it cannot be checked offline`];
  }
  const errors = await AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest);
  return errors.map((error) => `schema v${manifestVersion}: ${error.trim()}`);
}

/** Every string in the manifest that looks like an absolute URL, with its JSON path. */
function urlsIn(value: unknown, path = ''): { path: string; url: string }[] {
  if (typeof value === 'string') return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? [{ path, url: value }] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => urlsIn(item, `${path}[${index}]`));
  if (isObject(value)) {
    return Object.entries(value)
      .filter(([key]) => key !== '$schema')
      .flatMap(([key, item]) => urlsIn(item, path ? `${path}.${key}` : key));
  }
  return [];
}

function originProblems(manifest: Json, env: PackageEnv): string[] {
  const problems: string[] = [];
  for (const { path, url } of urlsIn(manifest)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      problems.push(`${path}: "${url}" is not a valid URL`);
      continue;
    }
    if (parsed.protocol === 'api:') {
      if (parsed.host !== env.host && parsed.host !== env.entraClientId) {
        problems.push(`${path}: "${url}" must name this app (api://${env.host}/… or api://${env.entraClientId}/…)`);
      }
    } else if (parsed.origin !== env.hostUrl) {
      problems.push(`${path}: "${url}" is not on HOST_URL ${env.hostUrl}`);
    }
  }
  const domains = asArray(manifest.validDomains);
  if (!domains.includes(env.host)) problems.push(`validDomains must contain the HOST_URL host "${env.host}"`);
  for (const domain of domains) {
    if (domain !== env.host) problems.push(`validDomains: "${String(domain)}" does not match the HOST_URL host "${env.host}"`);
  }
  return problems;
}

function identityProblems(manifest: Json, context: ValidationContext): string[] {
  const { env } = context;
  const problems: string[] = [];
  if (manifest.version !== context.version) {
    problems.push(`version is ${JSON.stringify(manifest.version)}, expected "${context.version}" (the root package.json version)`);
  }
  if (typeof manifest.id !== 'string' || manifest.id.toLowerCase() !== env.appId) {
    problems.push(`id is ${JSON.stringify(manifest.id)}, expected APP_ID "${env.appId}"`);
  }
  const webApp = isObject(manifest.webApplicationInfo) ? manifest.webApplicationInfo : {};
  if (typeof webApp.id !== 'string' || webApp.id.toLowerCase() !== env.entraClientId) {
    problems.push(`webApplicationInfo.id is ${JSON.stringify(webApp.id)}, expected ENTRA_CLIENT_ID "${env.entraClientId}"`);
  }
  const resource = `api://${env.host}/${env.entraClientId}`;
  if (webApp.resource !== resource) problems.push(`webApplicationInfo.resource must be "${resource}"`);
  if (manifest.showLoadingIndicator !== true) problems.push('showLoadingIndicator must be true');
  const permissions =
    isObject(manifest.authorization) && isObject(manifest.authorization.permissions) ? manifest.authorization.permissions : {};
  if (!asObjects(permissions.resourceSpecific).some((p) => p.name === MAILBOX_PERMISSION)) {
    problems.push(`authorization.permissions.resourceSpecific must include ${MAILBOX_PERMISSION}`);
  }
  return problems;
}

function extensionProblems(manifest: Json): string[] {
  const extensions = asObjects(manifest.extensions);
  if (extensions.length !== 1) return [`extensions must hold exactly one Outlook extension (found ${extensions.length})`];
  const extension = extensions[0] as Json;
  const problems: string[] = [];

  const requirements = isObject(extension.requirements) ? extension.requirements : {};
  if (!asArray(requirements.scopes).includes('mail')) problems.push('extensions[0].requirements.scopes must include "mail"');
  const mailbox = asObjects(requirements.capabilities).find((c) => c.name === 'Mailbox');
  const runtimes = asObjects(extension.runtimes);
  const actions = runtimes.flatMap((runtime) => asObjects(runtime.actions).map((action) => ({ runtime, action })));
  const autoRunEvents = asObjects(extension.autoRunEvents).flatMap((group) => asObjects(group.events));
  const needed = autoRunEvents.some((e) => e.type === 'messageSending') ? MAILBOX_FOR_SEND_EVENT : MAILBOX_FOR_TASKPANE;
  if (!mailbox || typeof mailbox.minVersion !== 'string') {
    problems.push(`extensions[0].requirements.capabilities must require Mailbox with minVersion ${needed} or newer`);
  } else if (compareVersions(mailbox.minVersion, needed) < 0) {
    problems.push(`Mailbox minVersion ${mailbox.minVersion} is too old: the add-in's features need ${needed}`);
  }

  const taskPane = actions.find(({ action }) => action.type === 'openPage');
  if (!taskPane) problems.push('extensions[0].runtimes needs a task pane runtime with an openPage action');

  const sendEvents = autoRunEvents.filter((e) => e.type === 'messageSending');
  if (sendEvents.length === 0) problems.push('extensions[0].autoRunEvents must handle messageSending');
  for (const event of autoRunEvents) {
    const options = isObject(event.options) ? event.options : {};
    if (event.type === 'messageSending' && !ALLOWED_SEND_MODES.has(String(options.sendMode))) {
      problems.push(
        `autoRunEvents ${String(event.type)}: sendMode ${JSON.stringify(options.sendMode)} is not allowed; use softBlock or promptUser (block is refused by the store)`,
      );
    }
    const handler = actions.find(({ action }) => action.id === event.actionId);
    if (!handler || handler.action.type !== 'executeFunction') {
      problems.push(
        `autoRunEvents ${String(event.type)}: actionId "${String(event.actionId)}" is not an executeFunction action of a runtime`,
      );
    } else {
      const code = isObject(handler.runtime.code) ? handler.runtime.code : {};
      if (typeof code.page !== 'string' || typeof code.script !== 'string') {
        problems.push(
          `runtime "${String(handler.runtime.id)}" runs events, so it needs code.page and code.script (classic Outlook loads the script)`,
        );
      }
    }
  }

  const composeRibbons = asObjects(extension.ribbons).filter((r) => asArray(r.contexts).includes('mailCompose'));
  if (composeRibbons.length === 0) problems.push('extensions[0].ribbons needs a ribbon with context mailCompose');
  const controls = composeRibbons.flatMap((r) =>
    asObjects(r.tabs).flatMap((t) => asObjects(t.groups).flatMap((g) => asObjects(g.controls))),
  );
  const opener = controls.find((c) => taskPane && c.actionId === taskPane.action.id);
  if (!opener) problems.push('the mailCompose ribbon needs a button whose actionId opens the task pane');
  else {
    const sizes = asObjects(opener.icons).map((icon) => icon.size);
    for (const size of [16, 32, 80])
      if (!sizes.includes(size)) problems.push(`ribbon button "${String(opener.id)}" needs a ${size} px icon`);
  }
  return problems;
}

/** The meeting app: meeting contexts need the group-chat scope, and finding the pair needs the chat-members RSC permission. */
function meetingProblems(manifest: Json): string[] {
  const problems: string[] = [];
  const tabs = asObjects(manifest.configurableTabs);
  tabs.forEach((tab, index) => {
    const contexts = asArray(tab.context);
    const inMeetings = MEETING_CONTEXTS.filter((context) => contexts.includes(context));
    if (inMeetings.length > 0 && !asArray(tab.scopes).includes('groupChat')) {
      problems.push(`configurableTabs[${index}]: contexts ${inMeetings.join(', ')} need the groupChat scope (a meeting is a group chat)`);
    }
  });
  const pairContexts = PAIR_FROM_MEMBERS_CONTEXTS.filter((context) => tabs.some((tab) => asArray(tab.context).includes(context)));
  if (pairContexts.length > 0) {
    const permissions =
      isObject(manifest.authorization) && isObject(manifest.authorization.permissions) ? manifest.authorization.permissions : {};
    const grant = asObjects(permissions.resourceSpecific).find((p) => p.name === MEETING_MEMBERS_PERMISSION);
    if (!grant || grant.type !== 'Application') {
      problems.push(
        `authorization.permissions.resourceSpecific must include ${MEETING_MEMBERS_PERMISSION} (Application): in ${pairContexts.join(', ')} the server reads the meeting chat's members to find the 1:1 pair`,
      );
    }
  }
  return problems;
}

type PngCheck = { width: number; height: number; pixels: Buffer } | { problem: string };

async function readPng(bytes: Buffer): Promise<PngCheck> {
  if (!bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return { problem: 'is not a PNG file' };
  try {
    const { data, info } = await sharp(bytes).toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, pixels: data };
  } catch (error) {
    return { problem: `is not a readable PNG (${(error as Error).message})` };
  }
}

/** Checks one icon's bytes: PNG, exact size, and (for the outline icon) white on transparent. */
async function iconProblems(label: string, bytes: Buffer | undefined, size: number, whiteOnTransparent = false): Promise<string[]> {
  if (!bytes) return [`${label} is missing`];
  const png = await readPng(bytes);
  if ('problem' in png) return [`${label} ${png.problem}`];
  if (png.width !== size || png.height !== size) return [`${label} is ${png.width}×${png.height} px; it must be ${size}×${size} px`];
  if (!whiteOnTransparent) return [];
  let offending = 0;
  let first = '';
  for (let i = 0; i < png.pixels.length; i += 4) {
    const [r, g, b, a] = [png.pixels[i], png.pixels[i + 1], png.pixels[i + 2], png.pixels[i + 3]];
    if (a !== 0 && (r !== 255 || g !== 255 || b !== 255)) {
      if (offending === 0) first = ` (first at x=${(i / 4) % png.width}, y=${Math.floor(i / 4 / png.width)}: rgba(${r}, ${g}, ${b}, ${a}))`;
      offending += 1;
    }
  }
  return offending === 0
    ? []
    : [`${label} must be white on transparent: ${offending} pixel(s) are neither white nor fully transparent${first}`];
}

async function allIconProblems(manifest: Json, contents: AppPackageContents, context: ValidationContext): Promise<string[]> {
  const icons = isObject(manifest.icons) ? manifest.icons : {};
  const problems: string[] = [];
  for (const [kind, spec] of Object.entries(APP_ICONS)) {
    const file = icons[kind];
    if (typeof file !== 'string') {
      problems.push(`icons.${kind} is missing`);
      continue;
    }
    problems.push(...(await iconProblems(`icons.${kind} "${file}"`, contents.files.get(file), spec.size, kind === 'outline')));
  }
  const servedPrefix = `${context.env.hostUrl}${ICONS_URL_PATH}`;
  for (const { path, url } of urlsIn(manifest.extensions, 'extensions')) {
    if (!/\.icons\[\d+\]\.url$/.test(path)) continue;
    const iconPath = path.replace(/\.url$/, '');
    const declared = findAt(manifest, iconPath);
    const size = isObject(declared) && typeof declared.size === 'number' ? declared.size : NaN;
    if (!url.startsWith(`${context.env.hostUrl}/`)) continue;
    if (!url.startsWith(servedPrefix) || url.slice(servedPrefix.length).includes('/')) {
      problems.push(`${path}: "${url}" is not served from ${servedPrefix}, so it cannot be checked offline`);
      continue;
    }
    const file = join(context.servedIconsDir, decodeURIComponent(url.slice(servedPrefix.length)));
    const bytes = existsSync(file) ? await readFile(file) : undefined;
    problems.push(...(await iconProblems(`${path} (${file})`, bytes, size)));
  }
  return problems;
}

/** Value at a JSON path such as `extensions[0].ribbons[0].tabs[0]`. */
function findAt(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (Array.isArray(current)) current = current[Number(part)];
    else if (isObject(current)) current = current[part];
    else return undefined;
  }
  return current;
}

/** Every problem of an app package for one deployment; an empty list means the package is valid. */
export async function validateAppPackage(contents: AppPackageContents, context: ValidationContext): Promise<string[]> {
  const { manifest } = contents;
  if (!isObject(manifest)) return ['manifest.json must hold a JSON object'];
  return [
    ...(await schemaProblems(manifest)),
    ...identityProblems(manifest, context),
    ...originProblems(manifest, context.env),
    ...extensionProblems(manifest),
    ...meetingProblems(manifest),
    ...(await allIconProblems(manifest, contents, context)),
  ];
}
