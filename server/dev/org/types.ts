/** An app role Northstar grants through tokens (never served by Graph as a user property). */
export type AppRole = 'HR' | 'Admin';

/** A person as the Graph stand-in stores it; the Graph-visible fields mirror microsoft.graph.user. */
export interface GraphUser {
  /** Entra object id (GUID). */
  id: string;
  displayName: string;
  givenName: string;
  surname: string;
  mail: string;
  userPrincipalName: string;
  jobTitle: string;
  department: string;
  /** ISO 8601 date-time in UTC, e.g. `2019-03-04T00:00:00Z`. */
  employeeHireDate: string;
  accountEnabled: boolean;
  /** Object id of the manager, or null for the top of the org. */
  managerId: string | null;
  /** App roles this person holds in Northstar; carried in tokens, not served as a user property. */
  appRoles: AppRole[];
}
