import type { ChannelTab, ChannelTabAction, PersonRef } from '../contract/index.js';
import type { PersonRecord } from '../org/people.model.js';
import type { ChannelTabRecord } from './channels.model.js';

/** A person reference, naming only the id when they are gone from the directory. */
export function personRef(people: ReadonlyMap<string, PersonRecord>, id: string): PersonRef {
  const person = people.get(id);
  return person ? { id, name: person.displayName ?? '', upn: person.upn || person.mail || '' } : { id, name: '', upn: '' };
}

/** The display name of a manager's team. */
export function teamNameOf(manager: PersonRef): string {
  return manager.name ? `${manager.name}'s team` : 'Team';
}

/** A binding as the API answers it. */
export function presentChannelTab(
  row: ChannelTabRecord,
  people: ReadonlyMap<string, PersonRecord>,
  allowedActions: ChannelTabAction[],
): ChannelTab {
  const manager = personRef(people, row.teamId);
  return {
    channelId: row.channelId,
    groupId: row.groupId,
    teamId: row.teamId,
    teamName: teamNameOf(manager),
    manager,
    channelName: row.channelName,
    boundBy: personRef(people, row.boundBy),
    boundAt: new Date(row.boundAt).toISOString(),
    version: row.version,
    allowedActions,
  };
}
