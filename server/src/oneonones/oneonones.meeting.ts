import type { Principal } from '../auth/principal.js';
import type { MeetingOneOnOne, MeetingPair } from '../contract/index.js';
import type { ChatMember } from '../graph/chat-members.js';
import type { OrgDirectory } from '../org/org.directory.js';
import { authorizeMeetingAttendee, sideOf, type PairSubject } from './oneonones.policy.js';
import { personRefOf } from './oneonones.presenter.js';
import type { OneOnOnesRepo } from './oneonones.repo.js';

/** Where the members of a Teams chat come from (Graph in every deployment). */
export interface ChatMemberSource {
  /** The chat's members; null when the chat is unknown or the app may not read it. */
  list(tenantId: string, chatId: string): Promise<ChatMember[] | null>;
}

/**
 * The 1:1 a Teams meeting is for. Attendees are the meeting chat's members from the caller's own
 * organization (guests and external people never form a pair). The pair is the caller and the one
 * attendee who is their current direct manager or direct report: in a two-person meeting that is
 * the other person; in a bigger one it is still found when exactly one such attendee is there.
 */
export class OneOnOneMeetingService {
  constructor(
    private readonly members: ChatMemberSource,
    private readonly directory: OrgDirectory,
    private readonly repo: OneOnOnesRepo,
  ) {}

  /** `GET /api/one-on-ones/by-meeting?chatId=…`: the pair, or why the meeting is not a 1:1 of the caller (404 for non-attendees). */
  async byMeeting(principal: Principal, chatId: string): Promise<MeetingOneOnOne> {
    const { tenantId } = principal;
    const members = principal.appOnly ? null : await this.members.list(tenantId, chatId);
    const ownTenant = tenantId.toLowerCase();
    const attendees = members
      ? new Set(members.filter((member) => member.tenantId === null || member.tenantId === ownTenant).map((member) => member.userId))
      : null;
    authorizeMeetingAttendee(principal, attendees);
    const attendeeIds = attendees!;

    const me = principal.userId;
    const [chain, reports] = await Promise.all([this.directory.managerChain(tenantId, me), this.directory.directReports(tenantId, me)]);
    const myManager = chain[0] ?? null;
    const subjects: PairSubject[] = [];
    if (myManager && attendeeIds.has(myManager.toLowerCase())) {
      subjects.push({ managerId: myManager, reportId: me, currentManagerId: myManager });
    }
    for (const reportId of reports) {
      if (reportId.toLowerCase() !== me.toLowerCase() && attendeeIds.has(reportId.toLowerCase())) {
        subjects.push({ managerId: me, reportId, currentManagerId: me });
      }
    }
    const pairs = subjects.filter((subject) => sideOf(principal, subject) !== null);
    const people = await this.repo.people(tenantId, [me, ...pairs.map((pair) => (pair.managerId === me ? pair.reportId : pair.managerId))]);
    const toPair = (subject: PairSubject): MeetingPair => ({
      manager: personRefOf(people, subject.managerId),
      report: personRefOf(people, subject.reportId),
      role: sideOf(principal, subject)!,
    });
    const base = { chatId, attendees: attendeeIds.size };
    if (pairs.length === 1) return { kind: 'one_on_one', ...base, pair: toPair(pairs[0]!) };
    return {
      kind: 'not_one_on_one',
      ...base,
      reason: pairs.length === 0 ? 'no_pair' : 'several_pairs',
      candidates: pairs
        .map(toPair)
        .sort((a, b) => (a.role === b.role ? 0 : a.role === 'report' ? -1 : 1) || a.report.name.localeCompare(b.report.name)),
    };
  }
}
