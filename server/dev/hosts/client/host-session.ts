/// <reference lib="dom" />
import type { DemoUser, DevHostSession } from '../demo-session.js';
import type { DevMeeting } from '../router.js';

export type { DemoUser, DevHostSession, DevMeeting };

/** The demo users the pickers offer (`GET /dev/users`). */
export async function fetchDemoUsers(): Promise<DemoUser[]> {
  const response = await fetch('/dev/users', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET /dev/users failed with ${response.status}`);
  return (await response.json()) as DemoUser[];
}

const RENEW_BEFORE_EXPIRY_SECONDS = 120;

/** Fetches and caches the host-side session (tokens, account) of the picked demo user. */
export class SessionCache {
  private readonly sessions = new Map<string, { session: DevHostSession; expiresAt: number }>();

  /** The session for `upn`, renewed shortly before its access token expires. */
  async get(upn: string): Promise<DevHostSession> {
    const now = Date.now() / 1000;
    const cached = this.sessions.get(upn);
    if (cached && cached.expiresAt - RENEW_BEFORE_EXPIRY_SECONDS > now) return cached.session;
    const response = await fetch('/dev/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ upn }),
    });
    if (!response.ok) throw new Error(`POST /dev/session failed with ${response.status}`);
    const session = (await response.json()) as DevHostSession;
    this.sessions.set(upn, { session, expiresAt: now + session.expiresIn });
    return session;
  }
}

/** Appends a line to the host's activity log (newest first). */
export function logActivity(list: HTMLElement, text: string): void {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  list.prepend(item);
  while (list.childElementCount > 200) list.lastElementChild?.remove();
}

/** Fills a <select> with the demo users and selects `selectedUpn`. */
export function fillUserPicker(select: HTMLSelectElement, users: DemoUser[], selectedUpn: string): void {
  select.replaceChildren(
    ...users.map((user) => {
      const option = document.createElement('option');
      option.value = user.upn;
      option.textContent = `${user.name} (${user.roles.join(', ') || 'employee'})`;
      option.selected = user.upn === selectedUpn;
      return option;
    }),
  );
}

/** Looks up an element the page must contain. */
export function requireElement<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`#${id} is missing from the page`);
  return element;
}

/**
 * The meeting of these attendees (`POST /dev/meetings` makes its chat in the Graph stand-in), kept for the
 * browser tab's session so reloading the host stays in the same meeting.
 */
export async function meetingOf(attendees: readonly string[]): Promise<DevMeeting> {
  const key = `northstar-dev-meeting:${[...attendees].sort().join(',')}`;
  const kept = sessionStorage.getItem(key);
  if (kept) return JSON.parse(kept) as DevMeeting;
  const response = await fetch('/dev/meetings', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ attendees }),
  });
  if (!response.ok) throw new Error(`POST /dev/meetings failed with ${response.status}`);
  const meeting = (await response.json()) as DevMeeting;
  sessionStorage.setItem(key, JSON.stringify(meeting));
  return meeting;
}
