import { connectToHost, type TabHost } from './host/teamsHost';

let hostConnection: Promise<TabHost> | undefined;

/** The host connection, made once per page load (React may mount twice in development). */
export function getHost(): Promise<TabHost> {
  return (hostConnection ??= connectToHost());
}
