import { SECURITY_GROUP_EVENTS, securityGroupChanges, securityGroupChangesNearMisses } from '../../../corpus/index.js';
import { defineMonitoringControl } from '../define.js';
import { DETAIL_TYPE } from '../spec.js';

export const cloudWatch10 = defineMonitoringControl(
  {
    id: 'CloudWatch.10',
    title: 'A log metric filter and alarm should exist for security group changes',
    cis: { '1.2.0': '3.10', '1.4.0': '4.10', '3.0.0': '4.10' },
    rationale: 'Security groups are the firewalls of instances and interfaces. Alerting on their changes catches a port opened to the internet.',
    decides: 'Required events: creating and deleting security groups and authorizing or revoking their rules, in any Region.',
  },
  {
    requiredEvents: [SECURITY_GROUP_EVENTS],
    positives: securityGroupChanges,
    negatives: securityGroupChangesNearMisses,
    filterPattern:
      '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}',
    metricName: 'SecurityGroupChanges',
    firing: { events: 1 },
    eventBridge: { sources: ['aws.ec2'], detailTypes: [DETAIL_TYPE.apiCall], regions: 'every-region', needsReadOnlyEvents: false },
  },
);
