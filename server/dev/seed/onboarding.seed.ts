import { createHash } from 'node:crypto';
import mongoose, { Types } from 'mongoose';
import { configSchema } from '../../src/config.js';
import { LESSONS } from '../../src/onboarding/onboarding.lessons.js';
import { EnrolmentModel, RosterModel, TransitionModel, enrolmentKey, type HistoryRecord } from '../../src/onboarding/onboarding.model.js';
import { KeyResultModel, LEVEL_RANK, ObjectiveModel } from '../../src/okrs/okrs.model.js';
import { OkrReadModel } from '../../src/okrs/okrs.readmodel.js';
import { localDate, periodIdOf, periodOf, shiftPeriod } from '../../src/okrs/periods.js';
import { SettingsRepo } from '../../src/settings/settings.repo.js';
import type { GraphUser } from '../org/types.js';
import type { Seeder } from './seed.js';

const DAY_MS = 86_400_000;

type KeyResultSeed = {
  title: string;
  kind: 'increase_to' | 'milestone';
  start: number;
  target: number;
  unit: string;
  indicator: 'leading' | 'lagging';
  due: boolean;
};
type ObjectiveSeed = { title: string; why: string; impactTags: string[]; aligned: boolean; keyResults: KeyResultSeed[] };

/** Elena's first draft: the coach has errors to point out (a metric in the title, an output, no alignment, no due date). */
const ELENA_DRAFT: ObjectiveSeed = {
  title: 'Reduce escaped defects by 50%',
  why: '',
  impactTags: [],
  aligned: false,
  keyResults: [
    { title: 'Write regression tests for checkout', kind: 'milestone', start: 0, target: 1, unit: '', indicator: 'lagging', due: false },
  ],
};

/** Victor's submission: clean for the coach, aligned to his team's objective. */
const VICTOR_SUBMISSION: ObjectiveSeed = {
  title: 'Mid-market prospects want a second conversation with us',
  why: 'A good first conversation is where our pipeline starts; I want mine to earn the next one.',
  impactTags: ['business'],
  aligned: true,
  keyResults: [
    {
      title: 'Qualified meetings booked per week',
      kind: 'increase_to',
      start: 0,
      target: 6,
      unit: 'meetings',
      indicator: 'leading',
      due: true,
    },
    {
      title: 'Prospects accepting a follow-up demo',
      kind: 'increase_to',
      start: 0,
      target: 40,
      unit: '%',
      indicator: 'lagging',
      due: true,
    },
  ],
};

/**
 * Demo coursework, written in bulk (a handful of writes): the demo new hires are enrolled by hire date; Samuel has not
 * started, Elena has passed three lessons and has a first draft the coach has errors on, Victor has passed every lesson
 * and submitted, so HR's queue has him. The demo OKR seed gives everyone personal objectives of this quarter; new hires
 * get theirs from the coursework instead, so their seeded ones are moved to the quarter before.
 */
