import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../../server/dev/org/types.js';
import type { RenderedWeeklyMail, WeeklyReport } from '../../../server/src/contract/index.js';
import { isoWeekStart, shiftIsoWeek } from '../../../server/src/okrs/periods.js';
import { isoWeekIn } from '../../../server/src/weekly/weekly.deadline.js';
import { WeeklyReportModel, weeklyReportKey } from '../../../server/src/weekly/weekly.model.js';
import { WeeklyRepo } from '../../../server/src/weekly/weekly.repo.js';
import { WinsRepo } from '../../../server/src/wins/wins.repo.js';
import { apiCaller } from '../../support/api-client.js';
import { startStack, type TestStack } from '../../support/stack.js';

const XSS = '<img src=x onerror=alert(1)>';
const HOUR_MS = 3_600_000;

let stack: TestStack;
const call = apiCaller(() => stack);
const byUpn = (upn: string): GraphUser => stack.people.find((p) => p.userPrincipalName === `${upn}@northstar.demo`)!;
const stored = (authorId: string, isoWeek: string) =>
  WeeklyReportModel.findOne({ _id: weeklyReportKey(stack.tenantId, authorId, isoWeek) }).lean<{ includeWins?: boolean; version: number }>();

/** Olivia Brown (Enterprise sales, Daniel Cohen's team): no demo mails or wins of her own. */
let author: GraphUser;
let manager: GraphUser;
let week: string;
let lastWeek: string;
const draft = (overrides: Record<string, unknown>) => ({
  checkIns: [],
  lastWeekPriorities: [],
  priorities: [],
  risks: '',
  timeOff: '',
  ...overrides,
});

async function postWin(as: GraphUser, text: string): Promise<string> {
  const reply = await call<{ id: string }>('POST', `/teams/${manager.id}/wins`, as, { text });
  expect(reply.status, reply.text).toBe(201);
  return reply.body.id;
}

beforeAll(async () => {
  stack = await startStack({ env: { WINS_DIGEST_INTERVAL_MINUTES: '0', MONTHLY_REPORT_INTERVAL_MINUTES: '0' } });
  author = byUpn('olivia.brown');
  manager = byUpn('daniel.cohen');
  week = isoWeekIn(new Date(), 'Europe/Berlin');
  lastWeek = shiftIsoWeek(week, -1);

  // Last week: a mail sent Monday 09:00; one win before it (already mailed) and one after it (not yet mailed).
  const monday = isoWeekStart(lastWeek).getTime();
  const wins = new WinsRepo();
  const earlier = { tenantId: stack.tenantId, teamId: manager.id, authorId: author.id, isoWeek: lastWeek, link: null };
  await wins.insert({
    ...earlier,
    id: new Types.ObjectId().toHexString(),
    text: 'Mailed last week already',
    createdAt: new Date(monday + 6 * HOUR_MS),
  });
  await wins.insert({
    ...earlier,
    id: new Types.ObjectId().toHexString(),
    text: 'Won the Northwind pilot',
    link: { kind: 'keyResult', id: new Types.ObjectId().toHexString(), title: 'Close <b>3</b> pilots' },
    createdAt: new Date(monday + 50 * HOUR_MS),
  });
  const repo = new WeeklyRepo();
  expect(await repo.claimVersion(stack.tenantId, author.id, lastWeek, 0)).toBe(true);
  await repo.write(stack.tenantId, author.id, lastWeek, 1, {
    status: 'sent',
    priorities: [{ title: 'Prepare the Northwind pilot', keyResultId: null, status: null }],
    lastWeekPriorities: [],
    risks: '',
    timeOff: '',
    sentAt: new Date(monday + 9 * HOUR_MS),
    onTime: true,
    reviewedAt: null,
    reviewedBy: null,
    reviewComment: null,
  });
});
afterAll(async () => {
  await stack?.stop();
});

