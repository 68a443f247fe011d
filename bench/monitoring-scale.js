/**
 * How long the built-in controls take on an account with a monitoring setup far larger than AWS
 * allows (100 metric filters per log group, 5 trails per Region): 20,000 metric filters on the log
 * groups of 10 trails, 20,000 alarms and 2,000 EventBridge rules over 8 Regions. A stress test of the
 * evaluation, not a likely account.
 *
 * The filters mix what large accounts accumulate: the CIS patterns in every log group, rewritten with
 * other spacing, quoting and operand order, broken (an event left out, a misspelt selector, an unclosed
 * brace) or broader, and thousands of unrelated patterns. The alarms on them are good or broken at
 * one link or another. CloudWatch.7, CloudWatch.9 and TW.1 get only broken filters, so their
 * verdict comes from the EventBridge rules.
 *
 *     npm run bench                       (builds, then runs every bench/*.js)
 *     node bench/monitoring-scale.js      (after npm run build)
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { evaluateControls } from '../dist/checks/engine.js';
import { eventMonitoringControls } from '../dist/checks/monitoring/index.js';
import { BUILTIN_CONTROLS } from '../dist/checks/registry.js';
import { DEFAULT_CONFIG } from '../dist/config/types.js';

const FILTERS = 20_000;
const ALARMS = 20_000;
const RULES = 2_000;
const RUNS = 5;
const REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1', 'ap-northeast-1', 'sa-east-1'];
/** Two trail log groups in each of the first five Regions; the last two trails are single-Region, so the chain skips their groups. */
const LOG_GROUPS = REGIONS.slice(0, 5)
  .flatMap((region) => [region, region])
  .map((region, index) => ({ region, name: `cloudtrail/trail-${index}`, multiRegion: index < 8 }));
const FILTERS_PER_GROUP = FILTERS / LOG_GROUPS.length;
const EVENTBRIDGE_ONLY = new Set(['CloudWatch.7', 'CloudWatch.9', 'TW.1']);

// The compliant example supplies the account, the trail's settings, its bucket and key.
const base = JSON.parse(readFileSync(new URL('../examples/compliant-account.json', import.meta.url), 'utf8'));
const ACCOUNT = base.account.id;
const topicArn = (region, name) => `arn:aws:sns:${region}:${ACCOUNT}:${name}`;

// Metric filters ---------------------------------------------------------------------------------

/** Splits a pattern's body at `op` outside parentheses and quotes. */
function topLevel(body, op) {
  const parts = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && body.startsWith(op, i)) {
      parts.push(body.slice(start, i).trim());
      start = i + op.length;
    }
  }
  return [...parts, body.slice(start).trim()];
}

/** Operands of the top-level `||` (or else `&&`) in reverse order: the same pattern to CloudWatch Logs. */
function reordered(pattern) {
  const body = pattern.trim().slice(1, -1);
  for (const op of ['||', '&&']) {
    const parts = topLevel(body, op);
    if (parts.length > 1) return `{ ${parts.reverse().join(` ${op} `)} }`;
  }
  return pattern;
}

/** Ways people write a CIS pattern that mean the same. */
const EQUIVALENT = [
  (p) => p.replace(/\s*(!=|=|&&|\|\|)\s*/g, ' $1 '),
  (p) => p.replace(/\s*(!=|=|&&|\|\|)\s*/g, '$1'),
  (p) => p.replace(/(!=|=)\s*([A-Za-z][\w.]*)/g, '$1 "$2"'),
  (p) => p.replace(/(!=|=)\s*"([A-Za-z][A-Za-z0-9]*)"/g, '$1 $2'),
  reordered,
];

/** Ways they get it wrong: an event left out, a selector misspelt (selectors are case-sensitive), a brace missing. */
const BROKEN = [
  (p) => p.replace(/\(\$\.\w+\s*=\s*"?[\w*.]+"?\)\s*\|\|\s*/, ''),
  (p) => p.replace('$.eventName', '$.EventName').replace('$.userIdentity', '$.UserIdentity'),
  (p) => p.trim().slice(0, -1),
];

