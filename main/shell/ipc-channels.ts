/**
 * Electron channel names for the contract: shared by the preload and the IPC binding so the
 * two can never drift. Prefixed so nothing of Electron's own (or a library's) can collide.
 */
export const invokeChannel = (channel: string): string => `desk:${channel}`;
export const eventChannel = (event: string): string => `desk-event:${event}`;
