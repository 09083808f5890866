/**
 * Bottom-up objective proposals: anyone proposes an objective for the company or for a team above them; the whole
 * tenant sees, supports and comments; the owner of the level adopts it into a draft objective or declines it.
 * - `GET    /api/proposals?periodId=&level=&state=` ({@link ProposalListQuerySchema}) → {@link ProposalListSchema}
 * - `POST   /api/proposals` ({@link CreateProposalSchema}) → 201 {@link ProposalSchema}
 * - `GET    /api/proposals/summary?periodId=` → {@link ProposalSummarySchema} (counts per level, adoption rate)
 * - `GET    /api/proposals/:proposalId` → {@link ProposalSchema} (with its comments)
 * - `POST   /api/proposals/:proposalId/comments` ({@link CreateProposalCommentSchema}) → 201 {@link ProposalSchema}
 * - `PUT    /api/proposals/:proposalId/support` / `DELETE` → {@link ProposalSchema} (idempotent)
 * - `POST   /api/proposals/:proposalId/adopt` ({@link AdoptProposalSchema}; the level's owner) → {@link AdoptedProposalSchema}
 * - `POST   /api/proposals/:proposalId/decline` ({@link DeclineProposalSchema}; the level's owner) → {@link ProposalSchema}
 */
import { z } from 'zod';
import { GuidSchema } from './common.js';
import { PersonRefSchema } from './me.js';
import { ObjectIdSchema, ObjectiveSchema } from './okrs.js';
import { PeriodIdSchema } from './settings.js';

/** Most comments one proposal holds. */
export const MAX_PROPOSAL_COMMENTS = 200;
/** Most key results a proposal suggests. */
export const MAX_PROPOSAL_KEY_RESULTS = 5;

/** Where a proposal is aimed: the company, or the team (org unit) of a manager above the proposer. */
export const ProposalLevelSchema = z.enum(['company', 'team']);
export type ProposalLevel = z.infer<typeof ProposalLevelSchema>;

/** `open` until the level's owner adopts or declines it. */
export const ProposalStateSchema = z.enum(['open', 'adopted', 'declined']);
export type ProposalState = z.infer<typeof ProposalStateSchema>;

/** What the caller may do with a proposal. */
export const ProposalActionSchema = z.enum(['comment', 'support', 'adopt', 'decline']);
export type ProposalAction = z.infer<typeof ProposalActionSchema>;

/** A key result the proposer would measure; the adopter refines it in the draft. */
export const ProposedKeyResultSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    /** The value that would mean success; null when the proposer leaves it open (the draft starts at 100). */
    target: z.number().finite().min(-1e12).max(1e12).nullable().default(null),
    unit: z.string().trim().max(40).default(''),
  })
  .strict();
export type ProposedKeyResult = z.infer<typeof ProposedKeyResultSchema>;

/** `POST /api/proposals`. */
export const CreateProposalSchema = z
  .object({
    periodId: PeriodIdSchema,
    level: ProposalLevelSchema,
    /** For `team`: the team's manager, who must be above the proposer; absent for `company`. */
    teamId: GuidSchema.optional(),
    title: z.string().trim().min(1).max(200),
    why: z.string().trim().min(1, 'say why it matters').max(2000),
    keyResults: z.array(ProposedKeyResultSchema).max(MAX_PROPOSAL_KEY_RESULTS).default([]),
  })
  .strict()
  .refine((value) => (value.level === 'team') === (value.teamId !== undefined), {
    message: 'teamId is required for a team proposal and not allowed for a company one',
    path: ['teamId'],
  });
export type CreateProposal = z.infer<typeof CreateProposalSchema>;

/** `POST /api/proposals/:proposalId/comments`. */
export const CreateProposalCommentSchema = z.object({ text: z.string().trim().min(1).max(1000) }).strict();
export type CreateProposalComment = z.infer<typeof CreateProposalCommentSchema>;

/** `POST /api/proposals/:proposalId/adopt`: the draft objective's period defaults to the proposal's. */
export const AdoptProposalSchema = z.object({ periodId: PeriodIdSchema.optional() }).strict();
export type AdoptProposal = z.infer<typeof AdoptProposalSchema>;

