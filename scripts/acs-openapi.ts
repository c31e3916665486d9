/**
 * `npm run docs:acs-openapi`: writes docs/acs-gateway.openapi.json from the gateway contract's
 * zod schemas (main/core/acs/acs-contract.ts). test/unit/acs/acs-openapi.test.ts fails until it
 * is run after a schema changes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ACS_OPENAPI_FILE, acsOpenApiFileText } from '../main/core/acs/acs-openapi-file.ts';

const text = await acsOpenApiFileText();
let before = '';
try {
  before = readFileSync(ACS_OPENAPI_FILE, 'utf8');
} catch {
  // First run: nothing to compare with.
}
if (before === text) console.log(`${ACS_OPENAPI_FILE}: up to date.`);
else {
  writeFileSync(ACS_OPENAPI_FILE, text);
  console.log(`${ACS_OPENAPI_FILE}: rewritten from the contract's schemas.`);
}
