/**
 * Sends one batch of framed messages to the collector over TLS and says whether the collector
 * has it. RFC 5425 has no acknowledgement; the one receipt TCP and TLS give is the end of the
 * connection: the sender writes the batch and closes its side (TLS close_notify, then FIN);
 * a collector that has read everything up to that close closes its side in turn. The batch
 * counts as delivered only then. A connection refused, reset, timed out, or closed by the
 * collector before it read the sender's close is a failure, and the whole batch is sent again
 * — hence at least once: the collector drops repeats by sequence number.
 */
import { isIP } from 'node:net';
import { connect } from 'node:tls';
import type { SyslogTarget } from './syslog-store.ts';

export class SyslogSendError extends Error {
  override readonly name = 'SyslogSendError';
}

export function sendBatch(
  target: SyslogTarget,
  frames: readonly Buffer[],
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let ourSideClosed = false;
    let theirSideClosed = false;
    const socket = connect({
      host: target.host,
      port: target.port,
      ca: target.caPem,
      // SNI is for names; the certificate is checked against the host either way.
      ...(isIP(target.host) === 0 && { servername: target.host }),
      minVersion: 'TLSv1.2',
    });
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(new SyslogSendError(why));
    };
    const timer = setTimeout(() => fail('timed out'), timeoutMs);
    socket.once('secureConnect', () => {
      socket.end(Buffer.concat(frames));
    });
    socket.once('finish', () => {
      ourSideClosed = true;
    });
    socket.once('end', () => {
      // The collector closed: only a receipt when it had our close first.
      if (!ourSideClosed) fail('the collector closed before the batch was sent');
      else theirSideClosed = true;
    });
    socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.name));
    socket.once('close', (hadError) => {
      if (settled) return;
      if (hadError || !theirSideClosed) return fail('the connection ended without a receipt');
      settled = true;
      clearTimeout(timer);
      resolve();
    });
  });
}
