import { ACCOUNT_ID, IDENTITIES, MANAGEMENT_CALL, requiredEventRecords, variant } from './build.js';
import type { CorpusRecord, RequiredEvents } from './types.js';

/** CloudWatch.9: AWS Config recorder and delivery channel changes. cloudtrail-events.md §9. */
export const CONFIG_CHANGE_EVENTS: RequiredEvents = {
  eventSource: 'config.amazonaws.com',
  eventNames: ['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'],
};

/** C1: the template. */
const configCall = {
  eventVersion: '1.09',
  userIdentity: IDENTITIES.alice,
  eventTime: '2026-01-05T13:40:00Z',
  eventSource: 'config.amazonaws.com',
  eventName: 'StopConfigurationRecorder',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '203.0.113.10',
  userAgent: 'aws-cli/2.15.0',
  requestParameters: { configurationRecorderName: 'default' },
  responseElements: null,
  readOnly: false,
  ...MANAGEMENT_CALL,
};

function requestParameters(eventName: string): Record<string, unknown> {
  if (eventName === 'DeleteDeliveryChannel') return { requestParameters: { deliveryChannelName: 'default' } };
  if (eventName === 'PutDeliveryChannel') return { requestParameters: { deliveryChannel: { name: 'default', s3BucketName: 'example-config' } } };
  if (eventName === 'PutConfigurationRecorder') {
    return {
      requestParameters: {
        configurationRecorder: { name: 'default', roleARN: `arn:aws:iam::${ACCOUNT_ID}:role/config`, recordingGroup: { allSupported: false } },
      },
    };
  }
  return {};
}

export const configChanges: readonly CorpusRecord[] = requiredEventRecords('C1', configCall, CONFIG_CHANGE_EVENTS, requestParameters);

export const configChangesNearMisses: readonly CorpusRecord[] = [
  variant('C1:StartConfigurationRecorder', 'Config StartConfigurationRecorder', configCall, { eventName: 'StartConfigurationRecorder' }),
  variant('C1:DescribeConfigurationRecorders', 'Config DescribeConfigurationRecorders (read-only)', configCall, {
    eventName: 'DescribeConfigurationRecorders',
    requestParameters: null,
    readOnly: true,
  }),
  variant('C1:DeleteConfigurationRecorder', 'Config DeleteConfigurationRecorder (not in the CIS list)', configCall, {
    eventName: 'DeleteConfigurationRecorder',
  }),
];
