import { automated, manual } from '../../benchmark.js';
import { rootUsage, rootUsageNearMisses } from '../../../corpus/index.js';
import { defineMonitoringControl } from '../define.js';
import { DETAIL_TYPE } from '../spec.js';

export const cloudWatch1 = defineMonitoringControl(
  {
    id: 'CloudWatch.1',
    title: 'A log metric filter and alarm should exist for usage of the "root" user',
    // CIS 1.2.0 also lists it as 1.1 (avoid the use of root); 3.3 is the monitoring section.
    cis: {
      '1.2.0': automated('3.3'),
      '1.4.0': automated('4.3'),
      '3.0.0': automated('4.3'),
      '4.0.1': manual('4.3'),
      '5.0.0': manual('4.3'),
      '6.0.0': manual('5.3'),
      '7.0.0': manual('5.3'),
    },
    rationale:
      'The root user can do anything in the account and cannot be restricted by IAM policies. It should sign in rarely and never run ' +
      'day-to-day work, so each use deserves a look: it can be stolen credentials or a process that bypasses the normal roles.',
    decides:
      "Required events: any sign-in or call with root credentials that is not an AWS service event and that no service made on root's " +
      'behalf (userIdentity.invokedBy absent): root console sign-ins with and without MFA, root IAM calls (us-east-1), and root read-only ' +
      'calls in any Region.',
  },
  {
    positives: rootUsage,
    negatives: rootUsageNearMisses,
    filterPattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
    metricName: 'RootAccountUsage',
    firing: { events: 1 },
    eventBridge: {
      sources: 'any',
      detailTypes: [DETAIL_TYPE.apiCall, DETAIL_TYPE.consoleSignIn],
      regions: 'every-region-and-us-east-1',
      needsReadOnlyEvents: true,
    },
  },
);
