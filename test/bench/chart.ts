/**
 * A horizontal grouped bar chart as SVG text, enough for the benchmark report: one group of bars per
 * row (a measurement), one bar per series (p50, p95, …), an optional whisker per bar (a spread), a
 * linear axis from zero with round ticks. No dependency: the report's charts are drawn from the run.
 */

export interface BarChartRow {
  label: string;
  /** One value per series, in the series' order; NaN leaves the bar out. */
  values: number[];
  /** Optional [low, high] per series, drawn as a whisker over the bar. */
  spreads?: Array<[number, number] | undefined>;
}

export interface BarChart {
  title: string;
  /** Under the title: what was measured and how often. */
  subtitle?: string;
  unit: string;
  series: string[];
  rows: BarChartRow[];
}

const palette = ['#4C78A8', '#F58518', '#E45756', '#72B7B2', '#54A24B', '#B279A2'];
const font = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** A round step (1, 2 or 5 × 10^n) giving about five ticks up to `max`. */
function tickStep(max: number): number {
  const rough = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough);
  return step ?? 10 * magnitude;
}

function formatValue(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function barChartSvg(chart: BarChart): string {
  // About 7 pixels per character at 12 px, so that the longest label fits.
  const labelWidth = Math.max(160, 20 + 7 * Math.max(...chart.rows.map((row) => row.label.length)));
  const plotWidth = 520;
  const rightMargin = 70;
  const barHeight = 14;
  const barGap = 3;
  const groupGap = 14;
  const top = chart.subtitle ? 78 : 58;
  const seriesCount = chart.series.length;
  const groupHeight = seriesCount * (barHeight + barGap) - barGap;
  const plotHeight = chart.rows.length * (groupHeight + groupGap) - groupGap;
  const width = labelWidth + plotWidth + rightMargin;
  const height = top + plotHeight + 46;

  const highest = Math.max(
    ...chart.rows.flatMap((row) => [
      ...row.values.filter(Number.isFinite),
      ...(row.spreads ?? []).flatMap((spread) => (spread ? [spread[1]] : [])),
    ]),
    0,
  );
  const step = tickStep(highest || 1);
  const axisMax = Math.ceil((highest || 1) / step) * step;
  const x = (value: number) => labelWidth + (value / axisMax) * plotWidth;
  const tickDecimals = Math.max(0, -Math.floor(Math.log10(step)));

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${font} font-size="12" role="img">`,
    `<title>${escapeXml(chart.subtitle ? `${chart.title}: ${chart.subtitle}` : chart.title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="24" font-size="16" font-weight="600">${escapeXml(chart.title)}</text>`,
  );
  if (chart.subtitle) {
    parts.push(`<text x="12" y="44" fill="#555555">${escapeXml(chart.subtitle)}</text>`);
  }
  // Legend.
  chart.series.forEach((name, index) => {
    const legendX = labelWidth + index * 110;
    const legendY = top - 18;
    parts.push(
      `<rect x="${legendX}" y="${legendY - 10}" width="12" height="12" fill="${palette[index % palette.length]}"/>`,
      `<text x="${legendX + 17}" y="${legendY}">${escapeXml(name)}</text>`,
    );
  });
  // Grid and axis.
  for (let tick = 0; tick <= axisMax + step / 2; tick += step) {
    const tickX = x(tick).toFixed(1);
    parts.push(
      `<line x1="${tickX}" y1="${top - 4}" x2="${tickX}" y2="${top + plotHeight + 4}" stroke="#e3e3e3"/>`,
      `<text x="${tickX}" y="${top + plotHeight + 20}" text-anchor="middle" fill="#555555">${tick.toFixed(tickDecimals)}</text>`,
    );
  }
  parts.push(
    `<text x="${labelWidth + plotWidth / 2}" y="${top + plotHeight + 38}" text-anchor="middle" fill="#555555">${escapeXml(chart.unit)}</text>`,
  );
  // Bars.
  chart.rows.forEach((row, rowIndex) => {
    const groupTop = top + rowIndex * (groupHeight + groupGap);
    parts.push(
      `<text x="${labelWidth - 10}" y="${groupTop + groupHeight / 2 + 4}" text-anchor="end">${escapeXml(row.label)}</text>`,
    );
    row.values.forEach((value, seriesIndex) => {
      if (!Number.isFinite(value)) return;
      const barTop = groupTop + seriesIndex * (barHeight + barGap);
      const barWidth = Math.max(1, x(value) - labelWidth);
      parts.push(
        `<rect x="${labelWidth}" y="${barTop}" width="${barWidth.toFixed(1)}" height="${barHeight}" fill="${palette[seriesIndex % palette.length]}"><title>${escapeXml(`${row.label}, ${chart.series[seriesIndex]}: ${formatValue(value)} ${chart.unit}`)}</title></rect>`,
      );
      const spread = row.spreads?.[seriesIndex];
      let labelX = labelWidth + barWidth + 4;
      if (spread) {
        const [low, high] = spread.map((end) => x(end).toFixed(1));
        const middle = barTop + barHeight / 2;
        parts.push(
          `<line x1="${low}" y1="${middle}" x2="${high}" y2="${middle}" stroke="#222222"/>`,
          `<line x1="${low}" y1="${middle - 4}" x2="${low}" y2="${middle + 4}" stroke="#222222"/>`,
          `<line x1="${high}" y1="${middle - 4}" x2="${high}" y2="${middle + 4}" stroke="#222222"/>`,
        );
        labelX = Math.max(labelX, x(spread[1]) + 4);
      }
      parts.push(
        `<text x="${labelX.toFixed(1)}" y="${barTop + barHeight - 3}" font-size="10" fill="#333333">${formatValue(value)}</text>`,
      );
    });
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