const BROADER = [
  '{ $.eventSource = "iam.amazonaws.com" }',
  '{ $.eventSource = "ec2.amazonaws.com" }',
  '{ $.eventSource = "s3.amazonaws.com" }',
  '{ $.eventSource = "cloudtrail.amazonaws.com" }',
  '{ $.userIdentity.type = "Root" }',
  '{ $.errorCode = "*" }',
  '{ $.eventName = "Delete*" }',
  '{ $.eventName = "ConsoleLogin" }',
];

/** Filters of other teams: some patterns repeat across log groups, most are one of a kind. */
const UNRELATED = [
  (g, i) => `{ ($.eventSource = "s3.amazonaws.com") && ($.requestParameters.bucketName = "data-${g}-${i}") }`,
  (g, i) => `{ $.userIdentity.arn = "arn:aws:iam::${ACCOUNT}:role/deploy-${g}-${i}" && $.eventName = "AssumeRole" }`,
  (g, i) => `{ $.sourceIPAddress = "10.${g}.${i >> 8}.${i & 255}" }`,
  (g, i) => `{ ($.eventSource = "dynamodb.amazonaws.com") && ($.errorCode = "ThrottlingException") && ($.requestParameters.tableName = "table-${g}-${i}") }`,
  (g, i) => `"AccessDenied" "service-${g}-${i}"`,
  (g, i) => `{ $.eventName = "Invoke" && $.requestParameters.functionName = "fn-${g}-${i}*" }`,
  (g, i) =>
    `{ $.awsRegion = "${REGIONS[i % REGIONS.length]}" && $.eventName = "RunInstances" && $.requestParameters.instanceType = "c${i % 9}.large" && $.userIdentity.principalId = "*:batch-${g}-${i}" }`,
  (g, i) => `{ $.responseElements.assumedRoleUser.arn = "*:assumed-role/break-glass-${g}-${i}/*" || $.requestParameters.roleSessionName = "incident-${i}" }`,
];
const SHARED_UNRELATED = 100;

function filter(name, pattern, metricNamespace, metricName) {
  return { name, pattern, transformations: [{ metricName, metricNamespace, metricValue: '1' }] };
}

// Alarms -----------------------------------------------------------------------------------------

/** The ways an alarm on a filter's metric can be: good, or broken at one of the links the chain checks. */
const QUALITIES = {
  good: (region) => ({ alarmActions: [topicArn(region, 'security-alerts')] }),
  'actions-disabled': (region) => ({ actionsEnabled: false, alarmActions: [topicArn(region, 'security-alerts')] }),
  'no-action': () => ({}),
  'threshold-5': (region) => ({ threshold: 5, alarmActions: [topicArn(region, 'security-alerts')] }),
  'three-datapoints': (region) => ({ evaluationPeriods: 3, datapointsToAlarm: 3, alarmActions: [topicArn(region, 'security-alerts')] }),
  'pending-topic': (region) => ({ alarmActions: [topicArn(region, 'ops-pending')] }),
  'lambda-action': (region) => ({ alarmActions: [`arn:aws:lambda:${region}:${ACCOUNT}:function:notify`] }),
};
const BROKEN_ALARMS = ['actions-disabled', 'threshold-5', 'pending-topic', 'three-datapoints', 'no-action', 'lambda-action'];
/** Log groups before this one have only broken alarms on their security filters, so a control searches most of the chains before one holds. */
const FIRST_GOOD_GROUP = 6;

function alarm(region, name, namespace, metricName, overrides) {
  return {
    name,
    arn: `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${name}`,
    region,
    metricName,
    namespace,
    usesMetricMath: false,
    dimensions: [],
    statistic: 'Sum',
    period: 300,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    threshold: 1,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    treatMissingData: 'notBreaching',
    actionsEnabled: true,
    alarmActions: [],
    okActions: [],
    insufficientDataActions: [],
    stateValue: 'OK',
    ...overrides,
  };
}

