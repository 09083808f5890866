/// <reference lib="dom" />
import {
  DEV_OFFICE_CHANNEL,
  isChannelMessage,
  isEventMessage,
  type BodyFormat,
  type DevOfficeMethods,
  type DevOfficeRequest,
  type RecipientDetails,
  type RecipientField,
  type RecipientInput,
} from './dev-office-protocol.js';
import { fetchDemoUsers, fillUserPicker, logActivity, requireElement, SessionCache, type DemoUser } from './host-session.js';
import { answerNaaRequest, parseNaaRequest } from './naa-responder.js';

/*
 * The Outlook compose window of /dev/outlook. Its fields are the mailbox item: the task pane's
 * /dev/office.js reads and writes them over postMessage, and every write shows up here. Send
 * fires `OnMessageSend` in a hidden event runtime frame (/addin/events.html) and honours
 * `event.completed({allowEvent, errorMessage, sendModeOverride})` as Smart Alerts do.
 */

/** The manifest's `messageSending` action and send mode (manifest/src/manifest.ts). */
const SEND_HANDLER_ACTION_ID = 'onMessageSendHandler';
const MANIFEST_SEND_MODE = 'promptUser';
/** Outlook gives an event handler about 300 s; the dev host waits less. */
const SEND_EVENT_TIMEOUT_MS = 30_000;

const MAX_SUBJECT_LENGTH = 255;
const MAX_BODY_BYTES = 1024 * 1024;

const params = new URLSearchParams(window.location.search);
const frame = requireElement('taskpane-frame', HTMLIFrameElement);
const userPicker = requireElement('user-picker', HTMLSelectElement);
const fromLabel = requireElement('compose-from', HTMLElement);
const toField = requireElement('compose-to', HTMLInputElement);
const ccField = requireElement('compose-cc', HTMLInputElement);
const subjectField = requireElement('compose-subject', HTMLInputElement);
const bodyTypeField = requireElement('body-type', HTMLSelectElement);
const bodySource = requireElement('compose-body', HTMLTextAreaElement);
const bodyPreview = requireElement('body-preview', HTMLIFrameElement);
const customPropertiesView = requireElement('custom-properties', HTMLElement);
const hostLog = requireElement('host-log', HTMLOListElement);
const eventFrame = requireElement('event-frame', HTMLIFrameElement);
const sendButton = requireElement('compose-send', HTMLButtonElement);
const sendState = requireElement('send-state', HTMLElement);
const alertDialog = requireElement('smart-alert', HTMLDialogElement);
const alertMessage = requireElement('smart-alert-message', HTMLElement);
const sendAnywayButton = requireElement('smart-alert-send', HTMLButtonElement);
const dontSendButton = requireElement('smart-alert-cancel', HTMLButtonElement);
const sessions = new SessionCache();

let users: DemoUser[] = [];
let currentUpn = params.get('user') ?? '';
const bcc: RecipientDetails[] = [];
let customProperties: Record<string, unknown> = {};

function currentUser(): DemoUser | undefined {
  return users.find((user) => user.upn === currentUpn);
}

function parseRecipients(text: string): RecipientDetails[] {
  return text
    .split(/[;,]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^(.*?)\s*<([^>]+)>$/.exec(part);
      const emailAddress = (match?.[2] ?? part).trim();
      const displayName = (match?.[1] ?? '').replace(/^"|"$/g, '').trim() || emailAddress;
      return { displayName, emailAddress, recipientType: 'user' };
    });
}

function formatRecipients(list: RecipientDetails[]): string {
  return list
    .map((recipient) =>
      recipient.displayName && recipient.displayName !== recipient.emailAddress
        ? `${recipient.displayName} <${recipient.emailAddress}>`
        : recipient.emailAddress,
    )
    .join('; ');
}

function normalizeRecipients(list: RecipientInput[]): RecipientDetails[] {
  if (!Array.isArray(list)) throw new TypeError('Recipients must be an array');
  return list.map((entry) => {
    const emailAddress = typeof entry === 'string' ? entry : entry.emailAddress;
    if (typeof emailAddress !== 'string' || !emailAddress.includes('@'))
      throw new TypeError(`Not an email address: ${String(emailAddress)}`);
    const displayName = typeof entry === 'string' ? entry : (entry.displayName ?? emailAddress);
    return { displayName, emailAddress, recipientType: 'user' };
  });
}

function recipientField(field: RecipientField): { read(): RecipientDetails[]; write(list: RecipientDetails[]): void } {
  if (field === 'bcc') return { read: () => [...bcc], write: (list) => bcc.splice(0, bcc.length, ...list) };
  const input = field === 'to' ? toField : ccField;
  return { read: () => parseRecipients(input.value), write: (list) => (input.value = formatRecipients(list)) };
}

function bodyType(): BodyFormat {
  return bodyTypeField.value === 'text' ? 'text' : 'html';
}

