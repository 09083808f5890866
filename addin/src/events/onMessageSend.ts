/*
 * The OnMessageSend handler. Built on its own into one classic script (dist/events.js) with no
 * imports: classic Outlook on Windows runs it in a JavaScript-only runtime without DOM or modules.
 */
import { associateAction, completeEvent, eventRuntimeToken, readTag, type EventOutcome, type WeeklyMailTag } from '../host/office';

/** The manifest's action id for `messageSending` (manifest/src/manifest.ts SEND_HANDLER_ACTION_ID). */
export const SEND_HANDLER_ACTION_ID = 'onMessageSendHandler';
/** How long the handler waits for our service before letting the mail go anyway. */
export const SERVICE_TIMEOUT_MS = 5000;

/** What the prompt says when the weekly mail lists no priorities. */
export const NO_PRIORITIES_MESSAGE =
  'Your weekly OKR mail lists no priorities for this week. Add them in the Northstar pane and insert again, or send it as it is.';

/** Rejects after `ms` milliseconds unless `promise` settles first. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** POSTs `/api/weekly/:isoWeek/<step>`; resolves false when the service did not confirm it in time. */
async function tell(tag: WeeklyMailTag, step: 'sent' | 'send-attempt', getToken: () => Promise<string>): Promise<boolean> {
  try {
    return await within(
      (async () => {
        const token = await getToken();
        const response = await fetch(`${tag.apiOrigin}/api/weekly/${encodeURIComponent(tag.isoWeek)}/${step}`, {
          method: 'POST',
          headers: { accept: 'application/json', authorization: `Bearer ${token}` },
        });
        return response.ok;
      })(),
      SERVICE_TIMEOUT_MS,
    );
  } catch {
    return false;
  }
}

/**
 * Decides the outcome of sending: always allowed (and the report marked sent), except a prompt when
 * the inserted mail has no priorities. A prompt records only the attempt: the handler cannot learn
 * whether the user then picks "Send anyway" (Outlook sends without calling it again) or "Don't send",
 * so the service recognises the send later from the message in the author's Sent Items.
 */
export async function decideOnSend(getToken: () => Promise<string> = eventRuntimeToken): Promise<EventOutcome> {
  let tag: WeeklyMailTag | null;
  try {
    tag = await within(readTag(), SERVICE_TIMEOUT_MS);
  } catch {
    return { allowEvent: true };
  }
  if (!tag) return { allowEvent: true };
  if (tag.priorities === 0) {
    // The service then looks for the mail in the author's Sent Items, where "Send anyway" puts it.
    await tell(tag, 'send-attempt', getToken);
    return { allowEvent: false, errorMessage: NO_PRIORITIES_MESSAGE, promptUser: true };
  }
  await tell(tag, 'sent', getToken);
  return { allowEvent: true };
}

/** The `messageSending` handler: never throws, always completes the event. */
export function onMessageSendHandler(event: Office.MailboxEvent): void {
  decideOnSend().then(
    (outcome) => completeEvent(event, outcome),
    () => completeEvent(event, { allowEvent: true }),
  );
}

associateAction(SEND_HANDLER_ACTION_ID, onMessageSendHandler);
