import type { AccountSnapshot } from '../../../snapshot/types.js';
import { accountResource } from '../../lib/findings.js';
import { isLogging } from '../../lib/trails.js';
import type { EvaluationContext, Finding } from '../../types.js';
import type { MonitoringSpec } from '../spec.js';
import { monitoringContext } from './context.js';
import { eventBridgePath } from './eventbridge-path.js';
import { metricPath } from './metric-path.js';
import type { Break, ChainLink } from './progress.js';
import { literalCheck, literalNote, type SecurityHubCheck } from './security-hub-literal.js';

const LINK_NAMES: Record<ChainLink, string> = {
  trail: 'the trail',
  'log-group': 'the log group',
  'metric-filter': 'the metric filter',
  alarm: 'the alarm',
  'alarm-action': 'the alarm action',
  'sns-topic': 'the SNS topic',
  'topic-access': 'the permission to publish',
  subscription: 'the subscription',
};

/**
 * One result per control, about the account: the chain spans several resources, and which one
 * breaks changes as the account is repaired, while suppressions and Security Hub key results on a
 * stable resource. The broken link's resources are named in the reason and the evidence.
 *
 * The metric-filter path is tried first; EventBridge only when it does not hold. PASS if either
 * holds; ERROR if neither does but missing data could make one hold; FAIL otherwise. A PASS by a
 * filter whose text is not the CIS text that Security Hub CSPM compares (`securityHub`) says so.
 */
export function evaluateMonitoring(snapshot: AccountSnapshot, spec: MonitoringSpec, evaluation: EvaluationContext, securityHub?: SecurityHubCheck): Finding {
  const context = monitoringContext(snapshot, evaluation);
  const resource = accountResource(snapshot);
  const metric = metricPath(context, spec);
  if (metric.kind === 'pass') {
    const literal = securityHub && literalCheck(securityHub, metric.filterPattern);
    return {
      status: 'PASS',
      resource,
      reason: `met by a metric filter: ${metric.reason}${literal ? `; ${literalNote(literal)}` : ''}`,
      evidence: { path: 'metric-filter', chain: metric.chain, ...(literal && { securityHubLiteralCheck: literal }) },
    };
  }

  const eventBridge = eventBridgePath(context, spec);
  const broken = metric.broken;
  const metricClause = broken ? brokenChain(broken) : undefined;
  const evidence = {
    ...(broken ? { brokenLink: broken.link, brokenReason: broken.reason, metricFilterPath: broken.evidence ?? {} } : {}),
    eventBridge: Object.fromEntries(
      eventBridge.regions.map(({ region, coveredBy, missing }) => [region, { coveredBy, missing: missing.map((record) => record.id) }]),
    ),
  };
  if (eventBridge.covered) {
    return {
      status: 'PASS',
      resource,
      reason: [`met by EventBridge: ${eventBridge.summary}${loggingWarning(snapshot)}`, metricClause].filter(Boolean).join('; '),
      evidence: { path: 'eventbridge', ...evidence },
    };
  }
  const gap = metric.kind === 'gap' ? metric.gap : eventBridge.gap;
  if (gap) {
    return {
      status: 'ERROR',
      resource,
      reason: [gap.reason, metricClause, eventBridge.summary].filter(Boolean).join('; '),
      ...(gap.error ? { error: gap.error } : {}),
      evidence,
    };
  }
  return { status: 'FAIL', resource, reason: `${metricClause ?? 'no metric-filter chain'}; ${eventBridge.summary}`, evidence };
}

function brokenChain(broken: Break): string {
  return `metric-filter chain broken at ${LINK_NAMES[broken.link]}: ${broken.reason}`;
}

/** The 2023 EventBridge guide requires a logging trail for CloudTrail events; newer pages do not say. A warning, not a failure. */
function loggingWarning(snapshot: AccountSnapshot): string {
  return snapshot.trails.some((trail) => isLogging(trail).kind === 'yes')
    ? ''
    : ' (warning: no trail is logging, and AWS has documented a logging trail as a prerequisite for these events)';
}
