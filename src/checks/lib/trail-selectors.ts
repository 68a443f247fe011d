import type { AdvancedEventSelector, AdvancedFieldSelector, BasicEventSelector, TrailSelectors } from '../../snapshot/types.js';

/**
 * Does a trail's event selector configuration record a given event? Basic and advanced selectors
 * are both understood, so CloudTrail.1, the monitoring chain and the data-event controls all ask
 * the same question the same way.
 */

/** The fields of a CloudTrail event that selectors can test. */
export interface SelectorEvent {
  eventCategory: 'Management' | 'Data';
  readOnly: boolean;
  eventSource: string;
  eventName: string;
  /** For data events: the resource type (`AWS::S3::Object`) and ARN (`arn:aws:s3:::bucket/key`). */
  resourceType?: string;
  resourceArn?: string;
}

export interface SelectorVerdict {
  recorded: boolean;
  /** Why not, when not recorded (for the result's reason). */
  why?: string;
}

/**
 * What a trail records when it has no selector at all: "trails created without specific event
 * selectors are configured to log all read and write management events, and no data events"
 * (CloudTrail's CreateTrail). AWS answers GetEventSelectors with that selector spelled out; some
 * emulators (moto) answer an empty list, which means the same.
 */
const DEFAULT_SELECTOR: BasicEventSelector = { readWriteType: 'All', includeManagementEvents: true, excludeManagementEventSources: [], dataResources: [] };

export function recordsEvent(selectors: TrailSelectors, event: SelectorEvent): SelectorVerdict {
  if (selectors.advanced && selectors.advanced.length > 0) return recordsByAdvanced(selectors.advanced, event);
  const basic = selectors.basic ?? [];
  return recordsByBasic(basic.length > 0 ? basic : [DEFAULT_SELECTOR], event);
}

function recordsByBasic(selectors: BasicEventSelector[], event: SelectorEvent): SelectorVerdict {
  const reasons: string[] = [];
  for (const selector of selectors) {
    if (!readWriteCovers(selector.readWriteType, event.readOnly)) {
      reasons.push(`selector records ${selector.readWriteType} events only`);
      continue;
    }
    if (event.eventCategory === 'Management') {
      if (!selector.includeManagementEvents) {
        reasons.push('selector excludes management events');
        continue;
      }
      if (selector.excludeManagementEventSources.includes(event.eventSource)) {
        reasons.push(`selector excludes management events from ${event.eventSource}`);
        continue;
      }
      return { recorded: true };
    }
    const verdict = basicDataResourcesCover(selector, event);
    if (verdict.recorded) return verdict;
    if (verdict.why) reasons.push(verdict.why);
  }
  return { recorded: false, why: unique(reasons).join('; ') || 'no selector records this event' };
}

function readWriteCovers(readWriteType: BasicEventSelector['readWriteType'], readOnly: boolean): boolean {
  return readWriteType === 'All' || (readWriteType === 'ReadOnly') === readOnly;
}

/**
 * Basic data resources: `arn:aws:s3` (every bucket), `arn:aws:s3:::bucket/` or `.../prefix` (objects
 * under it). A value without the trailing `/` names the bucket, not its objects, and records nothing.
 * Lambda: `arn:aws:lambda` (every function) or the function's ARN.
 */
function basicDataResourcesCover(selector: BasicEventSelector, event: SelectorEvent): SelectorVerdict {
  const reasons: string[] = [];
  for (const resource of selector.dataResources) {
    if (resource.type !== event.resourceType) continue;
    for (const value of resource.values) {
      const arn = event.resourceArn ?? '';
      if (resource.type === 'AWS::S3::Object') {
        if (/^arn:[^:]+:s3(:::)?$/.test(value)) return { recorded: true };
        if (value.endsWith('/') && arn.startsWith(value)) return { recorded: true };
        const bucketOfEvent = arn.split(':::')[1]?.split('/')[0];
        if (!value.endsWith('/') && value.split(':::')[1] === bucketOfEvent) {
          reasons.push(`data resource ${value} lacks the trailing "/" and so does not cover the bucket's objects`);
        }
      } else if (/^arn:[^:]+:[a-z0-9-]+$/.test(value) || value === arn) {
        return { recorded: true };
      }
    }
  }
  return { recorded: false, why: reasons.join('; ') || `no data resource selects ${event.resourceArn ?? event.resourceType}` };
}

function recordsByAdvanced(selectors: AdvancedEventSelector[], event: SelectorEvent): SelectorVerdict {
  const reasons: string[] = [];
  for (const selector of selectors) {
    const failed = selector.fieldSelectors.find((field) => !fieldMatches(field, event));
    if (!failed) return { recorded: true };
    reasons.push(`selector ${selector.name ? `"${selector.name}" ` : ''}does not match on ${failed.field}${explainField(failed, event)}`);
  }
  return { recorded: false, why: unique(reasons).join('; ') || 'no advanced selector records this event' };
}

function explainField(field: AdvancedFieldSelector, event: SelectorEvent): string {
  const value = eventField(field.field, event);
  if (field.field === 'resources.ARN' && field.equals?.some((v) => !v.includes('/') && value?.startsWith(`${v}/`))) {
    return ' (Equals on the bucket ARN matches the bucket, not its objects; use StartsWith "arn:…:bucket/")';
  }
  return value === undefined ? '' : ` (event has ${value})`;
}

/** Values in one operator are alternatives; the operators of one field selector must all hold. */
function fieldMatches(field: AdvancedFieldSelector, event: SelectorEvent): boolean {
  const value = eventField(field.field, event);
  if (value === undefined) return false;
  const checks: [string[] | undefined, (v: string, x: string) => boolean, boolean][] = [
    [field.equals, (v, x) => v === x, true],
    [field.startsWith, (v, x) => v.startsWith(x), true],
    [field.endsWith, (v, x) => v.endsWith(x), true],
    [field.notEquals, (v, x) => v === x, false],
    [field.notStartsWith, (v, x) => v.startsWith(x), false],
    [field.notEndsWith, (v, x) => v.endsWith(x), false],
  ];
  return checks.every(([values, test, positive]) => {
    if (!values || values.length === 0) return true;
    const any = values.some((x) => test(value, x));
    return positive ? any : !any;
  });
}

function eventField(name: string, event: SelectorEvent): string | undefined {
  switch (name) {
    case 'eventCategory':
      return event.eventCategory;
    case 'readOnly':
      return String(event.readOnly);
    case 'eventSource':
      return event.eventSource;
    case 'eventName':
      return event.eventName;
    case 'resources.type':
      return event.resourceType;
    case 'resources.ARN':
      return event.resourceArn;
    default:
      // Fields we do not model (userIdentity.arn, errorCode, vpcEndpointId...): a selector that
      // conditions on them records only some events, so it cannot be relied on for all of them.
      return undefined;
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
