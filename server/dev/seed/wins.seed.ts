import { createHash } from 'node:crypto';
import type { WinReactionKind } from '../../src/contract/index.js';
import { OkrsRepo } from '../../src/okrs/okrs.repo.js';
import { isoWeekOf, isoWeekStart, localDate, periodIdOf, shiftIsoWeek } from '../../src/okrs/periods.js';
import { SettingsRepo } from '../../src/settings/settings.repo.js';
import { SettingsService } from '../../src/settings/settings.service.js';
import type { WinRecord } from '../../src/wins/wins.model.js';
import { WinsRepo } from '../../src/wins/wins.repo.js';
import type { GraphUser } from '../org/types.js';
import type { Seeder } from './seed.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The demo team whose wall is seeded (the team of every team ritual in the demo). */
export const DEMO_WINS_TEAM_UPN = 'liam.novak@northstar.demo';

const TEXTS = [
  'Shipped the new sign-in flow to every customer, zero incidents',
  'Cut the p95 of the OKR page from 420 ms to 90 ms',
  'Closed the last blocker for the mobile release',
  'Our first customer workshop got a 9.4/10 rating',
  'Automated the regression suite: 2 hours → 12 minutes',
  'Onboarded two new engineers; both shipped on their first day',
  'Migrated the billing service without a minute of downtime',
  'Found and fixed a data race that had haunted us for months',
  'Test coverage of the payments module is now above 85%',
  'Paired with support and cleared 40 old tickets',
  'Release notes now write themselves from the changelog',
  'Made the dashboard readable for screen readers',
  'The on-call week was quiet: no pages at night',
  'Design review passed on the first try',
];
const KINDS: readonly WinReactionKind[] = ['celebrate', 'clap', 'heart', 'rocket'];

/** People below a manager, any depth. */
function subtreeOf(people: readonly GraphUser[], managerId: string): GraphUser[] {
  const below: GraphUser[] = [];
  const queue = [managerId];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const person of people) {
      if (person.managerId === id && person.accountEnabled) {
        below.push(person);
        queue.push(person.id);
      }
    }
  }
  return below;
}

/**
 * A quarter of wins for the demo team: two or three a week for twelve weeks and five this week, by people
 * across the team, every third linked to one of the author's key results, each with reactions from
 * colleagues. Written through the wins repository; ids are derived from the tenant, so a re-run adds nothing.
 */
export async function seedDemoWins(context: { tenantId: string; people: GraphUser[]; today: Date }): Promise<number> {
  const { tenantId, people, today } = context;
  const lead = people.find((person) => person.userPrincipalName === DEMO_WINS_TEAM_UPN);
  if (!lead) return 0;
  const team = [lead, ...subtreeOf(people, lead.id)];
  const { timeZone } = await new SettingsService(new SettingsRepo()).stored(tenantId);
  const weekOf = (at: Date): string => isoWeekOf(new Date(`${localDate(at, timeZone)}T00:00:00Z`));
  const okrsRepo = new OkrsRepo();
  const repo = new WinsRepo(okrsRepo.readModel);
  const periodIds = [periodIdOf(today.toISOString().slice(0, 10), 1)];
  const objectives = await okrsRepo.objectivesOfOwners(
    tenantId,
    periodIds,
    team.map((person) => person.id),
  );
  const keyResults = await okrsRepo.keyResultsOf(
    tenantId,
    objectives.map((objective) => objective._id),
  );
  const keyResultOf = new Map<string, { id: string; title: string }>();
  for (const keyResult of keyResults) {
    if (!keyResultOf.has(keyResult.ownerId))
      keyResultOf.set(keyResult.ownerId, { id: keyResult._id.toHexString(), title: keyResult.title });
  }

  // Times: five this week (an hour apart, or a minute apart early on Monday), then two or three in each of the twelve weeks before.
  const thisWeek = weekOf(today);
  const times: Date[] = [];
  for (let k = 1; k <= 5; k += 1) {
    let at = new Date(today.getTime() - k * HOUR_MS);
    if (weekOf(at) !== thisWeek) at = new Date(today.getTime() - k * 60_000);
    times.push(at);
  }
  for (let week = 1; week <= 12; week += 1) {
    // Wednesday 10:00 UTC onwards: inside that week in every time zone.
    const wednesday = isoWeekStart(shiftIsoWeek(thisWeek, -week)).getTime() + 2 * DAY_MS + 10 * HOUR_MS;
    const count = 2 + (week % 2);
    for (let k = 0; k < count; k += 1) times.push(new Date(wednesday + k * 26 * HOUR_MS));
  }

  let added = 0;
  for (const [n, createdAt] of times.entries()) {
    const id = createHash('sha1').update(`${tenantId}:demo-win:${n}`).digest('hex').slice(0, 24);
    if (await repo.win(tenantId, id)) continue;
    const author = team[(n * 7 + 3) % team.length]!;
    const keyResult = n % 3 === 0 ? keyResultOf.get(author.id) : undefined;
    const reactions: WinRecord['reactions'] = [];
    const reactors = 1 + ((n * 5) % 6);
    for (let r = 0; r < reactors; r += 1) {
      const by = team[(n * 3 + r * 5 + 1) % team.length]!;
      const kind = KINDS[(n + r) % KINDS.length]!;
      if (by.id !== author.id && !reactions.some((reaction) => reaction.by === by.id && reaction.kind === kind))
        reactions.push({ kind, by: by.id });
    }
    await repo.insert(
      {
        id,
        tenantId,
        teamId: lead.id,
        authorId: author.id,
        isoWeek: weekOf(createdAt),
        text: TEXTS[n % TEXTS.length]!,
        link: keyResult ? { kind: 'keyResult', id: keyResult.id, title: keyResult.title } : null,
        createdAt,
      },
      reactions,
    );
    added += 1;
  }
  return added;
}

/** Seeds the demo team's wins wall. */
export const winsSeeder: Seeder = {
  name: 'wins',
  version: 1,
  async run({ tenantId, people, today, logger }) {
    const started = Date.now();
    const added = await seedDemoWins({ tenantId, people, today });
    logger.info({ ms: Date.now() - started, added }, 'demo wins seeded');
  },
};