/** `POST /api/proposals/:proposalId/decline`: the reason the author (and everyone) sees. */
export const DeclineProposalSchema = z.object({ reason: z.string().trim().min(1, 'give the author a reason').max(1000) }).strict();
export type DeclineProposal = z.infer<typeof DeclineProposalSchema>;

/** `/api/proposals/:proposalId`. */
export const ProposalParamsSchema = z.object({ proposalId: ObjectIdSchema }).strict();
/** `GET /api/proposals`: one period's proposals (default: the current quarter), optionally of one level or state. */
export const ProposalListQuerySchema = z
  .object({ periodId: PeriodIdSchema.optional(), level: ProposalLevelSchema.optional(), state: ProposalStateSchema.optional() })
  .strict();
export type ProposalListQuery = z.infer<typeof ProposalListQuerySchema>;
/** `GET /api/proposals/summary`. */
export const ProposalSummaryQuerySchema = z.object({ periodId: PeriodIdSchema.optional() }).strict();
export type ProposalSummaryQuery = z.infer<typeof ProposalSummaryQuerySchema>;

export const ProposalCommentSchema = z.object({ id: z.string(), author: PersonRefSchema, text: z.string(), at: z.string() });
export type ProposalComment = z.infer<typeof ProposalCommentSchema>;

/** The owner's decision on a proposal. */
export const ProposalDecisionSchema = z.object({
  by: PersonRefSchema,
  at: z.string(),
  /** The decline reason; null for an adoption. */
  reason: z.string().nullable(),
  /** The draft objective an adoption made; null for a decline. */
  objectiveId: z.string().nullable(),
});
export type ProposalDecision = z.infer<typeof ProposalDecisionSchema>;

/** A proposal as the caller sees it. */
export const ProposalSchema = z.object({
  id: z.string(),
  periodId: PeriodIdSchema,
  level: ProposalLevelSchema,
  /** The team's manager for a team proposal; null for a company one. */
  team: PersonRefSchema.nullable(),
  title: z.string(),
  why: z.string(),
  keyResults: z.array(ProposedKeyResultSchema),
  author: PersonRefSchema,
  state: ProposalStateSchema,
  supporters: z.number().int(),
  /** Whether the caller supports it. */
  supported: z.boolean(),
  commentCount: z.number().int(),
  /** Oldest first; empty in lists (read one proposal for its comments). */
  comments: z.array(ProposalCommentSchema),
  decision: ProposalDecisionSchema.nullable(),
  createdAt: z.string(),
  allowedActions: z.array(ProposalActionSchema),
});
export type Proposal = z.infer<typeof ProposalSchema>;

/** `GET /api/proposals`: most supported first, then newest. */
export const ProposalListSchema = z.object({
  periodId: PeriodIdSchema,
  items: z.array(ProposalSchema),
  /** Whether the caller may propose (every signed-in person of the tenant). */
  allowedActions: z.array(z.enum(['propose'])),
  /** Teams the caller may address: the managers above them, nearest first. */
  teams: z.array(PersonRefSchema),
});
export type ProposalList = z.infer<typeof ProposalListSchema>;

/** Counts of one level in a period. */
export const ProposalLevelCountsSchema = z.object({
  level: ProposalLevelSchema,
  total: z.number().int(),
  open: z.number().int(),
  adopted: z.number().int(),
  declined: z.number().int(),
  /** Adopted share of all proposals of the level (0–1); null when there are none. */
  adoptionRate: z.number().nullable(),
});

/** `GET /api/proposals/summary`: counts per level and the adoption rate of a period. */
export const ProposalSummarySchema = z.object({
  periodId: PeriodIdSchema,
  levels: z.array(ProposalLevelCountsSchema),
  total: z.number().int(),
  adoptionRate: z.number().nullable(),
});
export type ProposalSummary = z.infer<typeof ProposalSummarySchema>;

/** `POST /api/proposals/:proposalId/adopt`: the adopted proposal and the draft objective made from it. */
export const AdoptedProposalSchema = z.object({ proposal: ProposalSchema, objective: ObjectiveSchema });
export type AdoptedProposal = z.infer<typeof AdoptedProposalSchema>;
