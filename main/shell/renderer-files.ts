/**
 * Answers one app:// request from the built renderer folder, and from nothing else: the
 * request path is decoded, checked segment by segment, resolved and checked to stay inside
 * the folder, and the real path on disk (every symbolic link followed) is checked again to
 * be inside the folder's real path; only regular files with a known type are served; no
 * directory is ever listed. Plain Node (Request in, Response out), so it is tested without Electron.
 */
import { lstat, readFile, realpath } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { APP_HOST, APP_ORIGIN, APP_SCHEME } from './app-origin.ts';

/** What the handler reads of a request (Electron's adds `initiatorOrigin` to the Fetch one). */
export interface AppRequest {
  url: string;
  method: string;
  initiatorOrigin?: string;
}

/** The types a Vite build of the renderer produces; anything else is not served. */
const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeTypeOf(path: string): string | undefined {
  return MIME_TYPES[extname(path).toLowerCase()];
}

const status = (code: number, text: string): Response =>
  new Response(text, { status: code, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

export function createRendererFileHandler(
  rendererDir: string,
): (request: AppRequest) => Promise<Response> {
  const root = resolve(rendererDir);
  // The folder's own real path (it may itself sit behind a link, e.g. a packaged app).
  let realRoot: Promise<string> | null = null;

  return async function serveRendererFile(request) {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return status(405, 'Method not allowed');
    // Only the console itself (or the browser loading the window) may read its files.
    if (request.initiatorOrigin !== undefined && request.initiatorOrigin !== APP_ORIGIN) {
      return status(403, 'Forbidden');
    }

    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return status(400, 'Bad request');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return status(404, 'Not found');

    const file = resolveInside(root, url.pathname === '/' ? '/index.html' : url.pathname);
    if (file === 'bad') return status(400, 'Bad request');
    if (file === 'outside') return status(403, 'Forbidden');

    const type = mimeTypeOf(file);
    if (!type) return status(404, 'Not found');
    try {
      // lstat, not stat: a symbolic link could point anywhere, so it is not followed.
      const info = await lstat(file);
      if (!info.isFile()) return status(404, 'Not found');
      // …and a linked directory on the way must not lead out of the folder either.
      realRoot ??= realpath(root);
      const [real, inside] = await Promise.all([realpath(file), realRoot]);
      if (!real.startsWith(inside + sep)) return status(404, 'Not found');
      const body = request.method === 'HEAD' ? null : await readFile(file);
      return new Response(body, {
        status: 200,
        headers: { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff' },
      });
    } catch {
      return status(404, 'Not found');
    }
  };
}

/**
 * Maps a URL path to a file inside root, or says why not. The URL parser has already
 * collapsed literal `..` and `%2e%2e` segments; what is left to catch is what only appears
 * after decoding (`..%2f`, `%5c`, NUL) and anything that still resolves outside root.
 */
function resolveInside(root: string, pathname: string): string | 'bad' | 'outside' {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return 'bad';
  }
  if (decoded.includes('\0')) return 'bad';
  const segments = decoded.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '.' || segment === '..' || /[\\:]/.test(segment))) {
    return 'outside';
  }
  const file = resolve(root, ...segments);
  return file.startsWith(root + sep) ? file : 'outside';
}
