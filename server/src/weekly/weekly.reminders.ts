import type { Logger } from 'pino';
import type { ActivityFeed, ActivityNotification } from '../graph/activity-feed.js';
import type { PreferencesRepo } from '../me/preferences.repo.js';
import { shiftIsoWeek } from '../okrs/periods.js';
import { PersonModel } from '../org/people.model.js';
import type { SettingsService } from '../settings/settings.service.js';
import { authorDeadline, isoWeekIn, reviewTime, type DeadlineRules } from './weekly.deadline.js';
import { WeeklyReportModel, weeklyReportKey } from './weekly.model.js';
import { recordReminders, remindersSent, type ReminderKind } from '../jobs/reminder-rounds.js';
import { op } from '../db/operators.js';

/** The weekly-mail kinds of reminders. */
type WeeklyReminderKind = Exclude<ReminderKind, 'onboarding'>;

const HOUR_MS = 3_600_000;
/** Overdue reminders and review reminders go out within this long after the deadline or review time; later ticks let the week go. */
const LATE_WINDOW_MS = 24 * HOUR_MS;
/** Up to this many report lookups are made by `_id`; beyond it one scan of the week's reports is cheaper. */
const MAX_LOOKUPS_BY_ID = 100;
/** Notifications in flight at once. */
const SEND_CONCURRENCY = 20;
/** Sent reminders are recorded in writes of about this many (a crash may repeat at most these). */
const RECORD_EVERY = 200;

/** Counts of one reminder round of a tenant. */
export interface ReminderRunSummary {
  tenantId: string;
  due: number;
  overdue: number;
  review: number;
  failed: number;
  /** True when no one's deadline or review time was near, so nothing was read beyond settings and time zones. */
  idle: boolean;
}

interface Author {
  id: string;
  isManager: boolean;
  timeZone: string;
}

interface Planned {
  kind: WeeklyReminderKind;
  isoWeek: string;
  personId: string;
  notification: ActivityNotification;
}

/**
 * Weekly-mail reminders in the Teams activity feed: "due" shortly before the author's deadline,
 * "overdue" after it while the mail is not sent, and "review" for managers at review time when sent
 * mails of their reports wait. Deadlines follow the tenant's rules in each person's own time zone
 * (the tenant's when their client never reported one). Each reminder goes out once per person and week.
 */
export class WeeklyReminders {
  constructor(
    private readonly deps: {
      settings: SettingsService;
      preferences: PreferencesRepo;
      feed: ActivityFeed;
      logger: Logger;
      /** Minutes before the deadline the "due" reminder goes out. */
      leadMinutes: number;
    },
  ) {}

  /** One round for one tenant at `now`; the scheduler calls it under the tenant's lease. */
  async run(tenantId: string, now: Date = new Date()): Promise<ReminderRunSummary> {
    const summary: ReminderRunSummary = { tenantId, due: 0, overdue: 0, review: 0, failed: 0, idle: true };
    const rules = await this.deps.settings.stored(tenantId);
    const zones = await this.deps.preferences.timeZones(tenantId);
    const zonesInUse = new Set([rules.timeZone, ...zones.values()]);
    if (![...zonesInUse].some((zone) => this.anyWindowOpen(now, rules, zone))) return summary;
    summary.idle = false;

    const { authors, reportsOf } = await this.authors(tenantId, rules.timeZone, zones);
    const planned = this.plan(now, rules, authors);
    if (planned.length === 0) return summary;

    const weeks = [...new Set(planned.map((item) => item.isoWeek))];
    const alreadySent = await remindersSent(tenantId, weeks, ['due', 'overdue', 'review']);
    const pending = planned.filter((item) => !alreadySent.has(`${item.isoWeek}:${item.kind}:${item.personId}`));
    const statuses = await this.statuses(tenantId, pending, reportsOf);
    const sendable = pending.filter((item) => {
      if (item.kind !== 'review') return (statuses.get(weeklyReportKey(tenantId, item.personId, item.isoWeek)) ?? 'draft') === 'draft';
      const waiting = (reportsOf.get(item.personId) ?? []).filter(
        (reportId) => statuses.get(weeklyReportKey(tenantId, reportId, item.isoWeek)) === 'sent',
      ).length;
      item.notification.templateParameters.count = String(waiting);
      item.notification.previewText = `${waiting} weekly OKR mails of your team for ${item.isoWeek} wait for your review.`;
      return waiting > 0;
    });

    let unrecorded: Planned[] = [];
    for (let start = 0; start < sendable.length; start += SEND_CONCURRENCY) {
      const batch = sendable.slice(start, start + SEND_CONCURRENCY);
      const results = await Promise.allSettled(batch.map((item) => this.deps.feed.notify(tenantId, item.personId, item.notification)));
      results.forEach((result, index) => {
        const item = batch[index]!;
        if (result.status === 'fulfilled') {
          unrecorded.push(item);
          summary[item.kind] += 1;
        } else {
          summary.failed += 1;
          this.deps.logger.warn({ tenantId, personId: item.personId, err: String(result.reason) }, 'reminder not delivered');
        }
      });
      if (unrecorded.length >= RECORD_EVERY || start + SEND_CONCURRENCY >= sendable.length) {
        await recordReminders(tenantId, unrecorded);
        unrecorded = [];
      }
    }
    return summary;
  }

