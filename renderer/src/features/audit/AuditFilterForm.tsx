import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AUDIT_ACTIONS,
  AUDIT_GROUPS,
  AUDIT_RESULTS,
  auditActionsOf,
  type AuditAction,
  type AuditGroup,
  type AuditResult,
} from '../../../../shared/audit/audit-codes.ts';
import type { AuditFilter } from '../../../../shared/contract/index.ts';
import { actionName } from './audit-names.ts';

interface Fields {
  from: string;
  to: string;
  operator: string;
  group: AuditGroup | '';
  action: AuditAction | '';
  result: AuditResult | '';
  cardId: string;
}

const EMPTY: Fields = {
  from: '',
  to: '',
  operator: '',
  group: '',
  action: '',
  result: '',
  cardId: '',
};

/** A local date and time as typed (the viewer's zone) as the instant the router compares. */
const instant = (local: string): string | undefined =>
  local === '' ? undefined : new Date(local).toISOString();

function filterOf(fields: Fields): AuditFilter {
  const filter: AuditFilter = {};
  const from = instant(fields.from);
  const to = instant(fields.to);
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (fields.operator.trim()) filter.operator = fields.operator.trim();
  if (fields.group) filter.group = fields.group;
  if (fields.action) filter.action = fields.action;
  if (fields.result) filter.result = fields.result;
  if (fields.cardId.trim()) filter.cardId = fields.cardId.trim();
  return filter;
}

/** The explorer's filters: time range in the viewer's zone, operator, group and action, result, card. */
export function AuditFilterForm({ onSearch }: { onSearch: (filter: AuditFilter) => void }) {
  const { t } = useTranslation();
  const [fields, setFields] = useState<Fields>(EMPTY);
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) =>
    setFields((current) => ({ ...current, [key]: value }));
  const actions = fields.group ? auditActionsOf(fields.group) : AUDIT_ACTIONS;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(filterOf(fields));
  };

  return (
    <form className="audit-filters" onSubmit={submit} data-testid="audit-filters">
      <label className="field">
        <span>{t('audit.filter.from')}</span>
        <input
          type="datetime-local"
          data-testid="audit-from"
          value={fields.from}
          onChange={(e) => set('from', e.target.value)}
        />
      </label>
      <label className="field">
        <span>{t('audit.filter.to')}</span>
        <input
          type="datetime-local"
          data-testid="audit-to"
          value={fields.to}
          onChange={(e) => set('to', e.target.value)}
        />
      </label>
      <label className="field">
        <span>{t('audit.filter.operator')}</span>
        <input
          type="text"
          data-testid="audit-operator"
          autoComplete="off"
          spellCheck={false}
          value={fields.operator}
          onChange={(e) => set('operator', e.target.value)}
        />
      </label>
      <label className="field">
        <span>{t('audit.filter.group')}</span>
        <select
          data-testid="audit-group"
          value={fields.group}
          onChange={(e) => {
            const group = e.target.value as Fields['group'];
            setFields((current) => ({
              ...current,
              group,
              // An action outside the new group would match nothing: it is let go.
              action:
                group && current.action && !auditActionsOf(group).includes(current.action)
                  ? ''
                  : current.action,
            }));
          }}
        >
          <option value="">{t('audit.filter.any')}</option>
          {AUDIT_GROUPS.map((group) => (
            <option key={group} value={group}>
              {t(`audit.groups.${group}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('audit.filter.action')}</span>
        <select
          data-testid="audit-action"
          value={fields.action}
          onChange={(e) => set('action', e.target.value as Fields['action'])}
        >
          <option value="">{t('audit.filter.any')}</option>
          {actions.map((action) => (
            <option key={action} value={action}>
              {actionName(t, action)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('audit.filter.result')}</span>
        <select
          data-testid="audit-result"
          value={fields.result}
          onChange={(e) => set('result', e.target.value as Fields['result'])}
        >
          <option value="">{t('audit.filter.any')}</option>
          {AUDIT_RESULTS.map((result) => (
            <option key={result} value={result}>
              {t(`audit.results.${result}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('audit.filter.card')}</span>
        <input
          type="text"
          data-testid="audit-card"
          autoComplete="off"
          spellCheck={false}
          value={fields.cardId}
          onChange={(e) => set('cardId', e.target.value)}
        />
      </label>
      <div className="audit-filter-actions">
        <button type="submit" className="button-primary" data-testid="audit-apply">
          {t('audit.filter.apply')}
        </button>
        <button
          type="button"
          className="button-quiet"
          data-testid="audit-reset"
          onClick={() => {
            setFields(EMPTY);
            onSearch({});
          }}
        >
          {t('audit.filter.clear')}
        </button>
      </div>
    </form>
  );
}
