import { buildEmbeddedDb, goVersion } from './embedded.js';

const version = await goVersion();
if (!version) {
  console.error('embedded-db: Go is not on PATH; install Go 1.24+ (https://go.dev/dl/) or set MONGODB_URI.');
  process.exit(1);
}

try {
  const result = await buildEmbeddedDb();
  const action = result.built ? `built in ${(result.durationMs / 1000).toFixed(1)} s` : 'up to date';
  console.log(`embedded-db: ${action}: ${result.binaryPath} (${version})`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
