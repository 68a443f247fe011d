import { ListRulesCommand, ListTargetsByRuleCommand, type Rule } from '@aws-sdk/client-eventbridge';
import type { Collected, EventRule } from '../snapshot/types.js';
import { exactValues } from '../patterns/eventbridge/index.js';
import type { Collection } from './collection.js';

/** ListRules and ListTargetsByRule answer at most 100 a page. */
const PAGE_SIZE = 100;

/**
 * The rules of the default event bus that may match a CloudTrail event, with their targets. The
 * others are left out, so their targets are never asked for: scheduled rules, and rules whose
 * pattern admits only detail types or sources that CloudTrail events never have.
 */
export async function listEventRules(collection: Collection, region: string): Promise<Collected<EventRule[]>> {
  const client = collection.client('events', region);
  // Each page's rules have their targets read as soon as the page arrives, while the next page is listed.
  const listed = await collection.read({ operation: 'events:ListRules', region }, () =>
    allPages(async (NextToken) => {
      const page = await client.send(new ListRulesCommand({ NextToken, Limit: PAGE_SIZE }));
      const relevant = (page.Rules ?? []).filter((rule): rule is Rule & { Name: string; EventPattern: string } =>
        Boolean(rule.Name && rule.EventPattern && mayMatchCloudTrailEvents(rule.EventPattern)),
      );
      return { items: relevant.map((rule) => describeRule(collection, region, rule)), nextToken: page.NextToken };
    }),
  );
  // A read never throws, so the targets read for the pages before a failed one settle on their own.
  if (!listed.ok) return listed;
  return { ok: true, value: await Promise.all(listed.value) };
}

/**
 * CloudTrail events reach EventBridge with a `detail-type` ending in "via CloudTrail" ("AWS API
 * Call via CloudTrail", ...) and an `aws.<service>` source. A pattern that lists only exact values
 * of either field, none of them such, matches no CloudTrail event. Anything else (operators,
 * `$or`, a pattern that does not parse) may match, and is kept for the checks to judge.
 */
function mayMatchCloudTrailEvents(pattern: string): boolean {
  const admits = (field: string, possible: (value: string) => boolean) => exactValues(pattern, field)?.some(possible) ?? true;
  return admits('detail-type', (value) => value.endsWith(' via CloudTrail')) && admits('source', (value) => value.startsWith('aws.'));
}

async function describeRule(collection: Collection, region: string, rule: Rule & { Name: string; EventPattern: string }): Promise<EventRule> {
  const client = collection.client('events', region);
  const targets = await collection.read({ operation: 'events:ListTargetsByRule', region, resource: rule.Arn ?? rule.Name }, () =>
    allPages(async (NextToken) => {
      const page = await client.send(new ListTargetsByRuleCommand({ Rule: rule.Name, NextToken, Limit: PAGE_SIZE }));
      return {
        items: (page.Targets ?? []).map((target) => ({ id: target.Id ?? '', arn: target.Arn ?? '', ...(target.RoleArn && { roleArn: target.RoleArn }) })),
        nextToken: page.NextToken,
      };
    }),
  );
  return {
    name: rule.Name,
    arn: rule.Arn ?? '',
    region,
    eventBusName: rule.EventBusName ?? 'default',
    state: rule.State ?? '',
    eventPattern: rule.EventPattern,
    scheduleExpression: rule.ScheduleExpression,
    managedBy: rule.ManagedBy,
    targets,
  };
}

/** The EventBridge client has no paginators: follow NextToken by hand. */
async function allPages<T>(fetchPage: (nextToken: string | undefined) => Promise<{ items: T[]; nextToken?: string | undefined }>): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await fetchPage(nextToken);
    items.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  return items;
}
