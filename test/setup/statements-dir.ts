import { resolve } from 'node:path';

/** Where the test run leaves the statements it saw prepared (one JSONL file per process). */
export const STATEMENTS_DIR = resolve(import.meta.dirname, '../../test-results/statements');
