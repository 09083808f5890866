import { OfficeMockObject } from 'office-addin-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  completeEvent,
  eventRuntimeToken,
  getSubject,
  insertMail,
  isComposeMode,
  isNestedAppAuthSupported,
  MAX_SUBJECT_LENGTH,
  OfficeHostError,
  parseTag,
  readTag,
  setSubject,
  tagItem,
  WEEKLY_TAG_PROPERTY,
  whenOfficeReady,
  type ComposeMail,
} from '../../addin/src/host/office.js';

interface AsyncResultLike {
  status: 'succeeded' | 'failed';
  value?: unknown;
  error?: { message: string };
}
type Callback = (result: AsyncResultLike) => void;

/** The state of a mocked message being composed, and a log of the host calls made on it. */
interface ComposeState {
  subject: string;
  to: unknown[];
  cc: unknown[];
  body: string;
  bodyType: 'html' | 'text';
  bodyCoercion?: string;
  properties: Record<string, unknown>;
  calls: string[];
  inFlight: number;
  maxInFlight: number;
  /** Calls whose name is listed here fail with this message. */
  failing: Record<string, string>;
}

function composeState(overrides: Partial<ComposeState> = {}): ComposeState {
  return {
    subject: 'Draft',
    to: [],
    cc: [],
    body: '',
    bodyType: 'html',
    properties: {},
    calls: [],
    inFlight: 0,
    maxInFlight: 0,
    failing: {},
    ...overrides,
  };
}

/** A compose-mode Outlook (Office-like global built with office-addin-mock) whose item lives in `state`. */
function outlookCompose(state: ComposeState, requirementSets: Record<string, string> = { NestedAppAuth: '1.1', Mailbox: '1.14' }) {
  const op =
    (name: string, apply: () => unknown = () => undefined) =>
    (callback: Callback) => {
      state.calls.push(name);
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      setTimeout(() => {
        state.inFlight--;
        const failure = state.failing[name];
        callback(failure ? { status: 'failed', error: { message: failure } } : { status: 'succeeded', value: apply() });
      }, 2);
    };
  const lastCallback = (args: unknown[]) => args.find((arg): arg is Callback => typeof arg === 'function')!;
  return new OfficeMockObject({
    host: 'outlook',
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    CoercionType: { Html: 'html', Text: 'text' },
    MailboxEnums: { SendModeOverride: { PromptUser: 'promptUser' } },
    onReady: () => Promise.resolve({ host: 'Outlook', platform: 'OfficeOnline' }),
    context: {
      requirements: {
        isSetSupported: (name: string, version: string) => requirementSets[name] !== undefined && atLeast(requirementSets[name], version),
      },
      mailbox: {
        item: {
          subject: {
            getAsync: (callback: Callback) => op('subject.get', () => state.subject)(callback),
            setAsync: (value: string, callback: Callback) =>
              op('subject.set', () => {
                if (!state.failing['subject.set']) state.subject = value;
              })(callback),
          },
          to: { setAsync: (list: unknown[], callback: Callback) => op('to.set', () => (state.to = list))(callback) },
          cc: { setAsync: (list: unknown[], callback: Callback) => op('cc.set', () => (state.cc = list))(callback) },
          body: {
            getTypeAsync: (callback: Callback) => op('body.getType', () => state.bodyType)(callback),
            setAsync: (data: string, ...rest: unknown[]) => {
              const options = rest.find((arg) => typeof arg === 'object') as { coercionType?: string } | undefined;
              op('body.set', () => {
                state.body = data;
                state.bodyCoercion = options?.coercionType;
              })(lastCallback(rest));
            },
          },
          loadCustomPropertiesAsync: (callback: Callback) =>
            op('customProperties.load', () => ({
              get: (name: string) => state.properties[name],
              set: (name: string, value: unknown) => (state.properties[name] = value),
              saveAsync: (done: Callback) => op('customProperties.save')(done),
            }))(callback),
        },
      },
    },
  });
}

