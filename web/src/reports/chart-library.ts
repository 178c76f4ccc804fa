import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

/**
 * Chart.js with only the parts the reports draw (bars, lines, category and linear axes, tooltips and
 * legends), so the rest of the library stays out of the reports' chunk. Text in the console's fonts;
 * no animation, so a chart is drawn at once, for people who prefer reduced motion and for screenshots.
 */
Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
);
Chart.defaults.font.family = getComputedStyle(document.documentElement).getPropertyValue('--font').trim();
Chart.defaults.color = '#5f6b76';
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;

export type { ChartConfiguration } from 'chart.js';
export { Chart };

/** The series' colours, the console's own: its green first. */
export const seriesColours = ['#07a35a', '#3b73c4', '#d9822b', '#8e5bd1'] as const;
