/**
 * For gateway-head.test.ts: sets the ACS gateway as `desk-admin acs set` does, and dies
 * (SIGKILL) at the moment the key store would record the new row — after the setting
 * committed, before the key store heard of it.
 */
import { createAcsSettingsStore } from '../../../../main/core/acs/acs-settings.ts';
import { createAuditTrail } from '../../../../main/core/audit/audit-trail.ts';
import { defaultAnchorPath } from '../../../../main/core/audit/checkpoint-anchor.ts';
import { systemClock } from '../../../../main/core/clock.ts';
import { openDatabase } from '../../../../main/core/db/connection.ts';
import { openKeyFile } from '../../../../main/core/keys/key-file.ts';

const [dbPath, keyFile, url] = process.argv.slice(2) as [string, string, string];
const db = openDatabase(dbPath);
const opened = openKeyFile(keyFile);
const store = opened.gatewayHead!;
const keys = {
  ...opened,
  gatewayHead: {
    where: store.where,
    read: () => store.read(),
    write: () => void process.kill(process.pid, 'SIGKILL'),
  },
};
const audit = createAuditTrail(db, keys, defaultAnchorPath(dbPath), { clock: systemClock });
createAcsSettingsStore(db, keys).set(
  audit,
  { at: new Date(), origin: 'desk-admin', operatorId: null, username: null },
  { url, token: 'issuer-bearer-token-0123456789' },
);
process.stdout.write('the key store was written\n');
