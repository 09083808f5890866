import mongoose from 'mongoose';
import type { PersonRef } from '../contract/index.js';
import { OrgStateModel } from '../org/org-state.model.js';
import { PersonModel } from '../org/people.model.js';

/** A person as OKR responses name them. */
export interface PersonName extends PersonRef {
  enabled: boolean;
}

interface NameIndex {
  orgVersion: number;
  checkedAt: number;
  byId: Map<string, PersonName>;
}

/** How long cached names are trusted before the tenant's org version is checked again (ms). */
const NAMES_CHECK_MS = 5_000;

/**
 * Looks people up: names for responses from a per-tenant cache (one query per load, reloaded when an org sync
 * bumps the tenant's org version), and exact lookups for validation and CSV files from the database.
 */
export class PeopleLookup {
  private readonly names = new Map<string, NameIndex>();
  private readonly loading = new Map<string, Promise<NameIndex>>();

  /** People by Entra object id for naming in responses (cached; at most a few seconds behind an org sync). */
  async namesOf(tenantId: string, ids: Iterable<string>): Promise<Map<string, PersonName>> {
    const index = await this.nameIndex(tenantId);
    const result = new Map<string, PersonName>();
    for (const id of ids) {
      const person = index.byId.get(id);
      if (person) result.set(id, person);
    }
    return result;
  }

  private async nameIndex(tenantId: string): Promise<NameIndex> {
    const cached = this.names.get(tenantId);
    if (cached && Date.now() - cached.checkedAt < NAMES_CHECK_MS) return cached;
    const state = await OrgStateModel.findOne({ tenantId }, { orgVersion: 1, _id: 0 }).lean<{ orgVersion: number }>();
    const orgVersion = state?.orgVersion ?? 0;
    if (cached && cached.orgVersion === orgVersion) {
      cached.checkedAt = Date.now();
      return cached;
    }
    let loading = this.loading.get(tenantId);
    if (!loading) {
      loading = this.loadNames(tenantId, orgVersion).finally(() => this.loading.delete(tenantId));
      this.loading.set(tenantId, loading);
    }
    return loading;
  }

  private async loadNames(tenantId: string, orgVersion: number): Promise<NameIndex> {
    const checkedAt = Date.now();
    const rows = await PersonModel.find({ tenantId }, { _id: 0, id: 1, displayName: 1, upn: 1, enabled: 1 })
      .batchSize(100_000)
      .lean<Array<{ id: string; displayName: string; upn: string; enabled: boolean }>>();
    const byId = new Map(rows.map((row) => [row.id, { id: row.id, name: row.displayName, upn: row.upn, enabled: row.enabled }]));
    const index = { orgVersion, checkedAt, byId };
    this.names.set(tenantId, index);
    return index;
  }

  /** People by Entra object id, read from the database (for validating input). */
  async byIds(tenantId: string, ids: Iterable<string>): Promise<Map<string, PersonName>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await PersonModel.find(
      { tenantId, id: mongoose.trusted({ $in: unique }) },
      { _id: 0, id: 1, displayName: 1, upn: 1, enabled: 1 },
    )
      .batchSize(unique.length)
      .lean<Array<{ id: string; displayName: string; upn: string; enabled: boolean }>>();
    return new Map(rows.map((row) => [row.id, { id: row.id, name: row.displayName, upn: row.upn, enabled: row.enabled }]));
  }

  /** People by UPN (case-insensitive; keys are lower-cased). */
  async byUpns(tenantId: string, upns: Iterable<string>): Promise<Map<string, PersonName>> {
    const unique = [...new Set([...upns].flatMap((upn) => [upn, upn.toLowerCase()]))];
    if (unique.length === 0) return new Map();
    const rows = await PersonModel.find(
      { tenantId, upn: mongoose.trusted({ $in: unique }) },
      { _id: 0, id: 1, displayName: 1, upn: 1, enabled: 1 },
    )
      .batchSize(unique.length)
      .lean<Array<{ id: string; displayName: string; upn: string; enabled: boolean }>>();
    return new Map(rows.map((row) => [row.upn.toLowerCase(), { id: row.id, name: row.displayName, upn: row.upn, enabled: row.enabled }]));
  }
}

/** The person's reference, or a placeholder naming only the id when they are not (or no longer) in the directory. */
export function refOf(people: Map<string, PersonName>, id: string): PersonRef {
  const person = people.get(id);
  return person ? { id, name: person.name, upn: person.upn } : { id, name: '', upn: '' };
}
