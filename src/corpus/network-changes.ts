import { IDENTITIES, MANAGEMENT_CALL, requiredEventRecords, variant } from './build.js';
import type { CorpusRecord, RequiredEvents } from './types.js';

/**
 * CloudWatch.10–14: EC2/VPC network changes, all regional calls to ec2.amazonaws.com. The CIS
 * patterns test eventName only. cloudtrail-events.md §10–14.
 */
const ec2 = (eventNames: string[]): RequiredEvents => ({ eventSource: 'ec2.amazonaws.com', eventNames });

export const SECURITY_GROUP_EVENTS = ec2([
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
  'CreateSecurityGroup',
  'DeleteSecurityGroup',
]);
/** CIS 5.0.0 added ModifySecurityGroupRules (the newer call that edits rules by ID) to 4.10. */
export const SECURITY_GROUP_EVENTS_CIS_5 = ec2([...SECURITY_GROUP_EVENTS.eventNames, 'ModifySecurityGroupRules']);
export const NACL_EVENTS = ec2([
  'CreateNetworkAcl',
  'CreateNetworkAclEntry',
  'DeleteNetworkAcl',
  'DeleteNetworkAclEntry',
  'ReplaceNetworkAclEntry',
  'ReplaceNetworkAclAssociation',
]);
export const NETWORK_GATEWAY_EVENTS = ec2([
  'CreateCustomerGateway',
  'DeleteCustomerGateway',
  'AttachInternetGateway',
  'CreateInternetGateway',
  'DeleteInternetGateway',
  'DetachInternetGateway',
]);
export const ROUTE_TABLE_EVENTS = ec2([
  'CreateRoute',
  'CreateRouteTable',
  'ReplaceRoute',
  'ReplaceRouteTableAssociation',
  'DeleteRouteTable',
  'DeleteRoute',
  'DisassociateRouteTable',
]);
/** The ClassicLink names are still required by CIS although EC2-Classic is retired. */
export const VPC_EVENTS = ec2([
  'CreateVpc',
  'DeleteVpc',
  'ModifyVpcAttribute',
  'AcceptVpcPeeringConnection',
  'CreateVpcPeeringConnection',
  'DeleteVpcPeeringConnection',
  'RejectVpcPeeringConnection',
  'AttachClassicLinkVpc',
  'DetachClassicLinkVpc',
  'DisableVpcClassicLink',
  'EnableVpcClassicLink',
]);

/** V1: the template (AuthorizeSecurityGroupIngress, SSH from anywhere). */
const ec2Call = {
  eventVersion: '1.09',
  userIdentity: IDENTITIES.alice,
  eventTime: '2026-01-05T13:50:00Z',
  eventSource: 'ec2.amazonaws.com',
  eventName: 'AuthorizeSecurityGroupIngress',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '203.0.113.10',
  userAgent: 'aws-cli/2.15.0',
  requestParameters: {
    groupId: 'sg-0123456789abcdef0',
    ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] },
  },
  responseElements: { _return: true },
  readOnly: false,
  ...MANAGEMENT_CALL,
};

/** What each family's calls name; enough for the records to read like the real thing. */
const withParameters = (requestParameters: Record<string, unknown>) => () => ({ requestParameters });

export const securityGroupChanges: readonly CorpusRecord[] = requiredEventRecords('V1', ec2Call, SECURITY_GROUP_EVENTS);
export const naclChanges: readonly CorpusRecord[] = requiredEventRecords(
  'V1',
  ec2Call,
  NACL_EVENTS,
  withParameters({ networkAclId: 'acl-0123456789abcdef0', ruleNumber: 100 }),
);
export const networkGatewayChanges: readonly CorpusRecord[] = requiredEventRecords(
  'V1',
  ec2Call,
  NETWORK_GATEWAY_EVENTS,
  withParameters({ internetGatewayId: 'igw-0123456789abcdef0', vpcId: 'vpc-0123456789abcdef0' }),
);
export const routeTableChanges: readonly CorpusRecord[] = requiredEventRecords(
  'V1',
  ec2Call,
  ROUTE_TABLE_EVENTS,
  withParameters({ routeTableId: 'rtb-0123456789abcdef0', destinationCidrBlock: '0.0.0.0/0' }),
);
export const vpcChanges: readonly CorpusRecord[] = requiredEventRecords('V1', ec2Call, VPC_EVENTS, withParameters({ vpcId: 'vpc-0123456789abcdef0' }));

