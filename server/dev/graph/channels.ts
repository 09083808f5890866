import { randomUUID } from 'node:crypto';
import { graphError, GRAPH_JSON, type InnerResponse } from './shapes.js';

/** A Teams team (Microsoft 365 group) the stand-in knows, with its channels and members. */
export interface TeamSpec {
  /** The group's object id; a new GUID when absent. */
  id?: string;
  displayName?: string;
  /** Channels to make; ids `19:…@thread.tacv2` are made when absent. */
  channels?: ReadonlyArray<{ id?: string; displayName: string }>;
  /** Entra object ids of the team's members (recipients of `teamMembers` activity notifications). */
  memberIds?: readonly string[];
}

/** A team as stored. */
export interface StoredTeam {
  id: string;
  tenantId: string;
  displayName: string;
  channels: Array<{ id: string; displayName: string }>;
  memberIds: string[];
  /** False makes channel posting answer 403, as when the tenant did not grant `ChannelMessage.Send.Group`. */
  channelPostingAllowed: boolean;
  /** False makes team activity notifications answer 403 (no `TeamsActivity.Send.Group`). */
  activityAllowed: boolean;
}

/** A message the app posted in a channel, as Graph answered it (`chatMessage`). */
export interface StoredChannelMessage {
  tenantId: string;
  teamId: string;
  channelId: string;
  id: string;
  createdDateTime: string;
  body: { contentType: 'html' | 'text'; content: string };
  /** Value of the `x-ms-throttle-priority` header the request carried, if any. */
  throttlePriority: string | null;
  /** The full chatMessage the stand-in answered. */
  message: Record<string, unknown>;
}

/** A recorded `POST /teams/{id}/sendActivityNotification`. */
export interface TeamActivityRecord {
  at: number;
  tenantId: string;
  teamId: string;
  /** Object ids the notification reached (the team's members for `teamMembers`, the channel's for `channelMembers`, one user for `aadUser`). */
  recipientIds: string[];
  body: unknown;
}

/** Teams, channel messages and team activity notifications of the Graph stand-in. */
export interface ChannelControls {
  /** Makes (or replaces) a team in the tenant; answers it with its channel ids. */
  createTeam(tenantId: string, spec?: TeamSpec): StoredTeam;
  /** A team as stored, or undefined. */
  team(tenantId: string, teamId: string): StoredTeam | undefined;
  /** Grants or withdraws the app's permissions in a team: channel posting (`ChannelMessage.Send.Group`) and team activity notifications. */
  setPermissions(tenantId: string, teamId: string, permissions: { channelPosting?: boolean; activity?: boolean }): void;
  /** Messages posted in channels of the tenant (one team or channel when given), oldest first. */
  messages(tenantId: string, filter?: { teamId?: string; channelId?: string }): readonly StoredChannelMessage[];
  /** Team activity notifications of all tenants, oldest first. */
  readonly teamActivity: readonly TeamActivityRecord[];
  /** Forgets posted messages and recorded team notifications (teams stay). */
  clear(): void;
}

interface ChannelRequest {
  method: string;
  segments: string[];
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  tenantId: string;
}

const CHANNEL_ID = /^19:[A-Za-z0-9_.=-]+@thread\.(tacv2|skype)$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_CONTENT = 28_000;
const RECIPIENT_TYPES = {
  teamMembers: 'microsoft.graph.teamMembersNotificationRecipient',
  channelMembers: 'microsoft.graph.channelMembersNotificationRecipient',
  aadUser: 'microsoft.graph.aadUserNotificationRecipient',
} as const;

/**
 * `POST /teams/{id}/channels/{id}/messages` (201 with a `chatMessage`) and `POST /teams/{id}/sendActivityNotification`
 * (204) with Graph's shapes and errors; every accepted request is recorded so tests read it back.
 */
export class ChannelStandIn implements ChannelControls {
  private readonly teams = new Map<string, StoredTeam>();
  private readonly posted: StoredChannelMessage[] = [];
  readonly teamActivity: TeamActivityRecord[] = [];

  constructor(
    private readonly baseUrl: () => string,
    /** Records one per-user activity notification (the stand-in's `activityNotifications`), so a team notification shows per member. */
    private readonly recordUserNotification: (tenantId: string, userId: string, body: unknown) => void,
  ) {}

