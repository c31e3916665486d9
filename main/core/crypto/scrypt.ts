/** scrypt on the libuv thread pool, typed: passwords and verification facts both use it. */
import { scrypt as scryptCallback, type BinaryLike } from 'node:crypto';
import { promisify } from 'node:util';

export const scryptAsync = promisify(scryptCallback) as (
  secret: BinaryLike,
  salt: BinaryLike,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;
