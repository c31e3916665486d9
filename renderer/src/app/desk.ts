/** The renderer's only way to main: window.desk, made by the preload (or the test bridge). */
import type { DeskApi } from '../../../shared/client.ts';

declare global {
  interface Window {
    readonly desk: DeskApi;
  }
}

export const desk = (): DeskApi => window.desk;
