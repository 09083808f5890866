import { OfficeMockObject } from 'office-addin-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  getSubject,
  isComposeMode,
  isNestedAppAuthSupported,
  MAX_SUBJECT_LENGTH,
  setSubject,
  whenOfficeReady,
} from '../../addin/src/host/office.js';

interface AsyncResultLike {
  status: 'succeeded' | 'failed';
  value?: unknown;
  error?: { message: string };
}
type Callback = (result: AsyncResultLike) => void;

/** A compose-mode Outlook whose subject lives in `state`; `failWith` makes every call fail. */
function outlookCompose(
  state: { subject: string; setCalls: number; failWith?: string },
  requirementSets: Record<string, string> = { NestedAppAuth: '1.1' },
) {
  const result = (value?: unknown): AsyncResultLike =>
    state.failWith ? { status: 'failed', error: { message: state.failWith } } : { status: 'succeeded', value };
  return new OfficeMockObject({
    host: 'outlook',
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    onReady: () => Promise.resolve({ host: 'Outlook', platform: 'OfficeOnline' }),
    context: {
      requirements: {
        isSetSupported: (name: string, version: string) =>
          requirementSets[name] !== undefined && Number(requirementSets[name]) >= Number(version),
      },
      mailbox: {
        item: {
          subject: {
            getAsync: (callback: Callback) => setTimeout(() => callback(result(state.subject))),
            setAsync: (value: string, callback: Callback) => {
              state.setCalls++;
              if (!state.failWith) state.subject = value;
              setTimeout(() => callback(result()));
            },
          },
        },
      },
    },
  });
}

function installOffice(mock: unknown): void {
  (globalThis as { Office?: unknown }).Office = mock;
}

afterEach(() => {
  delete (globalThis as { Office?: unknown }).Office;
});

describe('the Office adapter', () => {
  it('reports the host once Office is ready, and nulls without Office.js', async () => {
    await expect(whenOfficeReady()).resolves.toEqual({ host: null, platform: null });
    installOffice(outlookCompose({ subject: '', setCalls: 0 }));
    await expect(whenOfficeReady()).resolves.toEqual({ host: 'Outlook', platform: 'OfficeOnline' });
  });

  it('offers nested app authentication only where the NestedAppAuth 1.1 set is supported', () => {
    expect(isNestedAppAuthSupported()).toBe(false);
    installOffice(outlookCompose({ subject: '', setCalls: 0 }));
    expect(isNestedAppAuthSupported()).toBe(true);
    installOffice(outlookCompose({ subject: '', setCalls: 0 }, { Mailbox: '1.14' }));
    expect(isNestedAppAuthSupported()).toBe(false);
  });

  it('tells compose mode from read mode', () => {
    expect(isComposeMode()).toBe(false);
    installOffice(outlookCompose({ subject: '', setCalls: 0 }));
    expect(isComposeMode()).toBe(true);
    installOffice(new OfficeMockObject({ host: 'outlook', context: { mailbox: { item: { subject: 'A received message' } } } }));
    expect(isComposeMode()).toBe(false);
  });

  it('reads and writes the subject of the message being composed', async () => {
    const state = { subject: 'Draft', setCalls: 0 };
    installOffice(outlookCompose(state));
    await expect(getSubject()).resolves.toBe('Draft');
    await setSubject('Weekly OKRs — week 12');
    expect(state.subject).toBe('Weekly OKRs — week 12');
    await expect(getSubject()).resolves.toBe('Weekly OKRs — week 12');
  });

  it('refuses a subject longer than Outlook allows without calling the host', async () => {
    const state = { subject: 'Draft', setCalls: 0 };
    installOffice(outlookCompose(state));
    await expect(setSubject('x'.repeat(MAX_SUBJECT_LENGTH + 1))).rejects.toThrow(RangeError);
    expect(state.setCalls).toBe(0);
    await setSubject('x'.repeat(MAX_SUBJECT_LENGTH));
    expect(state.subject).toHaveLength(MAX_SUBJECT_LENGTH);
  });

  it('turns a failed async result into a rejected promise', async () => {
    installOffice(outlookCompose({ subject: 'Draft', setCalls: 0, failWith: 'The item was closed' }));
    await expect(getSubject()).rejects.toThrow('The item was closed');
    await expect(setSubject('New')).rejects.toThrow('The item was closed');
  });

  it('refuses subject access outside compose mode', async () => {
    installOffice(new OfficeMockObject({ host: 'outlook', context: { mailbox: { item: { subject: 'A received message' } } } }));
    await expect(getSubject()).rejects.toThrow('No message is being composed');
    await expect(setSubject('New')).rejects.toThrow('No message is being composed');
  });
});
