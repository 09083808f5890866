import type { Me, PeriodList, TenantSettings } from '@northstar/server/contract';
import { createContext, useContext } from 'react';
import type { TabApi } from './data/api';
import type { Formatters } from './format';
import type { TabHost } from './host/teamsHost';

/** Everything a page needs about the signed-in user and where the tab runs. */
export interface TabSession {
  host: TabHost;
  api: TabApi;
  me: Me;
  settings: TenantSettings;
  periods: PeriodList;
  /** This ISO week in the tenant's time zone. */
  thisWeek: string;
  format: Formatters;
  isManager: boolean;
}

export const SessionContext = createContext<TabSession | null>(null);

/** The signed-in session; only pages under the shell call it. */
export function useSession(): TabSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a SessionContext provider');
  return session;
}
