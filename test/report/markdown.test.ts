import { describe, expect, it } from 'vitest';
import { applyBaseline } from '../../src/results/baseline.js';
import { MAX_ROWS, renderMarkdown } from '../../src/report/markdown.js';
import { ACCOUNT, CONTROLS, TRAIL_MAIN, TRAIL_ORG, fixtureReport, fixtureResults, result } from './fixtures.js';

/** Cells of a GitHub table row, honouring `\|` escapes. */
function cells(row: string): string[] {
  return row.slice(2, -2).split(/(?<!\\) \| /);
}

describe('renderMarkdown', () => {
  const text = renderMarkdown(fixtureReport(), CONTROLS, {});

  it('opens with the account and the counts', () => {
    expect(text.startsWith(`## trailwarden: account ${ACCOUNT}\n`)).toBe(true);
    expect(text).toContain('**4 failing** (1 CRITICAL, 1 HIGH, 1 MEDIUM, 1 LOW) · 2 passed · 1 error(s) · 1 not applicable · 0 suppressed');
  });

  it('has a failing controls table', () => {
    const section = text.slice(text.indexOf('### Failing controls'));
    const table = section.slice(0, section.indexOf('<details>'));
    const rows = table.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Control') && !line.startsWith('| ---'));
    expect(rows.map((row) => cells(row))).toEqual([
      ['CloudTrail.1', 'HIGH', CONTROLS[0]!.title, '1'],
      ['CloudTrail.4', 'MEDIUM', CONTROLS[1]!.title, '1'],
      ['CloudWatch.1', 'LOW', CONTROLS[2]!.title, '1'],
      ['TW.1', 'CRITICAL', 'Trail logs \\| are delivered &lt;daily>', '1'],
    ]);
  });

  it('escapes | and < in cells so that a row keeps its columns', () => {
    const row = text.split('\n').find((line) => line.startsWith('| TW.1 | arn:'))!;
    expect(cells(row)).toHaveLength(3);
    expect(row).toContain('82 h ago &lt;stale>');
    expect(text).not.toMatch(/[^\\]\| 82 h/);
  });

  it('says when nothing fails', () => {
    const clean = renderMarkdown(fixtureReport({ results: [result('CloudTrail.1', 'PASS', TRAIL_MAIN)] }), CONTROLS, {});
    expect(clean).toContain('**Nothing failing**');
    expect(clean).not.toContain('### Failing controls');
  });

  it('shows new and resolved results when a baseline is given', () => {
    const previous = fixtureReport({
      results: fixtureResults()
        .filter((r) => r.controlId !== 'TW.1')
        .concat(result('CloudTrail.4', 'FAIL', TRAIL_ORG)),
    });
    const compared = renderMarkdown(applyBaseline(fixtureReport(), previous), CONTROLS, {});
    expect(compared).toContain('**1 new** · 1 resolved · 3 unchanged');
    const fresh = compared.slice(compared.indexOf('#### New'), compared.indexOf('#### Resolved'));
    expect(fresh).toContain(`| TW.1 | CRITICAL | ${TRAIL_MAIN} |`);
    expect(compared.slice(compared.indexOf('#### Resolved'))).toContain(`| CloudTrail.4 | MEDIUM | ${TRAIL_ORG} |`);
    expect(text).not.toContain('baseline');
  });

  it('folds the controls it could not decide, with the reason, after the failures', () => {
    const section = text.slice(text.indexOf('<details><summary>Could not decide'));
    expect(section.split('\n')[0]).toBe('<details><summary>Could not decide (1 ERROR, 1 failed AWS call(s))</summary>');
    expect(section).toContain('| CloudTrail.4 | arn:aws:cloudtrail:eu-west-1:');
    expect(section).toContain('failed with AccessDenied');
    expect(renderMarkdown(fixtureReport({ results: [result('CloudTrail.1', 'PASS', TRAIL_MAIN)] }), CONTROLS, {})).not.toContain('Could not decide');
  });

  it('cuts long tables', () => {
    const many = Array.from({ length: MAX_ROWS + 5 }, (_, i) => result('CloudTrail.4', 'FAIL', `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/t${i}`));
    const long = renderMarkdown(fixtureReport({ results: many }), CONTROLS, {});
    expect(long.split('\n').filter((line) => line.startsWith('| CloudTrail.4 | arn:'))).toHaveLength(MAX_ROWS);
    expect(long).toContain('… and 5 more rows: see the JSON report.');
  });
});
