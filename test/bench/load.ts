import autocannon from 'autocannon';
import type { BenchEndpoint } from './types.js';

/** Throughput and latency of one endpoint at one concurrency. */
export interface LoadResult {
  endpoint: string;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Responses that were not 2xx, and socket errors or timeouts. */
  non2xx: number;
  errors: number;
  /** Responses per HTTP status. */
  statuses: Record<string, number>;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Runs autocannon against one endpoint, rotating over its requests, and reads every response time. With several base
 * URLs (server instances) the connections are spread over them in turn.
 */
export async function loadEndpoint(
  baseUrl: string | readonly string[],
  endpoint: BenchEndpoint,
  connections: number,
  durationSeconds: number,
): Promise<LoadResult> {
  let next = 0;
  const times: number[] = [];
  let instance!: autocannon.Instance;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        // autocannon takes a list of URLs (connection i goes to URL i mod n); its types know only one.
        url: (typeof baseUrl === 'string' ? baseUrl : [...baseUrl]) as string,
        connections,
        duration: durationSeconds,
        timeout: 30,
        requests: [
          {
            setupRequest: (request) => {
              const chosen = endpoint.requests[next++ % endpoint.requests.length]!;
              return {
                ...request,
                method: chosen.method,
                path: chosen.path,
                headers: {
                  ...(chosen.token ? { authorization: `Bearer ${chosen.token}` } : {}),
                  ...(chosen.body ? { 'content-type': 'application/json' } : {}),
                },
                body: chosen.body,
              };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error as Error) : resolve(result)),
    );
  });
  const statuses: Record<string, number> = {};
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    times.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  const result = await finished;
  times.sort((a, b) => a - b);
  return {
    endpoint: endpoint.name,
    connections,
    requests: result.requests.total,
    requestsPerSecond: round(result.requests.total / durationSeconds),
    p50Ms: round(percentile(times, 50)),
    p95Ms: round(percentile(times, 95)),
    p99Ms: round(percentile(times, 99)),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statuses,
  };
}
