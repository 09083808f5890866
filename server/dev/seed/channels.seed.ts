import type { GraphStandIn } from '../graph/server.js';
import type { GraphUser } from '../org/types.js';
import { DEMO_CHANNEL, DEMO_CHECKIN_TEAM_UPN, DEMO_SECOND_CHANNEL } from './teamcheckin.seed.js';

/**
 * The dev Teams host's team in the Graph stand-in: its General channel (whose tab the check-in seed binds to Liam
 * Novak's org unit), its Team rituals channel (unbound) and, as members, everyone in that org unit, so the wins digest posted there is recorded.
 */
export function seedDemoTeams(graph: GraphStandIn, tenantId: string, people: readonly GraphUser[]): void {
  const lead = people.find((person) => person.userPrincipalName.toLowerCase() === DEMO_CHECKIN_TEAM_UPN);
  if (!lead) return;
  const members = new Set([lead.id]);
  for (let grown = true; grown;) {
    grown = false;
    for (const person of people) {
      if (person.accountEnabled && person.managerId && members.has(person.managerId) && !members.has(person.id)) {
        members.add(person.id);
        grown = true;
      }
    }
  }
  graph.channels.createTeam(tenantId, {
    id: DEMO_CHANNEL.groupId,
    displayName: `${lead.displayName}'s team`,
    channels: [
      { id: DEMO_CHANNEL.channelId, displayName: DEMO_CHANNEL.channelName },
      { id: DEMO_SECOND_CHANNEL.channelId, displayName: DEMO_SECOND_CHANNEL.channelName },
    ],
    memberIds: [...members],
  });
}
