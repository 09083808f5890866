import type { GraphUser } from '../org/types.js';

/** One change to a tenant's directory, applied by the Graph stand-in. */
export type OrgChange =
  | { op: 'add'; user: GraphUser }
  | { op: 'update'; id: string; fields: Partial<Omit<GraphUser, 'id'>> }
  | { op: 'setManager'; id: string; managerId: string | null }
  | { op: 'disable'; id: string }
  /** Soft delete: delta reports `@removed: { reason: "changed" }`; restorable. */
  | { op: 'delete'; id: string }
  | { op: 'restore'; id: string }
  /** Permanent delete: delta reports `@removed: { reason: "deleted" }`. */
  | { op: 'hardDelete'; id: string };

/** A user as stored: immutable, so older snapshots and log entries can share it safely. */
export interface StoredUser extends Readonly<GraphUser> {
  readonly softDeleted: boolean;
}

interface ChangeEntry {
  version: number;
  id: string;
  before: StoredUser | undefined;
  after: StoredUser | undefined;
}

/** A consolidated difference between two directory versions, ready to be shaped as a delta item. */
export type DeltaChange =
  | { kind: 'upsert'; user: StoredUser; managerAdded: string | null; managerRemoved: string | null; managerChanged: boolean }
  | { kind: 'removed'; id: string; reason: 'changed' | 'deleted' };

const SNAPSHOTS_KEPT = 8;
const CHANGE_SETS_KEPT = 16;

function freezeUser(user: GraphUser, softDeleted: boolean): StoredUser {
  return Object.freeze({ ...user, appRoles: [...user.appRoles], softDeleted });
}

/** Directory state of one tenant: current users, a versioned change log, and cached views for paging. */
export class TenantDirectory {
  /** Incremented by every `apply` call that changes something; delta links name a version. */
  version = 1;
  private readonly users = new Map<string, StoredUser>();
  private readonly idByUpn = new Map<string, string>();
  private readonly log: ChangeEntry[] = [];
  private activeCache: { version: number; list: StoredUser[] } | null = null;
  private reportsCache: { version: number; byManager: Map<string, StoredUser[]> } | null = null;
  private readonly snapshots = new Map<number, StoredUser[]>();
  private readonly changeSets = new Map<string, DeltaChange[]>();

  constructor(
    readonly tenantId: string,
    /** Distinguishes successive `setOrg` calls; tokens of an older epoch are refused. */
    readonly epoch: number,
    initial: readonly GraphUser[],
  ) {
    for (const user of initial) {
      if (this.users.has(user.id)) throw new Error(`duplicate user id ${user.id}`);
      this.put(freezeUser(user, false));
    }
  }

  /** Active (not deleted) user by object id or UPN (case-insensitive). */
  find(idOrUpn: string): StoredUser | undefined {
    const key = idOrUpn.toLowerCase();
    const user = this.users.get(key) ?? this.users.get(this.idByUpn.get(key) ?? '');
    return user && !user.softDeleted ? user : undefined;
  }

  /** Active users of the current version, in a stable order; rebuilt once per version. */
  activeUsers(): StoredUser[] {
    if (this.activeCache?.version !== this.version) {
      const list: StoredUser[] = [];
      for (const user of this.users.values()) if (!user.softDeleted) list.push(user);
      this.activeCache = { version: this.version, list };
    }
    return this.activeCache.list;
  }

  /** Active direct reports of `managerId` in the current version. */
  directReports(managerId: string): StoredUser[] {
    if (this.reportsCache?.version !== this.version) {
      const byManager = new Map<string, StoredUser[]>();
      for (const user of this.activeUsers()) {
        if (user.managerId === null) continue;
        const managerKey = user.managerId.toLowerCase();
        const reports = byManager.get(managerKey);
        if (reports) reports.push(user);
        else byManager.set(managerKey, [user]);
      }
      this.reportsCache = { version: this.version, byManager };
    }
    return this.reportsCache.byManager.get(managerId.toLowerCase()) ?? [];
  }

  /** Pins the current active list as the snapshot a full delta sync pages through. */
  beginFullSync(): { version: number; users: StoredUser[] } {
    const users = this.activeUsers();
    this.snapshots.delete(this.version);
    this.snapshots.set(this.version, users);
    while (this.snapshots.size > SNAPSHOTS_KEPT) this.snapshots.delete(this.snapshots.keys().next().value!);
    return { version: this.version, users };
  }

  /** The pinned snapshot of a full sync at `version`, if still kept. */
  snapshot(version: number): StoredUser[] | undefined {
    return this.snapshots.get(version);
  }

