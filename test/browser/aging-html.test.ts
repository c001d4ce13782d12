/// <reference lib="dom" />
// The aging page in a real headless Chromium: nothing loaded from anywhere, not blank, the totals visible, each
// chart's bars as tall as their totals say, and a customer's open items one click away without JavaScript.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const present = fs.existsSync(CHROMIUM);
const DEMO = path.join(ROOT, 'ledgers', 'demo');

interface AgingJson {
  buckets: string[];
  totals: { currency: string; buckets: Record<string, string> }[];
  base: { currency: string; totals: { buckets: Record<string, string>; balance: string } };
}

describe.skipIf(!present && !process.env['CI'])('aging --format html in a headless browser', () => {
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const json = JSON.parse(runCli(['aging', '--in-base', '--as-of', '2026-11-30', '--format', 'json', '-L', DEMO]).stdout) as AgingJson;

  beforeAll(async () => {
    if (!present) throw new Error(`${CHROMIUM} is missing; CI installs it with apt-get install -y chromium`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    const r = runCli(['aging', '--in-base', '--as-of', '2026-11-30', '--format', 'html', '-L', DEMO]);
    expect(r.code).toBe(0);
    // JavaScript off: the page must work as a plain document.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    page = await context.newPage();
    page.on('request', (req) => {
      if (!req.url().startsWith('data:') && req.url() !== 'about:blank') requests.push(req.url());
    });
    await page.setContent(r.stdout, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('loads nothing and is not blank', async () => {
    expect(requests).toEqual([]);
    const png = await page.screenshot({ fullPage: true });
    const probe = await browser.newPage();
    const colours = await probe.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, img.width, img.height).data;
      let dark = 0;
      let coloured = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
        if (r + g + b < 200) dark++;
        if (Math.max(r, g, b) - Math.min(r, g, b) > 80) coloured++;
      }
      return { dark, coloured, total: data.length / 4 };
    }, png.toString('base64'));
    await probe.close();
    expect(colours.dark).toBeGreaterThan(2000);
    expect(colours.dark).toBeLessThan(colours.total / 2);
    // The bars are the only strongly coloured things on the page.
    expect(colours.coloured).toBeGreaterThan(5000);
  });

  it('shows the totals, thousands grouped, in the table and on the charts', async () => {
    const text = await page.locator('body').innerText();
    expect(text).toMatch(/TOTAL\s+EUR\s+41,028\.78\s+6,957\.50\s+2,962\.50\s+226\.10\s+19,153\.20\s+70,328\.08/);
    expect(text).toMatch(/TOTAL\s+in EUR \(base\)\s+EUR\s+67,798\.93/);
    expect(text).toContain('1 USD = 0.9240 EUR (rates.csv, 2026-11-30)');
    expect(await page.getByText('130,808.46').first().isVisible()).toBe(true);
    for (const label of ['19,153.20', '3,217,440', '7,267.32', '21,503.40']) {
      expect(await page.locator('svg.chart text.amount', { hasText: label }).first().isVisible(), label).toBe(true);
    }
  });

  it('draws each chart with bars in proportion to the totals', async () => {
    const charts = await page.locator('figure.chart').evaluateAll((figs) => figs.map((f) => ({
      label: f.getAttribute('data-currency'),
      bars: [...f.querySelectorAll('rect')].map((r) => ({
        bucket: r.getAttribute('data-bucket'), amount: r.getAttribute('data-amount'),
        height: r.getBoundingClientRect().height, attr: Number(r.getAttribute('height')),
      })),
    })));
    expect(charts.map((c) => c.label)).toEqual(['EUR', 'JPY', 'USD', 'EUR (base currency, all customers)']);
    const expected = [...json.totals.map((t) => t.buckets), json.base.totals.buckets];
    for (const [k, c] of charts.entries()) {
      const want = json.buckets.map((b) => Number(expected[k]![b]));
      expect(c.bars.map((b) => b.bucket)).toEqual(json.buckets);
      expect(c.bars.map((b) => Number(b.amount))).toEqual(want);
      const max = Math.max(...want);
      const tallest = Math.max(...c.bars.map((b) => b.height));
      expect(tallest).toBeGreaterThan(100);
      for (const [i, b] of c.bars.entries()) {
        // As drawn on the screen (within a pixel) and as written in the SVG (within its rounding).
        expect(Math.abs(b.height - (want[i]! / max) * tallest), `${c.label} ${b.bucket}`).toBeLessThan(1);
        expect(Math.abs(b.attr / Math.max(...c.bars.map((x) => x.attr)) - want[i]! / max)).toBeLessThan(1e-4);
      }
    }
  });

  it('takes a click on a customer to its open items, without JavaScript', async () => {
    await page.locator('a[href="#customer-HARBOR"]').click();
    const section = page.locator('#customer-HARBOR');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#customer-HARBOR');
    expect(await section.getByText('INV-2026-00032').isVisible()).toBe(true);
    const box = await section.boundingBox();
    // Scrolled to it: the section starts at the top of the window.
    expect(Math.abs(box!.y)).toBeLessThan(50);
  });
});