export const onboardingSeeder: Seeder = {
  name: 'onboarding',
  version: 1,
  async run({ tenantId, people, today, logger }) {
    const startedAt = Date.now();
    const windowDays = configSchema.shape.ONBOARDING_ENROL_WINDOW_DAYS.parse(undefined);
    const dueDays = configSchema.shape.ONBOARDING_DUE_DAYS.parse(undefined);
    const settings = await new SettingsRepo().get(tenantId);
    const todayIso = localDate(today, settings.timeZone);
    const periodId = periodIdOf(todayIso, settings.fiscalYearStartMonth);
    const period = periodOf(periodId, settings.fiscalYearStartMonth);
    const idOf = (key: string): Types.ObjectId =>
      new Types.ObjectId(createHash('sha1').update(`${tenantId}:onboarding:${key}`).digest('hex').slice(0, 24));
    const dayOf = (iso: string, days: number): Date => new Date(Date.parse(`${iso}T09:00:00Z`) + days * DAY_MS);

    const hires = people.filter((person) => {
      const days = Math.floor((today.getTime() - Date.parse(person.employeeHireDate)) / DAY_MS);
      return person.accountEnabled && days >= 0 && days <= windowDays;
    });
    if (hires.length === 0) return;
    const managerIds = hires.flatMap((hire) => (hire.managerId ? [hire.managerId] : []));

    // One scan finds the hires' seeded personal objectives of this quarter and their managers' team objectives.
    const existing = await ObjectiveModel.find(
      { tenantId, ownerId: mongoose.trusted({ $in: [...hires.map((hire) => hire.id), ...managerIds] }) },
      { _id: 1, ownerId: 1, level: 1, periodId: 1 },
    ).lean<Array<{ _id: Types.ObjectId; ownerId: string; level: string; periodId: string }>>();
    const hireIds = new Set(hires.map((hire) => hire.id));
    const stale = existing
      .filter((row) => hireIds.has(row.ownerId) && row.level === 'person' && row.periodId === periodId)
      .map((row) => row._id);
    const teamObjectiveOf = new Map(
      existing.filter((row) => row.level === 'team' && row.periodId === periodId).map((row) => [row.ownerId, row._id] as const),
    );
    let staleKeyResults: Types.ObjectId[] = [];
    if (stale.length > 0) {
      staleKeyResults = (
        await KeyResultModel.find({ tenantId, objectiveId: mongoose.trusted({ $in: stale }) }, { _id: 1 }).lean<
          Array<{ _id: Types.ObjectId }>
        >()
      ).map((row) => row._id);
      // Moved to the quarter before rather than deleted, so that re-running the OKR seed does not bring them back.
      const before = shiftPeriod(periodId, -1);
      await ObjectiveModel.updateMany({ _id: mongoose.trusted({ $in: stale }) }, { $set: { periodId: before } });
      if (staleKeyResults.length > 0)
        await KeyResultModel.updateMany({ _id: mongoose.trusted({ $in: staleKeyResults }) }, { $set: { periodId: before } });
    }

    const objectives: Array<Record<string, unknown>> = [];
    const keyResults: Array<Record<string, unknown>> = [];
    const addCoursework = (hire: GraphUser, seed: ObjectiveSeed, at: Date): { objectiveId: string; versions: Record<string, number> } => {
      const _id = idOf(`objective:${hire.id}:${seed.title}`);
      const team = hire.managerId ? teamObjectiveOf.get(hire.managerId) : undefined;
      objectives.push({
        _id,
        tenantId,
        periodId,
        level: 'person',
        levelRank: LEVEL_RANK.person,
        ownerId: hire.id,
        title: seed.title,
        why: seed.why,
        alignedTo: seed.aligned && team ? [team] : [],
        impactTags: seed.impactTags,
        state: 'draft',
        visibility: 'public',
        retrospective: null,
        keyResultCount: seed.keyResults.length,
        version: 0,
        createdBy: hire.id,
        createdAt: at,
        updatedAt: at,
      });
      const versions: Record<string, number> = { [_id.toHexString()]: 0 };
      const due = isoOf(Math.min(today.getTime() + 35 * DAY_MS, Date.parse(`${period.end}T00:00:00Z`)));
      for (const kr of seed.keyResults) {
        const krId = idOf(`kr:${_id.toHexString()}:${kr.title}`);
        versions[krId.toHexString()] = 0;
        keyResults.push({
          _id: krId,
          tenantId,
          objectiveId: _id,
          periodId,
          ownerId: hire.id,
          title: kr.title,
          kind: kr.kind,
          start: kr.start,
          target: kr.target,
          current: kr.start,
          unit: kr.unit,
          dueDate: kr.due ? due : null,
          indicator: kr.indicator,
          weight: null,
          initiatives: [],
          lastCheckInWeek: null,
          lastCheckInAt: null,
          lastConfidence: null,
          version: 0,
          createdAt: at,
          updatedAt: at,
        });
      }
      return { objectiveId: _id.toHexString(), versions };
    };

    const enrolments: Array<Record<string, unknown>> = [];
    const transitions: Array<Record<string, unknown>> = [];
    for (const hire of hires) {
      const hireDate = hire.employeeHireDate.slice(0, 10);
      const local = hire.userPrincipalName.split('@')[0];
      const enrolledAt = dayOf(hireDate, 0);
      const history: HistoryRecord[] = [
        {
          seq: 1,
          action: 'enrolled',
          from: null,
          to: 'not_started',
          by: null,
          at: enrolledAt,
          note: 'Enrolled automatically by hire date.',
        },
      ];
      const lessons: Record<string, { attempts: number; passedAt: Date | null }> = {};
      const fields: Record<string, unknown> = { objectiveIds: [], round: 0, submittedVersions: null, submittedAt: null };
      const passLessons = (count: number, from: Date) =>
        LESSONS.slice(0, count).forEach((lesson, index) => {
          lessons[lesson.id] = { attempts: index % 3 === 1 ? 2 : 1, passedAt: new Date(from.getTime() + index * 3_600_000) };
        });
      if (local === 'elena.popescu' || local === 'victor.petrov') {
        const started = new Date(Math.min(dayOf(hireDate, 1).getTime(), today.getTime()));
        history.push({ seq: 2, action: 'started', from: 'not_started', to: 'in_progress', by: hire.id, at: started, note: '' });
        if (local === 'elena.popescu') {
          passLessons(3, started);
          fields.objectiveIds = [addCoursework(hire, ELENA_DRAFT, started).objectiveId];
        } else {
          passLessons(LESSONS.length, started);
          const written = new Date(Math.min(dayOf(hireDate, 4).getTime(), today.getTime()));
          const submittedAt = new Date(Math.min(dayOf(hireDate, 6).getTime(), today.getTime()));
          const { objectiveId, versions } = addCoursework(hire, VICTOR_SUBMISSION, written);
          Object.assign(fields, { objectiveIds: [objectiveId], round: 1, submittedVersions: versions, submittedAt });
          history.push({ seq: 3, action: 'submitted', from: 'in_progress', to: 'submitted', by: hire.id, at: submittedAt, note: '' });
        }
      }
      const last = history[history.length - 1]!;
      enrolments.push({
        _id: enrolmentKey(tenantId, hire.id),
        tenantId,
        personId: hire.id,
        hireDate,
        dueDate: isoOf(Date.parse(`${hireDate}T00:00:00Z`) + dueDays * DAY_MS),
        periodId,
        source: 'auto',
        enrolledBy: null,
        enrolledAt,
        state: last.to,
        version: last.seq,
        lessons,
        ...fields,
        reviewedAt: null,
        passedAt: null,
        history,
        comments: [],
        createdAt: enrolledAt,
        updatedAt: last.at,
      });
      for (const entry of history) transitions.push({ _id: `${tenantId}:${hire.id}:${entry.seq}`, tenantId, personId: hire.id, ...entry });
    }

    if (objectives.length > 0) await ObjectiveModel.collection.insertMany(objectives);
    if (keyResults.length > 0) await KeyResultModel.collection.insertMany(keyResults);
    await EnrolmentModel.collection.insertMany(enrolments as never[]);
    await TransitionModel.collection.insertMany(transitions as never[]);
    await RosterModel.updateOne({ _id: tenantId }, { $addToSet: { personIds: { $each: hires.map((hire) => hire.id) } } }, { upsert: true });
    await new OkrReadModel().record(tenantId, {
      objectives: [...stale, ...objectives.map((row) => row._id as Types.ObjectId)].map((id) => id.toHexString()),
      keyResults: [...staleKeyResults, ...keyResults.map((row) => row._id as Types.ObjectId)].map((id) => id.toHexString()),
    });
    logger.info({ enrolled: hires.length, ms: Date.now() - startedAt }, 'demo onboarding seeded');
  },
};

function isoOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
