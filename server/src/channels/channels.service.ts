import type { Principal } from '../auth/principal.js';
import type { BindChannelTab, ChannelTab } from '../contract/index.js';
import { AppError } from '../http/errors.js';
import type { OrgDirectory } from '../org/org.directory.js';
import { requireTeam, teamRelation } from '../org/team-scope.js';
import { authorizeChannelTab, channelTabActions } from './channels.policy.js';
import { presentChannelTab } from './channels.presenter.js';
import type { ChannelTabRecord } from './channels.model.js';
import type { ChannelTabsRepo } from './channels.repo.js';

/** Binds a team channel's tab to a manager's org unit and answers which team a channel shows. */
export class ChannelTabsService {
  constructor(
    private readonly repo: ChannelTabsRepo,
    private readonly directory: OrgDirectory,
  ) {}

  /** The channel's binding; 404 when unbound or bound to a team the caller does not see. */
  async get(principal: Principal, channelId: string): Promise<ChannelTab> {
    const row = await this.repo.get(principal.tenantId, channelId);
    if (!row) throw new AppError('not_found', 'This channel tab is not configured.');
    const relation = await teamRelation(this.directory, principal, row.teamId);
    if (!relation) throw new AppError('not_found', 'This channel tab is not configured.');
    const actions = channelTabActions(relation);
    if (actions.length === 0) throw new AppError('not_found', 'This channel tab is not configured.');
    return this.present(principal, row);
  }

  /** Binds or rebinds the channel's tab; the caller leads the new team (and the one it showed, when rebinding). */
  async bind(principal: Principal, channelId: string, input: BindChannelTab): Promise<ChannelTab> {
    authorizeChannelTab(await requireTeam(this.directory, principal, input.teamId), 'configure');
    const existing = await this.repo.get(principal.tenantId, channelId);
    if (existing && existing.teamId !== input.teamId) {
      const previous = await teamRelation(this.directory, principal, existing.teamId);
      if (previous && !channelTabActions(previous).includes('configure')) {
        throw new AppError('forbidden', "This channel's tab shows another team; only that team's leads move it.");
      }
    }
    const row = await this.repo.bind({
      tenantId: principal.tenantId,
      channelId,
      groupId: input.groupId,
      teamId: input.teamId,
      channelName: input.channelName,
      boundBy: principal.userId,
      boundAt: new Date(),
    });
    return this.present(principal, row);
  }

  private async present(principal: Principal, row: ChannelTabRecord): Promise<ChannelTab> {
    const relation = await teamRelation(this.directory, principal, row.teamId);
    const people = await this.directory.cachedPeople(principal.tenantId, [...new Set([row.teamId, row.boundBy])]);
    return presentChannelTab(row, people, relation ? channelTabActions(relation) : []);
  }
}
