import type { CreateWin, UpdateWin, Win, WinReactionKind, WinsWall } from '@northstar/server/contract';
import {
  HandMultiple20Filled,
  HandMultiple20Regular,
  Heart20Filled,
  Heart20Regular,
  Rocket20Filled,
  Rocket20Regular,
  Trophy20Filled,
  Trophy20Regular,
  type FluentIcon,
} from '@fluentui/react-icons';
import type { TabApi } from '../../../data/api';

/** Client calls of the wins API. */
export function winsApi(api: TabApi) {
  const id = encodeURIComponent;
  return {
    wall: (teamId: string, week?: string): Promise<WinsWall> =>
      api.request('GET', `/api/teams/${id(teamId)}/wins${week ? `?week=${id(week)}` : ''}`),
    post: (teamId: string, input: CreateWin): Promise<Win> => api.request('POST', `/api/teams/${id(teamId)}/wins`, input),
    update: (winId: string, input: UpdateWin): Promise<Win> => api.request('PATCH', `/api/wins/${id(winId)}`, input),
    remove: (winId: string): Promise<void> => api.request('DELETE', `/api/wins/${id(winId)}`),
    react: (winId: string, kind: WinReactionKind, on: boolean): Promise<Win> =>
      api.request(on ? 'PUT' : 'DELETE', `/api/wins/${id(winId)}/reactions/${id(kind)}`),
  };
}

/** How each reaction is announced and drawn (outlined, or filled once I gave it). */
export const REACTIONS: Record<WinReactionKind, { label: string; Icon: FluentIcon; Given: FluentIcon }> = {
  celebrate: { label: 'Celebrate', Icon: Trophy20Regular, Given: Trophy20Filled },
  clap: { label: 'Applause', Icon: HandMultiple20Regular, Given: HandMultiple20Filled },
  heart: { label: 'Love it', Icon: Heart20Regular, Given: Heart20Filled },
  rocket: { label: 'Rocket', Icon: Rocket20Regular, Given: Rocket20Filled },
};
