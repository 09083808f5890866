import mongoose from 'mongoose';
import type { PersonRef } from '../contract/index.js';
import { PersonModel } from '../org/people.model.js';

/** A person as OKR responses name them. */
export interface PersonName extends PersonRef {
  enabled: boolean;
}

/** Looks people up in batches (one query per call), for names in responses and UPNs in CSV files. */
export class PeopleLookup {
  /** People by Entra object id. */
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
