import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../../server/dev/org/types.js';
import { metricValueKey, teamMetricsKey, type MetricDefinitionRecord } from '../../../server/src/metrics/metrics.model.js';
import { MetricsRepo, type MetricChangeFields } from '../../../server/src/metrics/metrics.repo.js';
import { MetricsService } from '../../../server/src/metrics/metrics.service.js';
import { OrgDirectory } from '../../../server/src/org/org.directory.js';
import { OkrReadModel } from '../../../server/src/okrs/okrs.readmodel.js';
import { shiftIsoWeek } from '../../../server/src/okrs/periods.js';
import { SettingsRepo } from '../../../server/src/settings/settings.repo.js';
import { SettingsService } from '../../../server/src/settings/settings.service.js';
import { CommandCounter } from '../../support/command-counter.js';
import { insertPeople, onboardTenant } from '../../support/factories.js';
import { startStack, type TestStack } from '../../support/stack.js';

const WEEK = '2031-W20';
const METRICS = 5;

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

function org(size: number): GraphUser[] {
  const ids = Array.from({ length: size }, () => randomUUID());
  return ids.map((id, index) => ({
    id,
    displayName: `Person ${index}`,
    givenName: 'Person',
    surname: String(index),
    mail: `p${index}@example.test`,
    userPrincipalName: `p${index}@example.test`,
    jobTitle: 'Engineer',
    department: 'Engineering',
    employeeHireDate: '2020-01-01T00:00:00Z',
    accountEnabled: true,
    managerId: index === 0 ? null : ids[Math.floor((index - 1) / 10)]!,
    appRoles: [],
  }));
}

const change = (tenantId: string, teamId: string, metricId: string): MetricChangeFields => ({
  tenantId,
  teamId,
  metricId,
  kind: 'value',
  isoWeek: null,
  imported: true,
  changes: [],
  by: teamId,
  at: new Date(),
});

/** A team with {@link METRICS} metrics and values for the week and the one before, written through the repository. */
async function seedTeam(repo: MetricsRepo, tenantId: string, teamId: string): Promise<void> {
  const metrics: MetricDefinitionRecord[] = Array.from({ length: METRICS }, (_, index) => ({
    _id: `${String(index).padStart(2, '0')}${teamId.replace(/-/g, '').slice(0, 22)}`,
    name: `Metric ${index}`,
    unit: '',
    direction: 'higher_is_better',
    thresholds: { green: 10, yellow: 5 },
    description: '',
    ownerId: teamId,
    archived: false,
    version: 1,
    revisions: [],
    createdAt: new Date(),
    createdBy: teamId,
  }));
  await repo.saveTeam(
    { _id: teamMetricsKey(tenantId, teamId), tenantId, teamId, metrics, version: 0 },
    0,
    change(tenantId, teamId, metrics[0]!._id),
  );
  const keys: string[] = [];
  for (const metric of metrics) {
    for (const [offset, value] of [
      [-1, 8],
      [0, 3 + Number(metric._id.slice(0, 2)) * 2],
    ] as const) {
      const isoWeek = shiftIsoWeek(WEEK, offset);
      const _id = metricValueKey(tenantId, teamId, metric._id, isoWeek);
      await repo.saveValue(
        { _id, tenantId, teamId, metricId: metric._id, isoWeek, value, enteredBy: teamId, enteredAt: new Date() },
        0,
        change(tenantId, teamId, metric._id),
        false,
      );
      keys.push(_id);
    }
  }
  await repo.logValues(tenantId, keys);
}

describe('MetricsService.teamStatus', () => {
  it('sends the same database commands for a small and a large tenant, and none while the team is in memory', async () => {
    const writer = new MetricsRepo(new OkrReadModel());
    const tallies: Array<{ cold: number; warm: number; month: number }> = [];
    for (const [size, otherTeams] of [
      [10, 0],
      [2_000, 60],
    ] as const) {
      const tenantId = randomUUID();
      await onboardTenant(tenantId);
      const people = org(size);
      await insertPeople(tenantId, people);
      const teamId = people[0]!.id;
      await seedTeam(writer, tenantId, teamId);
      for (const other of people.slice(1, 1 + otherTeams)) await seedTeam(writer, tenantId, other.id);

      const service = new MetricsService(
        new MetricsRepo(new OkrReadModel({ probeIntervalMs: 60_000 })),
        new SettingsService(new SettingsRepo()),
        new OrgDirectory(),
      );
      const counter = new CommandCounter();
      let status: Awaited<ReturnType<MetricsService['teamStatus']>> = [];
      const cold = await counter.measure(async () => {
        status = await service.teamStatus(tenantId, teamId, WEEK);
      });
      expect(status.map((row) => [row.name, row.value, row.band, row.previousValue])).toEqual([
        ['Metric 0', 3, 'red', 8],
        ['Metric 1', 5, 'yellow', 8],
        ['Metric 2', 7, 'yellow', 8],
        ['Metric 3', 9, 'yellow', 8],
        ['Metric 4', 11, 'green', 8],
      ]);
      const warm = await counter.measure(() => service.teamStatus(tenantId, teamId, WEEK));
      const month = await counter.measure(async () => {
        const rows = await service.monthValues(tenantId, teamId, [shiftIsoWeek(WEEK, -1), WEEK]);
        expect(rows[0]!.values).toEqual([
          { isoWeek: shiftIsoWeek(WEEK, -1), value: 8, band: 'yellow' },
          { isoWeek: WEEK, value: 3, band: 'red' },
        ]);
      });
      tallies.push({ cold: cold.total, warm: warm.total, month: month.total });
    }
    expect(tallies[0]!.cold).toBeGreaterThan(0);
    expect(tallies[1]).toEqual(tallies[0]);
    expect(tallies[0]!.warm).toBe(0);
    expect(tallies[0]!.month).toBe(0);
  });
});
