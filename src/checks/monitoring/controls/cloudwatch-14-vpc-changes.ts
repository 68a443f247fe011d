import { automated, manual } from '../../benchmark.js';
import { VPC_EVENTS, vpcChanges, vpcChangesNearMisses } from '../../../corpus/index.js';
import { defineMonitoringControl } from '../define.js';
import { DETAIL_TYPE } from '../spec.js';

export const cloudWatch14 = defineMonitoringControl(
  {
    id: 'CloudWatch.14',
    title: 'A log metric filter and alarm should exist for VPC changes',
    cis: {
      '1.2.0': automated('3.14'),
      '1.4.0': automated('4.14'),
      '3.0.0': automated('4.14'),
      '4.0.1': manual('4.14'),
      '5.0.0': manual('4.14'),
      '6.0.0': manual('5.14'),
      '7.0.0': manual('5.14'),
    },
    rationale:
      'VPCs, their attributes and peering connections shape which networks can reach each other. Alerting on their changes catches an unexpected path between networks.',
    decides:
      'Required events: creating, deleting and modifying VPCs, VPC peering connections and ClassicLink, in any Region. CIS still lists the ' +
      'ClassicLink calls although EC2-Classic is retired; a filter that leaves them out misses them, with little practical impact.',
  },
  {
    requiredEvents: [VPC_EVENTS],
    positives: vpcChanges,
    negatives: vpcChangesNearMisses,
    filterPattern:
      '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}',
    metricName: 'VPCChanges',
    firing: { events: 1 },
    eventBridge: { sources: ['aws.ec2'], detailTypes: [DETAIL_TYPE.apiCall], regions: 'every-region', needsReadOnlyEvents: false },
  },
);
