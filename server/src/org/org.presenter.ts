import type { DirectoryPerson, PeopleSearch } from '../contract/index.js';
import type { SearchEntry } from './people.search.js';

/** A directory search answer. */
export function presentPeopleSearch(items: readonly SearchEntry[], more: boolean): PeopleSearch {
  return {
    items: items.map((entry): DirectoryPerson => ({
      id: entry.id,
      name: entry.displayName,
      upn: entry.upn,
      jobTitle: entry.jobTitle,
      department: entry.department,
      enabled: entry.enabled,
    })),
    more,
  };
}
