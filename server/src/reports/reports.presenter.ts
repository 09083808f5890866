import type { ReportDelivery, TeamReport, TeamReportAction, TeamReportContent, TeamReportList } from '../contract/index.js';
import type { TeamReportRecord } from './reports.model.js';

/** The delivery state as the API shows it. */
export function presentDelivery(record: TeamReportRecord | null): ReportDelivery {
  const delivery = record?.delivery;
  if (!delivery) return { status: 'not_sent', sender: null, recipients: [], sentAt: null, sentBy: null, messageId: null, error: null };
  return {
    status: delivery.status,
    sender: delivery.sender ?? null,
    recipients: (delivery.recipients ?? []).map((recipient) => ({ name: recipient.name ?? '', address: recipient.address ?? '' })),
    sentAt: delivery.sentAt ? new Date(delivery.sentAt).toISOString() : null,
    sentBy: delivery.sentBy ?? null,
    messageId: delivery.messageId ?? null,
    error: delivery.error ?? null,
  };
}

/** A stored snapshot or a preview as the API answers it. */
export function presentReport(
  teamId: string,
  content: TeamReportContent,
  record: TeamReportRecord | null,
  link: string,
  allowedActions: TeamReportAction[],
): TeamReport {
  return { ...content, teamId, preview: record === null, delivery: presentDelivery(record), link, allowedActions };
}

/** The months a team's report can be read for, newest first. */
export function presentList(
  teamId: string,
  teamName: string,
  months: readonly string[],
  stored: readonly TeamReportRecord[],
  allowedActions: TeamReportAction[],
): TeamReportList {
  const byMonth = new Map(stored.map((record) => [record.month, record]));
  return {
    teamId,
    teamName,
    months: months.map((month) => {
      const record = byMonth.get(month) ?? null;
      return {
        month,
        stored: record !== null,
        generatedAt: record ? new Date(record.generatedAt).toISOString() : null,
        deliveryStatus: presentDelivery(record).status,
      };
    }),
    allowedActions,
  };
}
