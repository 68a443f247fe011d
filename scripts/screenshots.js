#!/usr/bin/env node
/**
 * Regenerates the HTML report's screenshots under docs/ (`npm run build` first): the insecure
 * example account at its first monitoring chain, and an example organization at its accounts ×
 * controls matrix. Debian's Chromium, offline, like the browser test.
 *
 *     node scripts/screenshots.js
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { renderReport } from '../dist/report/index.js';
import { CONTROLS, exampleOrganizationReport, exampleReport, REPAIRABLE } from './example-reports.js';

const PAGES = [
  { file: 'docs/html-report-account.png', report: exampleReport('insecure'), scrollTo: '#c-CloudWatch\\.4 .result' },
  { file: 'docs/html-report-organization.png', report: exampleOrganizationReport(6), scrollTo: '#matrix' },
];

const dir = mkdtempSync(join(tmpdir(), 'trailwarden-screenshots-'));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
  for (const { file, report, scrollTo } of PAGES) {
    const html = join(dir, 'report.html');
    writeFileSync(html, renderReport('html', report, CONTROLS, { repairable: REPAIRABLE }));
    const context = await browser.newContext({ offline: true, viewport: { width: 1000, height: 640 } });
    const page = await context.newPage();
    await page.goto(pathToFileURL(html).href);
    await page.locator(scrollTo).evaluate((element) => element.scrollIntoView());
    await page.screenshot({ path: new URL(`../${file}`, import.meta.url).pathname });
    await context.close();
    console.log(`wrote ${file}`);
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
