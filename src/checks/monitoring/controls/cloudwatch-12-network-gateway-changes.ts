import { automated, manual } from '../../benchmark.js';
import { NETWORK_GATEWAY_EVENTS, networkGatewayChanges, networkGatewayChangesNearMisses } from '../../../corpus/index.js';
import { defineMonitoringControl } from '../define.js';
import { DETAIL_TYPE } from '../spec.js';

export const cloudWatch12 = defineMonitoringControl(
  {
    id: 'CloudWatch.12',
    title: 'A log metric filter and alarm should exist for changes to network gateways',
    cis: {
      '1.2.0': automated('3.12'),
      '1.4.0': automated('4.12'),
      '3.0.0': automated('4.12'),
      '4.0.1': manual('4.12'),
      '5.0.0': manual('4.12'),
      '6.0.0': manual('5.12'),
      '7.0.0': manual('5.12'),
    },
    rationale: 'Internet and customer gateways are the doors of a VPC. Alerting on their changes ensures traffic leaves and enters only through known paths.',
    decides: 'Required events: creating, deleting, attaching and detaching internet gateways and customer gateways, in any Region.',
  },
  {
    requiredEvents: [NETWORK_GATEWAY_EVENTS],
    positives: networkGatewayChanges,
    negatives: networkGatewayChangesNearMisses,
    filterPattern:
      '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}',
    metricName: 'NetworkGatewayChanges',
    firing: { events: 1 },
    eventBridge: { sources: ['aws.ec2'], detailTypes: [DETAIL_TYPE.apiCall], regions: 'every-region', needsReadOnlyEvents: false },
  },
);
