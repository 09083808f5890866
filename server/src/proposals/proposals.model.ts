import mongoose, { Schema } from 'mongoose';
import type { ProposalLevel, ProposalState, ProposedKeyResult } from '../contract/index.js';

const keyResultSchema = new Schema(
  {
    title: { type: String, required: true, maxlength: 200 },
    target: { type: Number, default: null },
    unit: { type: String, default: '', maxlength: 40 },
  },
  { _id: false, strict: 'throw' },
);

const commentSchema = new Schema(
  {
    id: { type: String, required: true },
    authorId: { type: String, required: true },
    text: { type: String, required: true, maxlength: 1000 },
    at: { type: Date, required: true },
  },
  { _id: false, strict: 'throw' },
);

const decisionSchema = new Schema(
  {
    by: { type: String, required: true },
    at: { type: Date, required: true },
    reason: { type: String, default: null, maxlength: 1000 },
    objectiveId: { type: String, default: null },
  },
  { _id: false, strict: 'throw' },
);

const proposalSchema = new Schema(
  {
    /** `<tenantId>:<id>` ({@link proposalKey}): read and written by `_id` only. */
    _id: { type: String, required: true },
    /** 24 hex digits, made by the server; the id in URLs. */
    id: { type: String, required: true },
    tenantId: { type: String, required: true },
    periodId: { type: String, required: true },
    level: { type: String, enum: ['company', 'team'], required: true },
    /** The team's manager for a team proposal; null for a company one. */
    teamId: { type: String, default: null },
    authorId: { type: String, required: true },
    title: { type: String, required: true, maxlength: 200 },
    why: { type: String, required: true, maxlength: 2000 },
    keyResults: { type: [keyResultSchema], default: [] },
    state: { type: String, enum: ['open', 'adopted', 'declined'], required: true },
    /** Person ids, added with `$addToSet` and removed with `$pull`. */
    supporters: { type: [String], default: [] },
    /** Appended with `$push` (at most MAX_PROPOSAL_COMMENTS). */
    comments: { type: [commentSchema], default: [] },
    decision: { type: decisionSchema, default: null },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, _id: false },
);

/** A stored proposal. */
export interface ProposalRecord {
  _id: string;
  id: string;
  tenantId: string;
  periodId: string;
  level: ProposalLevel;
  teamId: string | null;
  authorId: string;
  title: string;
  why: string;
  keyResults: ProposedKeyResult[];
  state: ProposalState;
  supporters: string[];
  comments: Array<{ id: string; authorId: string; text: string; at: Date }>;
  decision: { by: string; at: Date; reason: string | null; objectiveId: string | null } | null;
  createdAt: Date;
}

export const ProposalModel = mongoose.model('Proposal', proposalSchema, 'proposals');

const indexSchema = new Schema(
  {
    /** {@link periodIndexKey}. */
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    periodId: { type: String, required: true },
    /** Ids of the period's proposals, added with `$addToSet`. */
    proposalIds: { type: [String], default: [] },
  },
  { strict: 'throw', versionKey: false, _id: false },
);

/** One tenant's proposal ids of one period. */
export interface ProposalIndexRecord {
  _id: string;
  tenantId: string;
  periodId: string;
  proposalIds: string[];
}

/** Per-(tenant, period) lists of proposal ids, so that a period's proposals are read by `_id`s. */
export const ProposalIndexModel = mongoose.model('ProposalIndex', indexSchema, 'proposal_indexes');

/** The `_id` of a proposal. */
export const proposalKey = (tenantId: string, proposalId: string): string => `${tenantId}:${proposalId}`;
/** The `_id` of a period's index. */
export const periodIndexKey = (tenantId: string, periodId: string): string => `${tenantId}:period:${periodId}`;
