import type { Client } from '@microsoft/microsoft-graph-client';

/** One GET inside a JSON `$batch`; `url` is relative to the version root, e.g. `/users/{id}/manager`. */
export interface BatchGet {
  id: string;
  url: string;
}

/** The answer to one request of a batch. */
export interface BatchAnswer {
  status: number;
  body: unknown;
}

interface BatchResponse {
  responses?: Array<{ id: string; status: number; headers?: Record<string, string>; body?: unknown }>;
}

/** Graph accepts at most this many requests per `$batch`. */
export const MAX_BATCH_REQUESTS = 20;
const RETRIABLE = new Set([429, 503, 504]);

/** Options of {@link batchGet}. */
export interface BatchGetOptions {
  /** Retries per request after 429/503/504 inside the batch. */
  maxRetries?: number;
  /** Send `x-ms-throttle-priority: low` (background work). */
  background?: boolean;
  /** Waits between retries; replaceable in tests. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Sends GETs through JSON `$batch` (20 per call) and retries the requests that answered
 * 429/503/504 inside a successful batch, honouring each one's `Retry-After` — the client
 * library's RetryHandler only sees the outer 200.
 */
export async function batchGet(
  graph: Client,
  requests: readonly BatchGet[],
  options: BatchGetOptions = {},
): Promise<Map<string, BatchAnswer>> {
  const maxRetries = options.maxRetries ?? 5;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const answers = new Map<string, BatchAnswer>();
  let pending = [...requests];
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    const retry: BatchGet[] = [];
    let waitSeconds = 0;
    for (let index = 0; index < pending.length; index += MAX_BATCH_REQUESTS) {
      const chunk = pending.slice(index, index + MAX_BATCH_REQUESTS);
      let call = graph.api('/$batch');
      if (options.background) call = call.header('x-ms-throttle-priority', 'low');
      const response = (await call.post({ requests: chunk.map(({ id, url }) => ({ id, method: 'GET', url })) })) as BatchResponse;
      for (const request of chunk) {
        const answer = response.responses?.find((candidate) => candidate.id === request.id);
        if (!answer) {
          answers.set(request.id, { status: 500, body: { error: { code: 'MissingBatchResponse' } } });
        } else if (RETRIABLE.has(answer.status) && attempt < maxRetries) {
          retry.push(request);
          waitSeconds = Math.max(waitSeconds, retryAfterSeconds(answer.headers));
        } else {
          answers.set(request.id, { status: answer.status, body: answer.body });
        }
      }
    }
    if (retry.length > 0) await sleep(waitSeconds * 1000);
    pending = retry;
  }
  return answers;
}

function retryAfterSeconds(headers: Record<string, string> | undefined): number {
  const value = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'retry-after')?.[1];
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 120) : 1;
}
