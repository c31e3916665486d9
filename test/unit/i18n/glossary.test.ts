/**
 * One term per concept: docs/GLOSSARY.md lists, for each concept, the Japanese and English
 * terms and the variants that must not appear. This test reads that table and fails when a
 * banned variant is in the catalogs or in the call scripts' words — and proves it would, on a
 * planted term.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import en from '../../../renderer/src/i18n/en.json' with { type: 'json' };
import ja from '../../../renderer/src/i18n/ja.json' with { type: 'json' };
import { CALL_STAGES } from '../../../shared/diagnosis/call-stage.ts';
import { CAUSE_TEXTS } from '../../../shared/diagnosis/cause-texts.ts';
import { CAUSES, CODE_ROUTES } from '../../../shared/diagnosis/causes.ts';
import { composeScript } from '../../../shared/diagnosis/script.ts';
import type { Language } from '../../../shared/languages.ts';

type Catalog = { [key: string]: string | Catalog };

function leaves(catalog: Catalog, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    if (typeof value === 'string') found.set(prefix + key, value);
    else for (const [k, v] of leaves(value, `${prefix}${key}.`)) found.set(k, v);
  }
  return found;
}

/** The banned variants per language, read from the glossary's table. */
function bannedTerms(markdown: string): Record<Language, string[]> {
  const start = markdown.indexOf('<!-- glossary:start -->');
  const end = markdown.indexOf('<!-- glossary:end -->');
  if (start < 0 || end < start) throw new Error('docs/GLOSSARY.md has no glossary markers');
  const rows = markdown
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[\s|-]+\|$/u.test(line))
    .slice(1)
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
  const list = (cell: string | undefined) =>
    cell === undefined || cell === '—' ? [] : cell.split(',').map((t) => t.trim());
  return {
    ja: rows.flatMap((row) => list(row[3])),
    en: rows.flatMap((row) => list(row[4])),
  };
}

/** Every text that breaks the glossary: `key: banned term`. */
function glossaryViolations(texts: Map<string, string>, banned: readonly string[]): string[] {
  const found: string[] = [];
  for (const [key, text] of texts)
    for (const term of banned) {
      const pattern = /^[A-Za-z ]+$/u.test(term)
        ? new RegExp(`\\b${term}\\b`, 'iu')
        : new RegExp(term === '本人確認' ? '(?<!ご本人様)本人確認' : term, 'u');
      if (pattern.test(text)) found.push(`${key}: ${term}`);
    }
  return found;
}

const BANNED = bannedTerms(readFileSync('docs/GLOSSARY.md', 'utf8'));

/** Every line any script can say, and every cause's title and explanation. */
function scriptTexts(language: Language): Map<string, string> {
  const texts = new Map<string, string>();
  for (const cause of CAUSES) {
    texts.set(`cause.${cause}.title`, CAUSE_TEXTS[cause][language].title);
    texts.set(`cause.${cause}.explanation`, CAUSE_TEXTS[cause][language].explanation);
    for (const stage of CALL_STAGES)
      for (const route of [...CODE_ROUTES, null])
        for (const line of composeScript({
          cause,
          stage,
          verified: true,
          language,
          facts: {
            brand: 'JCB',
            route,
            now: '2026-11-20T01:00:00.000Z',
            lock: { until: '2026-11-20T01:18:00.000Z' },
            canReset: { escalation: ['second-reset', 'recent-contact-change'] },
            waitingFor: ['second-reset', 'recent-contact-change'],
          },
        }))
          texts.set(`script.${cause}.${stage}.${line.id}`, line.text);
  }
  return texts;
}

describe('the glossary', () => {
  it('bans something in each language', () => {
    expect(BANNED.ja.length).toBeGreaterThan(3);
    expect(BANNED.en.length).toBeGreaterThan(2);
  });

  it('holds in the catalogs and the call scripts, in Japanese and English', () => {
    expect(glossaryViolations(leaves(ja as Catalog), BANNED.ja)).toEqual([]);
    expect(glossaryViolations(leaves(en as Catalog), BANNED.en)).toEqual([]);
    expect(glossaryViolations(scriptTexts('ja'), BANNED.ja)).toEqual([]);
    expect(glossaryViolations(scriptTexts('en'), BANNED.en)).toEqual([]);
  });

  it('fails on a planted banned term', () => {
    const plantedJa = leaves(ja as Catalog);
    plantedJa.set('reset.title', 'リセット');
    expect(glossaryViolations(plantedJa, BANNED.ja)).toEqual(['reset.title: リセット']);
    const plantedEn = leaves(en as Catalog);
    plantedEn.set('verify.title', 'Ask for the OTP');
    expect(glossaryViolations(plantedEn, BANNED.en)).toEqual(['verify.title: OTP']);
    // "ご本人様確認" is the term; a plain "本人確認" is not.
    expect(glossaryViolations(new Map([['a', 'ご本人様確認']]), BANNED.ja)).toEqual([]);
    expect(glossaryViolations(new Map([['a', '本人確認']]), BANNED.ja)).toEqual(['a: 本人確認']);
  });
});