function renderBodyPreview(): void {
  bodyPreview.srcdoc =
    bodyType() === 'html'
      ? bodySource.value
      : `<pre style="white-space:pre-wrap;font:14px system-ui">${escapeHtml(bodySource.value)}</pre>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function htmlToText(html: string): string {
  return new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '';
}

function flash(element: HTMLElement): void {
  element.classList.remove('written');
  void element.offsetWidth;
  element.classList.add('written');
}

type Handlers = {
  [M in keyof DevOfficeMethods]: (...params: DevOfficeMethods[M][0]) => DevOfficeMethods[M][1] | Promise<DevOfficeMethods[M][1]>;
};

const handlers: Handlers = {
  hello: () => {
    const user = currentUser();
    return {
      user: { displayName: user?.name ?? currentUpn, emailAddress: currentUpn },
      requirementSets: { Mailbox: '1.14', NestedAppAuth: '1.1' },
      mode: params.get('mode') === 'read' ? 'read' : 'compose',
    };
  },
  'subject.get': () => subjectField.value,
  'subject.set': (subject) => {
    if (typeof subject !== 'string') throw new TypeError('The subject must be a string');
    if (subject.length > MAX_SUBJECT_LENGTH) throw new RangeError(`A subject holds at most ${MAX_SUBJECT_LENGTH} characters`);
    subjectField.value = subject;
    flash(subjectField);
  },
  'recipients.get': (field) => recipientField(field).read(),
  'recipients.set': (field, list) => {
    recipientField(field).write(normalizeRecipients(list));
    if (field !== 'bcc') flash(field === 'to' ? toField : ccField);
  },
  'recipients.add': (field, list) => {
    const target = recipientField(field);
    target.write([...target.read(), ...normalizeRecipients(list)]);
    if (field !== 'bcc') flash(field === 'to' ? toField : ccField);
  },
  'body.getType': () => bodyType(),
  'body.get': (format) => (format === 'text' && bodyType() === 'html' ? htmlToText(bodySource.value) : bodySource.value),
  'body.set': (data, format) => {
    if (typeof data !== 'string') throw new TypeError('The body must be a string');
    if (format === 'html' && bodyType() === 'text')
      throw new Error('HTML cannot be written into a plain-text message (check body.getTypeAsync first)');
    if (new TextEncoder().encode(data).length > MAX_BODY_BYTES) throw new RangeError('The body exceeds 1 MB');
    bodySource.value = format === 'text' && bodyType() === 'html' ? `<div>${escapeHtml(data).replace(/\n/g, '<br>')}</div>` : data;
    renderBodyPreview();
    flash(bodySource);
  },
  'customProperties.load': () => ({ ...customProperties }),
  'customProperties.save': (values) => {
    customProperties = { ...values };
    customPropertiesView.textContent = JSON.stringify(customProperties, null, 2);
    flash(customPropertiesView);
  },
  'auth.token': async () => (await sessions.get(currentUpn)).accessToken,
  naa: async (json) => {
    const request = parseNaaRequest(json);
    if (!request) throw new TypeError('Not a nested app auth request');
    logActivity(hostLog, `NAA ${request.method}`);
    return answerNaaRequest(request, () => sessions.get(currentUpn));
  },
};

function describe(request: DevOfficeRequest): string {
  const shown = request.params.map((param) => {
    const text = typeof param === 'string' ? param : JSON.stringify(param);
    return text.length > 80 ? `${text.slice(0, 77)}…` : text;
  });
  return `${request.method}(${shown.join(', ')})`;
}

async function dispatch(request: DevOfficeRequest): Promise<unknown> {
  const handler = handlers[request.method] as ((...params: unknown[]) => unknown) | undefined;
  if (!handler) throw new Error(`Unknown method ${request.method}`);
  return handler(...request.params);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const source =
    event.source === frame.contentWindow
      ? frame.contentWindow
      : event.source === eventFrame.contentWindow
        ? eventFrame.contentWindow
        : null;
  if (!source || event.origin !== window.location.origin) return;
  if (source === eventFrame.contentWindow && isEventMessage(event.data, 'eventCompleted')) {
    eventCompletions.get(event.data.id)?.(event.data.options);
    return;
  }
  if (!isChannelMessage(event.data, 'request')) return;
  const request = event.data;
  if (request.method !== 'naa')
    logActivity(hostLog, `${source === eventFrame.contentWindow ? '[event runtime] ' : ''}${describe(request)}`);
  const respond = (body: { ok: boolean; result?: unknown; error?: { name: string; message: string } }): void =>
    source.postMessage({ channel: DEV_OFFICE_CHANNEL, kind: 'response', id: request.id, ...body }, window.location.origin);
  dispatch(request).then(
    (result) => respond({ ok: true, result }),
    (error: unknown) => {
      const failure = error instanceof Error ? error : new Error(String(error));
      logActivity(hostLog, `✗ ${request.method}: ${failure.message}`);
      respond({ ok: false, error: { name: failure.name, message: failure.message } });
    },
  );
});

const eventCompletions = new Map<number, (options: Record<string, unknown>) => void>();
let nextEventId = 1;

/** Runs `OnMessageSend` in the event runtime frame; resolves with what the handler completed (allow on timeout, as Outlook does for these send modes). */
function fireOnMessageSend(): Promise<Record<string, unknown>> {
  const id = nextEventId++;
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => finish({ allowEvent: true, unavailable: 'The handler did not complete in time' }),
      SEND_EVENT_TIMEOUT_MS,
    );
    function finish(options: Record<string, unknown>): void {
      clearTimeout(timer);
      eventCompletions.delete(id);
      resolve(options);
    }
    eventCompletions.set(id, finish);
    eventFrame.contentWindow?.postMessage(
      { channel: DEV_OFFICE_CHANNEL, kind: 'event', id, actionId: SEND_HANDLER_ACTION_ID, type: 'OnMessageSend' },
      window.location.origin,
    );
  });
}

/** Asks as a Smart Alerts dialog does; resolves true for "Send anyway". */
function askUser(message: string, canSendAnyway: boolean): Promise<boolean> {
  alertMessage.textContent = message;
  sendAnywayButton.hidden = !canSendAnyway;
  alertDialog.showModal();
  return new Promise((resolve) => {
    alertDialog.addEventListener('close', () => resolve(alertDialog.returnValue === 'send'), { once: true });
  });
}

/** Hands the message to the demo's Exchange (the Graph stand-in's Sent Items), with its custom properties as saved. */
async function deliver(): Promise<void> {
  const address = (list: RecipientDetails[]) => list.map((recipient) => ({ name: recipient.displayName, address: recipient.emailAddress }));
  try {
    const response = await fetch('/dev/mail/sent', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        from: currentUpn,
        subject: subjectField.value,
        body: bodySource.value,
        bodyType: bodyType(),
        to: address(parseRecipients(toField.value)),
        cc: address(parseRecipients(ccField.value)),
        customProperties,
      }),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const sent = (await response.json()) as { sentDateTime: string };
    logActivity(hostLog, `Delivered to Sent Items at ${sent.sentDateTime}`);
  } catch (error) {
    logActivity(hostLog, `✗ Could not deliver to Sent Items: ${String(error)}`);
  }
}

async function markSent(): Promise<void> {
  await deliver();
  sendState.textContent = `Sent ${new Date().toLocaleTimeString()}`;
  sendState.dataset.state = 'sent';
  sendButton.disabled = true;
  logActivity(hostLog, 'Message sent');
}

async function send(): Promise<void> {
  sendButton.disabled = true;
  sendState.textContent = 'Sending…';
  sendState.dataset.state = 'sending';
  logActivity(hostLog, 'OnMessageSend fired');
  const outcome = await fireOnMessageSend();
  logActivity(hostLog, `OnMessageSend completed ${JSON.stringify(outcome)}`);
  if (outcome.allowEvent !== false) return markSent();
  const mode = typeof outcome.sendModeOverride === 'string' ? outcome.sendModeOverride : MANIFEST_SEND_MODE;
  const message = typeof outcome.errorMessage === 'string' ? outcome.errorMessage : 'The add-in asks you to check this message.';
  if (await askUser(message, mode === 'promptUser')) return markSent();
  sendState.textContent = 'Not sent';
  sendState.dataset.state = 'draft';
  sendButton.disabled = false;
}

sendButton.addEventListener('click', () => void send());
dontSendButton.addEventListener('click', () => alertDialog.close('cancel'));
sendAnywayButton.addEventListener('click', () => alertDialog.close('send'));

function newMessage(): void {
  const user = currentUser();
  fromLabel.textContent = user ? `${user.name} <${user.upn}>` : currentUpn;
  const manager = users.find((candidate) => candidate.upn === user?.managerUpn);
  toField.value = manager ? formatRecipients([{ displayName: manager.name, emailAddress: manager.upn, recipientType: 'user' }]) : '';
  ccField.value = '';
  subjectField.value = '';
  bodySource.value = '';
  bcc.length = 0;
  customProperties = {};
  customPropertiesView.textContent = '{}';
  renderBodyPreview();
  const mode = params.get('mode') === 'read' ? '&mode=read' : '';
  history.replaceState(null, '', `${window.location.pathname}?user=${encodeURIComponent(currentUpn)}${mode}`);
  frame.src = '/addin/';
  eventFrame.src = '/addin/events.html';
  sendButton.disabled = false;
  sendState.textContent = '';
  sendState.dataset.state = 'draft';
}

bodySource.addEventListener('input', renderBodyPreview);
bodyTypeField.addEventListener('change', renderBodyPreview);
userPicker.addEventListener('change', () => {
  currentUpn = userPicker.value;
  newMessage();
});

fetchDemoUsers().then(
  (list) => {
    users = list;
    if (!users.some((user) => user.upn === currentUpn)) currentUpn = users[0]?.upn ?? '';
    fillUserPicker(userPicker, users, currentUpn);
    newMessage();
  },
  (error: unknown) => logActivity(hostLog, `Could not list demo users: ${String(error)}`),
);
