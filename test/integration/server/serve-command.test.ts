/**
 * `desk-admin serve` refuses what it cannot serve with one clear line, before opening
 * anything: an address that is not HOST:PORT, a certificate or key it cannot read.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseListen } from '../../../main/server/serve.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { runCli } from '../cli/cli-harness.ts';

const tempDir = useTempDir();

describe('desk-admin serve', () => {
  it('reads HOST:PORT, [v6]:PORT and :PORT', () => {
    expect(parseListen('0.0.0.0:8443')).toEqual({ host: '0.0.0.0', port: 8443 });
    expect(parseListen('[::1]:8443')).toEqual({ host: '::1', port: 8443 });
    expect(parseListen(':8443')).toEqual({ host: '127.0.0.1', port: 8443 });
    expect(() => parseListen('8443')).toThrow(/is not HOST:PORT/u);
    expect(() => parseListen('host:70000')).toThrow(/is not HOST:PORT/u);
  });

  it('refuses a bad address or an unreadable certificate with one line', async () => {
    const dir = tempDir();
    const base = ['serve', '--db', join(dir, 'desk.db'), '--tls-key', join(dir, 'k.pem')];
    const badListen = await runCli([...base, '--listen', 'nowhere', '--tls-cert', 'c.pem']);
    expect(badListen.code).toBe(1);
    expect(badListen.stderr).toBe(
      'desk-admin: --listen "nowhere" is not HOST:PORT (e.g. 0.0.0.0:8443 or 127.0.0.1:8443).\n',
    );
    const noCert = await runCli([
      ...base,
      '--listen',
      '127.0.0.1:0',
      '--tls-cert',
      join(dir, 'missing.pem'),
    ]);
    expect(noCert.code).toBe(1);
    expect(noCert.stderr).toBe(
      `desk-admin: Cannot read the TLS certificate "${join(dir, 'missing.pem')}".\n`,
    );
  });
});
