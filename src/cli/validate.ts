import type { Command } from '@oclif/core';
import { usageError } from './common.js';

/**
 * Checks of flag values that oclif's parser cannot express. Each runs before anything is read or
 * written, so a typo costs neither a scan of the account nor a half-written file; each message
 * names the flag, the value and what would be accepted.
 */

/**
 * An AWS Region name: us-east-1, eu-central-2, us-gov-west-1, cn-northwest-1, us-isob-east-1.
 * Whether the account has the Region is for EC2 DescribeRegions to say.
 */
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** An IAM role ARN, with an optional path: arn:aws:iam::111122223333:role/ops/Auditor. */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** An IAM role name, possibly under a path (ops/Auditor); IAM's own character set. */
const ROLE_NAME = /^[\w+=,.@-]+(\/[\w+=,.@-]+)*$/;

/**
 * `--profile ''` would quietly mean the default profile, `--region us-east-1,` an empty Region:
 * an empty value is always a mistake (an unset shell variable, a stray comma).
 */
export function rejectEmptyValues(command: Command, flags: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(flags)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.some((item) => typeof item === 'string' && item.trim() === '')) {
      usageError(command, `--${name} was given an empty value (an unset shell variable, or a stray comma?)`);
    }
  }
}

/** Region names given by the user (`--region`, `--security-hub-region`, AWS_REGION). */
export function checkRegionNames(command: Command, source: string, regions: readonly string[]): void {
  for (const region of regions) {
    if (REGION_NAME.test(region)) continue;
    const lower = region.trim().toLowerCase();
    const hint = REGION_NAME.test(lower) ? ` (did you mean ${lower}?)` : '';
    usageError(command, `${source} ${JSON.stringify(region)}: not an AWS Region name, such as us-east-1 or eu-west-1${hint}`);
  }
}

/** `--endpoint-url`: the SDK would otherwise fail on the first call with "Invalid URL", or ignore the scheme. */
export function checkEndpointUrl(command: Command, value: string): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    usageError(command, `--endpoint-url ${value}: not an http:// or https:// URL (e.g. http://127.0.0.1:5000)`);
  }
}

export function checkRoleArn(command: Command, value: string): void {
  if (!ROLE_ARN.test(value)) usageError(command, `--role-arn ${value}: not an IAM role ARN; give arn:aws:iam::ACCOUNT:role/NAME`);
}

/**
 * `--shard K/N`: the K-th of N parts of the organization's accounts, K from 1 to N (an array job's
 * index is often 0-based: add 1).
 */
export function parseShard(command: Command, value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    usageError(command, `--shard ${value}: give K/N with 1 <= K <= N, e.g. --shard 1/3 for the first of three parts`);
  }
  return { index, count };
}

/** `--role-name` is joined into arn:…:role/NAME for each account, so an ARN there is the usual mistake. */
export function checkRoleName(command: Command, value: string): void {
  if (value.includes(':')) usageError(command, `--role-name ${value}: give the role's name (e.g. OrganizationAccountAccessRole), not its ARN`);
  if (!ROLE_NAME.test(value)) usageError(command, `--role-name ${value}: not an IAM role name (letters, digits and +=,.@_- only)`);
}
