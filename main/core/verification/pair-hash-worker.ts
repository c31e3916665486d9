/**
 * One thread of the verification-pair pool (pair-hash-pool.ts): hashes each pair it is sent
 * with the pepper and cost of the job, and sends the hashes back in the same order.
 */
import { parentPort } from 'node:worker_threads';
import { derivePairHashSync } from './verification-hash.ts';

export interface PairHashJob {
  id: number;
  pepper: Uint8Array;
  cost: string;
  /** dob, postcode and a 16-byte salt per pair. */
  pairs: { dob: string; postcode: string; salt: Uint8Array }[];
}

export type PairHashDone = { id: number; hashes: Uint8Array[] } | { id: number; error: string };

parentPort!.on('message', (job: PairHashJob) => {
  try {
    const hashes = job.pairs.map((pair) =>
      derivePairHashSync(job.pepper, pair.dob, pair.postcode, pair.salt, job.cost),
    );
    parentPort!.postMessage({ id: job.id, hashes } satisfies PairHashDone);
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: (error as Error).message } satisfies PairHashDone);
  }
});
