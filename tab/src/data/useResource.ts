import { useCallback, useEffect, useRef, useState } from 'react';

/** A value loaded from the API: loading, ready with data, or failed. */
export type Resource<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'ready'; data: T; error?: undefined }
  | { status: 'error'; data?: undefined; error: Error };

/** Loads `load()` whenever `key` changes; `reload` loads again, `replace` swaps in new data (after a save). */
export function useResource<T>(load: () => Promise<T>, key: string): Resource<T> & { reload(): void; replace(data: T): void } {
  const [resource, setResource] = useState<Resource<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let active = true;
    setResource({ status: 'loading' });
    loadRef.current().then(
      (data) => active && setResource({ status: 'ready', data }),
      (error: unknown) => active && setResource({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      active = false;
    };
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const replace = useCallback((data: T) => setResource({ status: 'ready', data }), []);
  return { ...resource, reload, replace };
}

/** Runs `worker` over `items` with at most `limit` at once, keeping the order of results. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, worker: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await worker(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return results;
}
