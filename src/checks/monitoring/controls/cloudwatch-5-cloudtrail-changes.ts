import { automated, manual } from '../../benchmark.js';
import { CLOUDTRAIL_CONFIG_EVENTS, cloudTrailChanges, cloudTrailChangesNearMisses } from '../../../corpus/index.js';
import { defineMonitoringControl } from '../define.js';
import { DETAIL_TYPE } from '../spec.js';

export const cloudWatch5 = defineMonitoringControl(
  {
    id: 'CloudWatch.5',
    title: 'A log metric filter and alarm should exist for CloudTrail configuration changes',
    cis: {
      '1.2.0': automated('3.5'),
      '1.4.0': automated('4.5'),
      '3.0.0': automated('4.5'),
      '4.0.1': manual('4.5'),
      '5.0.0': manual('4.5'),
      '6.0.0': manual('5.5'),
      '7.0.0': manual('5.5'),
    },
    rationale:
      'Stopping, deleting or reconfiguring a trail blinds every other control. Alerting on it means an intruder cannot quietly switch ' +
      'off the record of what they do next.',
    decides: 'Required events: creating, updating, deleting, starting and stopping a trail, in any Region.',
  },
  {
    requiredEvents: [CLOUDTRAIL_CONFIG_EVENTS],
    positives: cloudTrailChanges,
    negatives: cloudTrailChangesNearMisses,
    filterPattern:
      '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}',
    metricName: 'CloudTrailConfigChanges',
    firing: { events: 1 },
    eventBridge: { sources: ['aws.cloudtrail'], detailTypes: [DETAIL_TYPE.apiCall], regions: 'every-region', needsReadOnlyEvents: false },
  },
);
