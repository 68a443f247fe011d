import { describe, expect, it } from 'vitest';
import { lambdaInvokeEvents } from '../../../src/checks/dataevents/tw-3-lambda-invoke-events.js';
import type { TrailSelectors } from '../../../src/snapshot/types.js';
import { advancedSelector, basicSelector, evaluate, ok, snapshotWith, trail } from '../fixtures.js';

const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:rotate-keys';

const basicLambda = (values: string[], readWriteType: 'All' | 'ReadOnly' = 'All'): TrailSelectors => ({
  basic: [basicSelector(), basicSelector({ readWriteType, includeManagementEvents: false, dataResources: [{ type: 'AWS::Lambda::Function', values }] })],
});

function resultFor(selectors: TrailSelectors, functions = [FUNCTION_ARN], trailOverrides = {}) {
  const findings = evaluate(lambdaInvokeEvents, snapshotWith({ trails: [trail({ selectors: ok(selectors), ...trailOverrides })] }), {
    dataEventFunctions: functions,
  });
  expect(findings).toHaveLength(Math.max(functions.length, 1));
  return findings[0]!;
}

describe('TW.3 Lambda Invoke data events', () => {
  it('is not applicable when no function is configured', () => {
    expect(resultFor(basicLambda([]), [])).toMatchObject({ status: 'NOT_APPLICABLE', reason: 'no function is listed in dataEventFunctions in the config' });
  });

  it("passes for the function's ARN or every function, reported on the function", () => {
    const result = resultFor(basicLambda([FUNCTION_ARN]));
    expect(result).toMatchObject({ status: 'PASS', resource: { arn: FUNCTION_ARN, type: 'AwsLambdaFunction', region: 'eu-west-1' } });
    expect(result.reason).toBe(`trail main records Invoke events of function ${FUNCTION_ARN}`);
    expect(resultFor(basicLambda(['arn:aws:lambda'])).status).toBe('PASS');
  });

  it('passes with advanced selectors on the Lambda resource type', () => {
    const advanced = {
      advanced: [advancedSelector('lambda', { field: 'eventCategory', equals: ['Data'] }, { field: 'resources.type', equals: ['AWS::Lambda::Function'] })],
    };
    expect(resultFor(advanced).status).toBe('PASS');
  });

  it('fails when only read events are recorded: Invoke is a write', () => {
    const result = resultFor(basicLambda(['arn:aws:lambda'], 'ReadOnly'));
    expect(result.reason).toContain(`trail main does not record Invoke on ${FUNCTION_ARN}`);
    expect(result.reason).toContain('selector records ReadOnly events only');
  });

  it('fails for another function, or a single-Region trail elsewhere', () => {
    expect(resultFor(basicLambda(['arn:aws:lambda:eu-west-1:123456789012:function:other'])).status).toBe('FAIL');
    expect(resultFor(basicLambda(['arn:aws:lambda']), [FUNCTION_ARN], { isMultiRegionTrail: false }).reason).toContain('is in eu-west-1');
  });

  it('looks a bare name up in every scanned Region, under one stable resource', () => {
    const result = resultFor(basicLambda([FUNCTION_ARN]), ['rotate-keys']);
    expect(result).toMatchObject({ status: 'PASS', resource: { arn: 'arn:aws:lambda:*:123456789012:function:rotate-keys', region: 'global' } });
    expect(result.reason).toContain(FUNCTION_ARN);
    expect(resultFor(basicLambda([]), ['rotate-keys']).status).toBe('FAIL');
  });
});