// EventBridge rules ------------------------------------------------------------------------------

function rule(region, name, pattern, overrides = {}) {
  return {
    name,
    arn: `arn:aws:events:${region}:${ACCOUNT}:rule/${name}`,
    region,
    eventBusName: 'default',
    state: 'ENABLED',
    eventPattern: typeof pattern === 'string' ? pattern : JSON.stringify(pattern),
    targets: { ok: true, value: [{ id: 'alerts', arn: topicArn(region, 'security-alerts') }] },
    ...overrides,
  };
}

/** The CloudTrail events a control requires, as an EventBridge pattern. */
function controlPattern(spec) {
  const [{ eventSource, eventNames }] = spec.requiredEvents;
  return { source: spec.eventBridge.sources, 'detail-type': spec.eventBridge.detailTypes, detail: { eventSource: [eventSource], eventName: eventNames } };
}

const UNRELATED_RULES = [
  (r, i) => ({
    source: ['aws.ec2'],
    'detail-type': ['EC2 Instance State-change Notification'],
    detail: { state: ['stopped', 'terminated'], 'instance-id': [`i-${r}${i.toString(16).padStart(8, '0')}`] },
  }),
  (r, i) => ({
    source: ['aws.s3'],
    'detail-type': ['Object Created'],
    detail: { bucket: { name: [`uploads-${r}-${i}`] }, object: { key: [{ prefix: 'incoming/' }] } },
  }),
  (r, i) => ({
    source: ['aws.codepipeline'],
    'detail-type': ['CodePipeline Pipeline Execution State Change'],
    detail: { pipeline: [`pipeline-${i}`], state: ['FAILED'] },
  }),
  (r, i) => ({ source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'], detail: { severity: [{ numeric: ['>=', (i % 9) + 1] }] } }),
  (r, i) => ({
    source: ['aws.ecs'],
    'detail-type': ['ECS Task State Change'],
    detail: { clusterArn: [{ suffix: `/cluster-${r}-${i}` }], lastStatus: ['STOPPED'] },
  }),
  (r, i) => ({
    source: ['aws.iam'],
    'detail-type': ['AWS API Call via CloudTrail'],
    detail: { eventName: ['CreateAccessKey'], userIdentity: { userName: [{ 'anything-but': [`svc-${i}`] }] } },
  }),
];

// The account ------------------------------------------------------------------------------------

function buildSnapshot() {
  const specs = Object.fromEntries(eventMonitoringControls.map((control) => [control.id, control.spec]));
  const logGroups = [];
  const alarms = [];
  let qualityTurn = 0;
  const addAlarm = (region, name, namespace, metricName, quality) => alarms.push(alarm(region, name, namespace, metricName, QUALITIES[quality](region)));

  const trails = LOG_GROUPS.map(({ region, name, multiRegion }, g) => {
    const namespace = g % 2 === 0 ? 'CISBenchmark' : 'CloudTrailMetrics';
    const filters = [];
    const add = (pattern, metricName) => filters.push(filter(`${metricName}-${filters.length}`, pattern, namespace, `${metricName}-${filters.length}`));
    for (const [id, spec] of Object.entries(specs)) {
      const written = EVENTBRIDGE_ONLY.has(id) ? [] : [spec.filterPattern, ...EQUIVALENT.map((rewrite) => rewrite(spec.filterPattern))];
      for (const pattern of new Set([...written, ...BROKEN.map((breakIt) => breakIt(spec.filterPattern))])) add(pattern, spec.metricName);
    }
    for (const pattern of BROADER) add(pattern, 'Broad');
    // Every filter so far watches CloudTrail for security: each gets an alarm, broken in turn (and, from FIRST_GOOD_GROUP on, every other one good).
    for (const {
      transformations: [metric],
    } of filters) {
      const turn = qualityTurn++;
      const quality = g >= FIRST_GOOD_GROUP && turn % 2 === 0 ? 'good' : BROKEN_ALARMS[turn % BROKEN_ALARMS.length];
      addAlarm(region, metric.metricName, namespace, metric.metricName, quality);
    }
    for (let i = 0; filters.length < FILTERS_PER_GROUP; i++) {
      const template = UNRELATED[i % UNRELATED.length];
      const pattern = i % 4 === 0 ? template(0, i % SHARED_UNRELATED) : template(g, i);
      const metricName = `app-${g}-${i}`;
      filters.push(filter(metricName, pattern, 'Custom', metricName));
      if (i % 5 < 3) addAlarm(region, metricName, 'Custom', metricName, ['good', 'no-action', 'actions-disabled'][i % 3]);
    }
    logGroups.push({
      region,
      name,
      arn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:${name}`,
      details: { ok: true, value: { retentionInDays: 365, metricFilters: { ok: true, value: filters } } },
    });
    const trailName = name.split('/')[1];
    const homeRegion = multiRegion ? 'us-east-1' : region;
    return {
      ...base.trails[0],
      arn: `arn:aws:cloudtrail:${homeRegion}:${ACCOUNT}:trail/${trailName}`,
      name: trailName,
      homeRegion,
      isMultiRegionTrail: multiRegion,
      cloudWatchLogsLogGroupArn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:${name}:*`,
    };
  });

  // The rest of the alarms watch AWS metrics, spread over the Regions where alarms are read.
  const alarmRegions = [...new Set(LOG_GROUPS.map(({ region }) => region))];
  for (let i = 0; alarms.length < ALARMS; i++) {
    const region = alarmRegions[i % alarmRegions.length];
    const instance = `i-${i.toString(16).padStart(12, '0')}`;
    alarms.push(
      alarm(region, `cpu-high-${instance}`, 'AWS/EC2', 'CPUUtilization', {
        statistic: 'Average',
        threshold: 80,
        comparisonOperator: 'GreaterThanThreshold',
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        dimensions: [{ name: 'InstanceId', value: instance }],
        alarmActions: [topicArn(region, 'ops-pending')],
      }),
    );
  }

  // KMS rules everywhere (CloudWatch.7 passes), Config rules everywhere but the last Region (CloudWatch.9 fails),
  // Organizations only in eu-west-1 (TW.1 fails: those events arrive in us-east-1), IAM everywhere, some disabled.
  const rulesByRegion = REGIONS.map((region, r) => {
    const rules = [
      rule(region, 'kms-key-deletion', controlPattern(specs['CloudWatch.7'])),
      rule(region, 'iam-policy-changes', controlPattern(specs['CloudWatch.4'])),
    ];
    if (r < REGIONS.length - 1) rules.push(rule(region, 'config-changes', controlPattern(specs['CloudWatch.9'])));
    if (region === 'eu-west-1') rules.push(rule(region, 'organizations-changes', controlPattern(specs['TW.1'])));
    rules.push(rule(region, 'network-changes-disabled', controlPattern(specs['CloudWatch.10']), { state: 'DISABLED' }));
    rules.push(rule(region, 'half-written', '{"source": ["aws.ec2"], "detail": {'));
    for (let i = 0; rules.length < RULES / REGIONS.length; i++) rules.push(rule(region, `app-${i}`, UNRELATED_RULES[i % UNRELATED_RULES.length](r, i)));
    return rules;
  });

  return {
    ...base,
    regions: REGIONS,
    regionData: REGIONS.map((region, r) => ({
      region,
      trailArns: { ok: true, value: trails.filter((trail) => trail.isMultiRegionTrail || trail.homeRegion === region).map((trail) => trail.arn) },
      ...(alarmRegions.includes(region) ? { alarms: { ok: true, value: alarms.filter((candidate) => candidate.region === region) } } : {}),
      eventRules: { ok: true, value: rulesByRegion[r] },
    })),
    trails,
    logGroups,
    topics: REGIONS.flatMap((region) => [
      {
        arn: topicArn(region, 'security-alerts'),
        region,
        subscriptions: {
          ok: true,
          value: [{ subscriptionArn: `${topicArn(region, 'security-alerts')}:1`, protocol: 'email', endpoint: 'security@example.com' }],
        },
        access: publishableBy(topicArn(region, 'security-alerts')),
      },
      {
        arn: topicArn(region, 'ops-pending'),
        region,
        subscriptions: { ok: true, value: [{ subscriptionArn: 'PendingConfirmation', protocol: 'email', endpoint: 'ops@example.com' }] },
        access: publishableBy(topicArn(region, 'ops-pending')),
      },
    ]),
  };
}

/** A topic policy with CreateTopic's default statement (CloudWatch alarms of the account) and the EventBridge console's statement. */
function publishableBy(arn) {
  const statements = [
    { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'SNS:Publish', Resource: arn, Condition: { StringEquals: { 'AWS:SourceOwner': ACCOUNT } } },
    { Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: arn },
  ];
  return { ok: true, value: { policy: JSON.stringify({ Version: '2008-10-17', Statement: statements }) } };
}

// The measurement --------------------------------------------------------------------------------

const snapshot = buildSnapshot();
const context = { config: DEFAULT_CONFIG };

function timed(subject) {
  const start = performance.now();
  const results = evaluateControls(subject, BUILTIN_CONTROLS, context);
  return { ms: performance.now() - start, results };
}

// The first run also fills the per-process caches (each control's outside records, the JIT); later
// runs get a fresh copy of the snapshot, as a new scan would (each evaluation builds its own lookups anyway).
const first = timed(structuredClone(snapshot));
const runs = Array.from({ length: RUNS }, () => timed(structuredClone(snapshot)).ms).sort((a, b) => a - b);
const { results } = first;

const patterns = snapshot.logGroups.flatMap((group) => group.details.value.metricFilters.value.map((filter) => filter.pattern));
const sum = (count) => snapshot.regionData.reduce((total, data) => total + count(data), 0);
const number = (value) => value.toLocaleString('en-US');
const ms = (value) => `${value.toFixed(0)} ms`;
const byStatus = (list) =>
  ['PASS', 'FAIL', 'ERROR', 'NOT_APPLICABLE']
    .map((status) => [status, list.filter((result) => result.status === status).length])
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${number(n)} ${status}`)
    .join(', ');
const REASON_SHOWN = 150;

console.log(
  [
    'monitoring-scale: evaluateControls(snapshot, BUILTIN_CONTROLS) on a large monitoring setup',
    `  account      ${snapshot.regions.length} Regions, ${snapshot.trails.length} trails (${snapshot.trails.filter((trail) => trail.isMultiRegionTrail).length} multi-Region), ${snapshot.logGroups.length} trail log groups`,
    `  filters      ${number(patterns.length)} metric filters (${number(new Set(patterns).size)} distinct patterns)`,
    `  alarms       ${number(sum((data) => data.alarms?.value.length ?? 0))} metric alarms`,
    `  rules        ${number(sum((data) => data.eventRules.value.length))} EventBridge rules`,
    `  results      ${BUILTIN_CONTROLS.length} controls → ${number(results.length)}: ${byStatus(results)}`,
    `  first run    ${ms(first.ms)} (cold process)`,
    `  ${RUNS} runs       min ${ms(runs[0])} · median ${ms(runs[Math.floor(RUNS / 2)])} · max ${ms(runs[RUNS - 1])} (fresh snapshot copy each)`,
    '  monitoring controls:',
    ...eventMonitoringControls.map(({ id }) => {
      // A pass names its chain, cut short; a failure's reason is the point, shown whole.
      const { status, reason } = results.find((result) => result.controlId === id);
      return `    ${id.padEnd(14)} ${status.padEnd(5)} ${status === 'PASS' && reason.length > REASON_SHOWN ? `${reason.slice(0, REASON_SHOWN - 1)}…` : reason}`;
    }),
    ...['CloudWatch.15', 'CloudWatch.17'].map((id) => `    ${id.padEnd(14)} ${byStatus(results.filter((result) => result.controlId === id))}`),
  ].join('\n'),
);
