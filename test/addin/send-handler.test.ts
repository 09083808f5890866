import { OfficeMockObject } from 'office-addin-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decideOnSend, NO_PRIORITIES_MESSAGE, onMessageSendHandler } from '../../addin/src/events/onMessageSend.js';
import { WEEKLY_TAG_PROPERTY } from '../../addin/src/host/office.js';

type Callback = (result: { status: string; value?: unknown; error?: { message: string } }) => void;

/** An Outlook item in compose mode whose custom properties hold `properties`. */
function outlookWith(properties: Record<string, unknown>, loadFails = false) {
  return new OfficeMockObject({
    host: 'outlook',
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    MailboxEnums: { SendModeOverride: { PromptUser: 'promptUser' } },
    context: {
      requirements: { isSetSupported: (name: string) => name === 'Mailbox' },
      mailbox: {
        item: {
          subject: { setAsync: () => undefined },
          loadCustomPropertiesAsync: (callback: Callback) =>
            setTimeout(() =>
              callback(
                loadFails
                  ? { status: 'failed', error: { message: 'no access' } }
                  : { status: 'succeeded', value: { get: (name: string) => properties[name] } },
              ),
            ),
        },
      },
    },
  });
}

const tagged = (priorities: number) => ({
  [WEEKLY_TAG_PROPERTY]: JSON.stringify({ reportId: 'u1:2026-W12', isoWeek: '2026-W12', priorities, apiOrigin: 'https://ns.example' }),
});

afterEach(() => {
  delete (globalThis as { Office?: unknown }).Office;
  vi.unstubAllGlobals();
});

describe('the OnMessageSend handler', () => {
  it('lets untagged mail go without calling the service', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    (globalThis as { Office?: unknown }).Office = outlookWith({});
    await expect(decideOnSend(() => Promise.resolve('t'))).resolves.toEqual({ allowEvent: true });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('marks the tagged report sent with the bearer token and lets the mail go', async () => {
    const fetchMock = vi.fn(() => Promise.resolve(new Response('{}', { status: 200 })));
    vi.stubGlobal('fetch', fetchMock);
    (globalThis as { Office?: unknown }).Office = outlookWith(tagged(2));
    await expect(decideOnSend(() => Promise.resolve('token-9'))).resolves.toEqual({ allowEvent: true });
    expect(fetchMock).toHaveBeenCalledWith('https://ns.example/api/weekly/2026-W12/sent', {
      method: 'POST',
      headers: { accept: 'application/json', authorization: 'Bearer token-9' },
    });
  });

  it('never blocks when the service is down, answers an error or no token can be had', async () => {
    (globalThis as { Office?: unknown }).Office = outlookWith(tagged(1));
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(decideOnSend(() => Promise.resolve('t'))).resolves.toEqual({ allowEvent: true });
    vi.stubGlobal('fetch', () => Promise.resolve(new Response('', { status: 503 })));
    await expect(decideOnSend(() => Promise.resolve('t'))).resolves.toEqual({ allowEvent: true });
    await expect(decideOnSend(() => Promise.reject(new Error('no SSO')))).resolves.toEqual({ allowEvent: true });
    (globalThis as { Office?: unknown }).Office = outlookWith({}, true);
    await expect(decideOnSend(() => Promise.resolve('t'))).resolves.toEqual({ allowEvent: true });
  });

  it('gives up waiting for a hanging service and lets the mail go', async () => {
    vi.useFakeTimers();
    try {
      (globalThis as { Office?: unknown }).Office = outlookWith(tagged(1));
      vi.stubGlobal('fetch', () => new Promise(() => undefined));
      const outcome = decideOnSend(() => Promise.resolve('t'));
      await vi.advanceTimersByTimeAsync(6000);
      await expect(outcome).resolves.toEqual({ allowEvent: true });
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks the user (send anyway?) when the inserted mail has no priorities, and records only the attempt', async () => {
    const fetchMock = vi.fn((_url: string, _init?: RequestInit) => Promise.resolve(new Response('{}', { status: 200 })));
    vi.stubGlobal('fetch', fetchMock);
    (globalThis as { Office?: unknown }).Office = outlookWith(tagged(0));
    await expect(decideOnSend(() => Promise.resolve('t'))).resolves.toEqual({
      allowEvent: false,
      errorMessage: NO_PRIORITIES_MESSAGE,
      promptUser: true,
    });
    expect(fetchMock.mock.calls.map(([url, init]) => `${init?.method ?? 'GET'} ${url}`)).toEqual([
      expect.stringMatching(/^POST .*\/api\/weekly\/[^/]+\/send-attempt$/),
    ]);
  });

  it('always completes the event, with the prompt override where supported', async () => {
    const fetchMock = vi.fn((_url: string, _init?: RequestInit) => Promise.resolve(new Response('{}', { status: 200 })));
    vi.stubGlobal('fetch', fetchMock);
    (globalThis as { Office?: unknown }).Office = outlookWith(tagged(0));
    (globalThis as { OfficeRuntime?: unknown }).OfficeRuntime = { auth: { getAccessToken: () => Promise.resolve('t') } };
    const completed = await new Promise((resolve) =>
      onMessageSendHandler({ completed: resolve } as unknown as Parameters<typeof onMessageSendHandler>[0]),
    );
    expect(completed).toEqual({ allowEvent: false, errorMessage: NO_PRIORITIES_MESSAGE, sendModeOverride: 'promptUser' });
    expect(fetchMock.mock.calls.filter(([url]) => String(url).endsWith('/sent'))).toEqual([]);
    delete (globalThis as { OfficeRuntime?: unknown }).OfficeRuntime;
  });
});
