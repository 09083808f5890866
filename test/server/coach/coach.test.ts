import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as published from '@northstar/server/coach';
import {
  DEFAULT_LIMITS,
  FindingSchema,
  RULE_IDS,
  checkAlignment,
  checkImpact,
  checkIndicatorBalance,
  checkKeyResultCount,
  checkKeyResultDueDate,
  checkKeyResultMeasure,
  checkKeyResultOwner,
  checkMetricInTitle,
  checkOutputNotOutcome,
  checkOwnerObjectiveCount,
  checkPeriod,
  checkStaleCheckIns,
  checkTitles,
  checkWhy,
  coachObjective,
  coachObjectives,
  findMetrics,
  findOutputVerb,
  hasErrors,
  type CoachContext,
  type CoachKeyResult,
  type CoachObjective,
  type Finding,
  type RuleId,
} from '../../../server/src/coach/index.js';

const NOW = new Date('2025-08-01T09:00:00Z');
const Q3 = { start: '2025-07-01', end: '2025-09-30' };
const context: CoachContext = { limits: { ...DEFAULT_LIMITS }, now: NOW };

function daysBefore(days: number): string {
  return new Date(NOW.getTime() - days * 86_400_000).toISOString();
}

function keyResult(overrides: Partial<CoachKeyResult> = {}): CoachKeyResult {
  return {
    id: 'kr-1',
    title: 'Raise new-hire onboarding satisfaction from 6.5 to 8.5',
    ownerId: 'ana',
    kind: 'increase_to',
    start: 6.5,
    target: 8.5,
    unit: 'score',
    dueDate: null,
    indicator: 'lagging',
    lastCheckInAt: daysBefore(3),
    ...overrides,
  };
}

function objective(overrides: Partial<CoachObjective> = {}): CoachObjective {
  return {
    id: 'obj-1',
    title: 'Make onboarding something new hires rave about',
    why: 'New hires who feel at home in their first month stay longer and ship sooner.',
    level: 'team',
    ownerId: 'ana',
    state: 'active',
    alignedTo: ['company-1'],
    impactTags: ['business'],
    period: Q3,
    keyResults: [
      keyResult(),
      keyResult({
        id: 'kr-2',
        title: 'Cut time to first merged pull request from 15 to 5 days',
        kind: 'decrease_to',
        start: 15,
        target: 5,
        unit: 'days',
        indicator: 'leading',
      }),
    ],
    ...overrides,
  };
}

function rulesOf(findings: readonly Finding[]): RuleId[] {
  return findings.map((finding) => finding.rule);
}

function seriousOnly(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.severity !== 'tip');
}

/** Realistic objectives a good coach must leave alone (no errors, no warnings). */
const GOOD_OBJECTIVES: CoachObjective[] = [
  objective({
    keyResults: [
      ...objective().keyResults,
      keyResult({
        id: 'kr-3',
        title: 'Keep weekly 1:1 attendance above 90%',
        kind: 'stay_above',
        start: null,
        target: 90,
        unit: '%',
        indicator: 'leading',
      }),
    ],
  }),
  objective({
    id: 'company-1',
    title: 'Grow our net deposits',
    why: 'Net deposits are the clearest signal that customers trust us with their money.',
    level: 'company',
    ownerId: 'ceo',
    alignedTo: [],
    impactTags: ['business', 'customer'],
    keyResults: [
      keyResult({ title: 'Net deposits grow from €40m to €55m', start: 40, target: 55, unit: '€m', ownerId: 'cfo' }),
      keyResult({ title: 'Weekly active depositors reach 12,000', start: 8000, target: 12_000, unit: 'depositors', indicator: 'leading' }),
    ],
  }),
  objective({
    title: 'Make Q3 the quarter our customers stop waiting on support',
    level: 'person',
    impactTags: ['customer'],
    keyResults: [
      keyResult({
        title: 'Median first response time from 9 to 2 hours',
        kind: 'decrease_to',
        start: 9,
        target: 2,
        unit: 'hours',
        indicator: 'leading',
      }),
      keyResult({ title: 'Keep CSAT above 4.5', kind: 'stay_above', start: null, target: 4.5, unit: 'points' }),
      keyResult({
        title: 'Self-service help centre live, answering the top 20 questions',
        kind: 'milestone',
        start: null,
        target: null,
        unit: null,
        dueDate: '2025-09-15',
        indicator: 'leading',
      }),
    ],
  }),
  objective({
    title: 'Support our B2B customers 24/7 without burning out the team',
    impactTags: ['customer', 'business'],
    keyResults: [
      keyResult({ title: 'Keep P1 incidents resolved within 4 hours above 95%', kind: 'stay_above', start: null, target: 95, unit: '%' }),
      keyResult({
        title: 'On-call pages per engineer stay below 3 a week',
        kind: 'stay_below',
        start: null,
        target: 3,
        unit: 'pages',
        indicator: 'leading',
      }),
    ],
  }),
  objective({
    title: 'Become the OKR tool teams open every Monday in Microsoft 365',
    impactTags: ['customer'],
    keyResults: [
      keyResult({ title: 'Weekly active teams from 40 to 120', start: 40, target: 120, unit: 'teams', indicator: 'leading' }),
      keyResult({ title: 'Teams sending the weekly OKR mail on time reach 80%', start: 35, target: 80, unit: '%' }),
    ],
  }),
  objective({
    title: 'Increase user engagement through upsells and cross-sells',
    impactTags: ['customer', 'business'],
    keyResults: [
      keyResult({
        title: 'Increase web traffic to 2 million users per month',
        start: 1.2,
        target: 2,
        unit: 'million users/month',
        indicator: 'leading',
      }),
      keyResult({ title: 'Harvest 10 lemons', start: 0, target: 10, unit: 'lemons' }),
    ],
  }),
];

