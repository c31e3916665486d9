/**
 * Session tokens for consoles on the network. Sign-in through the server returns a fresh
 * random token in a response header, which the console's main process keeps in memory (the
 * renderer never sees it, nothing writes it to disk). The server never stores the token
 * either: the router's caller id is a SHA-256 of the token, bound to the connection's client
 * certificate where mutual TLS is used, so a token copied to a machine without that
 * certificate names a different caller, which has no session.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** The response header that carries a new session token (sign-in only). */
export const SESSION_HEADER = 'desk-session';

/** 32 random bytes, base64url: exactly 43 characters. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/u;

export const newSessionToken = (): string => randomBytes(32).toString('base64url');

/** The bearer token of a request, or null when absent or not shaped like one of ours. */
export function bearerToken(authorization: string | undefined): string | null {
  if (typeof authorization !== 'string') return null;
  const match = /^Bearer ([^\s]+)$/u.exec(authorization);
  const token = match?.[1];
  return token && TOKEN_SHAPE.test(token) ? token : null;
}

/**
 * The router's caller id for a token on a connection: what the session registry is keyed
 * by. `clientIdentity` is the client certificate's SHA-256 fingerprint, or '' without one.
 */
export function callerIdOf(token: string, clientIdentity: string): string {
  const digest = createHash('sha256').update(token).update('\0').update(clientIdentity);
  return `net-${digest.digest('hex')}`;
}

/** A caller id no token can name: a request without a token is nobody's session. */
export const anonymousCaller = (): string => `anon-${randomUUID()}`;
