import { useEffect, useState } from 'react';

/** A parsed tab route: the page and its optional id, from `#/<page>/<id>`. */
export interface Route {
  page:
    | 'home'
    | 'team'
    | 'alignment'
    | 'one-on-ones'
    | 'weekly'
    | 'objectives'
    | 'onboarding'
    | 'onboarding-review'
    | 'new-hires'
    | 'onboarding-enrol'
    | 'team-rituals'
    | 'proposals';
  id?: string;
  /** A part of the page (e.g. the section of `team-rituals/<teamId>/<section>`). */
  sub?: string;
}

const PAGES = new Set<Route['page']>([
  'home',
  'team',
  'alignment',
  'one-on-ones',
  'weekly',
  'objectives',
  'onboarding',
  'onboarding-review',
  'new-hires',
  'onboarding-enrol',
  'team-rituals',
  'proposals',
]);

/** Reads a route from a sub-page id or hash (`objectives/<id>`, `#/one-on-ones/<personId>`); unknown ones go home. */
export function parseRoute(value: string | undefined): Route {
  const [page = '', id, sub] = (value ?? '').replace(/^#?\/?/, '').split('/');
  if (!PAGES.has(page as Route['page'])) return { page: 'home' };
  if (!id) return { page: page as Route['page'] };
  const route: Route = { page: page as Route['page'], id: decodeURIComponent(id) };
  return sub ? { ...route, sub: decodeURIComponent(sub) } : route;
}

/** The sub-page id (and hash without `#/`) of a route. */
export function pathOf(route: Route): string {
  if (!route.id) return route.page;
  const path = `${route.page}/${encodeURIComponent(route.id)}`;
  return route.sub ? `${path}/${encodeURIComponent(route.sub)}` : path;
}

/** Moves the tab to a route (a hash change, so the browser's back button works). */
export function navigate(route: Route): void {
  window.location.hash = `#/${pathOf(route)}`;
}

/** The current route; follows hash changes. A Teams deep link's sub-page wins on first load. */
export function useRoute(initialSubPageId?: string): Route {
  const [route, setRoute] = useState<Route>(() => {
    if (initialSubPageId && !window.location.hash) {
      history.replaceState(null, '', `#/${initialSubPageId.replace(/^#?\/?/, '')}`);
    }
    return parseRoute(window.location.hash);
  });
  useEffect(() => {
    const follow = (): void => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return route;
}
