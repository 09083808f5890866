import type { Client } from '@microsoft/microsoft-graph-client';
import type { Logger } from 'pino';
import type { ChannelTabRecord } from '../channels/channels.model.js';
import { TeamChannels, type TeamDelivery } from '../graph/channel-messages.js';
import type { Leases } from '../jobs/leases.js';
import type { OkrsRepo } from '../okrs/okrs.repo.js';
import type { OrgDirectory } from '../org/org.directory.js';
import { SettingsRepo } from '../settings/settings.repo.js';
import { SettingsService } from '../settings/settings.service.js';
import { isoWeekIn, weeklyDeadline } from '../weekly/weekly.deadline.js';
import type { DigestDelivery, WinDigestRecord } from './wins.digest.model.js';
import { digestHtml, digestPreview } from './wins.digest.render.js';
import { WinDigestsRepo } from './wins.digest.repo.js';
import type { WinRecord } from './wins.model.js';
import { WinsRepo } from './wins.repo.js';
import { WinsService } from './wins.service.js';

/** Teams whose digests are built and sent at once. */
const TEAM_CONCURRENCY = 4;

/** Counts of one digest round of a tenant. */
export interface DigestRunSummary {
  tenantId: string;
  /** The tenant's current ISO week (its time zone). */
  isoWeek: string;
  /** False before the digest time of the week (or when the digest is switched off): nothing was read beyond settings. */
  due: boolean;
  /** Teams with a bound channel tab. */
  teams: number;
  /** Digests posted in at least one channel. */
  channel: number;
  /** Digests sent to the team's activity feed because the channel refused the post. */
  activity: number;
  /** Digests nothing could deliver (a later round retries them). */
  failed: number;
  /** Teams without wins this week: nothing is sent (and nothing recorded, so a win posted later still gets its digest). */
  empty: number;
  /** Teams whose digest was already sent, or is being sent by another instance. */
  skipped: number;
}

/** What the digest needs. */
export interface WinsDigestDeps {
  settings: SettingsService;
  wins: Pick<WinsService, 'winsOfWeek'>;
  directory: OrgDirectory;
  channels: TeamChannels;
  repo: WinDigestsRepo;
  /** This instance's leases; their holder id is written into the claims it makes. */
  leases: Leases;
  /** The app's id in the Microsoft 365 catalogue, for deep links into the channel tab. */
  appId: string;
  logger: Logger;
}

/**
 * The Friday wins digest: from the tenant's digest time (default Friday 15:00 in its time zone) until the week ends,
 * each team with a bound channel tab gets one message per bound channel with its wins of the week; where Graph
 * refuses the channel (403/404: the team did not grant `ChannelMessage.Send.Group`, or the channel is gone) the team's
 * members get an activity-feed notification instead. Exactly once per (tenant, team, week): the digest is claimed by
 * inserting its record before anything is sent; a failed digest is retried by a later round, a sent one never.
 */
export class WinsDigest {
  constructor(private readonly deps: WinsDigestDeps) {}

  /** One round for one tenant at `now`; the scheduler calls it under the tenant's lease, tests with a chosen time. */
  async run(tenantId: string, now: Date = new Date()): Promise<DigestRunSummary> {
    const settings = await this.deps.settings.stored(tenantId);
    const isoWeek = isoWeekIn(now, settings.timeZone);
    const summary: DigestRunSummary = { tenantId, isoWeek, due: false, teams: 0, channel: 0, activity: 0, failed: 0, empty: 0, skipped: 0 };
    const { enabled, weekday, time } = settings.winsDigest;
    if (!enabled || now.getTime() < weeklyDeadline(isoWeek, weekday, time, settings.timeZone).getTime()) return summary;
    summary.due = true;

    const byTeam = new Map<string, ChannelTabRecord[]>();
    for (const binding of await this.deps.repo.bindings(tenantId)) {
      byTeam.set(binding.teamId, [...(byTeam.get(binding.teamId) ?? []), binding]);
    }
    summary.teams = byTeam.size;
    const teams = [...byTeam];
    for (let start = 0; start < teams.length; start += TEAM_CONCURRENCY) {
      await Promise.all(
        teams.slice(start, start + TEAM_CONCURRENCY).map(async ([teamId, bindings]) => {
          const result = await this.team(tenantId, teamId, isoWeek, bindings, now);
          summary[result] += 1;
        }),
      );
    }
    return summary;
  }

