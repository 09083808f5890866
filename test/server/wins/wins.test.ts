import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../../server/dev/org/types.js';
import type { Win, WinsWall } from '../../../server/src/contract/index.js';
import { KeyResultModel, ObjectiveModel } from '../../../server/src/okrs/okrs.model.js';
import { isoWeekOf, localDate, periodIdOf, shiftIsoWeek, shiftPeriod } from '../../../server/src/okrs/periods.js';
import {
  authorWeekKey,
  teamWeekKey,
  WinIndexModel,
  WinModel,
  winKey,
  type WinIndexRecord,
  type WinRecord,
} from '../../../server/src/wins/wins.model.js';
import { OkrsRepo } from '../../../server/src/okrs/okrs.repo.js';
import { OrgDirectory } from '../../../server/src/org/org.directory.js';
import { SettingsRepo } from '../../../server/src/settings/settings.repo.js';
import { SettingsService } from '../../../server/src/settings/settings.service.js';
import { WinsRepo } from '../../../server/src/wins/wins.repo.js';
import { WinsService } from '../../../server/src/wins/wins.service.js';
import { apiCaller, type ApiCall, type Reply } from '../../support/api-client.js';
import { insertPeople, onboardTenant, tokenOf } from '../../support/factories.js';
import { startStack, type TestStack } from '../../support/stack.js';

let stack: TestStack;
const OTHER_TENANT = '3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const MISSING_WIN = '0123456789abcdef01234567';

const caller = apiCaller(() => stack);
const call = <T = Win>(...args: Parameters<ApiCall>): Promise<Reply<T>> => caller<T>(...args);
const byUpn = (upn: string): GraphUser => stack.people.find((p) => p.userPrincipalName === `${upn}@northstar.demo`)!;

const storedWin = (id: string) => WinModel.findOne({ _id: winKey(stack.tenantId, id) }).lean<WinRecord>();
const storedIndex = (key: string) => WinIndexModel.findOne({ _id: key }).lean<WinIndexRecord>();
const countOf = (win: Win, kind: string) => win.reactions.find((r) => r.kind === kind)!;

/** Priya Raman's team (Platform): she leads it, Liam Novak and Ava Chen are above it, Hannah and Marcus are in it. */
let priya: GraphUser;
let hannah: GraphUser;
let marcus: GraphUser;
let liam: GraphUser;
/** In Liam's org but not in Priya's team. */
let chloe: GraphUser;
/** Elsewhere in the company. */
let sofia: GraphUser;
let owen: GraphUser;
let week: string;
let team: string;

beforeAll(async () => {
  stack = await startStack();
  priya = byUpn('priya.raman');
  hannah = byUpn('hannah.weber');
  marcus = byUpn('marcus.lee');
  liam = byUpn('liam.novak');
  chloe = byUpn('chloe.dubois');
  sofia = byUpn('sofia.martinez');
  owen = byUpn('owen.fischer');
  week = isoWeekOf(new Date(`${localDate(new Date(), 'Europe/Berlin')}T00:00:00Z`));
  team = `/teams/${priya.id}/wins`;
});
afterAll(async () => {
  await stack?.stop();
});

/** One of the person's key results (and its objective), as the demo seeds them. */
async function keyResultOf(person: GraphUser): Promise<{ id: string; title: string; objectiveId: string; objectiveTitle: string }> {
  const objective = await ObjectiveModel.findOne({ tenantId: stack.tenantId, ownerId: person.id, visibility: 'public' }).lean();
  const keyResult = await KeyResultModel.findOne({ tenantId: stack.tenantId, objectiveId: objective!._id }).lean();
  return {
    id: keyResult!._id.toHexString(),
    title: keyResult!.title,
    objectiveId: objective!._id.toHexString(),
    objectiveTitle: objective!.title,
  };
}

async function post(as: GraphUser, body: unknown, teamPath = team): Promise<Win> {
  const reply = await call('POST', teamPath, as, body);
  expect(reply.status, reply.text).toBe(201);
  return reply.body;
}

