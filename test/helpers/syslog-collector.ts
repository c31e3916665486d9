/**
 * A central log collector on loopback for the forwarder's tests: RFC 5425 over TLS with the
 * test certificate, reading octet-counted messages and keeping each whole one it read (its
 * "disk" outlives a kill). `kill()` drops it as a crash would — every connection destroyed
 * mid-stream, nothing flushed; `start()` brings it back on the same port.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { frameReader } from '../../main/core/syslog/syslog-message.ts';

const FIXTURES = new URL('../fixtures/syslog/', import.meta.url);
export const TEST_COLLECTOR_CA = readFileSync(new URL('ca.pem', FIXTURES), 'utf8');

export interface ReceivedMessage {
  seq: number;
  mac: string;
  hostname: string;
  raw: string;
}

export interface TestCollector {
  port: number;
  received: ReceivedMessage[];
  start(): Promise<void>;
  kill(): Promise<void>;
  close(): Promise<void>;
}

const parse = (raw: string): ReceivedMessage => {
  const seq = /\sseq="(\d+)"/u.exec(raw);
  const mac = /\smac="([0-9a-f]{64})"/u.exec(raw);
  const hostname = raw.split(' ')[2] ?? '';
  if (!seq || !mac)
    throw new Error(`collector: a message without seq or mac: ${raw.slice(0, 120)}`);
  return { seq: Number(seq[1]), mac: mac[1]!, hostname, raw };
};

export async function startTestCollector(): Promise<TestCollector> {
  const key = readFileSync(new URL('collector-key.pem', FIXTURES));
  const cert = readFileSync(new URL('collector.pem', FIXTURES));
  const received: ReceivedMessage[] = [];
  const sockets = new Set<TLSSocket>();
  let server: Server | null = null;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer({ key, cert, minVersion: 'TLSv1.2' }, (socket) => {
        sockets.add(socket);
        const reader = frameReader();
        socket.on('data', (chunk: Buffer) => {
          for (const message of reader.push(chunk)) received.push(parse(message));
        });
        socket.on('error', () => undefined);
        socket.on('close', () => sockets.delete(socket));
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });

  const stop = async (abrupt: boolean) => {
    const s = server;
    server = null;
    for (const socket of sockets) {
      if (abrupt) socket.destroy();
      else socket.end();
    }
    sockets.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  await listen();
  return {
    get port() {
      return port;
    },
    received,
    start: listen,
    kill: () => stop(true),
    close: () => stop(false),
  };
}

/** The messages with repeats dropped (first arrival kept), as a collector dedupes by seq. */
export function dedupeBySeq(messages: readonly ReceivedMessage[]): ReceivedMessage[] {
  const seen = new Set<number>();
  return messages.filter((m) => !seen.has(m.seq) && seen.add(m.seq));
}
