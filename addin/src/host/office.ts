/*
 * The add-in's only contact with Office.js. Everything else talks to these functions, so the
 * task pane and the send handler cannot tell Outlook from the dev host, and tests can swap
 * `Office` for a mock. This file imports nothing: the send handler bundles it into one script.
 */

/** Which Office application and platform the add-in runs in; both null outside Office. */
export interface OfficeHostInfo {
  host: string | null;
  platform: string | null;
}

/** Outlook allows this many characters in a subject. */
export const MAX_SUBJECT_LENGTH = 255;
/** Outlook refuses bodies larger than this (bytes). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Name of the custom property that tags a message as a weekly OKR mail. */
export const WEEKLY_TAG_PROPERTY = 'northstarWeekly';

/** Why a host call could not be made; the task pane picks its message by `reason`. */
export type OfficeFailureReason = 'no-office' | 'not-compose' | 'unsupported' | 'host-error' | 'invalid';

/** A host call that failed, with a reason the UI can explain. */
export class OfficeHostError extends Error {
  constructor(
    readonly reason: OfficeFailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'OfficeHostError';
  }
}

/** What the task pane writes into a custom property of the message; the send handler reads it back. */
export interface WeeklyMailTag {
  /** The report's id (`<authorId>:<isoWeek>`). */
  reportId: string;
  isoWeek: string;
  /** How many priorities for this week the inserted mail lists. */
  priorities: number;
  /** Origin of the Northstar API (the event runtime has no page origin of its own). */
  apiOrigin: string;
}

/** A recipient to write into To or Cc. */
export interface MailRecipient {
  displayName: string;
  emailAddress: string;
}

/** Everything "Insert" writes into the message being composed. */
export interface ComposeMail {
  subject: string;
  /** Written only when given; null leaves To as the user has it. */
  to: MailRecipient[] | null;
  /** Written only when given; null leaves Cc as the user has it. */
  cc: MailRecipient[] | null;
  html: string;
  /** Written instead of the HTML when the message is in plain-text format. */
  text: string;
  tag: WeeklyMailTag;
}

/** Mailbox requirement sets each capability needs. */
const REQUIREMENTS = {
  subjectAndRecipients: '1.1',
  bodyType: '1.3',
  customProperties: '1.1',
  sendModeOverride: '1.14',
} as const;

type Callback<T> = (result: Office.AsyncResult<T>) => void;

function officeGlobal(): typeof Office | undefined {
  return typeof Office === 'undefined' ? undefined : Office;
}

function isComposeItem(item: unknown): item is Office.MessageCompose {
  const subject = (item as { subject?: unknown }).subject;
  return typeof subject === 'object' && subject !== null && typeof (subject as { setAsync?: unknown }).setAsync === 'function';
}

function composeItem(): Office.MessageCompose {
  const office = officeGlobal();
  if (!office) throw new OfficeHostError('no-office', 'Office.js is not loaded');
  const item: unknown = office.context?.mailbox?.item;
  if (!item || !isComposeItem(item)) throw new OfficeHostError('not-compose', 'No message is being composed');
  return item;
}

function requireMailbox(version: string, what: string): void {
  if (!isRequirementSetSupported('Mailbox', version)) {
    throw new OfficeHostError('unsupported', `This version of Outlook cannot ${what} (needs Mailbox ${version})`);
  }
}

/** Runs one Office async call as a promise; a failed result rejects with an {@link OfficeHostError}. */
function call<T>(start: (callback: Callback<T>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      start((result) => {
        const failed = officeGlobal()?.AsyncResultStatus?.Failed ?? 'failed';
        if (result.status === failed) reject(new OfficeHostError('host-error', result.error?.message ?? 'Office request failed'));
        else resolve(result.value);
      });
    } catch (error) {
      reject(new OfficeHostError('host-error', error instanceof Error ? error.message : String(error)));
    }
  });
}

/** Resolves once Office.js is ready; resolves with nulls when Office.js is absent. */
export async function whenOfficeReady(): Promise<OfficeHostInfo> {
  const office = officeGlobal();
  if (!office) return { host: null, platform: null };
  const info = await office.onReady();
  return { host: info.host ? String(info.host) : null, platform: info.platform ? String(info.platform) : null };
}

/** True when the host supports requirement set `name` at `version` or newer. */
export function isRequirementSetSupported(name: string, version: string): boolean {
  return officeGlobal()?.context?.requirements?.isSetSupported(name, version) ?? false;
}

/** True when the host can hand out tokens through nested app authentication. */
export function isNestedAppAuthSupported(): boolean {
  return isRequirementSetSupported('NestedAppAuth', '1.1');
}

/** True when the current mailbox item is a message being composed. */
export function isComposeMode(): boolean {
  const item: unknown = officeGlobal()?.context?.mailbox?.item;
  return Boolean(item) && isComposeItem(item);
}

/** The subject of the message being composed. */
export async function getSubject(): Promise<string> {
  const item = composeItem();
  return call<string>((done) => item.subject.getAsync(done));
}

/** Replaces the subject of the message being composed. */
export async function setSubject(subject: string): Promise<void> {
  if (subject.length > MAX_SUBJECT_LENGTH) throw new RangeError(`A subject holds at most ${MAX_SUBJECT_LENGTH} characters`);
  const item = composeItem();
  requireMailbox(REQUIREMENTS.subjectAndRecipients, 'write the subject');
  await call<void>((done) => item.subject.setAsync(subject, done));
}

function toRecipients(list: MailRecipient[]): Office.EmailAddressDetails[] {
  return list.map((person) => {
    if (!person.emailAddress.includes('@')) throw new OfficeHostError('invalid', `Not an email address: ${person.emailAddress}`);
    return { displayName: person.displayName || person.emailAddress, emailAddress: person.emailAddress } as Office.EmailAddressDetails;
  });
}

