import { automated, manual } from '../../benchmark.js';
import { signInFailures, signInFailuresNearMisses } from '../../../corpus/index.js';
import { defineMonitoringControl } from '../define.js';
import { DETAIL_TYPE } from '../spec.js';

export const cloudWatch6 = defineMonitoringControl(
  {
    id: 'CloudWatch.6',
    title: 'A log metric filter and alarm should exist for AWS Management Console authentication failures',
    cis: {
      '1.2.0': automated('3.6'),
      '1.4.0': automated('4.6'),
      '3.0.0': automated('4.6'),
      '4.0.1': manual('4.6'),
      '5.0.0': manual('4.6'),
      '6.0.0': manual('5.6'),
      '7.0.0': manual('5.6'),
    },
    rationale:
      'Repeated failed console sign-ins can be a password-guessing attack. Alerting on them gives time to react and a source address ' +
      'to correlate with other events.',
    decides:
      'Required events: ConsoleLogin with errorMessage "Failed authentication", of IAM users (any Region) and of root (us-east-1). A ' +
      'failure for an unknown user name is not counted by CIS; a filter that counts it too is noted as broader.',
  },
  {
    positives: signInFailures,
    negatives: signInFailuresNearMisses,
    filterPattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
    metricName: 'ConsoleSignInFailures',
    firing: { events: 1 },
    eventBridge: { sources: ['aws.signin'], detailTypes: [DETAIL_TYPE.consoleSignIn], regions: 'every-region-and-us-east-1', needsReadOnlyEvents: false },
  },
);
