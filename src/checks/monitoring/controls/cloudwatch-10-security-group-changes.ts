import { automated, manual } from '../../benchmark.js';
import {
  SECURITY_GROUP_EVENTS,
  SECURITY_GROUP_EVENTS_CIS_5,
  securityGroupChanges,
  securityGroupChangesCis5,
  securityGroupChangesCis5NearMisses,
  securityGroupChangesNearMisses,
} from '../../../corpus/index.js';
import { defineMonitoringControl } from '../define.js';
import { DETAIL_TYPE, type MonitoringSpec } from '../spec.js';

/** CIS 1.2.0–4.0.1's 4.10, which Security Hub's CloudWatch.10 checks. */
const securityGroupSpec: MonitoringSpec = {
  requiredEvents: [SECURITY_GROUP_EVENTS],
  positives: securityGroupChanges,
  negatives: securityGroupChangesNearMisses,
  filterPattern:
    '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}',
  metricName: 'SecurityGroupChanges',
  firing: { events: 1 },
  eventBridge: { sources: ['aws.ec2'], detailTypes: [DETAIL_TYPE.apiCall], regions: 'every-region', needsReadOnlyEvents: false },
};

export const cloudWatch10 = defineMonitoringControl(
  {
    id: 'CloudWatch.10',
    title: 'A log metric filter and alarm should exist for security group changes',
    cis: {
      '1.2.0': automated('3.10'),
      '1.4.0': automated('4.10'),
      '3.0.0': automated('4.10'),
      '4.0.1': manual('4.10'),
      '5.0.0': manual('4.10'),
      '6.0.0': manual('5.10'),
      '7.0.0': manual('5.10'),
    },
    rationale: 'Security groups are the firewalls of instances and interfaces. Alerting on their changes catches a port opened to the internet.',
    decides: 'Required events: creating and deleting security groups and authorizing or revoking their rules, in any Region.',
  },
  securityGroupSpec,
  [
    {
      since: '5.0.0',
      change: 'ModifySecurityGroupRules is required as well.',
      spec: {
        ...securityGroupSpec,
        requiredEvents: [SECURITY_GROUP_EVENTS_CIS_5],
        positives: securityGroupChangesCis5,
        negatives: securityGroupChangesCis5NearMisses,
        // Not SecurityGroupChanges: the alarm on the CIS 1.4.0 filter's metric stays that filter's alone.
        metricName: 'SecurityGroupChangesCIS5',
        // CIS 5.0.0's text of 4.10, as the benchmark quotes it.
        filterPattern:
          '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) || ($.eventName = ModifySecurityGroupRules) }',
      },
    },
  ],
);
