/** Operator roles (PCI DSS 7.2: least privilege). */
export const ROLES = ['agent', 'lead', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
