import type { Client } from '@microsoft/microsoft-graph-client';
import type { Logger } from 'pino';
import { MetricsRepo } from '../metrics/metrics.repo.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { OkrsRepo } from '../okrs/okrs.repo.js';
import type { OrgDirectory } from '../org/org.directory.js';
import { SettingsRepo } from '../settings/settings.repo.js';
import { SettingsService } from '../settings/settings.service.js';
import { WinsRepo } from '../wins/wins.repo.js';
import { WinsService } from '../wins/wins.service.js';
import { ReportsRepo } from './reports.repo.js';
import { reportsServiceFor } from './reports.routes.js';
import { firstWorkingDay, shiftMonth } from './reports.rules.js';
import type { ReportsService } from './reports.service.js';

/** Local hour from which the report goes out on the first working day. */
export const REPORT_HOUR = 8;
/** Last day of the month on which a report missed on its first working day (e.g. every instance down) still goes out. */
export const LAST_CATCH_UP_DAY = 7;

/** What one run did. */
export interface MonthlyReportsSummary {
  /** False when it is not the time to send (before the first working day's 08:00 or after the catch-up days). */
  due: boolean;
  /** The month reported on (the previous one). */
  month: string;
  sent: number;
  failed: number;
  /** Teams whose report was already mailed or claimed by another run. */
  already: number;
}

const hourFormats = new Map<string, Intl.DateTimeFormat>();

/** Local date and hour of an instant in a time zone. */
function localDateTime(now: Date, timeZone: string): { date: string; hour: number } {
  let format = hourFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    hourFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(now).map((part) => [part.type, part.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/**
 * Mails last month's report of every team that uses team rituals on the first working day (Monday–Friday, tenant time
 * zone) of each month, from 08:00. Each team's delivery is claimed in the database before sending, so reruns, restarts and
 * other instances never mail a report twice.
 */
export class MonthlyReports {
  constructor(
    private readonly deps: {
      service: ReportsService;
      repo: ReportsRepo;
      settings: SettingsService;
      logger: Logger;
      /** Names this runner in the claims it writes (the instance's lease holder). */
      holder: string;
    },
  ) {}

  /** One round for a tenant at `now`. */
  async run(tenantId: string, now: Date = new Date()): Promise<MonthlyReportsSummary> {
    const { timeZone } = await this.deps.settings.stored(tenantId);
    const local = localDateTime(now, timeZone);
    const thisMonth = local.date.slice(0, 7);
    const month = shiftMonth(thisMonth, -1);
    const first = firstWorkingDay(thisMonth);
    const due =
      local.date <= `${thisMonth}-${String(LAST_CATCH_UP_DAY).padStart(2, '0')}` &&
      (local.date > first || (local.date === first && local.hour >= REPORT_HOUR));
    const summary: MonthlyReportsSummary = { due, month, sent: 0, failed: 0, already: 0 };
    if (!due) return summary;
    for (const teamId of await this.deps.repo.teamsUsingRituals(tenantId)) {
      try {
        const stored = await this.deps.service.ensureStored(tenantId, teamId, month, now);
        if (!stored) continue;
        if (stored.delivery.status === 'sent' || stored.delivery.status === 'sending') {
          summary.already += 1;
          continue;
        }
        const result = await this.deps.service.deliver(tenantId, teamId, month, this.deps.holder, 'schedule');
        if (result === 'sent') summary.sent += 1;
        else if (result === 'already') summary.already += 1;
        else summary.failed += 1;
      } catch (error) {
        summary.failed += 1;
        this.deps.logger.error({ tenantId, teamId, month, err: (error as Error).message }, 'monthly report failed');
      }
    }
    return summary;
  }
}

/** Builds the monthly job with its own read models (main.ts; tests build a second one to race the first). */
export function monthlyReportsFor(deps: {
  directory: OrgDirectory;
  graphFor: (tenantId: string) => Client;
  appId: string;
  logger: Logger;
  holder: string;
  /** The process's OKR store (one in-memory read model per process). */
  okrsRepo: OkrsRepo;
}): MonthlyReports {
  const { okrsRepo } = deps;
  const settings = new SettingsService(new SettingsRepo());
  const service = reportsServiceFor({
    okrsRepo,
    settings,
    directory: deps.directory,
    metrics: new MetricsService(new MetricsRepo(okrsRepo.readModel), settings, deps.directory),
    wins: new WinsService(new WinsRepo(okrsRepo.readModel), okrsRepo, settings, deps.directory),
    graphFor: deps.graphFor,
    appId: deps.appId,
  });
  return new MonthlyReports({ service, repo: new ReportsRepo(okrsRepo.readModel), settings, logger: deps.logger, holder: deps.holder });
}
