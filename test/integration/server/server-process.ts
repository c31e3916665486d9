/**
 * `desk-admin serve` as its own OS process on loopback, for tests that stop it the hard way:
 * the URL is read from the line it prints, and every process started here is killed after
 * the test if it is still running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { serverCerts } from './server-fixture.ts';

const DESK_ADMIN = fileURLToPath(new URL('../../../main/cli/desk-admin.ts', import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Lines the server wrote on stderr (its internal-error log). */
  stderr: string[];
  exited: Promise<number | null>;
}

export function useServerProcesses() {
  const started: ChildProcess[] = [];
  afterEach(() => {
    for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  /** Writes the test CA's loopback certificate beside the database; returns the CA (PEM). */
  async function tlsFiles(dir: string) {
    const { ca, server } = await serverCerts();
    const cert = join(dir, 'server.pem');
    const key = join(dir, 'server-key.pem');
    writeFileSync(cert, server.cert);
    writeFileSync(key, server.key, { mode: 0o600 });
    return { ca: ca.cert, cert, key };
  }

  async function start(options: {
    dbPath: string;
    keyFile: string;
    cert: string;
    key: string;
    port?: number;
  }): Promise<ServerProcess> {
    const child = spawn(
      process.execPath,
      [
        DESK_ADMIN,
        'serve',
        '--db',
        options.dbPath,
        '--key-file',
        options.keyFile,
        '--listen',
        `127.0.0.1:${options.port ?? 0}`,
        '--tls-cert',
        options.cert,
        '--tls-key',
        options.key,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    started.push(child);
    const stderr: string[] = [];
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /serving .* at (https:\/\/\S+)/u.exec(out);
        if (match) resolve(match[1]!);
      });
      void exited.then((code) =>
        reject(new Error(`desk-admin serve exited with ${code}: ${stderr.join('')}`)),
      );
    });
    return { url, child, stderr, exited };
  }

  return { start, tlsFiles };
}
