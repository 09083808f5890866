import { NO_ROLE_GROUPS, type Principal } from '../../src/auth/principal.js';
import type { CreateMetric } from '../../src/contract/index.js';
import { MetricsRepo } from '../../src/metrics/metrics.repo.js';
import { MetricsService } from '../../src/metrics/metrics.service.js';
import { OkrReadModel } from '../../src/okrs/okrs.readmodel.js';
import type { OrgDirectory } from '../../src/org/org.directory.js';
import { shiftIsoWeek } from '../../src/okrs/periods.js';
import { SettingsRepo } from '../../src/settings/settings.repo.js';
import { SettingsService } from '../../src/settings/settings.service.js';
import type { GraphUser } from '../org/types.js';
import type { Seeder } from './seed.js';

/** The demo team whose health metrics are seeded (the team of every team-ritual demo). */
export const DEMO_METRICS_TEAM_UPN = 'liam.novak@northstar.demo';

const WEEKS = 13;

/** The demo metrics: owner, definition, the twelve weeks before this one (oldest first) and this week's value. */
const DEMO_METRICS: ReadonlyArray<{ ownerUpn: string; metric: CreateMetric; history: number[]; thisWeek: number }> = [
  {
    ownerUpn: 'diego.alvarez',
    metric: {
      name: 'API uptime',
      unit: '%',
      direction: 'higher_is_better',
      thresholds: { green: 99.9, yellow: 99.5 },
      description: 'Share of minutes the public API answered health checks.',
    },
    history: [99.95, 99.97, 99.92, 99.9, 99.81, 99.94, 99.96, 99.99, 99.93, 99.6, 99.91, 99.95],
    thisWeek: 99.42,
  },
  {
    ownerUpn: 'priya.raman',
    metric: {
      name: 'p95 latency',
      unit: 'ms',
      direction: 'lower_is_better',
      thresholds: { green: 250, yellow: 400 },
      description: '95th percentile of API response times over the week.',
    },
    history: [232, 241, 228, 260, 248, 239, 255, 301, 276, 244, 262, 290],
    thisWeek: 385,
  },
  {
    ownerUpn: 'aisha.bello',
    metric: {
      name: 'Open incidents',
      unit: 'count',
      direction: 'lower_is_better',
      thresholds: { green: 2, yellow: 5 },
      description: 'Incidents still open on Friday evening.',
    },
    history: [1, 2, 0, 3, 2, 1, 1, 4, 2, 6, 3, 2],
    thisWeek: 3,
  },
  {
    ownerUpn: 'jonas.becker',
    metric: {
      name: 'Deploys per week',
      unit: 'deploys',
      direction: 'higher_is_better',
      thresholds: { green: 10, yellow: 5 },
      description: 'Production deployments of the apps.',
    },
    history: [8, 11, 12, 9, 14, 13, 10, 7, 12, 15, 11, 13],
    thisWeek: 12,
  },
  {
    ownerUpn: 'liam.novak',
    metric: {
      name: 'Customer NPS',
      unit: 'points',
      direction: 'higher_is_better',
      thresholds: { green: 40, yellow: 20 },
      description: 'Net promoter score from the in-app survey.',
    },
    history: [34, 36, 41, 38, 35, 29, 33, 37, 42, 39, 28, 24],
    thisWeek: 18,
  },
];

function principalOf(tenantId: string, person: GraphUser): Principal {
  return {
    tenantId,
    userId: person.id,
    upn: person.userPrincipalName,
    name: person.displayName,
    appRoles: [],
    groups: [],
    roleGroups: NO_ROLE_GROUPS,
    scopes: ['access_as_user'],
    appOnly: false,
  };
}

/**
 * Demo health metrics of Liam Novak's team, written through the metrics service: five metrics owned by different
 * people, a quarter of weekly values (each owner imports the earlier weeks from CSV and enters this week's value;
 * Liam corrects one value of last week), with uptime, latency, incidents and NPS out of the green band this week.
 */
export async function seedDemoMetrics(context: {
  tenantId: string;
  people: GraphUser[];
  today: Date;
  directory: OrgDirectory;
}): Promise<void> {
  const { tenantId, people, today, directory } = context;
  const byUpn = new Map(people.map((person) => [person.userPrincipalName, person]));
  const lead = byUpn.get(DEMO_METRICS_TEAM_UPN);
  if (!lead) return;
  const service = new MetricsService(new MetricsRepo(new OkrReadModel()), new SettingsService(new SettingsRepo()), directory, () => today);
  const leadPrincipal = principalOf(tenantId, lead);
  const existing = await service.list(leadPrincipal, lead.id);
  if (existing.metrics.length > 0) return;
  const thisWeek = existing.isoWeek;
  for (const { ownerUpn, metric, history, thisWeek: value } of DEMO_METRICS) {
    const owner = byUpn.get(`${ownerUpn}@northstar.demo`);
    if (!owner) continue;
    const created = await service.create(leadPrincipal, lead.id, { ...metric, ownerId: owner.id });
    const ownerPrincipal = principalOf(tenantId, owner);
    const rows = history.map((point, index) => `"${metric.name}",${shiftIsoWeek(thisWeek, index - WEEKS + 1)},${point}`);
    await service.import(ownerPrincipal, lead.id, { csv: ['metric,week,value', ...rows].join('\n'), dryRun: false });
    await service.putValue(ownerPrincipal, lead.id, created.id, thisWeek, { value });
  }
  const latency = (await service.list(leadPrincipal, lead.id)).metrics.find((row) => row.name === 'p95 latency');
  if (latency) await service.putValue(leadPrincipal, lead.id, latency.id, shiftIsoWeek(thisWeek, -1), { value: 295 });
}

/** Seeds the demo team's health metrics. */
export const metricsSeeder: Seeder = {
  name: 'metrics',
  version: 1,
  async run({ tenantId, people, today, directory }) {
    await seedDemoMetrics({ tenantId, people, today, directory });
  },
};
