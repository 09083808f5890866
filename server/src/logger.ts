import { pino, type Logger } from 'pino';

/** The process logger; JSON lines to stdout, level from config. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'northstar' }, redact: ['req.headers.authorization', 'req.headers.cookie'] });
}
