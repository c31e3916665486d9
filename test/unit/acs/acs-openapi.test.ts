import SwaggerParser from '@apidevtools/swagger-parser';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AcsApplyResetAnswer,
  AcsApplyResetRequest,
  AcsCardRef,
  AcsCardState,
} from '../../../main/core/acs/acs-contract.ts';
import { ACS_OPENAPI_FILE, acsOpenApiFileText } from '../../../main/core/acs/acs-openapi-file.ts';

const onDisk = () => readFileSync(ACS_OPENAPI_FILE, 'utf8');

describe('the ACS gateway OpenAPI file', () => {
  it('is what the schemas generate (run npm run docs:acs-openapi after changing them)', async () => {
    expect(onDisk()).toBe(await acsOpenApiFileText());
  });

  it('validates as OpenAPI 3.1', async () => {
    const api = await SwaggerParser.validate(JSON.parse(onDisk()) as never);
    expect((api as { openapi?: string }).openapi).toBe('3.1.0');
  });

  it('a broken document is refused by the validator (the check can fail)', async () => {
    const broken = JSON.parse(onDisk()) as { paths: Record<string, { get?: unknown }> };
    broken.paths['/status']!.get = {
      responses: { '200': { $ref: '#/components/responses/Nope' } },
    };
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow();
  });
});

describe('the gateway schemas', () => {
  it('never accept a card number as the ACS card reference', () => {
    expect(AcsCardRef.safeParse('ACS-REF-000123').success).toBe(true);
    expect(AcsCardRef.safeParse('4111111111111111').success).toBe(false);
    expect(AcsCardRef.safeParse('card-411111111111').success).toBe(false);
    expect(AcsCardRef.safeParse('ref with spaces').success).toBe(false);
  });

  it('a reset names the lock it was decided on, by start and cause', () => {
    const since = '2026-11-27T09:58:00.000Z';
    expect(
      AcsApplyResetRequest.safeParse({
        lock: { since, cause: 'wrong_codes' },
        requestedAt: since,
      }).success,
    ).toBe(true);
    expect(AcsApplyResetRequest.safeParse({ lock: { since }, requestedAt: since }).success).toBe(
      false,
    );
  });

  it('answers are closed: an unknown outcome or field is refused', () => {
    expect(
      AcsApplyResetAnswer.safeParse({ outcome: 'applied', clearedAt: '2026-11-27T10:00:00.000Z' })
        .success,
    ).toBe(true);
    expect(AcsApplyResetAnswer.safeParse({ outcome: 'probably' }).success).toBe(false);
    expect(
      AcsCardState.safeParse({
        cardRef: 'R1',
        lock: { state: 'unlocked' },
        asOf: '2026-11-27T10:00:00.000Z',
        pan: '4111111111111111',
      }).success,
    ).toBe(false);
  });
});
