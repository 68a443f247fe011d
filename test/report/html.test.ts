import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html/index.js';
import { CONTROLS as BUILTIN, exampleOrganizationReport, exampleReport, REPAIRABLE } from '../../scripts/example-reports.js';
import { CONTROLS, fixtureReport, fixtureResults, result, TRAIL_MAIN } from './fixtures.js';

const render = (report: Parameters<typeof renderHtml>[0], controls = BUILTIN) => renderHtml(report, controls, { repairable: REPAIRABLE });

/** The markup of the result article that holds `text`. */
function articleWith(page: string, text: string): string {
  const article = page.split('<article ').find((part) => part.includes(text));
  expect(article, `no result mentions ${text}`).toBeDefined();
  return article!.slice(0, article!.indexOf('</article>'));
}

describe('HTML report (--format html)', () => {
  const insecure = render(exampleReport('insecure'));

  it('is one self-contained, deterministic page: nothing to fetch, the same bytes for the same document', () => {
    expect(insecure.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(render(exampleReport('insecure'))).toBe(insecure);
    // No resource outside the file: no src attribute, no stylesheet link, no URL but the page's own anchors.
    expect(insecure).not.toMatch(/\ssrc=/);
    expect(insecure).not.toMatch(/rel="stylesheet"/);
    expect((insecure.match(/href="[^"]*"/g) ?? []).filter((href) => !href.startsWith('href="#') && href !== 'href="data:,"')).toEqual([]);
    expect(insecure).toContain('<style>');
    expect(insecure).toContain('<script>');
  });

  it('has landmarks, headings and table headers with their scope', () => {
    for (const tag of ['<header>', '<nav aria-label="Sections">', '<main>', '<footer>', '<h1>', '<h2 id="summary-h">', '<h2 id="results-h">'])
      expect(insecure).toContain(tag);
    const headerCells = insecure.match(/<th[ >]/g) ?? [];
    expect(headerCells.length).toBeGreaterThan(0);
    expect(insecure.match(/<th>/g)).toBeNull();
  });

  it('summarizes counts by status and severity, the account, the Regions and when the data was collected', () => {
    expect(insecure).toContain('Results by status (37 in all)');
    expect(insecure).toContain('<td class="s-FAIL">30</td>');
    expect(insecure).toContain('<dt>Regions</dt><dd>us-east-1, eu-west-1 (every enabled Region)</dd>');
    expect(insecure).toContain('<time datetime="2026-03-02T12:00:00.000Z">');
  });

  it("groups results under their control's metadata, with whether fix repairs it", () => {
    const group = insecure.slice(
      insecure.indexOf('<section class="control" id="c-CloudTrail.2"'),
      insecure.indexOf('<section class="control" id="c-CloudTrail.3"'),
    );
    expect(group).toContain('<dt>Security Hub</dt><dd>CloudTrail.2</dd>');
    expect(group).toContain(
      '<dt>CIS AWS Foundations</dt><dd>1.2.0: 2.7 (Automated), 1.4.0: 3.7 (Automated), 3.0.0: 3.5 (Automated), 4.0.1: 3.5 (Automated), 5.0.0: 3.5 (Automated), 6.0.0: 4.5 (Automated), 7.0.0: 4.5 (Automated)</dd>',
    );
    expect(group).toContain('<dt>Repaired by <code>fix</code></dt><dd>yes</dd>');
    expect(insecure).toMatch(/id="c-S3\.22"[\s\S]*?Repaired by <code>fix<\/code><\/dt><dd>no</);
    expect(renderHtml(exampleReport('insecure'), BUILTIN, {})).not.toContain('Repaired by');
  });

  it('draws a failing monitoring chain: the first broken link with its reason, the links after it not reached, and the EventBridge rules per Region', () => {
    const article = articleWith(
      insecure,
      'data-status="FAIL" data-severity="LOW" data-account="123456789012" data-region="global">\n<h4><span class="badge s-FAIL">FAIL</span> <code>AWS::::Account:123456789012</code></h4>\n<p class="where">Account 123456789012 · Region global · LOW</p>\n<p class="reason">metric-filter chain broken at the trail',
    );
    expect(article).toContain(
      '<li class="link broken"><span class="state">broken here</span> <span class="name">Trail</span> <code>arn:aws:cloudtrail:us-east-1:123456789012:trail/default</code><p class="why">trail default is a single-region trail (us-east-1): it does not record the other regions&apos; events</p></li>',
    );
    expect(article.match(/class="link not-reached"/g)).toHaveLength(7);
    expect(article).toContain('<th scope="row">us-east-1</th><td>none</td><td>root console sign-in without MFA, root console sign-in with MFA, ');
  });

  it('draws the path that satisfies a passing monitoring control, link by link', () => {
    const compliant = render(exampleReport('compliant'));
    const article = articleWith(compliant, 'met by a metric filter: metric filter &quot;RootAccountUsage&quot;');
    expect(article).toContain('Metric-filter path: satisfies the control');
    expect(article.match(/class="link holds"/g)).toHaveLength(8);
    for (const name of ['trail/management-events', 'aws-cloudtrail-logs', 'RootAccountUsage', 'RootAccountUsageAlarm', 'security-alerts', '1 confirmed'])
      expect(article).toContain(name);
  });

  it('escapes every string from the account: names, reasons, evidence', () => {
    const hostile = '<img src=x onerror="alert(1)"> & \'quoted\'';
    const page = renderHtml(
      fixtureReport({
        results: [
          {
            ...result('TW.1', 'FAIL', `${TRAIL_MAIN}"><script>alert(1)</script>`, hostile),
            evidence: {
              brokenLink: 'alarm',
              brokenReason: hostile,
              metricFilterPath: { metricFilter: hostile },
              eventBridge: { [hostile]: { coveredBy: [hostile], missing: [] } },
            },
          },
          { ...result('CloudTrail.4', 'FAIL', TRAIL_MAIN), evidence: { pattern: hostile } },
        ],
        suppressions: [{ control: 'CloudTrail.4', reason: hostile }],
      }),
      CONTROLS,
      {},
    );
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &apos;quoted&apos;');
    expect(page.match(/<script>/g)).toHaveLength(1);
  });

  it('lists the collection errors and the ERROR results with the call that failed', () => {
    const page = renderHtml(fixtureReport({ results: fixtureResults() }), CONTROLS, {});
    const errors = page.slice(page.indexOf('<section id="errors"'));
    expect(errors).toContain('<td><code>cloudtrail:GetTrailStatus</code></td><td>eu-west-1</td><td>AccessDenied</td><td>not authorized</td>');
    expect(errors).toMatch(
      /<li><a href="#r\d+">CloudTrail\.4 · account 111122223333 · arn:aws:cloudtrail:eu-west-1:111122223333:trail\/eu<\/a>: <code>cloudtrail:GetTrailStatus<\/code> in eu-west-1 failed with AccessDenied<\/li>/,
    );
    expect(articleWith(page, 'data-status="ERROR"')).toContain(
      '<p class="call">Failed call: <code>cloudtrail:GetTrailStatus</code> in eu-west-1: AccessDenied (not authorized)</p>',
    );
  });

  describe('an organization', () => {
    const report = exampleOrganizationReport(3);
    const page = render(report);

    it('has an accounts × controls matrix whose cells link to a result of that account and control', () => {
      const matrix = page.slice(page.indexOf('<table class="matrix">'), page.indexOf('</table>', page.indexOf('<table class="matrix">')));
      const rows = matrix.split('<tr><th scope="row">').slice(1);
      expect(rows.map((row) => row.slice(0, row.indexOf(' <span')))).toEqual(['management', 'workload-001', 'workload-002']);
      const links = [...matrix.matchAll(/<td class="s-(\w+)"><a href="#(r\d+)">/g)];
      expect(links.length).toBe(3 * BUILTIN.length);
      for (const [, status, anchor] of links) {
        const article = page.slice(page.indexOf(`<article class="result" id="${anchor}"`));
        expect(article).toMatch(new RegExp(`^<article class="result" id="${anchor}" data-status="${status}"`));
      }
      // The account that could not be scanned is ERROR in every column.
      expect(rows[2]!.match(/class="s-ERROR"/g)).toHaveLength(BUILTIN.length);
    });

    it('names the account of each result, and the failed AssumeRole', () => {
      expect(page).toContain('Account 100000001111 (workload-001)');
      expect(page).toContain('<td>100000002222</td><td><code>sts:AssumeRole</code></td>');
      expect(page).toContain('<option value="100000001111">workload-001 (100000001111)</option>');
      expect(page).toContain(
        '<tr><th scope="row">workload-002</th><td>100000002222</td><td>ERROR</td><td></td><td>sts:AssumeRole failed with AccessDenied (not authorized to assume arn:aws:iam::100000002222:role/OrganizationAccountAccessRole)</td></tr>',
      );
      expect(page).toContain(
        '<tr><th scope="row">management</th><td>123456789012</td><td>SCANNED</td><td>us-east-1, eu-west-1</td><td>2026-03-02T12:00:00.000Z</td></tr>',
      );
    });
  });
});
