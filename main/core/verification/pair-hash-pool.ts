/**
 * Hashes verification pairs (DOB + postcode, one scrypt each) in worker threads, one per
 * core: for an import or a demo of many cardholders the hashing, not the writing, is what
 * takes the time. The importer and the demo generator share this one pool module; a process
 * keeps one pool (`sharedPairHashPool`) whose idle threads never keep it alive.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PurposeKey } from '../keys/key-provider.ts';
import type { VerificationHash } from './verification-hash.ts';
import type { PairHashDone, PairHashJob } from './pair-hash-worker.ts';

export interface PairToHash {
  dob: string;
  postcode: string;
  salt: Buffer;
}

export interface PairHashPool {
  readonly threads: number;
  /** A thread failed: the pool hashes nothing more (the shared pool is then made again). */
  readonly broken: boolean;
  /** The pairs' hashes, in their order, with the pepper (the verification key) and cost given. */
  hash(pepper: PurposeKey, cost: string, pairs: readonly PairToHash[]): Promise<VerificationHash[]>;
  close(): Promise<void>;
}

const WORKER = new URL('./pair-hash-worker.ts', import.meta.url);

interface Thread {
  worker: Worker;
  pending: Map<number, { resolve: (h: Uint8Array[]) => void; reject: (e: Error) => void }>;
}

export function createPairHashPool(threads = availableParallelism()): PairHashPool {
  let broken: Error | null = null;
  let nextId = 0;
  const pool: Thread[] = Array.from({ length: Math.max(1, threads) }, () => {
    const thread: Thread = { worker: new Worker(WORKER), pending: new Map() };
    thread.worker.on('message', (done: PairHashDone) => {
      const job = thread.pending.get(done.id);
      thread.pending.delete(done.id);
      if (thread.pending.size === 0) thread.worker.unref();
      if ('error' in done) job?.reject(new Error(done.error));
      else job?.resolve(done.hashes);
    });
    thread.worker.on('error', (error) => {
      broken = error;
      for (const job of thread.pending.values()) job.reject(error);
      thread.pending.clear();
      thread.worker.unref();
    });
    // An idle thread does not keep the process alive; one with work does (ref in run).
    thread.worker.unref();
    return thread;
  });

  function run(thread: Thread, job: Omit<PairHashJob, 'id'>): Promise<Uint8Array[]> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      if (thread.pending.size === 0) thread.worker.ref();
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ id, ...job } satisfies PairHashJob);
    });
  }

  return {
    threads: pool.length,
    get broken() {
      return broken !== null;
    },
    async hash(pepper, cost, pairs) {
      if (broken) throw broken;
      if (pairs.length === 0) return [];
      // One slice per thread, in order, so the hashes come back beside their pairs.
      const size = Math.ceil(pairs.length / pool.length);
      const secret = new Uint8Array(pepper.secret);
      const slices = await Promise.all(
        pool
          .filter((_, i) => i * size < pairs.length)
          .map((thread, i) =>
            run(thread, {
              pepper: secret,
              cost,
              pairs: pairs
                .slice(i * size, (i + 1) * size)
                .map((p) => ({ dob: p.dob, postcode: p.postcode, salt: p.salt })),
            }),
          ),
      );
      return slices.flat().map((hash, i) => ({
        pairHash: Buffer.from(hash),
        salt: pairs[i]!.salt,
        cost,
        pepperKeyId: pepper.id,
      }));
    },
    async close() {
      await Promise.all(pool.map((thread) => thread.worker.terminate()));
    },
  };
}

let shared: PairHashPool | null = null;

/** This process's pool, made on first use (threads start once, not once per run). */
export function sharedPairHashPool(): PairHashPool {
  if (!shared || shared.broken) shared = createPairHashPool();
  return shared;
}
