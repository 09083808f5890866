import {
  RenderedWeeklyMailSchema,
  ReviewWeeklyReportSchema,
  SaveWeeklyReportSchema,
  WeeklyParamsSchema,
  WeeklyReportSchema,
  WeeklyReviewParamsSchema,
  WeeklyReviewQueueSchema,
} from '../contract/index.js';
import type { ApiRouter } from '../http/api-router.js';
import { principalOf } from '../http/authenticate.js';
import type { WeeklyService } from './weekly.service.js';

/** The weekly OKR mail API. */
export function registerWeeklyRoutes(api: ApiRouter, service: WeeklyService): void {
  const report = api.schema('WeeklyReport', WeeklyReportSchema);
  const tags = ['weekly'];

  api.route({
    method: 'get',
    path: '/weekly/review/:isoWeek',
    operationId: 'getWeeklyReviewQueue',
    summary: "A manager's review queue: their own mail first, then each direct report's with on time / late / missing / reviewed",
    tags,
    params: WeeklyParamsSchema,
    response: { status: 200, schema: api.schema('WeeklyReviewQueue', WeeklyReviewQueueSchema), description: 'The queue' },
    handler: (req) => service.reviewQueue(principalOf(req), req.params.isoWeek),
  });
  api.route({
    method: 'get',
    path: '/weekly/:isoWeek',
    operationId: 'getWeeklyReport',
    summary: "The caller's weekly report, pre-filled from check-ins, last week's report and key results (creates nothing)",
    tags,
    params: WeeklyParamsSchema,
    response: { status: 200, schema: report, description: 'The report or draft' },
    handler: (req) => service.get(principalOf(req), req.params.isoWeek),
  });
  api.route({
    method: 'put',
    path: '/weekly/:isoWeek',
    operationId: 'saveWeeklyReport',
    summary: "Save the caller's weekly report and the week's check-ins (409 when the version is stale)",
    tags,
    params: WeeklyParamsSchema,
    body: api.schema('SaveWeeklyReport', SaveWeeklyReportSchema),
    errors: [403, 404, 409],
    response: { status: 200, schema: report, description: 'The saved report' },
    handler: (req) => service.save(principalOf(req), req.params.isoWeek, req.body),
  });
  api.route({
    method: 'get',
    path: '/weekly/:isoWeek/render',
    operationId: 'renderWeeklyMail',
    summary: 'The mail of the weekly report: subject, email-safe HTML, plain text and recipients',
    tags,
    params: WeeklyParamsSchema,
    response: { status: 200, schema: api.schema('RenderedWeeklyMail', RenderedWeeklyMailSchema), description: 'The mail' },
    handler: (req) => service.render(principalOf(req), req.params.isoWeek),
  });
  api.route({
    method: 'post',
    path: '/weekly/:isoWeek/sent',
    operationId: 'markWeeklyReportSent',
    summary: 'Record that the weekly mail was sent, on time or late by the tenant deadline (idempotent)',
    tags,
    params: WeeklyParamsSchema,
    errors: [409],
    response: { status: 200, schema: report, description: 'The sent report' },
    handler: (req) => service.markSent(principalOf(req), req.params.isoWeek),
  });
  api.route({
    method: 'post',
    path: '/weekly/:isoWeek/send-attempt',
    operationId: 'recordWeeklySendAttempt',
    summary: 'Note that the author tried to send the weekly mail (Smart Alerts asked); the send is later recognised in Sent Items',
    tags,
    params: WeeklyParamsSchema,
    errors: [409],
    response: { status: 200, schema: report, description: 'The report, unchanged' },
    handler: (req) => service.recordSendAttempt(principalOf(req), req.params.isoWeek),
  });
  api.route({
    method: 'post',
    path: '/weekly/:authorId/:isoWeek/review',
    operationId: 'reviewWeeklyReport',
    summary: "Mark a report of someone in the caller's reporting line reviewed, with an optional comment",
    tags,
    params: WeeklyReviewParamsSchema,
    body: api.schema('ReviewWeeklyReport', ReviewWeeklyReportSchema),
    errors: [403, 404, 409],
    response: { status: 200, schema: report, description: 'The reviewed report' },
    handler: (req) => service.review(principalOf(req), req.params.authorId, req.params.isoWeek, req.body),
  });
}
