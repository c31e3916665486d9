import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput } from '../../../../shared/contract/index.ts';
import type { TeamFigure } from '../../../../shared/team/team-codes.ts';

// Only what a bar chart needs: chart.js draws on a canvas and injects no styles (strict CSP).
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** The figures drawn per hour; the tables beside it hold every figure. */
const DRAWN: readonly { figure: TeamFigure; color: string }[] = [
  { figure: 'calls', color: '#1f5fa8' },
  { figure: 'verificationsPassed', color: '#1d6b3a' },
  { figure: 'verificationsFailed', color: '#b3261e' },
  { figure: 'resetsApplied', color: '#7a5c00' },
  { figure: 'escalations', color: '#6b3fa0' },
  { figure: 'alerts', color: '#d9480f' },
];

/**
 * The day per hour as a bar chart. A canvas says nothing to a screen reader: it is marked as
 * an image named by its caption, and the same figures follow as tables.
 */
export function TeamChart({ day }: { day: ChannelOutput<'team.day'> }) {
  const { t, i18n } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (!canvas.current) return;
    // Hours with nothing in them are left out, so the busy hours are wide enough to read.
    const hours = day.hours.filter((h) => Object.values(h.figures).some((n) => n > 0));
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: hours.map((h) => t('team.hourLabel', { hour: h.hour })),
        datasets: DRAWN.map(({ figure, color }) => ({
          label: t(`team.figures.${figure}`),
          data: hours.map((h) => h.figures[figure]),
          backgroundColor: color,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: 'bottom' } },
      },
    });
    return () => chart.destroy();
  }, [day, t, i18n.language]);

  return (
    <figure className="team-chart">
      <div className="team-chart-canvas">
        <canvas
          ref={canvas}
          role="img"
          aria-label={t('team.chartLabel')}
          data-testid="team-chart"
        />
      </div>
      <figcaption className="small muted">{t('team.chartLabel')}</figcaption>
    </figure>
  );
}
