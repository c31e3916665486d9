/** The afterPack hook flips every fuse as intended, on a stand-in binary carrying a fuse wire. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import type { AfterPackContext } from 'electron-builder';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import flipElectronFuses from '../../../scripts/flip-fuses.ts';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const WIRE_LENGTH = 9;

let dir: string;
let exe: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'verify-desk-fuses-'));
  exe = join(dir, 'Verify Desk.exe');
  // Electron's defaults: RunAsNode, cookie encryption off, NODE_OPTIONS and --inspect on, …
  const defaults = [1, 0, 1, 1, 0, 0, 0, 1, 1].map((on) =>
    on ? FuseState.ENABLE : FuseState.DISABLE,
  );
  writeFileSync(
    exe,
    Buffer.concat([
      Buffer.alloc(4096, 7),
      Buffer.from(SENTINEL),
      Buffer.from([1, WIRE_LENGTH, ...defaults]),
      Buffer.alloc(64),
    ]),
  );
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const context = (platform: string) =>
  ({
    electronPlatformName: platform,
    appOutDir: dir,
    arch: 1,
    packager: { appInfo: { productFilename: 'Verify Desk' } },
  }) as unknown as AfterPackContext;

describe('afterPack fuses', () => {
  it('turns off every way in from outside and turns on asar integrity', async () => {
    await flipElectronFuses(context('win32'));
    const wire = await getCurrentFuseWire(exe);
    const on = (option: FuseV1Options) => wire[option] === FuseState.ENABLE;
    expect(on(FuseV1Options.RunAsNode)).toBe(false);
    expect(on(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(false);
    expect(on(FuseV1Options.EnableNodeCliInspectArguments)).toBe(false);
    expect(on(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(false);
    expect(on(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(true);
    expect(on(FuseV1Options.OnlyLoadAppFromAsar)).toBe(true);
    expect(on(FuseV1Options.EnableCookieEncryption)).toBe(true);
  });

  it('fails the build on a binary with a fuse it does not know (strict)', async () => {
    const bytes = readFileSync(exe);
    const at = bytes.indexOf(SENTINEL) + SENTINEL.length + 1;
    bytes[at] = WIRE_LENGTH + 1;
    writeFileSync(exe, bytes);
    await expect(flipElectronFuses(context('win32'))).rejects.toThrow(/strictlyRequireAllFuses/);
  });

  it('refuses a platform it is not packaged for', async () => {
    await expect(flipElectronFuses(context('linux'))).rejects.toThrow(/Windows and macOS only/);
  });
});