  createTeam(tenantId: string, spec: TeamSpec = {}): StoredTeam {
    const team: StoredTeam = {
      id: (spec.id ?? randomUUID()).toLowerCase(),
      tenantId,
      displayName: spec.displayName ?? 'Team',
      channels: (spec.channels ?? [{ displayName: 'General' }]).map((channel) => ({
        id: channel.id ?? `19:${randomUUID().replace(/-/g, '')}@thread.tacv2`,
        displayName: channel.displayName,
      })),
      memberIds: [...(spec.memberIds ?? [])],
      channelPostingAllowed: true,
      activityAllowed: true,
    };
    this.teams.set(this.key(tenantId, team.id), team);
    return team;
  }

  team(tenantId: string, teamId: string): StoredTeam | undefined {
    return this.teams.get(this.key(tenantId, teamId));
  }

  setPermissions(tenantId: string, teamId: string, permissions: { channelPosting?: boolean; activity?: boolean }): void {
    const team = this.team(tenantId, teamId);
    if (!team) throw new Error(`no team ${teamId} in tenant ${tenantId}`);
    if (permissions.channelPosting !== undefined) team.channelPostingAllowed = permissions.channelPosting;
    if (permissions.activity !== undefined) team.activityAllowed = permissions.activity;
  }

  messages(tenantId: string, filter: { teamId?: string; channelId?: string } = {}): readonly StoredChannelMessage[] {
    return this.posted.filter(
      (message) =>
        message.tenantId.toLowerCase() === tenantId.toLowerCase() &&
        (filter.teamId === undefined || message.teamId === filter.teamId.toLowerCase()) &&
        (filter.channelId === undefined || message.channelId === filter.channelId),
    );
  }

  clear(): void {
    this.posted.length = 0;
    this.teamActivity.length = 0;
  }

  /** True for the paths this part of the stand-in answers (segments after `/v1.0`, URL-decoded). */
  handles(segments: readonly string[]): boolean {
    if (segments[0] !== 'teams') return false;
    return (
      (segments.length === 3 && segments[2] === 'sendActivityNotification') ||
      (segments.length === 5 && segments[2] === 'channels' && segments[4] === 'messages')
    );
  }

  /** Answers a channel post or a team activity notification. */
  handle(request: ChannelRequest): InnerResponse {
    const [, teamId = ''] = request.segments;
    if (request.method !== 'POST') {
      return graphError(405, 'BadRequest', `The HTTP method '${request.method}' is not allowed here by the Graph stand-in.`);
    }
    for (const name of request.query.keys()) {
      return graphError(400, 'BadRequest', `The query option '${name}' is not supported here by the Graph stand-in.`);
    }
    if (!GUID.test(teamId)) return graphError(400, 'BadRequest', `Invalid team id '${teamId}'.`);
    const team = this.team(request.tenantId, teamId);
    if (!team) return graphError(404, 'NotFound', `No team found with Group Id ${teamId}`);
    return request.segments.length === 3 ? this.notify(request, team) : this.post(request, team, request.segments[3]!);
  }