  /** Consolidated changes after version `from` up to and including version `to` (cached per pair). */
  changesBetween(from: number, to: number): DeltaChange[] {
    const key = `${from}:${to}`;
    const cached = this.changeSets.get(key);
    if (cached) return cached;

    let low = 0;
    let high = this.log.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.log[mid]!.version <= from) low = mid + 1;
      else high = mid;
    }
    const spans = new Map<string, { before: StoredUser | undefined; after: StoredUser | undefined }>();
    for (let i = low; i < this.log.length && this.log[i]!.version <= to; i++) {
      const entry = this.log[i]!;
      const span = spans.get(entry.id);
      if (span) span.after = entry.after;
      else spans.set(entry.id, { before: entry.before, after: entry.after });
    }

    const changes: DeltaChange[] = [];
    for (const [id, { before, after }] of spans) {
      const wasActive = before !== undefined && !before.softDeleted;
      if (after === undefined) {
        if (before !== undefined) changes.push({ kind: 'removed', id, reason: 'deleted' });
      } else if (after.softDeleted) {
        if (wasActive) changes.push({ kind: 'removed', id, reason: 'changed' });
      } else {
        const previousManager = wasActive ? before.managerId : null;
        const managerChanged = !wasActive || previousManager !== after.managerId;
        changes.push({
          kind: 'upsert',
          user: after,
          managerChanged,
          managerAdded: managerChanged ? after.managerId : null,
          managerRemoved: managerChanged && after.managerId === null ? previousManager : null,
        });
      }
    }
    this.changeSets.set(key, changes);
    while (this.changeSets.size > CHANGE_SETS_KEPT) this.changeSets.delete(this.changeSets.keys().next().value!);
    return changes;
  }

  /** Applies changes in order as one new version; throws (changing nothing) if any change is invalid. */
  apply(changes: readonly OrgChange[]): number {
    const staged = new Map<string, StoredUser | undefined>();
    const current = (id: string): StoredUser | undefined =>
      staged.has(id.toLowerCase()) ? staged.get(id.toLowerCase()) : this.users.get(id.toLowerCase());
    const existing = (id: string): StoredUser => {
      const user = current(id);
      if (!user) throw new Error(`no user ${id} in tenant ${this.tenantId}`);
      return user;
    };
    const checkManager = (managerId: string | null | undefined): void => {
      if (managerId && !current(managerId)) throw new Error(`no manager ${managerId} in tenant ${this.tenantId}`);
    };
    const ordered: string[] = [];
    const stage = (id: string, user: StoredUser | undefined): void => {
      ordered.push(id.toLowerCase());
      staged.set(id.toLowerCase(), user);
    };

    for (const change of changes) {
      switch (change.op) {
        case 'add': {
          if (current(change.user.id)) throw new Error(`user ${change.user.id} already exists`);
          checkManager(change.user.managerId);
          stage(change.user.id, freezeUser(change.user, false));
          break;
        }
        case 'update': {
          const user = existing(change.id);
          checkManager(change.fields.managerId);
          stage(change.id, freezeUser({ ...user, ...change.fields, id: user.id }, user.softDeleted));
          break;
        }
        case 'setManager': {
          const user = existing(change.id);
          checkManager(change.managerId);
          stage(change.id, freezeUser({ ...user, managerId: change.managerId }, user.softDeleted));
          break;
        }
        case 'disable': {
          const user = existing(change.id);
          stage(change.id, freezeUser({ ...user, accountEnabled: false }, user.softDeleted));
          break;
        }
        case 'delete':
        case 'restore': {
          const user = existing(change.id);
          stage(change.id, freezeUser(user, change.op === 'delete'));
          break;
        }
        case 'hardDelete': {
          existing(change.id);
          stage(change.id, undefined);
          break;
        }
      }
    }
    if (ordered.length === 0) return this.version;

    this.version++;
    const seen = new Set<string>();
    for (const id of ordered) {
      if (seen.has(id)) continue;
      seen.add(id);
      const before = this.users.get(id);
      const after = staged.get(id);
      if (before) this.idByUpn.delete(before.userPrincipalName.toLowerCase());
      if (after) this.put(after);
      else this.users.delete(id);
      this.log.push({ version: this.version, id, before, after });
    }
    return this.version;
  }

  private put(user: StoredUser): void {
    this.users.set(user.id.toLowerCase(), user);
    this.idByUpn.set(user.userPrincipalName.toLowerCase(), user.id.toLowerCase());
  }
}
