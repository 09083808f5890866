import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import { describeSession, type DemoUser } from './demo-session.js';

export type { DemoUser } from './demo-session.js';

/** What the dev hosts need from the demo stack. */
export interface DevHostsDeps {
  listUsers(): DemoUser[];
  /** An access token for our API, issued to the demo user `upn`. */
  issueToken(upn: string): Promise<string>;
  /** Makes a meeting chat in the Graph stand-in with these demo users as its members (the Teams host's meeting mode). */
  createMeeting?(upns: string[]): DevMeeting;
  /** Puts a message the dev Outlook host sent into the sender's Sent Items in the Graph stand-in, as Exchange does. */
  deliverSentMail?(upn: string, mail: DevSentMail): { id: string; sentDateTime: string };
}

const AddressSchema = z.object({ name: z.string().max(256), address: z.string().min(3).max(320) }).strict();
const DevSentMailSchema = z
  .object({
    from: z.string().min(1).max(320),
    subject: z.string().max(255),
    body: z.string().max(1024 * 1024),
    bodyType: z.enum(['html', 'text']),
    to: z.array(AddressSchema).max(500),
    cc: z.array(AddressSchema).max(500),
    /** The add-in's custom properties of the item (name → value), as `loadCustomPropertiesAsync` shows them. */
    customProperties: z.record(z.string(), z.unknown()),
  })
  .strict();

/** A message as the dev Outlook host hands it over on send. */
export type DevSentMail = Omit<z.infer<typeof DevSentMailSchema>, 'from'>;

/** A meeting the dev Teams host runs the tab in: the ids teams-js reports in the meeting's context. */
export interface DevMeeting {
  /** `19:meeting_…@thread.v2` */
  chatId: string;
  meetingId: string;
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

  router.post('/meetings', express.json({ limit: '4kb' }), (req, res) => {
    const upns: unknown = (req.body as { attendees?: unknown } | undefined)?.attendees;
    const known = new Set(deps.listUsers().map((user) => user.upn));
    if (!deps.createMeeting) return problem(res, 404, 'No meetings here', 'This server makes no dev meetings.');
    if (!Array.isArray(upns) || upns.length < 1 || upns.length > 50 || !upns.every((upn) => typeof upn === 'string' && known.has(upn))) {
      return problem(res, 400, 'Bad attendees', 'Send {"attendees": [upn, …]}: 1 to 50 users listed at /dev/users.');
    }
    res.set('Cache-Control', 'no-store').json(deps.createMeeting([...new Set(upns as string[])]));
  });

  router.post('/mail/sent', express.json({ limit: '2mb' }), (req, res) => {
    if (!deps.deliverSentMail) return problem(res, 404, 'No mailboxes here', 'This server keeps no dev mailboxes.');
    const parsed = DevSentMailSchema.safeParse(req.body);
    if (!parsed.success) return problem(res, 400, 'Bad message', parsed.error.issues.map((issue) => issue.message).join('; '));
    const { from, ...mail } = parsed.data;
    const user = deps.listUsers().find((candidate) => candidate.upn === from);
    if (!user) return problem(res, 404, 'Unknown demo user', 'Send from one of the users listed at /dev/users.');
    res.set('Cache-Control', 'no-store').status(201).json(deps.deliverSentMail(user.upn, mail));
  });

  return router;
}
