import { UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CreateLogGroupCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreatePolicyCommand, CreateRoleCommand, GetPolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { trailLogGroup } from '../../checks/lib/trails.js';
import type { AccountSnapshot, LogGroup, Trail } from '../../snapshot/types.js';
import { existedBefore, failingArns, logGroupArn } from '../account.js';
import { call, type ApiCall } from '../calls.js';
import { MANAGED_TAG, TRAIL_LOG_ROLE_BOUNDARY_NAME, trailLogGroupName, trailLogRoleName } from '../names.js';
import { trailLogRoleBoundary, trailLogRolePolicy, trailLogRoleTrustPolicy } from '../policies.js';
import { JsonEncode, block, ref, type TfBlock } from '../terraform/hcl.js';
import { MANAGED_TAGS, address, importBlock, jsonValue, tfLabel, trailBlocks } from '../terraform/resources.js';
import { failingOwnTrails } from './trail-settings.js';
import type { Action, PlanContext, Remediation } from '../types.js';

/** The retention periods CloudWatch Logs accepts, in days. */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** The shortest accepted retention that keeps events at least `minimumDays`. */
export function retentionFor(minimumDays: number): number {
  return RETENTION_DAYS.find((days) => days >= minimumDays) ?? RETENTION_DAYS[RETENTION_DAYS.length - 1]!;
}

const ROLE_POLICY_NAME = 'cloudtrail-to-cloudwatch-logs';
const BOUNDARY_DESCRIPTION = 'trailwarden: the most a CloudTrail log delivery role may do';

/**
 * CloudTrail.5: a trail without CloudWatch Logs delivery gets a log group (with retention), a role
 * that CloudTrail assumes for this trail only, allowed only to write to that group and bounded by
 * trailwarden's permissions boundary (created first when the account has none), and then the
 * UpdateTrail that connects them. With `--cloudwatch-logs-role-arn`, the given role instead: fix
 * then creates no IAM role at all. A trail whose configured log group was deleted gets it back.
 * Delivery that fails with everything in place (a broken role) is reported, not guessed at.
 */
export const logDeliveryRemediation: Remediation = {
  name: 'log-delivery',
  needs: ['--cloudwatch-logs-role-arn'],
  plan(draft, context) {
    const { trails, skipped } = failingOwnTrails(draft, context, 'CloudTrail.5');
    const actions: Action[] = [];
    for (const trail of trails) {
      const configured = trailLogGroup(trail);
      if (!configured) {
        actions.push(connectTrail(draft, trail, context));
        continue;
      }
      const group = draft.logGroups.find((g) => g.region === configured.region && g.name === configured.name);
      if (configured.accountId === draft.account.id && group?.details.ok && group.details.value === null) {
        actions.push(recreateLogGroup(group, context));
      } else {
        skipped.push(`CloudTrail.5: trail ${trail.name} is set to deliver to log group ${configured.name}, so no setting is missing: ${deliveryAdvice(trail)}`);
      }
    }
    return { actions, skipped };
  },
};

/** What to do about a trail whose delivery is configured but does not work: stopped, failing or stale. */
function deliveryAdvice(trail: Trail): string {
  if (!trail.status.ok) return 'its status could not be read; scan again';
  const status = trail.status.value;
  if (!status.isLogging) return 'the trail is not logging; start it (aws cloudtrail start-logging --name NAME) if it should record';
  if (status.latestCloudWatchLogsDeliveryError)
    return `delivery fails with ${status.latestCloudWatchLogsDeliveryError}: check that role ${trail.cloudWatchLogsRoleArn ?? '(none)'} trusts cloudtrail.amazonaws.com and may logs:CreateLogStream and logs:PutLogEvents on the log group`;
  return `the latest delivery was ${status.latestCloudWatchLogsDeliveryTime}; check the trail's status and the role`;
}

function connectTrail(draft: AccountSnapshot, trail: Trail, context: PlanContext): Action {
  const region = trail.homeRegion;
  const groupName = trailLogGroupName(trail.name);
  const groupArn = logGroupArn(draft, region, groupName);
  const retention = retentionFor(context.config.logRetentionDays);
  const given = context.options.cloudWatchLogsRoleArn;
  const role: DeliveryRole = given
    ? { arn: given, described: `role ${given}`, change: {}, calls: [], terraform: [], dependsOn: [] }
    : newDeliveryRole(draft, trail, groupName, groupArn);
  const connected: Trail = { ...trail, cloudWatchLogsLogGroupArn: `${groupArn}:*`, cloudWatchLogsRoleArn: role.arn };
  return {
    id: `log-delivery:${trail.arn}`,
    controls: ['CloudTrail.5'],
    summary: `Deliver trail ${trail.name} to new log group ${groupName} (retention ${retention} days) through ${role.described}`,
    change: {
      kind: 'update',
      resourceType: 'AWS::CloudTrail::Trail',
      name: trail.name,
      region,
      before: { cloudWatchLogsLogGroupArn: null, cloudWatchLogsRoleArn: null },
      after: {
        cloudWatchLogsLogGroupArn: `${groupArn}:*`,
        cloudWatchLogsRoleArn: role.arn,
        newLogGroup: { name: groupName, retentionInDays: retention },
        ...role.change,
      },
    },
    dependsOn: [],
    calls: [
      call(
        'logs',
        region,
        CreateLogGroupCommand,
        { logGroupName: groupName, tags: { [MANAGED_TAG.key]: MANAGED_TAG.value } },
        { alreadyDone: ['ResourceAlreadyExistsException'] },
      ),
      call('logs', region, PutRetentionPolicyCommand, { logGroupName: groupName, retentionInDays: retention }),
      ...role.calls,
      // A new role takes a few seconds to be usable by CloudTrail: applyPlan retries this.
      call(
        'cloudtrail',
        region,
        UpdateTrailCommand,
        { Name: trail.name, CloudWatchLogsLogGroupArn: `${groupArn}:*`, CloudWatchLogsRoleArn: role.arn },
        { retryWhile: ['InvalidCloudWatchLogsRoleArnException', 'InvalidCloudWatchLogsLogGroupArnException'] },
      ),
    ],
    terraform: [
      block('resource', ['aws_cloudwatch_log_group', tfLabel(groupName)], { name: groupName, retention_in_days: retention, tags: MANAGED_TAGS }),
      ...role.terraform,
      ...trailBlocks(connected, {
        imported: existedBefore(context, trail),
        dependsOn: [address('aws_cloudwatch_log_group', groupName), ...role.dependsOn],
      }),
    ],
    simulate(target) {
      const found = target.trails.find((t) => t.arn === trail.arn);
      if (found) Object.assign(found, { cloudWatchLogsLogGroupArn: connected.cloudWatchLogsLogGroupArn, cloudWatchLogsRoleArn: role.arn });
      addLogGroup(target, {
        region,
        name: groupName,
        arn: groupArn,
        details: { ok: true, value: { retentionInDays: retention, metricFilters: { ok: true, value: [] } } },
      });
    },
  };
}

/** The role a trail delivers through, and what makes it (nothing, for the user's own role). */
interface DeliveryRole {
  arn: string;
  /** For the action's summary: `new role NAME`, `role ARN`. */
  described: string;
  /** What the action's change adds about the role. */
  change: Record<string, unknown>;
  calls: ApiCall[];
  terraform: TfBlock[];
  /** Terraform addresses the trail must wait for. */
  dependsOn: string[];
}

/**
 * The role CloudTrail assumes for this trail only, allowed only to write to its log group, under
 * trailwarden's permissions boundary: the calls and Terraform blocks that make it.
 */
function newDeliveryRole(draft: AccountSnapshot, trail: Trail, groupName: string, groupArn: string): DeliveryRole {
  const roleName = trailLogRoleName(trail.name);
  const arn = `arn:${draft.account.partition}:iam::${draft.account.id}:role/${roleName}`;
  const boundaryArn = `arn:${draft.account.partition}:iam::${draft.account.id}:policy/${TRAIL_LOG_ROLE_BOUNDARY_NAME}`;
  const boundary = trailLogRoleBoundary(draft.account.partition);
  const trustPolicy = trailLogRoleTrustPolicy(trail.arn);
  const rolePolicy = trailLogRolePolicy(groupArn);
  const roleLabel = tfLabel(roleName);
  const description = `trailwarden: lets CloudTrail deliver trail ${trail.name} to log group ${groupName}`;
  return {
    arn,
    described: `new role ${roleName}`,
    change: { newRole: { name: roleName, trustPolicy, inlinePolicy: rolePolicy, permissionsBoundary: boundaryArn } },
    calls: [
      // The boundary is an administrator's to create (`iam-policy fix` does not allow it): found
      // when it exists, created only when it does not and the caller may.
      call(
        'iam',
        trail.homeRegion,
        GetPolicyCommand,
        { PolicyArn: boundaryArn },
        { alreadyDone: ['NoSuchEntityException'], binds: { boundaryArn: 'Policy.Arn' } },
      ),
      call(
        'iam',
        trail.homeRegion,
        CreatePolicyCommand,
        {
          PolicyName: TRAIL_LOG_ROLE_BOUNDARY_NAME,
          Description: BOUNDARY_DESCRIPTION,
          PolicyDocument: JSON.stringify(boundary),
          Tags: [{ Key: MANAGED_TAG.key, Value: MANAGED_TAG.value }],
        },
        { unlessBound: 'boundaryArn', alreadyDone: ['EntityAlreadyExistsException'] },
      ),
      call(
        'iam',
        trail.homeRegion,
        CreateRoleCommand,
        {
          RoleName: roleName,
          Description: description,
          AssumeRolePolicyDocument: JSON.stringify(trustPolicy),
          PermissionsBoundary: boundaryArn,
          Tags: [{ Key: MANAGED_TAG.key, Value: MANAGED_TAG.value }],
        },
        { alreadyDone: ['EntityAlreadyExistsException'] },
      ),
      call('iam', trail.homeRegion, PutRolePolicyCommand, { RoleName: roleName, PolicyName: ROLE_POLICY_NAME, PolicyDocument: JSON.stringify(rolePolicy) }),
    ],
    terraform: [
      block('resource', ['aws_iam_policy', tfLabel(TRAIL_LOG_ROLE_BOUNDARY_NAME)], {
        name: TRAIL_LOG_ROLE_BOUNDARY_NAME,
        description: BOUNDARY_DESCRIPTION,
        policy: new JsonEncode(jsonValue(boundary)),
        tags: MANAGED_TAGS,
      }),
      block('resource', ['aws_iam_role', roleLabel], {
        name: roleName,
        description,
        assume_role_policy: new JsonEncode(jsonValue(trustPolicy)),
        permissions_boundary: ref(`aws_iam_policy.${tfLabel(TRAIL_LOG_ROLE_BOUNDARY_NAME)}.arn`),
        tags: MANAGED_TAGS,
      }),
      block('resource', ['aws_iam_role_policy', roleLabel], {
        name: ROLE_POLICY_NAME,
        role: ref(`aws_iam_role.${roleLabel}.id`),
        policy: new JsonEncode(jsonValue(rolePolicy)),
      }),
    ],
    dependsOn: [address('aws_iam_role_policy', roleName)],
  };
}

function recreateLogGroup(group: LogGroup, context: PlanContext): Action {
  const retention = retentionFor(context.config.logRetentionDays);
  return {
    id: `log-group:${group.arn}`,
    controls: ['CloudTrail.5'],
    summary: `Re-create log group ${group.name} in ${group.region}, which a trail delivers to but no longer exists (retention ${retention} days)`,
    change: {
      kind: 'create',
      resourceType: 'AWS::Logs::LogGroup',
      name: group.name,
      region: group.region,
      properties: { arn: group.arn, retentionInDays: retention },
    },
    dependsOn: [],
    calls: [
      call(
        'logs',
        group.region,
        CreateLogGroupCommand,
        { logGroupName: group.name, tags: { [MANAGED_TAG.key]: MANAGED_TAG.value } },
        { alreadyDone: ['ResourceAlreadyExistsException'] },
      ),
      call('logs', group.region, PutRetentionPolicyCommand, { logGroupName: group.name, retentionInDays: retention }),
    ],
    terraform: [block('resource', ['aws_cloudwatch_log_group', tfLabel(group.name)], { name: group.name, retention_in_days: retention, tags: MANAGED_TAGS })],
    simulate(target) {
      addLogGroup(target, { ...group, details: { ok: true, value: { retentionInDays: retention, metricFilters: { ok: true, value: [] } } } });
    },
  };
}

/** Adds (or replaces) a log group in the draft, with the alarms of its Region read as the collector would. */
function addLogGroup(draft: AccountSnapshot, group: LogGroup): void {
  draft.logGroups = [...draft.logGroups.filter((g) => g.arn !== group.arn), group];
  const data = draft.regionData.find((d) => d.region === group.region);
  if (data && data.alarms === undefined) data.alarms = { ok: true, value: [] };
}

/** CloudWatch.16: raise the retention of trail log groups to at least `logRetentionDays`. */
export const retentionRemediation: Remediation = {
  name: 'log-retention',
  needs: [],
  plan(draft, context) {
    const arns = failingArns(context, 'CloudWatch.16');
    const retention = retentionFor(context.config.logRetentionDays);
    const actions = draft.logGroups
      .filter((group) => arns.has(group.arn) && group.details.ok && group.details.value !== null)
      .map((group): Action => {
        const details = group.details.ok ? group.details.value : null;
        const existed = context.collected.logGroups.some((g) => g.arn === group.arn && g.details.ok && g.details.value !== null);
        const label = tfLabel(group.name);
        return {
          id: `retention:${group.arn}`,
          controls: ['CloudWatch.16'],
          summary: `Keep the events of log group ${group.name} ${retention} days`,
          change: {
            kind: 'update',
            resourceType: 'AWS::Logs::LogGroup',
            name: group.name,
            region: group.region,
            before: { retentionInDays: details?.retentionInDays ?? null },
            after: { retentionInDays: retention },
          },
          dependsOn: [],
          calls: [call('logs', group.region, PutRetentionPolicyCommand, { logGroupName: group.name, retentionInDays: retention })],
          terraform: [
            ...(existed ? [importBlock(`aws_cloudwatch_log_group.${label}`, group.name)] : []),
            block('resource', ['aws_cloudwatch_log_group', label], { name: group.name, retention_in_days: retention, kms_key_id: details?.kmsKeyId }),
          ],
          simulate(target) {
            const found = target.logGroups.find((g) => g.arn === group.arn);
            if (found?.details.ok && found.details.value) found.details.value.retentionInDays = retention;
          },
        };
      });
    return { actions, skipped: [] };
  },
};
