import { ChannelTabsRepo } from '../../src/channels/channels.repo.js';
import { OkrsRepo } from '../../src/okrs/okrs.repo.js';
import { isoWeekOf, isoWeekStart, shiftIsoWeek } from '../../src/okrs/periods.js';
import { teamCheckInKey } from '../../src/teamcheckin/teamcheckin.model.js';
import { TeamCheckInRepo } from '../../src/teamcheckin/teamcheckin.repo.js';
import { WeeklyRepo } from '../../src/weekly/weekly.repo.js';
import type { GraphUser } from '../org/types.js';
import type { Seeder } from './seed.js';

const HOUR_MS = 3_600_000;

/** The demo team of the channel tab and its check-in (every team ritual of the demo uses it). */
export const DEMO_CHECKIN_TEAM_UPN = 'liam.novak@northstar.demo';
/** The dev Teams host's demo team and the channel whose tab is bound (see `server/dev/hosts/client/teams-host.ts`). */
export const DEMO_CHANNEL = {
  channelId: '19:general@thread.tacv2',
  channelName: 'General',
  groupId: '00000000-0000-4000-8000-0000000000a1',
};

/** The dev Teams host's second channel of the same team, left unbound so that a tab can be configured there. */
export const DEMO_SECOND_CHANNEL = { channelId: '19:team-rituals@thread.tacv2', channelName: 'Team rituals' };

/** This week's mails of people in the team: last week's priority marked red, and risks. */
const MAILS: ReadonlyArray<{ upn: string; red: string | null; risks: string }> = [
  {
    upn: 'yuki.tanaka',
    red: 'Finish the database failover drill',
    risks: 'The staging cluster is shared with QA this week; drills may collide.',
  },
  { upn: 'emma.wilson', red: 'Ship the offline mode of the mobile app', risks: '' },
  { upn: 'tom.nguyen', red: null, risks: 'Waiting on the payments team for the new API keys since Tuesday.' },
  { upn: 'kenji.sato', red: 'Automate the checkout regression tests', risks: 'Two test devices broke; replacements arrive next week.' },
  { upn: 'ingrid.larsen', red: null, risks: 'Platform on-call is one person short until the new hire starts.' },
];

/** Stores a sent mail of the week through the weekly repository unless one exists. */
async function storeMail(
  repo: WeeklyRepo,
  tenantId: string,
  author: GraphUser,
  isoWeek: string,
  sentAt: Date,
  mail: (typeof MAILS)[number],
): Promise<void> {
  if (await repo.report(tenantId, author.id, isoWeek)) return;
  if (!(await repo.claimVersion(tenantId, author.id, isoWeek, 0))) return;
  await repo.write(tenantId, author.id, isoWeek, 1, {
    status: 'sent',
    priorities: [{ title: 'Keep the release train on schedule', keyResultId: null, status: null }],
    lastWeekPriorities: [
      ...(mail.red ? [{ title: mail.red, keyResultId: null, status: 'red' as const }] : []),
      { title: 'Review the team’s pull requests daily', keyResultId: null, status: 'green' as const },
    ],
    risks: mail.risks,
    timeOff: '',
    sentAt,
    onTime: true,
    reviewedAt: null,
    reviewedBy: null,
    reviewComment: null,
  });
}

/**
 * The channel tab of the dev Teams host's General channel bound to Liam Novak's team, this week's weekly
 * mails of a few people in it with red priorities and risks, and last week's check-in with the company OKRs
 * marked discussed.
 */
export async function seedDemoTeamCheckIn(context: { tenantId: string; people: GraphUser[]; today: Date }): Promise<void> {
  const { tenantId, people, today } = context;
  const byUpn = new Map(people.map((person) => [person.userPrincipalName, person]));
  const lead = byUpn.get(DEMO_CHECKIN_TEAM_UPN);
  if (!lead) return;
  const channels = new ChannelTabsRepo();
  if (!(await channels.get(tenantId, DEMO_CHANNEL.channelId))) {
    await channels.bind({
      tenantId,
      channelId: DEMO_CHANNEL.channelId,
      groupId: DEMO_CHANNEL.groupId,
      teamId: lead.id,
      channelName: DEMO_CHANNEL.channelName,
      boundBy: lead.id,
      boundAt: today,
    });
  }
  const thisWeek = isoWeekOf(today);
  const sentAt = new Date(Math.min(isoWeekStart(thisWeek).getTime() + 9 * HOUR_MS, today.getTime()));
  const weekly = new WeeklyRepo();
  for (const mail of MAILS) {
    const author = byUpn.get(`${mail.upn}@northstar.demo`);
    if (author) await storeMail(weekly, tenantId, author, thisWeek, sentAt, mail);
  }
  const lastWeek = shiftIsoWeek(thisWeek, -1);
  const checkIns = new TeamCheckInRepo(new OkrsRepo());
  const _id = teamCheckInKey(tenantId, lead.id, lastWeek);
  if (!(await checkIns.state(_id))) {
    const at = new Date(isoWeekStart(lastWeek).getTime() + 10 * HOUR_MS);
    await checkIns.save(
      { _id, tenantId, teamId: lead.id, isoWeek: lastWeek, discussed: [{ key: 'company', by: lead.id, at }] },
      0,
      lead.id,
    );
  }
}

/** The demo channel tab binding and team check-in (see {@link seedDemoTeamCheckIn}). */
export const teamCheckInSeeder: Seeder = {
  name: 'team-check-in',
  version: 1,
  async run({ tenantId, people, today, logger }) {
    const started = Date.now();
    await seedDemoTeamCheckIn({ tenantId, people, today });
    logger.info({ ms: Date.now() - started }, 'demo channel tab and team check-in seeded');
  },
};
