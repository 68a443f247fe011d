import type { AccountSnapshot } from '../../snapshot/types.js';
import { accountResource } from '../lib/findings.js';
import type { Control, Finding, ResourceRef } from '../types.js';
import { dataEventCoverage } from './data-event-coverage.js';

export const lambdaInvokeEvents: Control = {
  id: 'TW.3',
  title: 'Lambda Invoke data events recorded',
  severity: 'MEDIUM',
  cis: {},
  family: 'dataevents',
  resourceType: 'AWS::Lambda::Function',
  repair: { notRepaired: 'data events cost money per event: which buckets and functions to record is a deliberate choice, so fix adds no data-event selector' },
  rationale:
    'Invoking a function is a data event: management events do not show who ran a function that can touch sensitive data or infrastructure, or how often.',
  remediation:
    'On a multi-Region trail (or a trail in the function\'s Region), record Lambda data events for the function: a basic selector with ReadWriteType All or WriteOnly and the data resource type AWS::Lambda::Function with the function\'s ARN (or "arn:aws:lambda" for every function), or an advanced selector with eventCategory = Data and resources.type = AWS::Lambda::Function.',
  decides:
    "Per function listed in dataEventFunctions (NOT_APPLICABLE when none is): PASS when a logging trail, multi-Region or in the function's Region, has basic or advanced selectors that record lambda.amazonaws.com Invoke (a write event) on the function. A function given by name is looked for in every scanned Region, and passes when its Invoke events are recorded in one of them.",
  evaluate(snapshot, { config }) {
    if (config.dataEventFunctions.length === 0) {
      return [{ status: 'NOT_APPLICABLE', resource: accountResource(snapshot), reason: 'no function is listed in dataEventFunctions in the config' }];
    }
    return config.dataEventFunctions.map((ref) => evaluateFunction(snapshot, ref));
  },
};

function evaluateFunction(snapshot: AccountSnapshot, ref: string): Finding {
  const { partition, id: accountId } = snapshot.account;
  if (ref.startsWith('arn:')) return coverage(snapshot, ref, { arn: ref, type: 'AwsLambdaFunction', region: arnRegion(ref) ?? 'global' });
  // A bare name names a function in each Region; the resource keeps one stable ARN for suppressions.
  const resource = { arn: `arn:${partition}:lambda:*:${accountId}:function:${ref}`, type: 'AwsLambdaFunction', region: 'global' };
  const findings = snapshot.regions.map((region) => coverage(snapshot, `arn:${partition}:lambda:${region}:${accountId}:function:${ref}`, resource));
  const chosen = findings.find((f) => f.status === 'PASS') ?? findings.find((f) => f.status === 'ERROR') ?? findings[0];
  return chosen ?? { status: 'ERROR', resource, reason: `function ${ref} is named without a Region and no Region was scanned` };
}

function coverage(snapshot: AccountSnapshot, functionArn: string, resource: ResourceRef): Finding {
  const region = arnRegion(functionArn);
  return dataEventCoverage(snapshot, {
    resource,
    name: `function ${functionArn}`,
    events: 'Invoke events',
    region: region ? { ok: true, value: region } : undefined,
    samples: [
      {
        eventCategory: 'Data',
        readOnly: false,
        eventSource: 'lambda.amazonaws.com',
        eventName: 'Invoke',
        resourceType: 'AWS::Lambda::Function',
        resourceArn: functionArn,
      },
    ],
  });
}

function arnRegion(arn: string): string | undefined {
  return arn.split(':')[3] || undefined;
}