  private post(request: ChannelRequest, team: StoredTeam, channelId: string): InnerResponse {
    if (!CHANNEL_ID.test(channelId)) return graphError(400, 'BadRequest', `Invalid ThreadId '${channelId}'.`);
    const channel = team.channels.find((candidate) => candidate.id === channelId);
    if (!channel) return graphError(404, 'NotFound', `Channel '${channelId}' was not found in team ${team.id}.`);
    if (!team.channelPostingAllowed) {
      return graphError(
        403,
        'Forbidden',
        "Missing role permissions on the request. API requires one of 'ChannelMessage.Send.Group, Teamwork.Migrate.All'.",
      );
    }
    const body = (request.body as { body?: { contentType?: unknown; content?: unknown } } | null)?.body;
    const contentType = body?.contentType === undefined ? 'text' : body.contentType;
    if (!body || typeof body.content !== 'string' || body.content.trim() === '' || (contentType !== 'html' && contentType !== 'text')) {
      return graphError(400, 'BadRequest', 'A chatMessage needs "body" with a non-empty "content" and contentType "html" or "text".');
    }
    if (body.content.length > MAX_CONTENT) return graphError(413, 'RequestEntityTooLarge', 'The message is too large.');
    const now = new Date();
    const id = String(now.getTime() + this.posted.length);
    const encodedChannel = encodeURIComponent(channelId);
    const message: Record<string, unknown> = {
      '@odata.context': `${this.baseUrl()}/$metadata#teams('${team.id}')/channels('${encodedChannel}')/messages/$entity`,
      id,
      replyToId: null,
      etag: id,
      messageType: 'message',
      createdDateTime: now.toISOString(),
      lastModifiedDateTime: now.toISOString(),
      lastEditedDateTime: null,
      deletedDateTime: null,
      subject: null,
      summary: null,
      chatId: null,
      importance: 'normal',
      locale: 'en-us',
      webUrl: `https://teams.microsoft.com/l/message/${encodedChannel}/${id}?groupId=${team.id}&tenantId=${team.tenantId}&createdTime=${id}&parentMessageId=${id}`,
      policyViolation: null,
      eventDetail: null,
      from: {
        application: {
          '@odata.type': '#microsoft.graph.teamworkApplicationIdentity',
          id: randomUUID(),
          displayName: 'Northstar',
          applicationIdentityType: 'bot',
        },
        device: null,
        user: null,
      },
      body: { contentType, content: body.content },
      channelIdentity: { teamId: team.id, channelId },
      attachments: [],
      mentions: [],
      reactions: [],
    };
    this.posted.push({
      tenantId: request.tenantId,
      teamId: team.id,
      channelId,
      id,
      createdDateTime: now.toISOString(),
      body: { contentType, content: body.content },
      throttlePriority: request.headers['x-ms-throttle-priority'] ?? null,
      message,
    });
    return {
      status: 201,
      headers: { 'Content-Type': GRAPH_JSON, Location: `${this.baseUrl()}/teams/${team.id}/channels/${encodedChannel}/messages/${id}` },
      body: message,
    };
  }

  private notify(request: ChannelRequest, team: StoredTeam): InnerResponse {
    const body = request.body as {
      topic?: { source?: unknown; value?: unknown; webUrl?: unknown };
      activityType?: unknown;
      previewText?: unknown;
      recipient?: { '@odata.type'?: unknown; teamId?: unknown; channelId?: unknown; recipientUserId?: unknown };
    } | null;
    if (!body || typeof body !== 'object' || typeof body.activityType !== 'string' || !body.topic || typeof body.topic !== 'object') {
      return graphError(400, 'BadRequest', 'sendActivityNotification needs "topic" and "activityType".');
    }
    if (body.topic.source === 'text' && typeof body.topic.webUrl !== 'string') {
      return graphError(400, 'BadRequest', 'A topic with source "text" needs a "webUrl".');
    }
    const type = typeof body.recipient?.['@odata.type'] === 'string' ? body.recipient['@odata.type'].replace(/^#/, '') : '';
    let recipientIds: string[];
    if (type === RECIPIENT_TYPES.teamMembers) {
      if (String(body.recipient!.teamId).toLowerCase() !== team.id) {
        return graphError(400, 'BadRequest', 'The recipient teamId must be the team of the request.');
      }
      recipientIds = [...team.memberIds];
    } else if (type === RECIPIENT_TYPES.channelMembers) {
      if (!team.channels.some((channel) => channel.id === body.recipient!.channelId)) {
        return graphError(404, 'NotFound', 'The recipient channel was not found in the team.');
      }
      recipientIds = [...team.memberIds];
    } else if (type === RECIPIENT_TYPES.aadUser && typeof body.recipient!.recipientUserId === 'string') {
      recipientIds = [body.recipient!.recipientUserId];
    } else {
      return graphError(400, 'BadRequest', 'sendActivityNotification needs a "recipient" of a known notification recipient type.');
    }
    if (!team.activityAllowed) {
      return graphError(
        403,
        'Forbidden',
        "Missing role permissions on the request. API requires one of 'TeamsActivity.Send.Group, TeamsActivity.Send'.",
      );
    }
    this.teamActivity.push({ at: Date.now(), tenantId: request.tenantId, teamId: team.id, recipientIds, body });
    for (const userId of recipientIds) this.recordUserNotification(request.tenantId, userId, body);
    return { status: 204, headers: {} };
  }

  private key(tenantId: string, teamId: string): string {
    return `${tenantId.toLowerCase()}|${teamId.toLowerCase()}`;
  }
}
