import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { parseArn } from './arn.js';
import { toCollectionError } from '../aws/errors.js';

/** The scan cannot start: no usable credentials. The CLI exits with 2 and prints the message. */
export class CredentialsError extends Error {
  override name = 'CredentialsError';
}

export interface CallerIdentity {
  accountId: string;
  /** `aws`, `aws-cn`, `aws-us-gov`: the partition every ARN of the account is in. */
  partition: string;
  callerArn: string;
}

/** What the user can do about the usual ways GetCallerIdentity fails. */
const ADVICE: Record<string, string> = {
  CredentialsProviderError: 'no AWS credentials found: use --profile, set AWS_PROFILE, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
  ExpiredToken: 'the AWS session has expired: refresh your credentials',
  ExpiredTokenException: 'the AWS session has expired: refresh your credentials',
  InvalidClientTokenId: 'AWS does not recognise the access key',
  SignatureDoesNotMatch: 'AWS rejected the secret access key',
};

/** STS GetCallerIdentity: who is scanning, and which account. The one call whose failure stops the scan. */
export async function callerIdentity(sts: STSClient): Promise<CallerIdentity> {
  let answer;
  try {
    answer = await sts.send(new GetCallerIdentityCommand({}));
  } catch (error) {
    const { code, message } = toCollectionError(error, { operation: 'sts:GetCallerIdentity', region: '' });
    const advice = ADVICE[code];
    throw new CredentialsError(
      advice ? `${advice} (${code}: ${message})` : `cannot identify the AWS caller: sts:GetCallerIdentity failed with ${code}: ${message}`,
    );
  }
  const { Account: accountId, Arn: callerArn = '' } = answer;
  const arn = parseArn(callerArn);
  if (!accountId || !arn)
    throw new CredentialsError(`cannot identify the AWS caller: sts:GetCallerIdentity returned account "${accountId ?? ''}" and ARN "${callerArn}"`);
  return { accountId, partition: arn.partition, callerArn };
}
