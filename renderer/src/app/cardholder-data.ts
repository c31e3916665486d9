/**
 * Every store that holds cardholder data registers its clear() here, so locking or signing
 * out empties all of them at once (the lock screen holds no cardholder value; nothing
 * lingers). A store may instead keep a call through the idle lock (`onLock`): the open card
 * keeps only which card and call it was, in memory, and reads the card again on resume.
 */
interface Holder {
  clear: () => void;
  onLock?: () => void;
  onResume?: () => void;
}
const holders = new Set<Holder>();

export function holdsCardholderData(
  clear: () => void,
  through?: { onLock: () => void; onResume: () => void },
): void {
  holders.add({ clear, ...through });
}

/** Signing out, a new operator, a saved call: everything goes. */
export function clearCardholderData(): void {
  for (const holder of holders) holder.clear();
}

/** The idle lock: cardholder values go; a call kept through the lock stays in memory. */
export function lockCardholderData(): void {
  for (const holder of holders) (holder.onLock ?? holder.clear)();
}

/** The same operator resumed: calls kept through the lock read their card again. */
export function resumeCardholderData(): void {
  for (const holder of holders) holder.onResume?.();
}
