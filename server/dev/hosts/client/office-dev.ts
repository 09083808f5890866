/// <reference lib="dom" />
import {
  DEV_OFFICE_CHANNEL,
  isChannelMessage,
  isEventMessage,
  type BodyFormat,
  type DevOfficeHello,
  type DevOfficeMethod,
  type DevOfficeMethods,
  type RecipientField,
  type RecipientInput,
} from './dev-office-protocol.js';

/*
 * An Office.js stand-in for the task pane and the event runtime inside /dev/outlook: a global `Office` with the
 * mailbox compose surface the add-in uses, answered by the parent page over postMessage, and
 * the `nestedAppAuthBridge` Outlook offers to msal-browser. Loaded where the add-in HTML would
 * load office.js from Microsoft's CDN.
 */

type AsyncStatus = 'succeeded' | 'failed';

interface AsyncResult<T> {
  status: AsyncStatus;
  value: T;
  error?: { name: string; message: string; code: number };
  asyncContext?: unknown;
}

type AsyncCallback<T> = (result: AsyncResult<T>) => void;

const HELLO_TIMEOUT_MS = 1500;
/** Outlook on the web and new Outlook run at most this many async calls of an add-in at once. */
const MAX_CONCURRENT_ASYNC_CALLS = 3;

const CoercionType = { Html: 'html', Text: 'text' } as const;
const AsyncResultStatus = { Succeeded: 'succeeded', Failed: 'failed' } as const;

let nextRequestId = 1;
const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
const framed = window.parent !== window;

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (event.source !== window.parent || event.origin !== window.location.origin) return;
  if (!isChannelMessage(event.data, 'response')) return;
  const waiting = pending.get(event.data.id);
  if (!waiting) return;
  pending.delete(event.data.id);
  if (event.data.ok) waiting.resolve(event.data.result);
  else waiting.reject(Object.assign(new Error(event.data.error?.message ?? 'Host error'), { name: event.data.error?.name ?? 'HostError' }));
});

function call<M extends DevOfficeMethod>(method: M, ...params: DevOfficeMethods[M][0]): Promise<DevOfficeMethods[M][1]> {
  return new Promise((resolve, reject) => {
    const id = nextRequestId++;
    pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    window.parent.postMessage({ channel: DEV_OFFICE_CHANNEL, kind: 'request', id, method, params }, window.location.origin);
  });
}

function splitArguments(rest: unknown[]): { options: Record<string, unknown>; callback?: AsyncCallback<never> } {
  let options: Record<string, unknown> = {};
  let callback: AsyncCallback<never> | undefined;
  for (const argument of rest) {
    if (typeof argument === 'function') callback = argument as AsyncCallback<never>;
    else if (typeof argument === 'object' && argument !== null) options = argument as Record<string, unknown>;
  }
  return { options, callback };
}

let asyncCallsInFlight = 0;

/** Runs one Office-style async operation and reports it through the callback, as Office does. */
function runAsync<T>(rest: unknown[], operation: (options: Record<string, unknown>) => Promise<T>): void {
  const { options, callback } = splitArguments(rest);
  const report = callback as AsyncCallback<T> | undefined;
  const asyncContext = options.asyncContext;
  if (asyncCallsInFlight >= MAX_CONCURRENT_ASYNC_CALLS) {
    const error = {
      name: 'TooManyAsyncCalls',
      message: 'Outlook allows at most 3 async calls at once; call one after another.',
      code: 9041,
    };
    setTimeout(() => report?.({ status: AsyncResultStatus.Failed, value: undefined as T, error, asyncContext }));
    return;
  }
  asyncCallsInFlight++;
  operation(options).then(
    (value) => {
      asyncCallsInFlight--;
      report?.({ status: AsyncResultStatus.Succeeded, value, asyncContext });
    },
    (failure: unknown) => {
      asyncCallsInFlight--;
      const error = failure instanceof Error ? failure : new Error(String(failure));
      report?.({
        status: AsyncResultStatus.Failed,
        value: undefined as T,
        error: { name: error.name, message: error.message, code: 9000 },
        asyncContext,
      });
    },
  );
}

function recipients(field: RecipientField) {
  return {
    getAsync: (...rest: unknown[]) => runAsync(rest, () => call('recipients.get', field)),
    setAsync: (list: RecipientInput[], ...rest: unknown[]) => runAsync(rest, () => call('recipients.set', field, list)),
    addAsync: (list: RecipientInput[], ...rest: unknown[]) => runAsync(rest, () => call('recipients.add', field, list)),
  };
}

function bodyFormat(value: unknown): BodyFormat {
  return value === CoercionType.Html ? 'html' : 'text';
}

class CustomProperties {
  constructor(private readonly values: Record<string, unknown>) {}
  get(name: string): unknown {
    return this.values[name];
  }
  set(name: string, value: unknown): void {
    this.values[name] = value;
  }
  remove(name: string): void {
    delete this.values[name];
  }
  getAll(): Record<string, unknown> {
    return { ...this.values };
  }
  saveAsync(...rest: unknown[]): void {
    runAsync(rest, () => call('customProperties.save', { ...this.values }));
  }
}

function createComposeItem() {
  return {
    itemType: 'message',
    subject: {
      getAsync: (...rest: unknown[]) => runAsync(rest, () => call('subject.get')),
      setAsync: (subject: string, ...rest: unknown[]) => runAsync(rest, () => call('subject.set', subject)),
    },
    to: recipients('to'),
    cc: recipients('cc'),
    bcc: recipients('bcc'),
    body: {
      getTypeAsync: (...rest: unknown[]) => runAsync(rest, () => call('body.getType')),
      getAsync: (coercionType: string, ...rest: unknown[]) => runAsync(rest, () => call('body.get', bodyFormat(coercionType))),
      setAsync: (data: string, ...rest: unknown[]) => runAsync(rest, (options) => call('body.set', data, bodyFormat(options.coercionType))),
    },
    loadCustomPropertiesAsync: (callback: AsyncCallback<CustomProperties>, userContext?: unknown) =>
      runAsync([callback, { asyncContext: userContext }], async () => new CustomProperties(await call('customProperties.load'))),
  };
}

