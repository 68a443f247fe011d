import { describe, expect, it } from 'vitest';
import { literalCheck } from '../../../src/checks/monitoring/chain/security-hub-literal.js';
import { eventMonitoringControls } from '../../../src/checks/monitoring/index.js';
import { evaluate } from '../fixtures.js';
import { chainSnapshot, filterFor } from './chain-fixtures.js';

/**
 * Security Hub CSPM compares a CloudWatch.1–14 filter's text with CIS's; trailwarden asks whether it
 * works. A PASS whose text is not the CIS text says what Security Hub will make of it.
 */

const control = (id: string) => eventMonitoringControls.find((candidate) => candidate.id === id)!;

function withPattern(id: string, pattern: string) {
  const subject = control(id);
  return evaluate(subject, chainSnapshot(subject, { filters: [filterFor(subject, { name: 'custom', pattern })] }))[0]!;
}

describe("Security Hub CSPM's literal check, as evidence of a PASS", () => {
  const cis = control('CloudWatch.4').spec.filterPattern;
  /** The CIS terms in another order: the same filter to CloudWatch Logs, another text to Security Hub. */
  const reordered = `{${cis.slice(1, -1).split('||').reverse().join('||')}}`;

  it('the CIS text itself: no note, no evidence field', () => {
    const finding = withPattern('CloudWatch.4', cis);
    expect(finding.status).toBe('PASS');
    expect(finding.reason).not.toContain('Security Hub');
    expect(finding.evidence).not.toHaveProperty('securityHubLiteralCheck');
  });

  it('a working filter with another text: PASS, and Security Hub CSPM will still report it FAILED', () => {
    const finding = withPattern('CloudWatch.4', reordered);
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toMatch(/; works; Security Hub CSPM will still report CloudWatch\.4 FAILED because it compares the pattern text/);
    expect(finding.evidence).toMatchObject({
      securityHubLiteralCheck: {
        controlId: 'CloudWatch.4',
        cisPattern: cis,
        filterPattern: reordered,
        difference: 'text',
        documented: expect.stringContaining('exact metric filters prescribed by CIS'),
      },
    });
  });

  it('whitespace only: Security Hub does not document ignoring it, so "may"', () => {
    const spaced = cis.replaceAll('||', ' || ');
    const finding = withPattern('CloudWatch.4', spaced);
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toMatch(/only in whitespace, .* does not document whether it ignores whitespace: it may report CloudWatch\.4 FAILED$/);
    expect(finding.evidence).toMatchObject({ securityHubLiteralCheck: { difference: 'whitespace-only' } });
  });

  it('TW.1 has no Security Hub control, so no note', () => {
    const subject = control('TW.1');
    const names = subject.spec.requiredEvents![0]!.eventNames;
    const finding = withPattern(
      'TW.1',
      `{ ($.eventSource = "organizations.amazonaws.com") && (${names.map((name) => `($.eventName = "${name}")`).join(' || ')}) }`,
    );
    expect(finding.status).toBe('PASS');
    expect(finding.reason).not.toContain('Security Hub');
  });

  it('compares texts only', () => {
    expect(literalCheck({ controlId: 'CloudWatch.1', cisPattern: 'a' }, 'a')).toBeUndefined();
    expect(literalCheck({ controlId: 'CloudWatch.1', cisPattern: '{ a }' }, '{a}')?.difference).toBe('whitespace-only');
  });
});
