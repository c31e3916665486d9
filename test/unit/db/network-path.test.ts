import { describe, expect, it } from 'vitest';
import { networkPathReason } from '../../../main/core/db/network-path.ts';

describe('networkPathReason', () => {
  it.each(['\\\\server\\share\\desk.db', '//server/share/desk.db'])(
    'refuses UNC path %s',
    (path) => {
      expect(networkPathReason(path, 'win32')).toMatch(/network share \(UNC path\)/);
    },
  );

  it('refuses an NFS or SMB mount on Linux', () => {
    expect(networkPathReason('/mnt/nfs/desk.db', 'linux', () => 0x6969)).toMatch(/NFS file system/);
    expect(networkPathReason('/mnt/smb/desk.db', 'linux', () => 0xfe534d42)).toMatch(/SMB2/);
  });

  it('accepts a local disk', () => {
    expect(networkPathReason('/var/lib/desk.db', 'linux', () => 0xef53)).toBeNull();
    expect(networkPathReason('C:\\Users\\agent\\desk.db', 'win32')).toBeNull();
  });
});
