/** Input and output shapes of the OKR coach; structural, so stored objectives and drafts both map onto them. */

/** How a key result is measured. */
export type KeyResultKind = 'increase_to' | 'decrease_to' | 'stay_above' | 'stay_below' | 'milestone';

/** A key result as the coach sees it. */
export interface CoachKeyResult {
  id?: string;
  title: string;
  ownerId?: string | null;
  kind: KeyResultKind;
  start?: number | null;
  target?: number | null;
  unit?: string | null;
  /** ISO date (or date-time) by which the key result is due. */
  dueDate?: string | null;
  indicator?: 'leading' | 'lagging' | null;
  /** ISO date-time of the latest check-in, if any. */
  lastCheckInAt?: string | null;
}

/** An objective (stored or draft) as the coach sees it. */
export interface CoachObjective {
  id?: string;
  title: string;
  /** Strategy context: why this objective matters now. */
  why?: string;
  level: 'company' | 'team' | 'person';
  ownerId?: string | null;
  state?: 'draft' | 'active' | 'closed';
  /** Ids of the objectives this one aligns to (any level, anywhere). */
  alignedTo: string[];
  impactTags: Array<'customer' | 'business'>;
  /** ISO dates; the end is taken as the last day of the period. */
  period?: { start: string; end: string };
  keyResults: CoachKeyResult[];
}

/** Tenant limits the coach enforces. */
export interface CoachLimits {
  /** Objectives one owner may hold in one period (tenant-configurable, 1–5). */
  maxObjectivesPerOwner: number;
  maxKeyResultsPerObjective: number;
}

/** Everything outside the objective that a rule may need. */
export interface CoachContext {
  limits: CoachLimits;
  now: Date;
  /** Objectives the owner already has in the period, including this one when stored. */
  ownerObjectiveCount?: number;
}

export type Severity = 'error' | 'warning' | 'tip';

/** Stable rule ids; within one target, findings of equal severity are reported in this order. */
export const RULE_IDS = [
  'objective-title-missing',
  'objective-metric-in-title',
  'owner-too-many-objectives',
  'objective-no-key-results',
  'objective-too-many-key-results',
  'objective-no-impact',
  'objective-not-aligned',
  'objective-no-why',
  'objective-period-invalid',
  'objective-period-too-long',
  'objective-no-leading-key-result',
  'objective-no-lagging-key-result',
  'key-result-title-missing',
  'key-result-no-owner',
  'key-result-not-measurable',
  'key-result-no-start',
  'key-result-target-direction',
  'key-result-milestone-no-due-date',
  'key-result-no-due-date',
  'key-result-due-outside-period',
  'key-result-output',
  'key-result-no-recent-check-in',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

/** What a finding points at; keyResultIndex is set when kind is 'keyResult'. */
export interface FindingTarget {
  kind: 'objective' | 'keyResult';
  objectiveIndex: number;
  keyResultIndex?: number;
  /** The id of the objective or key result, when it has one. */
  id?: string;
}

/** One piece of advice from the coach. */
export interface Finding {
  severity: Severity;
  rule: RuleId;
  /** Plain English: what is wrong and what to do about it. */
  message: string;
  target: FindingTarget;
}
