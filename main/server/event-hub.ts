/**
 * The server's side of contract events: each caller (a console's session) has the WebSocket
 * connections it opened with its token. The router decides who is entitled to an event (an
 * active session; approvals only to the requester and the leads); the hub only delivers it
 * to that caller's sockets, and drops anything that is not a contract event.
 */
import type { WebSocket } from 'ws';
import { contract } from '../../shared/contract/index.ts';

export interface EventHub {
  add(callerId: string, socket: WebSocket): void;
  emit(callerId: string, event: string, payload: unknown): void;
  /** Closes every socket of a caller whose session ended. */
  closeCaller(callerId: string, reason: string): void;
  closeAll(): void;
  size(): number;
}

/** WebSocket close code the server uses when the session behind a socket is gone. */
export const SESSION_ENDED_CLOSE = 4001;

export function createEventHub(logInternal: (line: string) => void): EventHub {
  const sockets = new Map<string, Set<WebSocket>>();
  return {
    add(callerId, socket) {
      const set = sockets.get(callerId) ?? new Set<WebSocket>();
      set.add(socket);
      sockets.set(callerId, set);
      socket.once('close', () => {
        set.delete(socket);
        if (set.size === 0 && sockets.get(callerId) === set) sockets.delete(callerId);
      });
    },
    emit(callerId, event, payload) {
      if (!Object.hasOwn(contract.events, event)) {
        logInternal('event refused: not in the contract');
        return;
      }
      const message = JSON.stringify({ event, payload });
      for (const socket of sockets.get(callerId) ?? []) {
        if (socket.readyState === socket.OPEN) socket.send(message);
      }
    },
    closeCaller(callerId, reason) {
      for (const socket of sockets.get(callerId) ?? []) socket.close(SESSION_ENDED_CLOSE, reason);
    },
    closeAll() {
      for (const set of sockets.values()) for (const socket of set) socket.terminate();
      sockets.clear();
    },
    size: () => [...sockets.values()].reduce((n, set) => n + set.size, 0),
  };
}
