import mongoose from 'mongoose';
import type { PersonRef } from '../contract/index.js';
import { OrgVersionedCache } from '../org/org-versioned-cache.js';
import { PersonModel } from '../org/people.model.js';

/** A person as OKR responses name them. */
export interface PersonName extends PersonRef {
  enabled: boolean;
}

type NameIndex = Map<string, PersonName>;

/** How long cached names are trusted before the tenant's org version is checked again (ms). */
const NAMES_CHECK_MS = 5_000;

/**
 * Looks people up: names for responses from a per-tenant cache (one query per load, reloaded when an org sync
 * bumps the tenant's org version), and exact lookups for validation and CSV files from the database.
 */
export class PeopleLookup {
  private readonly names = new OrgVersionedCache(loadNames, NAMES_CHECK_MS);

  /** People by Entra object id for naming in responses (cached; at most a few seconds behind an org sync). */
  async namesOf(tenantId: string, ids: Iterable<string>): Promise<Map<string, PersonName>> {
    const index = await this.names.get(tenantId);
    const result = new Map<string, PersonName>();
    for (const id of ids) {
      const person = index.get(id);
      if (person) result.set(id, person);
    }
    return result;
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

async function loadNames(tenantId: string): Promise<NameIndex> {
  const rows = await PersonModel.find({ tenantId }, { _id: 0, id: 1, displayName: 1, upn: 1, enabled: 1 })
    .batchSize(100_000)
    .lean<Array<{ id: string; displayName: string; upn: string; enabled: boolean }>>();
  return new Map(rows.map((row) => [row.id, { id: row.id, name: row.displayName, upn: row.upn, enabled: row.enabled }]));
}