describe('good OKRs', () => {
  it.each(GOOD_OBJECTIVES.map((good) => [good.title, good] as const))('“%s” gets no errors or warnings', (_title, good) => {
    const findings = coachObjective(good, context);
    expect(seriousOnly(findings)).toEqual([]);
    expect(hasErrors(findings)).toBe(false);
  });

  it('leaves a whole good set alone, owner limit included', () => {
    expect(seriousOnly(coachObjectives(GOOD_OBJECTIVES.slice(0, 3), context))).toEqual([]);
  });
});

describe('metric in the objective title', () => {
  it.each([
    ['Increase revenue 20%', '20%'],
    ['Reach 1M users', '1M'],
    ['Grow by $2k', '$2k'],
    ['Double sign-ups', 'Double'],
    ['Triple our reach in APAC', 'Triple'],
    ['Halve the time to hire', 'Halve'],
    ['Cut churn in half', 'in half'],
    ['Grow 10x', '10x'],
    ['Get annual recurring revenue to 20 million dollars', '20 million'],
    ['Reach a million users', 'a million'],
    ['Grow the team by 50% in Q2', '50%'],
    ['Help businesses reduce their carbon footprint by 50% in the next decade', '50%'],
    ['Reach the top ten of the SEO ranking', 'ten'],
    ['Sign twenty-five new logos', 'twenty-five'],
    ['Plant five lemon trees', 'five'],
    ['Grow net deposits 3.5 percent', '3.5 percent'],
    ['Earn €5m ARR', '€5m'],
    ['Reach 10k+ users.', '10k+'],
    ['Onboard 1,000 customers', '1,000'],
    ['Offer 24-hour support', '24-hour'],
  ])('finds the metric in “%s”', (title, fragment) => {
    expect(findMetrics(title)).toContain(fragment);
    const findings = checkMetricInTitle(objective({ title }), context, 0);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'error',
      rule: 'objective-metric-in-title',
      target: { kind: 'objective', objectiveIndex: 0 },
    });
    expect(findings[0]!.message).toContain('Keep the metrics out of the objective');
    expect(findings[0]!.message).toContain(`“${fragment}”`);
  });

  it.each([
    'Make Q3 the best onboarding ever',
    'Win the trust of B2B customers',
    'Give P1 incidents a calm, fast path to resolution',
    'Support customers 24/7',
    'Lead the APAC market in 2026',
    'Make FY25 our best year yet',
    "Nail Q3 '25",
    'Own the H2 launch together',
    'Make Microsoft 365 the home of our OKRs',
    'Make our 1:1s count',
    'Make every one-on-one worth the time',
    'Become the #1 choice for HR teams',
    'Be number one in APAC',
    'Be the No. 1 partner for retailers',
    'Establish our brand narrative within 6 months',
    'Crack the APAC market within one year',
    'Be one team across time zones',
    'Delight millions of customers',
    'Build a two-sided marketplace',
    'Double down on enterprise',
    'Win the second half of the year',
    'Ship Onboarding 2.0 that everyone loves',
    'Make our network 5G-ready',
    'Come out of COVID-19 stronger',
    'Launch by 30 June with confidence',
    'Become the best project management software in the United States',
    'Grow our net deposits',
    'Be first choice in the 1st round of every tender',
    '',
  ])('sees no metric in “%s”', (title) => {
    expect(findMetrics(title)).toEqual([]);
    expect(checkMetricInTitle(objective({ title }), context, 0)).toEqual([]);
  });
});

