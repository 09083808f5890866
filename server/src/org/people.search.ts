import { OrgVersionedCache } from './org-versioned-cache.js';
import { PersonModel } from './people.model.js';

/** One person of the search index, with the folded text the query is matched against. */
export interface SearchEntry {
  id: string;
  displayName: string;
  upn: string;
  mail: string;
  jobTitle: string;
  department: string;
  enabled: boolean;
  /** Folded display name, for ranking names that start with the query first. */
  name: string;
  /** Folded name, UPN and mail, separated by spaces. */
  text: string;
}

/** Lower case without diacritics, so that "zoe" finds "Zoë". */
export function fold(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Searches a tenant's directory by name, UPN or mail from an in-memory index per tenant, loaded with one query and
 * reloaded only when an org sync changed people: a search costs no database read beyond the version check.
 */
export class PeopleSearchIndex {
  private readonly indexes = new OrgVersionedCache(loadEntries);

  /** People whose name, UPN or mail contain every word of `query`; names starting with it first, then by name. */
  async search(
    tenantId: string,
    query: string,
    options: { limit: number; includeDisabled: boolean },
  ): Promise<{ items: SearchEntry[]; more: boolean }> {
    const words = fold(query).split(/\s+/).filter(Boolean);
    if (words.length === 0) return { items: [], more: false };
    const phrase = words.join(' ');
    const entries = await this.indexes.get(tenantId);
    const matches = entries.filter(
      (entry) => (options.includeDisabled || entry.enabled) && words.every((word) => entry.text.includes(word)),
    );
    const rank = (entry: SearchEntry): number =>
      entry.name.startsWith(phrase) ? 0 : words.every((word) => entry.name.split(/\s+/).some((part) => part.startsWith(word))) ? 1 : 2;
    const ranked = matches
      .map((entry) => ({ entry, rank: rank(entry) }))
      .sort((a, b) => a.rank - b.rank || a.entry.displayName.localeCompare(b.entry.displayName) || a.entry.id.localeCompare(b.entry.id));
    return { items: ranked.slice(0, options.limit).map((row) => row.entry), more: ranked.length > options.limit };
  }
}

async function loadEntries(tenantId: string): Promise<SearchEntry[]> {
  const rows = await PersonModel.find(
    { tenantId },
    { id: 1, displayName: 1, upn: 1, mail: 1, jobTitle: 1, department: 1, enabled: 1, removedReason: 1, _id: 0 },
  )
    .batchSize(100_000)
    .lean<Array<Omit<SearchEntry, 'name' | 'text'> & { removedReason?: string | null }>>();
  // People Graph reported removed stay stored for history but are no longer in the directory.
  return rows
    .filter((row) => !row.removedReason)
    .map((row) => {
      const name = fold(row.displayName ?? '');
      return {
        id: row.id,
        displayName: row.displayName ?? '',
        upn: row.upn ?? '',
        mail: row.mail ?? '',
        jobTitle: row.jobTitle ?? '',
        department: row.department ?? '',
        enabled: row.enabled !== false,
        name,
        text: `${name} ${fold(row.upn ?? '')} ${fold(row.mail ?? '')}`,
      };
    });
}
