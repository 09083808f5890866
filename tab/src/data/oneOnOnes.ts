import type {
  CreateActionItem,
  OneOnOneAgenda,
  OneOnOneHistory,
  OneOnOneList,
  PastOneOnOne,
  PrivateNotes,
  ScheduleOneOnOne,
  UpdateActionItem,
  UpdatePrivateNotes,
  UpdateTalkingPoint,
} from '@northstar/server/contract';
import type { TabApi } from './api';

/** The pair a 1:1 belongs to. */
export interface Pair {
  managerId: string;
  reportId: string;
}

/** The route id of a pair's 1:1: `<managerId>~<reportId>`. */
export function pairId(pair: Pair): string {
  return `${pair.managerId}~${pair.reportId}`;
}

/**
 * Reads a pair from a route id: `<managerId>~<reportId>`, or a report's id alone (my 1:1 with that
 * report, or — when it is my own id — with my manager).
 */
export function parsePair(id: string, me: { id: string; manager: { id: string } | null }): Pair | undefined {
  const [first, second] = id.split('~');
  if (first && second) return { managerId: first, reportId: second };
  if (!first) return undefined;
  if (first === me.id) return me.manager ? { managerId: me.manager.id, reportId: me.id } : undefined;
  return { managerId: me.id, reportId: first };
}

/** Client calls of the 1:1 API; every change answers the whole agenda. */
export function oneOnOnesApi(api: TabApi) {
  const base = (pair: Pair): string => `/api/one-on-ones/${encodeURIComponent(pair.managerId)}/${encodeURIComponent(pair.reportId)}`;
  return {
    list: () => api.request<OneOnOneList>('GET', '/api/one-on-ones'),
    agenda: (pair: Pair) => api.request<OneOnOneAgenda>('GET', base(pair)),
    addTalkingPoint: (pair: Pair, text: string) => api.request<OneOnOneAgenda>('POST', `${base(pair)}/talking-points`, { text }),
    updateTalkingPoint: (pair: Pair, itemId: string, change: UpdateTalkingPoint) =>
      api.request<OneOnOneAgenda>('PATCH', `${base(pair)}/talking-points/${encodeURIComponent(itemId)}`, change),
    addActionItem: (pair: Pair, item: CreateActionItem) => api.request<OneOnOneAgenda>('POST', `${base(pair)}/action-items`, item),
    updateActionItem: (pair: Pair, itemId: string, change: UpdateActionItem) =>
      api.request<OneOnOneAgenda>('PATCH', `${base(pair)}/action-items/${encodeURIComponent(itemId)}`, change),
    saveNotes: (pair: Pair, version: number, text: string) => api.request<OneOnOneAgenda>('PUT', `${base(pair)}/notes`, { version, text }),
    /** Sets the next date (null: follow the cadence) and/or the cadence. */
    schedule: (pair: Pair, change: ScheduleOneOnOne) => api.request<OneOnOneAgenda>('PUT', `${base(pair)}/schedule`, change),
    markHeld: (pair: Pair, occurrence: number) => api.request<OneOnOneAgenda>('POST', `${base(pair)}/held`, { occurrence }),
    /** A page of held 1:1s, newest first, optionally only those matching `q`. */
    history: (pair: Pair, query: { q?: string; before?: number; limit?: number } = {}) => {
      const params = new URLSearchParams();
      if (query.q?.trim()) params.set('q', query.q.trim());
      if (query.before !== undefined) params.set('before', String(query.before));
      if (query.limit !== undefined) params.set('limit', String(query.limit));
      const text = params.toString();
      return api.request<OneOnOneHistory>('GET', `${base(pair)}/history${text ? `?${text}` : ''}`);
    },
    pastOneOnOne: (pair: Pair, occurrence: number) => api.request<PastOneOnOne>('GET', `${base(pair)}/history/${occurrence}`),
    /** The caller's own private notes of one 1:1 (the upcoming one without `occurrence`). */
    privateNotes: (pair: Pair, occurrence?: number) =>
      api.request<PrivateNotes>('GET', `${base(pair)}/private-notes${occurrence === undefined ? '' : `?occurrence=${occurrence}`}`),
    savePrivateNotes: (pair: Pair, notes: UpdatePrivateNotes) => api.request<PrivateNotes>('PUT', `${base(pair)}/private-notes`, notes),
  };
}
