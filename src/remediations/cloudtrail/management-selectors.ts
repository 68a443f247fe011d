import type { AdvancedEventSelector as SdkAdvancedSelector, EventSelector as SdkBasicSelector } from '@aws-sdk/client-cloudtrail';
import type { AdvancedEventSelector, BasicEventSelector, TrailSelectors } from '../../snapshot/types.js';

/**
 * Adding "all management events" to a trail's event selectors. PutEventSelectors replaces the whole
 * configuration, so the new configuration is always the existing one plus one selector: data-event
 * selectors and their limits are never dropped.
 */

export const ALL_MANAGEMENT_BASIC: BasicEventSelector = {
  readWriteType: 'All',
  includeManagementEvents: true,
  excludeManagementEventSources: [],
  dataResources: [],
};
export const ALL_MANAGEMENT_ADVANCED: AdvancedEventSelector = {
  name: 'trailwarden: all management events',
  fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }],
};

/** CloudTrail allows at most five basic selectors per trail. */
const MAX_BASIC_SELECTORS = 5;

/** The selectors with "all management events" added, or why that is not possible. */
export function withAllManagementEvents(selectors: TrailSelectors): { selectors: TrailSelectors } | { problem: string } {
  if (selectors.advanced && selectors.advanced.length > 0) return { selectors: { advanced: [...selectors.advanced, ALL_MANAGEMENT_ADVANCED] } };
  const basic = selectors.basic ?? [];
  if (basic.length >= MAX_BASIC_SELECTORS) {
    return {
      problem: `the trail already has ${MAX_BASIC_SELECTORS} basic event selectors, the most CloudTrail allows; change one of them to record All management events`,
    };
  }
  return { selectors: { basic: [...basic, ALL_MANAGEMENT_BASIC] } };
}

/** The PutEventSelectors input fields for a selector configuration. */
export function sdkSelectors(selectors: TrailSelectors): { EventSelectors: SdkBasicSelector[] } | { AdvancedEventSelectors: SdkAdvancedSelector[] } {
  if (selectors.advanced && selectors.advanced.length > 0) {
    return {
      AdvancedEventSelectors: selectors.advanced.map((s) => ({
        ...(s.name === undefined ? {} : { Name: s.name }),
        FieldSelectors: s.fieldSelectors.map((f) => ({
          Field: f.field,
          ...(f.equals ? { Equals: f.equals } : {}),
          ...(f.startsWith ? { StartsWith: f.startsWith } : {}),
          ...(f.endsWith ? { EndsWith: f.endsWith } : {}),
          ...(f.notEquals ? { NotEquals: f.notEquals } : {}),
          ...(f.notStartsWith ? { NotStartsWith: f.notStartsWith } : {}),
          ...(f.notEndsWith ? { NotEndsWith: f.notEndsWith } : {}),
        })),
      })),
    };
  }
  return {
    EventSelectors: (selectors.basic ?? []).map((s) => ({
      ReadWriteType: s.readWriteType,
      IncludeManagementEvents: s.includeManagementEvents,
      ExcludeManagementEventSources: s.excludeManagementEventSources,
      DataResources: s.dataResources.map((d) => ({ Type: d.type, Values: d.values })),
    })),
  };
}

/** One line for the plan: "2 basic selectors (data events of 1 resource type)". */
export function describeSelectors(selectors: TrailSelectors): string {
  if (selectors.advanced && selectors.advanced.length > 0) {
    return selectors.advanced.map((s) => s.name ?? 'unnamed advanced selector').join('; ');
  }
  const basic = selectors.basic ?? [];
  if (basic.length === 0) return "no event selectors (CloudTrail's default: all management events)";
  return basic
    .map(
      (s) =>
        `${s.readWriteType} ${s.includeManagementEvents ? 'management' : 'no management'} events${s.dataResources.length > 0 ? ` + data events of ${s.dataResources.map((d) => d.type).join(', ')}` : ''}`,
    )
    .join('; ');
}
