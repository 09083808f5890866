import type { Client } from '@microsoft/microsoft-graph-client';
import type { ActivityType } from '../teams/index.js';

/** One activity-feed notification to one person. */
export interface ActivityNotification {
  type: ActivityType;
  /** Short text shown in the feed under the template. */
  previewText: string;
  /** Values of the `{name}` placeholders of the type's template text. */
  templateParameters: Record<string, string>;
  /** Page of the personal tab the notification opens (the tab's `subPageId`). */
  subPageId: string;
}

/** Sends Teams activity-feed notifications through Microsoft Graph, as background work. */
export class ActivityFeed {
  constructor(
    private readonly graphFor: (tenantId: string) => Client,
    /** The app's id in the Microsoft 365 catalogue, for the deep link into the personal tab. */
    private readonly appId: string,
  ) {}

  /** The deep link into the personal tab's Home, opening `subPageId`. */
  deepLink(subPageId: string): string {
    const context = encodeURIComponent(JSON.stringify({ subEntityId: subPageId }));
    return `https://teams.microsoft.com/l/entity/${this.appId}/home?context=${context}`;
  }

  /** `POST /users/{id}/teamwork/sendActivityNotification`; throws when Graph refuses. */
  async notify(tenantId: string, userId: string, notification: ActivityNotification): Promise<void> {
    await this.graphFor(tenantId)
      .api(`/users/${encodeURIComponent(userId)}/teamwork/sendActivityNotification`)
      .header('x-ms-throttle-priority', 'low')
      .post({
        topic: { source: 'text', value: 'Northstar', webUrl: this.deepLink(notification.subPageId) },
        activityType: notification.type,
        previewText: { content: notification.previewText },
        templateParameters: Object.entries(notification.templateParameters).map(([name, value]) => ({ name, value })),
      });
  }
}
