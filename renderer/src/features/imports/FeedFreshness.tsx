/**
 * How fresh the imported data is, in the top bar for every signed-in operator: the issuer's
 * and the ACS's feeds arrive every minute or so, and an agent reading a lock or an attempt
 * should know when a feed stopped. Read at sign-in and every minute; nothing before any
 * import (a demo database).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput } from '../../../../shared/contract/index.ts';
import { callDesk } from '../../app/desk-call.ts';
import { routerNow } from '../../app/router-clock.ts';
import { formatDateTime } from '../../ui/format.ts';

type Freshness = ChannelOutput<'imports.freshness'>;

/** A feed that delivers every minute or so is late after this long. */
export const FEED_LATE_MS = 15 * 60_000;
const REREAD_MS = 60_000;

export function FeedFreshness({ active }: { active: boolean }) {
  const { t, i18n } = useTranslation();
  const [freshness, setFreshness] = useState<Freshness | null>(null);

  useEffect(() => {
    if (!active) return;
    let live = true;
    const read = async () => {
      const result = await callDesk((desk) => desk.imports.freshness());
      if (live && result.ok) setFreshness(result.value);
    };
    void read();
    const timer = setInterval(() => void read(), REREAD_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [active]);

  if (!active || !freshness?.newestAsOf) return null;
  const time = formatDateTime(freshness.newestAsOf, i18n.language);
  const late = routerNow() - new Date(freshness.newestAsOf).getTime() > FEED_LATE_MS;
  const finished = freshness.lastImportAt
    ? formatDateTime(freshness.lastImportAt, i18n.language)
    : t('imports.never');
  return (
    <span
      className={late ? 'label label-feed label-feed-late' : 'label label-feed'}
      data-testid="feed-freshness"
      data-late={late}
      title={t('imports.asOfHint', { finished })}
    >
      {t(late ? 'imports.asOfLate' : 'imports.asOf', { time })}
    </span>
  );
}
