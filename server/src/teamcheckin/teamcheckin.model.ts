import mongoose, { Schema } from 'mongoose';

const markSchema = new Schema(
  {
    /** The agenda item's key (`company`, `group:…`, `metric:…`, `red:…`, `risk:…`). */
    key: { type: String, required: true, maxlength: 300 },
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { _id: false, strict: 'throw' },
);

const teamCheckInSchema = new Schema(
  {
    /** `${tenantId}:${teamId}:${isoWeek}` ({@link teamCheckInKey}). */
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    teamId: { type: String, required: true },
    isoWeek: { type: String, required: true },
    /** Items marked discussed in the week's check-in. */
    discussed: { type: [markSchema], default: [] },
    /** Bumped by every mark; each version is claimed once in `team_checkin_claims`. */
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, strict: 'throw', versionKey: false, _id: false },
);

/** One discussed mark as stored. */
export interface DiscussedMarkRecord {
  key: string;
  by: string;
  at: Date;
}

/** A team's check-in state of one week. */
export interface TeamCheckInRecord {
  _id: string;
  tenantId: string;
  teamId: string;
  isoWeek: string;
  discussed: DiscussedMarkRecord[];
  version: number;
}

/** The document id of a team's check-in in a week. */
export const teamCheckInKey = (tenantId: string, teamId: string, isoWeek: string): string => `${tenantId}:${teamId}:${isoWeek}`;

export const TeamCheckInModel = mongoose.model('TeamCheckIn', teamCheckInSchema, 'team_checkins');

const claimSchema = new Schema(
  {
    /** `${check-in _id}#${version}`: inserting it claims that version for one writer. */
    _id: { type: String, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, _id: false },
);

/** Version claims of check-in documents (FerretDB does not apply a conditional update atomically). */
export const TeamCheckInClaimModel = mongoose.model('TeamCheckInClaim', claimSchema, 'team_checkin_claims');
