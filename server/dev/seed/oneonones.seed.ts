import { createHash } from 'node:crypto';
import { NO_ROLE_GROUPS, type Principal } from '../../src/auth/principal.js';
import type { KeyResultRecord } from '../../src/okrs/okrs.model.js';
import { OkrsRepo } from '../../src/okrs/okrs.repo.js';
import { OkrsService } from '../../src/okrs/okrs.service.js';
import { isoWeekOf, isoWeekStart, periodIdOf } from '../../src/okrs/periods.js';
import { oneOnOneKey } from '../../src/oneonones/oneonones.model.js';
import { privateNotesKey } from '../../src/oneonones/oneonones.history.model.js';
import { OneOnOneHistoryRepo } from '../../src/oneonones/oneonones.history.repo.js';
import { OneOnOnesRepo } from '../../src/oneonones/oneonones.repo.js';
import type { OrgDirectory } from '../../src/org/org.directory.js';
import { SettingsRepo } from '../../src/settings/settings.repo.js';
import { SettingsService } from '../../src/settings/settings.service.js';
import { WeeklyRepo, type WeeklyReportFields } from '../../src/weekly/weekly.repo.js';
import type { GraphUser } from '../org/types.js';
import type { Seeder } from './seed.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The demo manager whose team gets weekly mails, and the report whose 1:1 with them is prepared. */
export const DEMO_ONE_ON_ONE = { managerUpn: 'julia.santos@northstar.demo', reportUpn: 'theo.laurent@northstar.demo' } as const;

const PRIORITIES = [
  'Run five usability sessions on the new onboarding',
  'Finish the design review of the sign-in flow',
  'Prototype the weekly-mail preview',
  'Write up the research findings',
];
const RISKS = ['', 'Research participants are hard to book this month.', '', 'Two hiring interviews a day this week slow design work.'];
const TIME_OFF = ['', '', 'Out Thursday and Friday (school holiday).', ''];

function principalOf(tenantId: string, person: GraphUser): Principal {
  return {
    tenantId,
    userId: person.id,
    upn: person.userPrincipalName,
    name: person.displayName,
    appRoles: [],
    groups: [],
    roleGroups: NO_ROLE_GROUPS,
    scopes: ['access_as_user'],
    appOnly: false,
  };
}

/** The report's active key results of the current quarter, from the OKR read model. */
async function keyResultsOf(okrsRepo: OkrsRepo, tenantId: string, ownerId: string, today: Date): Promise<KeyResultRecord[]> {
  const periodId = periodIdOf(today.toISOString().slice(0, 10), 1);
  const objectives = (await okrsRepo.objectivesOfOwners(tenantId, [periodId], [ownerId])).filter((o) => o.state === 'active');
  const rows = await okrsRepo.keyResultsOf(
    tenantId,
    objectives.map((o) => o._id),
  );
  return rows.filter((kr) => kr.ownerId === ownerId);
}

/** Stores a sent weekly mail through the weekly repository (version claimed, then written), as the weekly service would. */
async function storeSentMail(
  repo: WeeklyRepo,
  tenantId: string,
  authorId: string,
  isoWeek: string,
  sentAt: Date,
  fields: Pick<WeeklyReportFields, 'priorities' | 'lastWeekPriorities' | 'risks' | 'timeOff'>,
): Promise<void> {
  if (await repo.report(tenantId, authorId, isoWeek)) return;
  if (!(await repo.claimVersion(tenantId, authorId, isoWeek, 0))) return;
  await repo.write(tenantId, authorId, isoWeek, 1, {
    status: 'sent',
    ...fields,
    sentAt,
    onTime: true,
    reviewedAt: null,
    reviewedBy: null,
    reviewComment: null,
  });
}

/**
 * Demo weekly mails and a prepared 1:1, written through the repositories and the OKR service so that
 * seeding stays fast: last week's mail of each of the demo manager's reports (priorities, risks, time
 * off), this week's mail of the demo report (last week's first priority red, a risk, time off) with a
 * red check-in made through the OKR service, and for that pair three held 1:1s (20, 13 and 6 days ago:
 * an action item carried twice then done, one done on the spot, one still open and carried into the
 * upcoming 1:1), the manager's private notes of the third, and a talking point from each side.
 */
