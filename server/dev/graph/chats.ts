import { randomUUID } from 'node:crypto';
import { graphError, ok, type InnerResponse } from './shapes.js';

/** A person to put in a chat: an Entra user of some tenant (a guest when `tenantId` is another tenant). */
export interface ChatMemberSpec {
  userId: string;
  displayName: string;
  email: string;
  /** The member's home tenant; the chat's tenant when absent. */
  tenantId?: string;
  /** `owner` (the organizer), `guest` (external); a plain member has none. */
  roles?: Array<'owner' | 'guest'>;
}

/** What a test or the dev host gives to make a meeting chat. */
export interface MeetingChatSpec {
  members: readonly ChatMemberSpec[];
  topic?: string;
  /** False makes the chat answer 403 to the app, as Graph does before the app is added to the meeting (no RSC grant). */
  appInstalled?: boolean;
}

/** A meeting chat the stand-in holds. */
export interface StoredChat {
  /** `19:meeting_…@thread.v2`. */
  id: string;
  tenantId: string;
  topic: string;
  /** The meeting id teams-js reports in the context (`meeting.id`). */
  meetingId: string;
  createdDateTime: string;
  appInstalled: boolean;
  members: ChatMemberSpec[];
}

/** Meeting chats of the Graph stand-in: made by tests and the dev Teams host, read by the app through `/chats/{id}/members`. */
export interface ChatControls {
  /** Makes a meeting chat in the tenant with these members; answers its ids. */
  createMeetingChat(tenantId: string, spec: MeetingChatSpec): StoredChat;
  /** A chat as stored, or undefined. */
  chat(tenantId: string, chatId: string): StoredChat | undefined;
  /** Adds or removes the app from the chat (the RSC grant that lets it read the members). */
  setAppInstalled(tenantId: string, chatId: string, installed: boolean): void;
}

interface ChatRequest {
  method: string;
  segments: string[];
  query: URLSearchParams;
  tenantId: string;
}

const CHAT_ID = /^19:[A-Za-z0-9_=-]+@thread\.(v2|tacv2|skype)$/;

/** `GET /chats/{id}` and `GET /chats/{id}/members` with Graph's shapes and errors. */
export class ChatStandIn implements ChatControls {
  private readonly chats = new Map<string, StoredChat>();

  constructor(private readonly baseUrl: () => string) {}

  createMeetingChat(tenantId: string, spec: MeetingChatSpec): StoredChat {
    const meetingId = Buffer.from(`0#${randomUUID()}#0`).toString('base64url');
    const chat: StoredChat = {
      id: `19:meeting_${Buffer.from(randomUUID()).toString('base64url')}@thread.v2`,
      tenantId,
      topic: spec.topic ?? 'Meeting',
      meetingId,
      createdDateTime: new Date().toISOString(),
      appInstalled: spec.appInstalled ?? true,
      members: spec.members.map((member) => ({ ...member })),
    };
    this.chats.set(this.key(tenantId, chat.id), chat);
    return chat;
  }

  chat(tenantId: string, chatId: string): StoredChat | undefined {
    return this.chats.get(this.key(tenantId, chatId));
  }

  setAppInstalled(tenantId: string, chatId: string, installed: boolean): void {
    const chat = this.chat(tenantId, chatId);
    if (!chat) throw new Error(`no chat ${chatId} in tenant ${tenantId}`);
    chat.appInstalled = installed;
  }

  /** True for the paths this part of the stand-in answers. */
  handles(segments: readonly string[]): boolean {
    return segments[0] === 'chats' && (segments.length === 2 || (segments.length === 3 && segments[2] === 'members'));
  }

  /** Answers `GET /chats/{id}` or `GET /chats/{id}/members` (segments already URL-decoded). */
  handle(request: ChatRequest): InnerResponse {
    const [, chatId = '', part] = request.segments;
    if (request.method !== 'GET') {
      return graphError(405, 'Request_BadRequest', `The HTTP method '${request.method}' is not allowed on chats.`);
    }
    for (const name of request.query.keys()) {
      return graphError(400, 'BadRequest', `The query option '${name}' is not supported here by the Graph stand-in.`);
    }
    if (!CHAT_ID.test(chatId)) return graphError(400, 'BadRequest', `Invalid ThreadId '${chatId}'.`);
    const chat = this.chat(request.tenantId, chatId);
    if (!chat) return graphError(404, 'NotFound', `Chat '${chatId}' was not found.`);
    if (!chat.appInstalled) {
      return graphError(
        403,
        'Forbidden',
        "Missing role permissions on the request. API requires one of 'ChatMember.Read.Chat, ChatMember.Read.All, ChatMember.ReadWrite.All'.",
      );
    }
    const context = `${this.baseUrl()}/$metadata#chats('${encodeURIComponent(chat.id)}')`;
    if (part === 'members') {
      const value = chat.members.map((member) => this.memberShape(chat, member));
      return ok({ '@odata.context': `${context}/members`, '@odata.count': value.length, value });
    }
    return ok({
      '@odata.context': `${this.baseUrl()}/$metadata#chats/$entity`,
      id: chat.id,
      topic: chat.topic,
      createdDateTime: chat.createdDateTime,
      lastUpdatedDateTime: chat.createdDateTime,
      chatType: 'meeting',
      webUrl: `https://teams.microsoft.com/l/chat/${encodeURIComponent(chat.id)}/0?tenantId=${chat.tenantId}`,
      tenantId: chat.tenantId,
      onlineMeetingInfo: {
        calendarEventId: null,
        joinWebUrl: `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(chat.id)}/0`,
        organizer: null,
      },
      viewpoint: null,
    });
  }

  private memberShape(chat: StoredChat, member: ChatMemberSpec): Record<string, unknown> {
    const tenantId = member.tenantId ?? chat.tenantId;
    return {
      '@odata.type': '#microsoft.graph.aadUserConversationMember',
      id: Buffer.from(`1#${chat.id}#${member.userId}`).toString('base64'),
      roles: [...(member.roles ?? [])],
      displayName: member.displayName,
      visibleHistoryStartDateTime: '0001-01-01T00:00:00Z',
      userId: member.userId,
      email: member.email,
      tenantId,
    };
  }

  private key(tenantId: string, chatId: string): string {
    return `${tenantId.toLowerCase()}|${chatId}`;
  }
}
