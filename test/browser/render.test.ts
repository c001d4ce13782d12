/// <reference lib="dom" />
// The HTML statement and invoice in a real headless Chromium: the total is visible, the page is not blank,
// and it prints to a non-empty A4 PDF. Skipped only on a developer machine without Chromium; in CI it must run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const present = fs.existsSync(CHROMIUM);
const LEDGER = path.join(ROOT, 'test', 'golden', 'documents', 'ledger');

describe.skipIf(!present && !process.env['CI'])('documents in a headless browser', () => {
  let browser: Browser;

  beforeAll(async () => {
    if (!present) throw new Error(`${CHROMIUM} is missing; CI installs it with apt-get install -y chromium`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  const cases = [
    { name: 'statement', args: ['statement', 'ACME', '--to', '2026-11-30'], total: /Closing balance at 2026-11-30 EUR\s*733\.00/ },
    { name: 'invoice', args: ['invoice', 'render', 'INV-2026-00003'], total: /Total EUR\s*363\.00/ },
  ];

  for (const c of cases) {
    it(`renders the ${c.name} with its total visible, not blank, and prints it to PDF`, async () => {
      const r = runCli([...c.args, '--format', 'html', '-L', LEDGER]);
      expect(r.code).toBe(0);
      const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
      const requests: string[] = [];
      page.on('request', (req) => {
        if (!req.url().startsWith('data:') && req.url() !== 'about:blank') requests.push(req.url());
      });
      await page.setContent(r.stdout, { waitUntil: 'load' });
      expect(requests).toEqual([]);

      const text = await page.locator('body').innerText();
      expect(text).toMatch(c.total);
      expect(await page.getByText('Acme Corporation').first().isVisible()).toBe(true);

      const png = await page.screenshot({ fullPage: true });
      expect(png.length).toBeGreaterThan(5000);
      // A blank page is one colour; a rendered document has dark text on a light background. The pixels are
      // counted in a blank page, since the document's own CSP rightly forbids it to load even a data: image.
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
        for (let i = 0; i < data.length; i += 4) if (data[i]! + data[i + 1]! + data[i + 2]! < 200) dark++;
        return { dark, total: data.length / 4 };
      }, png.toString('base64'));
      await probe.close();
      expect(colours.dark).toBeGreaterThan(500);
      expect(colours.dark).toBeLessThan(colours.total / 2);

      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(2000);
      // The @page rule asks for A4: 595 × 842 points.
      const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
      expect(Math.round(Number(box?.[1]))).toBe(595);
      expect(Math.round(Number(box?.[2]))).toBe(842);
      await page.close();
    });
  }
});
