/**
 * The gateway row must be the one the trail's last setting names whole. A last setting written
 * before settings named the row whole (the URL and CA only, or the training mark only) cannot
 * tell an older row put back — same URL or same training mark, an older token — from the
 * current one, so it vouches for nothing: the row counts as altered until the ACS is set again.
 */
import { describe, expect, it } from 'vitest';
import { gatewayRowIdentity, gatewayRowProblem } from '../../../main/core/acs/acs-settings.ts';

type Row = NonNullable<Parameters<typeof gatewayRowProblem>[0]>;

const row: Row = {
  url: 'https://acs.issuer.example/desk/v1',
  ca_pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  client_cert_pem: null,
  client_key_sealed: null,
  token_sealed: Buffer.from('sealed token bytes'),
  seal_key_id: 'verification-000000000001',
  training: 0,
  acs_data: 1,
  updated_at: '2026-11-27T09:00:00.000Z',
} as Row;

const entry = (details: unknown) => ({
  seq: 42,
  action: 'acs.set',
  details: JSON.stringify(details),
});

describe('the gateway row against its last setting', () => {
  it('holds when the last setting names this very row', () => {
    expect(gatewayRowProblem(row, entry({ row: gatewayRowIdentity(row) }))).toBeNull();
  });

  it('an older token put back differs from the last setting', () => {
    const older = { ...row, token_sealed: Buffer.from('an older sealed token') } as Row;
    expect(gatewayRowProblem(older, entry({ row: gatewayRowIdentity(row) }))).toMatch(
      /tokenSealedSha256 differ/u,
    );
  });

  it.each([
    ['acs.set naming the URL and CA only', { after: { url: row.url, training: false } }],
    ['acs.training naming the mark only', { before: true, after: false }],
  ])('a last setting from before rows were named whole (%s) vouches for nothing', (_, details) => {
    expect(gatewayRowProblem(row, entry(details))).toMatch(
      /^its last setting \(audit entry 42, acs\.set\) is from before settings named the whole row.*set the ACS again/u,
    );
  });
});
