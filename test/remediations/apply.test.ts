import { CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { PutBucketLifecycleConfigurationCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { applyPlan, describeFailure, type ClientFor } from '../../src/remediations/apply.js';
import { bound, call, resolveInput, spread, type ApiCall } from '../../src/remediations/calls.js';
import type { Action } from '../../src/remediations/types.js';
import { awsError } from './fake-account.js';

/** An action that only carries calls. */
function action(id: string, calls: ApiCall[]): Action {
  return {
    id,
    controls: [],
    summary: id,
    change: { kind: 'create', resourceType: 'Test', name: id, region: 'us-east-1', properties: {} },
    dependsOn: [],
    calls,
    terraform: [],
    simulate: () => undefined,
  };
}

/** Answers each operation from a table; records the inputs it was sent. */
function scripted(answers: Record<string, (input: Record<string, unknown>) => unknown>): { clientFor: ClientFor; sent: [string, Record<string, unknown>][] } {
  const sent: [string, Record<string, unknown>][] = [];
  const clientFor: ClientFor = () => ({
    async send(command: object) {
      const name = command.constructor.name.replace(/Command$/, '');
      const input = (command as { input: Record<string, unknown> }).input;
      sent.push([name, input]);
      return (answers[name] ?? (() => ({})))(input);
    },
  });
  return { clientFor, sent };
}

describe('resolving inputs', () => {
  it('replaces references, and spreads bound arrays (or nothing when unbound)', () => {
    const bindings = new Map<string, unknown>([
      ['keyArn', 'arn:k'],
      ['rules', [{ ID: 'a' }]],
    ]);
    expect(resolveInput({ KeyId: bound('keyArn'), Text: `key ${bound('keyArn')}`, Rules: [spread('rules'), { ID: 'b' }] }, bindings)).toEqual({
      KeyId: 'arn:k',
      Text: 'key arn:k',
      Rules: [{ ID: 'a' }, { ID: 'b' }],
    });
    expect(resolveInput({ Rules: [spread('missing'), 'x'] }, bindings)).toEqual({ Rules: ['x'] });
    expect(() => resolveInput({ KeyId: bound('missing') }, bindings)).toThrow('no earlier call produced ${missing}');
  });
});

describe('applyPlan', () => {
  const createKey = (): Action =>
    action('key', [
      call('kms', 'us-east-1', DescribeKeyCommand, { KeyId: 'alias/k' }, { alreadyDone: ['NotFoundException'], binds: { keyArn: 'KeyMetadata.Arn' } }),
      call('kms', 'us-east-1', CreateKeyCommand, {}, { unlessBound: 'keyArn', binds: { keyArn: 'KeyMetadata.Arn' } }),
      call('kms', 'us-east-1', CreateAliasCommand, { AliasName: 'alias/k', TargetKeyId: bound('keyArn') }),
    ]);

  it('passes a value from one call to the next, and skips a creation a lookup made unnecessary', async () => {
    const fresh = scripted({
      DescribeKey: () => {
        throw awsError('NotFoundException');
      },
      CreateKey: () => ({ KeyMetadata: { Arn: 'arn:new' } }),
    });
    expect((await applyPlan([createKey()], fresh.clientFor)).failure).toBeUndefined();
    expect(fresh.sent.map(([name]) => name)).toEqual(['DescribeKey', 'CreateKey', 'CreateAlias']);
    expect(fresh.sent[2]![1]).toEqual({ AliasName: 'alias/k', TargetKeyId: 'arn:new' });

    const existing = scripted({ DescribeKey: () => ({ KeyMetadata: { Arn: 'arn:old' } }) });
    await applyPlan([createKey()], existing.clientFor);
    expect(existing.sent.map(([name]) => name)).toEqual(['DescribeKey', 'CreateAlias']);
    expect(existing.sent[1]![1]).toMatchObject({ TargetKeyId: 'arn:old' });
  });

  it('stops at the first failure and lists the actions it did not start', async () => {
    const put = (id: string) => action(id, [call('s3', 'us-east-1', PutBucketLifecycleConfigurationCommand, { Bucket: id })]);
    const failing = scripted({
      PutBucketLifecycleConfiguration: (input) => {
        if (input.Bucket === 'b') throw awsError('AccessDenied', 'no');
        return {};
      },
    });
    const report = await applyPlan([put('a'), put('b'), put('c'), put('d')], failing.clientFor);
    expect(report.applied.map((a) => a.id)).toEqual(['a']);
    expect(report.failure).toMatchObject({ action: { id: 'b' }, code: 'AccessDenied', message: 'no', completed: [] });
    expect(report.notApplied.map((a) => a.id)).toEqual(['c', 'd']);
    expect(failing.sent).toHaveLength(2);
  });

  it('retries a call whose prerequisite is not visible yet, then gives up', async () => {
    let attempts = 0;
    const eventually = scripted({
      CreateKey: () => {
        attempts += 1;
        if (attempts < 3) throw awsError('NotYet');
        return {};
      },
    });
    const retried = action('k', [call('kms', 'us-east-1', CreateKeyCommand, {}, { retryWhile: ['NotYet'] })]);
    expect((await applyPlan([retried], eventually.clientFor, { retryDelayMs: 0 })).failure).toBeUndefined();
    expect(attempts).toBe(3);

    const never = scripted({
      CreateKey: () => {
        throw awsError('NotYet');
      },
    });
    expect((await applyPlan([retried], never.clientFor, { retryDelayMs: 0 })).failure?.code).toBe('NotYet');
    expect(never.sent).toHaveLength(8);
  });
});

describe('describeFailure', () => {
  it("a refused write that only a plan's policy grants says how to get it", async () => {
    const grant = action('key-grant', [call('kms', 'us-east-1', PutKeyPolicyCommand, { KeyId: 'arn:aws:kms:us-east-1:111122223333:key/k', Policy: '{}' })]);
    const { clientFor } = scripted({
      PutKeyPolicy: () => {
        throw awsError('AccessDeniedException', 'User is not authorized to perform: kms:PutKeyPolicy');
      },
    });
    const { failure } = await applyPlan([grant], clientFor);
    const lines = describeFailure(failure!);
    expect(lines[0]).toBe('kms:PutKeyPolicy failed with AccessDeniedException: User is not authorized to perform: kms:PutKeyPolicy');
    expect(lines[2]).toMatch(
      /^kms:PutKeyPolicy is granted only for a plan's own resources \(.*\): attach the policy of `trailwarden iam-policy fix --snapshot FILE`/,
    );
  });

  it('any other failure is just said', async () => {
    const lifecycle = action('lifecycle', [call('s3', 'us-east-1', PutBucketLifecycleConfigurationCommand, { Bucket: 'b' })]);
    const { clientFor } = scripted({
      PutBucketLifecycleConfiguration: () => {
        throw awsError('AccessDenied', 'no');
      },
    });
    const { failure } = await applyPlan([lifecycle], clientFor);
    expect(describeFailure(failure!)).toHaveLength(2);
  });
});
