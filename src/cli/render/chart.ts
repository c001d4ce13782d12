// The aging buckets as pictures: a one-line bar per currency for the terminal, and an SVG bar chart for the page.
import { allocate, formatMinor, groupThousands, type Minor } from '../../core/money.js';
import { escapeHtml } from './html.js';
import { palette } from './text.js';

/** One currency's bucket totals, in the order of the bucket labels. */
export interface BucketSeries {
  readonly currency: string;
  /** Shown before the bar: the currency, or e.g. `EUR (base)`. */
  readonly label: string;
  readonly buckets: readonly Minor[];
}

/** Distinct shades, so the bar reads without colour (NO_COLOR, a printout); colour only adds to it. */
const SHADES = ['█', '▓', '▒', '░', '▚', '▞', '▖', '▗'];
const COLOURS = ['green', 'yellow', 'magenta', 'red', 'redBright', 'cyan', 'blue', 'white'] as const;

const shade = (i: number): string => SHADES[i % SHADES.length]!;

/**
 * A bar per currency, each as wide as the line allows, split by bucket in proportion to its totals (largest
 * remainder, so the segments fill the bar exactly; a bucket with anything in it gets at least one cell), the
 * open total after it; then a legend. Every line fits `width` columns.
 */
export function bucketBars(labels: readonly string[], series: readonly BucketSeries[], color: boolean, width = 80): string {
  if (series.length === 0) return '';
  const c = palette(color);
  const totals = series.map((s) => groupThousands(formatMinor(s.buckets.reduce((a, b) => a + b, 0), s.currency)));
  const labelWidth = Math.max(...series.map((s) => [...s.label].length));
  const totalWidth = Math.max(...totals.map((t) => t.length));
  const barWidth = Math.max(10, width - labelWidth - totalWidth - 2);
  const lines = series.map((s, k) => {
    const cells = segmentWidths(s.buckets, barWidth);
    const bar = cells.map((n, i) => (n === 0 ? '' : c[COLOURS[i % COLOURS.length]!](shade(i).repeat(n)))).join('');
    const pad = barWidth - cells.reduce((a, b) => a + b, 0);
    return `${s.label.padEnd(labelWidth)} ${bar}${' '.repeat(pad)} ${totals[k]!.padStart(totalWidth)}`;
  });
  const legend: string[] = [];
  let line = '';
  for (const [i, l] of labels.entries()) {
    const item = `${c[COLOURS[i % COLOURS.length]!](shade(i))} ${l}`;
    const plain = 2 + [...l].length;
    if (line !== '' && visibleLength(line) + 2 + plain > width) {
      legend.push(line);
      line = '';
    }
    line += (line === '' ? '' : '  ') + item;
  }
  legend.push(line);
  return `${lines.join('\n')}\n${legend.join('\n')}\n`;
}

// eslint-disable-next-line no-control-regex
const visibleLength = (s: string): number => [...s.replace(/\u001b\[[0-9;]*m/g, '')].length;

/** Cells per bucket: proportional to the totals, summing to `width` when anything is open, else all 0. */
export function segmentWidths(buckets: readonly number[], width: number): number[] {
  const sum = buckets.reduce((a, b) => a + b, 0);
  if (sum <= 0 || buckets.some((b) => b < 0)) return buckets.map(() => 0);
  const nonzero = buckets.filter((b) => b > 0).length;
  // One cell for each bucket that holds anything, the rest in proportion: a small but real 91+ stays visible.
  const rest = allocate((width - nonzero) as Minor, buckets);
  return rest.map((n, i) => (buckets[i]! > 0 ? n + 1 : 0));
}

/** SVG bar chart geometry: `PLOT_HEIGHT` is the height of the tallest bar; every bar's height is in proportion. */
const PLOT_HEIGHT = 160;
const BAR = 64;
const GAP = 28;
const TOP = 26;
const BOTTOM = 34;
const LEFT = 12;

/**
 * Vertical bars, one per bucket, heights in proportion to the totals (the tallest is PLOT_HEIGHT), each
 * labelled with its amount, thousands grouped. The amounts and labels are also in the rects' data-* attributes
 * and <title>s, so that a reader, a screen reader and a test all see the same figures.
 */
export function bucketChartSvg(labels: readonly string[], s: BucketSeries): string {
  const max = Math.max(0, ...s.buckets);
  const width = LEFT * 2 + labels.length * BAR + (labels.length - 1) * GAP;
  const height = TOP + PLOT_HEIGHT + BOTTOM;
  const base = TOP + PLOT_HEIGHT;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-label="${escapeHtml(`Open by bucket, ${s.label}`)}">`);
  parts.push(`<line x1="${LEFT - 4}" y1="${base}" x2="${width - LEFT + 4}" y2="${base}" stroke="#555" stroke-width="1"/>`);
  for (const [i, label] of labels.entries()) {
    const v = s.buckets[i] ?? 0;
    const h = max === 0 ? 0 : (v / max) * PLOT_HEIGHT;
    const x = LEFT + i * (BAR + GAP);
    const amount = groupThousands(formatMinor(v, s.currency));
    const fill = i === labels.length - 1 && v > 0 ? '#b3261e' : i === 0 ? '#3b7d3b' : '#c98a1b';
    parts.push(`<g class="bar">`
      + `<rect x="${x}" y="${(base - h).toFixed(3)}" width="${BAR}" height="${h.toFixed(3)}" fill="${fill}" data-bucket="${escapeHtml(label)}" data-amount="${formatMinor(v, s.currency)}">`
      + `<title>${escapeHtml(`${label}: ${amount} ${s.currency}`)}</title></rect>`
      + `<text x="${x + BAR / 2}" y="${(base - h - 6).toFixed(3)}" text-anchor="middle" class="amount">${escapeHtml(amount)}</text>`
      + `<text x="${x + BAR / 2}" y="${base + 18}" text-anchor="middle" class="bucket">${escapeHtml(label)}</text>`
      + `</g>`);
  }
  parts.push('</svg>');
  return parts.join('\n');
}
