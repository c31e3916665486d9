/**
 * electron-builder `afterPack` hook: flips the packaged Electron binary's fuses before it is
 * signed, so the shipped app cannot be turned into something else from outside:
 *   RunAsNode off                       ELECTRON_RUN_AS_NODE cannot make it a plain Node.
 *   EnableNodeOptionsEnvironmentVariable off   NODE_OPTIONS cannot inject code or flags.
 *   EnableNodeCliInspectArguments off   --inspect cannot attach a debugger to main.
 *   EnableEmbeddedAsarIntegrityValidation on   a modified app.asar is refused at start.
 *   OnlyLoadAppFromAsar on              the app runs only from that verified app.asar.
 *   EnableCookieEncryption on           cookies (if any) are encrypted at rest by the OS.
 *   GrantFileProtocolExtraPrivileges off   file:// gets no special powers (the app uses app://).
 * Every fuse is named (strictlyRequireAllFuses) so an Electron upgrade that adds one fails the
 * build until someone decides; the wire is read back and checked after flipping.
 */
import {
  flipFuses,
  FuseState,
  FuseV1Options,
  FuseVersion,
  getCurrentFuseWire,
  type FuseV1Config,
} from '@electron/fuses';
import type { AfterPackContext } from 'electron-builder';
import { join } from 'node:path';

export function desiredFuses(resetAdHocDarwinSignature: boolean): FuseV1Config {
  return {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    resetAdHocDarwinSignature,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    [FuseV1Options.WasmTrapHandlers]: true,
  };
}

function electronBinary(context: AfterPackContext): string {
  const name = context.packager.appInfo.productFilename;
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(context.appOutDir, `${name}.app`);
    case 'win32':
      return join(context.appOutDir, `${name}.exe`);
    default:
      throw new Error(
        `Verify Desk is packaged for Windows and macOS only, not ${context.electronPlatformName}.`,
      );
  }
}

export default async function flipElectronFuses(context: AfterPackContext): Promise<void> {
  const { Arch } = (await import('electron-builder')).default;
  // Flipping rewrites the binary; an unsigned Apple-silicon binary must be re-signed ad hoc
  // or macOS refuses to start it. A real identity signs after this hook anyway.
  const isDarwin =
    context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  const resign = isDarwin && (context.arch === Arch.arm64 || context.arch === Arch.universal);
  const binary = electronBinary(context);
  const wanted = desiredFuses(resign);
  await flipFuses(binary, wanted);

  const wire = await getCurrentFuseWire(binary);
  for (const option of Object.values(FuseV1Options).filter((value) => typeof value === 'number')) {
    const expected = wanted[option] ? FuseState.ENABLE : FuseState.DISABLE;
    // A fuse Electron has removed is off for good: fine when off is what is wanted.
    const removedAndOff = wire[option] === FuseState.REMOVED && expected === FuseState.DISABLE;
    if (wire[option] !== expected && !removedAndOff) {
      throw new Error(
        `Fuse ${FuseV1Options[option]} of ${binary} did not flip (${String(wire[option])}).`,
      );
    }
  }
}
