import { automated, manual } from '../../benchmark.js';
import { IAM_POLICY_EVENTS, iamPolicyChanges, iamPolicyChangesNearMisses } from '../../../corpus/index.js';
import { defineMonitoringControl } from '../define.js';
import { DETAIL_TYPE } from '../spec.js';

export const cloudWatch4 = defineMonitoringControl(
  {
    id: 'CloudWatch.4',
    title: 'A log metric filter and alarm should exist for IAM policy changes',
    cis: {
      '1.2.0': automated('3.4'),
      '1.4.0': automated('4.4'),
      '3.0.0': automated('4.4'),
      '4.0.1': manual('4.4'),
      '5.0.0': manual('4.4'),
      '6.0.0': manual('5.4'),
      '7.0.0': manual('5.4'),
    },
    rationale:
      'IAM policies decide who may do what. Alerting on every change to them keeps permissions from being widened unnoticed, ' +
      'whether by mistake or by someone preparing further access.',
    decides: 'Required events: the 16 IAM policy calls CIS lists. IAM is global: its events arrive in us-east-1 only.',
  },
  {
    requiredEvents: [IAM_POLICY_EVENTS],
    positives: iamPolicyChanges,
    negatives: iamPolicyChangesNearMisses,
    filterPattern:
      '{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}',
    metricName: 'IAMPolicyChanges',
    firing: { events: 1 },
    eventBridge: { sources: ['aws.iam'], detailTypes: [DETAIL_TYPE.apiCall], regions: 'global-us-east-1', needsReadOnlyEvents: false },
  },
);
