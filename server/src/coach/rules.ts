/** The coach's rules, one function each, every one pure: (objective, context, index) → findings. */
import { findMetrics, findOutputVerb } from './text.js';
import type { CoachContext, CoachKeyResult, CoachLimits, CoachObjective, Finding, RuleId, Severity } from './types.js';

/** Limits used when a tenant has not configured its own. */
export const DEFAULT_LIMITS: Readonly<CoachLimits> = Object.freeze({ maxObjectivesPerOwner: 3, maxKeyResultsPerObjective: 3 });

/** A period longer than this many days (end minus start) is more than a quarter. */
export const MAX_PERIOD_DAYS = 92;

/** A key result of an active objective with no check-in for this many days is stale. */
export const STALE_CHECK_IN_DAYS = 14;

const DAY_MS = 86_400_000;

/** One rule over one objective and its key results. */
export type ObjectiveRule = (objective: CoachObjective, context: CoachContext, objectiveIndex: number) => Finding[];

function objectiveFinding(severity: Severity, rule: RuleId, message: string, objective: CoachObjective, objectiveIndex: number): Finding {
  const target: Finding['target'] = { kind: 'objective', objectiveIndex };
  if (objective.id !== undefined) target.id = objective.id;
  return { severity, rule, message, target };
}

function keyResultFinding(
  severity: Severity,
  rule: RuleId,
  message: string,
  keyResult: CoachKeyResult,
  objectiveIndex: number,
  keyResultIndex: number,
): Finding {
  const target: Finding['target'] = { kind: 'keyResult', objectiveIndex, keyResultIndex };
  if (keyResult.id !== undefined) target.id = keyResult.id;
  return { severity, rule, message, target };
}

function eachKeyResult(
  objective: CoachObjective,
  objectiveIndex: number,
  check: (keyResult: CoachKeyResult) => { severity: Severity; rule: RuleId; message: string } | null,
): Finding[] {
  const findings: Finding[] = [];
  objective.keyResults.forEach((keyResult, keyResultIndex) => {
    const result = check(keyResult);
    if (result) findings.push(keyResultFinding(result.severity, result.rule, result.message, keyResult, objectiveIndex, keyResultIndex));
  });
  return findings;
}

function isBlank(text: string | null | undefined): boolean {
  return text === undefined || text === null || text.trim() === '';
}

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Milliseconds since the epoch for an ISO date or date-time, or null when missing or unreadable. */
function parseInstant(iso: string | null | undefined): number | null {
  if (isBlank(iso)) return null;
  const time = Date.parse(iso as string);
  return Number.isNaN(time) ? null : time;
}

/** The period as [first instant, first instant after the last day], or null when missing or unreadable. */
function periodBounds(objective: CoachObjective): { start: number; endExclusive: number } | null {
  const start = parseInstant(objective.period?.start);
  const end = parseInstant(objective.period?.end);
  if (start === null || end === null || end < start) return null;
  return { start, endExclusive: end + DAY_MS };
}

function quote(fragments: readonly string[]): string {
  return fragments
    .slice(0, 3)
    .map((fragment) => `“${fragment}”`)
    .join(', ');
}

/** Every objective and key result needs a title. */
export const checkTitles: ObjectiveRule = (objective, _context, index) => {
  const findings: Finding[] = [];
  if (isBlank(objective.title)) {
    findings.push(
      objectiveFinding('error', 'objective-title-missing', 'Give the objective a title: where do you want to go?', objective, index),
    );
  }
  findings.push(
    ...eachKeyResult(objective, index, (keyResult) =>
      isBlank(keyResult.title)
        ? { severity: 'error', rule: 'key-result-title-missing', message: 'Give the key result a title: how will you know you got there?' }
        : null,
    ),
  );
  return findings;
};

/** Error when the objective title holds a metric or number; see findMetrics for what counts. */
export const checkMetricInTitle: ObjectiveRule = (objective, _context, index) => {
  const metrics = findMetrics(objective.title);
  if (metrics.length === 0) return [];
  return [
    objectiveFinding(
      'error',
      'objective-metric-in-title',
      `Keep the metrics out of the objective: ${quote(metrics)} belongs in a key result. Say what you want to achieve and why it matters.`,
      objective,
      index,
    ),
  ];
};

/** Error when context.ownerObjectiveCount exceeds the tenant's limit (coachObjectives counts across its list instead). */
export const checkOwnerObjectiveCount: ObjectiveRule = (objective, context, index) => {
  const count = context.ownerObjectiveCount;
  const limit = context.limits.maxObjectivesPerOwner;
  if (count === undefined || count <= limit) return [];
  return [tooManyObjectivesFinding(objective, index, count, limit)];
};

