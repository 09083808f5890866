/** Runs the coach's rules over one objective or a whole set. */
import { OBJECTIVE_RULES, tooManyObjectivesFinding } from './rules.js';
import { RULE_IDS } from './types.js';
import type { CoachContext, CoachObjective, Finding, Severity } from './types.js';

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, tip: 2 };

/** Orders findings by objective, then the objective before its key results, then severity, then rule. */
function compareFindings(a: Finding, b: Finding): number {
  return (
    a.target.objectiveIndex - b.target.objectiveIndex ||
    (a.target.keyResultIndex ?? -1) - (b.target.keyResultIndex ?? -1) ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    RULE_IDS.indexOf(a.rule) - RULE_IDS.indexOf(b.rule)
  );
}

/** Checks one objective and its key results; the owner limit is judged from context.ownerObjectiveCount. */
export function coachObjective(objective: CoachObjective, context: CoachContext, objectiveIndex = 0): Finding[] {
  return OBJECTIVE_RULES.flatMap((rule) => rule(objective, context, objectiveIndex)).sort(compareFindings);
}

/**
 * Checks a set of objectives. The owner limit is judged across the list itself (context.ownerObjectiveCount is
 * ignored): objectives with the same ownerId whose periods overlap count together, and every objective of an owner
 * above the limit gets the error. Objectives without an owner are not counted; one without a period overlaps all.
 */
export function coachObjectives(objectives: readonly CoachObjective[], context: CoachContext): Finding[] {
  const { ownerObjectiveCount: _ignored, ...listContext } = context;
  const findings = objectives.flatMap((objective, index) => coachObjective(objective, listContext, index));
  const limit = context.limits.maxObjectivesPerOwner;
  objectives.forEach((objective, index) => {
    if (!objective.ownerId) return;
    const count = objectives.filter((other) => other.ownerId === objective.ownerId && periodsOverlap(objective, other)).length;
    if (count > limit) findings.push(tooManyObjectivesFinding(objective, index, count, limit));
  });
  return findings.sort(compareFindings);
}

function periodsOverlap(a: CoachObjective, b: CoachObjective): boolean {
  if (!a.period || !b.period) return true;
  const aStart = Date.parse(a.period.start);
  const aEnd = Date.parse(a.period.end);
  const bStart = Date.parse(b.period.start);
  const bEnd = Date.parse(b.period.end);
  if ([aStart, aEnd, bStart, bEnd].some(Number.isNaN)) return true;
  return aStart <= bEnd && bStart <= aEnd;
}

/** True when any finding is an error: something that must be fixed, whereas warnings and tips are advice. */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.severity === 'error');
}
