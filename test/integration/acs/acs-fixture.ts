/**
 * The fake ACS on loopback TLS for one test, with mutual TLS from a development CA, and
 * network gateways pointed at it with short timeouts (so a timeout costs milliseconds).
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { startFakeAcs, type FakeAcs } from '../../../main/core/acs/fake/fake-acs.ts';
import {
  createNetworkAcsGateway,
  type NetworkAcsGateway,
  type NetworkAcsOptions,
} from '../../../main/core/acs/network-acs-gateway.ts';
import { createDevCa, type DevCa, type Pem } from '../../../scripts/lib/dev-certs.ts';
import { sealWrites } from '../../helpers/sealed-writer.ts';
import { runCli } from '../cli/cli-harness.ts';

const TOKEN = 'issuer-bearer-token-0123456789';

export interface AcsCerts {
  ca: DevCa;
  server: Pem;
  client: Pem;
}

let certs: Promise<AcsCerts> | undefined;
/** One CA, server and client certificate per test file (making them is the slow part). */
export function acsCerts(): Promise<AcsCerts> {
  certs ??= (async () => {
    const ca = await createDevCa('Verify Desk ACS test CA');
    return {
      ca,
      server: await ca.issue({ commonName: 'localhost', usage: 'server' }),
      client: await ca.issue({ commonName: 'console-test', usage: 'client' }),
    };
  })();
  return certs;
}

/** Test timings: short, but far above loopback latency. */
export const FAST = {
  connectTimeoutMs: 1_000,
  requestTimeoutMs: 400,
  attempts: 3,
  backoffBaseMs: 5,
  backoffMaxMs: 20,
  breakerThreshold: 3,
  breakerOpenMs: 300,
} as const;

export function useFakeAcs() {
  const open: { close(): unknown }[] = [];
  afterEach(async () => {
    for (const item of open.splice(0).reverse()) await item.close();
  });

  async function fake(
    options: { dbPath?: string; port?: number; now?: () => Date } = {},
  ): Promise<FakeAcs> {
    const { ca, server } = await acsCerts();
    const acs = await startFakeAcs({
      dbPath: options.dbPath ?? ':memory:',
      port: options.port ?? 0,
      tls: { cert: server.cert, key: server.key, clientCa: ca.cert },
      ...(options.now ? { now: options.now } : {}),
    });
    open.push(acs);
    return acs;
  }

  async function gateway(
    url: string,
    refs: Record<number, string>,
    options: Partial<NetworkAcsOptions> = {},
  ): Promise<NetworkAcsGateway> {
    const { ca, client } = await acsCerts();
    const gw = createNetworkAcsGateway({
      url,
      ca: ca.cert,
      clientCert: client.cert,
      clientKey: client.key,
      cardRef: (cardId) => refs[cardId] ?? null,
      ...FAST,
      ...options,
    });
    open.push(gw);
    return gw;
  }

  return { fake, gateway };
}

/** `acs set` with mutual TLS and a bearer token, as an administrator does. */
export async function setAcsByCli(dbPath: string, keyFile: string, url: string) {
  const { ca, client } = await acsCerts();
  const dir = join(dbPath, '..');
  const files = {
    ca: join(dir, 'ca.pem'),
    cert: join(dir, 'client.pem'),
    key: join(dir, 'client-key.pem'),
    token: join(dir, 'token'),
  };
  writeFileSync(files.ca, ca.cert);
  writeFileSync(files.cert, client.cert);
  writeFileSync(files.key, client.key);
  writeFileSync(files.token, TOKEN);
  const set = await runCli([
    'acs',
    'set',
    '--db',
    dbPath,
    '--key-file',
    keyFile,
    '--url',
    url,
    '--ca',
    files.ca,
    '--client-cert',
    files.cert,
    '--client-key',
    files.key,
    '--token-file',
    files.token,
  ]);
  expect(set.stderr).toBe('');
  return set;
}

/** Gives a card its ACS card reference as the import does (sealed with the database's keys). */
export function setCardRef(dbPath: string, keyFile: string, publicId: string, ref: string): void {
  const db = new Database(dbPath);
  try {
    sealWrites(db, dbPath, keyFile);
    db.prepare('UPDATE cards SET acs_card_ref = ? WHERE public_id = ?').run(ref, publicId);
  } finally {
    db.close();
  }
}
