import { automated, manual } from '../../benchmark.js';
import { CONFIG_CHANGE_EVENTS, configChanges, configChangesNearMisses } from '../../../corpus/index.js';
import { defineMonitoringControl } from '../define.js';
import { DETAIL_TYPE } from '../spec.js';

export const cloudWatch9 = defineMonitoringControl(
  {
    id: 'CloudWatch.9',
    title: 'A log metric filter and alarm should exist for AWS Config configuration changes',
    cis: {
      '1.2.0': automated('3.9'),
      '1.4.0': automated('4.9'),
      '3.0.0': automated('4.9'),
      '4.0.1': manual('4.9'),
      '5.0.0': manual('4.9'),
      '6.0.0': manual('5.9'),
      '7.0.0': manual('5.9'),
    },
    rationale:
      "Stopping the configuration recorder or removing its delivery channel ends the account's configuration history. Alerting on it " +
      'keeps that record from being switched off unnoticed.',
    decides: 'Required events: stopping or changing the AWS Config recorder and changing or deleting its delivery channel, in any Region.',
  },
  {
    requiredEvents: [CONFIG_CHANGE_EVENTS],
    positives: configChanges,
    negatives: configChangesNearMisses,
    filterPattern:
      '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}',
    metricName: 'AWSConfigChanges',
    firing: { events: 1 },
    eventBridge: { sources: ['aws.config'], detailTypes: [DETAIL_TYPE.apiCall], regions: 'every-region', needsReadOnlyEvents: false },
  },
);
