/**
 * Where an export is written: the operator chooses. In the desktop app the shell asks with the
 * OS save dialog; the browser target, the preview and tests use a folder sink. Either way the
 * sink only names a path: the core writes the file itself (and hashes what it wrote), so the
 * file's bytes never cross to the renderer.
 */
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface SaveSink {
  /** A path to write to, or null when the operator cancelled. */
  choosePath(callerId: string, suggestedName: string): Promise<string | null>;
}

/** A sink that saves into one folder under the suggested name (no dialog): browser target, preview, tests. */
export function folderSaveSink(dir: string): SaveSink {
  return {
    choosePath(_callerId, suggestedName) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      // The name is the core's own, but a sink never lets one climb out of its folder.
      return Promise.resolve(join(dir, basename(suggestedName)));
    },
  };
}
