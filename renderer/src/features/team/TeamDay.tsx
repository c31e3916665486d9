import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { TeamFigures } from '../../../../shared/contract/index.ts';
import { TEAM_FIGURES, TEAM_SPANS, type TeamSpan } from '../../../../shared/team/team-codes.ts';
import { formatDateTime } from '../../ui/format.ts';
import { reasonText } from '../../ui/reason-text.ts';
import { TeamChart } from './TeamChart.tsx';
import { useTeamStore } from './team-store.ts';

/**
 * The team's day (team leads): a day or the week from it, per hour and per agent, with the
 * approval waits. Every number comes from main (team.day); the chart draws some of them and
 * the tables hold them all.
 */
export function TeamDay() {
  const { t, i18n } = useTranslation();
  const { date, span, day, busy, error, load, exported, exportCsv } = useTeamStore(
    useShallow((s) => ({
      date: s.date,
      span: s.span,
      day: s.day,
      busy: s.busy,
      error: s.error,
      load: s.load,
      exported: s.exported,
      exportCsv: s.exportCsv,
    })),
  );

  useEffect(() => {
    void load();
  }, [load]);

  const wait = (minutes: number | null) =>
    minutes === null ? '—' : t('team.minutes', { count: minutes });

  return (
    <section className="panel team" aria-labelledby="team-title" data-testid="team-day">
      <div className="team-head">
        <h2 id="team-title">{t('team.title')}</h2>
        <label className="field field-inline">
          <span>{t('team.date')}</span>
          <input
            type="date"
            data-testid="team-date"
            value={date ?? ''}
            onChange={(event) => event.target.value && void load(event.target.value)}
          />
        </label>
        <label className="field field-inline">
          <span>{t('team.span')}</span>
          <select
            data-testid="team-span"
            value={span}
            onChange={(event) => void load(undefined, event.target.value as TeamSpan)}
          >
            {TEAM_SPANS.map((s) => (
              <option key={s} value={s}>
                {t(`team.spans.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button-quiet"
          data-testid="team-export"
          disabled={busy || !day}
          onClick={() => void exportCsv()}
        >
          {t('team.export')}
        </button>
      </div>
      {exported && (
        <p
          className={exported.saved ? 'notice notice-ok' : 'notice'}
          role="status"
          data-testid="team-export-result"
          data-rows={exported.rows}
        >
          {exported.saved
            ? t('team.exported', { count: exported.rows })
            : t('team.exportCancelled')}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {reasonText(t, error)}
        </p>
      )}
      {!day ? (
        <p className="muted">{busy ? t('app.loading') : ''}</p>
      ) : (
        <>
          <p className="small muted" data-testid="team-range">
            {t('team.range', {
              from: formatDateTime(day.from, i18n.language),
              to: formatDateTime(day.to, i18n.language),
            })}
          </p>
          <FiguresTable
            caption={t('team.totalsCaption')}
            testId="team-totals"
            rows={[{ key: 'total', label: t('team.total'), figures: day.totals }]}
            extra={[
              {
                label: t('team.waitAverage'),
                values: [wait(day.waits.averageMinutes)],
              },
              { label: t('team.waitLongest'), values: [wait(day.waits.longestMinutes)] },
            ]}
          />
          <TeamChart day={day} />
          <FiguresTable
            caption={t('team.agentsCaption')}
            testId="team-agents"
            rows={day.agents.map((agent) => ({
              key: agent.username,
              label:
                agent.displayName === null
                  ? agent.username
                  : `${agent.displayName} (${agent.username})`,
              figures: agent.figures,
            }))}
            extra={[
              {
                label: t('team.waitAverage'),
                values: day.agents.map((a) => wait(a.waits.averageMinutes)),
              },
            ]}
          />
          <FiguresTable
            caption={t('team.hoursCaption')}
            testId="team-hours"
            rows={day.hours.map((h) => ({
              key: String(h.hour),
              label: t('team.hourLabel', { hour: h.hour }),
              figures: h.figures,
            }))}
          />
        </>
      )}
    </section>
  );
}

/**
 * Figures as a table: one row per total, agent or hour, one column per figure, and extra
 * columns (the waits) where given, a value per row.
 */
function FiguresTable({
  caption,
  testId,
  rows,
  extra = [],
}: {
  caption: string;
  testId: string;
  rows: { key: string; label: string; figures: TeamFigures }[];
  extra?: { label: string; values: string[] }[];
}) {
  const { t } = useTranslation();
  return (
    // A table wider than the screen scrolls sideways; the keyboard can scroll it too.
    <div className="team-table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="team-table small" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('team.row')}</th>
            {TEAM_FIGURES.map((figure) => (
              <th scope="col" key={figure}>
                {t(`team.figures.${figure}`)}
              </th>
            ))}
            {extra.map((column) => (
              <th scope="col" key={column.label}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={row.key} data-row={row.key}>
              <th scope="row">{row.label}</th>
              {TEAM_FIGURES.map((figure) => (
                <td key={figure} data-figure={figure}>
                  {row.figures[figure]}
                </td>
              ))}
              {extra.map((column) => (
                <td key={column.label}>{column.values[index]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
