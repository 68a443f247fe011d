import { automated, manual } from '../../benchmark.js';
import { ORGANIZATIONS_EVENTS, organizationsChanges, organizationsChangesNearMisses } from '../../../corpus/index.js';
import { defineMonitoringControl } from '../define.js';
import { DETAIL_TYPE } from '../spec.js';

/** CIS asks for this since 4.15; Security Hub has no CloudWatch control for it, so it is trailwarden's own. */
export const tw1 = defineMonitoringControl(
  {
    id: 'TW.1',
    title: 'A log metric filter and alarm should exist for AWS Organizations changes',
    cis: {
      '1.4.0': automated('4.15'),
      '3.0.0': automated('4.15'),
      '4.0.1': manual('4.15'),
      '5.0.0': manual('4.15'),
      '6.0.0': manual('5.15'),
      '7.0.0': manual('5.15'),
    },
    rationale:
      "The organization's accounts, units and policies (SCPs among them) are the guardrails of every member account. Alerting on their " +
      'changes catches an account leaving the organization or a guardrail being lifted.',
    decides:
      'Required events: the 18 Organizations calls CIS lists. Organizations is global: its events arrive in us-east-1 only. Prowler also ' +
      'asks for CancelHandshake, CreateOrganization and EnableAllFeatures; they are recommended, not required.',
  },
  {
    requiredEvents: [ORGANIZATIONS_EVENTS],
    positives: organizationsChanges,
    negatives: organizationsChangesNearMisses,
    filterPattern:
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
    metricName: 'OrganizationsChanges',
    firing: { events: 1 },
    eventBridge: { sources: ['aws.organizations'], detailTypes: [DETAIL_TYPE.apiCall], regions: 'global-us-east-1', needsReadOnlyEvents: false },
  },
);
