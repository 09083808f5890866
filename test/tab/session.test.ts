import { describe, expect, it, vi } from 'vitest';
import { reusingTokens } from '../../tab/src/session.js';

function tokenExpiringAt(secondsSinceEpoch: number): string {
  const payload = Buffer.from(JSON.stringify({ exp: secondsSinceEpoch })).toString('base64url');
  return `header.${payload}.signature`;
}

describe('token reuse', () => {
  it('asks the host once for concurrent requests and reuses the token until a minute before it expires', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const inner = { getAccessToken: vi.fn(() => Promise.resolve(tokenExpiringAt(1_000 + 3600))) };
      const tokens = reusingTokens(inner);
      const [first, second] = await Promise.all([tokens.getAccessToken(), tokens.getAccessToken()]);
      expect(first).toBe(second);
      expect(inner.getAccessToken).toHaveBeenCalledTimes(1);

      vi.setSystemTime(1_000_000 + 3_530_000);
      await tokens.getAccessToken();
      expect(inner.getAccessToken).toHaveBeenCalledTimes(1);
      vi.setSystemTime(1_000_000 + 3_545_000);
      await tokens.getAccessToken();
      expect(inner.getAccessToken).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks again after a failure', async () => {
    const inner = {
      getAccessToken: vi
        .fn()
        .mockRejectedValueOnce(new Error('consent needed'))
        .mockResolvedValue(tokenExpiringAt(Date.now() / 1000 + 3600)),
    };
    const tokens = reusingTokens(inner);
    await expect(tokens.getAccessToken()).rejects.toThrow('consent needed');
    await Promise.resolve();
    await expect(tokens.getAccessToken()).resolves.toContain('header.');
    expect(inner.getAccessToken).toHaveBeenCalledTimes(2);
  });
});
