import { describe, expect, it } from 'vitest';
import { normaliseFraudCaseRef } from '../../../shared/input/fraud-case-ref.ts';

describe('fraud case reference', () => {
  it('takes the printed form however it was typed', () => {
    for (const typed of [
      'FR-123456',
      'fr123456',
      ' Fr 123 456 ',
      'ＦＲ－１２３４５６',
      'FR‐123456',
    ])
      expect(normaliseFraudCaseRef(typed), typed).toBe('FR-123456');
  });

  it('refuses anything else: other lengths, other prefixes, card numbers, phones, free text', () => {
    for (const typed of [
      '',
      'FR-12345',
      'FR-1234567',
      'FX-123456',
      '123456',
      '4111111111111111',
      '090-1234-5678',
      'FR-123456 called back',
      'FR-12345６7',
    ])
      expect(normaliseFraudCaseRef(typed), typed).toBeNull();
  });
});
