import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { decodeJwt } from 'jose';
import type { OrgSyncProgress, OrgSyncStats, OrgSyncStreamError } from '../../src/contract/index.js';
import { DEMO_TENANT_ID } from '../org/generate.js';
import { demoAdmin, mintDemoToken } from './demo-token.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A failure the CLI explains in one message and ends with exit code 1. */
class CliFailure extends Error {}

/**
 * `npm run org:sync [-- --tenant <id>]`: asks the running server (`NORTHSTAR_URL`) to sync the org
 * from Microsoft Graph now, showing its progress page by page and the stats at the end.
 * The token (`NORTHSTAR_TOKEN`, else one minted for the demo admin) decides the tenant.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { tenant: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(
      'Usage: npm run org:sync [-- --tenant <tenant id>]\nEnvironment: NORTHSTAR_URL (default http://localhost:3000), NORTHSTAR_TOKEN (an admin token; demo admin when unset)',
    );
    return 0;
  }
  const baseUrl = (process.env.NORTHSTAR_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  const token = await tokenFor(values.tenant);
  const tenantId = tenantOf(token);

  let response: Response;
  try {
    response = await fetch(`${baseUrl}/api/org/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, accept: 'application/x-ndjson' },
    });
  } catch (error) {
    throw new CliFailure(
      `No Northstar server answers at ${baseUrl} (${causeOf(error)}). Start it with \`npm start\` or set NORTHSTAR_URL.`,
    );
  }
  if (!response.ok) throw new CliFailure(await refusal(response));
  if (!response.body) throw new CliFailure('The server answered without a body.');

  console.log(`Syncing the org of tenant ${tenantId} from Microsoft Graph via ${baseUrl}`);
  const progress = { pages: 0, people: 0 };
  const bar = new SingleBar({
    format: (_options, params) =>
      `${SPINNER[Math.floor((Date.now() - params.startTime) / 100) % SPINNER.length]} ${count(progress.pages, 'page')} | ${count(progress.people, 'person', 'people')} | ${seconds(Date.now() - params.startTime)}`,
    hideCursor: true,
    clearOnComplete: true,
    fps: 10,
    noTTYOutput: !process.stdout.isTTY,
    notTTYSchedule: 1000,
  });
  bar.start(1, 0);
  let stats: OrgSyncStats | null = null;
  let failure: OrgSyncStreamError['error'] | null = null;
  try {
    const lines = createInterface({ input: Readable.fromWeb(response.body as ReadableStream) });
    for await (const line of lines) {
      if (!line.trim()) continue;
      const message = JSON.parse(line) as OrgSyncProgress | OrgSyncStats | OrgSyncStreamError;
      if ('error' in message) failure = message.error;
      else if ('status' in message) stats = message;
      else Object.assign(progress, { pages: message.pages, people: message.people });
      bar.update(0);
    }
  } catch (error) {
    failure = { code: 'connection', detail: `the connection broke off (${causeOf(error)})` };
  } finally {
    bar.stop();
  }

  if (failure) throw new CliFailure(`The sync stopped: ${failure.detail} [${failure.code}]`);
  if (!stats) throw new CliFailure('The server ended the stream without the sync stats.');
  console.log(summary(stats, progress.people));
  return stats.status === 'ok' ? 0 : 1;
}

/** `NORTHSTAR_TOKEN`, else (demo mode) a token for the demo admin signed with the persisted demo issuer key. */
async function tokenFor(tenant: string | undefined): Promise<string> {
  const given = process.env.NORTHSTAR_TOKEN?.trim();
  if (given) {
    if (tenant && tenantOf(given) !== tenant.toLowerCase()) {
      throw new CliFailure(`NORTHSTAR_TOKEN belongs to tenant ${tenantOf(given)}, not ${tenant}; the token decides the tenant.`);
    }
    return given;
  }
  if (tenant && tenant.toLowerCase() !== DEMO_TENANT_ID) {
    throw new CliFailure(
      `Tenant ${tenant} needs NORTHSTAR_TOKEN: an access token of one of its admins (only the demo tenant gets one minted).`,
    );
  }
  return mintDemoToken(demoAdmin());
}

function tenantOf(token: string): string {
  try {
    const { tid } = decodeJwt(token);
    if (typeof tid === 'string') return tid.toLowerCase();
  } catch {
    // Reported below.
  }
  throw new CliFailure('NORTHSTAR_TOKEN is not an Entra access token (no tid claim).');
}

async function refusal(response: Response): Promise<string> {
  const problem = (await response.json().catch(() => null)) as { detail?: string; title?: string } | null;
  const detail = (problem?.detail ?? problem?.title ?? response.statusText).replace(/\.?$/, '.');
  if (response.status === 401) return `The server did not accept the token (401): ${detail} Set NORTHSTAR_TOKEN to a current admin token.`;
  if (response.status === 403) return `Not allowed (403): ${detail} The token's user needs the Admin app role or the tenant's admin group.`;
  return `The server refused the sync (${response.status}): ${detail}`;
}

function summary(stats: OrgSyncStats, people: number): string {
  const lines = [
    `Org sync ${stats.status === 'ok' ? 'finished' : 'FAILED'}: ${stats.kind}${stats.resumed ? ', resumed' : ''}, ${seconds(stats.durationMs)}`,
    `  Graph:  ${count(stats.pages, 'page')}, ${count(stats.requests, 'request')}, ${count(people, 'person', 'people')} seen`,
    `  People: ${stats.upserted} new, ${stats.changed} changed, ${stats.removed} removed`,
  ];
  if (stats.errors.length > 0) lines.push('  Errors:', ...stats.errors.map((error) => `    ${error}`));
  return lines.join('\n');
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof CliFailure ? error.message : error);
    process.exit(1);
  },
);
