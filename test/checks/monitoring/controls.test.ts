import { describe, expect, it } from 'vitest';
import { eventMonitoringControls, type MonitoringControl } from '../../../src/checks/monitoring/index.js';
import { basicSelector, evaluate, failed, ok, orgTrail, trail } from '../fixtures.js';
import { alarmFor, chainSnapshot, filterFor } from './chain-fixtures.js';

const control = (id: string): MonitoringControl => eventMonitoringControls.find((candidate) => candidate.id === id)!;

/** The control's result when its only metric filter has `pattern`. */
function withPattern(id: string, pattern: string) {
  const subject = control(id);
  return evaluate(subject, chainSnapshot(subject, { filters: [filterFor(subject, { name: 'custom', pattern })] }))[0]!;
}

/** `{ ($.eventName = A) || … }` over every required name but the ones left out. */
function namesPattern(id: string, leaveOut: string[]): string {
  const names = control(id)
    .spec.requiredEvents!.flatMap(({ eventNames }) => eventNames)
    .filter((name) => !leaveOut.includes(name));
  return `{ ${names.map((name) => `($.eventName = "${name}")`).join(' || ')} }`;
}

describe('a filter that misses required events names them', () => {
  it.each([
    ['CloudWatch.4', ['DeletePolicyVersion']],
    ['CloudWatch.5', ['StopLogging']],
    ['CloudWatch.7', ['ScheduleKeyDeletion']],
    ['CloudWatch.8', ['PutBucketCors', 'DeleteBucketReplication']],
    ['CloudWatch.9', ['PutDeliveryChannel']],
    ['CloudWatch.10', ['RevokeSecurityGroupEgress']],
    ['CloudWatch.11', ['ReplaceNetworkAclAssociation']],
    ['CloudWatch.12', ['DeleteCustomerGateway']],
    ['CloudWatch.13', ['DisassociateRouteTable']],
    ['CloudWatch.14', ['AttachClassicLinkVpc', 'DetachClassicLinkVpc', 'DisableVpcClassicLink', 'EnableVpcClassicLink']],
    ['TW.1', ['LeaveOrganization']],
  ])('%s without %s', (id, leaveOut) => {
    const finding = withPattern(id, namesPattern(id, leaveOut));
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain(
      `metric-filter chain broken at the metric filter: metric filter "custom" on log group aws-cloudtrail-logs misses ${leaveOut.join(', ')};`,
    );
  });

  it.each([
    [
      'CloudWatch.1',
      '{ $.userIdentity.type = "Root" && $.eventType = "AwsConsoleSignIn" }',
      'root IAM call (EnableMFADevice), root read-only EC2 call (DescribeRegions)',
    ],
    [
      'CloudWatch.2',
      '{ $.errorCode = "AccessDenied*" }',
      'Client.UnauthorizedOperation on an EC2 call (RunInstances), Client.UnauthorizedOperation on a read-only EC2 call (DescribeInstances)',
    ],
    [
      'CloudWatch.6',
      '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") && ($.userIdentity.type = "IAMUser") }',
      'failed root console sign-in',
    ],
  ])('%s with a narrower condition', (id, pattern, missed) => {
    expect(withPattern(id, pattern).reason).toContain(`misses ${missed};`);
  });

  it('CloudWatch.1 with `!=` on invokedBy, which is false when the field is missing', () => {
    expect(withPattern('CloudWatch.1', '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy != "x" }').reason).toContain(
      'matches any of the required events',
    );
  });

  it('CloudWatch.4 with an infix wildcard, which AWS does not document: uncertain does not count', () => {
    const finding = withPattern('CloudWatch.4', '{ $.eventName = "Put*Policy" || $.eventName = "Delete*Policy" || $.eventName = "*Policy*" }');
    expect(finding.status).toBe('PASS');
    expect(withPattern('CloudWatch.4', '{ $.eventName = "Put*Policy" }').reason).toMatch(
      /is uncertain for PutGroupPolicy, PutRolePolicy, PutUserPolicy \(.*\), and an uncertain match does not count/,
    );
  });
});