describe('objectives per owner', () => {
  const withOwner = (index: number, overrides: Partial<CoachObjective> = {}): CoachObjective =>
    objective({ id: `obj-${index}`, title: `Make onboarding feel like home, part ${'ABCDEFG'[index]}`, ...overrides });

  it('judges a single objective from ownerObjectiveCount', () => {
    expect(checkOwnerObjectiveCount(objective(), { ...context, ownerObjectiveCount: 3 }, 0)).toEqual([]);
    expect(checkOwnerObjectiveCount(objective(), context, 0)).toEqual([]);
    const findings = checkOwnerObjectiveCount(objective(), { ...context, ownerObjectiveCount: 4 }, 2);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'owner-too-many-objectives',
        target: { kind: 'objective', objectiveIndex: 2, id: 'obj-1' },
      }),
    ]);
    expect(findings[0]!.message).toMatch(/4 objectives.*limit is 3/);
  });

  it('follows the tenant limit (1–5)', () => {
    const strict: CoachContext = { ...context, limits: { ...DEFAULT_LIMITS, maxObjectivesPerOwner: 1 }, ownerObjectiveCount: 2 };
    expect(rulesOf(checkOwnerObjectiveCount(objective(), strict, 0))).toEqual(['owner-too-many-objectives']);
    const loose: CoachContext = { ...context, limits: { ...DEFAULT_LIMITS, maxObjectivesPerOwner: 5 }, ownerObjectiveCount: 5 };
    expect(checkOwnerObjectiveCount(objective(), loose, 0)).toEqual([]);
  });

  it('counts across a list: the WorkBoard “3–5 objectives” habit is too many here', () => {
    const five = [0, 1, 2, 3, 4].map((index) => withOwner(index));
    const findings = coachObjectives(five, context).filter((finding) => finding.rule === 'owner-too-many-objectives');
    expect(findings.map((finding) => finding.target.objectiveIndex)).toEqual([0, 1, 2, 3, 4]);
    expect(coachObjectives(five.slice(0, 3), context).filter((finding) => finding.rule === 'owner-too-many-objectives')).toEqual([]);
  });

  it('counts only the same owner in overlapping periods, ignoring unowned objectives and the context count', () => {
    const q4 = { start: '2025-10-01', end: '2025-12-31' };
    const spread = [withOwner(0), withOwner(1), withOwner(2, { period: q4 }), withOwner(3, { period: q4 })];
    const mixedOwners = [withOwner(0), withOwner(1), withOwner(2, { ownerId: 'ben' }), withOwner(3, { ownerId: 'ben' })];
    const unowned = [0, 1, 2, 3].map((index) => withOwner(index, { ownerId: null }));
    for (const list of [spread, mixedOwners, unowned]) {
      const findings = coachObjectives(list, { ...context, ownerObjectiveCount: 9 });
      expect(rulesOf(findings)).not.toContain('owner-too-many-objectives');
    }
  });
});

describe('number of key results', () => {
  it('errs on none', () => {
    const findings = checkKeyResultCount(objective({ keyResults: [] }), context, 0);
    expect(findings).toEqual([expect.objectContaining({ severity: 'error', rule: 'objective-no-key-results' })]);
  });

  it('warns above the limit (4 to 6 per objective is too many by default)', () => {
    const four = objective({ keyResults: [1, 2, 3, 4].map((n) => keyResult({ id: `kr-${n}` })) });
    expect(checkKeyResultCount(four, context, 0)).toEqual([
      expect.objectContaining({ severity: 'warning', rule: 'objective-too-many-key-results' }),
    ]);
    expect(checkKeyResultCount(four, { ...context, limits: { ...DEFAULT_LIMITS, maxKeyResultsPerObjective: 4 } }, 0)).toEqual([]);
    expect(checkKeyResultCount(objective({ keyResults: [1, 2, 3].map(() => keyResult()) }), context, 0)).toEqual([]);
    expect(checkKeyResultCount(objective({ keyResults: [keyResult()] }), context, 0)).toEqual([]);
  });
});

