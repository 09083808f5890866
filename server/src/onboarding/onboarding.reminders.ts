import type { Logger } from 'pino';
import type { ActivityFeed } from '../graph/activity-feed.js';
import { recordReminders, remindersSent } from '../jobs/reminder-rounds.js';
import { isoWeekOf } from '../okrs/periods.js';
import type { OnboardingService } from './onboarding.service.js';

/** Counts of one round of onboarding reminders. */
export interface OnboardingReminderSummary {
  tenantId: string;
  sent: number;
  failed: number;
}

/**
 * Reminds new hires whose coursework is overdue and waits on them, in the Teams activity feed,
 * once per person and ISO week; enrols recent hires first so nobody is missed between syncs.
 */
export class OnboardingReminders {
  constructor(private readonly deps: { onboarding: OnboardingService; feed: ActivityFeed; logger: Logger }) {}

  /** One round for one tenant at `now`; the scheduler calls it under the tenant's lease. */
  async run(tenantId: string, now: Date = new Date()): Promise<OnboardingReminderSummary> {
    const summary: OnboardingReminderSummary = { tenantId, sent: 0, failed: 0 };
    await this.deps.onboarding.enrolRecentHires(tenantId);
    const isoWeek = isoWeekOf(now);
    const overdue = (await this.deps.onboarding.overdueReminders(tenantId, now)).filter((item) => item.waitingOn === 'new_hire');
    if (overdue.length === 0) return summary;
    const already = await remindersSent(tenantId, [isoWeek], ['onboarding']);
    const sent: Array<{ isoWeek: string; kind: 'onboarding'; personId: string }> = [];
    for (const item of overdue) {
      if (already.has(`${isoWeek}:onboarding:${item.personId}`)) continue;
      try {
        await this.deps.feed.notify(tenantId, item.personId, {
          type: 'onboardingOverdue',
          previewText: `${item.daysOverdue} days past the due date. Finish the lessons and submit your first OKRs in Northstar.`,
          templateParameters: { due: item.dueDate },
          subPageId: 'onboarding',
        });
        sent.push({ isoWeek, kind: 'onboarding', personId: item.personId });
      } catch (error) {
        summary.failed += 1;
        this.deps.logger.warn({ tenantId, personId: item.personId, err: String(error) }, 'onboarding reminder not delivered');
      }
    }
    await recordReminders(tenantId, sent);
    summary.sent = sent.length;
    return summary;
  }
}
