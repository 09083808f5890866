import { createHash } from 'node:crypto';
import type mongoose from 'mongoose';
import { Types } from 'mongoose';
import { CheckInModel, checkInKey, KeyResultModel, LEVEL_RANK, ObjectiveModel } from '../../src/okrs/okrs.model.js';
import { OkrReadModel } from '../../src/okrs/okrs.readmodel.js';
import { isoWeekOf, periodIdOf, periodOf } from '../../src/okrs/periods.js';
import { SettingsModel } from '../../src/settings/settings.model.js';
import type { GraphUser } from '../org/types.js';
import type { Seeder } from './seed.js';

const DAY_MS = 86_400_000;

/** Small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type KrTemplate = {
  title: string;
  kind: 'increase_to' | 'decrease_to' | 'stay_above' | 'milestone';
  start: number;
  target: number;
  unit: string;
  indicator: 'leading' | 'lagging';
};
type ObjectiveTemplate = { title: string; why: string; tags: Array<'customer' | 'business'>; krs: KrTemplate[] };

const COMPANY: ObjectiveTemplate[] = [
  {
    title: 'Become the way focused teams plan their week',
    why: 'Teams that see their priorities together ship what matters; that is our reason to exist.',
    tags: ['customer', 'business'],
    krs: [
      { title: 'Weekly active teams', kind: 'increase_to', start: 120, target: 300, unit: 'teams', indicator: 'lagging' },
      { title: 'Teams sending the weekly mail on time', kind: 'increase_to', start: 40, target: 75, unit: '%', indicator: 'leading' },
    ],
  },
  {
    title: 'Earn the trust of larger customers',
    why: 'Enterprise customers renew when the product is dependable and support is quick.',
    tags: ['customer'],
    krs: [
      { title: 'Net revenue retention', kind: 'increase_to', start: 98, target: 110, unit: '%', indicator: 'lagging' },
      { title: 'Median first support response', kind: 'decrease_to', start: 9, target: 2, unit: 'h', indicator: 'leading' },
    ],
  },
];

const TEAM_THEMES: Record<string, ObjectiveTemplate> = {
  Engineering: {
    title: 'Make the platform something customers never think about',
    why: 'Reliability is the feature customers notice only when it is missing.',
    tags: ['customer'],
    krs: [
      { title: 'Monthly availability', kind: 'stay_above', start: 99.5, target: 99.9, unit: '%', indicator: 'lagging' },
      { title: 'Deploys per week', kind: 'increase_to', start: 4, target: 15, unit: 'deploys', indicator: 'leading' },
    ],
  },
  Sales: {
    title: 'Win customers who will grow with us',
    why: 'Good-fit customers expand; poor-fit ones churn and cost us twice.',
    tags: ['business'],
    krs: [
      { title: 'New annual recurring revenue', kind: 'increase_to', start: 0, target: 900, unit: 'k€', indicator: 'lagging' },
      { title: 'Qualified meetings per week', kind: 'increase_to', start: 10, target: 25, unit: 'meetings', indicator: 'leading' },
    ],
  },
  'Customer Success': {
    title: 'Customers reach their first win in their first week',
    why: 'Early wins predict renewals better than anything else we measure.',
    tags: ['customer'],
    krs: [
      { title: 'Customers onboarded within 7 days', kind: 'increase_to', start: 45, target: 80, unit: '%', indicator: 'leading' },
      { title: 'Logo churn', kind: 'decrease_to', start: 4, target: 2, unit: '%', indicator: 'lagging' },
    ],
  },
  Product: {
    title: 'People understand the product without a manual',
    why: 'Every question we remove from onboarding is time our customers get back.',
    tags: ['customer', 'business'],
    krs: [
      { title: 'Task success in usability tests', kind: 'increase_to', start: 60, target: 85, unit: '%', indicator: 'leading' },
      { title: 'Trial to paid conversion', kind: 'increase_to', start: 8, target: 12, unit: '%', indicator: 'lagging' },
    ],
  },
};

const FALLBACK_THEME: ObjectiveTemplate = {
  title: 'Make our own operations calm and predictable',
  why: 'A calm back office lets everyone else focus on customers.',
  tags: ['business'],
  krs: [
    { title: 'Month-end close time', kind: 'decrease_to', start: 10, target: 5, unit: 'days', indicator: 'lagging' },
    { title: 'Requests answered within a day', kind: 'increase_to', start: 70, target: 95, unit: '%', indicator: 'leading' },
  ],
};

const PERSONAL: ObjectiveTemplate[] = [
  {
    title: 'Customers feel heard when they reach us',
    why: 'Feeling heard is the start of trust.',
    tags: ['customer'],
    krs: [
      { title: 'Customer satisfaction score', kind: 'increase_to', start: 4.1, target: 4.6, unit: '/5', indicator: 'lagging' },
      { title: 'Customer conversations per week', kind: 'increase_to', start: 3, target: 8, unit: 'calls', indicator: 'leading' },
    ],
  },
  {
    title: 'Our releases are boring in the best way',
    why: 'Calm releases free time for real work.',
    tags: ['customer'],
    krs: [
      { title: 'Failed changes', kind: 'decrease_to', start: 15, target: 5, unit: '%', indicator: 'lagging' },
      { title: 'Automated test coverage of core flows', kind: 'increase_to', start: 55, target: 80, unit: '%', indicator: 'leading' },
    ],
  },
  {
    title: 'Grow into the go-to person for our domain',
    why: 'Deep knowledge shortens every decision.',
    tags: ['business'],
    krs: [
      { title: 'Questions answered for other teams', kind: 'increase_to', start: 0, target: 20, unit: 'answers', indicator: 'leading' },
      { title: 'Internal talk given', kind: 'milestone', start: 0, target: 1, unit: '', indicator: 'lagging' },
    ],
  },
  {
    title: 'Deals move forward every week',
    why: 'Momentum keeps customers engaged.',
    tags: ['business'],
    krs: [
      { title: 'Pipeline advanced a stage', kind: 'increase_to', start: 0, target: 30, unit: 'deals', indicator: 'leading' },
      { title: 'Closed revenue', kind: 'increase_to', start: 0, target: 250, unit: 'k€', indicator: 'lagging' },
    ],
  },
  {
    title: 'New colleagues feel at home fast',
    why: 'Good onboarding multiplies the whole team.',
    tags: ['business'],
    krs: [
      { title: 'New-hire onboarding score', kind: 'increase_to', start: 3.8, target: 4.5, unit: '/5', indicator: 'lagging' },
      { title: 'Buddy check-ins held', kind: 'increase_to', start: 0, target: 12, unit: 'sessions', indicator: 'leading' },
    ],
  },
];

/** Builds the demo OKRs (deterministic for a tenant and day) and inserts whatever is missing. */
export async function seedDemoOkrs(context: {
  tenantId: string;
  people: GraphUser[];
  today: Date;
}): Promise<{ objectives: number; keyResults: number; checkIns: number }> {
  const { tenantId, people, today } = context;
  const random = prng(parseInt(createHash('sha1').update(tenantId).digest('hex').slice(0, 8), 16));
  const idOf = (key: string): Types.ObjectId =>
    new Types.ObjectId(createHash('sha1').update(`${tenantId}:${key}`).digest('hex').slice(0, 24));
  const todayIso = today.toISOString().slice(0, 10);
  const period = periodOf(periodIdOf(todayIso, 1), 1);
  const now = new Date(today);
  const byId = new Map(people.map((person) => [person.id, person]));
  const managers = new Set(people.map((person) => person.managerId).filter((id): id is string => id !== null));
  const ceo = people.find((person) => person.managerId === null)!;

  await SettingsModel.updateOne(
    { tenantId },
    {
      $setOnInsert: {
        mission: 'Help every team focus on what matters and see how their work connects.',
        northStar: 'Weekly active teams that send their OKR mail on time',
        fiscalYearStartMonth: 1,
        checkInDay: 'monday',
        deadlines: { manager: '09:00', members: '12:00', review: '15:00' },
        timeZone: 'Europe/Berlin',
        limits: { maxObjectivesPerOwner: 3, maxKeyResultsPerObjective: 3 },
        version: 0,
      },
    },
    { upsert: true },
  );

  const objectives: Array<Record<string, unknown>> = [];
  const keyResults: Array<Record<string, unknown>> = [];
  const checkIns: Array<Record<string, unknown>> = [];
  const weeks = Array.from({ length: 12 }, (_, i) => isoWeekOf(new Date(today.getTime() - (11 - i) * 7 * DAY_MS)));

  const addObjective = (
    owner: GraphUser,
    level: 'company' | 'team' | 'person',
    template: ObjectiveTemplate,
    alignedTo: Types.ObjectId[],
    mood: 'green' | 'yellow' | 'red',
    stale: boolean,
  ): Types.ObjectId => {
    const _id = idOf(`objective:${period.id}:${owner.id}:${template.title}`);
    const krs = template.krs.slice(0, 3);
    objectives.push({
      _id,
      tenantId,
      periodId: period.id,
      level,
      levelRank: LEVEL_RANK[level],
      ownerId: owner.id,
      title: template.title,
      why: template.why,
      alignedTo,
      impactTags: template.tags,
      state: 'active',
      visibility: 'public',
      retrospective: null,
      keyResultCount: krs.length,
      version: 0,
      createdBy: owner.id,
      createdAt: now,
      updatedAt: now,
    });
    for (const kr of krs) {
      const krId = idOf(`kr:${_id.toHexString()}:${kr.title}`);
      const pace = mood === 'green' ? 0.8 + random() * 0.3 : mood === 'yellow' ? 0.45 + random() * 0.2 : 0.1 + random() * 0.2;
      const checkedWeeks = stale ? weeks.slice(0, weeks.length - 3) : weeks;
      let last: { week: string; value: number; confidence: number } | null = null;
      checkedWeeks.forEach((week, index) => {
        const share = Math.min(1, ((index + 1) / 13) * pace);
        const raw =
          kr.kind === 'milestone'
            ? share > 0.9
              ? 1
              : 0
            : kr.kind === 'stay_above'
              ? kr.target + (random() - 0.3) * 0.2
              : kr.start + (kr.target - kr.start) * share;
        const value = Math.round(raw * 100) / 100;
        const base = mood === 'green' ? 8 : mood === 'yellow' ? 5 : 2;
        const confidence = Math.max(0, Math.min(10, base + Math.round((random() - 0.5) * 2)));
        const at = new Date(today.getTime() - (weeks.length - 1 - weeks.indexOf(week)) * 7 * DAY_MS);
        checkIns.push({
          _id: checkInKey(tenantId, krId, week),
          tenantId,
          keyResultId: krId,
          isoWeek: week,
          objectiveId: _id,
          value,
          confidence,
          note: confidence <= 3 ? 'Blocked; need help to unblock.' : confidence <= 6 ? 'Slower than planned.' : 'On track.',
          authorId: owner.id,
          at,
          createdAt: at,
          updatedAt: at,
        });
        last = { week, value, confidence };
      });
      const latest = last as { week: string; value: number; confidence: number } | null;
      keyResults.push({
        _id: krId,
        tenantId,
        objectiveId: _id,
        periodId: period.id,
        ownerId: owner.id,
        title: kr.title,
        kind: kr.kind,
        start: kr.start,
        target: kr.target,
        current: latest ? latest.value : kr.kind === 'milestone' ? 0 : kr.start,
        unit: kr.unit,
        dueDate: period.end,
        indicator: kr.indicator,
        weight: null,
        initiatives: [
          { _id: idOf(`initiative:${krId.toHexString()}`), title: `First step towards: ${kr.title.toLowerCase()}`, done: random() < 0.5 },
        ],
        lastCheckInWeek: latest?.week ?? null,
        lastCheckInAt: latest ? new Date(today.getTime() - (weeks.length - 1 - weeks.indexOf(latest.week)) * 7 * DAY_MS) : null,
        lastConfidence: latest?.confidence ?? null,
        version: 0,
        createdAt: now,
        updatedAt: now,
      });
    }
    return _id;
  };

  const company = COMPANY.map((template) => addObjective(ceo, 'company', template, [], 'green', false));
  const teamObjectiveOf = new Map<string, Types.ObjectId>();
  const depthOf = (person: GraphUser): number => (person.managerId ? 1 + depthOf(byId.get(person.managerId)!) : 0);
  const ordered = [...people].sort((a, b) => depthOf(a) - depthOf(b));
  ordered.forEach((person, index) => {
    if (person.id === ceo.id) return;
    const mood = index % 11 === 3 ? 'red' : index % 7 === 2 ? 'yellow' : 'green';
    const stale = index % 13 === 5;
    const parentTeam = person.managerId ? teamObjectiveOf.get(person.managerId) : undefined;
    if (managers.has(person.id)) {
      const theme = TEAM_THEMES[person.department] ?? FALLBACK_THEME;
      const alignTo = parentTeam ?? company[index % company.length]!;
      const title = person.managerId === ceo.id ? theme.title : `${theme.title} (${person.jobTitle})`;
      teamObjectiveOf.set(person.id, addObjective(person, 'team', { ...theme, title }, [alignTo], mood, false));
      return;
    }
    const count = 1 + Math.floor(random() * 3);
    for (let n = 0; n < count; n += 1) {
      const template = PERSONAL[(index + n * 2) % PERSONAL.length]!;
      const unaligned = random() < 0.15;
      addObjective(person, 'person', template, unaligned || !parentTeam ? [] : [parentTeam], n === 0 ? mood : 'green', stale && n === 0);
    }
  });

  const insertMissing = async (model: mongoose.Model<never>, docs: Array<Record<string, unknown>>): Promise<number> => {
    if (docs.length === 0) return 0;
    const ids = docs.map((doc) => doc._id as Types.ObjectId);
    const present = new Set(
      (await model.collection.find({ tenantId, _id: { $in: ids } }, { projection: { _id: 1 }, batchSize: ids.length + 1 }).toArray()).map(
        (doc) => String(doc._id),
      ),
    );
    const missing = docs.filter((doc) => !present.has(String(doc._id)));
    for (let index = 0; index < missing.length; index += 2000) await model.collection.insertMany(missing.slice(index, index + 2000));
    return missing.length;
  };
  return {
    objectives: await insertMissing(ObjectiveModel as never, objectives),
    keyResults: await insertMissing(KeyResultModel as never, keyResults),
    checkIns: await insertMissing(CheckInModel as never, checkIns),
  };
}

/** Demo OKRs: settings with mission and north star, company, team and person objectives of the current quarter with 12 weeks of check-ins. */
export const okrsSeeder: Seeder = {
  name: 'okrs',
  version: 1,
  async run({ tenantId, people, today, logger }) {
    const stats = await seedDemoOkrs({ tenantId, people, today });
    // Seeding writes in bulk, past the repository: tell running read models to reload the tenant.
    await new OkrReadModel().record(tenantId, { all: true });
    logger.info({ ...stats }, 'demo OKRs seeded');
  },
};
