/**
 * A card's acsCardRef is checked on import by the contract's own schema (AcsCardRef, the one
 * the network gateway checks before a request): what the import keeps, the gateway can send,
 * and the JSON Schema the issuer validates with says the same.
 */
import { describe, expect, it } from 'vitest';
import { AcsCardRef } from '../../../main/core/acs/acs-contract.ts';
import { importSchemaFiles } from '../../../main/core/import/json-schema.ts';
import { CardRecord } from '../../../main/core/import/schemas.ts';

const card = (acsCardRef: string) => ({
  type: 'card',
  id: 'C-1',
  cardholderId: 'H-1',
  cardNumber: '4111111111111111',
  product: 'gold',
  acsCardRef,
  asOf: '2026-11-20T00:00:00Z',
});

describe('acsCardRef on import', () => {
  it('refuses, field named, every reference the contract refuses', () => {
    for (const ref of ['A123456789012', 'R'.repeat(65), 'ACS 1', '', '.', '..']) {
      const parsed = CardRecord.safeParse(card(ref));
      expect(AcsCardRef.safeParse(ref).success, ref).toBe(false);
      expect(parsed.success, ref).toBe(false);
      expect(parsed.error?.issues[0]?.path, ref).toEqual(['acsCardRef']);
    }
    for (const ref of ['ACS-GOLD-000123', '...', '.R', 'R..'])
      expect(CardRecord.safeParse(card(ref)).success, ref).toBe(true);
  });

  it('the JSON Schema states the contract’s pattern', () => {
    const schema = JSON.parse(importSchemaFiles()['docs/import/record.schema.json']!) as {
      oneOf: { properties: Record<string, { pattern?: string; maxLength?: number }> }[];
    };
    const ref = schema.oneOf.find((s) => 'acsCardRef' in s.properties)!.properties['acsCardRef']!;
    expect(ref.pattern).toBe(String.raw`^(?!.*\d{12})(?!\.{1,2}$)[A-Za-z0-9._:-]+$`);
    expect(ref.maxLength).toBe(64);
  });
});
