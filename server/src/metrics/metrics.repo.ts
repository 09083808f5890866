import { docKey, OkrReadModel } from '../okrs/okrs.readmodel.js';
import {
  MetricChangeModel,
  metricChangeKey,
  MetricValueModel,
  metricValueKey,
  TeamMetricsModel,
  teamMetricsKey,
  type MetricChangeRecord,
  type MetricValueRecord,
  type TeamMetricsRecord,
} from './metrics.model.js';

const TEAMS = TeamMetricsModel.collection.collectionName;
const VALUES = MetricValueModel.collection.collectionName;

/** A change record claimed longer ago than this whose version never reached its document is treated as abandoned (the writer died). */
const ABANDONED_CLAIM_MS = 30_000;

/** What a write logs besides the claimed `_id`. */
export type MetricChangeFields = Omit<MetricChangeRecord, '_id'>;

const isDuplicate = (error: unknown): boolean => (error as { code?: number }).code === 11000;

/**
 * Storage of health metrics: every read and write names documents by `_id` (the team's definitions, one value
 * per metric and week, one change record per edit), so costs never grow with the tenant. Reads for display are
 * served from the shared read model's memory until a logged write names the document.
 */
export class MetricsRepo {
  /** `readModel` caches documents and logs writes (pass the server's shared one). */
  constructor(readonly readModel: OkrReadModel = new OkrReadModel()) {}

  /** The team's definitions for reading only, from memory until a logged write changes them. */
  cachedTeam(tenantId: string, teamId: string): Promise<TeamMetricsRecord | null> {
    const key = teamMetricsKey(tenantId, teamId);
    return this.readModel.cached(tenantId, docKey(TEAMS, key), () => this.team(key));
  }

  /** The team's definitions as stored (for read-modify-write). */
  team(key: string): Promise<TeamMetricsRecord | null> {
    return TeamMetricsModel.findOne({ _id: key }).lean<TeamMetricsRecord>();
  }

  /** Values of one metric for the given weeks, from memory until a logged write changes one (a lookup by `_id` each first). */
  async cachedValues(
    tenantId: string,
    teamId: string,
    metricId: string,
    isoWeeks: readonly string[],
  ): Promise<Map<string, MetricValueRecord>> {
    const rows = await Promise.all(
      isoWeeks.map((week) => {
        const key = metricValueKey(tenantId, teamId, metricId, week);
        return this.readModel.cached(tenantId, docKey(VALUES, key), () => this.value(key));
      }),
    );
    return new Map(rows.filter((row): row is MetricValueRecord => row !== null).map((row) => [row.isoWeek, row]));
  }

  /** One stored value (for read-modify-write). */
  value(key: string): Promise<MetricValueRecord | null> {
    return MetricValueModel.findOne({ _id: key }).lean<MetricValueRecord>();
  }

  /** Change records by `_id` (one lookup each, in parallel), in the order given; missing ones are left out. */
  async changes(keys: readonly string[]): Promise<MetricChangeRecord[]> {
    const rows = await Promise.all(keys.map((_id) => MetricChangeModel.findOne({ _id }).lean<MetricChangeRecord>()));
    return rows.filter((row): row is MetricChangeRecord => row !== null);
  }

  /** Writes the team's definitions at `fromVersion + 1` if this writer claims that version; false when someone else wrote meanwhile. */
  async saveTeam(doc: TeamMetricsRecord, fromVersion: number, change: MetricChangeFields): Promise<number | null> {
    const version = await this.claim(doc._id, fromVersion, change, async () => (await this.team(doc._id))?.version);
    if (version === null) return null;
    const { _id, createdAt, updatedAt, ...fields } = doc as TeamMetricsRecord & { createdAt?: Date; updatedAt?: Date };
    const metrics = fields.metrics.map((metric) =>
      metric._id === change.metricId ? { ...metric, revisions: [...metric.revisions, version].slice(-500) } : metric,
    );
    if (fromVersion === 0 && version === 1) {
      try {
        await TeamMetricsModel.create({ _id, ...fields, metrics, version });
      } catch (error) {
        if (isDuplicate(error)) return null;
        throw error;
      }
    } else {
      await TeamMetricsModel.updateOne({ _id }, { $set: { ...fields, metrics, version } }, { runValidators: true, upsert: true });
    }
    await this.readModel.record(doc.tenantId, { docs: [docKey(TEAMS, _id)] });
    return version;
  }

  /**
   * Writes one week's value at `fromVersion + 1` if this writer claims that version; false when someone else wrote
   * meanwhile. With `log: false` the caller logs the written keys itself ({@link logValues}), e.g. once per import.
   */
  async saveValue(doc: Omit<MetricValueRecord, 'version'>, fromVersion: number, change: MetricChangeFields, log = true): Promise<boolean> {
    const version = await this.claim(doc._id, fromVersion, change, async () => (await this.value(doc._id))?.version);
    if (version === null) return false;
    const { _id, ...fields } = doc;
    if (fromVersion === 0 && version === 1) {
      try {
        await MetricValueModel.create({ _id, ...fields, version });
      } catch (error) {
        if (isDuplicate(error)) return false;
        throw error;
      }
    } else {
      await MetricValueModel.updateOne({ _id }, { $set: { ...fields, version } }, { runValidators: true, upsert: true });
    }
    if (log) await this.logValues(doc.tenantId, [_id]);
    return true;
  }

  /** Tells every instance's cache that these value documents changed. */
  async logValues(tenantId: string, keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.readModel.record(tenantId, { docs: keys.map((key) => docKey(VALUES, key)) });
  }

  /**
   * Claims version `fromVersion + 1` of document `key` by inserting its change record (one writer per version, since
   * FerretDB does not apply conditional updates atomically); null when another writer owns it. A claim abandoned by a
   * writer that died before writing is skipped.
   */
  private async claim(
    key: string,
    fromVersion: number,
    change: MetricChangeFields,
    stored: () => Promise<number | undefined>,
  ): Promise<number | null> {
    const version = fromVersion + 1;
    const _id = metricChangeKey(key, version);
    try {
      await MetricChangeModel.create({ _id, ...change });
      return version;
    } catch (error) {
      if (!isDuplicate(error)) throw error;
    }
    const [claim, current] = await Promise.all([MetricChangeModel.findOne({ _id }, { at: 1 }).lean<{ at: Date }>(), stored()]);
    const stuck = (current ?? 0) === fromVersion && claim !== null && Date.now() - new Date(claim.at).getTime() > ABANDONED_CLAIM_MS;
    return stuck ? this.claim(key, version, change, stored) : null;
  }
}
