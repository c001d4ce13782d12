// The aging report as one page a manager can open: a bar chart of the buckets per currency, the customer table,
// and each customer's open items a click away — inline CSS and SVG only, no script, every data string escaped.
import { formatMinor, groupThousands, type Minor } from '../../core/money.js';
import type { AgingReport } from '../../core/reports/aging.js';
import { rateText, type BaseAging } from '../../core/reports/base-currency.js';
import { bucketChartSvg, type BucketSeries } from './chart.js';
import { escapeHtml, htmlShell } from './html.js';

// The customer table is wider than a portrait page: printed, the page turns to landscape.
const CSS = `
@page { size: A4 landscape; margin: 12mm; }
body { max-width: 330mm; }
div.wide { overflow-x: auto; }
table.aging th, table.aging td { padding: 1mm 1.6mm; font-size: 9pt; }
h1 { margin-bottom: 2mm; }
p.sub { color: #555; margin: 0 0 5mm; }
.charts { display: flex; flex-wrap: wrap; gap: 6mm 10mm; }
figure.chart { margin: 0; break-inside: avoid; page-break-inside: avoid; }
figure.chart figcaption { font-weight: bold; margin-bottom: 1mm; }
svg.chart text { font: 10px "DejaVu Sans", Arial, sans-serif; fill: #111; }
svg.chart text.bucket { fill: #555; }
tr.total td { font-weight: bold; border-top: 1.5px solid #333; }
tr.base td { font-style: italic; }
td.red { color: #b3261e; }
span.flag { color: #8a5a00; font-size: 8pt; text-transform: uppercase; margin-left: 2mm; }
section.customer { margin-top: 6mm; break-inside: avoid-page; }
section.customer h3 { font-size: 10.5pt; margin: 0 0 1mm; }
section.customer p { margin: 0 0 1mm; color: #555; }
a.top { font-size: 8pt; margin-left: 3mm; }
ul.rates { margin: 1mm 0 0; padding-left: 5mm; }
:target { background: #fff7d6; }
@media print {
  div.wide { overflow: visible; }
  table.aging th, table.aging td { padding: .5mm 1mm; font-size: 7.5pt; }
}
`;

/** Amounts on the page are for people: thousands grouped, the currency's minor digits. */
const amount = (m: Minor | number, ccy: string): string => escapeHtml(groupThousands(formatMinor(m, ccy)));

/** An element id for a customer's section; customer ids are [A-Za-z0-9._-], but the id is escaped all the same. */
const anchor = (id: string): string => `customer-${escapeHtml(id)}`;

