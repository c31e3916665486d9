/**
 * The console's connected-mode configuration, deployed by an administrator (docs/DEPLOY.md),
 * never written by the console: where the desk server is, the CA that signed its
 * certificate, and optionally this machine's client certificate and key for mutual TLS.
 *
 *   { "server": "https://desk.example.internal:8443", "ca": "C:\\ProgramData\\Verify Desk\\ca.pem" }
 *
 * No file means standalone mode (the local database, as before). A file that is there but
 * wrong refuses the start with what is wrong: a console never falls back to a local
 * database when it was meant to use the server.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const CONSOLE_CONFIG_FILE = 'console.json';

const ConsoleConfigFile = z.strictObject({
  server: z
    .string()
    .url()
    .refine((url) => url.startsWith('https://'), 'the server address must be https://'),
  ca: z.string().min(1),
  cert: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
});

export interface ConsoleConfig {
  server: string;
  ca: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** Where an administrator deploys the file, per platform (machine-wide, not per user). */
export function consoleConfigDir(
  platform: NodeJS.Platform = process.platform,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  if (platform === 'win32') return join(env.ProgramData ?? 'C:\\ProgramData', 'Verify Desk');
  if (platform === 'darwin') return '/Library/Application Support/Verify Desk';
  return '/etc/verify-desk';
}

export class ConsoleConfigError extends Error {}

/** The connected-mode config in `dir`, or null when there is none (standalone). */
export function readConsoleConfig(dir: string = consoleConfigDir()): ConsoleConfig | null {
  const path = join(dir, CONSOLE_CONFIG_FILE);
  if (!existsSync(path)) return null;
  let parsed;
  try {
    parsed = ConsoleConfigFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    throw new ConsoleConfigError(`${path} is not valid JSON.`);
  }
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`);
    throw new ConsoleConfigError(
      `${path} is not a valid console configuration (${issues.join('; ')}).`,
    );
  }
  const file = parsed.data;
  if ((file.cert === undefined) !== (file.key === undefined))
    throw new ConsoleConfigError(`${path}: "cert" and "key" go together.`);
  const read = (what: string, name: string) => {
    const at = join(dir, name);
    const resolved = existsSync(name) ? name : at;
    try {
      return readFileSync(resolved);
    } catch {
      throw new ConsoleConfigError(`${path}: cannot read the ${what} "${name}".`);
    }
  };
  return {
    server: file.server,
    ca: read('CA certificate', file.ca),
    ...(file.cert ? { cert: read('client certificate', file.cert) } : {}),
    ...(file.key ? { key: read('client key', file.key) } : {}),
  };
}
