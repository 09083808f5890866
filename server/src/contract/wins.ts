/**
 * Friday wins of a team (the org unit of one manager; the team's id is the manager's object id).
 * - `GET    /api/teams/:teamId/wins?week=` ({@link WinsWallQuerySchema}) → {@link WinsWallSchema} (the week's wall, newest first;
 *   default this week in the tenant's time zone)
 * - `POST   /api/teams/:teamId/wins` ({@link CreateWinSchema}) → 201 {@link WinSchema}
 * - `PATCH  /api/wins/:winId` ({@link UpdateWinSchema}; its author) → {@link WinSchema}
 * - `DELETE /api/wins/:winId` (its author or a lead of the team) → 204
 * - `PUT    /api/wins/:winId/reactions/:kind` → {@link WinSchema} (idempotent)
 * - `DELETE /api/wins/:winId/reactions/:kind` → {@link WinSchema} (idempotent)
 */
import { z } from 'zod';
import { GuidSchema } from './common.js';
import { PersonRefSchema } from './me.js';
import { IsoWeekSchema, ObjectIdSchema } from './okrs.js';

/** Most characters of a win's text, after trimming. */
export const MAX_WIN_TEXT = 2_000;

/** The reactions colleagues give a win. */
export const WinReactionKindSchema = z.enum(['celebrate', 'clap', 'heart', 'rocket']);
export type WinReactionKind = z.infer<typeof WinReactionKindSchema>;

/** What the caller may do with one win. */
export const WinActionSchema = z.enum(['update', 'delete', 'react']);
export type WinAction = z.infer<typeof WinActionSchema>;

/** What the caller may do on a team's wall. */
export const WinsWallActionSchema = z.enum(['post']);
export type WinsWallAction = z.infer<typeof WinsWallActionSchema>;

/** A win's optional link to an objective or key result the poster can see. */
export const WinLinkInputSchema = z.object({ kind: z.enum(['objective', 'keyResult']), id: ObjectIdSchema }).strict();
export type WinLinkInput = z.infer<typeof WinLinkInputSchema>;

const winText = z.string().trim().min(1, 'must not be empty').max(MAX_WIN_TEXT, `must be at most ${MAX_WIN_TEXT} characters`);

/** `POST /api/teams/:teamId/wins`. */
export const CreateWinSchema = z.object({ text: winText, link: WinLinkInputSchema.nullable().default(null) }).strict();
export type CreateWin = z.infer<typeof CreateWinSchema>;

/** `PATCH /api/wins/:winId`: new text and/or link (null removes the link). */
export const UpdateWinSchema = z
  .object({ text: winText.optional(), link: WinLinkInputSchema.nullable().optional() })
  .strict()
  .refine((value) => value.text !== undefined || value.link !== undefined, { message: 'set text or link' });
export type UpdateWin = z.infer<typeof UpdateWinSchema>;

/** `/api/teams/:teamId/wins`. */
export const TeamWinsParamsSchema = z.object({ teamId: GuidSchema }).strict();
/** `?week=` of the wall (default: this week in the tenant's time zone). */
export const WinsWallQuerySchema = z.object({ week: IsoWeekSchema.optional() }).strict();
export type WinsWallQuery = z.infer<typeof WinsWallQuerySchema>;
/** `/api/wins/:winId`. */
export const WinParamsSchema = z.object({ winId: ObjectIdSchema }).strict();
/** `/api/wins/:winId/reactions/:kind`. */
export const WinReactionParamsSchema = z.object({ winId: ObjectIdSchema, kind: WinReactionKindSchema }).strict();

/** The linked OKR as the viewer sees it (`title` null when the viewer may not see it, or it is gone). */
export const WinLinkSchema = z.object({
  kind: z.enum(['objective', 'keyResult']),
  id: z.string(),
  title: z.string().nullable(),
  /** The objective of a linked key result (the objective itself for an objective link); null when hidden. */
  objectiveId: z.string().nullable(),
});
export type WinLink = z.infer<typeof WinLinkSchema>;

/** How many gave one kind of reaction, and whether the caller did. */
export const WinReactionCountSchema = z.object({ kind: WinReactionKindSchema, count: z.number().int(), reacted: z.boolean() });
export type WinReactionCount = z.infer<typeof WinReactionCountSchema>;

/** One win on the wall. */
export const WinSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  isoWeek: IsoWeekSchema,
  text: z.string(),
  author: PersonRefSchema,
  link: WinLinkSchema.nullable(),
  /** Every reaction kind, in the enum's order. */
  reactions: z.array(WinReactionCountSchema),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  allowedActions: z.array(WinActionSchema),
});
export type Win = z.infer<typeof WinSchema>;

/** A week's wall of a team. */
export const WinsWallSchema = z.object({
  teamId: z.string(),
  isoWeek: IsoWeekSchema,
  /** This week in the tenant's time zone (walls of later weeks are empty). */
  currentWeek: IsoWeekSchema,
  previousWeek: IsoWeekSchema,
  /** Null when the wall is of this week or later. */
  nextWeek: IsoWeekSchema.nullable(),
  /** Newest first. */
  wins: z.array(WinSchema),
  allowedActions: z.array(WinsWallActionSchema),
});
export type WinsWall = z.infer<typeof WinsWallSchema>;
