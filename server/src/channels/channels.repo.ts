import { ChannelTabModel, channelTabKey, type ChannelTabRecord } from './channels.model.js';

/** Storage of channel tab bindings (one document per tenant and channel). */
export class ChannelTabsRepo {
  /** The channel's binding, or null when its tab was never configured. */
  async get(tenantId: string, channelId: string): Promise<ChannelTabRecord | null> {
    return ChannelTabModel.findOne({ _id: channelTabKey(tenantId, channelId) }).lean<ChannelTabRecord>();
  }

  /** Every channel bound to the team (a scan of a collection of one row per configured channel; off the hot path). */
  async bindingsOfTeam(tenantId: string, teamId: string): Promise<ChannelTabRecord[]> {
    return ChannelTabModel.find({ tenantId, teamId }).lean<ChannelTabRecord[]>();
  }

  /** Binds or rebinds the channel (idempotent upsert by `_id`); returns the stored binding. */
  async bind(binding: Omit<ChannelTabRecord, '_id' | 'version'>): Promise<ChannelTabRecord> {
    const _id = channelTabKey(binding.tenantId, binding.channelId);
    const { tenantId, channelId, ...fields } = binding;
    await ChannelTabModel.updateOne(
      { _id },
      { $set: fields, $setOnInsert: { tenantId, channelId }, $inc: { version: 1 } },
      { upsert: true, runValidators: true },
    );
    const stored = await this.get(tenantId, channelId);
    if (!stored) throw new Error(`channel tab ${_id} vanished after its write`);
    return stored;
  }
}
