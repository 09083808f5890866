import mongoose from 'mongoose';

/** Commands that are connection housekeeping, not work done for a request. */
const HOUSEKEEPING = new Set([
  'ping',
  'hello',
  'ismaster',
  'isMaster',
  'saslStart',
  'saslContinue',
  'buildInfo',
  'endSessions',
  'killCursors',
]);

/** What one measured span sent to the database. */
export interface CommandTally {
  /** Commands sent (housekeeping excluded). */
  total: number;
  /** Per `command collection`, e.g. `find objectives`. */
  byTarget: Record<string, number>;
}

interface StartedEvent {
  commandName: string;
  command: Record<string, unknown>;
}

/**
 * Counts the database commands this process sends, through the driver's command monitoring
 * (the connection is opened with `monitorCommands: true`). Works only in the server's process.
 */
export class CommandCounter {
  private events: StartedEvent[] = [];
  private readonly listener = (event: StartedEvent): void => {
    if (!HOUSEKEEPING.has(event.commandName)) this.events.push(event);
  };

  /** Counts the commands sent while `work` runs. */
  async measure(work: () => Promise<unknown>): Promise<CommandTally> {
    const client = mongoose.connection.getClient();
    this.events = [];
    client.on('commandStarted', this.listener);
    try {
      await work();
    } finally {
      client.off('commandStarted', this.listener);
    }
    const byTarget: Record<string, number> = {};
    for (const event of this.events) {
      const collection = event.command[event.commandName];
      const key = `${event.commandName} ${typeof collection === 'string' ? collection : ''}`.trim();
      byTarget[key] = (byTarget[key] ?? 0) + 1;
    }
    return { total: this.events.length, byTarget };
  }
}
