import { describe, expect, it } from 'vitest';
import { DEMO_DOMAIN, DEMO_TENANT_ID, demoOrg, deterministicGuid, generateOrg } from '../../../server/dev/org/generate.js';
import type { GraphUser } from '../../../server/dev/org/types.js';

const TENANT = '3c3c3c3c-4444-4444-8444-cccccccccccc';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function depthsOf(org: GraphUser[]): Map<string, number> {
  const byId = new Map(org.map((user) => [user.id, user]));
  const depths = new Map<string, number>();
  const depthOf = (user: GraphUser): number => {
    const known = depths.get(user.id);
    if (known !== undefined) return known;
    const depth = user.managerId === null ? 0 : 1 + depthOf(byId.get(user.managerId)!);
    depths.set(user.id, depth);
    return depth;
  };
  for (const user of org) depthOf(user);
  return depths;
}

function expectWellFormed(org: GraphUser[]): void {
  const ids = new Set(org.map((user) => user.id));
  expect(ids.size).toBe(org.length);
  expect(new Set(org.map((user) => user.userPrincipalName)).size).toBe(org.length);
  expect(org.filter((user) => user.managerId === null)).toHaveLength(1);
  expect(org.every((user) => user.managerId === null || ids.has(user.managerId))).toBe(true);
  expect(org.every((user) => GUID.test(user.id))).toBe(true);
  expect(org.every((user) => /^\d{4}-\d{2}-\d{2}T00:00:00Z$/.test(user.employeeHireDate))).toBe(true);
  expect(org.every((user) => user.mail === user.userPrincipalName)).toBe(true);
}

describe('generateOrg', () => {
  it('is deterministic for the same inputs and differs for another seed', () => {
    const a = generateOrg({ size: 500, tenantId: TENANT, seed: 42 });
    const b = generateOrg({ size: 500, tenantId: TENANT, seed: 42 });
    const c = generateOrg({ size: 500, tenantId: TENANT, seed: 43 });
    expect(b).toEqual(a);
    expect(c.map((user) => user.userPrincipalName)).not.toEqual(a.map((user) => user.userPrincipalName));
  });

  it('builds a realistic hierarchy: CEO, VPs, directors, managers, ICs', () => {
    const org = generateOrg({ size: 5000, tenantId: TENANT, today: new Date('2026-03-01T00:00:00Z') });
    expectWellFormed(org);
    expect(org[0]!.jobTitle).toBe('Chief Executive Officer');
    const depths = depthsOf(org);
    const maxDepth = Math.max(...depths.values());
    expect(maxDepth).toBeGreaterThanOrEqual(4);
    expect(maxDepth).toBeLessThanOrEqual(9);
    expect(org.filter((user) => depths.get(user.id) === 1).every((user) => user.jobTitle.startsWith('VP of '))).toBe(true);

    const spans = new Map<string, number>();
    for (const user of org) if (user.managerId) spans.set(user.managerId, (spans.get(user.managerId) ?? 0) + 1);
    const spanValues = [...spans.values()];
    const typical = spanValues.filter((span) => span >= 3 && span <= 10).length;
    expect(typical / spanValues.length).toBeGreaterThan(0.75);
    expect(spanValues.some((span) => span > 12)).toBe(true);
    expect(new Set(org.map((user) => user.department)).size).toBeGreaterThanOrEqual(5);

    const recent = org.filter((user) => user.employeeHireDate >= '2026-01-01');
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.length / org.length).toBeLessThan(0.05);
    expect(org.every((user) => user.employeeHireDate <= '2026-03-01')).toBe(true);
    expect(org.some((user) => !user.accountEnabled)).toBe(true);
  });

  it('accepts 10 to 100,000 people only', () => {
    expectWellFormed(generateOrg({ size: 10, tenantId: TENANT }));
    expect(() => generateOrg({ size: 9, tenantId: TENANT })).toThrow(RangeError);
    expect(() => generateOrg({ size: 100_001, tenantId: TENANT })).toThrow(RangeError);
  });

  it('generates 100,000 people in well under 2 s, identically twice', () => {
    const started = performance.now();
    const org = generateOrg({ size: 100_000, tenantId: TENANT });
    const elapsed = performance.now() - started;
    console.info(`generateOrg(100000): ${elapsed.toFixed(0)} ms`);
    expect(elapsed).toBeLessThan(2000);
    expect(org).toHaveLength(100_000);
    expectWellFormed(org);
    const again = generateOrg({ size: 100_000, tenantId: TENANT });
    expect(again[99_999]).toEqual(org[99_999]);
    expect(again.map((user) => user.id).join()).toBe(org.map((user) => user.id).join());
  });
});

describe('demoOrg', () => {
  const today = new Date('2026-03-15T12:00:00Z');
  const org = demoOrg({ tenantId: DEMO_TENANT_ID, today });

  it('is the ~60-person demo company with readable UPNs and stable ids', () => {
    expectWellFormed(org);
    expect(org.length).toBeGreaterThanOrEqual(55);
    expect(org.length).toBeLessThanOrEqual(65);
    expect(org[0]).toMatchObject({ userPrincipalName: `ava.chen@${DEMO_DOMAIN}`, jobTitle: 'Chief Executive Officer' });
    expect(org.every((user) => user.userPrincipalName.endsWith('@northstar.demo'))).toBe(true);
    expect(org[0]!.id).toBe(deterministicGuid(DEMO_TENANT_ID, 'ava.chen@northstar.demo'));
    expect(demoOrg({ tenantId: DEMO_TENANT_ID, today })).toEqual(org);
    expect(demoOrg({ tenantId: TENANT, today })[0]!.id).not.toBe(org[0]!.id);
  });

  it('has one CEO, 3–4 VPs, managers and ICs', () => {
    const depths = depthsOf(org);
    const vps = org.filter((user) => depths.get(user.id) === 1 && user.jobTitle.startsWith('VP'));
    expect(vps.length).toBeGreaterThanOrEqual(3);
    expect(vps.length).toBeLessThanOrEqual(4);
    const managerIds = new Set(org.map((user) => user.managerId));
    expect(org.filter((user) => depths.get(user.id) === 2 && managerIds.has(user.id)).length).toBeGreaterThanOrEqual(5);
    expect(org.filter((user) => !managerIds.has(user.id)).length).toBeGreaterThan(40);
  });

  it('has exactly three new hires (last 30 days), one HR partner and one admin', () => {
    const thirtyDaysAgo = Date.parse('2026-02-13T00:00:00Z');
    const newHires = org.filter((user) => Date.parse(user.employeeHireDate) >= thirtyDaysAgo);
    expect(newHires).toHaveLength(3);
    expect(newHires.every((user) => Date.parse(user.employeeHireDate) <= today.getTime())).toBe(true);
    expect(org.filter((user) => user.appRoles.includes('HR')).map((user) => user.jobTitle)).toEqual(['HR Business Partner']);
    expect(org.filter((user) => user.appRoles.includes('Admin'))).toHaveLength(1);
  });
});
