/**
 * CloudTrail records from docs/reference/cloudtrail-events.md, verbatim: compact one-line JSON in
 * CloudTrail field order, exactly as CloudTrail sends them to CloudWatch Logs. Text patterns depend on
 * that serialisation, so the strings are copied, not rebuilt. (The production corpus lives elsewhere.)
 */

/** root ConsoleLogin without MFA (AWS sample) */
export const R1 = String.raw`{"eventVersion":"1.05","userIdentity":{"type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333","accessKeyId":""},"eventTime":"2022-11-10T16:24:34Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.0","requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home","MobileVersion":"No","MFAUsed":"No"},"eventType":"AwsConsoleSignIn","recipientAccountId":"111122223333"}`;

/** root ConsoleLogin with MFA, "MFAUsed":"YES" in upper case as in AWS's sample */
export const R2 = String.raw`{"eventVersion":"1.05","userIdentity":{"type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333","accessKeyId":""},"eventTime":"2022-11-10T16:24:34Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.0","requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home","MobileVersion":"No","MFAIdentifier":"arn:aws:iam::111122223333:mfa/root-account-mfa-device","MFAUsed":"YES"},"eventType":"AwsConsoleSignIn","recipientAccountId":"111122223333"}`;

/** root API call, IAM EnableMFADevice (AWS sample) */
export const R3 = String.raw`{"eventVersion":"1.09","userIdentity":{"type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333","accessKeyId":"ASIAEXAMPLEROOT","sessionContext":{"attributes":{"mfaAuthenticated":"false","creationDate":"2020-10-13T21:05:40Z"}}},"eventTime":"2022-11-10T16:24:34Z","eventSource":"iam.amazonaws.com","eventName":"EnableMFADevice","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.0","userAgent":"Coral/Netty4","requestParameters":{"userName":"AWS ROOT USER","serialNumber":"arn:aws:iam::111122223333:mfa/root-account-mfa-device"},"responseElements":null,"readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`;

/** root read-only EC2 DescribeRegions with the CLI */
export const R4 = String.raw`{"eventVersion":"1.09","userIdentity":{"type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333","accessKeyId":"AKIAEXAMPLEROOT"},"eventTime":"2026-01-05T10:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"DescribeRegions","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.7","userAgent":"aws-cli/2.15.0","requestParameters":{"regionSet":{}},"responseElements":null,"readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`;

/** AWS service event (KMS RotateKey): no userIdentity.type (AWS sample) */
export const N1 = String.raw`{"eventVersion":"1.05","userIdentity":{"accountId":"111122223333","invokedBy":"AWS Internal"},"eventTime":"2019-06-02T00:06:08Z","eventSource":"kms.amazonaws.com","eventName":"RotateKey","awsRegion":"us-east-2","sourceIPAddress":"AWS Internal","userAgent":"AWS Internal","requestParameters":null,"responseElements":null,"readOnly":false,"resources":[{"ARN":"arn:aws:kms:us-east-2:111122223333:key/7944f0ec-EXAMPLE","accountId":"111122223333","type":"AWS::KMS::Key"}],"eventType":"AwsServiceEvent","recipientAccountId":"111122223333","serviceEventDetails":{"keyId":"7944f0ec-EXAMPLE"}}`;

/** root-credential call made by CloudFormation on root's behalf (invokedBy set) */
export const N2 = String.raw`{"eventVersion":"1.09","userIdentity":{"type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333","invokedBy":"cloudformation.amazonaws.com"},"eventTime":"2026-01-05T10:05:00Z","eventSource":"ec2.amazonaws.com","eventName":"CreateSecurityGroup","awsRegion":"eu-west-1","sourceIPAddress":"cloudformation.amazonaws.com","userAgent":"cloudformation.amazonaws.com","requestParameters":{"groupName":"web","groupDescription":"web"},"responseElements":{"groupId":"sg-0123456789abcdef0"},"readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`;

/** EC2 RunInstances denied: Client.UnauthorizedOperation */
export const U1 = String.raw`{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEALICE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},"eventTime":"2026-01-05T11:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.10","userAgent":"aws-cli/2.15.0","errorCode":"Client.UnauthorizedOperation","errorMessage":"You are not authorized to perform this operation.","requestParameters":{"instanceType":"t3.micro"},"responseElements":null,"readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`;

