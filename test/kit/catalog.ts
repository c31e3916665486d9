/**
 * What the screen should say, read from the renderer's own i18n catalogs: specs assert the
 * catalog's text in the agent's language instead of copying strings that would drift.
 */
import { readFileSync } from 'node:fs';
import type { Reason } from '../../shared/contract/index.ts';

export type Language = 'ja' | 'en';

type Catalog = { [key: string]: string | Catalog };

const catalogs = new Map<Language, Catalog>();

function catalog(language: Language): Catalog {
  let found = catalogs.get(language);
  if (!found) {
    const file = new URL(`../../renderer/src/i18n/${language}.json`, import.meta.url);
    found = JSON.parse(readFileSync(file, 'utf8')) as Catalog;
    catalogs.set(language, found);
  }
  return found;
}

/** The catalog's text at a dotted key, e.g. `reset.title`. */
export function text(language: Language, key: string): string {
  let node: string | Catalog | undefined = catalog(language);
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string') throw new Error(`No ${language} text at ${key}`);
  return node;
}

/** A refusal as the agent reads it: `reasons.<reason>` in their language. */
export const reasonText = (language: Language, reason: Reason): string =>
  text(language, `reasons.${reason}`);