function versionAtLeast(actual: string, wanted: string): boolean {
  const have = actual.split('.').map(Number);
  const want = wanted.split('.').map(Number);
  for (let index = 0; index < Math.max(have.length, want.length); index++) {
    const difference = (have[index] ?? 0) - (want[index] ?? 0);
    if (difference !== 0) return difference > 0;
  }
  return true;
}

type NaaListener = (response: string) => void;

function installNestedAppAuthBridge(): void {
  const listeners = new Set<NaaListener>();
  Object.defineProperty(window, 'nestedAppAuthBridge', {
    configurable: true,
    value: {
      addEventListener: (type: string, listener: NaaListener) => type === 'message' && listeners.add(listener),
      removeEventListener: (type: string, listener: NaaListener) => type === 'message' && listeners.delete(listener),
      postMessage: (request: string) => {
        call('naa', request).then(
          (response) => listeners.forEach((listener) => listener(response)),
          () => undefined,
        );
      },
    },
  });
}

const context: {
  host: string | null;
  platform: string | null;
  displayLanguage: string;
  diagnostics: { host: string; platform: string; version: string };
  requirements: { isSetSupported(name: string, minVersion?: string): boolean };
  mailbox?: {
    item: ReturnType<typeof createComposeItem> | { itemType: string; subject: string };
    userProfile: { displayName: string; emailAddress: string; timeZone: string };
    diagnostics: { hostName: string; hostVersion: string };
  };
} = {
  host: null,
  platform: null,
  displayLanguage: navigator.language,
  diagnostics: { host: 'Outlook', platform: 'OfficeOnline', version: 'dev' },
  requirements: { isSetSupported: () => false },
};

function connect(): Promise<DevOfficeHello | undefined> {
  if (!framed) return Promise.resolve(undefined);
  return Promise.race([
    call('hello').catch(() => undefined),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), HELLO_TIMEOUT_MS)),
  ]);
}

const ready = connect().then((hello) => {
  if (hello) {
    context.host = 'Outlook';
    context.platform = 'OfficeOnline';
    context.requirements = {
      isSetSupported: (name, minVersion = '1.1') => {
        const supported = hello.requirementSets[name];
        return supported !== undefined && versionAtLeast(supported, minVersion);
      },
    };
    context.mailbox = {
      item: hello.mode === 'read' ? { itemType: 'message', subject: 'A received message' } : createComposeItem(),
      userProfile: { ...hello.user, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone },
      diagnostics: { hostName: 'OutlookWebApp', hostVersion: 'dev' },
    };
    installNestedAppAuthBridge();
  }
  const info = { host: context.host, platform: context.platform };
  if (typeof office.initialize === 'function') office.initialize('inserted');
  return info;
});

type ActionHandler = (event: unknown) => void;
const actionHandlers = new Map<string, ActionHandler>();
const HANDLER_WAIT_MS = 5000;

async function handlerFor(actionId: string): Promise<ActionHandler | undefined> {
  const deadline = Date.now() + HANDLER_WAIT_MS;
  while (!actionHandlers.has(actionId) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  return actionHandlers.get(actionId);
}

/** Runs an event the host dispatches (its Send button fires `OnMessageSend`) and reports `event.completed`. */
window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (event.source !== window.parent || event.origin !== window.location.origin) return;
  if (!isEventMessage(event.data, 'event')) return;
  const { id, actionId, type } = event.data;
  let reported = false;
  const complete = (options: Record<string, unknown> = {}): void => {
    if (reported) return;
    reported = true;
    window.parent.postMessage({ channel: DEV_OFFICE_CHANNEL, kind: 'eventCompleted', id, options }, window.location.origin);
  };
  void ready.then(async () => {
    const handler = await handlerFor(actionId);
    if (!handler) return complete({ allowEvent: true, unavailable: `No handler is associated with ${actionId}` });
    try {
      handler({ type, completed: complete });
    } catch (error) {
      complete({ allowEvent: true, unavailable: error instanceof Error ? error.message : String(error) });
    }
  });
});

/** `OfficeRuntime.auth`: Office single sign-on, answered by the host with the picked user's token. */
Object.defineProperty(window, 'OfficeRuntime', {
  configurable: true,
  writable: true,
  value: {
    auth: {
      getAccessToken: async () => {
        await ready;
        return call('auth.token');
      },
    },
  },
});

const office = {
  CoercionType,
  AsyncResultStatus,
  HostType: { Outlook: 'Outlook' },
  PlatformType: { OfficeOnline: 'OfficeOnline' },
  MailboxEnums: {
    ItemType: { Message: 'message', Appointment: 'appointment' },
    RecipientType: { User: 'user', ExternalUser: 'externalUser', Other: 'other' },
    SendModeOverride: { PromptUser: 'promptUser' },
  },
  actions: {
    associate(actionId: string, handler: ActionHandler): void {
      actionHandlers.set(actionId, handler);
    },
  },
  context,
  initialize: undefined as ((reason: string) => void) | undefined,
  onReady(callback?: (info: { host: string | null; platform: string | null }) => void) {
    return ready.then((info) => {
      callback?.(info);
      return info;
    });
  },
};

Object.defineProperty(window, 'Office', { configurable: true, writable: true, value: office });
