/**
 * A refusal as the agent reads it: the catalog's text for its reason, in the agent's
 * language. Never the router's English message (that is for logs and the CLI). A reason the
 * catalog does not know yet falls back to the text for its kind of refusal.
 */
import type { TFunction } from 'i18next';
import type { DeskError, Reason } from '../../../shared/contract/index.ts';

export function reasonText(t: TFunction, error: Pick<DeskError, 'code' | 'reason'>): string {
  return t(`reasons.${error.reason}`, { defaultValue: t(`errors.${error.code}`) });
}

/** The catalog text of a reason the screen knows itself (a check made before any call). */
export function reasonKey(reason: Reason): string {
  return `reasons.${reason}`;
}
