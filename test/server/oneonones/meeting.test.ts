import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMemberSpec } from '../../../server/dev/graph/server.js';
import type { GraphUser } from '../../../server/dev/org/types.js';
import type { MeetingOneOnOne, OneOnOneAgenda } from '../../../server/src/contract/index.js';
import { apiCaller, type ApiCall, type Reply } from '../../support/api-client.js';
import { insertPeople, onboardTenant, tokenOf } from '../../support/factories.js';
import { startStack, type TestStack } from '../../support/stack.js';

let stack: TestStack;
const OTHER_TENANT = '5b4c3d2e-1f0a-4b9c-8d7e-6f5a4b3c2d1e';
const caller = apiCaller(() => stack);
const call = <T = MeetingOneOnOne>(...args: Parameters<ApiCall>): Promise<Reply<T>> => caller<T>(...args);
const byUpn = (name: string): GraphUser => stack.people.find((p) => p.userPrincipalName === `${name}@northstar.demo`)!;

let manager: GraphUser;
let report: GraphUser;
let peer: GraphUser;
let skipLevel: GraphUser;
let hr: GraphUser;

const member = (person: GraphUser, extra: Partial<ChatMemberSpec> = {}): ChatMemberSpec => ({
  userId: person.id,
  displayName: person.displayName,
  email: person.mail,
  ...extra,
});
/** Makes a meeting chat in the demo tenant's Graph and answers its chat id. */
const meeting = (people: GraphUser[], options: { appInstalled?: boolean; guests?: ChatMemberSpec[] } = {}): string =>
  stack.graph.chats.createMeetingChat(stack.tenantId, {
    topic: '1:1',
    appInstalled: options.appInstalled,
    members: [...people.map((person, index) => member(person, index === 0 ? { roles: ['owner'] } : {})), ...(options.guests ?? [])],
  }).id;
const byMeeting = (chatId: string) => `/one-on-ones/by-meeting?chatId=${encodeURIComponent(chatId)}`;
const membersReads = (chatId: string, tenantId = stack.tenantId) =>
  stack.graph.requestLog.filter(
    (entry) =>
      decodeURIComponent(entry.path) === `/v1.0/chats/${chatId}/members` && entry.tenantId?.toLowerCase() === tenantId.toLowerCase(),
  );

beforeAll(async () => {
  stack = await startStack();
  manager = byUpn('julia.santos');
  report = byUpn('theo.laurent');
  peer = byUpn('anna.berg');
  skipLevel = byUpn('ethan.brooks');
  hr = stack.people.find((p) => p.appRoles.includes('HR') && p.managerId !== manager.id && p.id !== manager.managerId)!;
  expect(report.managerId).toBe(manager.id);
  expect(peer.managerId).toBe(manager.id);
  expect(manager.managerId).toBe(skipLevel.id);
});
afterAll(async () => {
  await stack?.stop();
});

