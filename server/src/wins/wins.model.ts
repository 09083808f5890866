import mongoose, { Schema } from 'mongoose';
import type { WinReactionKind } from '../contract/index.js';

const reactionSchema = new Schema(
  {
    kind: { type: String, required: true },
    /** The reacting person's object id. */
    by: { type: String, required: true },
  },
  { _id: false, strict: 'throw' },
);

const linkSchema = new Schema(
  {
    kind: { type: String, enum: ['objective', 'keyResult'], required: true },
    id: { type: String, required: true },
    /** The OKR's title when the win was posted or edited. */
    title: { type: String, default: null },
  },
  { _id: false, strict: 'throw' },
);

const winSchema = new Schema(
  {
    /** `<tenantId>:<id>` ({@link winKey}): read and written by `_id` only. */
    _id: { type: String, required: true },
    /** 24 hex digits, made by the server; the id in URLs. */
    id: { type: String, required: true },
    tenantId: { type: String, required: true },
    /** The team's manager id. */
    teamId: { type: String, required: true },
    authorId: { type: String, required: true },
    /** ISO week of `createdAt` in the tenant's time zone. */
    isoWeek: { type: String, required: true },
    text: { type: String, required: true, maxlength: 2_000 },
    link: { type: linkSchema, default: null },
    /** Added with `$addToSet` and removed with `$pull` (no positional updates). */
    reactions: { type: [reactionSchema], default: [] },
    createdAt: { type: Date, required: true },
    editedAt: { type: Date, default: null },
  },
  { strict: 'throw', versionKey: false, _id: false },
);

/** A stored win. */
export interface WinRecord {
  _id: string;
  id: string;
  tenantId: string;
  teamId: string;
  authorId: string;
  isoWeek: string;
  text: string;
  link: { kind: 'objective' | 'keyResult'; id: string; title?: string | null } | null;
  reactions: Array<{ kind: WinReactionKind; by: string }>;
  createdAt: Date;
  editedAt: Date | null;
}

export const WinModel = mongoose.model('Win', winSchema, 'wins');

const indexSchema = new Schema(
  {
    /** {@link teamWeekKey} or {@link authorWeekKey}. */
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    isoWeek: { type: String, required: true },
    /** Ids (not keys) of the wins of the team or author in the week, added with `$addToSet`, removed with `$pull`. */
    winIds: { type: [String], default: [] },
  },
  { strict: 'throw', versionKey: false, _id: false },
);

/** One team's (or author's) wins of one week. */
export interface WinIndexRecord {
  _id: string;
  tenantId: string;
  isoWeek: string;
  winIds: string[];
}

/** Per-(team, week) and per-(author, week) lists of win ids, so that a wall is read by `_id`s. */
export const WinIndexModel = mongoose.model('WinIndex', indexSchema, 'win_indexes');

/** The `_id` of a win. */
export const winKey = (tenantId: string, winId: string): string => `${tenantId}:${winId}`;
/** The `_id` of a team's index of a week. */
export const teamWeekKey = (tenantId: string, teamId: string, isoWeek: string): string => `${tenantId}:team:${teamId}:${isoWeek}`;
/** The `_id` of an author's index of a week. */
export const authorWeekKey = (tenantId: string, authorId: string, isoWeek: string): string => `${tenantId}:author:${authorId}:${isoWeek}`;
