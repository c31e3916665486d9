/**
 * `npm run server -- --db PATH [--key-file PATH] [--port 8443]`: the desk server for
 * development, on loopback only. A missing database is made as a demo (keys beside it, as
 * demos are). A development CA and a loopback certificate are made once in
 * .desk-data/server-tls/ (ca.pem is what a console's config names); production certificates
 * come from the issuer's own CA (docs/DEPLOY.md). Then runs `desk-admin serve`.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { processCliIo } from '../main/cli/cli-io.ts';
import { main as deskAdmin } from '../main/cli/desk-admin.ts';
import { buildDemoDatabase } from '../main/core/demo/build-demo.ts';
import { loopbackServerCerts } from './lib/dev-certs.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    'key-file': { type: 'string' },
    port: { type: 'string', default: '8443' },
  },
});
if (!values.db) {
  console.error('Usage: npm run server -- --db PATH [--key-file PATH] [--port 8443]');
  process.exit(2);
}
const dbPath = resolve(values.db);
const keyFile = values['key-file'] ?? `${dbPath}.key`;

if (!existsSync(dbPath)) {
  const summary = await buildDemoDatabase({ dbPath, keyFile, now: new Date() });
  console.log(`Demo database made: ${summary.cardholders} cardholders (${dbPath}).`);
}

const tlsDir = resolve('.desk-data/server-tls');
const files = {
  ca: join(tlsDir, 'ca.pem'),
  cert: join(tlsDir, 'server.pem'),
  key: join(tlsDir, 'server-key.pem'),
};
if (!existsSync(files.key)) {
  mkdirSync(tlsDir, { recursive: true, mode: 0o700 });
  const { ca, server } = await loopbackServerCerts();
  writeFileSync(files.ca, ca);
  writeFileSync(files.cert, server.cert);
  writeFileSync(files.key, server.key, { mode: 0o600 });
  chmodSync(files.key, 0o600);
  console.log(`Development CA and loopback certificate made in ${tlsDir}.`);
}
console.log(
  `A console connects with this config: {"server": "https://localhost:${values.port}", "ca": "${files.ca}"}`,
);

process.exitCode = await deskAdmin(
  [
    'serve',
    '--db',
    dbPath,
    '--key-file',
    keyFile,
    '--listen',
    `127.0.0.1:${values.port}`,
    '--tls-cert',
    files.cert,
    '--tls-key',
    files.key,
  ],
  processCliIo(),
);
