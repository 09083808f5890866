import { RetryHandlerOptions, type Client } from '@microsoft/microsoft-graph-client';
import { AppError } from '../http/errors.js';

/** A member of a Teams chat as Graph lists it (`aadUserConversationMember`). */
export interface ChatMember {
  /** Entra object id of the user. */
  userId: string;
  /** The member's home tenant (another one for guests and external people). */
  tenantId: string | null;
  displayName: string;
  email: string | null;
  /** `owner`, `guest`; none for a plain member. */
  roles: string[];
}

interface MembersPage {
  value?: Array<{ '@odata.type'?: string; userId?: unknown; tenantId?: unknown; displayName?: unknown; email?: unknown; roles?: unknown }>;
  '@odata.nextLink'?: string;
}

/** Retries for 429/503/504, honouring Retry-After; a meeting's side panel waits for the answer, so few. */
const RETRY = new RetryHandlerOptions(1, 2);
const USER_MEMBER = '#microsoft.graph.aadUserConversationMember';

/**
 * Reads the members of a chat through Graph with the app's own access: the resource-specific
 * `ChatMember.Read.Chat` permission Teams grants when the app is added to the meeting.
 */
export class ChatMembers {
  constructor(private readonly graphFor: (tenantId: string) => Client) {}

  /** `GET /chats/{id}/members` (every page); null when Graph does not know the chat or the app was not added to it. */
  async list(tenantId: string, chatId: string): Promise<ChatMember[] | null> {
    const graph = this.graphFor(tenantId);
    const members: ChatMember[] = [];
    let link = `/chats/${encodeURIComponent(chatId)}/members`;
    for (;;) {
      let page: MembersPage;
      try {
        page = (await graph.api(link).middlewareOptions([RETRY]).get()) as MembersPage;
      } catch (error) {
        const status = (error as { statusCode?: number } | null)?.statusCode;
        if (status === 400 || status === 403 || status === 404) return null;
        throw new AppError('upstream_unavailable', `Microsoft Graph could not list the meeting's members${status ? ` (${status})` : ''}.`);
      }
      for (const member of page.value ?? []) {
        if (member['@odata.type'] !== USER_MEMBER || typeof member.userId !== 'string' || member.userId === '') continue;
        members.push({
          userId: member.userId.toLowerCase(),
          tenantId: typeof member.tenantId === 'string' ? member.tenantId.toLowerCase() : null,
          displayName: typeof member.displayName === 'string' ? member.displayName : '',
          email: typeof member.email === 'string' ? member.email : null,
          roles: Array.isArray(member.roles) ? member.roles.filter((role): role is string => typeof role === 'string') : [],
        });
      }
      const next = page['@odata.nextLink'];
      if (!next) return members;
      link = next;
    }
  }
}
