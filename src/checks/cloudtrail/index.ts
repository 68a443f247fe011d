import type { Control } from '../types.js';
import { bucketAccessLogging } from './bucket-access-logging.js';
import { bucketLifecycle } from './bucket-lifecycle.js';
import { bucketNotPublic } from './bucket-not-public.js';
import { cloudWatchLogsDelivery } from './cloudwatch-logs-delivery.js';
import { logFileValidation } from './log-file-validation.js';
import { multiRegionTrail } from './multi-region-trail.js';
import { trailEnabled } from './trail-enabled.js';
import { trailEncryption } from './trail-encryption.js';

/** The trail itself and its bucket, in ID order. */
export const cloudtrailControls: readonly Control[] = [
  multiRegionTrail, // CloudTrail.1
  trailEncryption, // CloudTrail.2
  trailEnabled, // CloudTrail.3
  logFileValidation, // CloudTrail.4
  cloudWatchLogsDelivery, // CloudTrail.5
  bucketNotPublic, // CloudTrail.6
  bucketAccessLogging, // CloudTrail.7
  bucketLifecycle, // TW.2
];
