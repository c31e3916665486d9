import { describe, expect, it } from 'vitest';
import { deskWindowOptions } from '../../../main/shell/window-options.ts';

const options = deskWindowOptions({ preload: '/app/out/preload/preload.cjs', devTools: false });
const prefs = options.webPreferences ?? {};

describe('console window options', () => {
  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['webviewTag', false],
    ['experimentalFeatures', false],
    ['spellcheck', false],
    ['navigateOnDragDrop', false],
  ] as const)('sets %s to %s explicitly', (flag, value) => {
    expect(prefs).toHaveProperty(flag, value);
  });

  it('enables no Blink feature and adds no arguments to the renderer', () => {
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.additionalArguments).toBeUndefined();
  });

  it('uses the given preload and DevTools setting', () => {
    expect(prefs.preload).toBe('/app/out/preload/preload.cjs');
    expect(prefs.devTools).toBe(false);
    expect(deskWindowOptions({ preload: 'p', devTools: true }).webPreferences?.devTools).toBe(true);
  });

  it('opens hidden at 1280×800 with a minimum size and a background colour', () => {
    expect(options.show).toBe(false);
    expect(options).toMatchObject({ width: 1280, height: 800 });
    expect(options.minWidth).toBeGreaterThan(0);
    expect(options.minHeight).toBeGreaterThan(0);
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
  });
});
