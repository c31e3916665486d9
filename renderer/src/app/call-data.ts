/**
 * What was said in the open call (the last verification answer, a contact check) belongs to
 * that call only: the card store empties these stores when the agent leaves the card or a
 * new call starts, without knowing which features hold such state.
 */
const clearers = new Set<() => void>();

export function holdsCallData(clear: () => void): void {
  clearers.add(clear);
}

export function clearCallData(): void {
  for (const clear of clearers) clear();
}
