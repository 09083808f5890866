import type {
  ArchiveMetric,
  CreateMetric,
  Metric,
  MetricHistory,
  MetricImportResult,
  PeopleSearch,
  TeamMetrics,
  UpdateMetric,
} from '@northstar/server/contract';
import type { TabApi } from '../../../data/api';

/** Client calls of the team health-metrics API. */
export function metricsApi(api: TabApi) {
  const base = (teamId: string): string => `/api/teams/${encodeURIComponent(teamId)}/metrics`;
  const one = (teamId: string, metricId: string): string => `${base(teamId)}/${encodeURIComponent(metricId)}`;
  return {
    list: (teamId: string) => api.request<TeamMetrics>('GET', base(teamId)),
    create: (teamId: string, input: CreateMetric) => api.request<Metric>('POST', base(teamId), input),
    update: (teamId: string, metricId: string, input: UpdateMetric) => api.request<Metric>('PATCH', one(teamId, metricId), input),
    archive: (teamId: string, metricId: string, input: ArchiveMetric) =>
      api.request<Metric>('POST', `${one(teamId, metricId)}/archive`, input),
    putValue: (teamId: string, metricId: string, isoWeek: string, value: number, version: number) =>
      api.request<Metric>('PUT', `${one(teamId, metricId)}/values/${encodeURIComponent(isoWeek)}`, { value, version }),
    history: (teamId: string, metricId: string) => api.request<MetricHistory>('GET', `${one(teamId, metricId)}/history`),
    import: (teamId: string, csv: string, dryRun: boolean) =>
      api.request<MetricImportResult>('POST', `${base(teamId)}/import`, { csv, dryRun }),
    people: (q: string) => api.request<PeopleSearch>('GET', `/api/org/people?${new URLSearchParams({ q, limit: '6' }).toString()}`),
  };
}

/** The client of {@link metricsApi}. */
export type MetricsClient = ReturnType<typeof metricsApi>;
