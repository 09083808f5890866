import type { Problem, RenderedWeeklyMail, SaveWeeklyReport, WeeklyReport } from '@northstar/server/contract';
import type { TokenProvider } from '@northstar/tab/client';

/** An API call answered with an error status; carries the problem document when there is one. */
export class WeeklyApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem> | undefined,
  ) {
    super(problem?.detail ?? problem?.title ?? `Request failed with status ${status}`);
    this.name = 'WeeklyApiError';
  }
}

/** The server could not be reached at all (network down, DNS, server stopped). */
export class ServiceUnreachableError extends Error {
  constructor(cause: unknown) {
    super('The Northstar service cannot be reached', { cause });
    this.name = 'ServiceUnreachableError';
  }
}

/** The weekly OKR mail endpoints the task pane uses. */
export interface WeeklyClient {
  get(isoWeek: string): Promise<WeeklyReport>;
  save(isoWeek: string, report: SaveWeeklyReport): Promise<WeeklyReport>;
  render(isoWeek: string): Promise<RenderedWeeklyMail>;
  /** Tells the server the author's time zone (`PUT /api/me/preferences`): deadlines and reminders follow it. */
  reportTimeZone(timeZone: string): Promise<unknown>;
}

/** Creates the weekly client; every call carries a bearer token from `tokens`. */
export function createWeeklyClient(tokens: TokenProvider, baseUrl = ''): WeeklyClient {
  /** The last token handed out: a save made as the pane closes sends it at once instead of waiting for the host. */
  let lastToken: string | undefined;

  async function send(method: string, path: string, token: string, body: unknown): Promise<Response> {
    try {
      return await fetch(`${baseUrl}/api${path}`, {
        method,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        // A save started as the pane closes still reaches the server.
        keepalive: method !== 'GET',
      });
    } catch (error) {
      throw new ServiceUnreachableError(error);
    }
  }

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const cached = method === 'PUT' ? lastToken : undefined;
    let response = await send(method, path, cached ?? (lastToken = await tokens.getAccessToken()), body);
    if (response.status === 401 && cached) response = await send(method, path, (lastToken = await tokens.getAccessToken()), body);
    if (response.ok) return (await response.json()) as T;
    const isJson = response.headers.get('content-type')?.includes('json') ?? false;
    const problem = isJson ? ((await response.json().catch(() => undefined)) as Partial<Problem> | undefined) : undefined;
    throw new WeeklyApiError(response.status, problem);
  }
  const week = (isoWeek: string) => `/weekly/${encodeURIComponent(isoWeek)}`;
  return {
    get: (isoWeek) => request<WeeklyReport>('GET', week(isoWeek)),
    save: (isoWeek, report) => request<WeeklyReport>('PUT', week(isoWeek), report),
    render: (isoWeek) => request<RenderedWeeklyMail>('GET', `${week(isoWeek)}/render`),
    reportTimeZone: (timeZone) => request<unknown>('PUT', '/me/preferences', { timeZone }),
  };
}

/** Coach findings of one stored objective (`GET /api/objectives/:id/coach`); the hints the pane shows. */
export async function fetchCoachFindings(
  tokens: TokenProvider,
  objectiveId: string,
  baseUrl = '',
): Promise<Array<{ severity: string; message: string; rule: string }>> {
  const token = await tokens.getAccessToken();
  const response = await fetch(`${baseUrl}/api/objectives/${encodeURIComponent(objectiveId)}/coach`, {
    headers: { accept: 'application/json', authorization: `Bearer ${token}` },
  });
  if (!response.ok) return [];
  return ((await response.json()) as { findings: Array<{ severity: string; message: string; rule: string }> }).findings;
}

/** The ISO week (`2026-W05`) of a moment, by the calendar date where the author is. */
export function currentIsoWeek(now = new Date()): string {
  const day = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  const thursday = day + (3 - weekday) * 86_400_000;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
