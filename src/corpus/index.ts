import { cloudTrailChanges, cloudTrailChangesNearMisses } from './cloudtrail-changes.js';
import { configChanges, configChangesNearMisses } from './config-changes.js';
import { signInFailures, signInFailuresNearMisses, signInUnknownUser, signInWithoutMfaEvents, signInWithoutMfaNearMisses } from './console-signin.js';
import { iamPolicyChanges, iamPolicyChangesNearMisses } from './iam-policy-changes.js';
import { kmsKeyDeletion, kmsKeyDeletionNearMisses } from './kms-key-deletion.js';
import {
  deniedSecurityGroupChange,
  naclChanges,
  naclChangesNearMisses,
  networkGatewayChanges,
  networkGatewayChangesNearMisses,
  routeTableChanges,
  routeTableChangesNearMisses,
  securityGroupChanges,
  securityGroupChangesNearMisses,
  vpcChanges,
  vpcChangesNearMisses,
} from './network-changes.js';
import { organizationsChanges, organizationsChangesNearMisses } from './organizations-changes.js';
import { rootSignInFailure, rootUsage, rootUsageNearMisses } from './root-usage.js';
import { s3BucketPolicyChanges, s3BucketPolicyChangesNearMisses } from './s3-bucket-policy-changes.js';
import type { CorpusRecord } from './types.js';
import { unauthorizedCalls, unauthorizedCallsExcludedByCisV2, unauthorizedCallsNearMisses } from './unauthorized-calls.js';

export * from './cloudtrail-changes.js';
export * from './config-changes.js';
export * from './console-signin.js';
export * from './iam-policy-changes.js';
export * from './kms-key-deletion.js';
export * from './network-changes.js';
export * from './organizations-changes.js';
export * from './root-usage.js';
export * from './s3-bucket-policy-changes.js';
export * from './unauthorized-calls.js';
export { recordOfAccount } from './account.js';
export { sampleRecord, syntheticCall } from './synthesize.js';
export type { CloudTrailRecord, CorpusRecord, DeliveryScope, RequiredEvents } from './types.js';

/** Every record once: what a filter is run against to tell "broader than needed". */
export const CORPUS: readonly CorpusRecord[] = [
  ...new Set([
    ...rootUsage,
    ...rootUsageNearMisses,
    rootSignInFailure,
    ...unauthorizedCalls,
    ...unauthorizedCallsNearMisses,
    ...unauthorizedCallsExcludedByCisV2,
    ...signInWithoutMfaEvents,
    ...signInWithoutMfaNearMisses,
    ...signInFailures,
    ...signInFailuresNearMisses,
    signInUnknownUser,
    ...iamPolicyChanges,
    ...iamPolicyChangesNearMisses,
    ...cloudTrailChanges,
    ...cloudTrailChangesNearMisses,
    ...kmsKeyDeletion,
    ...kmsKeyDeletionNearMisses,
    ...s3BucketPolicyChanges,
    ...s3BucketPolicyChangesNearMisses,
    ...configChanges,
    ...configChangesNearMisses,
    ...securityGroupChanges,
    ...securityGroupChangesNearMisses,
    deniedSecurityGroupChange,
    ...naclChanges,
    ...naclChangesNearMisses,
    ...networkGatewayChanges,
    ...networkGatewayChangesNearMisses,
    ...routeTableChanges,
    ...routeTableChangesNearMisses,
    ...vpcChanges,
    ...vpcChangesNearMisses,
    ...organizationsChanges,
    ...organizationsChangesNearMisses,
  ]),
];
