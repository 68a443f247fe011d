import { automated, manual } from '../../benchmark.js';
import { signInWithoutMfaEvents, signInWithoutMfaNearMisses } from '../../../corpus/index.js';
import { defineMonitoringControl } from '../define.js';
import { DETAIL_TYPE } from '../spec.js';

export const cloudWatch3 = defineMonitoringControl(
  {
    id: 'CloudWatch.3',
    title: 'A log metric filter and alarm should exist for Management Console sign-in without MFA',
    cis: {
      '1.2.0': automated('3.2'),
      '1.4.0': automated('4.2'),
      '3.0.0': automated('4.2'),
      '4.0.1': manual('4.2'),
      '5.0.0': manual('4.2'),
      '6.0.0': manual('5.2'),
      '7.0.0': manual('5.2'),
    },
    rationale:
      'A console sign-in protected by a password alone is the easiest way into an account. Alerting on successful sign-ins without MFA ' +
      'finds IAM users who have not enrolled a device before an attacker does.',
    decides:
      'Required events: successful ConsoleLogin of an IAM user with additionalEventData.MFAUsed other than "Yes". IAM users sign in ' +
      'through a regional endpoint, so the event can arrive in any Region, and in us-east-1 through the global endpoint.',
  },
  {
    positives: signInWithoutMfaEvents,
    negatives: signInWithoutMfaNearMisses,
    filterPattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    metricName: 'ConsoleSignInWithoutMFA',
    firing: { events: 1 },
    eventBridge: { sources: ['aws.signin'], detailTypes: [DETAIL_TYPE.consoleSignIn], regions: 'every-region-and-us-east-1', needsReadOnlyEvents: false },
  },
);
