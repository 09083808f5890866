import type { Request, Response } from 'express';
import {
  OrgSyncStatsSchema,
  OrgSyncStatusSchema,
  PeopleSearchQuerySchema,
  PeopleSearchSchema,
  type OrgSyncProgress,
  type OrgSyncStreamError,
} from '../contract/index.js';
import type { ApiRouter } from '../http/api-router.js';
import { principalOf } from '../http/authenticate.js';
import { AppError } from '../http/errors.js';
import type { OrgService } from './org.service.js';

/** Media type of the streamed sync: one JSON object per line. */
export const NDJSON = 'application/x-ndjson';

/** `GET /api/org/sync` (last sync) and `POST /api/org/sync` (run one now), for admins; `GET /api/org/people` for people pickers. */
export function registerOrgRoutes(api: ApiRouter, service: OrgService): void {
  api.route({
    method: 'get',
    path: '/org/people',
    operationId: 'searchPeople',
    summary: "Search the caller's directory by name, UPN or mail (people pickers); disabled accounts are listed to HR and admins only",
    tags: ['org'],
    query: PeopleSearchQuerySchema,
    errors: [403],
    response: { status: 200, schema: api.schema('PeopleSearch', PeopleSearchSchema), description: 'The best matches' },
    handler: (req) => service.searchPeople(principalOf(req), req.query),
  });
  api.route({
    method: 'get',
    path: '/org/sync',
    operationId: 'getOrgSyncStatus',
    summary: 'The last org sync from Microsoft Graph: time, counts, duration, requests, errors (admins)',
    tags: ['org'],
    errors: [403],
    response: { status: 200, schema: api.schema('OrgSyncStatus', OrgSyncStatusSchema), description: 'Sync status' },
    handler: (req) => service.syncStatus(principalOf(req)),
  });
  api.route({
    method: 'post',
    path: '/org/sync',
    operationId: 'runOrgSync',
    summary:
      'Runs an incremental org sync now and answers its stats (admins). With `Accept: application/x-ndjson` it streams ' +
      '`{"pages","people"}` after every page and the stats as the last line.',
    tags: ['org'],
    errors: [403],
    response: { status: 200, schema: api.schema('OrgSyncStats', OrgSyncStatsSchema), description: 'What the sync did' },
    handler: (req, res) => {
      const principal = principalOf(req);
      if (!wantsNdjson(req)) return service.runSync(principal);
      return streamSync(req, res, (onAuthorized, onProgress) => service.runSync(principal, { onAuthorized, onProgress }));
    },
  });
}

function wantsNdjson(req: Request): boolean {
  return req.accepts(['application/json', NDJSON]) === NDJSON;
}

/** Answers 200 once the caller is authorized, then writes one line per page and the stats last. */
async function streamSync(
  req: Request,
  res: Response,
  run: (onAuthorized: () => void, onProgress: (progress: OrgSyncProgress) => void) => Promise<unknown>,
): Promise<void> {
  const writeLine = (line: unknown) => {
    if (!res.writableEnded) res.write(`${JSON.stringify(line)}\n`);
  };
  try {
    const stats = await run(
      () => {
        res.status(200).set({ 'Content-Type': `${NDJSON}; charset=utf-8`, 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
        res.flushHeaders();
      },
      ({ pages, people }) => writeLine({ pages, people }),
    );
    writeLine(stats);
  } catch (error) {
    if (!res.headersSent) throw error;
    if (!(error instanceof AppError)) req.log.error({ err: error }, 'org sync failed while streaming');
    const failure: OrgSyncStreamError = {
      error: error instanceof AppError ? { code: error.code, detail: error.message } : { code: 'internal', detail: 'The sync stopped.' },
    };
    writeLine(failure);
  }
  res.end();
}
