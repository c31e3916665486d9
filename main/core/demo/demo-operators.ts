/**
 * The demo operators, one per role, created only in a demo database (which the UI labels
 * DEMO). Their passwords are public, documented in the README: never use a demo database
 * for real cardholders.
 */
import type { Role } from '../../../shared/contract/index.ts';

export interface DemoOperator {
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

export const DEMO_OPERATORS: readonly DemoOperator[] = [
  {
    username: 'demo.agent',
    displayName: '山田 葵 (Aoi Yamada)',
    role: 'agent',
    password: 'agent-demo-2026',
  },
  {
    username: 'demo.lead',
    displayName: '木村 健 (Ken Kimura)',
    role: 'lead',
    password: 'lead-demo-2026',
  },
  {
    username: 'demo.auditor',
    displayName: 'Grace Holt',
    role: 'auditor',
    password: 'auditor-demo-2026',
  },
  {
    username: 'demo.admin',
    displayName: '林 誠 (Makoto Hayashi)',
    role: 'admin',
    password: 'admin-demo-2026',
  },
];

export function demoOperator(role: Role): DemoOperator {
  const operator = DEMO_OPERATORS.find((candidate) => candidate.role === role);
  if (!operator) throw new Error(`No demo operator for ${role}`);
  return operator;
}
