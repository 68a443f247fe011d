import { automated } from '../../src/checks/benchmark.js';
import type { ControlMeta, Result, Status } from '../../src/checks/types.js';
import type { Suppression } from '../../src/config/types.js';
import { buildReport, type ReportDocument } from '../../src/results/document.js';
import { SNAPSHOT_VERSION, type AccountSnapshot } from '../../src/snapshot/types.js';

/** A small, fake registry and scan: the real controls are written elsewhere and may not exist yet. */

export const ACCOUNT = '111122223333';
export const NOW = new Date('2026-11-23T10:00:00.000Z');

export const TRAIL_MAIN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
export const TRAIL_ORG = 'arn:aws:cloudtrail:us-east-1:999988887777:trail/org-trail';
export const TRAIL_EU = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/eu`;
export const LOG_GROUP = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/cloudtrail/main`;
export const BUCKET = 'arn:aws:s3:::trail-logs-111122223333';
export const ACCOUNT_RESOURCE = `AWS::::Account:${ACCOUNT}`;

export const CONTROLS: ControlMeta[] = [
  {
    id: 'CloudTrail.1',
    title: 'CloudTrail is enabled and records management events in all regions',
    severity: 'HIGH',
    securityHubId: 'CloudTrail.1',
    cis: { '1.2.0': automated('2.1'), '1.4.0': automated('3.1'), '3.0.0': automated('3.1') },
    family: 'cloudtrail',
    rationale: 'Without a multi-region trail, API activity in a region goes unrecorded.',
    remediation: 'Create a multi-region trail that records read and write management events.',
    decides: 'PASS when a logging multi-region trail records all management events.',
    resourceType: 'AWS::CloudTrail::Trail',
  },
  {
    id: 'CloudTrail.4',
    title: 'Log file validation is enabled',
    severity: 'MEDIUM',
    securityHubId: 'CloudTrail.4',
    cis: { '1.2.0': automated('2.2'), '1.4.0': automated('3.2') },
    family: 'cloudtrail',
    rationale: 'Digest files prove that delivered log files were not changed.',
    remediation: 'Enable log file validation on the trail.',
    decides: 'PASS when LogFileValidationEnabled is true.',
    resourceType: 'AWS::CloudTrail::Trail',
  },
  {
    id: 'CloudWatch.1',
    title: 'A metric filter and alarm exist for use of the "root" user',
    severity: 'LOW',
    securityHubId: 'CloudWatch.1',
    cis: { '1.2.0': automated('3.3') },
    family: 'monitoring',
    rationale: 'Root use should be rare and noticed.',
    remediation: 'Create the metric filter and an alarm with a confirmed subscriber.',
    decides: 'PASS when a filter on a trail log group matches root use and an alarm notifies someone.',
    resourceType: 'AWS::Logs::LogGroup',
  },
  {
    id: 'TW.1',
    title: 'Trail logs | are delivered <daily>',
    severity: 'CRITICAL',
    cis: {},
    family: 'logs',
    rationale: 'A trail that stopped delivering is as good as none.',
    remediation: 'Fix the bucket policy | KMS key policy so that CloudTrail can write.',
    decides: 'PASS when the latest delivery is younger than deliveryMaxAgeHours.',
    resourceType: 'AWS::CloudTrail::Trail',
  },
];

export function result(controlId: string, status: Status, arn: string, reason = `${controlId} ${status.toLowerCase()} on ${arn}`): Result {
  const control = CONTROLS.find((c) => c.id === controlId)!;
  const region = arn.split(':')[3] || 'global';
  return {
    controlId,
    title: control.title,
    severity: control.severity,
    accountId: ACCOUNT,
    remediation: control.remediation,
    status,
    resource: { arn, type: arn.startsWith('AWS::') ? 'AwsAccount' : 'AwsCloudTrailTrail', region },
    reason,
  };
}

/** Deliberately not in report order: buildReport sorts. */
export function fixtureResults(): Result[] {
  return [
    result('TW.1', 'FAIL', TRAIL_MAIN, 'trail main: latest delivery 2026-11-20T00:00:00Z | 82 h ago <stale>'),
    result('CloudTrail.4', 'FAIL', TRAIL_MAIN),
    result('CloudTrail.1', 'PASS', TRAIL_ORG),
    result('CloudTrail.1', 'FAIL', TRAIL_EU),
    {
      ...result('CloudTrail.4', 'ERROR', TRAIL_EU, 'could not read trail status: cloudtrail:GetTrailStatus in eu-west-1 failed with AccessDenied'),
      error: { operation: 'cloudtrail:GetTrailStatus', region: 'eu-west-1', code: 'AccessDenied', message: 'not authorized' },
    },
    result('CloudWatch.1', 'NOT_APPLICABLE', ACCOUNT_RESOURCE, 'no trail delivers to CloudWatch Logs'),
    { ...result('CloudWatch.1', 'FAIL', LOG_GROUP), evidence: { filters: 0 } },
    result('CloudTrail.1', 'PASS', TRAIL_MAIN),
  ];
}

export function fixtureSnapshot(): AccountSnapshot {
  return {
    snapshotVersion: SNAPSHOT_VERSION,
    generator: { name: 'trailwarden', version: '0.1.0' },
    collectedAt: '2026-11-23T09:59:00.000Z',
    account: { id: ACCOUNT, partition: 'aws' },
    regions: ['eu-west-1', 'us-east-1'],
    skippedRegions: [{ region: 'ap-east-1', reason: 'not opted in' }],
    regionData: [],
    trails: [],
    logGroups: [],
    topics: [],
    buckets: [],
    kmsKeys: [],
    accountPublicAccessBlock: { ok: true, value: null },
    errors: [{ operation: 'cloudtrail:GetTrailStatus', region: 'eu-west-1', code: 'AccessDenied', message: 'not authorized', resource: TRAIL_EU }],
    callCounts: { 'cloudtrail:DescribeTrails': 2 },
  };
}

export function fixtureReport(options: { results?: Result[]; suppressions?: Suppression[]; regionFilter?: string[] } = {}): ReportDocument {
  return buildReport({
    snapshot: fixtureSnapshot(),
    results: options.results ?? fixtureResults(),
    controls: CONTROLS,
    toolVersion: '0.1.0',
    suppressions: options.suppressions ?? [],
    now: NOW,
    ...(options.regionFilter ? { regionFilter: options.regionFilter } : {}),
  });
}