export function agingHtml(r: AgingReport, base?: BaseAging): string {
  const basis = r.basis === 'due' ? 'days past due' : 'days since invoice date';
  const title = `Aging as of ${r.asOf}`;
  const body: string[] = [`<style>${CSS}</style>`, `<h1 id="top">${escapeHtml(title)}</h1>`,
    `<p class="sub">Open receivables by ${escapeHtml(basis)}; ${r.customers.length} customer${r.customers.length === 1 ? '' : 's'} with something open or unapplied.</p>`];

  const series: BucketSeries[] = r.totals.map((t) => ({ currency: t.currency, label: t.currency, buckets: t.buckets }));
  if (base) series.push({ currency: base.currency, label: `${base.currency} (base currency, all customers)`, buckets: base.totals.buckets });
  if (series.length > 0) {
    body.push('<h2>Open by bucket</h2>', '<div class="charts">');
    for (const s of series) body.push(`<figure class="chart" data-currency="${escapeHtml(s.label)}"><figcaption>${escapeHtml(s.label)}</figcaption>\n${bucketChartSvg(r.buckets, s)}</figure>`);
    body.push('</div>');
  }

  const numeric = [...r.buckets, 'Open', 'Unapplied', 'Balance'];
  const head = `<tr><th>Customer</th><th>Name</th><th>Ccy</th>${numeric.map((h) => `<th class="num">${escapeHtml(h)}</th>`).join('')}${base ? `<th class="num">Balance ${escapeHtml(base.currency)}</th>` : ''}</tr>`;
  const rows: string[] = [];
  for (const [k, c] of r.customers.entries()) {
    const last = c.buckets.length - 1;
    const cells = c.buckets.map((b, i) => `<td class="num${i === last && b !== 0 ? ' red' : ''}">${amount(b, c.currency)}</td>`);
    rows.push(`<tr><td><a href="#${anchor(c.customer)}">${escapeHtml(c.customer)}</a></td><td>${escapeHtml(c.name)}${c.disputed !== 0 ? '<span class="flag">disputed</span>' : ''}</td><td>${escapeHtml(c.currency)}</td>`
      + `${cells.join('')}<td class="num">${amount(c.open, c.currency)}</td><td class="num">${amount(c.unapplied, c.currency)}</td><td class="num"><b>${amount(c.balance, c.currency)}</b></td>`
      + `${base ? `<td class="num">${amount(base.customers[k]!.balance, base.currency)}</td>` : ''}</tr>`);
  }
  for (const t of r.totals) {
    rows.push(`<tr class="total"><td>TOTAL</td><td></td><td>${escapeHtml(t.currency)}</td>${t.buckets.map((b) => `<td class="num">${amount(b, t.currency)}</td>`).join('')}`
      + `<td class="num">${amount(t.open, t.currency)}</td><td class="num">${amount(t.unapplied, t.currency)}</td><td class="num">${amount(t.balance, t.currency)}</td>${base ? '<td></td>' : ''}</tr>`);
  }
  if (base) {
    const t = base.totals;
    rows.push(`<tr class="total base"><td>TOTAL</td><td>in ${escapeHtml(base.currency)} (base)</td><td>${escapeHtml(base.currency)}</td>${t.buckets.map((b) => `<td class="num">${amount(b, base.currency)}</td>`).join('')}`
      + `<td class="num">${amount(t.open, base.currency)}</td><td class="num">${amount(t.unapplied, base.currency)}</td><td class="num">${amount(t.balance, base.currency)}</td><td class="num">${amount(t.balance, base.currency)}</td></tr>`);
  }
  body.push('<h2>Customers</h2>');
  body.push(r.customers.length === 0 ? '<p class="note">Nothing is open.</p>' : `<div class="wide"><table class="aging">\n<thead>${head}</thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table></div>`);
  if (base) {
    body.push(`<p class="note">In ${escapeHtml(base.currency)} at the latest rates on or before ${escapeHtml(base.asOf)}, each customer converted and rounded half-up on its own:</p>`);
    body.push(base.rates.length === 0 ? `<p class="note">Every amount is already in ${escapeHtml(base.currency)}.</p>`
      : `<ul class="rates">${base.rates.map((x) => `<li>${escapeHtml(rateText(x, base.currency))}</li>`).join('')}</ul>`);
  }

  if (r.customers.length > 0) body.push('<h2>Open items by customer</h2>');
  for (const c of r.customers) {
    const items = c.items ?? [];
    const lines = items.map((i) => `<tr><td>${escapeHtml(i.id)}</td><td>${escapeHtml(i.kind)}</td><td>${escapeHtml(i.date)}</td><td>${escapeHtml(i.due)}</td>`
      + `<td class="num">${i.daysOverdue}</td><td>${escapeHtml(i.bucket)}</td><td class="num">${amount(i.amount, c.currency)}</td><td class="num">${amount(i.open, c.currency)}</td>`
      + `<td>${i.disputed ? '<span class="flag">disputed</span>' : ''}</td></tr>`);
    const unapplied = c.unapplied !== 0 ? `; unapplied credit ${amount(c.unapplied, c.currency)} ${escapeHtml(c.currency)}` : '';
    body.push(`<section class="customer" id="${anchor(c.customer)}"><h3>${escapeHtml(c.customer)} — ${escapeHtml(c.name)}<a class="top" href="#top">back to the table</a></h3>`
      + `<p>Balance ${amount(c.balance, c.currency)} ${escapeHtml(c.currency)}${unapplied}</p>`
      + (items.length === 0 ? '<p>No open items.</p>'
        : `<table>\n<thead><tr><th>Document</th><th>Kind</th><th>Date</th><th>Due</th><th class="num">Days overdue</th><th>Bucket</th><th class="num">Amount</th><th class="num">Open</th><th></th></tr></thead>\n<tbody>\n${lines.join('\n')}\n</tbody>\n</table>`)
      + '</section>');
  }
  return htmlShell(title, body.join('\n'));
}
