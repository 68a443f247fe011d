import { describe, expect, it } from 'vitest';
import { evaluatePolicy, parsePolicy, type Decision, type PolicyRequest } from '../../src/policy/index.js';

/**
 * Each case is a topic or key policy and the decision for one request, in the style of ESLint's
 * rule tests: `valid` policies allow the request, `invalid` ones deny it (explicitly or by default)
 * or cannot be decided.
 */
const ACCOUNT = '111122223333';
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`;
const ALARM = `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:root-usage`;
const RULE = `arn:aws:events:us-east-1:${ACCOUNT}:rule/sg-changes`;

/** CloudWatch publishing an alarm: it names the alarm and its account, and `AWS:SourceOwner` is the account. */
const alarmPublish: PolicyRequest = {
  principal: { kind: 'service', service: 'cloudwatch.amazonaws.com' },
  action: 'sns:Publish',
  resource: TOPIC,
  context: { 'aws:sourcearn': ALARM, 'aws:sourceaccount': ACCOUNT, 'aws:sourceowner': ACCOUNT },
};
/** EventBridge publishing a rule's event: no `AWS:SourceOwner`. */
const rulePublish: PolicyRequest = {
  principal: { kind: 'service', service: 'events.amazonaws.com' },
  action: 'sns:Publish',
  resource: TOPIC,
  context: { 'aws:sourcearn': RULE, 'aws:sourceaccount': ACCOUNT, 'aws:sourceowner': null },
};

const DEFAULT_STATEMENT = {
  Sid: '__default_statement_ID',
  Effect: 'Allow',
  Principal: { AWS: '*' },
  Action: [
    'SNS:GetTopicAttributes',
    'SNS:SetTopicAttributes',
    'SNS:AddPermission',
    'SNS:RemovePermission',
    'SNS:DeleteTopic',
    'SNS:Subscribe',
    'SNS:ListSubscriptionsByTopic',
    'SNS:Publish',
  ],
  Resource: TOPIC,
  Condition: { StringEquals: { 'AWS:SourceOwner': ACCOUNT } },
};
const publishBy = (service: string, extra: Record<string, unknown> = {}) => ({
  Sid: 'Publish',
  Effect: 'Allow',
  Principal: { Service: service },
  Action: 'sns:Publish',
  Resource: TOPIC,
  ...extra,
});

interface Case {
  name: string;
  statements: unknown[];
  request: PolicyRequest;
  expected?: Partial<Decision> & { why?: unknown };
}

const valid: Case[] = [
  { name: 'the default policy lets CloudWatch alarms of the account publish (AWS:SourceOwner)', statements: [DEFAULT_STATEMENT], request: alarmPublish },
  { name: 'a Service statement for events.amazonaws.com', statements: [DEFAULT_STATEMENT, publishBy('events.amazonaws.com')], request: rulePublish },
  {
    name: 'a list of services, names in any case',
    statements: [publishBy('x', { Principal: { Service: ['EVENTS.amazonaws.com', 'cloudwatch.amazonaws.com'] } })],
    request: rulePublish,
  },
  {
    name: 'Principal "*" with aws:SourceAccount',
    statements: [publishBy('', { Principal: '*', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } })],
    request: rulePublish,
  },
  {
    name: 'ArnLike aws:SourceArn with wildcards in the resource part',
    statements: [publishBy('events.amazonaws.com', { Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:events:*:${ACCOUNT}:rule/sg-*` } } })],
    request: rulePublish,
  },
  {
    name: 'ArnEquals is matched part by part',
    statements: [publishBy('events.amazonaws.com', { Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:events:us-east-?:${ACCOUNT}:rule/*` } } })],
    request: rulePublish,
  },
  {
    name: 'StringLike on the account, key name in any case',
    statements: [publishBy('events.amazonaws.com', { Condition: { StringLike: { 'AWS:SOURCEACCOUNT': '1111*' } } })],
    request: rulePublish,
  },
  { name: 'action wildcards, case-insensitive', statements: [publishBy('events.amazonaws.com', { Action: 'SNS:Pub*' })], request: rulePublish },
  { name: 'Action "*" and Resource "*"', statements: [publishBy('events.amazonaws.com', { Action: '*', Resource: '*' })], request: rulePublish },
  {
    name: 'NotAction that does not list Publish',
    statements: [publishBy('events.amazonaws.com', { Action: undefined, NotAction: 'sns:DeleteTopic' })],
    request: rulePublish,
  },
  {
    name: 'NotResource that names another topic',
    statements: [publishBy('events.amazonaws.com', { Resource: undefined, NotResource: `${TOPIC}-other` })],
    request: rulePublish,
  },
  {
    name: 'a Deny that names another service',
    statements: [
      publishBy('events.amazonaws.com'),
      { Sid: 'NoS3', Effect: 'Deny', Principal: { Service: 's3.amazonaws.com' }, Action: 'sns:Publish', Resource: TOPIC },
    ],
    request: rulePublish,
  },
  {
    name: 'StringNotEquals on an absent key holds',
    statements: [publishBy('events.amazonaws.com', { Condition: { StringNotEquals: { 'aws:SourceOwner': '999988887777' } } })],
    request: rulePublish,
  },
  {
    name: 'an IfExists operator on an absent key holds',
    statements: [publishBy('events.amazonaws.com', { Condition: { StringEqualsIfExists: { 'aws:SourceOwner': ACCOUNT } } })],
    request: rulePublish,
  },
  {
    name: 'Null "true" on an absent key',
    statements: [publishBy('events.amazonaws.com', { Condition: { Null: { 'aws:SourceOwner': 'true' } } })],
    request: rulePublish,
  },
  {
    name: 'ForAnyValue:StringEquals with one matching value',
    statements: [publishBy('events.amazonaws.com', { Condition: { 'ForAnyValue:StringEquals': { 'aws:SourceAccount': ['1', ACCOUNT] } } })],
    request: rulePublish,
  },
  {
    name: 'a false condition wins over an unknown one',
    statements: [
      publishBy('events.amazonaws.com'),
      {
        Sid: 'DenyOthers',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sns:Publish',
        Resource: TOPIC,
        Condition: { StringNotEquals: { 'aws:SourceAccount': ACCOUNT }, Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
    request: rulePublish,
  },
  {
    name: 'an identity policy (no Principal) for the role EventBridge assumes',
    statements: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: `arn:aws:sns:*:${ACCOUNT}:*` }],
    request: { principal: { kind: 'aws', arn: `arn:aws:iam::${ACCOUNT}:role/eb`, accountId: ACCOUNT }, action: 'sns:Publish', resource: TOPIC, context: {} },
  },
  {
    name: "the account root names the account's roles",
    statements: [publishBy('', { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } })],
    request: { principal: { kind: 'aws', arn: `arn:aws:iam::${ACCOUNT}:role/eb`, accountId: ACCOUNT }, action: 'sns:Publish', resource: TOPIC, context: {} },
  },
  {
    name: 'read exactly (a KMS key policy), a statement naming the role itself still names it',
    statements: [publishBy('', { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/eb` } })],
    request: {
      principal: { kind: 'aws', arn: `arn:aws:iam::${ACCOUNT}:role/eb`, accountId: ACCOUNT, exactly: true },
      action: 'sns:Publish',
      resource: TOPIC,
      context: {},
    },
  },
  {
    name: 'a key policy granting kms:GenerateDataKey* to CloudWatch',
    statements: [
      { Sid: 'CW', Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*' },
    ],
    request: {
      principal: { kind: 'service', service: 'cloudwatch.amazonaws.com' },
      action: 'kms:GenerateDataKey',
      resource: 'arn:aws:kms:us-east-1:111122223333:key/k',
      context: {},
    },
  },
  {
    name: 'a Deny of insecure transport does not apply to a request over TLS (Bool, case-insensitive)',
    statements: [
      publishBy('events.amazonaws.com'),
      { Sid: 'TLS', Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: TOPIC, Condition: { Bool: { 'aws:SecureTransport': 'FALSE' } } },
    ],
    request: { ...rulePublish, context: { ...rulePublish.context, 'aws:securetransport': 'true' } },
  },
];

const invalid: Case[] = [
  {
    name: 'a Deny of insecure transport applies to a request without TLS (Bool)',
    statements: [
      publishBy('events.amazonaws.com'),
      { Sid: 'TLS', Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: TOPIC, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ],
    request: { ...rulePublish, context: { ...rulePublish.context, 'aws:securetransport': 'false' } },
    expected: { kind: 'explicit-deny', statement: 'TLS' },
  },
  {
    name: 'read exactly (a KMS key policy), the account root delegates to IAM policies rather than naming the role',
    statements: [publishBy('', { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } })],
    request: {
      principal: { kind: 'aws', arn: `arn:aws:iam::${ACCOUNT}:role/eb`, accountId: ACCOUNT, exactly: true },
      action: 'sns:Publish',
      resource: TOPIC,
      context: {},
    },
    expected: { kind: 'implicit-deny' },
  },
  {
    name: 'the default policy does not let EventBridge publish (no AWS:SourceOwner)',
    statements: [DEFAULT_STATEMENT],
    request: rulePublish,
    expected: { kind: 'implicit-deny' },
  },
  {
    name: 'a replaced policy that names only another service',
    statements: [publishBy('s3.amazonaws.com')],
    request: alarmPublish,
    expected: { kind: 'implicit-deny' },
  },
  {
    name: 'an account principal does not name a service',
    statements: [publishBy('', { Principal: { AWS: ACCOUNT } })],
    request: alarmPublish,
    expected: { kind: 'implicit-deny' },
  },
  {
    name: 'aws:SourceArn of another rule',
    statements: [publishBy('events.amazonaws.com', { Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:events:us-east-1:${ACCOUNT}:rule/other` } } })],
    request: rulePublish,
    expected: { kind: 'implicit-deny' },
  },
  {
    name: 'StringEquals is case-sensitive',
    statements: [publishBy('events.amazonaws.com', { Condition: { StringEquals: { 'aws:SourceArn': RULE.toUpperCase() } } })],
    request: rulePublish,
    expected: { kind: 'implicit-deny' },
  },
  {
    name: 'another topic',
    statements: [publishBy('events.amazonaws.com', { Resource: `${TOPIC}-other` })],
    request: rulePublish,
    expected: { kind: 'implicit-deny' },
  },
  {
    name: 'another action',
    statements: [publishBy('events.amazonaws.com', { Action: 'sns:Subscribe' })],
    request: rulePublish,
    expected: { kind: 'implicit-deny' },
  },
  {
    name: 'NotAction listing Publish',
    statements: [publishBy('events.amazonaws.com', { Action: undefined, NotAction: 'sns:P*' })],
    request: rulePublish,
    expected: { kind: 'implicit-deny' },
  },
  {
    name: 'an explicit Deny wins over the Allow',
    statements: [
      publishBy('events.amazonaws.com'),
      { Sid: 'NoEvents', Effect: 'Deny', Principal: '*', Action: 'sns:*', Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } },
    ],
    request: rulePublish,
    expected: { kind: 'explicit-deny', statement: 'NoEvents' },
  },
  {
    name: 'NotPrincipal in a Deny that leaves out only other services',
    statements: [
      publishBy('events.amazonaws.com'),
      { Sid: 'OnlyCW', Effect: 'Deny', NotPrincipal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: TOPIC },
    ],
    request: rulePublish,
    expected: { kind: 'explicit-deny', statement: 'OnlyCW' },
  },
  {
    name: 'ForAnyValue on an absent key does not hold',
    statements: [publishBy('events.amazonaws.com', { Condition: { 'ForAnyValue:StringEquals': { 'aws:SourceOwner': ACCOUNT } } })],
    request: rulePublish,
    expected: { kind: 'implicit-deny' },
  },
  {
    name: 'Null "false" on an absent key',
    statements: [publishBy('events.amazonaws.com', { Condition: { Null: { 'aws:SourceOwner': 'false' } } })],
    request: rulePublish,
    expected: { kind: 'implicit-deny' },
  },
  {
    name: 'a condition on a key whose value is not known is uncertain, naming statement and condition',
    statements: [publishBy('events.amazonaws.com', { Sid: 'OrgOnly', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } })],
    request: rulePublish,
    expected: { kind: 'uncertain', statement: 'OrgOnly', why: expect.stringContaining('StringEquals aws:PrincipalOrgID') },
  },
  {
    name: 'an operator trailwarden does not decide is uncertain',
    statements: [publishBy('events.amazonaws.com', { Condition: { DateGreaterThan: { 'aws:SourceAccount': '2020-01-01' } } })],
    request: rulePublish,
    expected: { kind: 'uncertain', why: expect.stringContaining('DateGreaterThan') },
  },
  {
    name: 'an uncertain Deny makes a certain Allow uncertain',
    statements: [
      publishBy('events.amazonaws.com'),
      { Sid: 'TLS', Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: TOPIC, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ],
    request: rulePublish,
    expected: { kind: 'uncertain', statement: 'TLS' },
  },
  {
    name: 'a policy variable leaves the condition uncertain',
    statements: [publishBy('events.amazonaws.com', { Condition: { StringEquals: { 'aws:SourceAccount': '${aws:PrincipalAccount}' } } })],
    request: rulePublish,
    expected: { kind: 'uncertain' },
  },
  {
    name: 'an uncertain Deny without any Allow is still the default deny',
    statements: [
      { Sid: 'TLS', Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: TOPIC, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ],
    request: rulePublish,
    expected: { kind: 'implicit-deny' },
  },
  {
    name: 'a statement without Principal does not apply in a resource policy',
    statements: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: TOPIC }],
    request: rulePublish,
    expected: { kind: 'implicit-deny' },
  },
];

function decide({ statements, request }: Case, kind: 'identity' | 'resource'): Decision {
  // `undefined` members stand for "left out" in the cases above.
  const parsed = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
  if (!parsed.ok) throw new Error(parsed.why);
  return evaluatePolicy(parsed.policy, kind, request);
}

const kindOf = (c: Case): 'identity' | 'resource' =>
  c.request.principal.kind === 'aws' && !JSON.stringify(c.statements).includes('Principal') ? 'identity' : 'resource';

describe('policy evaluation', () => {
  it.each(valid)('allows: $name', (c) => {
    expect(decide(c, kindOf(c))).toEqual(c.expected ? expect.objectContaining(c.expected) : expect.objectContaining({ kind: 'allow' }));
  });
  it.each(invalid)('does not allow: $name', (c) => {
    expect(decide(c, kindOf(c))).toEqual(expect.objectContaining(c.expected));
  });
});

describe('policy text', () => {
  const unreadable: [string, string, RegExp][] = [
    ['not JSON', '{', /not JSON/],
    ['no Statement', '{"Version":"2012-10-17"}', /no Statement/],
    ['an unknown Effect', '{"Statement":{"Effect":"Maybe","Action":"*"}}', /neither Allow nor Deny/],
    ['both Action and NotAction', '{"Statement":{"Effect":"Allow","Action":"*","NotAction":"*"}}', /both Action and NotAction/],
    ['neither Action nor NotAction', '{"Statement":{"Effect":"Allow"}}', /neither Action nor NotAction/],
    [
      'a Principal that is neither "*" nor an object',
      '{"Statement":{"Effect":"Allow","Action":"*","Principal":"events.amazonaws.com"}}',
      /Principal is neither/,
    ],
    ['a condition value that is an object', '{"Statement":{"Effect":"Allow","Action":"*","Condition":{"StringEquals":{"k":{"a":1}}}}}', /not a string/],
  ];
  it.each(unreadable)('refuses %s', (_name, text, why) => {
    const parsed = parsePolicy(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.why).toMatch(why);
  });

  it('reads a single statement object, numbers and booleans in conditions, and names statements without Sid by position', () => {
    const parsed = parsePolicy(
      '{"Statement":{"Effect":"Deny","Action":"sns:Publish","Principal":"*","Condition":{"NumericLessThan":{"k":5},"Bool":{"b":true}}}}',
    );
    expect(parsed).toEqual({
      ok: true,
      policy: { statements: [expect.objectContaining({ label: 'statement 1', condition: { NumericLessThan: { k: ['5'] }, Bool: { b: ['true'] } } })] },
    });
  });
});
