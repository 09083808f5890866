interface Entry<T> {
  value: T | undefined;
  /** False when the last load failed (the entry then only says "do not ask again yet"). */
  ok: boolean;
  expiresAt: number;
  pending: Promise<void> | null;
}

/** Options of {@link StaleWhileRevalidateCache}. */
export interface CacheOptions {
  /** How long a loaded value is fresh. */
  ttlMs: number;
  /** How long a failed load keeps the key from being loaded again. */
  failureTtlMs: number;
  /** Most keys kept; the oldest are dropped first. */
  maxEntries: number;
  /** Called when a load fails. */
  onError?: (key: string, error: unknown) => void;
  clock?: () => number;
}

/**
 * An in-memory cache that never makes a caller wait longer than it asks: a fresh value is answered at
 * once, a stale one is answered at once while it is reloaded in the background, and a missing one is
 * waited for at most `waitMs` (the load then finishes into the cache for the next caller).
 */
export class StaleWhileRevalidateCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly clock: () => number;

  constructor(private readonly options: CacheOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /** The value for `key`, loading it when it is stale or missing; undefined when it is not known in time or failed. */
  async get(key: string, load: () => Promise<T>, waitMs: number): Promise<T | undefined> {
    const now = this.clock();
    let entry = this.entries.get(key);
    if (entry && entry.expiresAt > now) return entry.ok ? entry.value : undefined;
    if (!entry) {
      entry = { value: undefined, ok: false, expiresAt: 0, pending: null };
      this.entries.set(key, entry);
      this.evict();
    }
    const target = entry;
    if (!target.pending) {
      target.pending = load().then(
        (value) => {
          target.value = value;
          target.ok = true;
          target.expiresAt = this.clock() + this.options.ttlMs;
          target.pending = null;
        },
        (error: unknown) => {
          // A stale value stays usable after a failed reload; the key is only retried after the failure TTL.
          target.expiresAt = this.clock() + this.options.failureTtlMs;
          target.pending = null;
          this.options.onError?.(key, error);
        },
      );
    }
    if (target.ok) return target.value;
    const pending = target.pending;
    if (pending) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([pending, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
      clearTimeout(timer);
    }
    return target.ok ? target.value : undefined;
  }

  /** Forgets every key. */
  clear(): void {
    this.entries.clear();
  }

  private evict(): void {
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) return;
      this.entries.delete(oldest);
    }
  }
}