describe('key result owner, measure and due date', () => {
  it.each([null, undefined, '', '  '])('errs when the owner is %j', (ownerId) => {
    const findings = checkKeyResultOwner(objective({ keyResults: [keyResult(), keyResult({ id: 'kr-x', ownerId })] }), context, 1);
    expect(findings).toEqual([
      {
        severity: 'error',
        rule: 'key-result-no-owner',
        message: expect.any(String),
        target: { kind: 'keyResult', objectiveIndex: 1, keyResultIndex: 1, id: 'kr-x' },
      },
    ]);
  });

  it.each([
    [{ target: null }, 'a target number'],
    [{ unit: null }, 'a unit'],
    [{ unit: ' ' }, 'a unit'],
    [{ target: null, unit: null }, 'a target number and a unit'],
    [{ target: Number.NaN }, 'a target number'],
    [{ kind: 'stay_below', target: undefined }, 'a target number'],
  ] as const)('errs on an unmeasurable numeric key result %j', (overrides, missing) => {
    const findings = checkKeyResultMeasure(objective({ keyResults: [keyResult(overrides)] }), context, 0);
    expect(rulesOf(findings)).toEqual(['key-result-not-measurable']);
    expect(findings[0]!.severity).toBe('error');
    expect(findings[0]!.message).toContain(missing);
  });

  it('needs no target or unit on a milestone, nor a start on stay above / below', () => {
    const milestone = keyResult({ kind: 'milestone', start: null, target: null, unit: null, dueDate: '2025-09-01' });
    const stayAbove = keyResult({ kind: 'stay_above', start: null, target: 40, unit: 'NPS' });
    expect(checkKeyResultMeasure(objective({ keyResults: [milestone, stayAbove] }), context, 0)).toEqual([]);
  });

  it('warns without a start value and errs when the target points the wrong way', () => {
    const noStart = keyResult({ start: null });
    const wrongUp = keyResult({ start: 500, target: 200 });
    const flat = keyResult({ start: 200, target: 200 });
    const wrongDown = keyResult({ kind: 'decrease_to', start: 2, target: 5 });
    const findings = checkKeyResultMeasure(objective({ keyResults: [noStart, wrongUp, flat, wrongDown] }), context, 0);
    expect(findings.map((finding) => [finding.severity, finding.rule, finding.target.keyResultIndex])).toEqual([
      ['warning', 'key-result-no-start', 0],
      ['error', 'key-result-target-direction', 1],
      ['error', 'key-result-target-direction', 2],
      ['error', 'key-result-target-direction', 3],
    ]);
  });

  it('errs on a milestone without a readable due date', () => {
    for (const dueDate of [null, undefined, '', 'end of quarter']) {
      const milestone = keyResult({ kind: 'milestone', title: 'Help centre live', target: null, unit: null, dueDate });
      expect(checkKeyResultDueDate(objective({ keyResults: [milestone] }), context, 0)).toEqual([
        expect.objectContaining({ severity: 'error', rule: 'key-result-milestone-no-due-date' }),
      ]);
    }
  });

  it('lets the period stand in for a numeric due date, and warns when there is neither', () => {
    expect(checkKeyResultDueDate(objective(), context, 0)).toEqual([]);
    const findings = checkKeyResultDueDate(objective({ period: undefined, keyResults: [keyResult()] }), context, 0);
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', rule: 'key-result-no-due-date' })]);
  });

  it('warns when the due date falls outside the period, counting the last day in', () => {
    const dueDates = ['2025-06-30', '2025-10-01', '2025-07-01', '2025-09-30', '2025-09-30T17:00:00Z'];
    const krs = dueDates.map((dueDate, index) => keyResult({ id: `kr-${index}`, dueDate }));
    const findings = checkKeyResultDueDate(objective({ keyResults: krs }), context, 0);
    expect(findings.map((finding) => [finding.rule, finding.target.keyResultIndex])).toEqual([
      ['key-result-due-outside-period', 0],
      ['key-result-due-outside-period', 1],
    ]);
    expect(findings.every((finding) => finding.severity === 'warning')).toBe(true);
  });
});

