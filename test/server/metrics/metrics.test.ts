import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../../server/dev/org/types.js';
import type { Metric, MetricHistory, MetricImportResult, TeamMetrics } from '../../../server/src/contract/index.js';
import {
  MetricChangeModel,
  metricChangeKey,
  MetricValueModel,
  metricValueKey,
  TeamMetricsModel,
  teamMetricsKey,
  type MetricValueRecord,
  type TeamMetricsRecord,
} from '../../../server/src/metrics/metrics.model.js';
import { isoWeekOf, isoWeekStart, shiftIsoWeek } from '../../../server/src/okrs/periods.js';
import { apiCaller, type ApiCall, type Reply } from '../../support/api-client.js';
import { insertPeople, onboardTenant, tokenOf } from '../../support/factories.js';
import { startStack, type TestStack } from '../../support/stack.js';

let stack: TestStack;
const OTHER_TENANT = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const WEEK = isoWeekOf(new Date());
const LAST_WEEK = shiftIsoWeek(WEEK, -1);
const MISSING_METRIC = '0123456789abcdef01234567';

const caller = apiCaller(() => stack);
const call = <T = Metric>(...args: Parameters<ApiCall>): Promise<Reply<T>> => caller<T>(...args);
const byUpn = (upn: string): GraphUser => stack.people.find((p) => p.userPrincipalName === `${upn}@northstar.demo`)!;

let liam: GraphUser;
let diego: GraphUser;
let marcus: GraphUser;
let jonas: GraphUser;
let chloe: GraphUser;
let ravi: GraphUser;
let ava: GraphUser;
let sofia: GraphUser;
let admin: GraphUser;
let base: string;

const teamDoc = (teamId: string) => TeamMetricsModel.findOne({ _id: teamMetricsKey(stack.tenantId, teamId) }).lean<TeamMetricsRecord>();
const valueDoc = (teamId: string, metricId: string, week: string) =>
  MetricValueModel.findOne({ _id: metricValueKey(stack.tenantId, teamId, metricId, week) }).lean<MetricValueRecord>();

const definition = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  unit: 'ms',
  direction: 'lower_is_better',
  thresholds: { green: 200, yellow: 400 },
  ...extra,
});

beforeAll(async () => {
  stack = await startStack();
  liam = byUpn('liam.novak');
  diego = byUpn('diego.alvarez');
  marcus = byUpn('marcus.lee');
  jonas = byUpn('jonas.becker');
  chloe = byUpn('chloe.dubois');
  ravi = byUpn('ravi.shah');
  ava = byUpn('ava.chen');
  sofia = byUpn('sofia.martinez');
  admin = stack.people.find((p) => p.appRoles.includes('Admin'))!;
  base = `/teams/${jonas.id}/metrics`;
});
afterAll(async () => {
  await stack?.stop();
});

