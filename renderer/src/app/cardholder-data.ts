/**
 * Every store that holds cardholder data registers its clear() here, so locking or signing
 * out empties all of them at once (the lock screen hides cardholder data; nothing lingers).
 */
const clearers = new Set<() => void>();

export function holdsCardholderData(clear: () => void): void {
  clearers.add(clear);
}

export function clearCardholderData(): void {
  for (const clear of clearers) clear();
}
