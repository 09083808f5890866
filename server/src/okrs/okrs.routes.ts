import { z } from 'zod';
import {
  AlignmentGraphSchema,
  AlignmentQuerySchema,
  CheckInInputSchema,
  CheckInListSchema,
  CheckInParamsSchema,
  CheckInResultSchema,
  CloseObjectiveSchema,
  CoachDraftSchema,
  CoachReportSchema,
  CompanyOkrsSchema,
  CreateKeyResultSchema,
  CreateObjectiveSchema,
  ExportQuerySchema,
  IdParamsSchema,
  ImportRequestSchema,
  ImportResultSchema,
  KeyResultSchema,
  ListObjectivesQuerySchema,
  ObjectivePageSchema,
  ObjectiveSchema,
  PeriodQuerySchema,
  UpdateKeyResultSchema,
  UpdateObjectiveSchema,
  VersionQuerySchema,
} from '../contract/index.js';
import type { ApiRouter } from '../http/api-router.js';
import { principalOf } from '../http/authenticate.js';
import type { OkrsCsvService } from './okrs.csv.js';
import type { OkrsService } from './okrs.service.js';

/** The OKR API: objectives, key results, check-ins, company view, alignment, coach, CSV. */
export function registerOkrRoutes(api: ApiRouter, service: OkrsService, csv: OkrsCsvService): void {
  const objective = api.schema('Objective', ObjectiveSchema);
  const keyResult = api.schema('KeyResult', KeyResultSchema);
  const coachReport = api.schema('CoachReport', CoachReportSchema);
  const tags = ['okrs'];

  api.route({
    method: 'post',
    path: '/objectives',
    operationId: 'createObjective',
    summary: 'Create an objective (with key results)',
    tags,
    body: api.schema('CreateObjective', CreateObjectiveSchema),
    errors: [403, 409],
    response: { status: 201, schema: objective, description: 'The new objective' },
    handler: (req) => service.create(principalOf(req), req.body),
  });
  api.route({
    method: 'get',
    path: '/objectives',
    operationId: 'listObjectives',
    summary: "Objectives by owner, by a manager's team (direct or subtree) and by period, paginated",
    tags,
    query: ListObjectivesQuerySchema,
    response: { status: 200, schema: api.schema('ObjectivePage', ObjectivePageSchema), description: 'One page' },
    handler: (req) => service.list(principalOf(req), req.query),
  });
  api.route({
    method: 'get',
    path: '/objectives/:id',
    operationId: 'getObjective',
    summary: 'One objective with its key results and what the caller may do',
    tags,
    params: IdParamsSchema,
    errors: [404],
    response: { status: 200, schema: objective, description: 'The objective' },
    handler: (req) => service.get(principalOf(req), req.params.id),
  });
  api.route({
    method: 'patch',
    path: '/objectives/:id',
    operationId: 'updateObjective',
    summary: 'Change an objective (409 when the version is stale)',
    tags,
    params: IdParamsSchema,
    body: api.schema('UpdateObjective', UpdateObjectiveSchema),
    errors: [403, 404, 409],
    response: { status: 200, schema: objective, description: 'The objective after the change' },
    handler: (req) => service.update(principalOf(req), req.params.id, req.body),
  });
  api.route({
    method: 'post',
    path: '/objectives/:id/close',
    operationId: 'closeObjective',
    summary: 'Close an objective with a retrospective',
    tags,
    params: IdParamsSchema,
    body: api.schema('CloseObjective', CloseObjectiveSchema),
    errors: [403, 404, 409],
    response: { status: 200, schema: objective, description: 'The closed objective' },
    handler: (req) => service.close(principalOf(req), req.params.id, req.body),
  });
  api.route({
    method: 'post',
    path: '/objectives/:id/key-results',
    operationId: 'createKeyResult',
    summary: 'Add a key result to an objective',
    tags,
    params: IdParamsSchema,
    body: api.schema('CreateKeyResult', CreateKeyResultSchema),
    errors: [403, 404, 409],
    response: { status: 201, schema: keyResult, description: 'The new key result' },
    handler: (req) => service.addKeyResult(principalOf(req), req.params.id, req.body),
  });
  api.route({
    method: 'get',
    path: '/objectives/:id/coach',
    operationId: 'coachObjective',
    summary: 'Coach findings for a stored objective',
    tags,
    params: IdParamsSchema,
    errors: [404],
    response: { status: 200, schema: coachReport, description: 'Findings' },
    handler: (req) => service.coachStored(principalOf(req), req.params.id),
  });
  api.route({
    method: 'patch',
    path: '/key-results/:id',
    operationId: 'updateKeyResult',
    summary: 'Change a key result (409 when the version is stale)',
    tags,
    params: IdParamsSchema,
    body: api.schema('UpdateKeyResult', UpdateKeyResultSchema),
    errors: [403, 404, 409],
    response: { status: 200, schema: keyResult, description: 'The key result after the change' },
    handler: (req) => service.updateKeyResult(principalOf(req), req.params.id, req.body),
  });
  api.route({
    method: 'delete',
    path: '/key-results/:id',
    operationId: 'deleteKeyResult',
    summary: 'Delete a key result and its check-ins',
    tags,
    params: IdParamsSchema,
    query: VersionQuerySchema,
    errors: [403, 404, 409],
    response: { status: 204, schema: null, description: 'Deleted' },
    handler: (req) => service.deleteKeyResult(principalOf(req), req.params.id, req.query.version),
  });
  api.route({
    method: 'put',
    path: '/key-results/:id/check-ins/:isoWeek',
    operationId: 'putCheckIn',
    summary: "Check in a key result for an ISO week (idempotent; replaces that week's check-in)",
    tags,
    params: CheckInParamsSchema,
    body: api.schema('CheckInInput', CheckInInputSchema),
    errors: [403, 404, 409],
    response: { status: 200, schema: api.schema('CheckInResult', CheckInResultSchema), description: 'The stored check-in and key result' },
    handler: (req) => service.checkIn(principalOf(req), req.params.id, req.params.isoWeek, req.body),
  });
  api.route({
    method: 'get',
    path: '/key-results/:id/check-ins',
    operationId: 'listCheckIns',
    summary: 'Check-ins of a key result, newest first',
    tags,
    params: IdParamsSchema,
    errors: [404],
    response: { status: 200, schema: api.schema('CheckInList', CheckInListSchema), description: 'Check-ins' },
    handler: (req) => service.checkIns(principalOf(req), req.params.id),
  });
  api.route({
    method: 'get',
    path: '/company',
    operationId: 'getCompanyOkrs',
    summary: "The company's mission, north star and company objectives of a period",
    tags,
    query: PeriodQuerySchema,
    response: { status: 200, schema: api.schema('CompanyOkrs', CompanyOkrsSchema), description: 'Company OKRs' },
    handler: (req) => service.company(principalOf(req), req.query.periodId),
  });
  api.route({
    method: 'get',
    path: '/alignment',
    operationId: 'getAlignmentGraph',
    summary: 'The alignment graph of a period with its gaps',
    tags,
    query: AlignmentQuerySchema,
    response: { status: 200, schema: api.schema('AlignmentGraph', AlignmentGraphSchema), description: 'Nodes, edges and gaps' },
    handler: (req) => service.alignment(principalOf(req), req.query),
  });
  api.route({
    method: 'post',
    path: '/coach',
    operationId: 'coachDraft',
    summary: 'Coach findings for a draft objective (nothing is stored)',
    tags,
    body: api.schema('CoachDraft', CoachDraftSchema),
    response: { status: 200, schema: coachReport, description: 'Findings' },
    handler: (req) => service.coachDraft(principalOf(req), req.body),
  });
  api.route({
    method: 'get',
    path: '/okrs/export',
    operationId: 'exportOkrs',
    summary: 'OKRs as CSV, one row per key result',
    tags,
    query: ExportQuerySchema,
    response: { status: 200, schema: z.string(), contentType: 'text/csv', description: 'CSV file' },
    handler: async (req, res) => {
      const file = await csv.export(principalOf(req), req.query);
      res.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="okrs.csv"');
      res.send(file);
    },
  });
  api.route({
    method: 'post',
    path: '/okrs/import',
    operationId: 'importOkrs',
    summary:
      'Import OKRs from CSV: every row is validated first; a file with errors writes nothing; repeating an import duplicates nothing',
    tags,
    body: api.schema('ImportRequest', ImportRequestSchema),
    errors: [403],
    response: { status: 200, schema: api.schema('ImportResult', ImportResultSchema), description: 'What was created and updated' },
    handler: (req) => csv.import(principalOf(req), req.body),
  });
}
