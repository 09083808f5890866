import { STALE_CHECK_IN_DAYS } from '../coach/index.js';
import type { AgendaItem, AgendaKeyResultFlag, OneOnOneOnboardingStatus, PersonRef } from '../contract/index.js';
import type { KeyResultRecord, ObjectiveRecord } from '../okrs/okrs.model.js';
import { confidenceColor, keyResultProgress } from '../okrs/okrs.progress.js';
import type { WeeklyReportRecord } from '../weekly/weekly.model.js';
import type { ActionItemRecord, ConfidenceSnapshot } from './oneonones.model.js';

const DAY_MS = 86_400_000;

/** A drop of at least this many confidence points since the previous 1:1 puts a key result on the agenda. */
export const CONFIDENCE_DROP = 2;
/** A report hired within this many days is a new hire whose onboarding shows on the agenda. */
export const NEW_HIRE_DAYS = 90;

/** What an agenda is built from; everything is already scoped to the pair. */
export interface AgendaInputs {
  now: Date;
  /** Today in the tenant's time zone, `YYYY-MM-DD`. */
  today: string;
  /** First day of the current period (never-checked-in key results count from it). */
  periodStart: string;
  /** The report's active objectives of the period with the key results the report owns. */
  objectives: ReadonlyArray<{ objective: ObjectiveRecord; keyResults: readonly KeyResultRecord[] }>;
  /** Confidences of the report's key results when the previous 1:1 was held. */
  confidenceAtLastHeld: readonly ConfidenceSnapshot[];
  /** The report's weekly reports of this and last week (any status). */
  weeklyReports: readonly WeeklyReportRecord[];
  /** Out-of-office periods of the pair from Outlook, shown after the weekly-mail items. */
  outOfOffice?: readonly AgendaItem[];
  /** The pair's open action items from earlier 1:1s. */
  carriedActionItems: readonly ActionItemRecord[];
  personRef: (id: string) => PersonRef;
  /** Hire date and onboarding status of the report, when they are a new hire or enrolled. */
  onboarding: { hireDate: string | null; status: OneOnOneOnboardingStatus | null; dueDate: string | null } | null;
}

const FLAG_RANK: Record<AgendaKeyResultFlag, number> = { red: 0, dropping: 1, yellow: 2, stale: 3 };

/** The report's latest sent weekly mail among the given reports, newest week first. */
export function latestMail(reports: readonly WeeklyReportRecord[]): WeeklyReportRecord | null {
  const sent = reports.filter((report) => report.status === 'sent' || report.status === 'reviewed');
  sent.sort((a, b) => (a.isoWeek < b.isoWeek ? 1 : a.isoWeek > b.isoWeek ? -1 : 0));
  return sent[0] ?? null;
}

function keyResultItems(inputs: AgendaInputs): AgendaItem[] {
  const before = new Map(inputs.confidenceAtLastHeld.map((entry) => [entry.keyResultId, entry]));
  const periodStart = Date.parse(`${inputs.periodStart}T00:00:00Z`);
  const items: Array<{ rank: number; item: AgendaItem }> = [];
  for (const { objective, keyResults } of inputs.objectives) {
    for (const keyResult of keyResults) {
      const id = keyResult._id.toHexString();
      const confidence = keyResult.lastConfidence ?? null;
      const week = keyResult.lastCheckInWeek ?? null;
      const snapshot = before.get(id);
      const previous = snapshot && week !== null && (snapshot.isoWeek === null || snapshot.isoWeek < week) ? snapshot : undefined;
      const flags: AgendaKeyResultFlag[] = [];
      const color = confidence === null ? null : confidenceColor(confidence);
      if (color === 'red' || color === 'yellow') flags.push(color);
      if (confidence !== null && previous && previous.confidence - confidence >= CONFIDENCE_DROP) flags.push('dropping');
      const lastAt = keyResult.lastCheckInAt ? new Date(keyResult.lastCheckInAt).getTime() : null;
      const since = lastAt ?? (Number.isNaN(periodStart) ? null : periodStart);
      const sinceMs = since === null ? null : inputs.now.getTime() - since;
      if (sinceMs !== null && sinceMs >= STALE_CHECK_IN_DAYS * DAY_MS) flags.push('stale');
      if (flags.length === 0) continue;
      flags.sort((a, b) => FLAG_RANK[a] - FLAG_RANK[b]);
      items.push({
        rank: FLAG_RANK[flags[0]!],
        item: {
          id: `kr:${id}`,
          kind: 'key_result',
          keyResultId: id,
          objectiveId: objective._id.toHexString(),
          objectiveTitle: objective.title,
          title: keyResult.title,
          flags,
          confidence,
          confidenceColor: color,
          previousConfidence: previous?.confidence ?? null,
          lastCheckInWeek: keyResult.lastCheckInWeek ?? null,
          weeksSinceCheckIn: sinceMs === null ? null : Math.max(0, Math.floor(sinceMs / (7 * DAY_MS))),
          progress: keyResultProgress(keyResult),
        },
      });
    }
  }
  return items.sort((a, b) => a.rank - b.rank).map((entry) => entry.item);
}

function weeklyMailItems(mail: WeeklyReportRecord | null): AgendaItem[] {
  if (!mail) return [];
  const items: AgendaItem[] = mail.lastWeekPriorities.flatMap((priority, index) =>
    priority.status === 'red'
      ? [
          {
            id: `priority:${mail.isoWeek}:${index}`,
            kind: 'red_priority' as const,
            title: priority.title,
            keyResultId: priority.keyResultId ?? null,
            isoWeek: mail.isoWeek,
          },
        ]
      : [],
  );
  const risks = (mail.risks ?? '').trim();
  if (risks) items.push({ id: `risk:${mail.isoWeek}`, kind: 'risk', text: risks, isoWeek: mail.isoWeek });
  const timeOff = (mail.timeOff ?? '').trim();
  if (timeOff) items.push({ id: `time-off:${mail.isoWeek}`, kind: 'time_off', text: timeOff, isoWeek: mail.isoWeek });
  return items;
}

/**
 * The agenda items built from data, in the order PRODUCT.md lists them: flagged key results (red,
 * yellow, dropping, stale), red priorities, risks and time off from the latest weekly mail, carried-over
 * action items, onboarding status of a new hire, and active objectives aligned to nothing.
 */
export function buildAgendaItems(inputs: AgendaInputs): AgendaItem[] {
  const items: AgendaItem[] = [
    ...keyResultItems(inputs),
    ...weeklyMailItems(latestMail(inputs.weeklyReports)),
    ...(inputs.outOfOffice ?? []),
  ];
  for (const action of inputs.carriedActionItems) {
    items.push({
      id: `action:${action._id}`,
      kind: 'action_item',
      actionItemId: action._id,
      title: action.title,
      owner: inputs.personRef(action.ownerId),
      dueDate: action.dueDate ?? null,
      overdue: action.dueDate !== null && action.dueDate < inputs.today,
    });
  }
  if (inputs.onboarding) {
    items.push({
      id: 'onboarding',
      kind: 'onboarding',
      hireDate: inputs.onboarding.hireDate,
      status: inputs.onboarding.status,
      dueDate: inputs.onboarding.dueDate,
    });
  }
  for (const { objective } of inputs.objectives) {
    if ((objective.alignedTo ?? []).length > 0 || objective.level === 'company') continue;
    items.push({
      id: `objective:${objective._id.toHexString()}`,
      kind: 'unaligned_objective',
      objectiveId: objective._id.toHexString(),
      title: objective.title,
    });
  }
  return items;
}
