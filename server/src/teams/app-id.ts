import { v5 as uuidV5 } from 'uuid';

/** Namespace of the APP_ID derived from ENTRA_CLIENT_ID (a random v4 GUID, fixed: changing it changes every derived APP_ID). */
const APP_ID_NAMESPACE = '18931cfa-8031-44ad-a22f-25b47c63c6ac';

/** The app's id in the Microsoft 365 catalogue: `APP_ID` when set, else a name-based (v5) GUID of the Entra client id. */
export function teamsAppId(entraClientId: string, appId?: string): string {
  return (appId ?? uuidV5(entraClientId.toLowerCase(), APP_ID_NAMESPACE)).toLowerCase();
}
