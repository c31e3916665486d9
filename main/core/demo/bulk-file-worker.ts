/**
 * Makes the bulk cardholders' generated import files off the importing thread (build-demo.ts):
 * while one file goes through the importer, the next one is made here. Deterministic like
 * the rest of the demo: the same seed, clock and indexes give the same bytes.
 */
import { parentPort } from 'node:worker_threads';
import { demoHistory } from './demo-attempts.ts';
import { bulkPerson, type BulkPerson } from './bulk-people.ts';
import { demoImportFile } from './demo-import-file.ts';

export interface BulkFileJob {
  seed: string;
  /** The first and one past the last cardholder index of the file. */
  from: number;
  to: number;
  now: string;
  /** The card numbers of the demo's first cardholders (a bulk number moves out of their way). */
  taken: string[];
}

export type BulkFileDone =
  | {
      from: number;
      bytes: Uint8Array;
      publicIds: [string, string][];
      /** Each cardholder's first card, in order (the trail's entries name it). */
      firstCards: string[];
    }
  | { from: number; error: string };

let taken: { key: string; set: ReadonlySet<string> } | null = null;

parentPort!.on('message', (job: BulkFileJob) => {
  try {
    const key = job.taken.join(',');
    if (taken?.key !== key) taken = { key, set: new Set(job.taken) };
    const now = new Date(job.now);
    const chunk: BulkPerson[] = [];
    for (let index = job.from; index < job.to; index++)
      chunk.push(bulkPerson(job.seed, index, taken.set));
    const file = demoImportFile(job.seed, chunk, job.from, now, (person, card, contacts, n) =>
      demoHistory(job.seed, person, card, contacts, now, (person as BulkPerson).attemptCounts[n]!),
    );
    // Sent without a copy when the bytes have a buffer of their own (always, at a file's size).
    const own = file.bytes.byteOffset === 0 && file.bytes.buffer.byteLength === file.bytes.length;
    const bytes = own ? new Uint8Array(file.bytes.buffer) : new Uint8Array(file.bytes);
    parentPort!.postMessage(
      {
        from: job.from,
        bytes,
        publicIds: [...file.publicIds],
        firstCards: chunk.map((person) => person.cards[0]!.publicId),
      } satisfies BulkFileDone,
      [bytes.buffer as ArrayBuffer],
    );
  } catch (error) {
    parentPort!.postMessage({
      from: job.from,
      error: (error as Error).message,
    } satisfies BulkFileDone);
  }
});