/** IAM ListUsers denied: AccessDenied */
export const U2 = String.raw`{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:bob","arn":"arn:aws:sts::111122223333:assumed-role/dev/bob","accountId":"111122223333","sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::111122223333:role/dev","userName":"dev"},"attributes":{"mfaAuthenticated":"false","creationDate":"2026-01-05T11:00:00Z"}}},"eventTime":"2026-01-05T11:01:00Z","eventSource":"iam.amazonaws.com","eventName":"ListUsers","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.11","userAgent":"aws-cli/2.15.0","errorCode":"AccessDenied","errorMessage":"User: arn:aws:sts::111122223333:assumed-role/dev/bob is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::111122223333:user/ because no identity-based policy allows the iam:ListUsers action","requestParameters":null,"responseElements":null,"readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`;

/** KMS DisableKey denied: AccessDeniedException */
export const U3 = String.raw`{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEALICE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},"eventTime":"2026-01-05T11:02:00Z","eventSource":"kms.amazonaws.com","eventName":"DisableKey","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.10","userAgent":"aws-cli/2.15.0","errorCode":"AccessDeniedException","errorMessage":"User: arn:aws:iam::111122223333:user/alice is not authorized to perform: kms:DisableKey on resource: arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab","requestParameters":{"keyId":"1234abcd-12ab-34cd-56ef-1234567890ab"},"responseElements":null,"readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`;

/** UpdateTrail failing with TrailNotFoundException, not an authorization error (AWS sample) */
export const U4 = String.raw`{"eventVersion":"1.04","userIdentity":{"type":"IAMUser","principalId":"EX_PRINCIPAL_ID","arn":"arn:aws:iam::123456789012:user/Alice","accountId":"123456789012","accessKeyId":"EXAMPLE_KEY_ID","userName":"Alice"},"eventTime":"2016-07-14T19:15:45Z","eventSource":"cloudtrail.amazonaws.com","eventName":"UpdateTrail","awsRegion":"us-east-2","sourceIPAddress":"205.251.233.182","userAgent":"aws-cli/1.10.32 Python/2.7.9 Windows/7 botocore/1.4.22","errorCode":"TrailNotFoundException","errorMessage":"Unknown trail: myTrail2 for the user: 123456789012","requestParameters":{"name":"myTrail2"},"responseElements":null,"eventType":"AwsApiCall","recipientAccountId":"123456789012"}`;

/** successful DescribeInstances: no errorCode key */
export const U5 = String.raw`{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEALICE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},"eventTime":"2026-01-05T11:03:00Z","eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.10","userAgent":"aws-cli/2.15.0","requestParameters":{"instancesSet":{},"filterSet":{}},"responseElements":null,"readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`;

/** AccessDenied on S3 HeadBucket */
export const U6 = String.raw`{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEALICE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},"eventTime":"2026-01-05T11:04:00Z","eventSource":"s3.amazonaws.com","eventName":"HeadBucket","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.10","userAgent":"aws-cli/2.15.0","errorCode":"AccessDenied","errorMessage":"Access Denied","requestParameters":{"bucketName":"example-bucket","Host":"example-bucket.s3.eu-west-1.amazonaws.com"},"responseElements":null,"readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`;

/** AccessDenied from delivery.logs.amazonaws.com */
export const U7 = String.raw`{"eventVersion":"1.09","userIdentity":{"type":"AWSService","invokedBy":"delivery.logs.amazonaws.com"},"eventTime":"2026-01-05T11:05:00Z","eventSource":"s3.amazonaws.com","eventName":"GetBucketAcl","awsRegion":"eu-west-1","sourceIPAddress":"delivery.logs.amazonaws.com","userAgent":"delivery.logs.amazonaws.com","errorCode":"AccessDenied","errorMessage":"Access Denied","requestParameters":{"bucketName":"example-logs","acl":""},"responseElements":null,"readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`;

