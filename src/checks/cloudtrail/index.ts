import type { Control } from '../types.js';
import { bucketAccessLogging } from './cloudtrail-7-bucket-access-logging.js';
import { bucketLifecycle } from './tw-2-bucket-lifecycle.js';
import { bucketVersioning } from './tw-4-bucket-versioning.js';
import { bucketObjectLock } from './tw-5-bucket-object-lock.js';
import { bucketCloudTrailWriteScope } from './tw-6-bucket-cloudtrail-write-scope.js';
import { bucketNoForeignDelete } from './tw-7-bucket-no-foreign-delete.js';
import { bucketNotPublic } from './cloudtrail-6-bucket-not-public.js';
import { cloudWatchLogsDelivery } from './cloudtrail-5-cloudwatch-logs-delivery.js';
import { logFileValidation } from './cloudtrail-4-log-file-validation.js';
import { multiRegionTrail } from './cloudtrail-1-multi-region-trail.js';
import { trailEnabled } from './cloudtrail-3-trail-enabled.js';
import { trailEncryption } from './cloudtrail-2-trail-encryption.js';
import { trailTagged } from './cloudtrail-9-trail-tagged.js';
import { eventDataStoreCmk } from './cloudtrail-10-event-data-store-cmk.js';

/** The trail itself and its bucket, and CloudTrail Lake's event data stores, in ID order. */
export const cloudtrailControls: readonly Control[] = [
  multiRegionTrail, // CloudTrail.1
  trailEncryption, // CloudTrail.2
  trailEnabled, // CloudTrail.3
  logFileValidation, // CloudTrail.4
  cloudWatchLogsDelivery, // CloudTrail.5
  bucketNotPublic, // CloudTrail.6
  bucketAccessLogging, // CloudTrail.7
  trailTagged, // CloudTrail.9
  eventDataStoreCmk, // CloudTrail.10
  bucketLifecycle, // TW.2
  bucketVersioning, // TW.4
  bucketObjectLock, // TW.5
  bucketCloudTrailWriteScope, // TW.6
  bucketNoForeignDelete, // TW.7
];
