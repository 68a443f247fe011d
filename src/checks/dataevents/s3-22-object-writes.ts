import { automated } from '../benchmark.js';
import type { Control } from '../types.js';
import { evaluateBucketObjectEvents } from './bucket-object-events.js';

export const s3ObjectWrites: Control = {
  id: 'S3.22',
  securityHubId: 'S3.22',
  title: 'S3 general purpose buckets should log object-level write events',
  severity: 'MEDIUM',
  cis: {
    '1.4.0': automated('3.10'),
    '3.0.0': automated('3.8'),
    '4.0.1': automated('3.8'),
    '5.0.0': automated('3.8'),
    '6.0.0': automated('4.8'),
    '7.0.0': automated('4.8'),
  },
  family: 'dataevents',
  resourceType: 'AWS::S3::Bucket',
  repair: { notRepaired: 'data events cost money per event: which buckets and functions to record is a deliberate choice, so fix adds no data-event selector' },
  rationale:
    'Management events do not show who put, overwrote or deleted an object. For buckets holding sensitive data, only object-level data events tell what was changed and by whom.',
  remediation:
    'On a multi-Region trail (or a trail in the bucket\'s Region), record write data events for the bucket\'s objects: a basic selector with ReadWriteType All or WriteOnly and the data resource "arn:aws:s3:::BUCKET/" (trailing slash), or an advanced selector with eventCategory = Data, resources.type = AWS::S3::Object and resources.ARN StartsWith "arn:aws:s3:::BUCKET/".',
  decides:
    'Per bucket listed in dataEventBuckets (NOT_APPLICABLE when none is): PASS when a logging trail, multi-Region or in the bucket\'s Region, has basic or advanced selectors that record PutObject and DeleteObject on an object of the bucket. FAIL names the closest trail and why its selectors miss (a data resource without the trailing "/", an Equals on the bucket ARN instead of StartsWith "arn:…:bucket/", ReadOnly events only...). Security Hub asks for a multi-Region trail recording writes to every bucket; trailwarden checks the buckets you name.',
  evaluate(snapshot, { config }) {
    return evaluateBucketObjectEvents(snapshot, config.dataEventBuckets, 'write');
  },
};