  private async team(
    tenantId: string,
    teamId: string,
    isoWeek: string,
    bindings: readonly ChannelTabRecord[],
    now: Date,
  ): Promise<'channel' | 'activity' | 'failed' | 'empty' | 'skipped'> {
    const known = await this.deps.repo.get(tenantId, teamId, isoWeek);
    if (known && known.outcome !== 'failed') return 'skipped';
    const wins = await this.deps.wins.winsOfWeek(tenantId, teamId, isoWeek);
    if (wins.length === 0) return 'empty';
    const claim = await this.deps.repo.claim(tenantId, teamId, isoWeek, this.deps.leases.holder, now);
    if (!claim) return 'skipped';
    try {
      return await this.deliver(claim, wins, bindings);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.deps.logger.warn({ tenantId, teamId, isoWeek, err: reason }, 'wins digest not delivered');
      await this.deps.repo.finish(claim, { outcome: 'failed', winCount: wins.length, deliveries: [], reason }, new Date());
      return 'failed';
    }
  }

  private async deliver(
    claim: WinDigestRecord,
    wins: readonly WinRecord[],
    bindings: readonly ChannelTabRecord[],
  ): Promise<'channel' | 'activity' | 'failed'> {
    const { tenantId, teamId, isoWeek } = claim;
    const people = await this.deps.directory.people(tenantId, [...new Set([teamId, ...wins.map((win) => win.authorId)])]);
    const names = new Map(people.map((person) => [person.id, person.displayName ?? '']));
    const manager = names.get(teamId);
    const teamName = manager ? `${manager}'s team` : 'your team';

    const deliveries: DigestDelivery[] = [];
    const notified = new Map<string, TeamDelivery>();
    for (const binding of bindings) {
      const tabUrl = this.tabLink(tenantId, binding);
      const posted = await this.deps.channels.postMessage(
        tenantId,
        binding.groupId,
        binding.channelId,
        digestHtml({ teamName, isoWeek, wins, names, tabUrl }),
      );
      if (posted.ok) {
        deliveries.push({
          channelId: binding.channelId,
          groupId: binding.groupId,
          via: 'channel',
          messageId: posted.messageId,
          reason: null,
        });
        continue;
      }
      const reason = `channel post answered ${posted.status || 'nothing'}: ${posted.reason}`;
      if (posted.status !== 403 && posted.status !== 404) {
        deliveries.push({ channelId: binding.channelId, groupId: binding.groupId, via: 'failed', messageId: null, reason });
        continue;
      }
      // One feed notification per team (group), however many of its channels refused the post.
      let feed = notified.get(binding.groupId);
      if (!feed) {
        feed = await this.deps.channels.notifyTeamMembers(tenantId, binding.groupId, {
          type: 'winsDigest',
          previewText: digestPreview({ teamName, wins, names }),
          templateParameters: { count: String(wins.length), team: teamName },
          webUrl: tabUrl,
        });
        notified.set(binding.groupId, feed);
      }
      deliveries.push({
        channelId: binding.channelId,
        groupId: binding.groupId,
        via: feed.ok ? 'activity' : 'failed',
        messageId: null,
        reason: feed.ok ? reason : `${reason}; activity feed answered ${feed.status || 'nothing'}: ${feed.reason}`,
      });
    }

    const outcome = deliveries.some((d) => d.via === 'channel')
      ? 'channel'
      : deliveries.some((d) => d.via === 'activity')
        ? 'activity'
        : 'failed';
    const reason = outcome === 'failed' ? deliveries.map((d) => d.reason).join(' | ') || 'no bound channel' : null;
    await this.deps.repo.finish(claim, { outcome, winCount: wins.length, deliveries, reason }, new Date());
    if (outcome === 'failed') this.deps.logger.warn({ tenantId, teamId, isoWeek, reason }, 'wins digest not delivered');
    return outcome;
  }

  /** Deep link into the channel tab of the binding, opening its wins wall. */
  private tabLink(tenantId: string, binding: ChannelTabRecord): string {
    const entityId = encodeURIComponent(`northstar-team:${binding.teamId}`);
    const context = encodeURIComponent(JSON.stringify({ subEntityId: 'wins', channelId: binding.channelId }));
    return `https://teams.microsoft.com/l/entity/${this.deps.appId}/${entityId}?context=${context}&groupId=${encodeURIComponent(binding.groupId)}&tenantId=${encodeURIComponent(tenantId)}`;
  }
}

/** The digest with the repositories and services it reads, for the server's scheduler. */
export function winsDigestFor(deps: {
  directory: OrgDirectory;
  graphFor: (tenantId: string) => Client;
  appId: string;
  leases: Leases;
  logger: Logger;
  /** The process's OKR store (one in-memory read model per process). */
  okrsRepo: OkrsRepo;
}): WinsDigest {
  const settings = new SettingsService(new SettingsRepo());
  return new WinsDigest({
    settings,
    wins: new WinsService(new WinsRepo(deps.okrsRepo.readModel), deps.okrsRepo, settings, deps.directory),
    directory: deps.directory,
    channels: new TeamChannels(deps.graphFor),
    repo: new WinDigestsRepo(),
    leases: deps.leases,
    appId: deps.appId,
    logger: deps.logger,
  });
}