describe('outputs instead of outcomes', () => {
  it.each([
    ['plant five lemon trees', 'plant'],
    ['Five lemon trees planted', 'plant'],
    ['Launch the new website', 'launch'],
    ['New website launched by June 30', 'launch'],
    ['Write 3 blog posts', 'write'],
    ['Post four blog articles a week', 'post'],
    ['host three webinars per quarter', 'host'],
    ['send out new product announcement email by the end of the quarter', 'send'],
    ['Hire 3 engineers', 'hire'],
    ['KR2: Build the partner portal', 'build'],
    ['We will run 4 workshops', 'run'],
    ['Interviewing 20 customers', 'interview'],
    ['Ship the dark mode', 'ship'],
    ['Implement SSO', 'implement'],
    ['Hold a monthly town hall', 'hold'],
    ['Organize the customer summit', 'organize'],
    ['Deliver the training to all managers', 'deliver'],
    ['Release v2 of the mobile app', 'release'],
    ['Publish the onboarding guide', 'publish'],
    ['Create an OKR template', 'create'],
    ['Completed the migration to the new CRM', 'complete'],
  ])('“%s” reads like an output (%s)', (title, verb) => {
    expect(findOutputVerb(title)).toBe(verb);
    const findings = checkOutputNotOutcome(objective({ keyResults: [keyResult({ title })] }), context, 0);
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', rule: 'key-result-output' })]);
    expect(findings[0]!.message).toContain(`“${verb}”`);
  });

  it.each([
    'Increase organic sign-ups from 200 to 500 a week',
    'increase web traffic to 2 million users per month',
    'Reaching the top ten spot for an SEO ranking',
    'Harvest 10 lemons',
    'Ship the new checkout so that conversion rises from 2% to 3%',
    'Launch the referral programme and grow referred sign-ups to 300',
    'Deals created by partners at 30% of pipeline',
    'Weekly active teams from 40 to 120',
    'Keep p95 page load below 2 seconds',
    'Customer NPS above 40',
    'Time to first value under 3 days',
    'Reduce onboarding drop-off from 30% to 10%',
    'Boost website traffic by 30% in a given month',
    '',
  ])('“%s” reads like an outcome', (title) => {
    expect(findOutputVerb(title)).toBeNull();
    expect(checkOutputNotOutcome(objective({ keyResults: [keyResult({ title })] }), context, 0)).toEqual([]);
  });
});

describe('leading and lagging balance', () => {
  const withIndicators = (...indicators: Array<'leading' | 'lagging' | null>): CoachObjective =>
    objective({ keyResults: indicators.map((indicator, index) => keyResult({ id: `kr-${index}`, indicator })) });

  it('tips when every marked key result is lagging (waiting for the lemons)', () => {
    expect(checkIndicatorBalance(withIndicators('lagging', 'lagging', 'lagging'), context, 0)).toEqual([
      expect.objectContaining({ severity: 'tip', rule: 'objective-no-leading-key-result' }),
    ]);
  });

  it('tips when every marked key result is leading', () => {
    expect(rulesOf(checkIndicatorBalance(withIndicators('leading', 'leading'), context, 0))).toEqual(['objective-no-lagging-key-result']);
    expect(rulesOf(checkIndicatorBalance(withIndicators('leading', null), context, 0))).toEqual(['objective-no-lagging-key-result']);
  });

  it('stays quiet when balanced, when nothing is marked, or with a single key result', () => {
    expect(checkIndicatorBalance(withIndicators('leading', 'lagging'), context, 0)).toEqual([]);
    expect(checkIndicatorBalance(withIndicators(null, null, null), context, 0)).toEqual([]);
    expect(checkIndicatorBalance(withIndicators('lagging'), context, 0)).toEqual([]);
  });
});