describe('a filter broader than needed passes with a note', () => {
  it('CloudWatch.2 with the CIS v1.4 pattern, which matches almost every event', () => {
    const finding = withPattern(
      'CloudWatch.2',
      '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") || ($.sourceIPAddress!="delivery.logs.amazonaws.com") || ($.eventName!="HeadBucket") }',
    );
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toMatch(
      /broader than needed: it also matches non-authorisation error \(TrailNotFoundException\), successful read-only EC2 call \(DescribeInstances\), .* and \d+ more; works; Security Hub CSPM will still report CloudWatch.2 FAILED/,
    );
  });

  it('but not CloudWatch.2 with the CIS v3 pattern, whose exclusions are allowed', () => {
    const finding = withPattern(
      'CloudWatch.2',
      '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }',
    );
    expect(finding.status).toBe('PASS');
    expect(finding.reason).not.toMatch(/broader/);
  });

  it('CloudWatch.3 with the short CIS form, which also counts federated and failed sign-ins', () => {
    const finding = withPattern('CloudWatch.3', '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }');
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toMatch(
      /broader than needed: it also matches root console sign-in with MFA, federated console sign-in \(MFA at the identity provider\), failed IAM user console sign-in/,
    );
  });

  it('CloudWatch.4 with "*Policy*", which also matches reads and other services', () => {
    expect(withPattern('CloudWatch.4', '{ $.eventName = "*Policy*" }').reason).toMatch(
      /broader than needed: it also matches IAM GetPolicy \(read-only\), IAM UpdateAssumeRolePolicy .*, s3 PutBucketPolicy/,
    );
  });

  it('TW.1 without its eventSource clause, which also matches IAM AttachRolePolicy… and the other policy calls', () => {
    const names = control('TW.1').spec.requiredEvents![0]!.eventNames;
    const finding = withPattern('TW.1', `{ ${names.map((name) => `($.eventName = "${name}")`).join(' || ')} }`);
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toMatch(/broader than needed: it also matches .*iam CreatePolicy/);
  });

  it('CloudWatch.6 counting every failed sign-in, including unknown user names', () => {
    expect(withPattern('CloudWatch.6', '{ ($.eventName = "ConsoleLogin") && ($.responseElements.ConsoleLogin = "Failure") }').reason).toMatch(
      /broader than needed: it also matches failed sign-in with an unknown user name; works; Security Hub CSPM will still report CloudWatch.6 FAILED/,
    );
  });

  it('prefers an exact filter over a broader one on the same log group', () => {
    const subject = control('CloudWatch.4');
    const snapshot = chainSnapshot(subject, {
      filters: [filterFor(subject, { name: 'broad', pattern: '{ $.eventName = "*Policy*" }' }), filterFor(subject, { name: 'exact' })],
    });
    expect(evaluate(subject, snapshot)[0]?.reason).toMatch(/^met by a metric filter: metric filter "exact"/);
  });
});

describe('what a trail records decides the first link', () => {
  const noKms = trail({ selectors: ok({ basic: [basicSelector({ excludeManagementEventSources: ['kms.amazonaws.com'] })] }) });

  it('a trail that excludes KMS events breaks CloudWatch.7 and the KMS denials of CloudWatch.2, not CloudWatch.4', () => {
    const kms = evaluate(control('CloudWatch.7'), chainSnapshot(control('CloudWatch.7'), { trails: [noKms] }))[0]!;
    expect(kms.reason).toContain(
      'broken at the trail: trail main does not record DisableKey (selector excludes management events from kms.amazonaws.com), nor ScheduleKeyDeletion',
    );
    expect(evaluate(control('CloudWatch.2'), chainSnapshot(control('CloudWatch.2'), { trails: [noKms] }))[0]?.reason).toContain('does not record DisableKey');
    expect(evaluate(control('CloudWatch.4'), chainSnapshot(control('CloudWatch.4'), { trails: [noKms] }))[0]?.status).toBe('PASS');
  });

  it('a write-only trail breaks the controls that need read-only events (root usage), not the others', () => {
    const writeOnly = trail({ selectors: ok({ basic: [basicSelector({ readWriteType: 'WriteOnly' })] }) });
    expect(evaluate(control('CloudWatch.1'), chainSnapshot(control('CloudWatch.1'), { trails: [writeOnly] }))[0]?.reason).toContain(
      'does not record DescribeRegions (selector records WriteOnly events only)',
    );
    expect(evaluate(control('CloudWatch.10'), chainSnapshot(control('CloudWatch.10'), { trails: [writeOnly] }))[0]?.status).toBe('PASS');
  });

  it('a trail without global-service events breaks IAM and Organizations controls', () => {
    const regionalOnly = trail({ includeGlobalServiceEvents: false });
    expect(evaluate(control('TW.1'), chainSnapshot(control('TW.1'), { trails: [regionalOnly] }))[0]?.reason).toContain(
      'trail main does not record AcceptHandshake (IncludeGlobalServiceEvents is false)',
    );
  });
});

