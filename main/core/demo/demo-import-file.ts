/**
 * The demo as an import file: its cardholders, cards, contacts, verification facts, lockouts
 * and attempts as records of the documented JSON Lines format (docs/IMPORT.md), which
 * desk-admin demo applies through the importer like any issuer's file. The file is made in
 * memory and handed to the importer as bytes: its clear (fake) card numbers, contacts, dates
 * of birth and postcodes never reach a disk, as a real file's must not either.
 *
 * External ids are the cardholder's index and the card's and record's place (DH12C0A3), never
 * a card number or contact; the rows keep the public ids the demo has always had (tests and
 * the scenario list derive them from the seed), which `publicIds` maps them to.
 */
import type { ImportRecord } from '../import/schemas.ts';
import { demoContacts, type DemoContact } from './demo-contacts.ts';
import { demoLockouts } from './demo-lockouts.ts';
import type { DemoAttempt } from './demo-attempts.ts';
import type { DemoCard, DemoPerson } from './demo-people.ts';

export type AttemptsOf = (
  person: DemoPerson,
  card: DemoCard,
  contacts: DemoContact[],
  cardIndex: number,
) => DemoAttempt[];

export interface DemoImportFile {
  bytes: Buffer;
  /** External id → the public id the row gets. */
  publicIds: Map<string, string>;
}

/** `first` is the index of `people[0]` among all the demo's cardholders. */
export function demoImportFile(
  seed: string,
  people: readonly DemoPerson[],
  first: number,
  now: Date,
  attemptsOf: AttemptsOf,
): DemoImportFile {
  const asOf = now.toISOString();
  const lines: string[] = [];
  const publicIds = new Map<string, string>();
  const add = (record: ImportRecord) => lines.push(JSON.stringify(record));
  for (const [offset, person] of people.entries()) {
    const holderId = `DH${first + offset}`;
    publicIds.set(holderId, person.publicId);
    add({
      type: 'cardholder',
      id: holderId,
      customerRef: person.customerRef,
      name: person.name,
      ...(person.nameKana !== null && { nameKana: person.nameKana }),
      nameLatin: person.nameLatin,
      surname: person.surname,
      ...(person.surnameReadings.length > 0 && { surnameReadings: person.surnameReadings }),
      preferredLanguage: person.preferredLanguage,
      asOf,
    });
    const contacts = demoContacts(seed, person, now);
    for (const contact of contacts)
      add({
        type: 'contact',
        cardholderId: holderId,
        kind: contact.kind,
        value: contact.value,
        status: contact.status,
        ...(contact.valueChangedAt !== null && { valueChangedAt: contact.valueChangedAt }),
        ...(contact.pending && {
          pending: { value: contact.pending.value, effectiveAt: contact.pending.effectiveAt },
        }),
        // The contact's own time: what the console shows as its last update.
        asOf: contact.updatedAt,
      });
    add({
      type: 'verification',
      cardholderId: holderId,
      dateOfBirth: person.dob,
      postcode: person.postcode,
      asOf,
    });
    for (const [cardIndex, card] of person.cards.entries()) {
      const cardId = `${holderId}C${cardIndex}`;
      publicIds.set(cardId, card.publicId);
      add({
        type: 'card',
        id: cardId,
        cardholderId: holderId,
        cardNumber: card.pan,
        product: card.product,
        asOf,
      });
      for (const [n, lockout] of demoLockouts(person.scenario, now).entries())
        add({ type: 'lockout', id: `${cardId}L${n}`, cardId, ...lockout, asOf });
      for (const [n, attempt] of attemptsOf(person, card, contacts, cardIndex).entries())
        add({
          type: 'attempt',
          id: `${cardId}A${n}`,
          cardId,
          at: attempt.at,
          merchantName: attempt.merchant,
          amountMinor: attempt.amountMinor,
          currency: attempt.currency,
          method: attempt.method,
          ...(attempt.destination !== null && { destination: attempt.destination }),
          delivery: attempt.delivery,
          attemptsUsed: attempt.attemptsUsed,
          attemptsAllowed: attempt.attemptsAllowed,
          resends: attempt.resends,
          ...(attempt.expiresAt !== null && { expiresAt: attempt.expiresAt }),
          outcome: attempt.outcome,
          transStatus: attempt.transStatus,
          ...(attempt.transStatusReason !== null && {
            transStatusReason: attempt.transStatusReason,
          }),
          ...(attempt.eci !== null && { eci: attempt.eci }),
          ...(attempt.challengeCancel !== null && { challengeCancel: attempt.challengeCancel }),
          acsTransId: attempt.acsTransId,
          dsTransId: attempt.dsTransId,
          asOf,
        });
    }
  }
  lines.push('');
  return { bytes: Buffer.from(lines.join('\n'), 'utf8'), publicIds };
}
