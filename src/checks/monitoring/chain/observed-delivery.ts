import type { AccountSnapshot, DeliveryFailures } from '../../../snapshot/types.js';

/**
 * Evidence from CloudWatch's own delivery metrics: a rule or topic the chain relies on that was
 * seen failing in the window before collection breaks the link, whatever its configuration says.
 * No data (or metrics that could not be read) is not a failure.
 */

/** "14 failed invocations in the last 24 h", or undefined when none was seen. */
export function observedRuleFailures(snapshot: AccountSnapshot, region: string, ruleName: string): string | undefined {
  const failures = failuresIn(snapshot, region);
  const count = failures?.rules[ruleName];
  return count ? `${count} failed invocation${count === 1 ? '' : 's'} in the last ${failures.windowHours} h (AWS/Events FailedInvocations)` : undefined;
}

export function observedTopicFailures(snapshot: AccountSnapshot, topicArn: string): string | undefined {
  const failures = failuresIn(snapshot, topicArn.split(':')[3] ?? '');
  const count = failures?.topics[topicArn];
  return count
    ? `SNS failed to deliver ${count} notification${count === 1 ? '' : 's'} in the last ${failures.windowHours} h (AWS/SNS NumberOfNotificationsFailed)`
    : undefined;
}

function failuresIn(snapshot: AccountSnapshot, region: string): DeliveryFailures | undefined {
  const read = snapshot.regionData.find((data) => data.region === region)?.deliveryFailures;
  return read?.ok ? read.value : undefined;
}