/** Read-only lookalikes, and changes the CIS lists leave out (worth a user-defined monitor). */
const describeSecurityGroups = variant('V1:DescribeSecurityGroups', 'EC2 DescribeSecurityGroups (read-only)', ec2Call, {
  eventName: 'DescribeSecurityGroups',
  requestParameters: { securityGroupSet: {}, filterSet: {} },
  responseElements: null,
  readOnly: true,
});
const describeRouteTables = variant('V1:DescribeRouteTables', 'EC2 DescribeRouteTables (read-only)', ec2Call, {
  eventName: 'DescribeRouteTables',
  requestParameters: { routeTableIdSet: {}, filterSet: {} },
  responseElements: null,
  readOnly: true,
});
const unlisted = (eventName: string, requestParameters: Record<string, unknown>) =>
  variant(`V1:${eventName}`, `EC2 ${eventName} (not in the CIS list)`, ec2Call, { eventName, requestParameters });

/** Outside the CIS list before 5.0.0 (a near-miss there), required from 5.0.0 on: its label says both. */
const modifySecurityGroupRules = variant('V1:ModifySecurityGroupRules', 'EC2 ModifySecurityGroupRules (in the CIS list from 5.0.0)', ec2Call, {
  eventName: 'ModifySecurityGroupRules',
  requestParameters: { ModifySecurityGroupRulesRequest: { GroupId: 'sg-0123456789abcdef0' } },
});
export const securityGroupChangesNearMisses: readonly CorpusRecord[] = [describeSecurityGroups, modifySecurityGroupRules];
/** From CIS 5.0.0 the ModifySecurityGroupRules record is required, no longer a near-miss. */
export const securityGroupChangesCis5: readonly CorpusRecord[] = [...securityGroupChanges, modifySecurityGroupRules];
export const securityGroupChangesCis5NearMisses: readonly CorpusRecord[] = [describeSecurityGroups];
export const naclChangesNearMisses: readonly CorpusRecord[] = [
  variant('V1:DescribeNetworkAcls', 'EC2 DescribeNetworkAcls (read-only)', ec2Call, {
    eventName: 'DescribeNetworkAcls',
    requestParameters: { networkAclIdSet: {} },
    responseElements: null,
    readOnly: true,
  }),
];
export const networkGatewayChangesNearMisses: readonly CorpusRecord[] = [
  unlisted('CreateNatGateway', { subnetId: 'subnet-0123456789abcdef0' }),
  unlisted('CreateTransitGateway', { CreateTransitGatewayRequest: {} }),
];
export const routeTableChangesNearMisses: readonly CorpusRecord[] = [describeRouteTables];
export const vpcChangesNearMisses: readonly CorpusRecord[] = [
  unlisted('CreateVpcEndpoint', { vpcId: 'vpc-0123456789abcdef0', serviceName: 'com.amazonaws.eu-west-1.s3' }),
  variant('V1:DescribeVpcs', 'EC2 DescribeVpcs (read-only)', ec2Call, {
    eventName: 'DescribeVpcs',
    requestParameters: { vpcSet: {} },
    responseElements: null,
    readOnly: true,
  }),
];

/** A denied security group change: the CIS patterns match failures too, which is fine. */
export const deniedSecurityGroupChange = variant('V1:AuthorizeSecurityGroupIngress/denied', 'denied AuthorizeSecurityGroupIngress', ec2Call, {
  errorCode: 'Client.UnauthorizedOperation',
  errorMessage: 'You are not authorized to perform this operation.',
  responseElements: null,
});
