import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWeekOf, isoWeekStart } from '../../../server/src/okrs/periods.js';
import { startStack, type TestStack } from '../../support/stack.js';

let stack: TestStack;
const DAY_MS = 86_400_000;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

const idOf = (upn: string): string => stack.people.find((person) => person.userPrincipalName === upn)!.id;

describe('overdue onboarding reminders in the Teams activity feed', () => {
  it('sends nothing while the coursework is not due', async () => {
    stack.graph.clearRecords();
    expect(await stack.server.context.onboardingReminders.run(stack.tenantId, new Date())).toMatchObject({ sent: 0, failed: 0 });
    expect(stack.graph.activityNotifications).toEqual([]);
  });

  it('reminds the overdue new hires whose move it is, once a week, and not the one waiting for HR', async () => {
    // A Tuesday noon four months on; the second round is the next day, in the same ISO week.
    const later = new Date(isoWeekStart(isoWeekOf(new Date(Date.now() + 120 * DAY_MS))).getTime() + DAY_MS + 12 * 3_600_000);
    stack.graph.clearRecords();
    const summary = await stack.server.context.onboardingReminders.run(stack.tenantId, later);
    const recipients = stack.graph.activityNotifications.map((n) => n.userId).sort();
    // Samuel has not started and Elena is in progress; Victor's submission waits for HR.
    expect(recipients).toEqual([idOf('samuel.osei@northstar.demo'), idOf('elena.popescu@northstar.demo')].sort());
    expect(summary).toMatchObject({ sent: 2, failed: 0 });
    const body = stack.graph.activityNotifications[0]!.body as { activityType: string; topic: { webUrl: string } };
    expect(body.activityType).toBe('onboardingOverdue');
    expect(body.topic.webUrl).toContain(encodeURIComponent('"onboarding"'));

    stack.graph.clearRecords();
    expect(await stack.server.context.onboardingReminders.run(stack.tenantId, new Date(later.getTime() + DAY_MS))).toMatchObject({
      sent: 0,
    });
    expect(stack.graph.activityNotifications).toEqual([]);
  });
});
