import { Flags, type Command } from '@oclif/core';
import type { CollectOptions, OrganizationScan, ProgressEvent } from '../collect/index.js';
import { loadSnapshot, saveSnapshot, SnapshotError } from '../snapshot/io.js';
import type { TrailwardenConfig } from '../config/types.js';
import type { AccountSnapshot } from '../snapshot/types.js';
import { EXIT } from './common.js';
import { TOOL_VERSION } from './version.js';

/** Where the account comes from: AWS (credentials, Regions, endpoint) or a saved snapshot. */
export const accountFlags = {
  region: Flags.string({ char: 'r', multiple: true, delimiter: ',', description: 'Region to scan (repeatable, or comma-separated). Default: every Region enabled for the account.' }),
  profile: Flags.string({ description: 'Named profile from the shared AWS config and credentials files.', exclusive: ['snapshot'] }),
  'role-arn': Flags.string({ description: 'Assume this role before scanning (the caller\'s credentials come from the default chain or --profile).', exclusive: ['snapshot'] }),
  'endpoint-url': Flags.string({ description: 'Send every AWS call to this endpoint (also read from AWS_ENDPOINT_URL).', exclusive: ['snapshot'] }),
  snapshot: Flags.string({ description: 'Evaluate a snapshot saved with --save-snapshot instead of calling AWS.', exclusive: ['region', 'save-snapshot'] }),
  'save-snapshot': Flags.string({ description: 'Also write the collected account snapshot to this file.' }),
  quiet: Flags.boolean({ char: 'q', description: 'No progress output on stderr.' }),
};

type AccountFlagValues = {
  region?: string[] | undefined;
  profile?: string | undefined;
  'role-arn'?: string | undefined;
  'endpoint-url'?: string | undefined;
  snapshot?: string | undefined;
  'save-snapshot'?: string | undefined;
  quiet: boolean;
  /** Seconds for the whole collection (`scan --timeout`). */
  timeout?: number | undefined;
  /** Seconds for one AWS call (`scan --call-timeout`). */
  'call-timeout'?: number | undefined;
};

type OrganizationFlagValues = Omit<AccountFlagValues, 'snapshot' | 'save-snapshot'> & {
  'role-name': string;
  'account-concurrency'?: number | undefined;
};

/**
 * The collector, and the AWS SDK behind it, load only when AWS is called: a scan of a saved
 * snapshot never needs them, and loading them takes most of a second.
 */
const loadCollector = () => import('../collect/index.js');

/** Loads or collects the snapshot; every way this can fail for the user's reasons exits with 2. */
export async function obtainSnapshot(command: Command, flags: AccountFlagValues, config: TrailwardenConfig): Promise<AccountSnapshot> {
  if (flags.snapshot) {
    try {
      return loadSnapshot(flags.snapshot);
    } catch (error) {
      if (error instanceof SnapshotError) command.error(error.message, { exit: EXIT.usage });
      throw error;
    }
  }
  const { collectSnapshot, CredentialsError } = await loadCollector();
  try {
    const progress = terminalProgress(flags.quiet);
    const snapshot = await collectSnapshot({ ...collectOptions(flags, config), onProgress: progress.show });
    progress.clear();
    if (flags['save-snapshot']) saveSnapshot(flags['save-snapshot'], snapshot);
    return snapshot;
  } catch (error) {
    if (error instanceof SnapshotError || error instanceof CredentialsError) command.error(error.message, { exit: EXIT.usage });
    throw error;
  }
}

/** Collects every active account of the organization (`scan --org`); a scan that cannot start exits with 2. */
export async function obtainOrganization(command: Command, flags: OrganizationFlagValues, config: TrailwardenConfig): Promise<OrganizationScan> {
  const { collectOrganization, CredentialsError, OrganizationError } = await loadCollector();
  try {
    const progress = terminalProgress(flags.quiet);
    const organization = await collectOrganization({
      ...collectOptions(flags, config),
      roleName: flags['role-name'],
      accountConcurrency: flags['account-concurrency'],
      onProgress: progress.show,
    });
    progress.clear();
    return organization;
  } catch (error) {
    if (error instanceof CredentialsError || error instanceof OrganizationError) command.error(error.message, { exit: EXIT.usage });
    throw error;
  }
}

function collectOptions(flags: Omit<AccountFlagValues, 'snapshot' | 'save-snapshot'>, config: TrailwardenConfig): CollectOptions {
  return {
    toolVersion: TOOL_VERSION,
    regions: flags.region,
    profile: flags.profile,
    roleArn: flags['role-arn'],
    endpointUrl: flags['endpoint-url'],
    dataEventBuckets: config.dataEventBuckets,
    timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000,
    requestTimeoutMs: flags['call-timeout'] === undefined ? undefined : flags['call-timeout'] * 1000,
  };
}

/** One progress line on stderr, rewritten in place: only for a person at a terminal, and not with --quiet. */
function terminalProgress(quiet: boolean): { show?: (event: ProgressEvent) => void; clear: () => void } {
  if (quiet || !process.stderr.isTTY) return { clear: () => {} };
  return {
    show: (event) => process.stderr.write(`\r\x1b[K${event.message}`),
    clear: () => process.stderr.write('\r\x1b[K'),
  };
}
