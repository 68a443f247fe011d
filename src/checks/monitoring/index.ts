import type { Control } from '../types.js';
import { cloudWatch1 } from './controls/cloudwatch-1-root-usage.js';
import { cloudWatch10 } from './controls/cloudwatch-10-security-group-changes.js';
import { cloudWatch11 } from './controls/cloudwatch-11-nacl-changes.js';
import { cloudWatch12 } from './controls/cloudwatch-12-network-gateway-changes.js';
import { cloudWatch13 } from './controls/cloudwatch-13-route-table-changes.js';
import { cloudWatch14 } from './controls/cloudwatch-14-vpc-changes.js';
import { cloudWatch15 } from './controls/cloudwatch-15-alarm-actions-configured.js';
import { cloudWatch17 } from './controls/cloudwatch-17-alarm-actions-activated.js';
import { cloudWatch2 } from './controls/cloudwatch-2-unauthorized-api-calls.js';
import { cloudWatch3 } from './controls/cloudwatch-3-signin-without-mfa.js';
import { cloudWatch4 } from './controls/cloudwatch-4-iam-policy-changes.js';
import { cloudWatch5 } from './controls/cloudwatch-5-cloudtrail-changes.js';
import { cloudWatch6 } from './controls/cloudwatch-6-signin-failures.js';
import { cloudWatch7 } from './controls/cloudwatch-7-kms-key-deletion.js';
import { cloudWatch8 } from './controls/cloudwatch-8-s3-bucket-policy-changes.js';
import { cloudWatch9 } from './controls/cloudwatch-9-config-changes.js';
import { tw1 } from './controls/tw-1-organizations-changes.js';
import type { MonitoringControl } from './spec.js';

/** The controls that require alerting on CloudTrail events; each carries the spec `fix` builds from. */
export const eventMonitoringControls: readonly MonitoringControl[] = [
  cloudWatch1,
  cloudWatch2,
  cloudWatch3,
  cloudWatch4,
  cloudWatch5,
  cloudWatch6,
  cloudWatch7,
  cloudWatch8,
  cloudWatch9,
  cloudWatch10,
  cloudWatch11,
  cloudWatch12,
  cloudWatch13,
  cloudWatch14,
  tw1,
];

/** Report order: CloudWatch.1-14, TW.1, then the alarm controls that look at the alarms those rely on. */
export const monitoringControls: readonly Control[] = [...eventMonitoringControls, cloudWatch15, cloudWatch17];

export { userMonitorControls } from './user-monitors.js';
export { eventBridgeFactsOf, regionsReceiving } from './chain/eventbridge-path.js';
export { CIS_METRIC_NAMESPACE, DETAIL_TYPE } from './spec.js';
export type { EventBridgeFacts, EventBridgeRegions, FiringRequirement, MonitoringControl, MonitoringSpec } from './spec.js';
