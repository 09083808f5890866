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
    | 'onboarding-enrol';
  id?: string;
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
]);

/** Reads a route from a sub-page id or hash (`objectives/<id>`, `#/one-on-ones/<personId>`); unknown ones go home. */
export function parseRoute(value: string | undefined): Route {
  const [page = '', id] = (value ?? '').replace(/^#?\/?/, '').split('/');
  if (!PAGES.has(page as Route['page'])) return { page: 'home' };
  return id ? { page: page as Route['page'], id: decodeURIComponent(id) } : { page: page as Route['page'] };
}

/** The sub-page id (and hash without `#/`) of a route. */
export function pathOf(route: Route): string {
  return route.id ? `${route.page}/${encodeURIComponent(route.id)}` : route.page;
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
