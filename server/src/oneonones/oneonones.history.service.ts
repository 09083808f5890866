import type { Principal } from '../auth/principal.js';
import type {
  OneOnOneHistory,
  OneOnOneHistoryQuery,
  OneOnOneSide,
  PastOneOnOne,
  PersonRef,
  PrivateNotes,
  PrivateNotesQuery,
  UpdatePrivateNotes,
} from '../contract/index.js';
import { AppError } from '../http/errors.js';
import type { OrgDirectory } from '../org/org.directory.js';
import { entryMatches, historyIndexUpdateOf, matchesOf, searchTerms } from './oneonones.history.js';
import { privateNotesKey, type HistoryIndexRecord, type MeetingRecord } from './oneonones.history.model.js';
import {
  presentHistoryEntry,
  presentPastActionItems,
  presentPastTalkingPoints,
  presentPrivateNotes,
} from './oneonones.history.presenter.js';
import type { OneOnOneHistoryRepo } from './oneonones.history.repo.js';
import { oneOnOneKey } from './oneonones.model.js';
import { authorizeOneOnOne, authorizePrivateNotes } from './oneonones.policy.js';
import { personRefOf } from './oneonones.presenter.js';
import type { OneOnOnesRepo } from './oneonones.repo.js';

/** The past of a pair's 1:1s (browse, search, one held 1:1 as it was) and each side's private notes. */
export class OneOnOneHistoryService {
  constructor(
    private readonly history: OneOnOneHistoryRepo,
    private readonly repo: OneOnOnesRepo,
    private readonly directory: OrgDirectory,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The pair as named, authorized for the caller (404 for anyone but the manager and the direct report). */
  private async pairFor(principal: Principal, managerId: string, reportId: string): Promise<{ side: OneOnOneSide; key: string }> {
    const chain = await this.directory.managerChain(principal.tenantId, reportId);
    const side = authorizeOneOnOne(principal, 'read', { managerId, reportId, currentManagerId: chain[0] ?? null });
    return { side, key: oneOnOneKey(principal.tenantId, managerId, reportId) };
  }

  /** The index with every held 1:1 in it: archives it lacks (held before it existed, or a writer died in between) are read by `_id` and added. */
  private async complete(tenantId: string, key: string, held: number, stored: HistoryIndexRecord | null): Promise<HistoryIndexRecord> {
    const index = stored ?? { _id: key, tenantId, meetings: {}, outcomes: {} };
    const missing: number[] = [];
    for (let occurrence = 1; occurrence <= held; occurrence += 1) if (!index.meetings[occurrence]) missing.push(occurrence);
    if (missing.length === 0) return index;
    const updates = (await this.history.meetings(key, missing)).map(historyIndexUpdateOf);
    await this.history.record(tenantId, key, updates);
    for (const { entry, outcomes } of updates) {
      index.meetings[entry.occurrence] = entry;
      Object.assign(index.outcomes, outcomes);
    }
    return index;
  }

  /** `GET …/history`: held 1:1s newest first, a page at a time, optionally only those matching every search word. */
  async list(principal: Principal, managerId: string, reportId: string, query: OneOnOneHistoryQuery): Promise<OneOnOneHistory> {
    const { tenantId } = principal;
    const { side, key } = await this.pairFor(principal, managerId, reportId);
    const [pair, stored, people] = await Promise.all([
      this.repo.pair(key),
      this.history.index(key),
      this.repo.people(tenantId, [managerId, reportId]),
    ]);
    const held = pair ? pair.occurrence - 1 : 0;
    const index = await this.complete(tenantId, key, held, stored);
    const terms = searchTerms(query.q);
    const candidates = Object.values(index.meetings)
      .filter((entry) => entry.occurrence <= held && (query.before === undefined || entry.occurrence < query.before))
      .filter((entry) => entryMatches(entry, terms))
      .sort((a, b) => b.occurrence - a.occurrence);
    const page = candidates.slice(0, query.limit);
    const meetings = new Map<number, MeetingRecord>();
    if (terms.length > 0) {
      for (const meeting of await this.history.meetings(
        key,
        page.map((entry) => entry.occurrence),
      ))
        meetings.set(meeting.occurrence, meeting);
    }
    const ref = (id: string): PersonRef => personRefOf(people, id);
    return {
      manager: ref(managerId),
      report: ref(reportId),
      role: side,
      held,
      entries: page.map((entry) => {
        const meeting = meetings.get(entry.occurrence);
        return presentHistoryEntry(entry, ref, meeting ? matchesOf(meeting, terms) : []);
      }),
      nextBefore: candidates.length > page.length ? page.at(-1)!.occurrence : null,
    };
  }

  /** `GET …/history/:occurrence`: one held 1:1 as it was, what became of its action items, and the caller's own private notes of it. */
  async get(principal: Principal, managerId: string, reportId: string, occurrence: number): Promise<PastOneOnOne> {
    const { tenantId } = principal;
    const { side, key } = await this.pairFor(principal, managerId, reportId);
    const [pair, meeting, stored, people, mine] = await Promise.all([
      this.repo.pair(key),
      this.history.meeting(key, occurrence),
      this.history.index(key),
      this.repo.people(tenantId, [managerId, reportId]),
      this.history.privateNotes(privateNotesKey(key, occurrence, principal.userId)),
    ]);
    const held = pair ? pair.occurrence - 1 : 0;
    if (!meeting || occurrence > held) throw new AppError('not_found', `The pair has not held 1:1 number ${occurrence}.`);
    if (mine) authorizePrivateNotes(principal, mine);
    const index = await this.complete(tenantId, key, held, stored);
    const numbers = Object.values(index.meetings)
      .map((entry) => entry.occurrence)
      .filter((n) => n <= held);
    const earlier = numbers.filter((n) => n < occurrence);
    const later = numbers.filter((n) => n > occurrence);
    const ref = (id: string): PersonRef => personRefOf(people, id);
    return {
      manager: ref(managerId),
      report: ref(reportId),
      role: side,
      occurrence,
      heldAt: new Date(meeting.heldAt).toISOString(),
      heldBy: ref(meeting.heldBy),
      agendaItems: meeting.agendaItems ?? null,
      notes: {
        text: meeting.notes?.text ?? '',
        updatedAt: meeting.notes?.updatedAt ? new Date(meeting.notes.updatedAt).toISOString() : null,
        updatedBy: meeting.notes?.updatedBy ? ref(meeting.notes.updatedBy) : null,
      },
      talkingPoints: presentPastTalkingPoints(meeting, ref),
      actionItems: presentPastActionItems(meeting, index, pair, ref),
      privateNotes: presentPrivateNotes(occurrence, mine),
      previousOccurrence: earlier.length > 0 ? Math.max(...earlier) : null,
      nextOccurrence: later.length > 0 ? Math.min(...later) : null,
    };
  }

  /** `GET …/private-notes`: the caller's own notes of the upcoming 1:1 or of a held one. */
  async privateNotes(principal: Principal, managerId: string, reportId: string, query: PrivateNotesQuery): Promise<PrivateNotes> {
    const { key } = await this.pairFor(principal, managerId, reportId);
    const pair = await this.repo.pair(key);
    const occurrence = query.occurrence ?? pair?.occurrence ?? 1;
    if (occurrence > (pair?.occurrence ?? 1)) throw new AppError('not_found', `The pair has no 1:1 number ${occurrence} yet.`);
    const notes = await this.history.privateNotes(privateNotesKey(key, occurrence, principal.userId));
    if (notes) authorizePrivateNotes(principal, notes);
    return presentPrivateNotes(occurrence, notes);
  }

  /** `PUT …/private-notes`: replaces the caller's notes of one 1:1 if they did not change since the version sent (409 otherwise). */
  async savePrivateNotes(principal: Principal, managerId: string, reportId: string, input: UpdatePrivateNotes): Promise<PrivateNotes> {
    const { key } = await this.pairFor(principal, managerId, reportId);
    const pair = await this.repo.pair(key);
    const upcoming = pair?.occurrence ?? 1;
    if (input.occurrence > upcoming) {
      throw new AppError('validation_failed', `occurrence: the upcoming 1:1 is number ${upcoming}.`, {
        errors: [{ path: 'occurrence', message: `must be at most ${upcoming}` }],
      });
    }
    const notesKey = privateNotesKey(key, input.occurrence, principal.userId);
    const current = await this.history.privateNotes(notesKey);
    if (current) authorizePrivateNotes(principal, current);
    const version = current?.version ?? 0;
    const stale = (): AppError =>
      new AppError('conflict', `Your private notes are at version ${version}, not ${input.version}; they were saved elsewhere meanwhile.`);
    if (version !== input.version) throw stale();
    const now = this.clock();
    const record = {
      _id: notesKey,
      tenantId: principal.tenantId,
      authorId: principal.userId,
      occurrence: input.occurrence,
      text: input.text,
      updatedAt: now,
    };
    if (!(await this.history.savePrivateNotes(record, version))) throw stale();
    return presentPrivateNotes(input.occurrence, { ...record, version: version + 1 });
  }
}
