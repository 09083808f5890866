import { PersonModel, personKey, type PersonRecord } from './people.model.js';

/** Up to this many people are read one `_id` lookup each (the only lookup the embedded database answers from an index). */
const MAX_LOOKUPS_BY_ID = 50;

/** People of a tenant by object id: a lookup by `_id` each for a handful, one query for many; unknown ids are left out. */
export async function findPeople(tenantId: string, ids: Iterable<string>): Promise<PersonRecord[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  if (unique.length > MAX_LOOKUPS_BY_ID) {
    return PersonModel.find({ tenantId, id: { $in: unique } }, { _id: 0 })
      .batchSize(unique.length)
      .lean<PersonRecord[]>();
  }
  const rows = await Promise.all(
    unique.map((id) => PersonModel.findOne({ _id: personKey(tenantId, id) }, { _id: 0 }).lean<PersonRecord>()),
  );
  return rows.filter((row): row is PersonRecord => row !== null);
}
