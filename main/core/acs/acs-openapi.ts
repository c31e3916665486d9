/**
 * The OpenAPI 3.1 description of the ACS gateway contract, generated from the zod schemas in
 * acs-contract.ts (the one source). `npm run docs:acs-openapi` writes it to
 * docs/acs-gateway.openapi.json; a test fails when that file and this output differ, and
 * validates the document with an OpenAPI validator.
 */
import { z } from 'zod';
import packageJson from '../../../package.json' with { type: 'json' };
import {
  ACS_CONTRACT_VERSION,
  AcsApplyResetAnswer,
  AcsApplyResetRequest,
  AcsCardRef,
  AcsCardState,
  AcsIdempotencyKey,
  AcsProblem,
  AcsResets,
  AcsStatus,
  IDEMPOTENCY_KEY_HEADER,
} from './acs-contract.ts';

export const ACS_OPENAPI_FILE = 'docs/acs-gateway.openapi.json';

type JsonSchema = Record<string, unknown>;

/** A schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), without its own $schema and id. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const {
    $schema: _dialect,
    id: _id,
    ...rest
  } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'throw',
  }) as JsonSchema;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function json(name: string, description: string) {
  return { description, content: { 'application/json': { schema: ref(name) } } };
}

const problems = {
  '400': json('Problem', 'The request is malformed (bad-request): do not retry.'),
  '401': json('Problem', 'No valid client certificate or bearer token (unauthorized).'),
  '404': json('Problem', 'The ACS does not know this card reference (unknown-card).'),
  '503': json('Problem', 'The ACS cannot answer now (unavailable): retry later.'),
};

export function buildAcsOpenApi(): Record<string, unknown> {
  const cardRef = {
    name: 'cardRef',
    in: 'path',
    required: true,
    description: "The issuer's ACS card reference (never a card number).",
    schema: jsonSchema(AcsCardRef, 'input'),
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Verify Desk ACS gateway',
      version: `${ACS_CONTRACT_VERSION} (Verify Desk ${packageJson.version})`,
      summary:
        "What Verify Desk asks of an issuer's access control server: a card's 3-D Secure lock, its resets, and one reset applied at most once per idempotency key.",
      description:
        "An issuer's integration team implements this contract in front of its ACS vendor's API. Generated from the console's schemas; the rules behind it are in docs/ACS-GATEWAY.md.",
    },
    servers: [
      {
        url: 'https://acs-gateway.issuer.example/acs/v1',
        description: 'Configured per database with desk-admin acs set --url.',
      },
    ],
    security: [{ mutualTLS: [] }, { bearer: [] }],
    paths: {
      '/status': {
        get: {
          operationId: 'status',
          summary: 'The gateway answers and speaks this contract.',
          responses: {
            '200': json('Status', 'The contract version and the ACS clock.'),
            '503': problems['503'],
          },
        },
      },
      '/cards/{cardRef}/lock': {
        get: {
          operationId: 'readCardState',
          summary: "The card's lock now, with the time it was read.",
          parameters: [cardRef],
          responses: {
            '200': json('CardState', 'The lock in force, or unlocked.'),
            ...problems,
          },
        },
      },
      '/cards/{cardRef}/resets': {
        get: {
          operationId: 'readResets',
          summary: "The card's resets, newest first.",
          parameters: [cardRef],
          responses: { '200': json('Resets', 'Locks cleared before they ran out.'), ...problems },
        },
        post: {
          operationId: 'applyReset',
          summary: 'Clear the named lock, at most once per idempotency key.',
          description:
            'If another lock than the one named is in force (another start or cause: a new wrong-code lock, a fraud hold), nothing is cleared and the answer is lock-changed. Every decided outcome is a 200; a repeat of the key returns the first answer again.',
          parameters: [
            cardRef,
            {
              name: IDEMPOTENCY_KEY_HEADER,
              in: 'header',
              required: true,
              description: 'The same for every attempt at one reset.',
              schema: jsonSchema(AcsIdempotencyKey, 'input'),
            },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('ApplyResetRequest') } },
          },
          responses: {
            '200': json('ApplyResetAnswer', 'The final answer for this key.'),
            ...problems,
            '422': json(
              'Problem',
              'The key was used before for another card or lock (idempotency-key-reused).',
            ),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        mutualTLS: {
          type: 'mutualTLS',
          description:
            'A client certificate the ACS gateway trusts (desk-admin acs set --client-cert).',
        },
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A token held in the key store (desk-admin acs set --token-file).',
        },
      },
      schemas: {
        Status: jsonSchema(AcsStatus, 'output'),
        CardState: jsonSchema(AcsCardState, 'output'),
        Resets: jsonSchema(AcsResets, 'output'),
        ApplyResetRequest: jsonSchema(AcsApplyResetRequest, 'input'),
        ApplyResetAnswer: jsonSchema(AcsApplyResetAnswer, 'output'),
        Problem: jsonSchema(AcsProblem, 'output'),
      },
    },
  };
}

/** The file's text: stable JSON with a final newline (prettier leaves it alone). */
export function acsOpenApiText(): string {
  return `${JSON.stringify(buildAcsOpenApi(), null, 2)}\n`;
}
