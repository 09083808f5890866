import type {
  AlignmentGraph,
  AlignmentQueryInput,
  CheckIn,
  CheckInInput,
  CheckInResult,
  CoachReport,
  CompanyOkrs,
  Me,
  Objective,
  ObjectivePage,
  PeriodList,
  TenantSettings,
  WeeklyReport,
  WeeklyReviewQueue,
} from '@northstar/server/contract';
import { ApiError } from '../client/api-error';
import type { TokenProvider } from '../client/token-provider';

type Query = Record<string, string | number | undefined>;

/** Typed access to the API endpoints the tab uses. */
export interface TabApi {
  me(): Promise<Me>;
  /** Tells the server the user's time zone (`PUT /api/me/preferences`); their weekly-mail deadline and reminders follow it. */
  reportTimeZone(timeZone: string): Promise<unknown>;
  settings(): Promise<TenantSettings>;
  periods(): Promise<PeriodList>;
  company(periodId?: string): Promise<CompanyOkrs>;
  objectives(query: {
    periodId?: string;
    ownerId?: string;
    teamOf?: string;
    scope?: 'direct' | 'subtree';
    limit?: number;
  }): Promise<ObjectivePage>;
  objective(id: string): Promise<Objective>;
  coach(objectiveId: string): Promise<CoachReport>;
  checkIns(keyResultId: string): Promise<{ items: CheckIn[] }>;
  checkIn(keyResultId: string, isoWeek: string, input: CheckInInput): Promise<CheckInResult>;
  alignment(query: AlignmentQueryInput): Promise<AlignmentGraph>;
  reviewQueue(isoWeek: string): Promise<WeeklyReviewQueue>;
  review(authorId: string, isoWeek: string, comment: string): Promise<WeeklyReport>;
  /** Any other JSON endpoint (features whose client methods live beside their page). */
  request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
  /** A file the API answers with (a CSV export), signed in like every other call. */
  download(path: string, accept: string): Promise<Blob>;
}

function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Creates the tab's API client over a token provider. */
export function createTabApi(tokens: TokenProvider, baseUrl = ''): TabApi {
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = await tokens.getAccessToken();
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.ok) return (response.status === 204 ? undefined : await response.json()) as T;
    const problem = (await response.json().catch(() => undefined)) as ConstructorParameters<typeof ApiError>[1];
    throw new ApiError(response.status, problem);
  }
  const get = <T>(path: string, query: Query = {}): Promise<T> => request<T>('GET', withQuery(path, query));
  async function download(path: string, accept: string): Promise<Blob> {
    const token = await tokens.getAccessToken();
    const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}`, accept } });
    if (response.ok) return response.blob();
    const problem = (await response.json().catch(() => undefined)) as ConstructorParameters<typeof ApiError>[1];
    throw new ApiError(response.status, problem);
  }
  const id = encodeURIComponent;
  return {
    me: () => get('/api/me'),
    reportTimeZone: (timeZone) => request('PUT', '/api/me/preferences', { timeZone }),
    settings: () => get('/api/settings'),
    periods: () => get('/api/periods'),
    company: (periodId) => get('/api/company', { periodId }),
    objectives: (query) => get('/api/objectives', query),
    objective: (objectiveId) => get(`/api/objectives/${id(objectiveId)}`),
    coach: (objectiveId) => get(`/api/objectives/${id(objectiveId)}/coach`),
    checkIns: (keyResultId) => get(`/api/key-results/${id(keyResultId)}/check-ins`),
    checkIn: (keyResultId, isoWeek, input) => request('PUT', `/api/key-results/${id(keyResultId)}/check-ins/${id(isoWeek)}`, input),
    alignment: (query) => get('/api/alignment', query),
    reviewQueue: (isoWeek) => get(`/api/weekly/review/${id(isoWeek)}`),
    review: (authorId, isoWeek, comment) => request('POST', `/api/weekly/${id(authorId)}/${id(isoWeek)}/review`, { comment }),
    request: (method, path, body) => request(method, path, body),
    download,
  };
}
