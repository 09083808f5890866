import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Response, type Router } from 'express';
import { describeSession, type DemoUser } from './demo-session.js';

export type { DemoUser } from './demo-session.js';

/** What the dev hosts need from the demo stack. */
export interface DevHostsDeps {
  listUsers(): DemoUser[];
  /** An access token for our API, issued to the demo user `upn`. */
  issueToken(upn: string): Promise<string>;
}

const hostsDir = path.dirname(fileURLToPath(import.meta.url));
const pagesDir = path.join(hostsDir, 'pages');
/** Output of `tsx server/dev/hosts/build.ts`. */
const bundleDir = path.join(hostsDir, 'dist');

function problem(res: Response, status: number, title: string, detail: string): void {
  res.status(status).type('application/problem+json').json({ type: 'about:blank', title, status, detail });
}

async function sendBundle(res: Response, name: string): Promise<void> {
  const file = path.join(bundleDir, name);
  const script = await readFile(file, 'utf8').catch(() => undefined);
  if (script === undefined) {
    problem(res, 503, 'Dev hosts not built', 'Run `npx tsx server/dev/hosts/build.ts` (part of npm run build).');
    return;
  }
  res.set('Cache-Control', 'no-cache').type('text/javascript').send(script);
}

async function sendPage(res: Response, name: string): Promise<void> {
  res
    .set('Cache-Control', 'no-cache')
    .type('html')
    .send(await readFile(path.join(pagesDir, name), 'utf8'));
}

/**
 * Demo-mode host pages, mounted at `/dev`: `/dev/teams` frames the tab and answers teams-js,
 * `/dev/outlook` frames the add-in beside a compose window; `/dev/office.js` is the
 * Office-compatible script the add-in HTML loads there instead of Microsoft's CDN copy.
 */
export function createDevHostsRouter(deps: DevHostsDeps): Router {
  const router = express.Router();

  router.get('/teams', (_req, res, next) => void sendPage(res, 'teams.html').catch(next));
  router.get('/outlook', (_req, res, next) => void sendPage(res, 'outlook.html').catch(next));
  router.get('/office.js', (_req, res, next) => void sendBundle(res, 'office-dev.js').catch(next));
  router.get('/hosts/:bundle', (req, res, next) => {
    const bundle = req.params.bundle;
    if (bundle !== 'teams-host.js' && bundle !== 'outlook-host.js') return next();
    sendBundle(res, bundle).catch(next);
  });

  router.get('/users', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(deps.listUsers());
  });

  router.post('/session', express.json({ limit: '4kb' }), (req, res, next) => {
    const upn: unknown = (req.body as { upn?: unknown } | undefined)?.upn;
    const user = typeof upn === 'string' ? deps.listUsers().find((candidate) => candidate.upn === upn) : undefined;
    if (!user) return problem(res, 404, 'Unknown demo user', 'Pick one of the users listed at /dev/users.');
    deps.issueToken(user.upn).then((token) => void res.set('Cache-Control', 'no-store').json(describeSession(token, user)), next);
  });

  return router;
}
