/** Zod schema of a coach finding, for API contracts that return findings. */
import { z } from 'zod';
import { RULE_IDS } from './types.js';

/** A finding as the API sends it; matches the Finding interface. */
export const FindingSchema = z.object({
  severity: z.enum(['error', 'warning', 'tip']),
  rule: z.enum(RULE_IDS),
  message: z.string(),
  target: z.object({
    kind: z.enum(['objective', 'keyResult']),
    objectiveIndex: z.number().int().nonnegative(),
    keyResultIndex: z.number().int().nonnegative().optional(),
    id: z.string().optional(),
  }),
});
