import { automated, manual } from '../../benchmark.js';
import { ROUTE_TABLE_EVENTS, routeTableChanges, routeTableChangesNearMisses } from '../../../corpus/index.js';
import { defineMonitoringControl } from '../define.js';
import { DETAIL_TYPE } from '../spec.js';

export const cloudWatch13 = defineMonitoringControl(
  {
    id: 'CloudWatch.13',
    title: 'A log metric filter and alarm should exist for route table changes',
    cis: {
      '1.2.0': automated('3.13'),
      '1.4.0': automated('4.13'),
      '3.0.0': automated('4.13'),
      '4.0.1': manual('4.13'),
      '5.0.0': manual('4.13'),
      '6.0.0': manual('5.13'),
      '7.0.0': manual('5.13'),
    },
    rationale: 'A changed route can send traffic around firewalls and inspection. Alerting on route table changes keeps traffic on its intended path.',
    decides: 'Required events: creating, replacing and deleting routes and route tables and their associations, in any Region.',
  },
  {
    requiredEvents: [ROUTE_TABLE_EVENTS],
    positives: routeTableChanges,
    negatives: routeTableChangesNearMisses,
    filterPattern:
      '{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}',
    metricName: 'RouteTableChanges',
    firing: { events: 1 },
    eventBridge: { sources: ['aws.ec2'], detailTypes: [DETAIL_TYPE.apiCall], regions: 'every-region', needsReadOnlyEvents: false },
  },
);
