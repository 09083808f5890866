import { z } from 'zod';

/** Which database the server runs on. */
export const DatabaseKindSchema = z.enum(['external', 'mongod', 'ferretdb', 'memory-server']);

/** `GET /api/health`. */
export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  uptimeSeconds: z.number(),
  database: z.object({
    kind: DatabaseKindSchema,
    state: z.enum(['up', 'down', 'connecting']),
  }),
});
export type Health = z.infer<typeof HealthSchema>;

/** `GET /api/config`: what the tab and add-in need before they can sign in. */
export const ClientConfigSchema = z.object({
  entraClientId: z.string(),
  authority: z.string(),
  apiScope: z.string().describe('Full scope the clients request, e.g. api://<client id>/access_as_user'),
});
export type ClientConfig = z.infer<typeof ClientConfigSchema>;