describe('wins in the weekly mail', () => {
  it("lists the author's wins since their previous mail, newest first, and only theirs", async () => {
    await postWin(author, `Booked the Contoso renewal ${XSS}`);
    await postWin(author, 'Ran the first partner webinar');
    await postWin(byUpn('james.walsh'), 'Not Olivia’s win');

    const reply = await call<WeeklyReport>('GET', `/weekly/${week}`, author);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.includeWins).toBe(true);
    expect(reply.body.wins.map((win) => win.text)).toEqual([
      'Ran the first partner webinar',
      `Booked the Contoso renewal ${XSS}`,
      'Won the Northwind pilot',
    ]);
    expect(reply.body.wins[2]).toMatchObject({ isoWeek: lastWeek, link: { kind: 'keyResult', title: 'Close <b>3</b> pilots' } });
    const colleague = await call<WeeklyReport>('GET', `/weekly/${week}`, byUpn('james.walsh'));
    expect(colleague.body.wins.map((win) => win.text)).toEqual(['Not Olivia’s win']);
  });

  it('shows them in the rendered HTML (escaped) and text mail by default', async () => {
    const rendered = await call<RenderedWeeklyMail>('GET', `/weekly/${week}/render`, author);
    expect(rendered.status).toBe(200);
    const { html, text } = rendered.body;
    expect(html).toContain('>Wins</p>');
    expect(html).toContain('Booked the Contoso renewal &lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain('key result: Close &lt;b&gt;3&lt;/b&gt; pilots');
    expect(html).not.toContain('Mailed last week already');
    expect(text).toContain('WINS');
    expect(text).toContain(`- Booked the Contoso renewal ${XSS}`);
    expect(text).toContain('- Won the Northwind pilot (key result: Close <b>3</b> pilots)');
  });

  it('removes the section when the draft switches it off, stores that and versions it like the rest', async () => {
    expect((await call('PUT', `/weekly/${week}`, author, draft({ version: 0, includeWins: 'no' }))).status).toBe(400);
    expect(await stored(author.id, week)).toBeNull();

    const off = await call<WeeklyReport>('PUT', `/weekly/${week}`, author, draft({ version: 0, includeWins: false, risks: 'None' }));
    expect(off.status, off.text).toBe(200);
    expect(off.body).toMatchObject({ version: 1, includeWins: false });
    expect(off.body.wins).toHaveLength(3);
    expect(await stored(author.id, week)).toMatchObject({ includeWins: false, version: 1 });
    const rendered = await call<RenderedWeeklyMail>('GET', `/weekly/${week}/render`, author);
    expect(rendered.body.html).not.toContain('>Wins</p>');
    expect(rendered.body.html).not.toContain('Contoso renewal');
    expect(rendered.body.text).not.toContain('WINS');
    expect(rendered.body.text).not.toContain('Contoso renewal');

    expect((await call('PUT', `/weekly/${week}`, author, draft({ version: 0, includeWins: true }))).status).toBe(409);
    expect(await stored(author.id, week)).toMatchObject({ includeWins: false, version: 1 });
    // A save that leaves the field out turns the section back on (the whole draft is saved).
    const on = await call<WeeklyReport>('PUT', `/weekly/${week}`, author, draft({ version: 1 }));
    expect(on.body).toMatchObject({ version: 2, includeWins: true });
    expect((await call<RenderedWeeklyMail>('GET', `/weekly/${week}/render`, author)).body.html).toContain('Contoso renewal');
  });

  it('answers 401 without a token and never shows the author’s wins to someone else', async () => {
    expect((await call('GET', `/weekly/${week}`, null)).status).toBe(401);
    expect((await call('PUT', `/weekly/${week}`, null, draft({ version: 2, includeWins: false }))).status).toBe(401);
    const other = await call<RenderedWeeklyMail>('GET', `/weekly/${week}/render`, manager);
    expect(other.body.html).not.toContain('Contoso renewal');
  });

  it("leaves wins posted after the mail was sent to next week's mail", async () => {
    expect((await call('POST', `/weekly/${week}/sent`, author)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await postWin(author, 'Late win after sending');
    const sent = await call<WeeklyReport>('GET', `/weekly/${week}`, author);
    expect(sent.body.wins.map((win) => win.text)).not.toContain('Late win after sending');
    expect(sent.body.wins).toHaveLength(3);
    const next = await call<WeeklyReport>('GET', `/weekly/${shiftIsoWeek(week, 1)}`, author);
    expect(next.body.wins.map((win) => win.text)).toEqual(['Late win after sending']);
  });
});
