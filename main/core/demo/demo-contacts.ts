/**
 * The contact points each demo cardholder has, by scenario: statuses, recent changes and
 * pending changes placed relative to the demo's "now". Only masked values leave here with
 * the clear value they are hashed from; the builder stores the mask and the keyed hash.
 */
import { maskEmail } from '../../../shared/input/email.ts';
import { maskPhone } from '../../../shared/input/mobile.ts';
import type { ContactKind, ContactStatus } from '../../../shared/contacts/contact-codes.ts';
import type { DemoPerson } from './demo-people.ts';
import { seededRandom } from './seeded-random.ts';

export interface DemoContact {
  kind: ContactKind;
  /** Normalised clear value (E.164, lower-case email): hashed by the builder, never stored. */
  value: string;
  masked: string;
  status: ContactStatus;
  updatedAt: string;
  valueChangedAt: string | null;
  /** A requested change: its clear value (hashed by nobody, masked by the importer) and mask. */
  pending: { value: string; masked: string; effectiveAt: string } | null;
}

const DAY = 86_400_000;

export function demoContacts(seed: string, person: DemoPerson, now: Date): DemoContact[] {
  const random = seededRandom(seed, `contacts:${person.publicId}`);
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
  const contacts: DemoContact[] = [];
  const registeredDaysAgo = random.int(60, 1500);
  const base = { updatedAt: daysAgo(registeredDaysAgo), valueChangedAt: null, pending: null };

  if (person.mobile) {
    const mobile: DemoContact = {
      ...base,
      kind: 'mobile',
      value: person.mobile,
      masked: maskPhone(person.mobile),
      status: 'verified',
    };
    switch (person.scenario) {
      case 'mobile-change-pending': {
        // Asked for a new number yesterday; it takes effect in three days.
        const next = `+8180${random.digits(8)}`;
        mobile.updatedAt = daysAgo(1);
        mobile.pending = { value: next, masked: maskPhone(next), effectiveAt: daysAgo(-3) };
        break;
      }
      case 'recent-mobile-change':
        // The takeover pattern: the number changed two days ago, then codes failed.
        mobile.updatedAt = daysAgo(2);
        mobile.valueChangedAt = daysAgo(2);
        mobile.status = 'unverified';
        break;
      case 'code-to-old-mobile':
        // Changed five days ago; the ACS still sent the last code to the old number.
        mobile.updatedAt = daysAgo(5);
        mobile.valueChangedAt = daysAgo(5);
        break;
      case 'ordinary':
        if (random.next() < 0.1) mobile.status = 'unverified';
        break;
      default:
        break;
    }
    contacts.push(mobile);
  }

  if (person.email && !(person.scenario === 'ordinary' && random.next() < 0.15)) {
    const email: DemoContact = {
      ...base,
      kind: 'email',
      value: person.email,
      masked: maskEmail(person.email),
      status: 'verified',
    };
    if (person.scenario === 'email-bouncing') {
      email.status = 'bounced';
      email.updatedAt = daysAgo(4);
    }
    contacts.push(email);
  }
  return contacts;
}
