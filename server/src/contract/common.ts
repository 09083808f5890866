import { z } from 'zod';

/** An `application/problem+json` document (RFC 9457) as every error of the API answers it. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string().describe('Stable machine-readable code from the error catalogue'),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .optional()
    .describe('Each invalid field, for validation failures'),
});
export type Problem = z.infer<typeof ProblemSchema>;

/** An Entra object id or tenant id (a GUID). */
export const GuidSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a GUID');
