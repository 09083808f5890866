/** Who is calling, as established from a verified access token. */
export interface Principal {
  /** Entra tenant id (`tid`); the only source of tenant scoping. */
  tenantId: string;
  /** Entra object id (`oid`) of the user, or of the calling app for app-only tokens. */
  userId: string;
  /** `preferred_username` (UPN) of a user; empty for app-only tokens. */
  upn: string;
  name: string;
  /** Entra app roles from the `roles` claim (e.g. `HR`, `Admin`). */
  appRoles: string[];
  /** Object ids of the user's Entra groups from the `groups` claim (empty unless the app registration emits them). */
  groups: string[];
  /** The tenant's configured role groups, looked up when the token carries groups. */
  roleGroups: RoleGroups;
  /** Delegated scopes from `scp`. */
  scopes: string[];
  /** True for a token issued to an application rather than a signed-in user. */
  appOnly: boolean;
}

/** Entra groups a tenant has configured to grant Northstar roles besides the app roles. */
export interface RoleGroups {
  hrGroupId: string | null;
  adminGroupId: string | null;
}

/** No configured role groups. */
export const NO_ROLE_GROUPS: RoleGroups = Object.freeze({ hrGroupId: null, adminGroupId: null });
