import { automated, manual } from '../../benchmark.js';
import { unauthorizedCalls, unauthorizedCallsNearMisses } from '../../../corpus/index.js';
import { defineMonitoringControl } from '../define.js';
import { DETAIL_TYPE } from '../spec.js';

export const cloudWatch2 = defineMonitoringControl(
  {
    id: 'CloudWatch.2',
    title: 'A log metric filter and alarm should exist for unauthorized API calls',
    cis: {
      '1.2.0': automated('3.1'),
      '1.4.0': automated('4.1'),
      '3.0.0': automated('4.1'),
      '4.0.1': automated('4.1'),
      '5.0.0': manual('4.1'),
      '6.0.0': manual('5.1'),
      '7.0.0': manual('5.1'),
    },
    rationale:
      'Calls denied for lack of permission reveal a principal probing for access it does not have, an application with broken ' +
      'permissions, or stolen credentials being tried. Alerting on them shortens the time until someone looks.',
    decides:
      'Required events: calls of any service whose errorCode ends with UnauthorizedOperation (EC2 writes Client.UnauthorizedOperation) ' +
      'or starts with AccessDenied, read-only calls included. Denials that the CIS v2/v3 pattern excludes (HeadBucket, the log-delivery ' +
      'service) are not required, so both the Security Hub and the CIS v3 pattern satisfy the control.',
  },
  {
    positives: unauthorizedCalls,
    negatives: unauthorizedCallsNearMisses,
    filterPattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
    metricName: 'UnauthorizedAPICalls',
    firing: { events: 1 },
    eventBridge: { sources: 'any', detailTypes: [DETAIL_TYPE.apiCall], regions: 'every-region-and-us-east-1', needsReadOnlyEvents: true },
  },
);