/** The finding for an owner above the objective limit; shared by the single and the list form. */
export function tooManyObjectivesFinding(objective: CoachObjective, index: number, count: number, limit: number): Finding {
  return objectiveFinding(
    'error',
    'owner-too-many-objectives',
    `This owner has ${count} objectives in the period; the limit is ${limit}. Focus: keep the ones that matter most and drop or merge the rest.`,
    objective,
    index,
  );
}

/** Error for no key results; warning for more than the tenant's limit. */
export const checkKeyResultCount: ObjectiveRule = (objective, context, index) => {
  const count = objective.keyResults.length;
  const limit = context.limits.maxKeyResultsPerObjective;
  if (count === 0) {
    return [
      objectiveFinding(
        'error',
        'objective-no-key-results',
        'Add at least one key result so you can tell when you are there.',
        objective,
        index,
      ),
    ];
  }
  if (count > limit) {
    return [
      objectiveFinding(
        'warning',
        'objective-too-many-key-results',
        `This objective has ${count} key results; up to ${limit} keeps it focused. Keep the ones that best show success.`,
        objective,
        index,
      ),
    ];
  }
  return [];
};

/** Warning when neither customer nor business impact is tagged. */
export const checkImpact: ObjectiveRule = (objective, _context, index) => {
  if (objective.impactTags.length > 0) return [];
  return [
    objectiveFinding(
      'warning',
      'objective-no-impact',
      'Tag who benefits: customer impact, business impact, or both. OKRs that look only inward miss half the value exchange.',
      objective,
      index,
    ),
  ];
};

/** Tip for a team or person objective aligned to nothing; company objectives are the top and need no alignment. */
export const checkAlignment: ObjectiveRule = (objective, _context, index) => {
  if (objective.level === 'company' || objective.alignedTo.length > 0) return [];
  return [
    objectiveFinding(
      'tip',
      'objective-not-aligned',
      'Align this objective to one or more objectives it contributes to, anywhere in the company, so others can see how it fits.',
      objective,
      index,
    ),
  ];
};

/** Tip when the objective has no "why": OKRs should come from strategy, and the why tells readers which. */
export const checkWhy: ObjectiveRule = (objective, _context, index) => {
  if (!isBlank(objective.why)) return [];
  return [
    objectiveFinding(
      'tip',
      'objective-no-why',
      'Add a line on why this matters now, so readers see the strategy behind it.',
      objective,
      index,
    ),
  ];
};

/** Error for an unreadable or reversed period; warning when it is longer than a quarter (more than 92 days). */
export const checkPeriod: ObjectiveRule = (objective, _context, index) => {
  if (!objective.period) return [];
  const start = parseInstant(objective.period.start);
  const end = parseInstant(objective.period.end);
  if (start === null || end === null || end < start) {
    return [
      objectiveFinding('error', 'objective-period-invalid', 'The period needs a start date on or before its end date.', objective, index),
    ];
  }
  const days = Math.round((end - start) / DAY_MS);
  if (days <= MAX_PERIOD_DAYS) return [];
  return [
    objectiveFinding(
      'warning',
      'objective-period-too-long',
      `This period runs ${days + 1} days. A quarter is long enough to stay focused; split longer goals into quarterly objectives.`,
      objective,
      index,
    ),
  ];
};

/**
 * Tip when the key results lack a leading or a lagging indicator.
 * Only judged with two or more key results of which at least one is marked: one key result cannot be balanced,
 * and when nobody has marked indicators the coach cannot tell (indicators are optional).
 */
export const checkIndicatorBalance: ObjectiveRule = (objective, _context, index) => {
  const indicators = objective.keyResults.map((keyResult) => keyResult.indicator ?? null);
  if (indicators.length < 2 || indicators.every((indicator) => indicator === null)) return [];
  const findings: Finding[] = [];
  if (!indicators.includes('leading')) {
    findings.push(
      objectiveFinding(
        'tip',
        'objective-no-leading-key-result',
        'No key result is marked leading. Add one that moves early (an input you can track weekly), so you can steer before the results come in.',
        objective,
        index,
      ),
    );
  }
  if (!indicators.includes('lagging')) {
    findings.push(
      objectiveFinding(
        'tip',
        'objective-no-lagging-key-result',
        'No key result is marked lagging. Add one that shows the end result, so the early signals stay tied to what you really want.',
        objective,
        index,
      ),
    );
  }
  return findings;
};

/** Error when a key result has no owner. */
export const checkKeyResultOwner: ObjectiveRule = (objective, _context, index) =>
  eachKeyResult(objective, index, (keyResult) =>
    isBlank(keyResult.ownerId)
      ? { severity: 'error', rule: 'key-result-no-owner', message: 'Give this key result one owner who tracks it and checks in.' }
      : null,
  );

/**
 * For numeric kinds: error without a target or unit, warning without a start value on increase/decrease
 * (progress runs from start to target), error when the target points the wrong way from the start.
 * Milestones are measured by their due date instead.
 */
