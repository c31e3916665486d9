/**
 * One thread of the demo's verification-pair pool: hashes each pair it is sent with the
 * verification key and the cost it is given, and sends the hashes back in the same order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { derivePairHashSync } from '../verification/verification-hash.ts';

export interface FactHashWorkerData {
  pepper: Uint8Array;
  cost: string;
}

export interface FactHashJob {
  id: number;
  /** dob, postcode and a 16-byte salt per pair. */
  pairs: { dob: string; postcode: string; salt: Uint8Array }[];
}

export interface FactHashDone {
  id: number;
  hashes: Uint8Array[];
}

const { pepper, cost } = workerData as FactHashWorkerData;

parentPort!.on('message', (job: FactHashJob) => {
  const hashes = job.pairs.map((pair) =>
    derivePairHashSync(pepper, pair.dob, pair.postcode, pair.salt, cost),
  );
  parentPort!.postMessage({ id: job.id, hashes } satisfies FactHashDone);
});