describe('alarm and filter dimensions', () => {
  const subject = control('CloudWatch.1');
  const dimensionedBy = (dimensions: Record<string, string>) =>
    filterFor(subject, { transformations: [{ metricName: 'RootAccountUsage', metricNamespace: 'CISBenchmark', metricValue: '1', dimensions }] });

  it('an alarm is on the metric when it names the dimensions the filter publishes, with the value every required event publishes', () => {
    const byIdentity = dimensionedBy({ Identity: '$.userIdentity.type' });
    const watching = alarmFor(subject, { dimensions: [{ name: 'Identity', value: 'Root' }] });
    expect(evaluate(subject, chainSnapshot(subject, { filters: [byIdentity], alarms: [watching] }))[0]?.status).toBe('PASS');
    expect(evaluate(subject, chainSnapshot(subject, { filters: [byIdentity] }))[0]?.reason).toContain(
      'watches dimensions none, but the filter publishes dimensions Identity',
    );
  });

  it('an alarm that asks for a unit sees only datapoints published with it', () => {
    const seconds = alarmFor(subject, { unit: 'Seconds' });
    const [result] = evaluate(subject, chainSnapshot(subject, { alarms: [seconds] }));
    expect(result?.status).toBe('FAIL');
    expect(result?.reason).toContain('asks for unit Seconds, but the filter publishes the metric with unit None, so the alarm never sees a datapoint');
    const counted = filterFor(subject, {
      transformations: [{ metricName: 'RootAccountUsage', metricNamespace: 'CISBenchmark', metricValue: '1', unit: 'Count' }],
    });
    expect(evaluate(subject, chainSnapshot(subject, { filters: [counted], alarms: [alarmFor(subject, { unit: 'Count' })] }))[0]?.status).toBe('PASS');
  });

  it('an alarm on one value of a dimension that varies from event to event misses the events with other values', () => {
    const byCaller = dimensionedBy({ Caller: '$.sourceIPAddress' });
    const oneCaller = alarmFor(subject, { dimensions: [{ name: 'Caller', value: '198.51.100.77' }] });
    const [result] = evaluate(subject, chainSnapshot(subject, { filters: [byCaller], alarms: [oneCaller] }));
    expect(result?.status).toBe('FAIL');
    expect(result?.reason).toContain(
      'watches only Caller=198.51.100.77, but the filter publishes Caller=$.sourceIPAddress, a metric per value: the alarm misses',
    );
  });
});

describe('several trails', () => {
  const subject = control('CloudWatch.5');

  it('a trail whose status could not be read does not hide one that holds', () => {
    const unread = trail({ name: 'unread', status: failed('cloudtrail:GetTrailStatus') });
    expect(evaluate(subject, chainSnapshot(subject, { trails: [unread, trail()] }))[0]?.status).toBe('PASS');
  });

  it('an organization trail delivering to a log group of another account that was not collected: ERROR', () => {
    const [finding] = evaluate(subject, chainSnapshot(subject, { trails: [orgTrail()] }));
    expect(finding?.status).toBe('ERROR');
    expect(finding?.reason).toMatch(/^log group org-trail-logs of account 111111111111 in us-east-1 \(trail org-trail delivers to it\) was not collected/);
  });
});
