import type { Control } from '../types.js';
import { lambdaInvokeEvents } from './tw-3-lambda-invoke-events.js';
import { s3ObjectReads } from './s3-23-object-reads.js';
import { s3ObjectWrites } from './s3-22-object-writes.js';

/** Data events of the buckets and functions named in the config, in ID order. */
export const dataEventControls: readonly Control[] = [
  s3ObjectWrites, // S3.22
  s3ObjectReads, // S3.23
  lambdaInvokeEvents, // TW.3
];
