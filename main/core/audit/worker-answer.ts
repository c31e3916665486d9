/**
 * A worker's one answer as a promise: the value or the error its messages report, the error
 * it throws, or its exit before it answered. Messages that are not the answer (progress) are
 * handled by `read` itself, which returns null for them. `stop` ends the worker when its
 * answer is no longer awaited.
 */
import type { Worker } from 'node:worker_threads';

export type WorkerReading<T> = { value: T } | { error: string } | null;

export function workerAnswer<M, T>(
  worker: Worker,
  read: (message: M) => WorkerReading<T>,
  whoStopped: string,
): { answer: Promise<T>; stop: () => Promise<number> } {
  let settled = false;
  const answer = new Promise<T>((resolve, reject) => {
    worker.on('message', (message: M) => {
      const reading = read(message);
      if (reading === null) return;
      settled = true;
      if ('value' in reading) resolve(reading.value);
      else reject(new Error(reading.error));
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`${whoStopped} stopped (exit ${code}).`));
    });
  });
  return {
    answer,
    stop: () => {
      settled = true;
      return worker.terminate();
    },
  };
}