describe('impact, alignment and why', () => {
  it('warns when neither customer nor business impact is tagged', () => {
    expect(checkImpact(objective({ impactTags: [] }), context, 0)).toEqual([
      expect.objectContaining({ severity: 'warning', rule: 'objective-no-impact' }),
    ]);
    expect(checkImpact(objective({ impactTags: ['customer'] }), context, 0)).toEqual([]);
  });

  it('tips on a team or person objective aligned to nothing, never on a company objective', () => {
    expect(rulesOf(checkAlignment(objective({ level: 'team', alignedTo: [] }), context, 0))).toEqual(['objective-not-aligned']);
    expect(rulesOf(checkAlignment(objective({ level: 'person', alignedTo: [] }), context, 0))).toEqual(['objective-not-aligned']);
    expect(checkAlignment(objective({ level: 'company', alignedTo: [] }), context, 0)).toEqual([]);
    expect(checkAlignment(objective({ level: 'person', alignedTo: ['a', 'b'] }), context, 0)).toEqual([]);
    expect(checkAlignment(objective({ level: 'team', alignedTo: [] }), context, 0)[0]!.severity).toBe('tip');
  });

  it('tips when the why is missing', () => {
    for (const why of [undefined, '', ' ']) {
      expect(checkWhy(objective({ why }), context, 0)).toEqual([expect.objectContaining({ severity: 'tip', rule: 'objective-no-why' })]);
    }
  });

  it('errs on missing titles', () => {
    const findings = checkTitles(objective({ title: ' ', keyResults: [keyResult(), keyResult({ title: '' })] }), context, 0);
    expect(findings.map((finding) => [finding.severity, finding.rule, finding.target.keyResultIndex])).toEqual([
      ['error', 'objective-title-missing', undefined],
      ['error', 'key-result-title-missing', 1],
    ]);
  });
});

describe('set and forget', () => {
  const withCheckIn = (lastCheckInAt: string | null, overrides: Partial<CoachObjective> = {}): CoachObjective =>
    objective({ keyResults: [keyResult({ lastCheckInAt })], ...overrides });

  it('warns after two weeks without a check-in, not before', () => {
    expect(checkStaleCheckIns(withCheckIn(daysBefore(13)), context, 0)).toEqual([]);
    expect(checkStaleCheckIns(withCheckIn(daysBefore(14)), context, 0)).toEqual([
      expect.objectContaining({ severity: 'warning', rule: 'key-result-no-recent-check-in' }),
    ]);
    const findings = checkStaleCheckIns(withCheckIn(daysBefore(22)), context, 0);
    expect(findings[0]!.message).toContain('3 weeks');
  });

  it('counts from the period start when there was never a check-in', () => {
    expect(rulesOf(checkStaleCheckIns(withCheckIn(null), context, 0))).toEqual(['key-result-no-recent-check-in']);
    expect(checkStaleCheckIns(withCheckIn(null), context, 0)[0]!.message).toContain('No check-in yet');
    const fresh = { start: '2025-07-25', end: '2025-10-20' };
    expect(checkStaleCheckIns(withCheckIn(null, { period: fresh }), context, 0)).toEqual([]);
    expect(checkStaleCheckIns(withCheckIn(null, { period: undefined }), context, 0)).toEqual([]);
  });

  it('only judges active objectives', () => {
    for (const state of ['draft', 'closed', undefined] as const) {
      expect(checkStaleCheckIns(withCheckIn(daysBefore(40), { state }), context, 0)).toEqual([]);
    }
  });
});

describe('period', () => {
  it.each([
    ['calendar quarter', { start: '2025-07-01', end: '2025-09-30' }],
    ['quarter with an exclusive end', { start: '2025-07-01', end: '2025-10-01' }],
    ['Q1', { start: '2025-01-01', end: '2025-03-31' }],
    ['one month', { start: '2025-07-01', end: '2025-07-31' }],
  ])('accepts a %s', (_name, period) => {
    expect(checkPeriod(objective({ period }), context, 0)).toEqual([]);
  });

  it.each([
    ['the next 100 days', { start: '2025-07-01', end: '2025-10-09' }],
    ['a year', { start: '2025-01-01', end: '2025-12-31' }],
  ])('warns on %s', (_name, period) => {
    expect(checkPeriod(objective({ period }), context, 0)).toEqual([
      expect.objectContaining({ severity: 'warning', rule: 'objective-period-too-long' }),
    ]);
  });

  it('errs on a reversed or unreadable period', () => {
    for (const period of [
      { start: '2025-09-30', end: '2025-07-01' },
      { start: 'someday', end: '2025-09-30' },
    ]) {
      expect(rulesOf(checkPeriod(objective({ period }), context, 0))).toEqual(['objective-period-invalid']);
    }
    expect(checkPeriod(objective({ period: undefined }), context, 0)).toEqual([]);
  });
});

