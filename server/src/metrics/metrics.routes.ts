import {
  ArchiveMetricSchema,
  CreateMetricSchema,
  MetricHistoryQuerySchema,
  MetricHistorySchema,
  MetricImportRequestSchema,
  MetricImportResultSchema,
  MetricParamsSchema,
  MetricSchema,
  MetricValueParamsSchema,
  PutMetricValueSchema,
  TeamMetricsParamsSchema,
  TeamMetricsSchema,
  UpdateMetricSchema,
} from '../contract/index.js';
import type { ApiRouter } from '../http/api-router.js';
import { principalOf } from '../http/authenticate.js';
import type { MetricsService } from './metrics.service.js';

/** The health-metrics API of a team: list, define, archive, weekly values, history and CSV import. */
export function registerMetricsRoutes(api: ApiRouter, service: MetricsService): void {
  const metric = api.schema('Metric', MetricSchema);
  const tags = ['metrics'];
  const base = '/teams/:teamId/metrics';

  api.route({
    method: 'get',
    path: base,
    operationId: 'listTeamMetrics',
    summary: "The team's live health metrics with this week's value, band and a 13-week trend (anyone who sees the team)",
    tags,
    params: TeamMetricsParamsSchema,
    errors: [404],
    response: { status: 200, schema: api.schema('TeamMetrics', TeamMetricsSchema), description: 'The metrics' },
    handler: (req) => service.list(principalOf(req), req.params.teamId),
  });
  api.route({
    method: 'post',
    path: base,
    operationId: 'createTeamMetric',
    summary: 'Add a health metric to the team (its manager, someone above them or an admin)',
    tags,
    params: TeamMetricsParamsSchema,
    body: api.schema('CreateMetric', CreateMetricSchema),
    errors: [403, 404, 409],
    response: { status: 201, schema: metric, description: 'The new metric' },
    handler: (req) => service.create(principalOf(req), req.params.teamId, req.body),
  });
  api.route({
    method: 'post',
    path: `${base}/import`,
    operationId: 'importTeamMetricValues',
    summary: 'Import weekly values from CSV (metric, week, value); a dry run reports without writing; rows that fail are never written',
    tags,
    params: TeamMetricsParamsSchema,
    body: api.schema('MetricImportRequest', MetricImportRequestSchema),
    errors: [403, 404],
    response: { status: 200, schema: api.schema('MetricImportResult', MetricImportResultSchema), description: 'What happened to each row' },
    handler: (req) => service.import(principalOf(req), req.params.teamId, req.body),
  });
  api.route({
    method: 'patch',
    path: `${base}/:metricId`,
    operationId: 'updateTeamMetric',
    summary: "Edit a metric's definition (leads of the team; 409 when the version is stale)",
    tags,
    params: MetricParamsSchema,
    body: api.schema('UpdateMetric', UpdateMetricSchema),
    errors: [403, 404, 409],
    response: { status: 200, schema: metric, description: 'The metric after the change' },
    handler: (req) => service.update(principalOf(req), req.params.teamId, req.params.metricId, req.body),
  });
  api.route({
    method: 'post',
    path: `${base}/:metricId/archive`,
    operationId: 'archiveTeamMetric',
    summary: 'Archive a metric: it leaves the list and the check-in, its history stays (leads of the team)',
    tags,
    params: MetricParamsSchema,
    body: api.schema('ArchiveMetric', ArchiveMetricSchema),
    errors: [403, 404, 409],
    response: { status: 200, schema: metric, description: 'The archived metric' },
    handler: (req) => service.archive(principalOf(req), req.params.teamId, req.params.metricId, req.body),
  });
  api.route({
    method: 'put',
    path: `${base}/:metricId/values/:isoWeek`,
    operationId: 'putTeamMetricValue',
    summary: "Enter a week's value (the metric's owner or a lead; 409 when the version sent is stale)",
    tags,
    params: MetricValueParamsSchema,
    body: api.schema('PutMetricValue', PutMetricValueSchema),
    errors: [403, 404, 409],
    response: { status: 200, schema: metric, description: 'The metric after the entry' },
    handler: (req) => service.putValue(principalOf(req), req.params.teamId, req.params.metricId, req.params.isoWeek, req.body),
  });
  api.route({
    method: 'get',
    path: `${base}/:metricId/history`,
    operationId: 'getTeamMetricHistory',
    summary: 'Values per week and who changed what (anyone who sees the team)',
    tags,
    params: MetricParamsSchema,
    query: MetricHistoryQuerySchema,
    errors: [404],
    response: { status: 200, schema: api.schema('MetricHistory', MetricHistorySchema), description: 'The history' },
    handler: (req) => service.history(principalOf(req), req.params.teamId, req.params.metricId, req.query),
  });
}
