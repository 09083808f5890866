import type { Principal } from '../auth/principal.js';
import type { Metric, MetricChange, MetricStatus, MetricWeekValue, PersonRef } from '../contract/index.js';
import { metricBandOf } from '../contract/index.js';
import type { TeamRelation } from '../org/team-scope.js';
import type { MetricChangeRecord, MetricDefinitionRecord, MetricValueRecord } from './metrics.model.js';
import { metricActions } from './metrics.policy.js';

/** A person reference from the given people, or one naming only the id when they are gone from the directory. */
export type PersonRefOf = (id: string) => PersonRef;

/** One metric with this week's value and its trend over `weeks` (oldest first; the last is this week). */
export function presentMetric(
  principal: Principal,
  relation: TeamRelation,
  teamId: string,
  metric: MetricDefinitionRecord,
  weeks: readonly string[],
  values: ReadonlyMap<string, MetricValueRecord>,
  ref: PersonRefOf,
): Metric {
  const isoWeek = weeks[weeks.length - 1]!;
  const previousWeek = weeks[weeks.length - 2];
  const current = values.get(isoWeek) ?? null;
  const value = current?.value ?? null;
  return {
    id: metric._id,
    teamId,
    name: metric.name,
    unit: metric.unit,
    direction: metric.direction,
    thresholds: { green: metric.thresholds.green, yellow: metric.thresholds.yellow },
    description: metric.description,
    owner: ref(metric.ownerId),
    archived: metric.archived,
    version: metric.version,
    isoWeek,
    value,
    valueVersion: current?.version ?? 0,
    band: metricBandOf(metric.direction, metric.thresholds, value),
    previousValue: previousWeek ? (values.get(previousWeek)?.value ?? null) : null,
    trend: weeks.map((week) => {
      const point = values.get(week)?.value ?? null;
      return { isoWeek: week, value: point, band: metricBandOf(metric.direction, metric.thresholds, point) };
    }),
    allowedActions: metricActions(principal, relation, metric),
  };
}

/** A metric's state in `isoWeek`, with the week before it. */
export function presentStatus(
  teamId: string,
  metric: MetricDefinitionRecord,
  isoWeek: string,
  value: number | null,
  previousValue: number | null,
): MetricStatus {
  return {
    metricId: metric._id,
    teamId,
    name: metric.name,
    unit: metric.unit,
    direction: metric.direction,
    thresholds: { green: metric.thresholds.green, yellow: metric.thresholds.yellow },
    ownerId: metric.ownerId,
    isoWeek,
    value,
    band: metricBandOf(metric.direction, metric.thresholds, value),
    previousValue,
  };
}

/** A stored weekly value. */
export function presentWeekValue(metric: MetricDefinitionRecord, row: MetricValueRecord, ref: PersonRefOf): MetricWeekValue {
  return {
    isoWeek: row.isoWeek,
    value: row.value,
    band: metricBandOf(metric.direction, metric.thresholds, row.value),
    enteredBy: ref(row.enteredBy),
    enteredAt: new Date(row.enteredAt).toISOString(),
    version: row.version,
  };
}

/** One change record; owners are shown by name. */
export function presentChange(row: MetricChangeRecord, ref: PersonRefOf): MetricChange {
  return {
    at: new Date(row.at).toISOString(),
    by: ref(row.by),
    kind: row.kind,
    isoWeek: row.isoWeek ?? null,
    imported: row.imported ?? false,
    changes: row.changes.map((change) => {
      const shown = (value: string | null | undefined): string | null => {
        if (value === null || value === undefined) return null;
        if (change.field !== 'owner') return value;
        const person = ref(value);
        return person.name || person.upn || value;
      };
      return { field: change.field, from: shown(change.from), to: shown(change.to) };
    }),
  };
}