  /** True when, in `zone`, some deadline or review time of this or next week is near enough for a reminder. */
  private anyWindowOpen(now: Date, rules: DeadlineRules, zone: string): boolean {
    return this.weeksAround(now, zone).some(
      (isoWeek) =>
        this.kindAt(now, authorDeadline(isoWeek, rules, true, zone)) !== null ||
        this.kindAt(now, authorDeadline(isoWeek, rules, false, zone)) !== null ||
        this.reviewOpen(now, reviewTime(isoWeek, rules, zone)),
    );
  }

  /** This week and the next (a "due" window may start the evening before a Monday deadline). */
  private weeksAround(now: Date, zone: string): string[] {
    const thisWeek = isoWeekIn(now, zone);
    return [thisWeek, shiftIsoWeek(thisWeek, 1)];
  }

  private kindAt(now: Date, deadline: Date): 'due' | 'overdue' | null {
    const t = now.getTime();
    const d = deadline.getTime();
    if (t >= d - this.deps.leadMinutes * 60_000 && t < d) return 'due';
    if (t >= d && t < d + LATE_WINDOW_MS) return 'overdue';
    return null;
  }

  private reviewOpen(now: Date, at: Date): boolean {
    return now.getTime() >= at.getTime() && now.getTime() < at.getTime() + LATE_WINDOW_MS;
  }

  /** Enabled people who write the weekly mail (everyone with a manager or with reports), and each manager's reports. */
  private async authors(
    tenantId: string,
    tenantZone: string,
    zones: Map<string, string>,
  ): Promise<{ authors: Author[]; reportsOf: Map<string, string[]> }> {
    const people = await PersonModel.find({ tenantId, enabled: true }, { id: 1, managerId: 1, _id: 0 }).lean<
      Array<{ id: string; managerId: string | null }>
    >();
    const reportsOf = new Map<string, string[]>();
    for (const person of people) {
      if (person.managerId) reportsOf.set(person.managerId, [...(reportsOf.get(person.managerId) ?? []), person.id]);
    }
    const authors = people
      .filter((person) => person.managerId || reportsOf.has(person.id))
      .map((person) => ({ id: person.id, isManager: reportsOf.has(person.id), timeZone: zones.get(person.id) ?? tenantZone }));
    return { authors, reportsOf };
  }

  private plan(now: Date, rules: DeadlineRules, authors: readonly Author[]): Planned[] {
    const planned: Planned[] = [];
    for (const author of authors) {
      for (const isoWeek of this.weeksAround(now, author.timeZone)) {
        const deadline = authorDeadline(isoWeek, rules, author.isManager, author.timeZone);
        const kind = this.kindAt(now, deadline);
        if (kind)
          planned.push({ kind, isoWeek, personId: author.id, notification: this.mailNotification(kind, isoWeek, deadline, author) });
        if (author.isManager && this.reviewOpen(now, reviewTime(isoWeek, rules, author.timeZone))) {
          planned.push({
            kind: 'review',
            isoWeek,
            personId: author.id,
            notification: { type: 'weeklyReviewDue', previewText: '', templateParameters: { count: '0' }, subPageId: `weekly/${isoWeek}` },
          });
        }
      }
    }
    return planned;
  }

  private mailNotification(kind: 'due' | 'overdue', isoWeek: string, deadline: Date, author: Author): ActivityNotification {
    const due = new Intl.DateTimeFormat('en-GB', {
      timeZone: author.timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    }).format(deadline);
    return {
      type: kind === 'due' ? 'weeklyMailDue' : 'weeklyMailOverdue',
      previewText:
        kind === 'due'
          ? `Write it in Outlook with the Northstar add-in before ${due}.`
          : `It was due ${due}. Send it from Outlook with the Northstar add-in.`,
      templateParameters: { week: isoWeek, due },
      subPageId: 'home',
    };
  }

  /** Status of the reports the planned reminders depend on, by report `_id` (absent = not started). */
  private async statuses(tenantId: string, planned: readonly Planned[], reportsOf: Map<string, string[]>): Promise<Map<string, string>> {
    const wanted = new Set<string>();
    for (const item of planned) {
      const authorIds = item.kind === 'review' ? (reportsOf.get(item.personId) ?? []) : [item.personId];
      for (const authorId of authorIds) wanted.add(weeklyReportKey(tenantId, authorId, item.isoWeek));
    }
    const statuses = new Map<string, string>();
    if (wanted.size <= MAX_LOOKUPS_BY_ID) {
      const rows = await Promise.all(
        [...wanted].map((_id) => WeeklyReportModel.findOne({ _id }, { status: 1 }).lean<{ _id: string; status: string }>()),
      );
      for (const row of rows) if (row) statuses.set(row._id, row.status);
      return statuses;
    }
    const weeks = [...new Set(planned.map((item) => item.isoWeek))];
    const rows = await WeeklyReportModel.find({ tenantId, isoWeek: op({ $in: weeks }) }, { status: 1 }).lean<
      Array<{ _id: string; status: string }>
    >();
    for (const row of rows) if (wanted.has(row._id)) statuses.set(row._id, row.status);
    return statuses;
  }
}