export const checkKeyResultMeasure: ObjectiveRule = (objective, _context, index) =>
  objective.keyResults.flatMap((keyResult, keyResultIndex) => {
    if (keyResult.kind === 'milestone') return [];
    const finding = (severity: Severity, rule: RuleId, message: string): Finding =>
      keyResultFinding(severity, rule, message, keyResult, index, keyResultIndex);
    const hasTarget = isNumber(keyResult.target);
    const hasUnit = !isBlank(keyResult.unit);
    if (!hasTarget || !hasUnit) {
      const missing =
        !hasTarget && !hasUnit ? 'a target number and a unit' : !hasTarget ? 'a target number' : 'a unit (%, users, €, days…)';
      return [finding('error', 'key-result-not-measurable', `Add ${missing} so progress can be measured, or make it a dated milestone.`)];
    }
    if (keyResult.kind !== 'increase_to' && keyResult.kind !== 'decrease_to') return [];
    if (!isNumber(keyResult.start)) {
      return [finding('warning', 'key-result-no-start', 'Add the value you start from, so progress can be shown from start to target.')];
    }
    const target = keyResult.target as number;
    if (keyResult.kind === 'increase_to' && target <= keyResult.start) {
      return [
        finding(
          'error',
          'key-result-target-direction',
          'To increase, the target must be above the start value. Check the numbers or the kind.',
        ),
      ];
    }
    if (keyResult.kind === 'decrease_to' && target >= keyResult.start) {
      return [
        finding(
          'error',
          'key-result-target-direction',
          'To decrease, the target must be below the start value. Check the numbers or the kind.',
        ),
      ];
    }
    return [];
  });

/**
 * Due dates. A milestone without a (readable) due date is an error: the date is what makes it measurable.
 * A numeric key result without one is a warning only when the objective has no period either (otherwise the
 * period's end is its due date). A due date outside the objective's period is a warning.
 */
export const checkKeyResultDueDate: ObjectiveRule = (objective, _context, index) => {
  const period = periodBounds(objective);
  return eachKeyResult(objective, index, (keyResult) => {
    const due = parseInstant(keyResult.dueDate);
    if (due === null) {
      if (keyResult.kind === 'milestone') {
        return {
          severity: 'error',
          rule: 'key-result-milestone-no-due-date',
          message: 'A milestone needs a due date: that date is how you know whether it was hit.',
        };
      }
      if (period === null) {
        return {
          severity: 'warning',
          rule: 'key-result-no-due-date',
          message: 'Add a due date (or a period to the objective) so it is time-bound.',
        };
      }
      return null;
    }
    if (period !== null && (due < period.start || due >= period.endExclusive)) {
      return {
        severity: 'warning',
        rule: 'key-result-due-outside-period',
        message: 'The due date falls outside the objective’s period. Move it inside, or move the key result to the right period.',
      };
    }
    return null;
  });
};

/** Warning when a key result reads like an output or task rather than an outcome; see findOutputVerb. */
export const checkOutputNotOutcome: ObjectiveRule = (objective, _context, index) =>
  eachKeyResult(objective, index, (keyResult) => {
    const verb = findOutputVerb(keyResult.title);
    if (verb === null) return null;
    return {
      severity: 'warning',
      rule: 'key-result-output',
      message: `This reads like a task (“${verb}”), which is an output. Say what should change because of it, e.g. more customers doing X or less time spent on Y, and keep the task as an initiative.`,
    };
  });

/**
 * Warning for a key result of an active objective with no check-in for 14+ days.
 * Never checked in counts from the period's start; without a period it is not judged.
 */
export const checkStaleCheckIns: ObjectiveRule = (objective, context, index) => {
  if (objective.state !== 'active') return [];
  const now = context.now.getTime();
  const periodStart = periodBounds(objective)?.start ?? null;
  return eachKeyResult(objective, index, (keyResult) => {
    const last = parseInstant(keyResult.lastCheckInAt);
    const since = last ?? periodStart;
    if (since === null || now - since < STALE_CHECK_IN_DAYS * DAY_MS) return null;
    const weeks = Math.floor((now - since) / (7 * DAY_MS));
    const message =
      last === null
        ? `No check-in yet, ${weeks} weeks into the period. A quick weekly update with your confidence keeps it alive.`
        : `No check-in for ${weeks} weeks. A quick update with your confidence keeps it from being set and forgotten.`;
    return { severity: 'warning', rule: 'key-result-no-recent-check-in', message };
  });
};

/** All per-objective rules, in reporting order. */
export const OBJECTIVE_RULES: readonly ObjectiveRule[] = [
  checkTitles,
  checkMetricInTitle,
  checkOwnerObjectiveCount,
  checkKeyResultCount,
  checkImpact,
  checkAlignment,
  checkWhy,
  checkPeriod,
  checkIndicatorBalance,
  checkKeyResultOwner,
  checkKeyResultMeasure,
  checkKeyResultDueDate,
  checkOutputNotOutcome,
  checkStaleCheckIns,
];
