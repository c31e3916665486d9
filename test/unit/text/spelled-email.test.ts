/**
 * Email addresses spelled out so no @ or dot shows. The forms a malicious agent used are
 * each refused (most since issue 16; kept here so they stay refused); the spellings found
 * while checking them — @ in brackets as (a), [@] or (atmark), at-mark, romaji attomaaku and
 * dotto, ピリオド for a dot — are refused too. Ordinary notes with "at", "dot", "(a)" or a
 * merchant's site are each accepted.
 */
import { describe, expect, it } from 'vitest';
import { freeTextProblems } from '../../../shared/text/free-text-guard.ts';

const NOW = new Date('2026-11-27T09:00:00.000Z');

const SPELLED_EMAILS: string[] = [
  'taro dot yamada at example dot com',
  'taro(at)example.com',
  'taro[at]example[dot]com',
  'taro＠example．com',
  'taro atmark example.com',
  'taro アットマーク example ドット com',
  // Found while checking those.
  'taro (a) example.com',
  'taro(a)example(dot)com',
  'taro [@] example.com',
  'taro (atmark) example.com',
  'taro（アットマーク）example.com',
  'taro at-mark example.com',
  'taro attomaaku example dotto com',
  'taro atto maaku example.com',
  'taro at example dotto com',
  'taro at example ピリオド com',
];

const ORDINARY: string[] = [
  'Customer will call back at 3.',
  'Customer was at the store when the code expired.',
  'Checkout at shop.example.jp failed twice.',
  'Explained options (a) and (b); customer chose (a).',
  'Customer at home now, will retry in 10 minutes.',
  'Told the customer the dot in the app means a new message.',
  'メールアドレスはコンソールで確認済み（メモには記載しない）。',
  'アットマークを含むメールアドレスの登録方法をご案内。',
  'ドットとアットマークの入力方法をご説明。',
];

describe('spelled-out email addresses are refused', () => {
  it.each(SPELLED_EMAILS)('refuses %j', (text) => {
    expect(freeTextProblems(text, NOW)).toEqual(['email']);
  });
});

describe('ordinary notes that spell "at" or "dot" are accepted', () => {
  it.each(ORDINARY)('accepts %j', (text) => {
    expect(freeTextProblems(text, NOW)).toEqual([]);
  });
});
