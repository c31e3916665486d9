/**
 * Serves the built renderer (out/renderer) to a page under an http origin through
 * Playwright's route(): nothing listens on the network, and the page gets exactly the built
 * files, including the CSP meta in index.html (no header is added here).
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from '@playwright/test';

export const DESK_ORIGIN = 'http://desk.localhost';
/** The built renderer, wherever the tests run from (the repo, or a project using the kit). */
export const RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export async function serveRenderer(
  target: Page | BrowserContext,
  root = RENDERER_DIR,
): Promise<void> {
  await target.route(`${DESK_ORIGIN}/**`, async (route) => {
    const { pathname } = new URL(route.request().url());
    const relative = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname));
    const file = join(root, relative);
    if (!file.startsWith(root + sep)) return route.fulfill({ status: 403 });
    try {
      const body = await readFile(file);
      await route.fulfill({
        status: 200,
        body,
        contentType: MIME[extname(file)] ?? 'application/octet-stream',
      });
    } catch {
      await route.fulfill({ status: 404, body: 'not found' });
    }
  });
  // Anything else the page tries to reach is refused: the renderer has no business online.
  await target.route(
    (url) => !url.href.startsWith(DESK_ORIGIN),
    (route) => route.abort('blockedbyclient'),
  );
}
