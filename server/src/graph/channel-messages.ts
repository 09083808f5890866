import { RetryHandlerOptions, type Client } from '@microsoft/microsoft-graph-client';
import type { ActivityType } from '../teams/index.js';

/** How a Graph call to a team ended: done, or refused with Graph's status (0 when no answer came). */
export type TeamDelivery = { ok: true; messageId: string | null } | { ok: false; status: number; reason: string };

/** A Teams activity-feed notification to every member of a team. */
export interface TeamActivityNotification {
  type: ActivityType;
  /** Short text shown in the feed under the template. */
  previewText: string;
  /** Values of the `{name}` placeholders of the type's template text. */
  templateParameters: Record<string, string>;
  /** Deep link the notification opens (the channel tab). */
  webUrl: string;
}

/** Background work: a few retries for 429/503/504 honouring Retry-After. */
const RETRY = new RetryHandlerOptions(2, 3);

function refusal(error: unknown): { ok: false; status: number; reason: string } {
  const failure = error as { statusCode?: number; code?: string; message?: string } | null;
  const status = typeof failure?.statusCode === 'number' && failure.statusCode > 0 ? failure.statusCode : 0;
  const reason = [failure?.code, failure?.message].filter((part) => typeof part === 'string' && part !== '').join(': ');
  return { ok: false, status, reason: reason.slice(0, 500) || 'no answer from Microsoft Graph' };
}

/**
 * Posts to Teams channels and team activity feeds through Microsoft Graph with the app's own access
 * (the resource-specific `ChannelMessage.Send.Group` and `TeamsActivity.Send.Group` grants), at low
 * throttle priority. Failures are answered, not thrown, so the caller can fall back and record why.
 */
export class TeamChannels {
  constructor(private readonly graphFor: (tenantId: string) => Client) {}

  /** `POST /teams/{groupId}/channels/{channelId}/messages` with an HTML body. */
  async postMessage(tenantId: string, groupId: string, channelId: string, html: string): Promise<TeamDelivery> {
    try {
      const message = (await this.graphFor(tenantId)
        .api(`/teams/${encodeURIComponent(groupId)}/channels/${encodeURIComponent(channelId)}/messages`)
        .header('x-ms-throttle-priority', 'low')
        .middlewareOptions([RETRY])
        .post({ body: { contentType: 'html', content: html } })) as { id?: unknown } | undefined;
      return { ok: true, messageId: typeof message?.id === 'string' ? message.id : null };
    } catch (error) {
      return refusal(error);
    }
  }

  /** `POST /teams/{groupId}/sendActivityNotification` to the team's members (`teamMembersNotificationRecipient`). */
  async notifyTeamMembers(tenantId: string, groupId: string, notification: TeamActivityNotification): Promise<TeamDelivery> {
    try {
      await this.graphFor(tenantId)
        .api(`/teams/${encodeURIComponent(groupId)}/sendActivityNotification`)
        .header('x-ms-throttle-priority', 'low')
        .middlewareOptions([RETRY])
        .post({
          topic: { source: 'text', value: 'Northstar', webUrl: notification.webUrl },
          activityType: notification.type,
          previewText: { content: notification.previewText },
          recipient: { '@odata.type': 'microsoft.graph.teamMembersNotificationRecipient', teamId: groupId },
          templateParameters: Object.entries(notification.templateParameters).map(([name, value]) => ({ name, value })),
        });
      return { ok: true, messageId: null };
    } catch (error) {
      return refusal(error);
    }
  }
}
