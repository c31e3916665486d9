/**
 * Hashes demo verification pairs (DOB + postcode, one scrypt each) in worker threads, one per
 * core: at an issuer's size the hashing, not the writing, is what takes the time.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PurposeKey } from '../keys/key-provider.ts';
import type { VerificationHash } from '../verification/verification-hash.ts';
import type { FactHashDone, FactHashJob, FactHashWorkerData } from './fact-hash-worker.ts';

export interface FactPair {
  dob: string;
  postcode: string;
  salt: Buffer;
}

export interface FactHashPool {
  readonly threads: number;
  hash(pairs: readonly FactPair[]): Promise<VerificationHash[]>;
  close(): Promise<void>;
}

const WORKER = new URL('./fact-hash-worker.ts', import.meta.url);

export function createFactHashPool(
  pepper: PurposeKey,
  cost: string,
  threads = availableParallelism(),
): FactHashPool {
  const data: FactHashWorkerData = { pepper: new Uint8Array(pepper.secret), cost };
  const workers = Array.from({ length: Math.max(1, threads) }, () => {
    const worker = new Worker(WORKER, { workerData: data });
    worker.unref();
    return worker;
  });
  const pending = new Map<
    number,
    { resolve: (h: Uint8Array[]) => void; reject: (e: Error) => void }
  >();
  let nextId = 0;
  for (const worker of workers) {
    worker.on('message', (done: FactHashDone) => {
      pending.get(done.id)?.resolve(done.hashes);
      pending.delete(done.id);
    });
    worker.on('error', (error) => {
      for (const job of pending.values()) job.reject(error);
      pending.clear();
    });
  }

  function run(worker: Worker, pairs: readonly FactPair[]): Promise<Uint8Array[]> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({
        id,
        pairs: pairs.map((p) => ({ dob: p.dob, postcode: p.postcode, salt: p.salt })),
      } satisfies FactHashJob);
    });
  }

  return {
    threads: workers.length,
    async hash(pairs) {
      // One slice per thread, in order, so the hashes come back beside their pairs.
      const size = Math.ceil(pairs.length / workers.length);
      const slices = await Promise.all(
        workers.map((worker, i) => run(worker, pairs.slice(i * size, (i + 1) * size))),
      );
      return slices.flat().map((hash, i) => ({
        pairHash: Buffer.from(hash),
        salt: pairs[i]!.salt,
        cost,
        pepperKeyId: pepper.id,
      }));
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
