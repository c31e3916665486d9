/**
 * Audit exports in the desktop app: the OS save dialog, attached to the window that asked.
 * The core writes the file at the path chosen here (main/core/audit/save-sink.ts).
 */
import { app, BrowserWindow, dialog, webContents } from 'electron';
import { extname, join } from 'node:path';
import type { SaveSink } from '../core/audit/save-sink.ts';
import { windowIdOf } from './ipc-binding.ts';

const FILTERS: Record<string, Electron.FileFilter> = {
  '.csv': { name: 'CSV', extensions: ['csv'] },
  '.jsonl': { name: 'JSON Lines', extensions: ['jsonl'] },
};

export const saveDialogSink: SaveSink = {
  async choosePath(callerId, suggestedName) {
    const id = windowIdOf(callerId);
    const contents = id === null ? undefined : webContents.fromId(id);
    const window = contents ? BrowserWindow.fromWebContents(contents) : null;
    // No window behind the caller (it closed meanwhile): nobody to ask, nothing saved.
    if (!window) return null;
    const filter = FILTERS[extname(suggestedName)];
    const result = await dialog.showSaveDialog(window, {
      defaultPath: join(app.getPath('documents'), suggestedName),
      ...(filter && { filters: [filter] }),
    });
    return result.canceled || !result.filePath ? null : result.filePath;
  },
};
