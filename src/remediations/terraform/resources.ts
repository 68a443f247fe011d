import type { AdvancedFieldSelector, Trail } from '../../snapshot/types.js';
import { MANAGED_TAG } from '../names.js';
import { block, ref, type TfBlock, type TfValue } from './hcl.js';

/**
 * Terraform blocks shared by several remediations. A resource that exists already is exported as
 * an `import` block plus its whole configuration as the snapshot shows it with the fix applied, so
 * that `terraform apply` changes only what the plan changes.
 */

/** A resource label from an AWS name: letters, digits, `_` and `-`, starting with a letter. */
export function tfLabel(name: string): string {
  const label = name.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Za-z]/.test(label) ? label : `r_${label}`;
}

export function address(type: string, name: string): string {
  return `${type}.${tfLabel(name)}`;
}

export const MANAGED_TAGS = { [MANAGED_TAG.key]: MANAGED_TAG.value };

/** Plain JSON data (a policy document, an event pattern) as a Terraform value. */
export function jsonValue(data: object): TfValue {
  return JSON.parse(JSON.stringify(data)) as TfValue;
}

export function importBlock(resourceAddress: string, id: string): TfBlock {
  return block('import', [], { to: ref(resourceAddress), id });
}

export function dependsOn(addresses: string[]): TfValue | undefined {
  return addresses.length > 0 ? addresses.map(ref) : undefined;
}

/** `aws_cloudtrail` with every setting of the trail; `imported` adds the `import` block. */
export function trailBlocks(trail: Trail, options: { imported: boolean; dependsOn?: string[] }): TfBlock[] {
  const resourceAddress = address('aws_cloudtrail', trail.name);
  const selectors = trail.selectors.ok ? trail.selectors.value : {};
  const nested = [
    ...(selectors.basic ?? []).map((s) =>
      block(
        'event_selector',
        [],
        {
          read_write_type: s.readWriteType,
          include_management_events: s.includeManagementEvents,
          exclude_management_event_sources: s.excludeManagementEventSources.length > 0 ? s.excludeManagementEventSources : undefined,
        },
        s.dataResources.map((d) => block('data_resource', [], { type: d.type, values: d.values })),
      ),
    ),
    ...(selectors.advanced ?? []).map((s) => block('advanced_event_selector', [], { name: s.name }, s.fieldSelectors.map(fieldSelectorBlock))),
    ...(trail.insightSelectors.ok ? trail.insightSelectors.value : []).map((type) => block('insight_selector', [], { insight_type: type })),
  ];
  const resource = block(
    'resource',
    ['aws_cloudtrail', tfLabel(trail.name)],
    {
      name: trail.name,
      s3_bucket_name: trail.s3BucketName,
      s3_key_prefix: trail.s3KeyPrefix,
      is_multi_region_trail: trail.isMultiRegionTrail,
      is_organization_trail: trail.isOrganizationTrail || undefined,
      include_global_service_events: trail.includeGlobalServiceEvents,
      enable_log_file_validation: trail.logFileValidationEnabled,
      enable_logging: trail.status.ok ? trail.status.value.isLogging : undefined,
      kms_key_id: trail.kmsKeyId,
      sns_topic_name: trail.snsTopicArn,
      cloud_watch_logs_group_arn: trail.cloudWatchLogsLogGroupArn,
      cloud_watch_logs_role_arn: trail.cloudWatchLogsRoleArn,
      tags: trailTags(trail, options.imported),
      depends_on: dependsOn(options.dependsOn ?? []),
    },
    nested,
  );
  return options.imported ? [importBlock(resourceAddress, trail.arn), resource] : [resource];
}

/**
 * The trail's tags as the snapshot shows them (fix only ever adds some), so that applying the
 * configuration removes none; trailwarden's own tag on a trail it creates. System tags (`aws:`)
 * are AWS's and cannot be set. Unknown tags are left out, as they were before tags were read.
 */
function trailTags(trail: Trail, imported: boolean): Record<string, string> | undefined {
  const own = trail.tags?.ok ? trail.tags.value.filter((tag) => !tag.key.toLowerCase().startsWith('aws:')) : [];
  const tags = { ...(imported ? {} : MANAGED_TAGS), ...Object.fromEntries(own.map((tag) => [tag.key, tag.value ?? ''])) };
  return Object.keys(tags).length > 0 ? tags : undefined;
}

function fieldSelectorBlock(field: AdvancedFieldSelector): TfBlock {
  return block('field_selector', [], {
    field: field.field,
    equals: field.equals,
    starts_with: field.startsWith,
    ends_with: field.endsWith,
    not_equals: field.notEquals,
    not_starts_with: field.notStartsWith,
    not_ends_with: field.notEndsWith,
  });
}
