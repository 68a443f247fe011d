import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../src/config/load.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';

describe('parseConfig', () => {
  it('gives the defaults for an empty file', () => {
    expect(parseConfig('')).toEqual(DEFAULT_CONFIG);
  });

  it('reads monitors, data-event buckets and suppressions', () => {
    const config = parseConfig(`
logRetentionDays: 400
dataEventBuckets: [payroll-exports]
monitors:
  - id: access-keys
    title: Access key created
    severity: high
    events:
      - eventSource: iam.amazonaws.com
        eventNames: [CreateAccessKey]
suppressions:
  - control: CloudTrail.7
    reason: bucket logs to a central account
    expires: 2027-01-31
`);
    expect(config.logRetentionDays).toBe(400);
    expect(config.dataEventBuckets).toEqual(['payroll-exports']);
    expect(config.monitors[0]).toEqual({
      id: 'access-keys',
      title: 'Access key created',
      severity: 'HIGH',
      threshold: 1,
      periodSeconds: 300,
      events: [{ eventSource: 'iam.amazonaws.com', eventNames: ['CreateAccessKey'] }],
    });
    expect(config.suppressions[0]!.expires).toBe('2027-01-31T00:00:00.000Z');
  });

  it('reads the benchmark scan reports against; without one, the key is absent', () => {
    expect(parseConfig('benchmark: cis-7.0.0\n').benchmark).toBe('cis-7.0.0');
    expect(parseConfig('benchmark: security-hub\n').benchmark).toBe('security-hub');
    expect('benchmark' in parseConfig('logRetentionDays: 30\n')).toBe(false);
  });

  it("reads CloudTrail.9's requiredTagKeys and CloudTrail.10's kmsKeyArns; both default to none", () => {
    const config = parseConfig('requiredTagKeys: [owner, cost-centre]\nkmsKeyArns: [arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab]\n');
    expect(config.requiredTagKeys).toEqual(['owner', 'cost-centre']);
    expect(config.kmsKeyArns).toEqual(['arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab']);
    expect(parseConfig('')).toMatchObject({ requiredTagKeys: [], kmsKeyArns: [] });
  });

  it.each([
    ['requiredTagKeys: [a, b, c, d, e, f, g]', "requiredTagKeys: at most 6 tag keys (Security Hub's limit), got 7"],
    ['requiredTagKeys: ["aws:createdBy"]', 'requiredTagKeys: "aws:createdBy" begins with aws:'],
    ['requiredTagKeys: [owner, owner]', 'requiredTagKeys: "owner" is listed twice'],
    ['requiredTagKeys: ["a#b"]', 'requiredTagKeys: "a#b" is not a tag key'],
    ['kmsKeyArns: [alias/lake]', 'kmsKeyArns[0]: "alias/lake" is not a KMS key ARN'],
    ['logRetentionDays: -1', 'logRetentionDays: must be a whole number of at least 1'],
    ['retention: 30', 'retention: unknown key'],
    ['benchmark: cis-5', 'benchmark: unknown benchmark "cis-5"; known: cis-1.2.0, cis-1.4.0'],
    ['benchmark: [cis-5.0.0]', 'benchmark: must be'],
    ['dataEventBuckets: arn:aws:s3:::x', 'dataEventBuckets: must be a list'],
    ['dataEventBuckets: ["arn:aws:s3:::x"]', 'dataEventBuckets[0]: "arn:aws:s3:::x" is not a valid S3 bucket name'],
    ['monitors: [{id: x, title: t, severity: urgent, events: [{eventSource: iam.amazonaws.com, eventNames: [A]}]}]', 'monitors[0].severity: must be one of'],
    ['monitors: [{id: x, title: t, severity: LOW, events: []}]', 'monitors[0].events: a monitor needs at least one event'],
    [
      'monitors: [{id: x, title: t, severity: LOW, events: [{eventSource: iam, eventNames: [A]}]}]',
      'monitors[0].events[0].eventSource: "iam" is not an event source',
    ],
    ['monitors: [{id: x, title: t, severity: LOW, events: [{record: {eventName: A}}]}]', 'monitors[0].events[0].record.eventSource'],
    [
      'monitors: [{id: x, title: t, severity: LOW, periodSeconds: 90, events: [{eventSource: iam.amazonaws.com, eventNames: [A]}]}]',
      'periodSeconds: must be 10, 30 or a multiple of 60',
    ],
    ['suppressions: [{control: CloudTrail.1, reason: r, expires: soon}]', 'suppressions[0].expires: "soon" is not a date'],
    ['suppressions: [{control: CloudTrail.1}]', 'suppressions[0].reason: must be a non-empty string'],
    ['a: [1', 'invalid YAML'],
    ['a: 1\na: 2', 'invalid YAML'],
    ['- 1', 'top level: must be a mapping'],
  ])('rejects %j with a message naming the place', (yaml, message) => {
    expect(() => parseConfig(yaml, 'cfg.yaml')).toThrow(ConfigError);
    expect(() => parseConfig(yaml, 'cfg.yaml')).toThrow(message);
  });

  it('rejects duplicate monitor ids', () => {
    const monitor = '{id: x, title: t, severity: LOW, events: [{eventSource: iam.amazonaws.com, eventNames: [A]}]}';
    expect(() => parseConfig(`monitors: [${monitor}, ${monitor}]`)).toThrow('monitors[1].id: duplicate monitor id "x"');
  });
});

describe('loadConfig', () => {
  it('fails clearly when an explicit file is missing', () => {
    expect(() => loadConfig(join(tmpdir(), 'no-such-trailwarden.yaml'))).toThrow(/cannot read config file .*ENOENT/);
  });

  it('reads an explicit file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-config-'));
    writeFileSync(join(dir, 'c.yaml'), 'logRetentionDays: 90\n');
    expect(loadConfig(join(dir, 'c.yaml')).config.logRetentionDays).toBe(90);
  });
});

describe('the bundled example config', () => {
  it('is valid', () => {
    const { config } = loadConfig('examples/trailwarden.config.yaml');
    expect(config.monitors.map((m) => m.id)).toContain('access-key-created');
    expect(config.dataEventBuckets).toEqual(['payroll-exports', 'customer-documents']);
  });
});