describe('coachObjective and coachObjectives', () => {
  const messy = objective({
    title: 'Increase revenue 20%',
    why: '',
    alignedTo: [],
    impactTags: [],
    period: { start: '2025-07-01', end: '2025-12-31' },
    keyResults: [
      keyResult({ title: 'plant five lemon trees', ownerId: null, kind: 'increase_to', target: 5, unit: null, indicator: 'lagging' }),
      keyResult({ title: 'Launch the new website', kind: 'milestone', dueDate: null, indicator: 'lagging', lastCheckInAt: daysBefore(30) }),
      keyResult({ title: 'Write 3 blog posts' }),
      keyResult({ title: 'Hire 3 engineers' }),
    ],
  });

  it('reports every problem of a messy objective, ordered by target and severity', () => {
    const findings = coachObjective(messy, context, 4);
    expect(findings.map((finding) => `${finding.target.keyResultIndex ?? '-'} ${finding.severity} ${finding.rule}`)).toEqual([
      '- error objective-metric-in-title',
      '- warning objective-too-many-key-results',
      '- warning objective-no-impact',
      '- warning objective-period-too-long',
      '- tip objective-not-aligned',
      '- tip objective-no-why',
      '- tip objective-no-leading-key-result',
      '0 error key-result-no-owner',
      '0 error key-result-not-measurable',
      '0 warning key-result-output',
      '1 error key-result-milestone-no-due-date',
      '1 warning key-result-output',
      '1 warning key-result-no-recent-check-in',
      '2 warning key-result-output',
      '3 warning key-result-output',
    ]);
    expect(findings.every((finding) => finding.target.objectiveIndex === 4)).toBe(true);
    expect(hasErrors(findings)).toBe(true);
  });

  it('indexes findings by position in the list', () => {
    const findings = coachObjectives([GOOD_OBJECTIVES[0]!, messy], context);
    expect(new Set(seriousOnly(findings).map((finding) => finding.target.objectiveIndex))).toEqual(new Set([1]));
  });

  it('hasErrors is false for warnings and tips only', () => {
    const tip = checkWhy(objective({ why: '' }), context, 0);
    const warning = checkImpact(objective({ impactTags: [] }), context, 0);
    expect(hasErrors([...tip, ...warning])).toBe(false);
    expect(hasErrors([])).toBe(false);
  });

  it('writes short messages and findings that match the published schema and rule ids', () => {
    const findings = coachObjectives(
      [messy, objective({ title: '', keyResults: [] }), objective({ period: { start: 'x', end: 'y' } })],
      context,
    );
    for (const finding of findings) {
      expect(FindingSchema.parse(finding)).toEqual(finding);
      expect(RULE_IDS).toContain(finding.rule);
      expect(finding.message.length).toBeLessThan(240);
      expect(finding.message).not.toMatch(/undefined|null|NaN/);
    }
  });
});

describe('packaging', () => {
  it('is exported as @northstar/server/coach', () => {
    expect(published.coachObjective).toBe(coachObjective);
    expect(published.DEFAULT_LIMITS).toEqual({ maxObjectivesPerOwner: 3, maxKeyResultsPerObjective: 3 });
  });

  it('imports nothing but its own files and zod, and uses no Node or DOM APIs', () => {
    const folder = fileURLToPath(new URL('../../../server/src/coach/', import.meta.url));
    const files = readdirSync(folder).filter((name) => name.endsWith('.ts'));
    expect(files).toContain('index.ts');
    for (const name of files) {
      const source = readFileSync(folder + name, 'utf8');
      const imports = [...source.matchAll(/from\s+'([^']+)'/g)].map((match) => match[1]);
      for (const specifier of imports) expect(specifier, name).toMatch(/^(?:\.\/[\w-]+\.js|zod)$/);
      expect(source, name).not.toMatch(
        /\b(?:process|window|document|navigator|localStorage|Buffer|globalThis)\s*\.|\brequire\s*\(|\bfetch\s*\(/,
      );
    }
  });
});