describe('wins', () => {
  it('answers 401 without a token on every endpoint', async () => {
    const endpoints: Array<[string, string, unknown?]> = [
      ['GET', team],
      ['POST', team, { text: 'A win' }],
      ['PATCH', `/wins/${MISSING_WIN}`, { text: 'x' }],
      ['DELETE', `/wins/${MISSING_WIN}`],
      ['PUT', `/wins/${MISSING_WIN}/reactions/clap`],
      ['DELETE', `/wins/${MISSING_WIN}/reactions/clap`],
    ];
    for (const [method, path, body] of endpoints) {
      const reply = await call(method, path, null, body);
      expect(reply.status, `${method} ${path}`).toBe(401);
      expect(reply.type).toContain('application/problem+json');
    }
  });

  it('posts a win linked to a key result, stores it with both indexes, and shows it on the wall to the whole team', async () => {
    const keyResult = await keyResultOf(hannah);
    const win = await post(hannah, { text: '  Cut build times in half  ', link: { kind: 'keyResult', id: keyResult.id } });
    expect(win).toMatchObject({
      teamId: priya.id,
      isoWeek: week,
      text: 'Cut build times in half',
      author: { id: hannah.id, name: hannah.displayName },
      link: { kind: 'keyResult', id: keyResult.id, title: keyResult.title, objectiveId: keyResult.objectiveId },
      editedAt: null,
      allowedActions: ['update', 'delete', 'react'],
    });
    expect(win.reactions).toEqual(['celebrate', 'clap', 'heart', 'rocket'].map((kind) => ({ kind, count: 0, reacted: false })));

    const stored = await storedWin(win.id);
    expect(stored).toMatchObject({
      id: win.id,
      tenantId: stack.tenantId,
      teamId: priya.id,
      authorId: hannah.id,
      isoWeek: week,
      text: 'Cut build times in half',
      link: { kind: 'keyResult', id: keyResult.id, title: keyResult.title },
      reactions: [],
    });
    expect((await storedIndex(teamWeekKey(stack.tenantId, priya.id, week)))?.winIds).toContain(win.id);
    expect((await storedIndex(authorWeekKey(stack.tenantId, hannah.id, week)))?.winIds).toContain(win.id);

    const later = await post(marcus, { text: 'Paged zero times on call', link: { kind: 'objective', id: keyResult.objectiveId } });
    expect(later.link).toMatchObject({ kind: 'objective', title: keyResult.objectiveTitle });

    for (const [viewer, actions] of [
      [marcus, ['react']],
      [priya, ['delete', 'react']],
      [liam, ['delete', 'react']],
    ] as const) {
      const wall = await call<WinsWall>('GET', team, viewer);
      expect(wall.status).toBe(200);
      expect(wall.body).toMatchObject({ teamId: priya.id, isoWeek: week, currentWeek: week, nextWeek: null, allowedActions: ['post'] });
      expect(wall.body.previousWeek).toBe(shiftIsoWeek(week, -1));
      const ids = wall.body.wins.map((w) => w.id);
      expect(ids.indexOf(later.id)).toBeLessThan(ids.indexOf(win.id));
      expect(wall.body.wins.find((w) => w.id === win.id)!.allowedActions).toEqual(actions);
    }
    const byWeek = await call<WinsWall>('GET', `${team}?week=${week}`, hannah);
    expect(byWeek.body.wins.map((w) => w.id)).toContain(win.id);
    const lastWeek = await call<WinsWall>('GET', `${team}?week=${shiftIsoWeek(week, -1)}`, hannah);
    expect(lastWeek.body).toMatchObject({ isoWeek: shiftIsoWeek(week, -1), nextWeek: week });
    expect(lastWeek.body.wins.map((w) => w.id)).not.toContain(win.id);
  });

  it('keeps HTML in the text as typed (the tab renders it as text)', async () => {
    const html = '<img src=x onerror=alert(1)> <b>shipped</b>';
    const win = await post(marcus, { text: html });
    expect(win.text).toBe(html);
    expect((await storedWin(win.id))?.text).toBe(html);
  });

  it('lets only the author edit a win (403 for the team, 404 for outsiders and other tenants)', async () => {
    const win = await post(hannah, { text: 'First draft of a win' });
    const edited = await call('PATCH', `/wins/${win.id}`, hannah, { text: 'Migrated the queue to the new cluster', link: null });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body.text).toBe('Migrated the queue to the new cluster');
    expect(edited.body.editedAt).not.toBeNull();
    const stored = await storedWin(win.id);
    expect(stored?.text).toBe('Migrated the queue to the new cluster');
    expect(stored?.editedAt).toBeInstanceOf(Date);

    const forbidden = await call('PATCH', `/wins/${win.id}`, marcus, { text: 'Not mine' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.type).toContain('application/problem+json');
    expect((await call('PATCH', `/wins/${win.id}`, priya, { text: 'Lead edit' })).status).toBe(403);
    expect((await call('PATCH', `/wins/${win.id}`, chloe, { text: 'Outsider' })).status).toBe(404);
    expect((await call('PATCH', `/wins/${win.id}`, sofia, { text: 'Outsider' })).status).toBe(404);
    expect((await call('PATCH', `/wins/${MISSING_WIN}`, hannah, { text: 'Nothing' })).status).toBe(404);
    expect((await storedWin(win.id))?.text).toBe('Migrated the queue to the new cluster');
  });

  it('reacts and unreacts idempotently, one reaction per person and kind', async () => {
    const win = await post(hannah, { text: 'Launched the status page' });
    for (let i = 0; i < 2; i += 1) {
      const reply = await call('PUT', `/wins/${win.id}/reactions/clap`, marcus);
      expect(reply.status, reply.text).toBe(200);
      expect(countOf(reply.body, 'clap')).toEqual({ kind: 'clap', count: 1, reacted: true });
    }
    const priyaClaps = await call('PUT', `/wins/${win.id}/reactions/clap`, priya);
    expect(countOf(priyaClaps.body, 'clap')).toEqual({ kind: 'clap', count: 2, reacted: true });
    await call('PUT', `/wins/${win.id}/reactions/rocket`, marcus);
    expect((await storedWin(win.id))?.reactions).toEqual([
      { kind: 'clap', by: marcus.id },
      { kind: 'clap', by: priya.id },
      { kind: 'rocket', by: marcus.id },
    ]);
    const wall = await call<WinsWall>('GET', team, hannah);
    expect(
      countOf(
        wall.body.wins.find((w) => w.id === win.id)!,
        'clap',
      ),
    ).toEqual({ kind: 'clap', count: 2, reacted: false });

    for (let i = 0; i < 2; i += 1) {
      const reply = await call('DELETE', `/wins/${win.id}/reactions/clap`, marcus);
      expect(reply.status).toBe(200);
      expect(countOf(reply.body, 'clap')).toEqual({ kind: 'clap', count: 1, reacted: false });
    }
    expect((await storedWin(win.id))?.reactions).toEqual([
      { kind: 'clap', by: priya.id },
      { kind: 'rocket', by: marcus.id },
    ]);

    expect((await call('PUT', `/wins/${win.id}/reactions/thumbsdown`, marcus)).status).toBe(400);
    expect((await call('PUT', `/wins/${win.id}/reactions/clap`, chloe)).status).toBe(404);
    expect((await call('DELETE', `/wins/${win.id}/reactions/rocket`, sofia)).status).toBe(404);
    expect((await call('PUT', `/wins/${MISSING_WIN}/reactions/clap`, marcus)).status).toBe(404);
    expect((await storedWin(win.id))?.reactions).toHaveLength(2);
  });

  it('lets the author or a lead delete a win, nobody else, and takes it off the wall and the indexes', async () => {
    const mine = await post(hannah, { text: 'Deleted by me' });
    const led = await post(hannah, { text: 'Deleted by the lead' });
    expect((await call('DELETE', `/wins/${led.id}`, marcus)).status).toBe(403);
    expect((await call('DELETE', `/wins/${led.id}`, chloe)).status).toBe(404);
    expect(await storedWin(led.id)).not.toBeNull();

    expect((await call('DELETE', `/wins/${mine.id}`, hannah)).status).toBe(204);
    const byLead = await call('DELETE', `/wins/${led.id}`, priya);
    expect(byLead.status).toBe(204);
    expect(byLead.text).toBe('');
    expect(await storedWin(mine.id)).toBeNull();
    expect(await storedWin(led.id)).toBeNull();
    const index = await storedIndex(teamWeekKey(stack.tenantId, priya.id, week));
    expect(index?.winIds).not.toContain(mine.id);
    expect(index?.winIds).not.toContain(led.id);
    expect((await storedIndex(authorWeekKey(stack.tenantId, hannah.id, week)))?.winIds).not.toContain(led.id);
    const wall = await call<WinsWall>('GET', team, hannah);
    expect(wall.body.wins.map((w) => w.id)).not.toContain(led.id);
    expect((await call('DELETE', `/wins/${led.id}`, priya)).status).toBe(404);
    expect((await call('PUT', `/wins/${led.id}/reactions/clap`, marcus)).status).toBe(404);
  });

  it('answers 404 to people outside the team, for unknown teams and across tenants', async () => {
    const win = await post(hannah, { text: 'Only for the Platform team' });
    expect((await call('GET', team, chloe)).status).toBe(404);
    expect((await call('GET', team, sofia)).status).toBe(404);
    expect((await call('POST', team, chloe, { text: 'Not my team' })).status).toBe(404);
    // A person without reports is not a team; a GUID nobody has is not one either.
    expect((await call('GET', `/teams/${hannah.id}/wins`, hannah)).status).toBe(404);
    expect((await call('GET', '/teams/11111111-2222-4333-8444-555555555555/wins', hannah)).status).toBe(404);

    await onboardTenant(OTHER_TENANT, 'Other tenant');
    await insertPeople(OTHER_TENANT, [
      { ...priya, managerId: null },
      { ...hannah, managerId: priya.id },
    ]);
    const foreignHannah = await tokenOf(stack, OTHER_TENANT, hannah, []);
    expect((await call('PATCH', `/wins/${win.id}`, foreignHannah, { text: 'From elsewhere' })).status).toBe(404);
    expect((await call('DELETE', `/wins/${win.id}`, foreignHannah)).status).toBe(404);
    expect((await call('PUT', `/wins/${win.id}/reactions/heart`, foreignHannah)).status).toBe(404);
    const foreignWall = await call<WinsWall>('GET', team, foreignHannah);
    expect(foreignWall.status).toBe(200);
    expect(foreignWall.body.wins).toEqual([]);
    const foreign = await post((await tokenOf(stack, OTHER_TENANT, hannah, [])) as never, { text: 'Other tenant win' });
    expect(foreign.id).not.toBe(win.id);
    const home = await call<WinsWall>('GET', team, hannah);
    expect(home.body.wins.map((w) => w.text)).not.toContain('Other tenant win');
    expect((await call('DELETE', `/wins/${foreign.id}`, hannah)).status).toBe(404);
    // A link to an OKR of another tenant is unknown here.
    const keyResult = await keyResultOf(hannah);
    expect((await call('POST', team, foreignHannah, { text: 'x', link: { kind: 'keyResult', id: keyResult.id } })).status).toBe(404);
    expect((await storedWin(win.id))?.text).toBe('Only for the Platform team');
  });

  it('answers 400 (and 404 for a link the poster cannot see) and stores nothing', async () => {
    const before = (await storedIndex(teamWeekKey(stack.tenantId, priya.id, week)))?.winIds.length ?? 0;
    const bad: unknown[] = [
      { text: 'x'.repeat(100_000) },
      { text: 'x'.repeat(2_001) },
      { text: '' },
      { text: '   \n  ' },
      {},
      { text: 42 },
      { text: 'ok', extra: true },
      { text: 'ok', link: { kind: 'initiative', id: MISSING_WIN } },
      { text: 'ok', link: { kind: 'keyResult', id: 'nope' } },
      { text: 'ok', link: { kind: 'keyResult' } },
    ];
    for (const body of bad) {
      const reply = await call('POST', team, hannah, body);
      expect(reply.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(reply.type).toContain('application/problem+json');
    }
    expect((await call('POST', team, hannah, { text: 'x'.repeat(2_000) })).status).toBe(201);
    expect((await call('POST', '/teams/not-a-guid/wins', hannah, { text: 'ok' })).status).toBe(400);
    expect((await call('GET', `${team}?week=2026-W60`, hannah)).status).toBe(400);
    expect((await call('GET', `${team}?week=2025-W53`, hannah)).status).toBe(400);
    expect((await call('GET', `${team}?week=soon`, hannah)).status).toBe(400);
    expect((await call('PATCH', `/wins/not-an-id`, hannah, { text: 'x' })).status).toBe(400);

    // Unknown OKRs and private ones of someone else answer 404.
    expect((await call('POST', team, hannah, { text: 'ok', link: { kind: 'objective', id: MISSING_WIN } })).status).toBe(404);
    expect((await call('POST', team, hannah, { text: 'ok', link: { kind: 'keyResult', id: MISSING_WIN } })).status).toBe(404);
    const period = shiftPeriod(periodIdOf(new Date().toISOString().slice(0, 10), 1), 1);
    const privateObjective = await call<{ id: string }>('POST', '/objectives', owen, {
      periodId: period,
      level: 'person',
      title: 'Private plans for the leadership offsite',
      state: 'active',
      visibility: 'private',
    });
    expect(privateObjective.status, privateObjective.text).toBe(201);
    const hidden = await call('POST', team, hannah, { text: 'ok', link: { kind: 'objective', id: privateObjective.body.id } });
    expect(hidden.status).toBe(404);

    const own = await post(hannah, { text: 'Editable' });
    for (const body of [
      {},
      { text: '' },
      { text: 'x'.repeat(100_000) },
      { link: { kind: 'objective', id: 'x' } },
      { text: 'ok', other: 1 },
    ]) {
      expect((await call('PATCH', `/wins/${own.id}`, hannah, body)).status, JSON.stringify(body).slice(0, 60)).toBe(400);
    }
    expect((await call('PATCH', `/wins/${own.id}`, hannah, { link: { kind: 'objective', id: privateObjective.body.id } })).status).toBe(
      404,
    );
    expect(await storedWin(own.id)).toMatchObject({ text: 'Editable', link: null, editedAt: null });
    // The 2,000-character win and the editable one are the only ones added.
    expect((await storedIndex(teamWeekKey(stack.tenantId, priya.id, week)))?.winIds).toHaveLength(before + 2);
  });

  it('seeds a quarter of wins for the demo team: several this week, a few every week before, linked and reacted to', async () => {
    const wall = await call<WinsWall>('GET', `/teams/${liam.id}/wins`, liam);
    expect(wall.status).toBe(200);
    expect(wall.body.wins.length).toBeGreaterThanOrEqual(5);
    let linked = 0;
    let reacted = 0;
    for (let back = 1; back <= 12; back += 1) {
      const earlier = await call<WinsWall>('GET', `/teams/${liam.id}/wins?week=${shiftIsoWeek(week, -back)}`, marcus);
      expect(earlier.body.wins.length, `${back} weeks back`).toBeGreaterThanOrEqual(2);
      linked += earlier.body.wins.filter((win) => win.link?.title).length;
      reacted += earlier.body.wins.filter((win) => win.reactions.some((reaction) => reaction.count > 0)).length;
    }
    expect(linked).toBeGreaterThanOrEqual(3);
    expect(reacted).toBeGreaterThanOrEqual(20);
    const authors = new Set(wall.body.wins.map((win) => win.author.id));
    expect(authors.size).toBeGreaterThan(1);
  });

  it('gives the digest, report and weekly mail the wins of a team week and of an author (newest first)', async () => {
    const service = new WinsService(new WinsRepo(), new OkrsRepo(), new SettingsService(new SettingsRepo()), new OrgDirectory());
    const first = await post(marcus, { text: 'First of two for the weekly mail' });
    const second = await post(marcus, { text: 'Second of two for the weekly mail' }, `/teams/${liam.id}/wins`);
    const byAuthor = await service.winsByAuthor(stack.tenantId, marcus.id, [week, shiftIsoWeek(week, -1)]);
    const ids = byAuthor.map((win) => win.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    expect(byAuthor.every((win) => win.authorId === marcus.id)).toBe(true);
    const ofTeam = await service.winsOfWeek(stack.tenantId, liam.id, week);
    expect(ofTeam.map((win) => win.id)).toContain(second.id);
    expect(ofTeam.map((win) => win.id)).not.toContain(first.id);
    expect(ofTeam[0]).toMatchObject({ tenantId: stack.tenantId, teamId: liam.id, isoWeek: week, link: null });
    expect(await service.winsOfWeek(stack.tenantId, liam.id, '2001-W01')).toEqual([]);
  });
});
