import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { TestStack } from './stack.js';
import type { GraphUser } from '../../server/dev/org/types.js';
import { OrgStateModel } from '../../server/src/org/org-state.model.js';
import { PeopleWriter } from '../../server/src/org/people.writer.js';
import { KeyResultModel, LEVEL_RANK, ObjectiveModel } from '../../server/src/okrs/okrs.model.js';
import { TenantModel } from '../../server/src/tenants/tenants.model.js';

/** Onboards a tenant directly in the database (idempotent). */
export async function onboardTenant(tenantId: string, name = 'Test tenant'): Promise<void> {
  await TenantModel.updateOne({ tenantId }, { $setOnInsert: { tenantId, name, status: 'active' } }, { upsert: true });
}

/** Stores people through the org sync's writer (bulk inserts, updates only where changed); bumps the org version so org caches reload. */
export async function insertPeople(tenantId: string, people: readonly GraphUser[]): Promise<void> {
  const fields = (person: GraphUser) => ({
    displayName: person.displayName,
    mail: person.mail,
    upn: person.userPrincipalName,
    jobTitle: person.jobTitle,
    department: person.department,
    managerId: person.managerId,
    enabled: person.accountEnabled,
  });
  const writer = await PeopleWriter.open(tenantId);
  await writer.apply(people.map((person) => ({ id: person.id, set: { ...fields(person), hireDate: null, removedReason: null } })));
  await OrgStateModel.updateOne({ tenantId }, { $inc: { orgVersion: 1 } }, { upsert: true });
}

/** A bearer token for a person of any tenant, signed by the stack's issuer. */
export function tokenOf(stack: TestStack, tenantId: string, person: GraphUser, roles: string[] = person.appRoles): Promise<string> {
  return stack.issuer.issueToken({
    tenantId,
    objectId: person.id,
    audience: stack.clientId,
    scopes: ['access_as_user'],
    roles,
    name: person.displayName,
    upn: person.userPrincipalName,
    clientAppId: stack.clientId,
  });
}

/** Options of {@link insertOkrs}. */
export interface InsertOkrsOptions {
  periodId: string;
  keyResultsPerObjective?: number;
}

/**
 * Bulk-inserts OKRs for a whole org: one company objective owned by the top person, a team objective
 * for every manager aligned to their manager's team objective (or the company one), and a person
 * objective for everyone else aligned to their manager's team objective; each with key results.
 */
export async function insertOkrs(
  tenantId: string,
  people: readonly GraphUser[],
  options: InsertOkrsOptions,
): Promise<{ objectives: number; keyResults: number }> {
  const krCount = options.keyResultsPerObjective ?? 2;
  const managers = new Set(people.map((person) => person.managerId).filter((id): id is string => id !== null));
  const top = people.find((person) => person.managerId === null)!;
  const companyId = new Types.ObjectId();
  const teamObjectiveOf = new Map<string, Types.ObjectId>();
  for (const id of managers) teamObjectiveOf.set(id, new Types.ObjectId());
  const now = new Date();
  const base = {
    tenantId,
    periodId: options.periodId,
    why: 'Because it matters.',
    impactTags: ['customer'],
    state: 'active',
    visibility: 'public',
    retrospective: null,
    keyResultCount: krCount,
    version: 0,
    createdAt: now,
    updatedAt: now,
  };
  const objectives: Array<Record<string, unknown>> = [
    {
      ...base,
      _id: companyId,
      level: 'company',
      levelRank: LEVEL_RANK.company,
      ownerId: top.id,
      title: 'Delight our customers',
      alignedTo: [],
      createdBy: top.id,
    },
  ];
  for (const person of people) {
    const parent = person.managerId ? (teamObjectiveOf.get(person.managerId) ?? companyId) : companyId;
    if (managers.has(person.id)) {
      objectives.push({
        ...base,
        _id: teamObjectiveOf.get(person.id),
        level: 'team',
        levelRank: LEVEL_RANK.team,
        ownerId: person.id,
        title: `Team of ${person.displayName} ships what customers love`,
        alignedTo: [parent],
        createdBy: person.id,
      });
    }
    if (person.managerId) {
      objectives.push({
        ...base,
        _id: new Types.ObjectId(),
        level: 'person',
        levelRank: LEVEL_RANK.person,
        ownerId: person.id,
        title: `${person.displayName} grows customer trust`,
        alignedTo: [parent],
        createdBy: person.id,
      });
    }
  }
  const keyResults = objectives.flatMap((objective) =>
    Array.from({ length: krCount }, (_, index) => ({
      tenantId,
      objectiveId: objective._id,
      periodId: options.periodId,
      ownerId: objective.ownerId,
      title: `Key result ${index + 1}`,
      kind: 'increase_to',
      start: 0,
      target: 100,
      current: 10 * (index + 1),
      unit: '%',
      dueDate: null,
      indicator: index % 2 === 0 ? 'leading' : 'lagging',
      weight: null,
      initiatives: [],
      lastCheckInWeek: null,
      lastCheckInAt: null,
      lastConfidence: null,
      version: 0,
      createdAt: now,
      updatedAt: now,
    })),
  );
  for (let index = 0; index < objectives.length; index += 5000)
    await ObjectiveModel.collection.insertMany(objectives.slice(index, index + 5000));
  for (let index = 0; index < keyResults.length; index += 5000)
    await KeyResultModel.collection.insertMany(keyResults.slice(index, index + 5000));
  return { objectives: objectives.length, keyResults: keyResults.length };
}

/** A stable GUID derived from a seed, so that generated tenants and people keep their ids from run to run. */
export function stableGuid(seed: string): string {
  const hex = createHash('sha1').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Person number `n` of a generated tenant (`p<n>@<domain>`), an enabled engineer under `managerId`. */
export function buildPerson(tenant: string, n: number, managerId: string | null, domain: string): GraphUser {
  return {
    id: stableGuid(`${tenant}:${n}`),
    displayName: `Person ${n}`,
    givenName: 'Person',
    surname: String(n),
    mail: `p${n}@${domain}`,
    userPrincipalName: `p${n}@${domain}`,
    jobTitle: 'Engineer',
    department: 'Engineering',
    employeeHireDate: '2020-01-01T00:00:00Z',
    accountEnabled: true,
    managerId,
    appRoles: [],
  };
}