/** IAM user ConsoleLogin, success, MFAUsed "No" (AWS sample) */
export const M1 = String.raw`{"eventVersion":"1.05","userIdentity":{"type":"IAMUser","principalId":"AIDACKCEVSQ6C2EXAMPLE","arn":"arn:aws:iam::111122223333:user/anaya","accountId":"111122223333","userName":"anaya"},"eventTime":"2022-11-10T16:24:34Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-2","sourceIPAddress":"192.0.2.0","requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MobileVersion":"No","LoginTo":"https://console.aws.amazon.com/sns","MFAUsed":"No"},"eventType":"AwsConsoleSignIn"}`;

/** IAM user ConsoleLogin, success, MFAUsed "Yes" (AWS sample) */
export const M2 = String.raw`{"eventVersion":"1.05","userIdentity":{"type":"IAMUser","principalId":"AIDACKCEVSQ6C2EXAMPLE","arn":"arn:aws:iam::111122223333:user/anaya","accountId":"111122223333","userName":"anaya"},"eventTime":"2022-11-10T16:24:34Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.0","requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home","MobileVersion":"No","MFAIdentifier":"arn:aws:iam::111122223333:u2f/user/anaya/default-AAAAAAAABBBBBBBBCCCCCCCCDD","MFAUsed":"Yes"},"eventType":"AwsConsoleSignIn","recipientAccountId":"111122223333"}`;

/** federated (SSO) ConsoleLogin reporting MFAUsed "No" */
export const M3 = String.raw`{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:user@example.com","arn":"arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_PowerUser_0123456789abcdef/user@example.com","accountId":"111122223333","sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_PowerUser_0123456789abcdef","userName":"AWSReservedSSO_PowerUser_0123456789abcdef"}}},"eventTime":"2026-01-05T12:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.20","requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MobileVersion":"No","MFAUsed":"No"},"eventType":"AwsConsoleSignIn","recipientAccountId":"111122223333"}`;

/** ConsoleLogin without additionalEventData.MFAUsed (synthetic) */
export const M4 = String.raw`{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEALICE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},"eventTime":"2026-01-05T12:01:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.21","requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MobileVersion":"No"},"eventType":"AwsConsoleSignIn","recipientAccountId":"111122223333"}`;

/** IAM user failed ConsoleLogin: "Failed authentication" (AWS sample) */
export const F1 = String.raw`{"eventVersion":"1.05","userIdentity":{"type":"IAMUser","principalId":"AIDACKCEVSQ6C2EXAMPLE","arn":"arn:aws:iam::111122223333:user/JaneDoe","accountId":"111122223333","userName":"JaneDoe"},"eventTime":"2014-07-08T17:35:27Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-2","sourceIPAddress":"192.0.2.100","errorMessage":"Failed authentication","requestParameters":null,"responseElements":{"ConsoleLogin":"Failure"},"additionalEventData":{"MobileVersion":"No","LoginTo":"https://console.aws.amazon.com/sns","MFAUsed":"No"}}`;

/** failed ConsoleLogin: "No username found in supplied account" (AWS sample) */
export const F2 = String.raw`{"eventVersion":"1.05","userIdentity":{"type":"IAMUser","accountId":"123456789012","accessKeyId":"","userName":"HIDDEN_DUE_TO_SECURITY_REASONS"},"eventTime":"2015-03-31T22:20:42Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-2","sourceIPAddress":"192.0.2.101","errorMessage":"No username found in supplied account","requestParameters":null,"responseElements":{"ConsoleLogin":"Failure"},"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home","MobileVersion":"No","MFAUsed":"No"},"eventType":"AwsConsoleSignin","recipientAccountId":"123456789012"}`;

/** IAM PutRolePolicy; template for the IAM policy events */
export const P1 = String.raw`{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEALICE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},"eventTime":"2026-01-05T13:00:00Z","eventSource":"iam.amazonaws.com","eventName":"PutRolePolicy","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.10","userAgent":"aws-cli/2.15.0","requestParameters":{"roleName":"app","policyName":"inline","policyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"},"responseElements":null,"readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`;

/** CloudTrail StopLogging */
export const T1 = String.raw`{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:ops","arn":"arn:aws:sts::111122223333:assumed-role/ops/ops","accountId":"111122223333","sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::111122223333:role/ops","userName":"ops"}}},"eventTime":"2026-01-05T13:10:00Z","eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.30","userAgent":"aws-cli/2.15.0","requestParameters":{"name":"arn:aws:cloudtrail:eu-west-1:111122223333:trail/main"},"responseElements":null,"readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`;

