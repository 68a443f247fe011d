import { automated } from '../benchmark.js';
import type { Control } from '../types.js';
import { evaluateBucketObjectEvents } from './bucket-object-events.js';

export const s3ObjectReads: Control = {
  id: 'S3.23',
  securityHubId: 'S3.23',
  title: 'S3 general purpose buckets should log object-level read events',
  severity: 'MEDIUM',
  cis: {
    '1.4.0': automated('3.11'),
    '3.0.0': automated('3.9'),
    '4.0.1': automated('3.9'),
    '5.0.0': automated('3.9'),
    '6.0.0': automated('4.9'),
    '7.0.0': automated('4.9'),
  },
  family: 'dataevents',
  resourceType: 'AWS::S3::Bucket',
  repair: { notRepaired: 'data events cost money per event: which buckets and functions to record is a deliberate choice, so fix adds no data-event selector' },
  rationale:
    'Management events do not show who downloaded an object. For buckets holding sensitive data, only object-level read events show what was read and by whom, the evidence an exfiltration investigation needs.',
  remediation:
    'On a multi-Region trail (or a trail in the bucket\'s Region), record read data events for the bucket\'s objects: a basic selector with ReadWriteType All or ReadOnly and the data resource "arn:aws:s3:::BUCKET/" (trailing slash), or an advanced selector with eventCategory = Data, resources.type = AWS::S3::Object and resources.ARN StartsWith "arn:aws:s3:::BUCKET/".',
  decides:
    'Per bucket listed in dataEventBuckets (NOT_APPLICABLE when none is): PASS when a logging trail, multi-Region or in the bucket\'s Region, has basic or advanced selectors that record GetObject and HeadObject on an object of the bucket. FAIL names the closest trail and why its selectors miss (a data resource without the trailing "/", an Equals on the bucket ARN instead of StartsWith "arn:…:bucket/", WriteOnly events only...). Security Hub asks for a multi-Region trail recording reads of every bucket; trailwarden checks the buckets you name.',
  evaluate(snapshot, { config }) {
    return evaluateBucketObjectEvents(snapshot, config.dataEventBuckets, 'read');
  },
};
