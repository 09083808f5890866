import { buildEmbeddedDb, isGoAvailable } from '../../server/src/db/embedded.js';

/** Builds the embedded database launcher once before the workers start, so no test pays for the Go build. */
export default async function setup(): Promise<void> {
  if (!process.env.MONGODB_URI && (await isGoAvailable())) await buildEmbeddedDb();
}
