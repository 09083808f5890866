import mongoose, { Schema } from 'mongoose';

const channelTabSchema = new Schema(
  {
    /** `${tenantId}:${channelId}` (see {@link channelTabKey}). */
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    /** Teams channel id (`19:…@thread.tacv2`). */
    channelId: { type: String, required: true },
    /** The Teams team's Microsoft 365 group id. */
    groupId: { type: String, required: true },
    /** The org unit shown: its manager's person id. */
    teamId: { type: String, required: true },
    channelName: { type: String, required: true, maxlength: 200 },
    boundBy: { type: String, required: true },
    boundAt: { type: Date, required: true },
    /** Bumped on every (re)binding. */
    version: { type: Number, required: true, default: 1 },
  },
  { strict: 'throw', versionKey: false, _id: false },
);

/** A channel tab's binding as stored. */
export interface ChannelTabRecord {
  _id: string;
  tenantId: string;
  channelId: string;
  groupId: string;
  teamId: string;
  channelName: string;
  boundBy: string;
  boundAt: Date;
  version: number;
}

/** The document id of a channel's binding. */
export const channelTabKey = (tenantId: string, channelId: string): string => `${tenantId}:${channelId}`;

export const ChannelTabModel = mongoose.model('ChannelTab', channelTabSchema, 'channel_tabs');
