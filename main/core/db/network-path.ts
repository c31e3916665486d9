/**
 * SQLite's WAL mode needs shared memory and byte-range locks that network file systems do
 * not honour, so a database on a share can corrupt silently. Refuse such paths up front.
 */
import { statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** statfs f_type magic numbers of network file systems (Linux). */
const NETWORK_FS_MAGIC = new Map<number, string>([
  [0x6969, 'NFS'],
  [0xff534d42, 'CIFS'],
  [0xfe534d42, 'SMB2'],
  [0x517b, 'SMB'],
  [0x564c, 'NCP'],
  [0x01021997, '9P'],
  [0x00c36400, 'Ceph'],
  [0x19830326, 'FhGFS'],
  [0x47504653, 'GPFS'],
  [0x0bd00bd0, 'Lustre'],
  [0x6b414653, 'AFS'],
]);

/** Returns why a path must not hold the database, or null when it may. */
export function networkPathReason(
  path: string,
  platform: NodeJS.Platform = process.platform,
  fsTypeOf: (dir: string) => number | null = statfsType,
): string | null {
  if (/^(\\\\|\/\/)[^\\/]+[\\/]/u.test(path)) {
    return `"${path}" is a network share (UNC path). SQLite's WAL journal does not work on network shares; put the database on a local disk.`;
  }
  if (platform === 'linux') {
    const type = fsTypeOf(dirname(resolve(path)));
    const name = type === null ? undefined : NETWORK_FS_MAGIC.get(type);
    if (name) {
      return `"${path}" is on a ${name} file system. SQLite's WAL journal does not work on network file systems; put the database on a local disk.`;
    }
  }
  return null;
}

function statfsType(dir: string): number | null {
  try {
    return statfsSync(dir).type;
  } catch {
    return null; // the folder does not exist yet: opening will report that clearly
  }
}
