import { createElement, lazy, type ComponentType } from 'react';

/** A code-split page: its component, and `preload` to fetch its module before it is shown. */
export interface LazyPage<P extends object> {
  Component: ComponentType<P>;
  preload(): Promise<unknown>;
}

/**
 * Like `React.lazy`, but once the module is loaded (e.g. preloaded while signing in) the page renders
 * at once instead of suspending, so React does not hold its content back behind a fallback.
 */
export function lazyPage<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): LazyPage<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<{ default: ComponentType<P> }> | undefined;
  const preload = (): Promise<{ default: ComponentType<P> }> =>
    (pending ??= load().then(
      (module) => {
        loaded = module.default;
        return module;
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    ));
  const Suspending = lazy(preload);
  const Component = (props: P) => createElement((loaded ?? Suspending) as ComponentType<P>, props);
  return { Component, preload };
}