describe('GET /api/one-on-ones/by-meeting', () => {
  it('answers 401 without a token', async () => {
    const chatId = meeting([manager, report]);
    expect((await call('GET', byMeeting(chatId), null)).status).toBe(401);
    expect(membersReads(chatId)).toHaveLength(0);
  });

  it("finds the pair of a two-person meeting from the chat's members, for either side, with the app's Graph access", async () => {
    const chatId = meeting([manager, report]);
    const asManager = await call('GET', byMeeting(chatId), manager);
    expect(asManager.status, asManager.text).toBe(200);
    expect(asManager.body).toEqual({
      kind: 'one_on_one',
      chatId,
      attendees: 2,
      pair: {
        manager: { id: manager.id, name: manager.displayName, upn: manager.userPrincipalName },
        report: { id: report.id, name: report.displayName, upn: report.userPrincipalName },
        role: 'manager',
      },
    });
    const asReport = await call('GET', byMeeting(chatId), report);
    expect(asReport.body).toMatchObject({
      kind: 'one_on_one',
      pair: { manager: { id: manager.id }, report: { id: report.id }, role: 'report' },
    });

    // Graph saw one members read per call, in the caller's tenant, with an app-only token the stand-in verified.
    const reads = membersReads(chatId);
    expect(reads.map((entry) => [entry.method, entry.status])).toEqual([
      ['GET', 200],
      ['GET', 200],
    ]);
    // The pair found is the one whose agenda the side panel then shows.
    const agenda = await call<OneOnOneAgenda>('GET', `/one-on-ones/${manager.id}/${report.id}`, report);
    expect(agenda.status, agenda.text).toBe(200);
    expect(agenda.body.role).toBe('report');
  });

  it('in a bigger meeting pairs the caller with their one manager or report there; guests never count', async () => {
    const guest: ChatMemberSpec = {
      userId: '7d6c5b4a-3f2e-4d1c-9b0a-8f7e6d5c4b3a',
      displayName: 'Visiting Consultant',
      email: 'consultant@partner.example',
      tenantId: OTHER_TENANT,
      roles: ['guest'],
    };
    const chatId = meeting([report, manager, hr], { guests: [guest] });
    const asReport = await call('GET', byMeeting(chatId), report);
    expect(asReport.body).toMatchObject({ kind: 'one_on_one', attendees: 3, pair: { manager: { id: manager.id }, role: 'report' } });
    const asManager = await call('GET', byMeeting(chatId), manager);
    expect(asManager.body).toMatchObject({ kind: 'one_on_one', attendees: 3, pair: { report: { id: report.id }, role: 'manager' } });
    // HR attends, but a 1:1 is the pair's own: for HR this meeting is no 1:1 of theirs.
    const asHr = await call('GET', byMeeting(chatId), hr);
    expect(asHr.body).toEqual({ kind: 'not_one_on_one', chatId, attendees: 3, reason: 'no_pair', candidates: [] });
  });

  it('a team meeting is not a 1:1 of the manager (several pairs, to choose from) but is one for a report with their manager', async () => {
    const chatId = meeting([manager, report, peer]);
    const asManager = await call('GET', byMeeting(chatId), manager);
    expect(asManager.status).toBe(200);
    expect(asManager.body).toMatchObject({ kind: 'not_one_on_one', reason: 'several_pairs', attendees: 3 });
    const candidates = asManager.body.kind === 'not_one_on_one' ? asManager.body.candidates : [];
    expect(candidates.map((pair) => pair.report.id).sort()).toEqual([report.id, peer.id].sort());
    expect(candidates.every((pair) => pair.role === 'manager' && pair.manager.id === manager.id)).toBe(true);
    expect((await call('GET', byMeeting(chatId), peer)).body).toMatchObject({ kind: 'one_on_one', pair: { manager: { id: manager.id } } });
  });

  it('says clearly when a meeting is no 1:1: peers, skip-level, a manager who attends only as a guest', async () => {
    const peers = meeting([report, peer]);
    expect((await call('GET', byMeeting(peers), report)).body).toEqual({
      kind: 'not_one_on_one',
      chatId: peers,
      attendees: 2,
      reason: 'no_pair',
      candidates: [],
    });
    const skip = meeting([skipLevel, report]);
    for (const person of [skipLevel, report]) {
      expect((await call('GET', byMeeting(skip), person)).body, person.displayName).toMatchObject({
        kind: 'not_one_on_one',
        reason: 'no_pair',
      });
    }
    const asGuest = meeting([report], { guests: [member(manager, { tenantId: OTHER_TENANT, roles: ['guest'] })] });
    expect((await call('GET', byMeeting(asGuest), report)).body).toMatchObject({ kind: 'not_one_on_one', reason: 'no_pair', attendees: 1 });
  });

  it('answers 404 to someone not in the meeting, for an unknown chat, where the app was not added, and across tenants', async () => {
    const chatId = meeting([manager, report]);
    for (const outsider of [peer, skipLevel, hr]) {
      const reply = await call('GET', byMeeting(chatId), outsider);
      expect(reply.status, outsider.displayName).toBe(404);
      expect(reply.type).toContain('application/problem+json');
      expect(reply.text).not.toContain(report.displayName);
    }
    expect((await call('GET', byMeeting('19:meeting_bm90LWEtbWVldGluZw@thread.v2'), manager)).status).toBe(404);

    const notInstalled = meeting([manager, report], { appInstalled: false });
    expect((await call('GET', byMeeting(notInstalled), manager)).status).toBe(404);
    expect(membersReads(notInstalled).map((entry) => entry.status)).toEqual([403]);
    stack.graph.chats.setAppInstalled(stack.tenantId, notInstalled, true);
    expect((await call('GET', byMeeting(notInstalled), manager)).body).toMatchObject({ kind: 'one_on_one' });

    // The same people in another tenant: the chat of the demo tenant is not theirs to read.
    await onboardTenant(OTHER_TENANT, 'Other tenant');
    await insertPeople(OTHER_TENANT, [
      { ...manager, managerId: null },
      { ...report, managerId: manager.id },
    ]);
    const foreign = await tokenOf(stack, OTHER_TENANT, manager, []);
    expect((await call('GET', byMeeting(chatId), foreign)).status).toBe(404);
    expect(membersReads(chatId, OTHER_TENANT).map((entry) => entry.status)).toEqual([404]);
    // Their own tenant's meeting works for them.
    const theirs = stack.graph.chats.createMeetingChat(OTHER_TENANT, { members: [member(manager), member(report)] }).id;
    expect((await call('GET', byMeeting(theirs), foreign)).body).toMatchObject({ kind: 'one_on_one', pair: { role: 'manager' } });
    expect((await call('GET', byMeeting(theirs), manager)).status).toBe(404);
  });

  it('answers 400 for a missing or malformed chat id and reads nothing from Graph', async () => {
    const before = stack.graph.requestLog.filter((entry) => entry.path.startsWith('/v1.0/chats')).length;
    for (const query of [
      '',
      '?chatId=',
      '?chatId=not-a-chat',
      '?chatId=19%3Ameeting_abc%40unq.gbl.spaces',
      `?chatId=19%3A${'a'.repeat(300)}%40thread.v2`,
    ]) {
      const reply = await call('GET', `/one-on-ones/by-meeting${query}`, manager);
      expect(reply.status, query).toBe(400);
      expect(reply.body).toMatchObject({ code: 'validation_failed' });
    }
    const chatId = meeting([manager, report]);
    expect((await call('GET', `${byMeeting(chatId)}&extra=1`, manager)).status).toBe(400);
    expect(stack.graph.requestLog.filter((entry) => entry.path.startsWith('/v1.0/chats')).length).toBe(before);
  });

  it('answers 503 when Graph keeps throttling', async () => {
    const chatId = meeting([manager, report]);
    stack.graph.throttle(stack.tenantId, { count: 5, retryAfterSeconds: 0 });
    const reply = await call('GET', byMeeting(chatId), manager);
    stack.graph.throttle(stack.tenantId, { count: 0, retryAfterSeconds: 0 });
    expect(reply.status).toBe(503);
    expect(reply.body).toMatchObject({ code: 'upstream_unavailable' });
  });
});
