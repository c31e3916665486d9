import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { CONTACT_KINDS, type ContactKind } from '../../../../shared/contacts/contact-codes.ts';
import type { ContactView } from '../../../../shared/contract/index.ts';
import { formatDate } from '../../ui/format.ts';
import { reasonText } from '../../ui/reason-text.ts';
import { useContactsStore } from './contacts-store.ts';

/**
 * Where one-time codes go: the registered mobile and email, masked, with their status, when
 * they last changed, and any pending change. Once the caller is verified, the agent can check
 * a number or address the caller says against the registered one: match or no match only.
 */
export function ContactsPanel({
  cardId,
  contacts,
  verified,
}: {
  cardId: string;
  contacts: readonly ContactView[];
  verified: boolean;
}) {
  const { t, i18n } = useTranslation();

  return (
    <section className="panel" aria-labelledby="contacts-title" data-testid="contacts-panel">
      <h2 id="contacts-title">{t('contacts.title')}</h2>
      <ul className="contact-list">
        {contacts.map((contact) => (
          <ContactRow key={contact.kind} contact={contact} language={i18n.language} />
        ))}
      </ul>
      {verified ? (
        <ContactCheck cardId={cardId} />
      ) : (
        <p className="muted small" data-testid="contact-check-locked">
          {t('contacts.checkAfterVerify')}
        </p>
      )}
    </section>
  );
}

function ContactRow({ contact, language }: { contact: ContactView; language: string }) {
  const { t } = useTranslation();
  const { registered, pending } = contact;
  return (
    <li className="contact" data-testid={`contact-${contact.kind}`}>
      <span className="contact-kind">{t(`contacts.kind.${contact.kind}`)}</span>
      {registered ? (
        <span className="contact-body">
          <span className="mono" data-testid={`contact-${contact.kind}-masked`}>
            {registered.masked}
          </span>
          <span
            className={`chip chip-${registered.status}`}
            data-testid={`contact-${contact.kind}-status`}
            data-status={registered.status}
          >
            {t(`contacts.status.${registered.status}`)}
          </span>
          <span className="muted small">
            {t('contacts.updated', { date: formatDate(registered.updatedAt, language) })}
          </span>
          {registered.recentlyChanged && registered.changedAt && (
            <span
              className="warning-line"
              role="note"
              data-testid={`contact-${contact.kind}-recent`}
            >
              ⚠{' '}
              {t('contacts.recentlyChanged', { date: formatDate(registered.changedAt, language) })}
            </span>
          )}
        </span>
      ) : (
        <span className="contact-body muted" data-testid={`contact-${contact.kind}-none`}>
          {t('contacts.none')}
        </span>
      )}
      {pending && (
        <span className="pending-line" data-testid={`contact-${contact.kind}-pending`}>
          {t(`contacts.pending.${contact.kind}`, {
            masked: pending.masked,
            date: formatDate(pending.effectiveAt, language),
          })}
        </span>
      )}
    </li>
  );
}

function ContactCheck({ cardId }: { cardId: string }) {
  const { t } = useTranslation();
  const { check, result, error } = useContactsStore(
    useShallow((s) => ({ check: s.checkContact, result: s.check, error: s.error })),
  );
  const [kind, setKind] = useState<ContactKind>('mobile');
  const [value, setValue] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (value.trim() === '') return;
    await check(cardId, kind, value);
    setValue('');
  };

  return (
    <form
      className="form form-row contact-check"
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      <label className="field">
        <span>{t('contacts.checkWhich')}</span>
        <select
          data-testid="contact-check-kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as ContactKind)}
        >
          {CONTACT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`contacts.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field field-grow">
        <span>{t('contacts.checkValue')}</span>
        <input
          data-testid="contact-check-value"
          autoComplete="off"
          spellCheck={false}
          maxLength={254}
          value={value}
          onChange={(event) => setValue(event.target.value)}
        />
      </label>
      <button type="submit" className="button-primary" data-testid="contact-check-submit">
        {t('contacts.check')}
      </button>
      {result && (
        <p
          className={`status ${result.match ? 'status-ok' : 'status-danger'}`}
          role="status"
          data-testid="contact-check-result"
          data-match={String(result.match)}
        >
          {t(result.match ? 'contacts.match' : 'contacts.noMatch', {
            kind: t(`contacts.kindInSentence.${result.kind}`),
            count: result.checksLeft,
          })}
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="contact-check-error">
          {reasonText(t, error)}
        </p>
      )}
    </form>
  );
}
