/**
 * Channel tabs: a configurable Teams tab in a team channel, bound to one manager's org unit (the team).
 * - `PUT /api/channel-tabs/:channelId` ({@link BindChannelTabSchema}) → {@link ChannelTabSchema} (binds or rebinds; the
 *   team's leads only: 404 for a team the caller cannot see, 403 for one they see but do not lead)
 * - `GET /api/channel-tabs/:channelId` → {@link ChannelTabSchema} (404 when unbound or its team is not the caller's to see)
 * The channel id contains `:` and `@`, so clients URL-encode it in the path.
 */
import { z } from 'zod';
import { GuidSchema } from './common.js';
import { PersonRefSchema } from './me.js';

/** A Teams channel id such as `19:abc…@thread.tacv2`. */
export const ChannelIdSchema = z
  .string()
  .max(200)
  .regex(/^19:[A-Za-z0-9_.-]+@thread\.[A-Za-z0-9]+$/, 'must be a Teams channel id like 19:…@thread.tacv2');

/** `/api/channel-tabs/:channelId`. */
export const ChannelTabParamsSchema = z.object({ channelId: ChannelIdSchema }).strict();

/** What the caller may do with a channel tab's binding: `configure` binds it to another team. */
export const ChannelTabActionSchema = z.enum(['read', 'configure']);
export type ChannelTabAction = z.infer<typeof ChannelTabActionSchema>;

/** `PUT /api/channel-tabs/:channelId`: bind the channel's tab to a team (the manager's person id). */
export const BindChannelTabSchema = z
  .object({
    /** The Teams team's Microsoft 365 group id. */
    groupId: GuidSchema,
    /** The team (manager's person id) the tab shows. */
    teamId: GuidSchema,
    channelName: z.string().trim().min(1).max(200),
  })
  .strict();
export type BindChannelTab = z.infer<typeof BindChannelTabSchema>;

/** A channel tab's binding to a team. */
export const ChannelTabSchema = z.object({
  channelId: z.string(),
  groupId: z.string(),
  teamId: z.string(),
  /** The team's display name (from its manager). */
  teamName: z.string(),
  /** The team's manager. */
  manager: PersonRefSchema,
  channelName: z.string(),
  boundBy: PersonRefSchema,
  boundAt: z.string(),
  version: z.number().int(),
  allowedActions: z.array(ChannelTabActionSchema),
});
export type ChannelTab = z.infer<typeof ChannelTabSchema>;
