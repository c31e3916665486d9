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
import { DEMO_EPOCH } from '../../../main/core/demo/build-demo.ts';
import type { DemoPerson } from '../../../main/core/demo/demo-people.ts';
import type { useDemoCore } from '../../helpers/demo-core.ts';
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

/**
 * A console on a fake ACS (set by desk-admin, keeping the desk's time) whose card `ref` is
 * locked there since 20 minutes before the demo's epoch; the agent signs in, verifies the
 * caller and resets that lock, applied. Returns the fake ACS and the desk for what follows.
 */
export async function appliedResetAtFakeAcs(
  fake: ReturnType<typeof useFakeAcs>['fake'],
  demoCore: ReturnType<typeof useDemoCore>,
  person: DemoPerson,
  ref: string,
) {
  const epoch = new Date(DEMO_EPOCH).getTime();
  const cardId = person.cards[0]!.publicId;
  let now = () => new Date(epoch);
  const acs = await fake({ now: () => now() });
  acs.card(ref, null);
  acs.lock(ref, { since: new Date(epoch - 20 * 60_000), until: null, cause: 'wrong_codes' });
  const desk = await demoCore({}, async ({ dbPath, keyFile }) => {
    await setAcsByCli(dbPath, keyFile, acs.url);
    setCardRef(dbPath, keyFile, cardId, ref);
  });
  now = () => desk.clock.now();
  await desk.signIn('agent');
  expect((await desk.openCard(cardId)).ok).toBe(true);
  await desk.core.router.call('w1', 'caller.verify', {
    cardId,
    dob: person.dob,
    postcode: person.postcode,
  });
  const first = await desk.core.router.call('w1', 'lockout.reset', {
    cardId,
    reason: 'cardholder-mistyped-code',
    note: 'Verified; code mistyped.',
  });
  expect(first).toMatchObject({ ok: true, value: { reset: { state: 'applied' } } });
  return { acs, desk };
}