/** Writes the body: HTML when the message is in HTML format, else the plain-text alternative. Returns the format written. */
export async function setBody(html: string, text: string): Promise<'html' | 'text'> {
  const item = composeItem();
  requireMailbox(REQUIREMENTS.bodyType, 'write the message body');
  const office = officeGlobal()!;
  const type = await call<Office.CoercionType>((done) => item.body.getTypeAsync(done));
  const format = String(type) === String(office.CoercionType.Html) ? 'html' : 'text';
  const data = format === 'html' ? html : text;
  if (new TextEncoder().encode(data).length > MAX_BODY_BYTES)
    throw new OfficeHostError('invalid', 'The mail is larger than Outlook allows (1 MB)');
  const coercionType = format === 'html' ? office.CoercionType.Html : office.CoercionType.Text;
  await call<void>((done) => item.body.setAsync(data, { coercionType }, done));
  return format;
}

/** Tags the message being composed with the weekly report it carries (a custom property, saved with the item). */
export async function tagItem(tag: WeeklyMailTag): Promise<void> {
  const item = composeItem();
  requireMailbox(REQUIREMENTS.customProperties, 'tag the message');
  const properties = await call<Office.CustomProperties>((done) => item.loadCustomPropertiesAsync(done));
  properties.set(WEEKLY_TAG_PROPERTY, JSON.stringify(tag));
  await call<void>((done) => properties.saveAsync(done));
}

/** The weekly report tag of the current item, or null when the message carries none (or it is unreadable). */
export async function readTag(): Promise<WeeklyMailTag | null> {
  const item: unknown = officeGlobal()?.context?.mailbox?.item;
  const load = (item as { loadCustomPropertiesAsync?: unknown } | undefined)?.loadCustomPropertiesAsync;
  if (typeof load !== 'function') return null;
  const properties = await call<Office.CustomProperties>((done) => (item as Office.MessageCompose).loadCustomPropertiesAsync(done));
  return parseTag(properties.get(WEEKLY_TAG_PROPERTY));
}

/** Parses a stored tag; null unless it has every field. */
export function parseTag(value: unknown): WeeklyMailTag | null {
  if (typeof value !== 'string') return null;
  try {
    const tag = JSON.parse(value) as Partial<WeeklyMailTag>;
    const valid =
      typeof tag.reportId === 'string' &&
      typeof tag.isoWeek === 'string' &&
      typeof tag.priorities === 'number' &&
      typeof tag.apiOrigin === 'string';
    return valid ? (tag as WeeklyMailTag) : null;
  } catch {
    return null;
  }
}

/**
 * Writes the weekly mail into the message being composed: subject, To, Cc (when given), body
 * (after checking its format) and the tag, one call after another (Outlook on the web allows
 * only three at once). Checks compose mode and requirement sets before touching the item.
 */
export async function insertMail(mail: ComposeMail): Promise<{ bodyFormat: 'html' | 'text' }> {
  const item = composeItem();
  requireMailbox(REQUIREMENTS.bodyType, 'write the weekly mail');
  if (mail.subject.length > MAX_SUBJECT_LENGTH)
    throw new OfficeHostError('invalid', `A subject holds at most ${MAX_SUBJECT_LENGTH} characters`);
  const to = mail.to ? toRecipients(mail.to) : null;
  const cc = mail.cc ? toRecipients(mail.cc) : null;
  await call<void>((done) => item.subject.setAsync(mail.subject, done));
  if (to) await call<void>((done) => item.to.setAsync(to, done));
  if (cc) await call<void>((done) => item.cc.setAsync(cc, done));
  const bodyFormat = await setBody(mail.html, mail.text);
  await tagItem(mail.tag);
  return { bodyFormat };
}

/** What an event handler reports back to Outlook. */
export interface EventOutcome {
  allowEvent: boolean;
  errorMessage?: string;
  /** Ask the user ("send anyway?") instead of the manifest's send mode, where the host supports it. */
  promptUser?: boolean;
}

/** Completes an Outlook event (e.g. `OnMessageSend`) with the outcome; never throws. */
export function completeEvent(event: { completed(options?: Record<string, unknown>): void }, outcome: EventOutcome): void {
  const options: Record<string, unknown> = { allowEvent: outcome.allowEvent };
  if (outcome.errorMessage) options.errorMessage = outcome.errorMessage;
  const override = officeGlobal()?.MailboxEnums?.SendModeOverride?.PromptUser;
  if (outcome.promptUser && !outcome.allowEvent && override && isRequirementSetSupported('Mailbox', REQUIREMENTS.sendModeOverride)) {
    options.sendModeOverride = override;
  }
  try {
    event.completed(options);
  } catch {
    // The host already gave up on this event; nothing left to report.
  }
}

/** Registers an event handler under the action id of the manifest (no-op without Office.js). */
export function associateAction(actionId: string, handler: (event: Office.MailboxEvent) => void): void {
  officeGlobal()?.actions?.associate(actionId, handler);
}

/**
 * An access token for our API inside an event runtime, where MSAL cannot run: Office single
 * sign-on (`OfficeRuntime.auth`), which classic Outlook's JavaScript-only runtime offers too.
 */
export async function eventRuntimeToken(): Promise<string> {
  const runtime = (globalThis as { OfficeRuntime?: { auth?: { getAccessToken?(options: object): Promise<string> } } }).OfficeRuntime;
  const getToken = runtime?.auth?.getAccessToken;
  if (typeof getToken !== 'function') throw new OfficeHostError('unsupported', 'This host offers no token to event handlers');
  return getToken.call(runtime!.auth, { allowSignInPrompt: false, allowConsentPrompt: false, forMSGraphAccess: false });
}
