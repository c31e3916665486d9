import { createCliIo, type CliIo } from '../../../main/cli/cli-io.ts';
import { main } from '../../../main/cli/desk-admin.ts';
import type { KeychainPort } from '../../../main/core/keys/keychain-keys.ts';
import { fakeKeychain } from '../../unit/keys/fake-keychain.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs desk-admin in-process with captured output and (by default) a working fake keychain. */
export async function runCli(
  argv: string[],
  options: { keychain?: KeychainPort; io?: Partial<CliIo>; password?: string } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io = createCliIo({
    stdout: { write: (text) => (stdout += text) },
    stderr: { write: (text) => (stderr += text) },
    env: {},
    keychain: options.keychain ?? fakeKeychain(),
    readPassword: async () => options.password ?? '',
  });
  const code = await main(argv, { ...io, ...options.io });
  return { code, stdout, stderr };
}