/** KMS DisableKey, with a resources array */
export const K1 = String.raw`{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEALICE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},"eventTime":"2026-01-05T13:20:00Z","eventSource":"kms.amazonaws.com","eventName":"DisableKey","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.10","userAgent":"aws-cli/2.15.0","requestParameters":{"keyId":"1234abcd-12ab-34cd-56ef-1234567890ab"},"responseElements":null,"readOnly":false,"resources":[{"accountId":"111122223333","type":"AWS::KMS::Key","ARN":"arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}],"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`;

/** S3 PutBucketPolicy */
export const S1 = String.raw`{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEALICE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},"eventTime":"2026-01-05T13:30:00Z","eventSource":"s3.amazonaws.com","eventName":"PutBucketPolicy","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.10","userAgent":"[aws-cli/2.15.0]","requestParameters":{"bucketName":"example-bucket","Host":"example-bucket.s3.eu-west-1.amazonaws.com","bucketPolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::example-bucket/*"}]},"policy":""},"responseElements":null,"additionalEventData":{"SignatureVersion":"SigV4","AuthenticationMethod":"AuthHeader"},"readOnly":false,"resources":[{"accountId":"111122223333","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::example-bucket"}],"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`;

/** Config StopConfigurationRecorder */
export const C1 = String.raw`{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEALICE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},"eventTime":"2026-01-05T13:40:00Z","eventSource":"config.amazonaws.com","eventName":"StopConfigurationRecorder","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.10","userAgent":"aws-cli/2.15.0","requestParameters":{"configurationRecorderName":"default"},"responseElements":null,"readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`;

/** EC2 AuthorizeSecurityGroupIngress; template for network changes */
export const V1 = String.raw`{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEALICE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},"eventTime":"2026-01-05T13:50:00Z","eventSource":"ec2.amazonaws.com","eventName":"AuthorizeSecurityGroupIngress","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.10","userAgent":"aws-cli/2.15.0","requestParameters":{"groupId":"sg-0123456789abcdef0","ipPermissions":{"items":[{"ipProtocol":"tcp","fromPort":22,"toPort":22,"ipRanges":{"items":[{"cidrIp":"0.0.0.0/0"}]}}]}},"responseElements":{"_return":true},"readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`;

/** Organizations AttachPolicy */
export const O1 = String.raw`{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:admin","arn":"arn:aws:sts::111122223333:assumed-role/OrgAdmin/admin","accountId":"111122223333","sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::111122223333:role/OrgAdmin","userName":"OrgAdmin"}}},"eventTime":"2026-01-05T14:00:00Z","eventSource":"organizations.amazonaws.com","eventName":"AttachPolicy","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.40","userAgent":"aws-cli/2.15.0","requestParameters":{"policyId":"p-examplepolicyid","targetId":"ou-exam-pleouid1"},"responseElements":null,"readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`;

/**
 * A record with some top-level fields replaced (or removed with `undefined`); key order is kept, new
 * keys go last. For the reference's templates ("P1 with eventName X") and synthetic near-misses.
 */
export function variant(record: string, changes: Record<string, unknown>): string {
  const event = JSON.parse(record) as Record<string, unknown>;
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete event[key];
    else event[key] = value;
  }
  return JSON.stringify(event);
}

/** The IAM policy-change event `eventName`, on the P1 template. */
export function iamEvent(eventName: string): string {
  return variant(P1, { eventName });
}

/** F3: root failed sign-in, as R1 with a failure [D15 "Root user, unsuccessful sign-in"]. */
export const F3 = variant(R1, { errorMessage: 'Failed authentication', responseElements: { ConsoleLogin: 'Failure' } });

/** K2: as K1, ScheduleKeyDeletion. */
export const K2 = variant(K1, {
  eventName: 'ScheduleKeyDeletion',
  requestParameters: { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', pendingWindowInDays: 7 },
  responseElements: { keyId: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', deletionDate: 'Jan 12, 2026, 12:00:00 AM' },
});
