import { ChannelTabModel } from '../channels/channels.model.js';
import { TeamMetricsModel } from '../metrics/metrics.model.js';
import { docKey, type OkrReadModel } from '../okrs/okrs.readmodel.js';
import { WeeklyReportModel, weeklyReportKey, type WeeklyReportRecord } from '../weekly/weekly.model.js';
import { TeamReportClaimModel, TeamReportModel, teamReportKey, type TeamReportRecord } from './reports.model.js';

const WEEKLY_REPORTS = WeeklyReportModel.collection.collectionName;

/** A snapshot to store. */
export type NewTeamReport = Pick<TeamReportRecord, 'tenantId' | 'teamId' | 'month' | 'content' | 'generatedAt' | 'generatedBy'>;

/** What is written when a claimed delivery ends. */
export type DeliveryOutcome =
  | {
      status: 'sent';
      sender: string;
      recipients: Array<{ name: string; address: string }>;
      sentAt: Date;
      sentBy: string;
      messageId: string | null;
    }
  | { status: 'failed'; sender: string; recipients: Array<{ name: string; address: string }>; error: string };

const isDuplicate = (error: unknown): boolean => (error as { code?: number }).code === 11000;

/** Stored monthly reports (by `_id` only), the weekly mails they read and the teams that use team rituals. */
export class ReportsRepo {
  constructor(private readonly readModel: OkrReadModel) {}

  /** A team's stored report of a month, or null. */
  async get(tenantId: string, teamId: string, month: string): Promise<TeamReportRecord | null> {
    return TeamReportModel.findOne({ _id: teamReportKey(tenantId, teamId, month) }).lean<TeamReportRecord>();
  }

  /** Stored reports of some months (one lookup by `_id` each). */
  async many(tenantId: string, teamId: string, months: readonly string[]): Promise<TeamReportRecord[]> {
    const rows = await Promise.all(months.map((month) => this.get(tenantId, teamId, month)));
    return rows.filter((row): row is TeamReportRecord => row !== null);
  }

  /** Stores a snapshot unless one exists; false when another writer stored it first (the unique `_id` decides). */
  async insertIfAbsent(report: NewTeamReport): Promise<boolean> {
    try {
      await TeamReportModel.collection.insertOne({
        _id: teamReportKey(report.tenantId, report.teamId, report.month) as never,
        ...report,
        delivery: notSent(),
        version: 1,
      });
      return true;
    } catch (error) {
      if (isDuplicate(error)) return false;
      throw error;
    }
  }

  /** Stores a snapshot, replacing the content of an existing one and keeping its delivery state. */
  async save(report: NewTeamReport): Promise<TeamReportRecord> {
    const _id = teamReportKey(report.tenantId, report.teamId, report.month);
    if (!(await this.insertIfAbsent(report))) {
      await TeamReportModel.updateOne(
        { _id },
        { $set: { content: report.content, generatedAt: report.generatedAt, generatedBy: report.generatedBy }, $inc: { version: 1 } },
      );
    }
    return (await TeamReportModel.findOne({ _id }).lean<TeamReportRecord>())!;
  }

  /**
   * Claims the sending of a stored report that is `not_sent` or `failed`: inserts the claim of its next attempt (a unique
   * `_id`, so of any number of racing instances or requests exactly one succeeds), then marks the report `sending`. A
   * claim never repeats, so a report that is being or was sent is not claimed again.
   */
  async claimDelivery(tenantId: string, teamId: string, month: string, claimedBy: string): Promise<boolean> {
    const reportId = teamReportKey(tenantId, teamId, month);
    const report = await TeamReportModel.findOne({ _id: reportId }, { delivery: 1 }).lean<Pick<TeamReportRecord, 'delivery'>>();
    if (!report || report.delivery.status === 'sending' || report.delivery.status === 'sent') return false;
    const attempt = report.delivery.attempts ?? 0;
    const claimedAt = new Date();
    try {
      await TeamReportClaimModel.collection.insertOne({
        _id: `${reportId}:${attempt}` as never,
        tenantId,
        reportId,
        attempt,
        claimedBy,
        claimedAt,
      });
    } catch (error) {
      if (isDuplicate(error)) return false;
      throw error;
    }
    await TeamReportModel.updateOne(
      { _id: reportId },
      {
        $set: {
          'delivery.status': 'sending',
          'delivery.claimedBy': claimedBy,
          'delivery.claimedAt': claimedAt,
          'delivery.error': null,
          'delivery.attempts': attempt + 1,
        },
      },
    );
    return true;
  }

  /** Records how a claimed delivery ended (only the claimant's). */
  async finishDelivery(tenantId: string, teamId: string, month: string, claimedBy: string, outcome: DeliveryOutcome): Promise<void> {
    const set: Record<string, unknown> = {
      'delivery.status': outcome.status,
      'delivery.sender': outcome.sender,
      'delivery.recipients': outcome.recipients,
    };
    if (outcome.status === 'sent') {
      Object.assign(set, {
        'delivery.sentAt': outcome.sentAt,
        'delivery.sentBy': outcome.sentBy,
        'delivery.messageId': outcome.messageId,
      });
    } else set['delivery.error'] = outcome.error.slice(0, 500);
    await TeamReportModel.updateOne(
      { _id: teamReportKey(tenantId, teamId, month), 'delivery.status': 'sending', 'delivery.claimedBy': claimedBy },
      { $set: set },
    );
  }

  /** The author's sent weekly mails of the given weeks, from memory until a logged write changes one (a lookup by `_id` each first). */
  async weeklyMails(tenantId: string, authorId: string, isoWeeks: readonly string[]): Promise<WeeklyReportRecord[]> {
    const rows = await Promise.all(
      isoWeeks.map((week) => {
        const _id = weeklyReportKey(tenantId, authorId, week);
        return this.readModel.cached(tenantId, docKey(WEEKLY_REPORTS, _id), () =>
          WeeklyReportModel.findOne({ _id }).lean<WeeklyReportRecord>(),
        );
      }),
    );
    return rows.filter((row): row is WeeklyReportRecord => row !== null && row.status !== 'draft');
  }

  /**
   * Teams of the tenant that use team rituals: bound to a channel tab or owning a live metric. Run by the monthly job only
   * (these two filters scan their collections, which hold one small document per channel or team).
   */
  async teamsUsingRituals(tenantId: string): Promise<string[]> {
    const [tabs, metrics] = await Promise.all([
      ChannelTabModel.find({ tenantId }, { teamId: 1, _id: 0 }).lean<Array<{ teamId: string }>>(),
      TeamMetricsModel.find({ tenantId }, { teamId: 1, metrics: 1, _id: 0 }).lean<
        Array<{ teamId: string; metrics: Array<{ archived?: boolean }> }>
      >(),
    ]);
    const teams = new Set(tabs.map((tab) => tab.teamId));
    for (const row of metrics) if (row.metrics.some((metric) => !metric.archived)) teams.add(row.teamId);
    return [...teams].sort();
  }
}

function notSent(): TeamReportRecord['delivery'] {
  return {
    status: 'not_sent',
    claimedBy: null,
    claimedAt: null,
    sender: null,
    recipients: [],
    sentAt: null,
    sentBy: null,
    messageId: null,
    error: null,
    attempts: 0,
  };
}
