/**
 * The server's TLS: TLS 1.3 only, and with a client CA, mutual TLS. A console machine without
 * a valid certificate from that CA is dropped as its handshake completes, before any request
 * is read (desk-server.ts checks `authorized` there, so the log can say why it was refused:
 * TLS 1.3 itself tells neither side much).
 */
import type { SecureContextOptions, TlsOptions } from 'node:tls';

export interface ServerTls {
  cert: string | Buffer;
  key: string | Buffer;
  /** The CA that signs the console machines' certificates; unset means no client certificates. */
  clientCa?: string | Buffer;
}

export function serverTlsOptions(tls: ServerTls): TlsOptions & SecureContextOptions {
  return {
    cert: tls.cert,
    key: tls.key,
    minVersion: 'TLSv1.3',
    maxVersion: 'TLSv1.3',
    ...(tls.clientCa ? { ca: tls.clientCa, requestCert: true, rejectUnauthorized: false } : {}),
  };
}
