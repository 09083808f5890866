import type { Principal } from '../auth/principal.js';
import { WinReactionKindSchema, type PersonRef, type Win, type WinLink } from '../contract/index.js';
import type { TeamRelation } from '../org/team-scope.js';
import type { WinRecord } from './wins.model.js';
import { winActions } from './wins.policy.js';

/** How the presenter learns the names of authors and what the viewer may see of a linked OKR. */
export interface WinPresentContext {
  principal: Principal;
  relation: TeamRelation;
  person: (id: string) => PersonRef;
  link: (link: NonNullable<WinRecord['link']>) => WinLink;
}

/** A stored win as the caller sees it: reaction counts of every kind, whether the caller gave each, and what they may do. */
export function presentWin(win: WinRecord, context: WinPresentContext): Win {
  const { principal } = context;
  return {
    id: win.id,
    teamId: win.teamId,
    isoWeek: win.isoWeek,
    text: win.text,
    author: context.person(win.authorId),
    link: win.link ? context.link(win.link) : null,
    reactions: WinReactionKindSchema.options.map((kind) => {
      const of = win.reactions.filter((reaction) => reaction.kind === kind);
      return {
        kind,
        count: new Set(of.map((reaction) => reaction.by)).size,
        reacted: of.some((reaction) => reaction.by === principal.userId),
      };
    }),
    createdAt: new Date(win.createdAt).toISOString(),
    editedAt: win.editedAt ? new Date(win.editedAt).toISOString() : null,
    allowedActions: winActions(principal, { authorId: win.authorId, relation: context.relation }),
  };
}

/** Newest first (ties by id, so the order is stable). */
export function newestFirst(a: WinRecord, b: WinRecord): number {
  return new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
