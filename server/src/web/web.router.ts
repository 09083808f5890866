import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../http/errors.js';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';

/** Where Office.js comes from inside Outlook; the add-in HTML references exactly this URL. */
export const OFFICE_JS_CDN_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

export interface WebRouterOptions {
  /** URL of Office.js written into the add-in HTML in place of the CDN URL. */
  officeJsUrl: string;
  /** Directory of the built tab (`tab/dist`). */
  tabDist: string;
  /** Directory of the built add-in (`addin/dist`). */
  addinDist: string;
  /** Directory of the app icons the manifest refers to by URL (`manifest/icons`). */
  iconsDir: string;
}

const HASHED_ASSET_CACHE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

interface CachedHtml {
  mtimeMs: number;
  body: string;
}

/** Serves one built single-page app: hashed assets cached for a year, HTML never cached, SPA fallback. */
function createSpaRouter(dist: string, appName: string, transformHtml: (html: string) => string): Router {
  const root = path.resolve(dist);
  const htmlCache = new Map<string, CachedHtml>();
  const router = express.Router();

  async function loadHtml(file: string): Promise<string | undefined> {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const cached = htmlCache.get(file);
    if (cached && cached.mtimeMs === info.mtimeMs) return cached.body;
    const body = transformHtml(await readFile(file, 'utf8'));
    htmlCache.set(file, { mtimeMs: info.mtimeMs, body });
    return body;
  }

  async function serveHtml(req: Request, res: Response, next: NextFunction): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.baseUrl === req.originalUrl.split('?')[0]) {
      const query = req.originalUrl.slice(req.baseUrl.length);
      return res.redirect(301, `${req.baseUrl}/${query}`);
    }
    let requested: string;
    try {
      requested = path.posix.normalize(decodeURIComponent(req.path));
    } catch {
      return next();
    }
    const extension = path.posix.extname(requested);
    if (extension !== '' && extension !== '.html') return next();
    const file = extension === '.html' ? path.join(root, requested) : path.join(root, 'index.html');
    if (!file.startsWith(root + path.sep)) return next();
    const html = await loadHtml(file);
    if (html === undefined) {
      if (extension === '.html') return next();
      throw new AppError('not_built', `The ${appName} has not been built; run npm run build.`);
    }
    res.set('Cache-Control', REVALIDATE).type('html').send(html);
  }

  router.use((req, res, next) => {
    serveHtml(req, res, next).catch(next);
  });
  router.use(
    express.static(root, {
      index: false,
      redirect: false,
      setHeaders(res, filePath) {
        const isHashedAsset = path.relative(root, filePath).split(path.sep)[0] === 'assets';
        res.setHeader('Cache-Control', isHashedAsset ? HASHED_ASSET_CACHE : REVALIDATE);
      },
    }),
  );
  return router;
}

/** Serves the built Teams tab under `/tab/`, the Outlook add-in under `/addin/`, app icons under `/icons/` and the privacy and terms pages; mount at `/`. */
export function createWebRouter(options: WebRouterOptions): Router {
  const router = express.Router();
  router.use(
    '/tab',
    createSpaRouter(options.tabDist, 'Teams tab', (html) => html),
  );
  router.use(
    '/addin',
    createSpaRouter(options.addinDist, 'Outlook add-in', (html) => html.replaceAll(OFFICE_JS_CDN_URL, options.officeJsUrl)),
  );
  for (const page of ['privacy', 'terms']) {
    router.get(`/${page}`, (_req, res) => {
      res.set('Cache-Control', 'public, max-age=3600').sendFile(path.join(import.meta.dirname, 'pages', `${page}.html`));
    });
  }
  router.use('/icons', express.static(path.resolve(options.iconsDir), { index: false, redirect: false, maxAge: '1d' }));
  return router;
}
