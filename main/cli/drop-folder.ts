/**
 * desk-admin import --watch and serve --import-dir: a drop folder others can write is refused
 * before the database is opened, with what to do (main/core/import/watch-folder.ts).
 */
import { checkDropFolder, WatchFolderError } from '../core/import/watch-folder.ts';
import { CliError } from './cli-error.ts';

export function refuseOpenFolder(dir: string): void {
  try {
    checkDropFolder(dir);
  } catch (error) {
    if (error instanceof WatchFolderError) throw new CliError(error.message);
    throw error;
  }
}