export async function seedDemoOneOnOnes(context: {
  tenantId: string;
  people: GraphUser[];
  today: Date;
  directory: OrgDirectory;
}): Promise<void> {
  const { tenantId, people, today, directory } = context;
  const byUpn = new Map(people.map((person) => [person.userPrincipalName, person]));
  const manager = byUpn.get(DEMO_ONE_ON_ONE.managerUpn);
  const report = byUpn.get(DEMO_ONE_ON_ONE.reportUpn);
  if (!manager || !report) return;
  const team = people.filter((person) => person.managerId === manager.id && person.accountEnabled);
  const thisWeek = isoWeekOf(today);
  const lastWeek = isoWeekOf(new Date(isoWeekStart(thisWeek).getTime() - 7 * DAY_MS));
  const weeklyRepo = new WeeklyRepo();
  const okrsRepo = new OkrsRepo();
  const reportKeyResults = await keyResultsOf(okrsRepo, tenantId, report.id, today);
  const red = reportKeyResults[0];

  const lastMonday = isoWeekStart(lastWeek).getTime();
  await Promise.all(
    team.map((member, index) =>
      storeSentMail(weeklyRepo, tenantId, member.id, lastWeek, new Date(lastMonday + 8 * HOUR_MS), {
        priorities: [PRIORITIES[index % 4]!, PRIORITIES[(index + 1) % 4]!].map((title, rank) => ({
          title,
          keyResultId: rank === 0 && member.id === report.id ? (red?._id.toHexString() ?? null) : null,
          status: null,
        })),
        lastWeekPriorities: [],
        risks: member.id === report.id ? '' : RISKS[index % 4]!,
        timeOff: member.id === report.id ? '' : TIME_OFF[index % 4]!,
      }),
    ),
  );
  const reportIndex = team.findIndex((member) => member.id === report.id);
  const sentAt = new Date(Math.min(isoWeekStart(thisWeek).getTime() + 8 * HOUR_MS, today.getTime()));
  await storeSentMail(weeklyRepo, tenantId, report.id, thisWeek, sentAt, {
    priorities: [
      { title: 'Book research participants with the recruiting team', keyResultId: red?._id.toHexString() ?? null, status: null },
    ],
    lastWeekPriorities: [PRIORITIES[reportIndex % 4]!, PRIORITIES[(reportIndex + 1) % 4]!].map((title, index) => ({
      title,
      keyResultId: index === 0 ? (red?._id.toHexString() ?? null) : null,
      status: index === 0 ? 'red' : 'green',
    })),
    risks: 'The usability lab is booked out; the onboarding study may slip a week.',
    timeOff: 'Off next Friday.',
  });
  if (red) {
    const settings = new SettingsService(new SettingsRepo());
    const okrs = new OkrsService(okrsRepo, settings, directory, undefined, () => sentAt);
    await okrs.checkIn(principalOf(tenantId, report), red._id.toHexString(), thisWeek, {
      value: red.current,
      confidence: 2,
      note: 'Blocked: no research participants booked yet.',
    });
  }

  const oneOnOnes = new OneOnOnesRepo();
  const key = oneOnOneKey(tenantId, manager.id, report.id);
  if (await oneOnOnes.pair(key)) return;
  const daysAgo = (days: number, hours = 0): Date => new Date(today.getTime() - days * DAY_MS - hours * HOUR_MS);
  const id = (n: number): string => createHash('sha1').update(`${key}:${n}`).digest('hex').slice(0, 24);
  const heldAt = [daysAgo(20), daysAgo(13), daysAgo(6)] as const;
  const weekOf = (date: Date): string => isoWeekOf(date);
  const action = (n: number, title: string, ownerId: string, occurrence: number, dueInDays: number | null) => ({
    _id: id(n),
    title,
    ownerId,
    dueDate: dueInDays === null ? null : new Date(today.getTime() + dueInDays * DAY_MS).toISOString().slice(0, 10),
    done: false,
    doneAt: null as Date | null,
    occurrence,
    createdBy: manager.id,
    createdAt: new Date(heldAt[occurrence - 1]!.getTime() - HOUR_MS),
  });
  const point = (n: number, authorId: string, text: string, occurrence: number, resolved: boolean, at: Date) => ({
    _id: id(n),
    text,
    authorId,
    resolved,
    occurrence,
    createdAt: at,
    updatedAt: at,
  });
  const notes = (text: string, version: number, at: Date, by: string) => ({ text, version, updatedAt: at, updatedBy: by });
  // An action item carried over twice and then done, one done in the 1:1 it came up in, and one still open today.
  const studyPlan = action(10, 'Draft the onboarding study plan', report.id, 1, -9);
  const critique = action(11, 'Share notes from the design critique', manager.id, 2, -12);
  const lab = action(1, 'Book the usability lab for the onboarding study', report.id, 3, 2);
  const carriedAction = (item: typeof studyPlan, occurrence: number) => ({
    id: `action:${item._id}`,
    kind: 'action_item' as const,
    actionItemId: item._id,
    title: item.title,
    owner: {
      id: item.ownerId,
      name: (item.ownerId === report.id ? report : manager).displayName,
      upn: (item.ownerId === report.id ? report : manager).userPrincipalName,
    },
    dueDate: item.dueDate,
    overdue: item.dueDate !== null && item.dueDate < heldAt[occurrence - 1]!.toISOString().slice(0, 10),
  });
  const held = [
    {
      notes: notes('Agreed on the scope of the onboarding study: new hires of the last two quarters.', 1, daysAgo(20, 1), manager.id),
      talkingPoints: [point(20, report.id, 'Scope of the onboarding study', 1, true, daysAgo(21))],
      actionItems: [studyPlan],
      agendaItems: [{ id: `risk:${weekOf(daysAgo(20))}`, kind: 'risk' as const, text: RISKS[1]!, isoWeek: weekOf(daysAgo(20)) }],
    },
    {
      notes: notes('Study plan needs another week; the critique went well, notes to follow.', 3, daysAgo(13, 1), report.id),
      talkingPoints: [
        point(21, report.id, 'Conference budget for the spring', 2, true, daysAgo(14)),
        point(22, manager.id, 'Hiring plan for next quarter', 2, true, daysAgo(14)),
      ],
      actionItems: [studyPlan, { ...critique, done: true, doneAt: daysAgo(13, 2) }],
      agendaItems: [
        carriedAction(studyPlan, 2),
        { id: `time-off:${weekOf(daysAgo(13))}`, kind: 'time_off' as const, text: TIME_OFF[2]!, isoWeek: weekOf(daysAgo(13)) },
      ],
    },
    {
      notes: notes('Study plan is done. Next: book the lab before recruiting starts.', 5, daysAgo(6, 1), manager.id),
      talkingPoints: [point(23, report.id, 'Workload during interview weeks', 3, true, daysAgo(7))],
      actionItems: [{ ...studyPlan, done: true, doneAt: daysAgo(8) }, lab],
      agendaItems: [
        carriedAction(studyPlan, 3),
        { id: `risk:${weekOf(daysAgo(6))}`, kind: 'risk' as const, text: RISKS[3]!, isoWeek: weekOf(daysAgo(6)) },
      ],
    },
  ];
  for (const [index, meeting] of held.entries()) {
    await oneOnOnes.archive(key, {
      tenantId,
      managerId: manager.id,
      reportId: report.id,
      occurrence: index + 1,
      ...meeting,
      heldAt: heldAt[index]!,
      heldBy: index === 1 ? report.id : manager.id,
    });
  }
  await new OneOnOneHistoryRepo().savePrivateNotes(
    {
      _id: privateNotesKey(key, 3, manager.id),
      tenantId,
      authorId: manager.id,
      occurrence: 3,
      text: 'Theo is ready for more ownership: propose him as lead of the design system refresh.',
      updatedAt: daysAgo(6),
    },
    0,
  );
  const current = (n: number, authorId: string, text: string) =>
    point(n, authorId, text, 4, false, new Date(today.getTime() - n * HOUR_MS));
  await oneOnOnes.save(
    {
      _id: key,
      tenantId,
      managerId: manager.id,
      reportId: report.id,
      cadence: 'weekly',
      nextDate: null,
      occurrence: 4,
      lastHeldAt: heldAt[2],
      notes: { text: '', version: 6, updatedAt: null, updatedBy: null },
      talkingPoints: [
        current(3, report.id, 'Can I lead the design system refresh?'),
        current(2, manager.id, 'Feedback from the design critique'),
      ],
      actionItems: [lab],
      confidenceAtLastHeld: reportKeyResults.flatMap((kr) =>
        kr.lastConfidence === null || kr.lastConfidence === undefined
          ? []
          : [{ keyResultId: kr._id.toHexString(), confidence: kr.lastConfidence, isoWeek: lastWeek }],
      ),
      version: 0,
    },
    0,
    manager.id,
  );
}

/** Demo weekly mails of one team and a prepared 1:1 (see {@link seedDemoOneOnOnes}). */
export const oneOnOnesSeeder: Seeder = {
  name: 'weekly-and-one-on-ones',
  version: 1,
  async run({ tenantId, people, today, directory, logger }) {
    const started = Date.now();
    await seedDemoOneOnOnes({ tenantId, people, today, directory });
    logger.info({ ms: Date.now() - started }, 'demo weekly mails and 1:1 seeded');
  },
};
