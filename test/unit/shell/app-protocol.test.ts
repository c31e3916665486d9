import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { app, protocol, resetElectronFake } from '../../fakes/electron.ts';
import { registerAppScheme, serveAppProtocol } from '../../../main/shell/app-protocol.ts';
import { createRendererFileHandler, type AppRequest } from '../../../main/shell/renderer-files.ts';

vi.mock('electron', () => import('../../fakes/electron.ts'));

// <tmp>/renderer is served; <tmp>/secret.txt and <tmp>/renderer-secret/ sit right beside it.
let dir: string;
let handler: (request: AppRequest) => Promise<Response>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'verify-desk-protocol-'));
  const root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Verify Desk</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'export {};');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'notes.unknownext'), 'x');
  writeFileSync(join(dir, 'secret.txt'), 'SECRET');
  mkdirSync(join(dir, 'renderer-secret'));
  writeFileSync(join(dir, 'renderer-secret', 'key.txt'), 'SECRET');
  symlinkSync(join(dir, 'secret.txt'), join(root, 'assets', 'link.txt'));
  // A linked directory inside the folder that leads out of it (issue 16): its files are
  // regular files to lstat, so only the real path tells.
  writeFileSync(join(dir, 'renderer-secret', 'leak.js'), 'SECRET');
  symlinkSync(join(dir, 'renderer-secret'), join(root, 'linked-dir'), 'dir');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(() => {
  resetElectronFake();
  registerAppScheme();
  app.becomeReady();
  serveAppProtocol(join(dir, 'renderer'));
  handler = protocol.handlers.get('app') as typeof handler;
});

const get = (url: string, extra: Partial<AppRequest> = {}) =>
  handler({ url, method: 'GET', ...extra });

describe('app:// scheme registration', () => {
  it('registers app as standard, secure and fetchable, without CSP or CORS bypass', () => {
    expect(protocol.privileged).toHaveLength(1);
    const [scheme] = protocol.privileged;
    expect(scheme?.scheme).toBe('app');
    expect(scheme?.privileges).toMatchObject({
      standard: true,
      secure: true,
      supportFetchAPI: true,
    });
    expect(scheme?.privileges?.bypassCSP).not.toBe(true);
    expect(scheme?.privileges?.corsEnabled).not.toBe(true);
    expect(scheme?.privileges?.allowServiceWorkers).not.toBe(true);
  });

  it('must be registered before ready (as Electron requires)', () => {
    expect(() => registerAppScheme()).toThrow(/before app is ready/);
  });
});

describe('app:// files', () => {
  it('serves the entry page as HTML', async () => {
    const response = await get('app://desk/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Verify Desk</title>');
  });

  it('serves the root as the entry page', async () => {
    expect(await (await get('app://desk/')).text()).toContain('Verify Desk');
  });

  it('serves scripts and stylesheets with their MIME types', async () => {
    expect((await get('app://desk/assets/index-abc.js')).headers.get('content-type')).toBe(
      'text/javascript; charset=utf-8',
    );
    expect((await get('app://desk/assets/index-abc.css')).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await handler({ url: 'app://desk/index.html', method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await handler({ url: 'app://desk/index.html', method: 'POST' })).status).toBe(405);
  });

  it.each([
    'app://desk/missing.js',
    'app://desk/assets/',
    'app://desk/assets',
    'app://desk/assets/notes.unknownext',
    'app://desk/assets/link.txt',
    'app://other/index.html',
  ])('answers 404 to %s (unknown, directory, unknown type, symlink, other host)', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('SECRET');
  });

  it.each([
    'app://desk/../secret.txt',
    'app://desk/assets/../../secret.txt',
    'app://desk/%2e%2e/secret.txt',
    'app://desk/%2E%2E/%2e%2e/secret.txt',
    'app://desk/%2e%2e%2fsecret.txt',
    'app://desk/..%2fsecret.txt',
    'app://desk/assets/..%2f..%2fsecret.txt',
    'app://desk/..%2frenderer-secret%2fkey.txt',
    'app://desk/%2e%2e%2frenderer-secret/key.txt',
    'app://desk/..%5csecret.txt',
    'app://desk/%2e%2e%5c%2e%2e%5csecret.txt',
    'app://desk/%2fetc%2fpasswd',
    'app://desk/C:%5cWindows%5cwin.ini',
  ])('never serves anything outside the renderer folder: %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await response.text()).not.toContain('SECRET');
  });

  it('answers 404 to a file reached through a linked directory that leads outside', async () => {
    for (const url of ['app://desk/linked-dir/leak.js', 'app://desk/linked-dir/key.txt']) {
      const response = await get(url);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('SECRET');
    }
  });

  it('serves a folder that itself sits behind a link (its real path is the boundary)', async () => {
    const linkedRoot = join(dir, 'renderer-link');
    symlinkSync(join(dir, 'renderer'), linkedRoot, 'dir');
    const viaLink = createRendererFileHandler(linkedRoot);
    const response = await viaLink({ url: 'app://desk/assets/index-abc.js', method: 'GET' });
    expect(response.status).toBe(200);
    const outside = await viaLink({ url: 'app://desk/linked-dir/leak.js', method: 'GET' });
    expect(outside.status).toBe(404);
  });

  it('refuses encoded traversal as forbidden, not merely missing', async () => {
    expect((await get('app://desk/..%2fsecret.txt')).status).toBe(403);
    expect((await get('app://desk/%2e%2e%2frenderer-secret/key.txt')).status).toBe(403);
  });

  it('refuses NUL bytes and malformed escapes', async () => {
    expect((await get('app://desk/index.html%00.js')).status).toBe(400);
    expect((await get('app://desk/%E0%A4%A')).status).toBe(400);
  });

  it('refuses requests initiated by another origin', async () => {
    expect(
      (await get('app://desk/index.html', { initiatorOrigin: 'https://evil.example' })).status,
    ).toBe(403);
    expect((await get('app://desk/index.html', { initiatorOrigin: 'null' })).status).toBe(403);
    expect((await get('app://desk/index.html', { initiatorOrigin: 'app://desk' })).status).toBe(
      200,
    );
  });
});
