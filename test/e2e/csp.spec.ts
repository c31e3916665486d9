/**
 * The CSP that protects the renderer is the meta tag in the built index.html — the same file
 * Electron serves over app:// — not a header this harness adds. An injected inline script
 * must be blocked and reported.
 */
import { expect, test } from '../kit/fixtures.ts';

test('an injected inline script is blocked by the built meta CSP', async ({ desk }) => {
  test.skip(desk.target !== 'browser', 'checks the harness serves no CSP header of its own');
  const response = desk.page.waitForResponse((r) => r.url().endsWith('/index.html'));
  await desk.signIn('agent');
  const headers = (await response).headers();
  expect(headers['content-security-policy']).toBeUndefined();
  const meta = await desk.page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(meta).toContain("script-src 'self'");
  expect(meta).not.toContain('unsafe-inline');

  const outcome = await desk.page.evaluate(async () => {
    const violation = new Promise<string>((resolve) =>
      document.addEventListener(
        'securitypolicyviolation',
        (event) => resolve(event.violatedDirective),
        {
          once: true,
        },
      ),
    );
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true;';
    document.body.appendChild(script);
    return {
      directive: await violation,
      ran: (window as unknown as { __injected?: boolean }).__injected === true,
    };
  });
  expect(outcome.ran).toBe(false);
  expect(outcome.directive).toMatch(/^script-src/);
  // The page under this CSP is the real console: its sign-in reached the real database.
  expect(desk.auditActions().at(-1)).toMatchObject({
    action: 'session.sign-in',
    username: 'demo.agent',
  });
});
