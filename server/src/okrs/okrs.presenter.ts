import type { Principal } from '../auth/principal.js';
import type { CoachKeyResult, CoachObjective } from '../coach/index.js';
import type { CheckIn, KeyResult, Objective, Period } from '../contract/index.js';
import type { CheckInRecord, KeyResultRecord, ObjectiveRecord } from './okrs.model.js';
import { keyResultActions, objectiveActions, type PolicyContext } from './okrs.policy.js';
import { confidenceColor, keyResultProgress, objectiveProgress } from './okrs.progress.js';
import { refOf, type PersonName } from './okrs.people.js';

/** Everything a presenter needs besides the rows. */
export interface PresentContext {
  principal: Principal;
  people: Map<string, PersonName>;
  /** Policy context of an objective owner. */
  policyFor: (ownerId: string) => PolicyContext;
}

/** The response shape of a key result. */
export function presentKeyResult(kr: KeyResultRecord, objective: ObjectiveRecord, context: PresentContext): KeyResult {
  const policyContext = context.policyFor(objective.ownerId);
  return {
    id: kr._id.toHexString(),
    objectiveId: kr.objectiveId.toHexString(),
    title: kr.title,
    owner: refOf(context.people, kr.ownerId),
    kind: kr.kind,
    start: kr.start,
    target: kr.target,
    current: kr.current,
    unit: kr.unit ?? '',
    dueDate: kr.dueDate ?? null,
    indicator: kr.indicator,
    weight: kr.weight ?? null,
    initiatives: (kr.initiatives ?? []).map((initiative) => ({
      id: initiative._id.toHexString(),
      title: initiative.title,
      done: initiative.done,
    })),
    progress: keyResultProgress(kr),
    lastCheckIn:
      kr.lastCheckInWeek && kr.lastCheckInAt && kr.lastConfidence !== null && kr.lastConfidence !== undefined
        ? {
            isoWeek: kr.lastCheckInWeek,
            confidence: kr.lastConfidence,
            confidenceColor: confidenceColor(kr.lastConfidence),
            at: kr.lastCheckInAt.toISOString(),
          }
        : null,
    version: kr.version,
    allowedActions: keyResultActions(context.principal, { objective, ownerId: kr.ownerId }, policyContext),
  };
}

/** The response shape of an objective with its key results. */
export function presentObjective(objective: ObjectiveRecord, keyResults: readonly KeyResultRecord[], context: PresentContext): Objective {
  return {
    id: objective._id.toHexString(),
    periodId: objective.periodId,
    level: objective.level,
    owner: refOf(context.people, objective.ownerId),
    title: objective.title,
    why: objective.why ?? '',
    alignedTo: (objective.alignedTo ?? []).map((id) => id.toHexString()),
    impactTags: (objective.impactTags ?? []) as Objective['impactTags'],
    state: objective.state,
    visibility: objective.visibility,
    retrospective: objective.retrospective ?? null,
    proposal: objective.proposal ? { id: objective.proposal.id, author: refOf(context.people, objective.proposal.authorId) } : null,
    progress: objectiveProgress(keyResults),
    keyResults: keyResults.map((kr) => presentKeyResult(kr, objective, context)),
    version: objective.version,
    allowedActions: objectiveActions(context.principal, objective, context.policyFor(objective.ownerId)),
    createdAt: objective.createdAt.toISOString(),
    updatedAt: objective.updatedAt.toISOString(),
  };
}

/** The response shape of a check-in. */
export function presentCheckIn(row: CheckInRecord): CheckIn {
  return {
    keyResultId: row.keyResultId.toHexString(),
    isoWeek: row.isoWeek,
    value: row.value,
    confidence: row.confidence,
    confidenceColor: confidenceColor(row.confidence),
    note: row.note ?? '',
    authorId: row.authorId,
    at: row.at.toISOString(),
  };
}

/** Groups key results by objective id. */
export function groupByObjective(keyResults: readonly KeyResultRecord[]): Map<string, KeyResultRecord[]> {
  const grouped = new Map<string, KeyResultRecord[]>();
  for (const kr of keyResults) {
    const key = kr.objectiveId.toHexString();
    const list = grouped.get(key);
    if (list) list.push(kr);
    else grouped.set(key, [kr]);
  }
  return grouped;
}

/** A key result (stored or draft) as the coach sees it. */
export function toCoachKeyResult(kr: {
  id?: string;
  title: string;
  ownerId?: string | null;
  kind: CoachKeyResult['kind'];
  start?: number | null;
  target?: number | null;
  unit?: string | null;
  dueDate?: string | null;
  indicator?: 'leading' | 'lagging' | null;
  lastCheckInAt?: Date | null;
}): CoachKeyResult {
  return {
    ...(kr.id ? { id: kr.id } : {}),
    title: kr.title,
    ownerId: kr.ownerId ?? null,
    kind: kr.kind,
    start: kr.start ?? null,
    target: kr.target ?? null,
    unit: kr.unit ?? null,
    dueDate: kr.dueDate ?? null,
    indicator: kr.indicator ?? null,
    lastCheckInAt: kr.lastCheckInAt ? kr.lastCheckInAt.toISOString() : null,
  };
}

/** An objective (stored or draft) as the coach sees it. */
export function toCoachObjective(
  objective: {
    id?: string;
    title: string;
    why?: string | null;
    level: CoachObjective['level'];
    ownerId?: string | null;
    state?: CoachObjective['state'];
    alignedTo: readonly string[];
    impactTags: readonly string[];
  },
  keyResults: CoachKeyResult[],
  period: Period | undefined,
): CoachObjective {
  return {
    ...(objective.id ? { id: objective.id } : {}),
    title: objective.title,
    why: objective.why ?? '',
    level: objective.level,
    ownerId: objective.ownerId ?? null,
    ...(objective.state ? { state: objective.state } : {}),
    alignedTo: [...objective.alignedTo],
    impactTags: objective.impactTags.filter((tag): tag is 'customer' | 'business' => tag === 'customer' || tag === 'business'),
    ...(period ? { period: { start: period.start, end: period.end } } : {}),
    keyResults,
  };
}
