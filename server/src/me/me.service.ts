import type { Client } from '@microsoft/microsoft-graph-client';
import type { Me, MePreferences, PersonRef } from '../contract/index.js';
import type { Principal } from '../auth/principal.js';
import { rolesOf } from '../auth/roles.js';
import { batchGet, type BatchAnswer } from '../graph/batch.js';
import { AppError } from '../http/errors.js';
import { PreferencesRepo } from './preferences.repo.js';

interface GraphPerson {
  id: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
}

const CACHE_MS = 60_000;

interface OrgFacts {
  manager: PersonRef | null;
  hasReports: boolean;
}

/** Answers "who am I" from the verified token and the org in Microsoft Graph. */
export class MeService {
  /** Graph facts per user (manager, has reports); roles are derived per request from the token. */
  private readonly cache = new Map<string, { value: OrgFacts; at: number }>();

  constructor(
    private readonly graphFor: (tenantId: string) => Client,
    private readonly preferences = new PreferencesRepo(),
  ) {}

  /** Stores what the caller's client reports about them (their time zone). */
  async setPreferences(principal: Principal, input: MePreferences): Promise<MePreferences> {
    if (principal.appOnly) throw new AppError('forbidden', 'An app-only token has no user.');
    await this.preferences.setTimeZone(principal.tenantId, principal.userId, input.timeZone);
    return { timeZone: input.timeZone };
  }

  /** The caller with their manager and roles. */
  async me(principal: Principal): Promise<Me> {
    if (principal.appOnly) throw new AppError('forbidden', 'An app-only token has no user.');
    const { manager, hasReports } = await this.orgFacts(principal);
    return {
      id: principal.userId,
      tenantId: principal.tenantId,
      name: principal.name,
      upn: principal.upn,
      roles: rolesOf(principal, hasReports),
      manager,
    };
  }

  private async orgFacts(principal: Principal): Promise<OrgFacts> {
    const key = `${principal.tenantId}/${principal.userId}`;
    const cached = this.cache.get(key);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;

    const userPath = `/users/${encodeURIComponent(principal.userId)}`;
    const answers = await batchGet(this.graphFor(principal.tenantId), [
      { id: 'manager', url: `${userPath}/manager?$select=id,displayName,userPrincipalName` },
      { id: 'reports', url: `${userPath}/directReports?$select=id&$top=1` },
    ]);
    const manager = found<GraphPerson>(answers.get('manager'));
    const reports = found<{ value: unknown[] }>(answers.get('reports'))?.value ?? [];
    const value: OrgFacts = { manager: manager ? toPersonRef(manager) : null, hasReports: reports.length > 0 };
    this.cache.set(key, { value, at: Date.now() });
    return value;
  }
}

function toPersonRef(person: GraphPerson): PersonRef {
  return { id: person.id, name: person.displayName ?? '', upn: person.userPrincipalName ?? '' };
}

/** The body of a successful answer, null for 404, otherwise an upstream error. */
function found<T>(answer: BatchAnswer | undefined): T | null {
  if (answer?.status === 200) return answer.body as T;
  if (answer?.status === 404) return null;
  throw new AppError('upstream_unavailable', `Microsoft Graph answered ${answer?.status ?? 'nothing'}.`);
}
