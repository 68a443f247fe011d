import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html/index.js';
import { CHROMIUM, CHROMIUM_PATH, describeWith } from '../support/prerequisites.js';
import { CONTROLS, exampleOrganizationReport, exampleReport, REPAIRABLE } from '../../scripts/example-reports.js';

/**
 * The HTML report as a person opens it: from a file:// URL in headless Chromium with the network
 * cut off (offline context, and any request that is not for the file itself is aborted and counted).
 */
interface Opened {
  page: Page;
  problems: string[];
  requests: string[];
}

describeWith(CHROMIUM, 'HTML report in a browser (file://, offline)', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'trailwarden-html-'));
  const files = {
    insecure: join(dir, 'insecure.html'),
    organization: join(dir, 'organization.html'),
  };

  beforeAll(async () => {
    writeFileSync(files.insecure, renderHtml(exampleReport('insecure'), CONTROLS, { repairable: REPAIRABLE }));
    writeFileSync(files.organization, renderHtml(exampleOrganizationReport(3), CONTROLS, { repairable: REPAIRABLE }));
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH });
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(path: string): Promise<Opened> {
    const context = await browser.newContext({ offline: true, viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      requests.push(url);
      return url.startsWith('file:') ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    return { page, problems, requests };
  }

  it('the insecure example loads with no console error and no request but the file itself', async () => {
    const { page, problems, requests } = await open(files.insecure);
    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(files.insecure).href]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('account 123456789012');
    await page.context().close();
  });

  it('shows the first broken link of a failing monitoring control, with its reason', async () => {
    const { page } = await open(files.insecure);
    const broken = page.locator('#c-CloudWatch\\.1 .result .link.broken');
    await expect(broken.count()).resolves.toBe(1);
    // Results off screen are not rendered until scrolled to (content-visibility: auto).
    await broken.scrollIntoViewIfNeeded();
    await expect(broken.isVisible()).resolves.toBe(true);
    await expect
      .poll(() => broken.innerText())
      .toMatch(/BROKEN HERE\s+Trail arn:aws:cloudtrail:us-east-1:123456789012:trail\/default\s+trail default is a single-region trail/);
    await page.context().close();
  });

  it('the status filter hides and shows results, from the keyboard', async () => {
    const { page, problems } = await open(files.insecure);
    const failing = page.locator('.result[data-status="FAIL"]');
    const passing = page.locator('.result[data-status="PASS"]');
    const fail = page.getByRole('checkbox', { name: /^FAIL \(30\)$/ });
    await expect(failing.first().isVisible()).resolves.toBe(true);

    await fail.focus();
    await page.keyboard.press('Space');
    await expect(fail.isChecked()).resolves.toBe(false);
    await expect(failing.evaluateAll((results) => results.every((result) => (result as HTMLElement).hidden))).resolves.toBe(true);
    await expect(passing.first().isVisible()).resolves.toBe(true);
    await expect(page.locator('#shown').textContent()).resolves.toBe('Showing 7 of 37 results');
    // A control left with nothing to show goes as well.
    await expect(page.locator('#c-CloudWatch\\.1').isVisible()).resolves.toBe(false);

    await page.keyboard.press('Space');
    await expect(failing.evaluateAll((results) => results.every((result) => !(result as HTMLElement).hidden))).resolves.toBe(true);
    await expect(page.locator('#shown').textContent()).resolves.toBe('Showing 37 of 37 results');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("the organization report loads offline, and a matrix cell opens that account's result even when a filter hid it", async () => {
    const { page, problems, requests } = await open(files.organization);
    expect(requests).toEqual([pathToFileURL(files.organization).href]);
    await expect(page.locator('.matrix tbody tr').count()).resolves.toBe(3);
    // Well-formed enough for assistive technology: unique IDs, every in-page link lands, every header cell has a scope.
    const structure = await page.evaluate(() => {
      const ids = Array.from(document.querySelectorAll('[id]'), (element) => element.id);
      const targets = Array.from(document.querySelectorAll('a[href^="#"]'), (link) => decodeURIComponent(link.getAttribute('href')!.slice(1)));
      return {
        duplicateIds: ids.filter((id, index) => ids.indexOf(id) !== index),
        danglingLinks: targets.filter((id) => document.getElementById(id) === null),
        headersWithoutScope: document.querySelectorAll('th:not([scope])').length,
        links: targets.length,
      };
    });
    expect(structure).toEqual({ duplicateIds: [], danglingLinks: [], headersWithoutScope: 0, links: expect.any(Number) });
    expect(structure.links).toBeGreaterThan(3 * CONTROLS.length);

    await page.getByRole('checkbox', { name: /^FAIL / }).uncheck();
    const cell = page.locator('.matrix tbody tr').first().locator('td.s-FAIL a').first();
    const target = (await cell.getAttribute('href'))!.slice(1);
    await expect(page.locator(`#${target}`).isVisible()).resolves.toBe(false);
    await cell.click();
    await page.waitForFunction((id) => !document.getElementById(id)!.hidden, target);
    await expect(page.locator(`#${target}`).isVisible()).resolves.toBe(true);
    await expect(page.locator(`#${target}`).getAttribute('data-account')).resolves.toBe('123456789012');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
