import { ListRulesCommand, ListTargetsByRuleCommand, type Rule } from '@aws-sdk/client-eventbridge';
import type { Collected, EventRule } from '../snapshot/types.js';
import type { Collection } from './collection.js';
import { mapConcurrent, RESOURCE_CONCURRENCY } from './concurrency.js';

/**
 * The rules of the default event bus that have an event pattern, with their targets. Scheduled
 * rules are left out: they cannot match a CloudTrail event, so their targets are never needed.
 */
export async function listEventRules(collection: Collection, region: string): Promise<Collected<EventRule[]>> {
  const client = collection.client('events', region);
  const rules = await collection.read({ operation: 'events:ListRules', region }, () =>
    allPages(async (NextToken) => {
      const page = await client.send(new ListRulesCommand({ NextToken }));
      return { items: page.Rules ?? [], nextToken: page.NextToken };
    }),
  );
  if (!rules.ok) return rules;
  const withPattern = rules.value.filter((rule): rule is Rule & { Name: string; EventPattern: string } => Boolean(rule.Name && rule.EventPattern));
  return { ok: true, value: await mapConcurrent(withPattern, RESOURCE_CONCURRENCY, (rule) => describeRule(collection, region, rule)) };
}

async function describeRule(collection: Collection, region: string, rule: Rule & { Name: string; EventPattern: string }): Promise<EventRule> {
  const client = collection.client('events', region);
  const targets = await collection.read({ operation: 'events:ListTargetsByRule', region, resource: rule.Arn ?? rule.Name }, () =>
    allPages(async (NextToken) => {
      const page = await client.send(new ListTargetsByRuleCommand({ Rule: rule.Name, NextToken }));
      return { items: (page.Targets ?? []).map((target) => ({ id: target.Id ?? '', arn: target.Arn ?? '' })), nextToken: page.NextToken };
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
