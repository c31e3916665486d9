/**
 * `npm run screenshots`: the console's screens at 1280×800 in Japanese and English, on the
 * demo database with its fixed clock, written to docs/screenshots/. Uses the same harness as
 * the e2e tests (built renderer, real router, real database).
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { demoOperator } from '../main/core/demo/demo-operators.ts';
import { demoScenarioPerson } from '../main/core/demo/demo-people.ts';
import { attachDesk, openConsole } from '../test/harness/attach-page.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../test/harness/chromium.ts';
import { createTestDesk } from '../test/harness/test-desk.ts';

const OUT = 'docs/screenshots';
mkdirSync(OUT, { recursive: true });

const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
const shoot = (page: Page, name: string) => page.screenshot({ path: `${OUT}/${name}.png` });

for (const language of ['ja', 'en'] as const) {
  const desk = await createTestDesk({ surface: 'desktop' });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: language === 'ja' ? 'ja-JP' : 'en-GB',
    timezoneId: 'Asia/Tokyo',
  });
  const page = await context.newPage();
  await page.clock.install({ time: desk.clock.now() });
  await page.addInitScript((lang) => localStorage.setItem('verify-desk.language', lang), language);
  await attachDesk(page, desk);
  await openConsole(page);
  await shoot(page, `sign-in.${language}`);

  const agent = demoOperator('agent');
  await page.getByTestId('signin-username').fill(agent.username);
  await page.getByTestId('signin-password').fill(agent.password);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('search-last4').waitFor();

  const person = demoScenarioPerson(desk.seed, 'locked-wrong-codes');
  await page.getByTestId('search-last4').fill(person.cards[0]!.last4);
  await page.getByTestId('search-surname').fill(language === 'ja' ? person.surname : 'Sato');
  await page.getByTestId('search-submit').click();
  await page.getByTestId('search-results').waitFor();
  await shoot(page, `search-results.${language}`);

  await page.getByTestId(`search-result-${person.cards[0]!.publicId}`).click();
  await page.getByTestId('card-header').waitFor();
  await page.clock.runFor(5_000);
  await shoot(page, `card-header.${language}`);

  desk.clock.advance(16 * 60_000);
  await page.clock.runFor(16 * 60_000);
  await page.getByTestId('lock-screen').waitFor();
  await shoot(page, `idle-lock.${language}`);

  await context.close();
  desk.close();
}
await browser.close();
console.log(`Screenshots written to ${OUT}/`);
