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
  /** Delegated scopes from `scp`. */
  scopes: string[];
  /** True for a token issued to an application rather than a signed-in user. */
  appOnly: boolean;
}
