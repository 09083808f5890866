import { docKey, OkrReadModel } from '../okrs/okrs.readmodel.js';
import {
  periodIndexKey,
  ProposalIndexModel,
  ProposalModel,
  proposalKey,
  type ProposalIndexRecord,
  type ProposalRecord,
} from './proposals.model.js';

const PROPOSALS = ProposalModel.collection.collectionName;
const INDEXES = ProposalIndexModel.collection.collectionName;

/** The fields a new proposal is stored with. */
export type NewProposal = Omit<ProposalRecord, '_id' | 'state' | 'supporters' | 'comments' | 'decision'>;

const isDuplicate = (error: unknown): boolean => (error as { code?: number }).code === 11000;

/**
 * Storage of proposals: one document per proposal (`<tenant>:<id>`) and one index document per (tenant, period)
 * listing proposal ids. Every read names documents by `_id`; reads are answered from the tenant's memory cache until a
 * logged write changes the document.
 */
export class ProposalsRepo {
  /** `readModel` logs proposal writes for every instance's cache (pass the server's shared one). */
  constructor(private readonly readModel: OkrReadModel = new OkrReadModel()) {}

  /** One proposal read from the database; null when the tenant has no such proposal. */
  async proposal(tenantId: string, proposalId: string): Promise<ProposalRecord | null> {
    const row = await ProposalModel.findOne({ _id: proposalKey(tenantId, proposalId) }).lean<ProposalRecord>();
    return row && row.tenantId === tenantId ? row : null;
  }

  /** The proposals of a period (any order), from the cached index and cached proposals. */
  async ofPeriod(tenantId: string, periodId: string): Promise<ProposalRecord[]> {
    const _id = periodIndexKey(tenantId, periodId);
    const index = await this.readModel.cached(tenantId, docKey(INDEXES, _id), () =>
      ProposalIndexModel.findOne({ _id }).lean<ProposalIndexRecord>(),
    );
    if (!index) return [];
    const rows = await Promise.all(
      index.proposalIds.map((id) =>
        this.readModel.cached(tenantId, docKey(PROPOSALS, proposalKey(tenantId, id)), () => this.proposal(tenantId, id)),
      ),
    );
    return rows.filter((row): row is ProposalRecord => row !== null);
  }

  /** Stores a new open proposal, then lists it in its period's index. */
  async insert(fields: NewProposal): Promise<ProposalRecord> {
    const doc: ProposalRecord = {
      _id: proposalKey(fields.tenantId, fields.id),
      ...fields,
      state: 'open',
      supporters: [],
      comments: [],
      decision: null,
    };
    await ProposalModel.create(doc);
    const index = periodIndexKey(doc.tenantId, doc.periodId);
    const update = { $addToSet: { proposalIds: doc.id }, $setOnInsert: { tenantId: doc.tenantId, periodId: doc.periodId } };
    try {
      await ProposalIndexModel.updateOne({ _id: index }, update, { upsert: true });
    } catch (error) {
      // Two first proposals of a period may race on creating the index; the loser adds to the winner's.
      if (!isDuplicate(error)) throw error;
      await ProposalIndexModel.updateOne({ _id: index }, { $addToSet: { proposalIds: doc.id } });
    }
    await this.readModel.record(doc.tenantId, { docs: [docKey(PROPOSALS, doc._id), docKey(INDEXES, index)] });
    return doc;
  }

  /** Appends a comment; answers the proposal after it. */
  async addComment(tenantId: string, proposalId: string, comment: ProposalRecord['comments'][number]): Promise<ProposalRecord | null> {
    return this.change(tenantId, proposalId, { $push: { comments: comment } });
  }

  /** Adds (`$addToSet`) or removes (`$pull`) one person's support; repeating either changes nothing. */
  async support(tenantId: string, proposalId: string, by: string, on: boolean): Promise<ProposalRecord | null> {
    return this.change(tenantId, proposalId, on ? { $addToSet: { supporters: by } } : { $pull: { supporters: by } });
  }

  /** Records the decision if the proposal is still open; false when someone decided first. */
  async decide(
    tenantId: string,
    proposalId: string,
    state: 'adopted' | 'declined',
    decision: NonNullable<ProposalRecord['decision']>,
  ): Promise<boolean> {
    const _id = proposalKey(tenantId, proposalId);
    const result = await ProposalModel.updateOne({ _id, state: 'open' }, { $set: { state, decision } }, { runValidators: true });
    if (result.modifiedCount > 0) await this.readModel.record(tenantId, { docs: [docKey(PROPOSALS, _id)] });
    return result.modifiedCount > 0;
  }

  private async change(tenantId: string, proposalId: string, update: Record<string, unknown>): Promise<ProposalRecord | null> {
    const _id = proposalKey(tenantId, proposalId);
    await ProposalModel.updateOne({ _id }, update, { runValidators: true });
    await this.readModel.record(tenantId, { docs: [docKey(PROPOSALS, _id)] });
    return this.proposal(tenantId, proposalId);
  }
}
