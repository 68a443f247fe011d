import { CreateKeyCommand, DescribeKeyCommand } from '@aws-sdk/client-kms';
import { UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { afterEach, describe, expect, it } from 'vitest';
import { renderPlan } from '../../../src/remediations/render.js';
import { ACCOUNT_ID, bucket, orgTrail, snapshotWith, trail } from '../../checks/fixtures.js';
import { FakeAccount } from '../fake-account.js';
import { apply, callsOf, inputOf, plan } from '../helpers.js';

let account: FakeAccount | undefined;
afterEach(() => account?.restore());

describe('log file validation (CloudTrail.4)', () => {
  it('turns validation on with one UpdateTrail that changes nothing else', async () => {
    const snapshot = snapshotWith({ trails: [trail({ logFileValidationEnabled: false })] });
    const fix = plan(snapshot, {}, ['CloudTrail.4']);
    expect(callsOf(fix)).toEqual(['cloudtrail:UpdateTrail']);
    expect(inputOf(fix, 'cloudtrail:UpdateTrail')).toEqual({ Name: 'main', EnableLogFileValidation: true });
    expect(renderPlan(fix)).toContain('~ logFileValidationEnabled: false → true');
    account = new FakeAccount(snapshot);
    await apply(fix, account);
    expect(plan(account.snapshot(), {}, ['CloudTrail.4']).actions).toEqual([]);
  });

  it('leaves an organization trail of another account alone, and says so', () => {
    const fix = plan(snapshotWith({ trails: [orgTrail({ logFileValidationEnabled: false })], buckets: [] }), {}, ['CloudTrail.4']);
    expect(fix.actions).toEqual([]);
    expect(fix.notes).toEqual(['CloudTrail.4: trail org-trail belongs to account 111111111111; fix it there']);
  });
});

describe('KMS encryption (CloudTrail.2)', () => {
  const unencrypted = () => snapshotWith({ trails: [trail({ kmsKeyId: undefined })], kmsKeys: [] });

  it('is left alone without --kms-key', () => {
    const fix = plan(unencrypted(), {}, ['CloudTrail.2']);
    expect(fix.actions).toEqual([]);
    expect(fix.notes[0]).toContain('pass --kms-key ARN');
  });

  it('uses the key given with --kms-key ARN', () => {
    const key = `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/given`;
    const fix = plan(unencrypted(), { kmsKey: { arn: key } }, ['CloudTrail.2']);
    expect(callsOf(fix)).toEqual(['cloudtrail:UpdateTrail']);
    expect(inputOf(fix, 'cloudtrail:UpdateTrail')).toEqual({ Name: 'main', KmsKeyId: key });
  });

  it('with --kms-key create, makes a key only this trail may encrypt with, and points the trail at it', async () => {
    const snapshot = unencrypted();
    const fix = plan(snapshot, { kmsKey: { create: true } }, ['CloudTrail.2']);
    expect(callsOf(fix)).toEqual(['kms:DescribeKey', 'kms:CreateKey', 'kms:EnableKeyRotation', 'kms:CreateAlias', 'cloudtrail:UpdateTrail']);
    const policy = JSON.parse(inputOf(fix, 'kms:CreateKey').Policy as string) as {
      Statement: { Sid: string; Condition?: Record<string, Record<string, string>> }[];
    };
    expect(policy.Statement.find((s) => s.Sid === 'CloudTrailEncryptsLogs')?.Condition).toEqual({
      StringEquals: { 'aws:SourceArn': trail().arn },
      StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${ACCOUNT_ID}:trail/*` },
    });
    expect(policy.Statement.find((s) => s.Sid === 'AccountAdministersKey')).toBeDefined();

    account = new FakeAccount(snapshot);
    expect((await apply(fix, account)).failure).toBeUndefined();
    const created = account.mocks.kms.commandCalls(CreateKeyCommand);
    expect(created).toHaveLength(1);
    expect(account.mocks.cloudtrail.commandCalls(UpdateTrailCommand)[0]!.args[0].input).toEqual({
      Name: 'main',
      KmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/fake-key-1`,
    });
    expect(plan(account.snapshot(), { kmsKey: { create: true } }, ['CloudTrail.2']).actions).toEqual([]);
  });

  it('gives each trail its own key', async () => {
    const snapshot = snapshotWith({
      trails: [trail({ kmsKeyId: undefined }), trail({ name: 'second', kmsKeyId: undefined, s3BucketName: 'second-logs' })],
      buckets: [bucket(), bucket('second-logs')],
      kmsKeys: [],
    });
    account = new FakeAccount(snapshot);
    await apply(plan(snapshot, { kmsKey: { create: true } }, ['CloudTrail.2']), account);
    const keys = account.snapshot().trails.map((t) => t.kmsKeyId);
    expect(new Set(keys).size).toBe(2);
  });

  it('finds the key of an interrupted run by its alias instead of creating a second one', async () => {
    const snapshot = unencrypted();
    account = new FakeAccount(snapshot);
    account.failNext('cloudtrail:UpdateTrail', 'KmsException');
    const first = await apply(plan(snapshot, { kmsKey: { create: true } }, ['CloudTrail.2']), account);
    expect(first.failure?.completed.map((c) => `${c.call.operation}:${c.outcome}`)).toEqual([
      'DescribeKey:already-done',
      'CreateKey:done',
      'EnableKeyRotation:done',
      'CreateAlias:done',
    ]);

    const rerun = await apply(plan(account.snapshot(), { kmsKey: { create: true } }, ['CloudTrail.2']), account);
    expect(rerun.failure).toBeUndefined();
    expect(account.mocks.kms.commandCalls(CreateKeyCommand)).toHaveLength(1);
    expect(account.mocks.kms.commandCalls(DescribeKeyCommand)).toHaveLength(2);
    expect(account.snapshot().trails[0]!.kmsKeyId).toBe(`arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/fake-key-1`);
  });
});
