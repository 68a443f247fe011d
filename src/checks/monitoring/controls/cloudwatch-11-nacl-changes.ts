import { automated, manual } from '../../benchmark.js';
import { NACL_EVENTS, naclChanges, naclChangesNearMisses } from '../../../corpus/index.js';
import { defineMonitoringControl } from '../define.js';
import { DETAIL_TYPE } from '../spec.js';

export const cloudWatch11 = defineMonitoringControl(
  {
    id: 'CloudWatch.11',
    title: 'A log metric filter and alarm should exist for changes to Network Access Control Lists (NACL)',
    cis: {
      '1.2.0': automated('3.11'),
      '1.4.0': automated('4.11'),
      '3.0.0': automated('4.11'),
      '4.0.1': manual('4.11'),
      '5.0.0': manual('4.11'),
      '6.0.0': manual('5.11'),
      '7.0.0': manual('5.11'),
    },
    rationale: 'Network ACLs filter the traffic of whole subnets. Alerting on their changes ensures no subnet is opened unnoticed.',
    decides: 'Required events: creating, deleting and replacing network ACLs, their entries and associations, in any Region.',
  },
  {
    requiredEvents: [NACL_EVENTS],
    positives: naclChanges,
    negatives: naclChangesNearMisses,
    filterPattern:
      '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}',
    metricName: 'NACLChanges',
    firing: { events: 1 },
    eventBridge: { sources: ['aws.ec2'], detailTypes: [DETAIL_TYPE.apiCall], regions: 'every-region', needsReadOnlyEvents: false },
  },
);
