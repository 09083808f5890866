import type { MeetingOneOnOne } from '@northstar/server/contract';
import type { TabApi } from './api';

/** Client call of the meeting app: whose 1:1 the meeting the tab runs in is. */
export function meetingApi(api: TabApi) {
  return {
    byMeeting: (chatId: string) =>
      api.request<MeetingOneOnOne>('GET', `/api/one-on-ones/by-meeting?${new URLSearchParams({ chatId }).toString()}`),
  };
}