/** Compares dotted versions part by part (1.14 is newer than 1.3). */
function atLeast(have: string, want: string): boolean {
  const [a, b] = [have.split('.').map(Number), want.split('.').map(Number)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

function installOffice(mock: unknown): void {
  (globalThis as { Office?: unknown }).Office = mock;
}

const readMode = () => new OfficeMockObject({ host: 'outlook', context: { mailbox: { item: { subject: 'A received message' } } } });

const tag = { reportId: 'u1:2026-W12', isoWeek: '2026-W12', priorities: 2, apiOrigin: 'https://northstar.example.com' };
const mail = (overrides: Partial<ComposeMail> = {}): ComposeMail => ({
  subject: 'Weekly OKRs — 2026-W12 — Ava Chen',
  to: [{ displayName: 'Lee Manager', emailAddress: 'lee@northstar.demo' }],
  cc: [{ displayName: 'Sam Team', emailAddress: 'sam@northstar.demo' }],
  html: '<table><tr><td>&lt;script&gt;</td></tr></table>',
  text: 'plain text version',
  tag,
  ...overrides,
});

afterEach(() => {
  delete (globalThis as { Office?: unknown }).Office;
  delete (globalThis as { OfficeRuntime?: unknown }).OfficeRuntime;
});

describe('the Office adapter', () => {
  it('reports the host once Office is ready, and nulls without Office.js', async () => {
    await expect(whenOfficeReady()).resolves.toEqual({ host: null, platform: null });
    installOffice(outlookCompose(composeState()));
    await expect(whenOfficeReady()).resolves.toEqual({ host: 'Outlook', platform: 'OfficeOnline' });
  });

  it('offers nested app authentication only where the NestedAppAuth 1.1 set is supported', () => {
    expect(isNestedAppAuthSupported()).toBe(false);
    installOffice(outlookCompose(composeState()));
    expect(isNestedAppAuthSupported()).toBe(true);
    installOffice(outlookCompose(composeState(), { Mailbox: '1.14' }));
    expect(isNestedAppAuthSupported()).toBe(false);
  });

  it('tells compose mode from read mode', () => {
    expect(isComposeMode()).toBe(false);
    installOffice(outlookCompose(composeState()));
    expect(isComposeMode()).toBe(true);
    installOffice(readMode());
    expect(isComposeMode()).toBe(false);
  });

  it('reads and writes the subject, refusing one longer than Outlook allows without calling the host', async () => {
    const state = composeState();
    installOffice(outlookCompose(state));
    await expect(getSubject()).resolves.toBe('Draft');
    await expect(setSubject('x'.repeat(MAX_SUBJECT_LENGTH + 1))).rejects.toThrow(RangeError);
    expect(state.calls).toEqual(['subject.get']);
    await setSubject('Weekly OKRs — week 12');
    expect(state.subject).toBe('Weekly OKRs — week 12');
  });

  it('turns a failed async result into a rejected promise', async () => {
    installOffice(
      outlookCompose(composeState({ failing: { 'subject.get': 'The item was closed', 'subject.set': 'The item was closed' } })),
    );
    await expect(getSubject()).rejects.toThrow('The item was closed');
    await expect(setSubject('New')).rejects.toMatchObject({ reason: 'host-error', message: 'The item was closed' });
  });

  it('inserts subject, To, Cc, HTML body and tag one call after another, checking the body type first', async () => {
    const state = composeState();
    installOffice(outlookCompose(state));
    await expect(insertMail(mail())).resolves.toEqual({ bodyFormat: 'html' });
    expect(state.calls).toEqual([
      'subject.set',
      'to.set',
      'cc.set',
      'body.getType',
      'body.set',
      'customProperties.load',
      'customProperties.save',
    ]);
    expect(state.maxInFlight).toBe(1);
    expect(state.subject).toBe('Weekly OKRs — 2026-W12 — Ava Chen');
    expect(state.to).toEqual([{ displayName: 'Lee Manager', emailAddress: 'lee@northstar.demo' }]);
    expect(state.cc).toEqual([{ displayName: 'Sam Team', emailAddress: 'sam@northstar.demo' }]);
    expect(state.body).toBe('<table><tr><td>&lt;script&gt;</td></tr></table>');
    expect(state.bodyCoercion).toBe('html');
    expect(parseTag(state.properties[WEEKLY_TAG_PROPERTY])).toEqual(tag);
  });

  it('leaves To and Cc alone when none are given, and writes plain text into a plain-text message', async () => {
    const state = composeState({ bodyType: 'text', to: ['kept@northstar.demo'] });
    installOffice(outlookCompose(state));
    await expect(insertMail(mail({ to: null, cc: null }))).resolves.toEqual({ bodyFormat: 'text' });
    expect(state.calls).not.toContain('to.set');
    expect(state.calls).not.toContain('cc.set');
    expect(state.to).toEqual(['kept@northstar.demo']);
    expect(state.body).toBe('plain text version');
    expect(state.bodyCoercion).toBe('text');
  });

  it('refuses to insert outside compose mode, on hosts without Mailbox 1.3, and with a bad address, before touching the item', async () => {
    installOffice(readMode());
    await expect(insertMail(mail())).rejects.toMatchObject({ reason: 'not-compose' });

    const old = composeState();
    installOffice(outlookCompose(old, { NestedAppAuth: '1.1', Mailbox: '1.2' }));
    const error: unknown = await insertMail(mail()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OfficeHostError);
    expect(error).toMatchObject({ reason: 'unsupported' });
    expect(old.calls).toEqual([]);

    const state = composeState();
    installOffice(outlookCompose(state));
    await expect(insertMail(mail({ to: [{ displayName: 'No address', emailAddress: 'nobody' }] }))).rejects.toMatchObject({
      reason: 'invalid',
    });
    await expect(insertMail(mail({ subject: 'x'.repeat(MAX_SUBJECT_LENGTH + 1) }))).rejects.toMatchObject({ reason: 'invalid' });
    expect(state.calls).toEqual([]);
  });

  it('stops at the first failing call and does not tag a message whose body was refused', async () => {
    const state = composeState({ failing: { 'body.set': 'HTML cannot be written into a plain-text message' } });
    installOffice(outlookCompose(state));
    await expect(insertMail(mail())).rejects.toThrow('HTML cannot be written into a plain-text message');
    expect(state.calls).toEqual(['subject.set', 'to.set', 'cc.set', 'body.getType', 'body.set']);
    expect(state.properties).toEqual({});
  });

  it('reads back the tag it wrote; untagged or garbled properties read as none', async () => {
    const state = composeState();
    installOffice(outlookCompose(state));
    await expect(readTag()).resolves.toBeNull();
    await tagItem(tag);
    await expect(readTag()).resolves.toEqual(tag);
    state.properties[WEEKLY_TAG_PROPERTY] = '{"reportId": 3';
    await expect(readTag()).resolves.toBeNull();
    state.properties[WEEKLY_TAG_PROPERTY] = JSON.stringify({ reportId: 'x' });
    await expect(readTag()).resolves.toBeNull();
    installOffice(outlookCompose(composeState({ failing: { 'customProperties.save': 'Item is read-only' } })));
    await expect(tagItem(tag)).rejects.toThrow('Item is read-only');
  });

  it('completes events, asking the user only where the host can override the send mode', () => {
    const completed: unknown[] = [];
    const event = { completed: (options?: unknown) => completed.push(options) };
    installOffice(outlookCompose(composeState()));
    completeEvent(event, { allowEvent: true });
    completeEvent(event, { allowEvent: false, errorMessage: 'No priorities', promptUser: true });
    installOffice(outlookCompose(composeState(), { Mailbox: '1.12' }));
    completeEvent(event, { allowEvent: false, errorMessage: 'No priorities', promptUser: true });
    expect(completed).toEqual([
      { allowEvent: true },
      { allowEvent: false, errorMessage: 'No priorities', sendModeOverride: 'promptUser' },
      { allowEvent: false, errorMessage: 'No priorities' },
    ]);
    expect(() =>
      completeEvent(
        {
          completed: () => {
            throw new Error('gone');
          },
        },
        { allowEvent: true },
      ),
    ).not.toThrow();
  });

  it('gets an event-runtime token through Office single sign-on, and says so when the host has none', async () => {
    await expect(eventRuntimeToken()).rejects.toMatchObject({ reason: 'unsupported' });
    (globalThis as { OfficeRuntime?: unknown }).OfficeRuntime = { auth: { getAccessToken: () => Promise.resolve('token-1') } };
    await expect(eventRuntimeToken()).resolves.toBe('token-1');
  });
});
