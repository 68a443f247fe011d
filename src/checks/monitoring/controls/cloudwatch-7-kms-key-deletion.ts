import { automated, manual } from '../../benchmark.js';
import { KMS_KEY_DELETION_EVENTS, kmsKeyDeletion, kmsKeyDeletionNearMisses } from '../../../corpus/index.js';
import { defineMonitoringControl } from '../define.js';
import { DETAIL_TYPE } from '../spec.js';

export const cloudWatch7 = defineMonitoringControl(
  {
    id: 'CloudWatch.7',
    title: 'A log metric filter and alarm should exist for disabling or scheduled deletion of customer managed keys',
    cis: {
      '1.2.0': automated('3.7'),
      '1.4.0': automated('4.7'),
      '3.0.0': automated('4.7'),
      '4.0.1': manual('4.7'),
      '5.0.0': manual('4.7'),
      '6.0.0': manual('5.7'),
      '7.0.0': manual('5.7'),
    },
    rationale:
      'Data encrypted under a disabled or deleted customer managed key can no longer be read. Alerting on disabling and on scheduled ' +
      'deletion leaves the waiting period to cancel it.',
    decides: 'Required events: KMS DisableKey and ScheduleKeyDeletion in any Region. A trail that excludes KMS events breaks the chain.',
  },
  {
    requiredEvents: [KMS_KEY_DELETION_EVENTS],
    positives: kmsKeyDeletion,
    negatives: kmsKeyDeletionNearMisses,
    filterPattern: '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
    metricName: 'DisabledOrDeletedCMKs',
    firing: { events: 1 },
    eventBridge: { sources: ['aws.kms'], detailTypes: [DETAIL_TYPE.apiCall], regions: 'every-region', needsReadOnlyEvents: false },
  },
);
