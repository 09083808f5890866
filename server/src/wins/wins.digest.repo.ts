import { ChannelTabModel, type ChannelTabRecord } from '../channels/channels.model.js';
import { RevisionModel } from '../okrs/okrs.model.js';
import { WinDigestModel, winDigestKey, type DigestDelivery, type DigestOutcome, type WinDigestRecord } from './wins.digest.model.js';

const isDuplicate = (error: unknown): boolean => (error as { code?: number } | null)?.code === 11000;

/** Storage of the wins digests: one claim document per (tenant, team, week), written by `_id`. */
export class WinDigestsRepo {
  /** The digest record of a team's week, or null before anyone claimed it. */
  async get(tenantId: string, teamId: string, isoWeek: string): Promise<WinDigestRecord | null> {
    return WinDigestModel.findOne({ _id: winDigestKey(tenantId, teamId, isoWeek) }).lean<WinDigestRecord>();
  }

  /**
   * Claims the week's digest for `holder`: the first attempt inserts the document (its unique `_id` lets exactly one
   * instance win), a retry of a failed one claims `attempt + 1` in `revisions` (unique per version). Null when another
   * instance holds or finished it.
   */
  async claim(tenantId: string, teamId: string, isoWeek: string, holder: string, now: Date): Promise<WinDigestRecord | null> {
    const _id = winDigestKey(tenantId, teamId, isoWeek);
    const fresh: WinDigestRecord = {
      _id,
      tenantId,
      teamId,
      isoWeek,
      outcome: 'sending',
      attempt: 1,
      holder,
      claimedAt: now,
      finishedAt: null,
      winCount: 0,
      deliveries: [],
      reason: null,
    };
    try {
      await WinDigestModel.create(fresh);
      return fresh;
    } catch (error) {
      if (!isDuplicate(error)) throw error;
    }
    const stored = await WinDigestModel.findOne({ _id }).lean<WinDigestRecord>();
    if (!stored || stored.outcome !== 'failed') return null;
    const attempt = stored.attempt + 1;
    try {
      await RevisionModel.create({ tenantId, kind: 'winDigest', docId: _id, version: attempt, authorId: holder });
    } catch (error) {
      if (isDuplicate(error)) return null;
      throw error;
    }
    await WinDigestModel.updateOne({ _id }, { $set: { outcome: 'sending', attempt, holder, claimedAt: now, finishedAt: null } });
    return { ...stored, outcome: 'sending', attempt, holder, claimedAt: now, finishedAt: null };
  }

  /** Records how the claimed attempt ended. */
  async finish(
    claim: WinDigestRecord,
    result: { outcome: Exclude<DigestOutcome, 'sending'>; winCount: number; deliveries: DigestDelivery[]; reason: string | null },
    now: Date,
  ): Promise<void> {
    await WinDigestModel.updateOne({ _id: claim._id }, { $set: { ...result, finishedAt: now } }, { runValidators: true });
  }

  /** Every bound channel tab of the tenant (a scan of a collection of one row per configured channel; background work only). */
  async bindings(tenantId: string): Promise<ChannelTabRecord[]> {
    return ChannelTabModel.find({ tenantId }).lean<ChannelTabRecord[]>();
  }
}
