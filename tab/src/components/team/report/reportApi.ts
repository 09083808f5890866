import type { GenerateTeamReport, TeamReport, TeamReportList } from '@northstar/server/contract';
import type { TabApi } from '../../../data/api';

/** Client calls of the monthly team report API. */
export function reportApi(api: TabApi) {
  const id = encodeURIComponent;
  return {
    list: (teamId: string): Promise<TeamReportList> => api.request('GET', `/api/teams/${id(teamId)}/reports`),
    get: (teamId: string, month: string): Promise<TeamReport> => api.request('GET', `/api/teams/${id(teamId)}/reports/${id(month)}`),
    generate: (teamId: string, month: string, input: GenerateTeamReport): Promise<TeamReport> =>
      api.request('POST', `/api/teams/${id(teamId)}/reports/${id(month)}/generate`, input),
  };
}

/** `2026-11` as the month's name in the user's locale ("November 2026"). */
export function monthName(month: string, locale: string): string {
  return new Date(`${month}-01T00:00:00Z`).toLocaleDateString(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** Opens the browser's print dialog (the report's print stylesheet makes a clean A4 page of it). */
export function printPage(): void {
  window.print();
}
