import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { AuditEntryRow } from '../../../../shared/contract/index.ts';
import { formatDateTimeZone } from '../../ui/format.ts';
import { reasonText } from '../../ui/reason-text.ts';
import { AuditEntryPanel } from './AuditEntryPanel.tsx';
import { AuditFilterForm } from './AuditFilterForm.tsx';
import { AuditToolsPanel } from './AuditToolsPanel.tsx';
import { actionName } from './audit-names.ts';
import { useAuditStore } from './audit-store.ts';

/**
 * The audit explorer (auditors land here; team leads open it from the top bar): the trail
 * newest first, filtered, virtualised and read a page at a time as it scrolls, so a trail of
 * millions stays instant; an entry opens to its details; the chain is verified with a
 * progress bar; the filtered range is exported.
 */
export function AuditExplorer() {
  const { t } = useTranslation();
  const { entries, nextBefore, matched, matchedCapped, busy, error, opened, search, more, open } =
    useAuditStore(
      useShallow((s) => ({
        entries: s.entries,
        nextBefore: s.nextBefore,
        matched: s.matched,
        matchedCapped: s.matchedCapped,
        busy: s.busy,
        error: s.error,
        opened: s.opened,
        search: s.search,
        more: s.more,
        open: s.open,
      })),
    );
  const scrollRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void search({});
  }, [search]);

  // The virtualizer's functions change as it measures: this component stays unmemoised.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 52,
    overscan: 10,
    getItemKey: (index) => entries[index]!.seq,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? -1;

  // Reading near the end of what is loaded asks for the next page.
  useEffect(() => {
    if (nextBefore !== null && lastShown >= entries.length - 20) void more();
  }, [lastShown, entries.length, nextBefore, more]);

  return (
    <div className="audit" data-testid="audit-explorer">
      <section className="panel audit-main" aria-labelledby="audit-title">
        <div className="panel-head">
          <h1 id="audit-title">{t('audit.title')}</h1>
        </div>
        <AuditFilterForm onSearch={(filter) => void search(filter)} />
        <p className="muted small" data-testid="audit-count" aria-live="polite">
          {busy && entries.length === 0
            ? t('audit.loading')
            : matchedCapped
              ? t('audit.countCapped', { shown: entries.length, count: matched ?? 0 })
              : t('audit.count', { shown: entries.length, count: matched ?? entries.length })}
        </p>
        {error && (
          <p className="error" role="alert" data-testid="audit-error">
            {reasonText(t, error)}
          </p>
        )}
        {!busy && entries.length === 0 ? (
          <p className="notice" data-testid="audit-empty">
            {t('audit.empty')}
          </p>
        ) : (
          <div
            ref={scrollRef}
            className="audit-scroll"
            data-testid="audit-scroll"
            tabIndex={0}
            aria-label={t('audit.title')}
          >
            <div role="list" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const entry = entries[item.index]!;
                return (
                  <div
                    key={item.key}
                    role="listitem"
                    aria-setsize={matchedCapped ? -1 : (matched ?? entries.length)}
                    aria-posinset={item.index + 1}
                    data-index={item.index}
                    ref={virtualizer.measureElement}
                    style={{
                      position: 'absolute',
                      top: 0,
                      left: 0,
                      right: 0,
                      transform: `translateY(${item.start}px)`,
                    }}
                  >
                    <EntryRow
                      entry={entry}
                      selected={opened?.entry.seq === entry.seq}
                      onOpen={() => void open(entry.seq)}
                    />
                  </div>
                );
              })}
            </div>
          </div>
        )}
      </section>
      <div className="audit-side">
        <AuditToolsPanel />
        {opened && <AuditEntryPanel entry={opened.entry} details={opened.details} />}
      </div>
    </div>
  );
}

function EntryRow({
  entry,
  selected,
  onOpen,
}: {
  entry: AuditEntryRow;
  selected: boolean;
  onOpen: () => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <button
      type="button"
      className={`audit-row${selected ? ' audit-row-selected' : ''}`}
      data-testid="audit-row"
      data-seq={entry.seq}
      data-action={entry.action}
      data-result={entry.result}
      aria-pressed={selected}
      onClick={onOpen}
    >
      <span className="audit-seq mono">#{entry.seq}</span>
      <span className="audit-time">{formatDateTimeZone(entry.at, i18n.language)}</span>
      <span className="audit-action">{actionName(t, entry.action)}</span>
      <span className={`audit-result audit-result-${entry.result}`}>
        {t(`audit.results.${entry.result}`)}
      </span>
      <span className="audit-operator">
        {entry.operatorName ?? entry.operator ?? t('audit.system')}
      </span>
    </button>
  );
}