describe('team health metrics', () => {
  it('answers 401 without a token on every endpoint', async () => {
    const metric = `${base}/${MISSING_METRIC}`;
    const endpoints: Array<[string, string]> = [
      ['GET', base],
      ['POST', base],
      ['POST', `${base}/import`],
      ['PATCH', metric],
      ['POST', `${metric}/archive`],
      ['PUT', `${metric}/values/${WEEK}`],
      ['GET', `${metric}/history`],
    ];
    for (const [method, path] of endpoints) {
      const reply = await call(method, path, null, method === 'GET' ? undefined : {});
      expect(reply.status, `${method} ${path}`).toBe(401);
      expect(reply.type).toContain('application/problem+json');
    }
  });

  it('lists the seeded metrics of the demo team with this week’s band, a 13-week trend and the caller’s actions', async () => {
    const list = await call<TeamMetrics>('GET', `/teams/${liam.id}/metrics`, liam);
    expect(list.status, list.text).toBe(200);
    expect(list.body.isoWeek).toBe(WEEK);
    expect(list.body.allowedActions).toEqual(['read', 'create', 'import']);
    const byName = new Map(list.body.metrics.map((metric) => [metric.name, metric]));
    expect([...byName.keys()].sort()).toEqual(['API uptime', 'Customer NPS', 'Deploys per week', 'Open incidents', 'p95 latency']);
    expect(byName.get('API uptime')).toMatchObject({ value: 99.42, band: 'red', owner: { id: diego.id }, previousValue: 99.95 });
    expect(byName.get('p95 latency')).toMatchObject({ value: 385, band: 'yellow', previousValue: 295 });
    expect(byName.get('Deploys per week')).toMatchObject({ band: 'green' });
    for (const metric of list.body.metrics) {
      expect(metric.trend).toHaveLength(13);
      expect(metric.trend.at(-1)).toMatchObject({ isoWeek: WEEK, value: metric.value });
      expect(metric.trend.every((point) => point.value !== null)).toBe(true);
      expect(metric.allowedActions).toEqual(['read', 'update', 'archive', 'enterValue']);
    }
    const asDiego = await call<TeamMetrics>('GET', `/teams/${liam.id}/metrics`, diego);
    expect(asDiego.body.allowedActions).toEqual(['read', 'import']);
    for (const metric of asDiego.body.metrics) {
      expect(metric.allowedActions, metric.name).toEqual(metric.owner.id === diego.id ? ['read', 'enterValue'] : ['read']);
    }
    const asMarcus = await call<TeamMetrics>('GET', `/teams/${liam.id}/metrics`, marcus);
    expect(asMarcus.body.allowedActions).toEqual(['read']);
    const asCeo = await call<TeamMetrics>('GET', `/teams/${liam.id}/metrics`, ava);
    expect(asCeo.body.allowedActions).toEqual(['read', 'create', 'import']);
  });

  it('shows the seeded history: values per week and who changed what', async () => {
    const list = await call<TeamMetrics>('GET', `/teams/${liam.id}/metrics`, marcus);
    const latency = list.body.metrics.find((metric) => metric.name === 'p95 latency')!;
    const history = await call<MetricHistory>('GET', `/teams/${liam.id}/metrics/${latency.id}/history`, marcus);
    expect(history.status, history.text).toBe(200);
    expect(history.body.values).toHaveLength(13);
    expect(history.body.values[0]).toMatchObject({ isoWeek: WEEK, value: 385, enteredBy: { id: byUpn('priya.raman').id } });
    expect(history.body.values[1]).toMatchObject({ isoWeek: LAST_WEEK, value: 295, enteredBy: { id: liam.id }, version: 2 });
    const correction = history.body.changes.find((change) => change.isoWeek === LAST_WEEK && change.by.id === liam.id);
    expect(correction).toMatchObject({ kind: 'value', imported: false, changes: [{ field: 'value', from: '290', to: '295' }] });
    expect(history.body.changes.some((change) => change.kind === 'created' && change.by.id === liam.id)).toBe(true);
    expect(history.body.changes.filter((change) => change.imported)).toHaveLength(12);
  });

  it('creates a metric (happy path) and stores the definition with its change record', async () => {
    const created = await call(
      'POST',
      base,
      jonas,
      definition('Crash-free sessions', {
        unit: '%',
        direction: 'higher_is_better',
        thresholds: { green: 99.5, yellow: 98 },
        ownerId: ravi.id,
      }),
    );
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Crash-free sessions',
      teamId: jonas.id,
      owner: { id: ravi.id, name: 'Ravi Shah' },
      value: null,
      band: null,
      archived: false,
      version: 1,
      allowedActions: ['read', 'update', 'archive', 'enterValue'],
    });
    const doc = await teamDoc(jonas.id);
    expect(doc?.version).toBe(1);
    expect(doc?.metrics).toHaveLength(1);
    expect(doc?.metrics[0]).toMatchObject({
      _id: created.body.id,
      name: 'Crash-free sessions',
      ownerId: ravi.id,
      direction: 'higher_is_better',
      thresholds: { green: 99.5, yellow: 98 },
      revisions: [1],
    });
    const change = await MetricChangeModel.findOne({ _id: metricChangeKey(teamMetricsKey(stack.tenantId, jonas.id), 1) }).lean();
    expect(change).toMatchObject({ kind: 'created', by: jonas.id, metricId: created.body.id });

    const defaultOwner = await call('POST', base, liam, definition('Build time'));
    expect(defaultOwner.status).toBe(201);
    expect(defaultOwner.body.owner.id).toBe(jonas.id);
    const duplicate = await call('POST', base, jonas, definition('build TIME'));
    expect(duplicate.status).toBe(409);
  });

  it('answers 403 to members who see the team but may not edit, and lets the owner enter values only', async () => {
    const list = await call<TeamMetrics>('GET', base, chloe);
    expect(list.status).toBe(200);
    const crash = list.body.metrics.find((metric) => metric.name === 'Crash-free sessions')!;
    const build = list.body.metrics.find((metric) => metric.name === 'Build time')!;
    expect(crash.allowedActions).toEqual(['read']);
    const before = await teamDoc(jonas.id);
    const refusals: Array<[string, string, GraphUser, unknown]> = [
      ['POST', base, chloe, definition('Sneaky')],
      ['PATCH', `${base}/${crash.id}`, chloe, { version: crash.version, name: 'Sneaky' }],
      ['POST', `${base}/${crash.id}/archive`, chloe, { version: crash.version }],
      ['PUT', `${base}/${crash.id}/values/${WEEK}`, chloe, { value: 99 }],
      ['POST', `${base}/import`, chloe, { csv: `metric,week,value\nCrash-free sessions,${WEEK},99` }],
      ['PATCH', `${base}/${crash.id}`, ravi, { version: crash.version, name: 'Owner renames' }],
      ['POST', base, ravi, definition('Owner adds')],
      ['PUT', `${base}/${build.id}/values/${WEEK}`, ravi, { value: 300 }],
    ];
    for (const [method, path, as, body] of refusals) {
      const reply = await call(method, path, as, body);
      expect(reply.status, `${as.displayName} ${method} ${path}`).toBe(403);
    }
    expect(await teamDoc(jonas.id)).toEqual(before);
    expect(await valueDoc(jonas.id, crash.id, WEEK)).toBeNull();
    const own = await call('PUT', `${base}/${crash.id}/values/${WEEK}`, ravi, { value: 99.1 });
    expect(own.status, own.text).toBe(200);
    expect(own.body).toMatchObject({ value: 99.1, band: 'yellow', valueVersion: 1 });
  });

  it('answers 404 to people outside the team, other tenants, unknown teams and unknown metrics', async () => {
    const list = await call<TeamMetrics>('GET', base, jonas);
    const metric = list.body.metrics[0]!;
    const path = `${base}/${metric.id}`;
    const attempts = (as: GraphUser | string): Array<[string, string, GraphUser | string, unknown]> => [
      ['GET', base, as, undefined],
      ['POST', base, as, definition('Outsider')],
      ['POST', `${base}/import`, as, { csv: `metric,week,value\n${metric.name},${WEEK},1` }],
      ['PATCH', path, as, { version: metric.version, name: 'Outsider' }],
      ['POST', `${path}/archive`, as, { version: metric.version }],
      ['PUT', `${path}/values/${WEEK}`, as, { value: 1 }],
      ['GET', `${path}/history`, as, undefined],
    ];
    for (const outsider of [sofia, marcus, byUpn('priya.raman')]) {
      for (const [method, target, as, body] of attempts(outsider)) {
        expect((await call(method, target, as, body)).status, `${outsider.displayName} ${method} ${target}`).toBe(404);
      }
    }
    // A person without reports is no team; an unknown metric of a real team is no metric.
    expect((await call('GET', `/teams/${chloe.id}/metrics`, chloe)).status).toBe(404);
    expect((await call('GET', `/teams/${admin.id}/metrics`, admin)).status).toBe(404);
    expect((await call('PATCH', `${base}/${MISSING_METRIC}`, jonas, { version: 1, name: 'x' })).status).toBe(404);
    expect((await call('PUT', `${base}/${MISSING_METRIC}/values/${WEEK}`, jonas, { value: 1 })).status).toBe(404);
    expect((await call('GET', `${base}/${MISSING_METRIC}/history`, jonas)).status).toBe(404);

    await onboardTenant(OTHER_TENANT, 'Other tenant');
    await insertPeople(OTHER_TENANT, [
      { ...jonas, managerId: null },
      { ...chloe, managerId: jonas.id },
    ]);
    const foreignJonas = await tokenOf(stack, OTHER_TENANT, jonas, []);
    const foreignList = await call<TeamMetrics>('GET', base, foreignJonas);
    expect(foreignList.status).toBe(200);
    expect(foreignList.body.metrics).toEqual([]);
    for (const [method, target, as, body] of attempts(foreignJonas).slice(3)) {
      expect((await call(method, target, as, body)).status, `foreign ${method} ${target}`).toBe(404);
    }
    const foreignImport = await call<MetricImportResult>('POST', `${base}/import`, foreignJonas, {
      csv: `metric,week,value\n${metric.id},${WEEK},1`,
    });
    expect(foreignImport.body).toMatchObject({ imported: 0, errors: 1 });
    const foreignLiam = await tokenOf(stack, OTHER_TENANT, liam, []);
    expect((await call('GET', `/teams/${liam.id}/metrics`, foreignLiam)).status).toBe(404);
    expect(await TeamMetricsModel.findOne({ _id: teamMetricsKey(OTHER_TENANT, jonas.id) }).lean()).toBeNull();
  });

  it('answers 400 with a message naming the field for bad values, thresholds, weeks and names, and stores nothing', async () => {
    const list = await call<TeamMetrics>('GET', base, jonas);
    const build = list.body.metrics.find((metric) => metric.name === 'Build time')!;
    const before = await teamDoc(jonas.id);
    const valuePath = `${base}/${build.id}/values/${WEEK}`;
    const bad: Array<[string, string, unknown, RegExp]> = [
      ['PUT', valuePath, { value: NaN }, /body\.value: must be a number/],
      ['PUT', valuePath, { value: 'NaN' }, /body\.value: must be a number/],
      ['PUT', valuePath, { value: '1e308' }, /body\.value: must be a number/],
      ['PUT', valuePath, { value: 1e308 }, /body\.value: must be between/],
      ['PUT', valuePath, { value: -1e13 }, /body\.value: must be between/],
      ['PUT', valuePath, { value: 'fast' }, /body\.value: must be a number/],
      ['PUT', valuePath, {}, /body\.value: is required/],
      ['PUT', `${base}/${build.id}/values/2026-13`, { value: 1 }, /params\.isoWeek/],
      ['PUT', `${base}/${build.id}/values/2026-W54`, { value: 1 }, /params\.isoWeek/],
      ['PUT', `${base}/${build.id}/values/2027-W53`, { value: 1 }, /params\.isoWeek: 2027-W53 does not exist/],
      ['PUT', `${base}/${build.id}/values/${shiftIsoWeek(WEEK, 3)}`, { value: 1 }, /has not begun/],
      ['POST', base, definition('Wrong order', { thresholds: { green: 500, yellow: 100 } }), /body\.thresholds: with lower_is_better/],
      ['POST', base, definition('Wrong order', { direction: 'higher_is_better' }), /body\.thresholds: with higher_is_better/],
      ['POST', base, definition('Equal', { thresholds: { green: 5, yellow: 5 } }), /body\.thresholds/],
      ['POST', base, definition('Huge', { thresholds: { green: 1e308, yellow: 5 } }), /body\.thresholds\.green/],
      ['POST', base, definition('x'.repeat(100_000)), /body\.name: must be at most 120 characters/],
      ['POST', base, definition('   '), /body\.name: must not be empty/],
      ['POST', base, definition('Unit', { unit: 'u'.repeat(21) }), /body\.unit/],
      ['POST', base, definition('Extra', { extra: true }), /extra/],
      ['POST', base, definition('Owner', { ownerId: sofia.id }), /body\.ownerId/],
      [
        'PATCH',
        `${base}/${build.id}`,
        { version: build.version, direction: 'higher_is_better' },
        /body\.thresholds: with higher_is_better/,
      ],
      ['PATCH', `${base}/${build.id}`, { version: build.version, name: 'y'.repeat(100_000) }, /body\.name/],
      ['PATCH', `${base}/${build.id}`, { name: 'No version' }, /body\.version/],
      ['PATCH', `${base}/not-an-id`, { version: 1, name: 'x' }, /params\.metricId/],
      ['GET', `/teams/not-a-guid/metrics`, undefined, /params\.teamId/],
      ['POST', `${base}/import`, { csv: '' }, /body\.csv/],
      ['POST', `${base}/import`, { csv: 'metric,value\nBuild time,1' }, /lacks the column week/],
      ['POST', `${base}/import`, { csv: 'x'.repeat(200_001) }, /body\.csv: must be at most/],
      ['POST', `${base}/import`, { csv: 'metric,week,value\n"unclosed,2026-W01,1' }, /not valid CSV/],
    ];
    for (const [method, path, body, message] of bad) {
      const reply = await call(method, path, jonas, body);
      expect(reply.status, `${method} ${path} ${JSON.stringify(body)?.slice(0, 80)}`).toBe(400);
      expect((reply.body as { detail?: string }).detail, `${method} ${path}`).toMatch(message);
    }
    const raw = await fetch(`${stack.baseUrl}/api${valuePath}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await stack.tokenFor(jonas.userPrincipalName)}`, 'content-type': 'application/json' },
      body: '{"value": NaN}',
    });
    expect(raw.status).toBe(400);
    expect(await teamDoc(jonas.id)).toEqual(before);
    expect(await valueDoc(jonas.id, build.id, WEEK)).toBeNull();
  });

  it('enters a weekly value idempotently, answers 409 for a stale version, and records who changed what', async () => {
    const list = await call<TeamMetrics>('GET', base, jonas);
    const build = list.body.metrics.find((metric) => metric.name === 'Build time')!;
    const path = `${base}/${build.id}/values/${LAST_WEEK}`;
    const first = await call('PUT', path, jonas, { value: 250, version: 0 });
    expect(first.status, first.text).toBe(200);
    expect(first.body.trend.at(-2)).toMatchObject({ isoWeek: LAST_WEEK, value: 250, band: 'yellow' });
    expect(await valueDoc(jonas.id, build.id, LAST_WEEK)).toMatchObject({
      value: 250,
      version: 1,
      enteredBy: jonas.id,
      isoWeek: LAST_WEEK,
    });
    expect((await call('PUT', path, jonas, { value: 250 })).status).toBe(200);
    expect((await valueDoc(jonas.id, build.id, LAST_WEEK))?.version).toBe(1);
    expect((await call('PUT', path, liam, { value: 180, version: 1 })).status).toBe(200);
    const stale = await call('PUT', path, jonas, { value: 900, version: 1 });
    expect(stale.status).toBe(409);
    expect(await valueDoc(jonas.id, build.id, LAST_WEEK)).toMatchObject({ value: 180, version: 2, enteredBy: liam.id });

    const history = await call<MetricHistory>('GET', `${base}/${build.id}/history?weeks=4`, chloe);
    expect(history.status, history.text).toBe(200);
    expect(history.body.values).toEqual([
      expect.objectContaining({ isoWeek: LAST_WEEK, value: 180, band: 'green', enteredBy: expect.objectContaining({ id: liam.id }) }),
    ]);
    const valueChanges = history.body.changes.filter((change) => change.kind === 'value');
    expect(valueChanges.map((change) => [change.by.id, change.changes[0]])).toEqual([
      [liam.id, { field: 'value', from: '250', to: '180' }],
      [jonas.id, { field: 'value', from: null, to: '250' }],
    ]);
    expect((await call('GET', `${base}/${build.id}/history?weeks=500`, chloe)).status).toBe(400);
  });

  it('edits and archives a definition with version checks; an archived metric leaves the list and takes no values', async () => {
    const list = await call<TeamMetrics>('GET', base, jonas);
    const build = list.body.metrics.find((metric) => metric.name === 'Build time')!;
    const edited = await call('PATCH', `${base}/${build.id}`, liam, {
      version: build.version,
      thresholds: { green: 150, yellow: 300 },
      unit: 's',
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body).toMatchObject({ version: build.version + 1, unit: 's', thresholds: { green: 150, yellow: 300 } });
    expect(edited.body.trend.at(-2)).toMatchObject({ value: 180, band: 'yellow' });
    expect((await call('PATCH', `${base}/${build.id}`, jonas, { version: build.version, name: 'Stale' })).status).toBe(409);
    const stored = (await teamDoc(jonas.id))!.metrics.find((metric) => metric._id === build.id)!;
    expect(stored).toMatchObject({ unit: 's', version: build.version + 1, thresholds: { green: 150, yellow: 300 } });
    const history = await call<MetricHistory>('GET', `${base}/${build.id}/history`, jonas);
    expect(history.body.changes.find((change) => change.kind === 'updated')).toMatchObject({
      by: { id: liam.id },
      changes: [
        { field: 'unit', from: 'ms', to: 's' },
        { field: 'thresholds.green', from: '200', to: '150' },
        { field: 'thresholds.yellow', from: '400', to: '300' },
      ],
    });

    const handedOver = await call('PATCH', `${base}/${build.id}`, jonas, { version: build.version + 1, ownerId: chloe.id });
    expect(handedOver.body).toMatchObject({ owner: { id: chloe.id }, version: build.version + 2 });
    const afterHandover = await call<MetricHistory>('GET', `${base}/${build.id}/history`, chloe);
    expect(afterHandover.body.changes[0]).toMatchObject({
      kind: 'updated',
      by: { id: jonas.id },
      changes: [{ field: 'owner', from: 'Jonas Becker', to: 'Chloe Dubois' }],
    });
    expect(afterHandover.body.metric.allowedActions).toEqual(['read', 'enterValue']);

    const archived = await call('POST', `${base}/${build.id}/archive`, jonas, { version: build.version + 2 });
    expect(archived.status, archived.text).toBe(200);
    expect(archived.body).toMatchObject({ archived: true, allowedActions: ['read'] });
    expect((await teamDoc(jonas.id))!.metrics.find((metric) => metric._id === build.id)?.archived).toBe(true);
    expect((await call<TeamMetrics>('GET', base, jonas)).body.metrics.map((metric) => metric.id)).not.toContain(build.id);
    expect((await call('PUT', `${base}/${build.id}/values/${WEEK}`, jonas, { value: 1 })).status).toBe(403);
    expect((await call('GET', `${base}/${build.id}/history`, chloe)).status).toBe(200);
    expect((await call('POST', base, jonas, definition('Build time'))).status).toBe(201);
  });

  it('imports values from CSV: a dry run writes nothing, bad rows are never written, and a re-import changes nothing', async () => {
    const list = await call<TeamMetrics>('GET', base, jonas);
    const crash = list.body.metrics.find((metric) => metric.name === 'Crash-free sessions')!;
    const build = list.body.metrics.find((metric) => metric.name === 'Build time')!;
    const weeks = [shiftIsoWeek(WEEK, -4), shiftIsoWeek(WEEK, -3), shiftIsoWeek(WEEK, -2)];
    const csv = [
      'Metric,ISO week,Value',
      `Crash-free sessions,${weeks[0]},99.7`,
      `crash-free SESSIONS,${weeks[1]},"98,5"`,
      `${build.id},${weeks[2]},120`,
      `Unknown metric,${weeks[0]},1`,
      `Crash-free sessions,2026-13,1`,
      `Crash-free sessions,${shiftIsoWeek(WEEK, 5)},1`,
      `Crash-free sessions,${weeks[2]},1e308`,
      `Crash-free sessions,${weeks[2]},lots`,
      `Build time,${weeks[0]},100`,
      `Build time,${weeks[0]},110`,
      `<img src=x onerror=alert(1)>,${weeks[0]},1`,
    ].join('\n');
    const dry = await call<MetricImportResult>('POST', `${base}/import`, jonas, { csv, dryRun: true });
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, imported: 3, skipped: 0, errors: 8 });
    expect(dry.body.rows.map((row) => [row.line, row.status])).toEqual([
      [2, 'imported'],
      [3, 'imported'],
      [4, 'imported'],
      [5, 'error'],
      [6, 'error'],
      [7, 'error'],
      [8, 'error'],
      [9, 'error'],
      [10, 'error'],
      [11, 'error'],
      [12, 'error'],
    ]);
    expect(dry.body.rows[3]!.reason).toMatch(/no metric of this team/);
    expect(dry.body.rows[4]!.reason).toMatch(/^week:/);
    expect(dry.body.rows[5]!.reason).toMatch(/has not begun/);
    expect(dry.body.rows[6]!.reason).toMatch(/^value: must be between/);
    expect(dry.body.rows[7]!.reason).toMatch(/^value: "lots" is not a number/);
    expect(dry.body.rows[8]!.reason).toMatch(/appear on 2 lines \(10, 11\)/);
    for (const week of weeks) expect(await valueDoc(jonas.id, crash.id, week)).toBeNull();
    expect(await valueDoc(jonas.id, build.id, weeks[2]!)).toBeNull();

    const real = await call<MetricImportResult>('POST', `${base}/import`, jonas, { csv });
    expect(real.body).toMatchObject({ dryRun: false, imported: 3, skipped: 0, errors: 8 });
    expect(await valueDoc(jonas.id, crash.id, weeks[0]!)).toMatchObject({ value: 99.7, version: 1, enteredBy: jonas.id });
    expect(await valueDoc(jonas.id, crash.id, weeks[1]!)).toMatchObject({ value: 98.5 });
    expect(await valueDoc(jonas.id, build.id, weeks[2]!)).toMatchObject({ value: 120 });
    expect(await valueDoc(jonas.id, crash.id, weeks[2]!)).toBeNull();
    expect(await valueDoc(jonas.id, build.id, weeks[0]!)).toBeNull();
    const change = await MetricChangeModel.findOne({
      _id: metricChangeKey(metricValueKey(stack.tenantId, jonas.id, crash.id, weeks[0]!), 1),
    }).lean();
    expect(change).toMatchObject({ kind: 'value', imported: true, by: jonas.id });

    const again = await call<MetricImportResult>('POST', `${base}/import`, jonas, { csv });
    expect(again.body).toMatchObject({ imported: 0, skipped: 3, errors: 8 });
    expect((await valueDoc(jonas.id, crash.id, weeks[0]!))?.version).toBe(1);

    const tuesday = new Date(isoWeekStart(LAST_WEEK).getTime() + 86_400_000).toISOString().slice(0, 10);
    const byDate = await call<MetricImportResult>('POST', `${base}/import`, ravi, {
      csv: `metric,date,value\nCrash-free sessions,${tuesday},99.8\nBuild time,${tuesday},100`,
    });
    expect(byDate.status, byDate.text).toBe(200);
    expect(byDate.body.rows.map((row) => [row.isoWeek, row.status])).toEqual([
      [LAST_WEEK, 'imported'],
      [LAST_WEEK, 'error'],
    ]);
    expect(byDate.body.rows[1]!.reason).toMatch(/only its owner or the team’s leads/);
    expect(await valueDoc(jonas.id, build.id, LAST_WEEK)).toBeNull();
  });

  it('lets exactly one of racing writers with the same version win, and retries writers that sent none', async () => {
    const list = await call<TeamMetrics>('GET', base, jonas);
    const crash = list.body.metrics.find((metric) => metric.name === 'Crash-free sessions')!;
    const week = shiftIsoWeek(WEEK, -6);
    const path = `${base}/${crash.id}/values/${week}`;
    const racing = await Promise.all([97, 97.5, 98, 98.5].map((value) => call('PUT', path, jonas, { value, version: 0 })));
    expect(racing.map((reply) => reply.status).sort()).toEqual([200, 409, 409, 409]);
    expect((await valueDoc(jonas.id, crash.id, week))?.version).toBe(1);
    const free = await Promise.all([1, 2, 3].map((offset) => call('PUT', path, offset === 2 ? liam : jonas, { value: 90 + offset })));
    expect(free.map((reply) => reply.status)).toEqual([200, 200, 200]);
    expect((await valueDoc(jonas.id, crash.id, week))?.version).toBe(4);
    const names = ['Race A', 'Race B', 'Race C'];
    const created = await Promise.all(names.map((name, index) => call('POST', base, index === 1 ? liam : jonas, definition(name))));
    expect(created.map((reply) => reply.status)).toEqual([201, 201, 201]);
    const doc = await teamDoc(jonas.id);
    expect(doc!.metrics.filter((metric) => names.includes(metric.name))).toHaveLength(3);
  });

  it('documents every metrics operation in the OpenAPI document', async () => {
    const document = await fetch(`${stack.baseUrl}/api/openapi.json`).then((r) => r.json() as Promise<{ paths: Record<string, object> }>);
    expect(
      Object.keys(document.paths)
        .filter((path) => path.includes('/metrics'))
        .sort(),
    ).toEqual([
      '/api/teams/{teamId}/metrics',
      '/api/teams/{teamId}/metrics/import',
      '/api/teams/{teamId}/metrics/{metricId}',
      '/api/teams/{teamId}/metrics/{metricId}/archive',
      '/api/teams/{teamId}/metrics/{metricId}/history',
      '/api/teams/{teamId}/metrics/{metricId}/values/{isoWeek}',
    ]);
  });
});
