import { OneOnOneClaimModel } from './oneonones.model.js';

/** A claim older than this whose version never reached its document is treated as abandoned (the writer died). */
const ABANDONED_CLAIM_MS = 30_000;

/** True for a duplicate-key error (another writer inserted the same `_id` first). */
export const isDuplicate = (error: unknown): boolean => (error as { code?: number }).code === 11000;

/**
 * Claims version `fromVersion + 1` of the document `key` in `one_on_one_claims` (one writer per version, since
 * FerretDB does not apply conditional updates atomically). Returns the claimed version, or null when another
 * writer owns it; a claim abandoned by a dead writer is skipped. `storedVersion` reads the document's version.
 */
export async function claimVersion(
  key: string,
  fromVersion: number,
  by: string,
  storedVersion: () => Promise<number | undefined>,
): Promise<number | null> {
  const version = fromVersion + 1;
  try {
    await OneOnOneClaimModel.create({ _id: `${key}#${version}`, by, at: new Date() });
    return version;
  } catch (error) {
    if (!isDuplicate(error)) throw error;
  }
  const [claim, current] = await Promise.all([
    OneOnOneClaimModel.findOne({ _id: `${key}#${version}` }).lean<{ at: Date }>(),
    storedVersion(),
  ]);
  const stuck = (current ?? 0) === fromVersion && claim !== null && Date.now() - new Date(claim.at).getTime() > ABANDONED_CLAIM_MS;
  return stuck ? claimVersion(key, version, by, storedVersion) : null;
}
