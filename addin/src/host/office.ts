/*
 * The add-in's only contact with Office.js. Everything else talks to these functions, so the
 * task pane cannot tell Outlook from the dev host, and tests can swap `Office` for a mock.
 */

/** Which Office application and platform the add-in runs in; both null outside Office. */
export interface OfficeHostInfo {
  host: string | null;
  platform: string | null;
}

/** Outlook allows this many characters in a subject. */
export const MAX_SUBJECT_LENGTH = 255;

function officeGlobal(): typeof Office | undefined {
  return typeof Office === 'undefined' ? undefined : Office;
}

function composeItem(): Office.MessageCompose {
  const office = officeGlobal();
  const item: unknown = office?.context?.mailbox?.item;
  if (!item || !isComposeItem(item)) throw new Error('No message is being composed');
  return item;
}

function isComposeItem(item: unknown): item is Office.MessageCompose {
  const subject = (item as { subject?: unknown }).subject;
  return typeof subject === 'object' && subject !== null && typeof (subject as { setAsync?: unknown }).setAsync === 'function';
}

function settle<T>(resolve: (value: T) => void, reject: (error: Error) => void) {
  return (result: Office.AsyncResult<T>): void => {
    const office = officeGlobal();
    if (office && result.status === office.AsyncResultStatus.Failed) {
      reject(new Error(result.error?.message ?? 'Office request failed'));
    } else {
      resolve(result.value);
    }
  };
}

/** Resolves once Office.js is ready; resolves with nulls when Office.js is absent. */
export async function whenOfficeReady(): Promise<OfficeHostInfo> {
  const office = officeGlobal();
  if (!office) return { host: null, platform: null };
  const info = await office.onReady();
  return { host: info.host ? String(info.host) : null, platform: info.platform ? String(info.platform) : null };
}

/** True when the host can hand out tokens through nested app authentication. */
export function isNestedAppAuthSupported(): boolean {
  return officeGlobal()?.context?.requirements?.isSetSupported('NestedAppAuth', '1.1') ?? false;
}

/** True when the current mailbox item is a message being composed. */
export function isComposeMode(): boolean {
  const item: unknown = officeGlobal()?.context?.mailbox?.item;
  return Boolean(item) && isComposeItem(item);
}

/** The subject of the message being composed. */
export async function getSubject(): Promise<string> {
  const item = composeItem();
  return new Promise<string>((resolve, reject) => item.subject.getAsync(settle(resolve, reject)));
}

/** Replaces the subject of the message being composed. */
export async function setSubject(subject: string): Promise<void> {
  if (subject.length > MAX_SUBJECT_LENGTH) throw new RangeError(`A subject holds at most ${MAX_SUBJECT_LENGTH} characters`);
  const item = composeItem();
  return new Promise<void>((resolve, reject) => item.subject.setAsync(subject, settle(resolve, reject)));
}
