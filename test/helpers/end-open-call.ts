/**
 * Ends the window's open call, if it has one, the way an agent leaving a card must: on
 * purpose, here without an outcome ("the caller hung up"). Opening another card and signing
 * out are refused while a call is open (call.still-open).
 */
type Call = (
  channel: string,
  input: unknown,
) => Promise<{ ok: true; value: unknown } | { ok: false; error: { reason: string } }>;

export async function endOpenCall(call: Call): Promise<void> {
  const current = await call('calls.current', {});
  if (!current.ok) throw new Error(`calls.current refused: ${current.error.reason}`);
  const open = (current.value as { call: { cardId: string } | null }).call;
  if (!open) return;
  const ended = await call('calls.endWithoutOutcome', {
    cardId: open.cardId,
    reason: 'caller-disconnected',
    note: '',
  });
  if (!ended.ok) throw new Error(`calls.endWithoutOutcome refused: ${ended.error.reason}`);
}
