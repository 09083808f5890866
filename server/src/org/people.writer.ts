import { PersonModel, personKey } from './people.model.js';

/** The synced fields of a person. */
export interface PersonFields {
  displayName: string;
  mail: string;
  upn: string;
  jobTitle: string;
  department: string;
  hireDate: Date | null;
  enabled: boolean;
  managerId: string | null;
  removedReason: 'changed' | 'deleted' | null;
}

const EMPTY: PersonFields = {
  displayName: '',
  mail: '',
  upn: '',
  jobTitle: '',
  department: '',
  hireDate: null,
  enabled: true,
  managerId: null,
  removedReason: null,
};
const FIELD_NAMES = Object.keys(EMPTY) as Array<keyof PersonFields>;

/** Updates per database command; the embedded database holds a query open per statement until the command ends. */
const UPDATE_BATCH = 20;
const INSERT_BATCH = 1000;

/**
 * Writes directory changes for one tenant with as few writes as possible: it loads the tenant's
 * people once, inserts newcomers in bulk, updates only people whose fields really changed (by
 * `_id`), and skips everything else — so repeating a sync writes nothing.
 */
export class PeopleWriter {
  private constructor(
    private readonly tenantId: string,
    private readonly known: Map<string, PersonFields>,
  ) {}

  /** Loads the tenant's current people. */
  static async open(tenantId: string): Promise<PeopleWriter> {
    const rows = await PersonModel.find({ tenantId }, { _id: 0, id: 1, ...Object.fromEntries(FIELD_NAMES.map((name) => [name, 1])) })
      .batchSize(50_000)
      .lean<Array<PersonFields & { id: string }>>();
    return new PeopleWriter(tenantId, new Map(rows.map(({ id, ...fields }) => [id, { ...EMPTY, ...fields }])));
  }

  /** Ids of everyone stored for the tenant. */
  ids(): string[] {
    return [...this.known.keys()];
  }

  /** The stored fields of a person. */
  get(id: string): PersonFields | undefined {
    return this.known.get(id);
  }

  /** Applies partial changes; unknown people are created (`create: false` skips them). Returns how many rows were written. */
  async apply(
    changes: Array<{ id: string; set: Partial<PersonFields>; create?: boolean }>,
  ): Promise<{ inserted: number; modified: number }> {
    const inserts: Array<PersonFields & { _id: string; tenantId: string; id: string; createdAt: Date; updatedAt: Date }> = [];
    const updates: Array<{ id: string; set: Partial<PersonFields> }> = [];
    const now = new Date();
    for (const change of changes) {
      const current = this.known.get(change.id);
      if (!current) {
        if (change.create === false) continue;
        const fields = { ...EMPTY, ...change.set };
        this.known.set(change.id, fields);
        inserts.push({
          _id: personKey(this.tenantId, change.id),
          tenantId: this.tenantId,
          id: change.id,
          ...fields,
          createdAt: now,
          updatedAt: now,
        });
        continue;
      }
      const difference = Object.fromEntries(
        FIELD_NAMES.filter((name) => name in change.set && !sameValue(change.set[name], current[name])).map((name) => [
          name,
          change.set[name],
        ]),
      ) as Partial<PersonFields>;
      if (Object.keys(difference).length === 0) continue;
      this.known.set(change.id, { ...current, ...difference });
      updates.push({ id: change.id, set: difference });
    }
    for (let index = 0; index < inserts.length; index += INSERT_BATCH) {
      await PersonModel.collection.insertMany(inserts.slice(index, index + INSERT_BATCH) as never[], { ordered: false });
    }
    for (let index = 0; index < updates.length; index += UPDATE_BATCH) {
      await PersonModel.bulkWrite(
        updates.slice(index, index + UPDATE_BATCH).map(({ id, set }) => ({
          updateOne: { filter: { _id: personKey(this.tenantId, id) }, update: { $set: { ...set, updatedAt: now } } },
        })),
        { ordered: false, timestamps: false },
      );
    }
    return { inserted: inserts.length, modified: updates.length };
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  return (a ?? null) === (b ?? null);
}
